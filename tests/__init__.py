"""The tests, laid out like the package (issue 17).

``tests/test_<module>.py`` tests ``bot_core/<module>.py``; ``tests/charts/``, ``tests/datasets/``
and ``tests/panel/`` test the subpackages of the same names, a file per module or verb family
(``tests/charts/chart_helpers.py`` holds what the chart tests share). ``tests/book/`` holds the
tests of the book itself: every chapter re-executed against its stored outputs (``test_notebooks``,
with ``notebook_compare``), the exercises, palette, figure data, README, metadata, PDF and offline
pages. ``tests/built_book/`` (marker ``site``) and ``tests/environments/`` (marker ``env``) are the
slow suites, deselected unless asked for (``conftest.py``). Every folder is a package, so test
files may share a name across folders and import their helpers relatively.
"""
