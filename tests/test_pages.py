"""bot_core._pages.small_pages: numpy's huge-page request is off inside a decorated call, restored after."""

import pytest

from bot_core import _pages, panel

pytestmark = pytest.mark.skipif(_pages._set_madvise_hugepage is None, reason="this numpy has no huge-page switch")


@pytest.fixture(autouse=True)
def _restore():
    before = _current()
    yield
    _pages._set_madvise_hugepage(before)


def _current() -> bool:
    before = _pages._set_madvise_hugepage(False)  # returns the previous setting
    _pages._set_madvise_hugepage(before)
    return before


def test_off_inside_and_restored_after(monkeypatch):
    monkeypatch.delenv(_pages.NUMPY_ENV, raising=False)
    for setting in (True, False):
        _pages._set_madvise_hugepage(setting)
        seen = _pages.small_pages(_current)()
        assert seen is False and _current() is setting


def test_restored_after_an_error(monkeypatch):
    monkeypatch.delenv(_pages.NUMPY_ENV, raising=False)
    _pages._set_madvise_hugepage(True)

    @_pages.small_pages
    def fails():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fails()
    assert _current() is True


def test_numpys_own_switch_decides_when_set(monkeypatch):
    monkeypatch.setenv(_pages.NUMPY_ENV, "1")
    _pages._set_madvise_hugepage(True)
    assert _pages.small_pages(_current)() is True


def test_the_panel_builders_and_verbs_keep_their_names_and_docstrings():
    for f in (panel.dyad_years, panel.state_years, panel.add_alliances, panel.add_gdp):
        assert f.__module__.startswith("bot_core.") and f.__doc__ and f.__wrapped__.__doc__ == f.__doc__
