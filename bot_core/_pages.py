"""Large arrays in ordinary memory pages while ``bot_core`` builds a panel.

numpy asks the kernel for *transparent huge pages* (2 MiB) for every array of 4 MiB or more
(``madvise(MADV_HUGEPAGE)``). Where the kernel's huge-page ``defrag`` setting is ``madvise`` (a
common default), each such request can make the kernel compact memory on the spot: measured on
the book's 2-core machine, building the four-source dyad-year panel spent 0.4 s of system time
in those page faults, four times the arithmetic. The panels' arrays are written once, front to
back, and read in long sweeps, so huge pages buy them little.

:func:`small_pages` turns numpy's request off while the decorated function runs and restores the
previous setting afterwards, so code outside ``bot_core`` is unaffected. A user who has set
``NUMPY_MADVISE_HUGEPAGE`` (numpy's own switch) keeps that choice. Not thread-safe: two threads
running decorated functions at once may leave the setting off; that changes speed, never results.
"""

from __future__ import annotations

import functools
import os

try:  # numpy >= 2 keeps it in _core, numpy 1.x in core; absent: nothing to switch
    from numpy._core.multiarray import _set_madvise_hugepage
except ImportError:  # pragma: no cover - depends on the numpy version
    try:
        from numpy.core.multiarray import _set_madvise_hugepage
    except ImportError:
        _set_madvise_hugepage = None

#: numpy's environment variable: when set, its value decides and bot_core does not touch it.
NUMPY_ENV = "NUMPY_MADVISE_HUGEPAGE"


def small_pages(func):
    """Run ``func`` with numpy's huge-page request off (see the module docstring)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if _set_madvise_hugepage is None or NUMPY_ENV in os.environ:
            return func(*args, **kwargs)
        before = _set_madvise_hugepage(False)
        try:
            return func(*args, **kwargs)
        finally:
            _set_madvise_hugepage(before)

    return wrapper
