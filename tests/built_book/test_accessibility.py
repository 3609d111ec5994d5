"""Accessibility of the built book, in headless Chromium, offline.

* axe-core (npm, pinned in package.json, served by the book itself from ``_static/vendor/axe/``
  and added to the page by the test only) finds no *serious* or *critical* violation on any page,
  with every chart's data table closed (as a reader first sees it) and open.
* Every interactive chart offers its data as a table (``_static/chart-data.js``): a "Data table"
  that opens to the rows the chart draws, with column headers, and a CSV download made in the
  browser whose header and row count are those of the table.
* The charts' controls are reachable and usable with the keyboard alone: every control is in the
  tab order; on the threat explorer and on a case figure, pressing Tab from the top of the page
  reaches the control, a key changes it and the chart redraws, and Tab then reaches the chart's
  data table, which Enter opens, showing the redrawn data.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, SITE, pages
from .test_browser import DESKTOP, _open, _svg_of

AXE_SCRIPT = "_static/vendor/axe/axe.min.js"
AXE_VERSION = json.loads((ROOT / "package.json").read_text())["dependencies"]["axe-core"]
BLOCKING = ("serious", "critical")

TABLES_READY = """() => document.querySelectorAll('.bot-core-chart').length
    === document.querySelectorAll('.bot-core-chart + details.bot-data').length"""

AXE_RUN = """async (include) => {
    const result = await axe.run(include ? {include: [include]} : document, {resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160))}));
}"""

OPEN_TABLES = """async () => {
    const boxes = Array.from(document.querySelectorAll('details.bot-data'));
    boxes.forEach(d => { d.open = true; });
    await new Promise(r => setTimeout(r, 300));
    return Promise.all(boxes.map(async d => {
        const tables = Array.from(d.querySelectorAll('table'));
        const links = Array.from(d.querySelectorAll('a.bot-data-csv'));
        const csv = await Promise.all(links.map(a => fetch(a.href).then(r => r.text())));
        return tables.map((t, i) => ({
            headers: Array.from(t.querySelectorAll('thead th')).map(th => th.textContent),
            scoped: Array.from(t.querySelectorAll('thead th')).every(th => th.getAttribute('scope') === 'col'),
            shown: t.querySelectorAll('tbody tr').length,
            caption: t.caption ? t.caption.textContent : '',
            region: t.parentElement.getAttribute('role') === 'region' && t.parentElement.tabIndex === 0,
            href: links[i] ? links[i].href : '', download: links[i] ? links[i].getAttribute('download') : '',
            csvLines: csv[i] ? csv[i].trimEnd().split('\\r\\n') : []}));
    }));
}"""

CONTROLS = """() => Array.from(document.querySelectorAll(
        '.bot-core-chart input, .bot-core-chart select, .bot-core-chart button, .bot-core-chart textarea'))
    .map(el => ({name: el.name || el.type, tabbable: el.tabIndex >= 0 && !el.disabled
        && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
        labelled: !!(el.labels && el.labels.length) || !!el.getAttribute('aria-label')
        || !!el.closest('label')}))"""


def _axe(tab, server, include=None):
    if not tab.evaluate("() => typeof window.axe === 'object'"):
        tab.add_script_tag(url=f"{server}/{AXE_SCRIPT}")
    assert tab.evaluate("() => axe.version") == AXE_VERSION
    return tab.evaluate(AXE_RUN, include)


def _blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING]


def test_axe_is_vendored_from_npm_and_no_page_loads_it():
    assert (SITE / AXE_SCRIPT).is_file(), "axe-core is not in the built site: run tools/vendor_assets.py"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/axe-core"]["version"] == AXE_VERSION
    loading = [p for p in pages() if "axe.min.js" in (SITE / p).read_text(encoding="utf-8")]
    assert not loading, f"pages load axe-core for every reader: {loading[:3]}"


@pytest.mark.parametrize("page", pages())
def test_page_is_accessible_and_every_chart_offers_its_data(page, server, browser, report):
    context, tab, seen = _open(browser, server, page, DESKTOP)
    try:
        tab.wait_for_function(TABLES_READY, timeout=20_000)
        closed = _axe(tab, server)
        controls = tab.evaluate(CONTROLS)
        charts = tab.evaluate("() => document.querySelectorAll('.bot-core-chart').length")
        tables = tab.evaluate(OPEN_TABLES) if charts else []
        opened = _axe(tab, server, "details.bot-data") if charts else []
        report.setdefault("accessibility", {})[page] = {
            "violations": {v["id"]: v["impact"] for v in closed + opened}, "charts": charts,
            "table_rows_shown": sum(t["shown"] for box in tables for t in box)}
    finally:
        context.close()
    assert not _blocking(closed), f"{page}: serious or critical accessibility violations: {_blocking(closed)}"
    assert not _blocking(opened), f"{page}: the open data tables have violations: {_blocking(opened)}"
    assert not seen["errors"], f"{page} logged JavaScript errors: {seen['errors'][:5]}"
    assert all(c["tabbable"] for c in controls), f"{page}: chart controls out of the tab order: {controls}"
    assert all(c["labelled"] for c in controls), f"{page}: chart controls without a label: {controls}"
    assert len(tables) == charts
    for i, box in enumerate(tables):
        assert box, f"{page}: chart {i}'s data table is empty"
        for t in box:
            assert t["headers"] and t["scoped"] and t["shown"] > 0 and t["region"], (page, i, t)
            rows = int(t["caption"].rsplit(": ", 1)[-1].split(" rows")[0])
            assert t["shown"] == min(rows, 500), (page, i, t["caption"])
            assert t["href"].startswith("blob:") and t["download"].endswith(".csv"), (page, i)
            assert t["csvLines"][0].split(",")[: len(t["headers"])] == t["headers"] or '"' in t["csvLines"][0]
            assert len(t["csvLines"]) == rows + 1, f"{page}: chart {i}'s CSV has not every row"


def _tab_to(tab, selector: str, presses: int = 800) -> int:
    """Press Tab until the focused element matches ``selector``; return how many presses it took."""
    for n in range(1, presses + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate("(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector):
            return n
    raise AssertionError(f"{selector} is not reached with Tab ({presses} presses from the top of the page)")


def _chart_index(tab, selector: str) -> int:
    i = tab.evaluate(f"""() => Array.from(document.querySelectorAll('.bot-core-chart'))
        .findIndex(el => el.querySelector('{selector}'))""")
    assert i >= 0, f"no chart with {selector}"
    return i


def _redraws(tab, i: int, before: str) -> bool:
    for _ in range(20):  # a loaded machine may take a few seconds
        tab.wait_for_timeout(200)
        if _svg_of(tab, i) != before:
            return True
    return False


def _open_table_with_keyboard(tab, i: int) -> list[str]:
    summary = f"details.bot-data[data-chart='{i}'] > summary"
    tab.evaluate(f"() => document.querySelectorAll('.bot-core-chart')[{i}].nextElementSibling"
                 f".setAttribute('data-chart', '{i}')")
    _tab_to(tab, summary, presses=60)
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(300)
    assert tab.evaluate(f"() => document.querySelector(\"{summary}\").parentElement.open")
    return tab.evaluate(f"""() => Array.from(document.querySelector("{summary}").parentElement
        .querySelectorAll('tbody tr')).slice(0, 5).map(tr => tr.textContent)""")


def test_the_explorer_is_usable_with_the_keyboard(server, browser):
    context, tab, seen = _open(browser, server, "chapters/threat_index.html", DESKTOP)
    try:
        tab.wait_for_function(TABLES_READY, timeout=20_000)
        i = _chart_index(tab, "input[name=w_intent]")
        slider = f".bot-core-chart >> nth={i} >> input[name=w_intent]"
        before, value = _svg_of(tab, i), tab.input_value(slider)
        _tab_to(tab, "input[name=w_intent]")
        tab.keyboard.press("Home")  # the range's minimum: intent weighs nothing
        assert tab.input_value(slider) != value
        assert _redraws(tab, i, before), "the explorer did not redraw when its slider moved by key"
        rows_after = _open_table_with_keyboard(tab, i)
        assert rows_after, "the explorer's data table is empty"
        # the table shows what the chart draws now: move the year by key, and it follows
        tab.focus(slider.replace("w_intent", "year"))
        before = _svg_of(tab, i)
        tab.keyboard.press("Home")
        assert _redraws(tab, i, before)
        tab.wait_for_timeout(300)
        rows_year = tab.evaluate(f"""() => Array.from(document.querySelectorAll('.bot-core-chart')[{i}]
            .nextElementSibling.querySelectorAll('tbody tr')).slice(0, 5).map(tr => tr.textContent)""")
        assert rows_year and rows_year != rows_after, "the data table did not follow the chart"
    finally:
        context.close()
    assert not seen["errors"], seen["errors"][:5]


def test_a_case_figure_is_usable_with_the_keyboard(server, browser):
    case_pages = [p for p in pages() if "/case_" in p]
    if not case_pages:
        pytest.skip("no case chapters in this build")
    page = case_pages[0]
    context, tab, seen = _open(browser, server, page, DESKTOP)
    try:
        tab.wait_for_function(TABLES_READY, timeout=20_000)
        i = _chart_index(tab, "input[name=case_form]")
        before = _svg_of(tab, i)
        _tab_to(tab, "input[name=case_form]:checked")
        checked = tab.evaluate("() => document.activeElement.value")
        tab.keyboard.press("ArrowRight")  # a radio group moves its choice with the arrow keys
        assert tab.evaluate("() => document.activeElement.checked && document.activeElement.value") != checked
        assert _redraws(tab, i, before), f"{page}: the case figure did not redraw when its form changed by key"
        assert _open_table_with_keyboard(tab, i)
    finally:
        context.close()
    assert not seen["errors"], seen["errors"][:5]
