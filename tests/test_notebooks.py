"""Notebook regression: every chapter re-executes and reproduces every stored output.

A figure or number that changes fails here until its change is reviewed and the chapter's
outputs are stored again (``make outputs``). Only volatile metadata is ignored: execution
timestamps, the kernel's Python patch version, and the ids Jupyter gives widget models.
"""

from pathlib import Path

import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").rglob("*.ipynb"))
CHAPTERS = [p for p in CHAPTERS if ".ipynb_checkpoints" not in p.parts]

IGNORE = (
    "/cells/*/outputs/*/traceback",
    "/cells/*/metadata/execution",
    "/cells/*/execution_count",
    "/metadata/language_info/version",
    "/metadata/widgets",
)
# widget model ids are random per execution; nothing else is replaced
REPLACE = (
    ("/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json/model_id", r"^[0-9a-f]{32}$", "WIDGET-ID"),
)


def test_every_chapter_notebook_is_checked():
    assert CHAPTERS, "no chapter notebooks found under chapters/"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[str(p.relative_to(ROOT)) for p in CHAPTERS])
def test_chapter_reproduces_its_stored_outputs(notebook):
    fixture = NBRegressionFixture(
        exec_timeout=600,
        exec_cwd=str(notebook.parent),
        diff_ignore=IGNORE,
        diff_replace=REPLACE,
        diff_color_words=False,
        diff_use_color=False,
    )
    fixture.check(str(notebook))
