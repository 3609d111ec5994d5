"""The theme components the book overrides for accessibility (_templates/) are the installed
theme's, with only the documented change: a theme upgrade that changes them fails here, so that
the override is redone from the new component instead of silently bringing back the old one."""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "components"


def _body(text: str) -> str:
    """The template without its Jinja comments and blank lines."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if line.strip())


def _search(theme: str) -> str:
    theme = theme.replace(""" aria-label="{{ _('Search') }}\"""", "", 1)
    return theme.replace('<i class="fa-solid fa-magnifying-glass"></i>',
                         '<i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>', 1)


def _switcher(theme: str) -> str:
    return re.sub(r'(<i [^>]*) title="\{\{ _\(\'[A-Za-z ]+\'\) \}\}"', r'\1 aria-hidden="true"', theme)


@pytest.mark.parametrize("name, change", [("search-button-field.html", _search), ("theme-switcher.html", _switcher)])
def test_override_is_the_theme_component_with_the_documented_change(name, change):
    theme = _body((COMPONENTS / name).read_text(encoding="utf-8"))
    ours = _body((ROOT / "_templates" / name).read_text(encoding="utf-8"))
    assert change(theme) != theme, f"the theme's {name} changed: redo _templates/{name} from it"
    assert ours == change(theme)
    assert "aria-label" not in ours or "Color mode" in ours
    assert not re.search(r"<i [^>]*title=", ours)
