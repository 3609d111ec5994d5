"""Exercises and their solutions, read from the notebooks' sources (sphinx-exercise).

Every chapter's "Exercises" section states each exercise in an ``{exercise}`` directive with a
label, and each answer the book gives in a ``{solution}`` for that label, shown as a dropdown that
stays closed until the reader opens it. A computed answer is not typed: its code cells stand between
a gated ``{solution-start}`` and ``{solution-end}``, so they are executed with the chapter and their
stored outputs are compared by the notebook regression test (tests/book/test_notebooks.py): a change to
bot_core that alters an answer fails there. That the dropdown is closed in the built page is
checked in a browser by tests/built_book/test_exercises_hidden.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p for p in (ROOT / "chapters").iterdir() if p.suffix in (".ipynb", ".md"))


def _read(path: Path) -> nbformat.NotebookNode:
    """A chapter as a notebook: a MyST markdown chapter is one markdown cell."""
    if path.suffix == ".md":
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(path.read_text(encoding="utf-8"))]
        return nb
    return nbformat.read(path, as_version=4)

#: Chapters whose "Exercises" section is still a plain numbered list, being edited elsewhere when
#: the others were converted. Strict: a chapter converted but left here fails, so the list shrinks.
NOT_YET_CONVERTED: set[str] = set()

HEADING = re.compile(r"^## Exercises?[ \t]*$", re.M)
# a MyST directive opening: ```{name} argument, or :::{name} argument
DIRECTIVE = re.compile(r"^(?:`{3,}|:{3,})\{(exercise|solution|solution-start|solution-end|exercise-start|"
                       r"exercise-end)\}[ \t]*(.*)$", re.M)
OPTION = re.compile(r"^:(\w[\w-]*):[ \t]*(.*)$")


def _directives(source: str) -> list[tuple[str, str, dict[str, str]]]:
    """(name, argument, options) of each exercise/solution directive in a markdown source."""
    lines = source.splitlines()
    out = []
    for k, line in enumerate(lines):
        m = DIRECTIVE.match(line)
        if not m:
            continue
        options = {}
        for opt in lines[k + 1:]:
            o = OPTION.match(opt)
            if not o:
                break
            options[o.group(1)] = o.group(2).strip()
        out.append((m.group(1), m.group(2).strip(), options))
    return out


def _events(path: Path) -> list[tuple[int, str, str, dict[str, str]]]:
    """(cell index, directive, argument, options) in the order of the notebook."""
    nb = _read(path)
    return [(i, *d) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
            for d in _directives(c.source)]


def _with_exercises() -> list:
    params = []
    for path in CHAPTERS:
        nb = _read(path)
        if any(c.cell_type == "markdown" and HEADING.search(c.source) for c in nb.cells):
            marks = [pytest.mark.xfail(strict=True, reason="not yet converted")] \
                if path.stem in NOT_YET_CONVERTED else []
            params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


WITH_EXERCISES = _with_exercises()


def test_most_chapters_have_exercises():
    assert len(WITH_EXERCISES) >= 25


@pytest.mark.parametrize("path", WITH_EXERCISES)
def test_the_exercises_section_uses_the_directives(path):
    nb = _read(path)
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and HEADING.search(c.source))
    section = []
    for i, c in enumerate(nb.cells[start:], start):
        src = HEADING.split(c.source, 1)[1] if i == start else c.source
        if c.cell_type == "markdown" and i > start and re.search(r"^#{1,2} ", src, re.M):
            break
        section.append((c.cell_type, src))
    markdown = "\n".join(s for t, s in section if t == "markdown")
    exercises = [d for d in _directives(markdown) if d[0] == "exercise"]
    assert exercises, f"{path.stem}: the Exercises section has no {{exercise}} directive"
    # no exercise left as a plain numbered list item outside the directives
    outside = re.sub(r"^(`{3,}|:{3,})\{.*?^\1[ \t]*$", "", markdown, flags=re.M | re.S)
    assert not re.search(r"^\s*\d+\.\s+\S", outside, re.M), f"{path.stem}: a numbered exercise outside a directive"
    for name, _, options in exercises:
        assert options.get("label"), f"{path.stem}: an exercise without a :label:"


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.stem not in NOT_YET_CONVERTED], ids=lambda p: p.stem)
def test_solutions_are_gated_closed_and_answer_an_exercise_stated_before(path):
    nb = _read(path)
    events = _events(path)
    seen: set[str] = set()
    open_at = None
    for i, name, arg, options in events:
        if name == "exercise":
            seen.add(options.get("label", ""))
        elif name in ("solution", "solution-start"):
            assert open_at is None, f"{path.stem}: cell {i} opens a solution inside another (cell {open_at})"
            assert arg in seen, f"{path.stem}: cell {i}: the solution to {arg!r} precedes or lacks its exercise"
            assert "dropdown" in options.get("class", "").split(), \
                f"{path.stem}: cell {i}: the solution to {arg!r} is not a dropdown (add ':class: dropdown')"
            if name == "solution-start":
                open_at = i
        elif name == "solution-end":
            assert open_at is not None, f"{path.stem}: cell {i}: a solution-end with no solution-start"
            code = [c for c in nb.cells[open_at + 1:i] if c.cell_type == "code"]
            assert code, f"{path.stem}: the gated solution at cell {open_at} holds no code cell"
            for c in code:
                assert c.execution_count is not None and c.outputs, \
                    f"{path.stem}: a solution's code cell has no stored output (execute the chapter)"
                assert "hide-cell" not in c.metadata.get("tags", []), \
                    f"{path.stem}: a solution's code cell is hidden twice (drop the hide-cell tag)"
            open_at = None
    assert open_at is None, f"{path.stem}: the solution-start at cell {open_at} has no solution-end"


def test_exercise_labels_are_unique_across_the_book():
    labels = [options.get("label") for p in CHAPTERS for _, name, _, options in _events(p) if name == "exercise"]
    labels = [x for x in labels if x]
    assert len(labels) >= 40
    assert len(labels) == len(set(labels)), sorted({x for x in labels if labels.count(x) > 1})


def test_sphinx_exercise_is_loaded_and_pinned():
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert re.search(r"extra_extensions:\n(?:\s+#.*\n|\s+- .*\n)*?\s+- sphinx_exercise\n", config)
    assert re.search(r"^sphinx-exercise==\d", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
