"""The built book is citable and versioned: every page's footer shows the version, every chapter
of the table of contents ends with its "Cite this page" box, and the changelog is an appendix."""

from __future__ import annotations

import html
import re
import sys

import pytest
import yaml

import bot_core

from .conftest import ROOT, SITE, pages

sys.path.insert(0, str(ROOT / "tools"))
import book_meta  # noqa: E402


def _chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f"{f}.html" for f in files]


@pytest.mark.parametrize("page", pages())
def test_footer_shows_the_version(page):
    version, date = book_meta.release(ROOT)
    text = (SITE / page).read_text(encoding="utf-8")
    assert f"version {version} ({date})" in text and version == bot_core.__version__


@pytest.mark.parametrize("page", _chapters())
def test_every_chapter_has_a_cite_box(page):
    version, date = book_meta.release(ROOT)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    text = (SITE / page).read_text(encoding="utf-8")
    boxes = re.findall(r'<div class="bot-cite".*?</div>', text, flags=re.S)
    assert len(boxes) == 1, f"{page}: {len(boxes)} cite boxes"
    box = html.unescape(boxes[0])
    title = html.unescape(re.search(r"<title>(.*?)(?: &#8212;| —|</title>)", text, flags=re.S).group(1)).strip()
    assert f"\u201c{title}\u201d" in box, f"{page}: the box does not name the chapter {title!r}"
    for part in (config["title"], config["author"], f"version {version} ({date})", f"({date[:4]})",
                 config["repository"]["url"], page.removesuffix(".html")):
        assert part in box, f"{page}: the cite box lacks {part!r}"


def test_the_changelog_page_shows_every_version():
    text = (SITE / "chapters" / "changelog.html").read_text(encoding="utf-8")
    for version, date in book_meta.releases(ROOT):
        assert f"{version} ({date})" in text
