"""Notebook regression: every chapter re-executes and reproduces every stored output, as a
reader sees it, on any processor.

A figure or number that changes fails here until its change is reviewed and the chapter's
outputs are stored again (``make outputs``). Two things are allowed to differ, and nothing else:

* volatile metadata: execution timestamps and counts, the kernel's Python patch version, the
  ids Jupyter gives widget models;
* float noise: numbers are compared as numbers, equal when they differ by less than a relative
  1e-9 (``tests/book/notebook_compare.py``, which says why a tolerance and not rounding).

**Another processor, simulated.** Each chapter is executed with every threat criterion nudged by
a few units in the last place (random, seeded: :data:`NUDGE_CELL`), as a processor whose ``log``,
``exp`` or summation rounds differently would compute it. So this test also proves that no count,
ranking, label or chart in the book hangs on float noise: the tie rule of
:mod:`bot_core.threat` must absorb the nudge, and the comparison must accept what remains.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from pytest_notebook.execution import execute_notebook
from pytest_notebook.notebook import regex_replace_nb

from .notebook_compare import align, coalesce_streams, differences

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").rglob("*.ipynb"))
CHAPTERS = [p for p in CHAPTERS if ".ipynb_checkpoints" not in p.parts]

IGNORE = (
    "/cells/*/outputs/*/traceback",
    "/cells/*/metadata/execution",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/metadata/language_info/version",
    "/metadata/widgets",
)
# widget model ids are random per execution; nothing else is replaced
REPLACE = (
    ("/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json/model_id", r"^[0-9a-f]{32}$", "WIDGET-ID"),
)

#: Units in the last place by which each criterion is moved, at most (either way).
NUDGE_ULPS = 4
#: Run first in the chapter's kernel, and removed before the comparison: every frame of criteria
#: that bot_core.criteria.compute returns (and so every threat model) has each value strictly
#: between 0 and 1 moved by up to NUDGE_ULPS units in the last place, at random (seeded).
#: Exact 0s and 1s stay: they are exact on every processor (indicators, empty sums, clipped values).
NUDGE_CELL = f"""\
import numpy as _np
import bot_core.criteria as _crit

def _nudge(compute, rng=_np.random.default_rng(20261205), ulps={NUDGE_ULPS}):
    def nudged(*args, **kwargs):
        out = compute(*args, **kwargs)
        for c in _crit.CRITERIA:
            v = out[c].to_numpy("float64").copy()
            inside = (v > 0) & (v < 1)
            steps = rng.integers(-ulps, ulps + 1, size=int(inside.sum()))
            v[inside] = _np.clip(v[inside] + steps * _np.spacing(v[inside]), 0.0, 1.0)
            out[c] = v
        return out
    nudged.__doc__ = compute.__doc__
    return nudged

_crit.compute = _nudge(_crit.compute)
del _nudge
"""


def nudged(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with :data:`NUDGE_CELL` as its first cell."""
    out = nbformat.from_dict(notebook)
    out.cells = [nbformat.v4.new_code_cell(NUDGE_CELL), *out.cells]
    return out


def test_every_chapter_notebook_is_checked():
    assert CHAPTERS, "no chapter notebooks found under chapters/"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[str(p.relative_to(ROOT)) for p in CHAPTERS])
def test_chapter_reproduces_its_stored_outputs(notebook):
    stored = nbformat.read(notebook, as_version=4)
    result = execute_notebook(
        nudged(stored), cwd=str(notebook.parent), timeout=1200,
        exec_env={"BOT_CORE_PAGE_LOADS_VEGA": os.environ.get("BOT_CORE_PAGE_LOADS_VEGA", "1")},
    )
    if result.exec_error is not None:
        raise result.exec_error
    new = result.notebook
    assert new.cells[0].source == NUDGE_CELL and not new.cells[0].outputs, "the nudge cell printed something"
    new.cells = new.cells[1:]
    stored, new = coalesce_streams(stored), coalesce_streams(new)
    new = align(stored, new)
    before, after = regex_replace_nb(stored, list(REPLACE)), regex_replace_nb(new, list(REPLACE))
    changed = differences(before, after, IGNORE)
    if changed:
        pytest.fail("the chapter's outputs changed (beyond float noise); review, then `make outputs`:\n"
                    + "\n".join(changed), pytrace=False)
