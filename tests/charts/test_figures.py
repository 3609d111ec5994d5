"""The index of figures (bot_core.charts.figures) against the chapters' code: every chart builder a
chapter calls is listed under it, every listed builder is called there and exists."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from bot_core import charts
from bot_core.charts import figures

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.ipynb"))


def called_builders(path: Path) -> set[str]:
    """The chart builders a chapter's code calls: ``charts.name(...)`` (tables and statistics
    left out) and, through :mod:`bot_core.explorer`, what its functions draw with."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    direct = set(re.findall(r"\bcharts\.(\w+)\s*\(", code)) - set(figures.TABLES)
    via = {b for name, builders in figures.VIA_EXPLORER.items() if re.search(rf"\bexplorer\.{name}\s*\(", code)
           for b in builders}
    return direct | via


def test_the_chapters_are_found():
    assert len(CHAPTERS) >= 20


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_builder_a_chapter_calls_is_indexed(path):
    called = called_builders(path)
    listed = set(figures.FIGURES.get(path.stem, ()))
    assert called <= listed, f"{path.stem} calls {sorted(called - listed)}, not in bot_core.charts.figures.FIGURES"
    assert listed <= called, f"FIGURES lists {sorted(listed - called)} under {path.stem}, which does not call them"


def test_every_indexed_builder_exists_and_draws():
    names = {b for builders in figures.FIGURES.values() for b in builders}
    for name in sorted(names):
        assert callable(getattr(charts, name, None)), f"bot_core.charts has no builder {name!r}"
        assert name not in figures.TABLES
    for name in figures.TABLES:
        assert callable(getattr(charts, name, None)), f"bot_core.charts has no function {name!r}"


def test_every_indexed_chapter_exists():
    stems = {p.stem for p in CHAPTERS}
    assert set(figures.FIGURES) <= stems


def test_chapters_of():
    assert figures.chapters_of("rank_paths_chart")[:2] == ["case_1930s", "case_after_1991"]
    assert figures.chapters_of("no_such_builder") == []


def test_the_old_module_names_are_the_renamed_modules():
    import importlib

    for old, new in (("case_today", "yearly_series"), ("case_regions", "regional_events")):
        module = importlib.import_module(f"bot_core.charts.{old}")
        assert module is importlib.import_module(f"bot_core.charts.{new}")
        assert getattr(charts, old) is module
    from bot_core.charts.case_today import TODAY_PARAMS, criteria_paths  # noqa: F401  old paths keep working
    from bot_core.charts.case_regions import PLEDGE_ORDER, pledge_matrix  # noqa: F401
