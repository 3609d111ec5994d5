"""Under every chart and table of the built book (tools/figure_data.py): a line with its data as a
CSV file served from the site, the data sets it draws on with their versions, and the works to cite."""

from __future__ import annotations

import csv
import html
import json
import re
import sys

import pytest

from bot_core import datasets

from .conftest import ROOT, SITE

sys.path.insert(0, str(ROOT / "tools"))
import figure_data  # noqa: E402

BLOCK = re.compile(r'<div class="bot-source" data-for="([^"]+)">(.*?)</div>', re.S)


def _chapters() -> list[str]:
    return sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))


def _page(name: str) -> str:
    return (SITE / "chapters" / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", _chapters())
def test_every_shown_chart_and_table_has_its_source_line(name):
    page = _page(name)
    # the notebook as the build rendered it (executed, or as stored), as tools/figure_data.py reads it
    executed = SITE.parent / "jupyter_execute" / "chapters" / f"{name}.ipynb"
    source = executed if executed.is_file() else ROOT / "chapters" / f"{name}.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    shown = 0
    for text, kind, div, tables, _ in figure_data.page_items(nb):
        at = page.find(text.strip())
        if at < 0:
            continue  # a removed output
        shown += 1
        after = page[at + len(text.strip()):]
        assert after.startswith('<div class="bot-source"'), f"{name}: a {kind} without its source line"
        if kind == "chart":
            assert after.startswith(f'<div class="bot-source" data-for="{div}">')
    assert len(BLOCK.findall(page)) == shown
    assert page.count('class="bot-core-chart"') == sum(1 for f, _ in BLOCK.findall(page) if f.startswith("bot-chart-"))


@pytest.mark.parametrize("name", _chapters())
def test_the_csv_files_are_in_the_site_and_the_sources_have_versions(name):
    page = _page(name)
    for _, block in BLOCK.findall(page):
        links = re.findall(r'<a class="bot-source-csv" href="([^"]+)" download>[^<]+</a> \(([\d,]+) rows\)', block)
        assert links, f"{name}: a source line without a CSV link"
        for href, rows in links:
            assert not re.match(r"[a-z]+:", href), "the CSV is served from the book"
            file = (SITE / "chapters" / html.unescape(href)).resolve()
            assert file.is_relative_to(SITE / figure_data.OUT_DIR) and file.is_file(), href
            with file.open(encoding="utf-8", newline="") as fh:
                lines = list(csv.reader(fh))
            assert lines[0] and len(lines) - 1 == int(rows.replace(",", ""))
        for anchor, data_set in re.findall(r'<a href="#([^"]+)"><code>(\w+)</code></a>', block):
            if data_set != figure_data.CURATED:
                assert datasets.info(data_set).name == data_set
            version = html.escape(figure_data.version_label(data_set))
            assert f"<code>{data_set}</code></a> ({version})" in block
            assert f'<dt id="{anchor}"><code>{data_set}</code>, version {version}</dt>' in page


def test_a_known_charts_csv_and_sources():
    page = _page("power_and_threat")
    (div, block), = [(f, b) for f, b in BLOCK.findall(page) if f.startswith("bot-chart-")]
    with (SITE / "figure-data" / "chapters" / "power_and_threat" / f"{div}.csv").open(encoding="utf-8") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == ["year", "region", "share", "states"] and len(lines) == 824
    assert {int(r[0]) for r in lines[1:]} <= set(range(1816, 2025))
    commit = datasets.info("cow_nmc").commit[:7]
    assert f"<code>cow_nmc</code></a> (peacesciencer {commit})" in block
    listing = page[page.index('<div class="bot-data-sources"'):page.index('<div class="bot-cite"')]
    for line in datasets.citation("cow_nmc").splitlines():
        assert html.escape(line) in listing
