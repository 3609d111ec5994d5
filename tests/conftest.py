"""Test set-up: point the data loader at the offline mirror when the environment has not."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = ROOT.parent / "shared" / "data"  # one folder per source

if not os.environ.get("BOT_CORE_DATA_DIR") and DEFAULT_MIRROR.is_dir():
    os.environ["BOT_CORE_DATA_DIR"] = str(DEFAULT_MIRROR)
# Chapters store their charts as the book's pages show them (bot_core.rendering); the notebook
# regression tests re-execute them the same way.
os.environ.setdefault("BOT_CORE_PAGE_LOADS_VEGA", "1")

# The tests of the built book (a real browser) and of fresh environments (Binder, pip) need the
# book built or minutes of installing. Every test in their folders gets its suite's marker, which
# the default run deselects (pyproject.toml's addopts); `make site-test` (-m site) and
# `make env-test` (-m env) run them, and CI runs both after `make test` and `make book`.
SLOW_SUITES = {"built_book": "site", "environments": "env"}


@pytest.hookimpl(tryfirst=True)   # before pytest's own -m deselection reads the markers
def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).resolve().parent
    for item in items:
        parts = Path(item.path).resolve().relative_to(tests).parts
        if len(parts) > 1 and parts[0] in SLOW_SUITES:
            item.add_marker(SLOW_SUITES[parts[0]])


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The offline mirror: one folder per source, each with its MANIFEST.tsv (tests that read it
    need it)."""
    path = Path(os.environ.get("BOT_CORE_DATA_DIR", ""))
    if not (path / "peacesciencer" / "MANIFEST.tsv").is_file():
        pytest.fail(
            "the data tests need the offline mirror: set BOT_CORE_DATA_DIR to the folder holding one "
            "sub-folder per source (peacesciencer/, atop/, icb/, ... each with its MANIFEST.tsv), "
            "e.g. ../shared/data."
        )
    return path


@pytest.fixture(scope="session")
def ddy():
    """The full 1816-2016 directed dyad-year panel with every verb applied (built once)."""
    from bot_core import panel

    return (
        panel.dyad_years()
        .pipe(panel.add_capabilities)
        .pipe(panel.add_capital_distance)
        .pipe(panel.add_contiguity)
        .pipe(panel.add_min_distance)
        .pipe(panel.add_alliances)
        .pipe(panel.add_disputes)
        .pipe(panel.add_major_powers)
        .set_index(["ccode1", "ccode2", "year"], drop=False)
    )
