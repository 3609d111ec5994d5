"""Every page of the built book in headless Chromium, offline: nothing from other hosts, no
JavaScript errors, every chart drawn and described, within the page budget; and the static
figures respond to their controls with no kernel.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import SHOTS, SITE, pages

#: Budget of one page: its HTML (charts embed their data in it) plus the data files it loads. The
#: site-wide code, styles and fonts every page shares (theme, vega, MathJax; cached by the browser
#: after the first page) are measured and reported, not budgeted.
PAGE_BUDGET = 2_000_000
SHARED_ASSETS = (".js", ".css", ".woff", ".woff2", ".ttf", ".eot", ".svg", ".png", ".ico")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

DRAWN = """() => Array.from(document.querySelectorAll('.bot-core-chart')).every(
    el => el.querySelector('svg.marks, canvas.marks') || el.textContent.trim().length > 0)"""
CHARTS = """() => Array.from(document.querySelectorAll('.bot-core-chart')).map(el => ({
    drawn: !!el.querySelector('svg.marks, canvas.marks'),
    text: el.querySelector('svg.marks, canvas.marks') ? '' : el.textContent.trim().slice(0, 200),
    label: el.getAttribute('aria-label') || ''}))"""


def _local_file(url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    f = SITE / (path or "index.html")
    if f.is_dir():
        f = f / "index.html"
    return f if f.is_file() else None


def _open(browser, server, page: str, viewport: dict):
    """Open ``page``; every request to another host is blocked and recorded."""
    context = browser.new_context(viewport=viewport)
    seen = {"outside": [], "errors": [], "local": set()}

    def route(r):
        url = r.request.url
        if url.startswith(server + "/"):
            seen["local"].add(url.split("#")[0])
            r.continue_()
        elif url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            seen["outside"].append(url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    pending: set[str] = set()
    tab.on("request", lambda r: pending.add(r.url))
    tab.on("requestfinished", lambda r: pending.discard(r.url))
    tab.on("requestfailed", lambda r: pending.discard(r.url))
    tab.on("console", lambda m: seen["errors"].append(f"console: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: seen["errors"].append(f"page error: {e}"))
    tab.goto(f"{server}/{page}", wait_until="load")
    tab.wait_for_function(DRAWN, timeout=60_000)
    _settle(tab, pending, page)
    return context, tab, seen


def _settle(tab, pending: set[str], page: str, seconds: float = 30) -> None:
    """Wait until the page has no request in flight.

    Playwright's "networkidle" (no connection for 500 ms) can miss its window on a loaded machine
    although every request has finished (a CI run timed out on a page whose charts were drawn), so
    the requests are counted instead: the page has settled when none is pending, and the error names
    the ones that never finished.
    """
    for _ in range(int(seconds * 10)):
        if not pending:
            return
        tab.wait_for_timeout(100)
    raise AssertionError(f"{page}: requests still pending after {seconds:.0f} s: {sorted(pending)[:5]}")


#: How long a screenshot may take (milliseconds): a test artifact, not a speed check.
SHOT_MS = 180_000


@pytest.mark.parametrize("page", pages())
def test_page_offline_in_chromium(page, server, browser, report):
    context, tab, seen = _open(browser, server, page, DESKTOP)
    try:
        charts = tab.evaluate(CHARTS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", page.removesuffix(".html")).strip("-")
        # a full-page picture of the longest pages (the API reference) can take over 30 s on a loaded machine
        tab.screenshot(path=str(SHOTS / f"{slug}-desktop.png"), full_page=True, timeout=SHOT_MS)
        tab.set_viewport_size(PHONE)
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(SHOTS / f"{slug}-phone.png"), full_page=True, timeout=SHOT_MS)
        files = {f for f in (_local_file(u) for u in seen["local"]) if f is not None}
        everything = sum(f.stat().st_size for f in files)
        loaded = sum(f.stat().st_size for f in files if f.suffix.lower() not in SHARED_ASSETS)
        report["pages"][page] = {"bytes_loaded": loaded, "bytes_with_shared_assets": everything,
                                 "html_bytes": (SITE / page).stat().st_size, "requests": len(seen["local"]),
                                 "charts": len(charts)}
    finally:
        context.close()
    assert not seen["outside"], f"{page} requested other hosts: {sorted(set(seen['outside']))[:5]}"
    assert not seen["errors"], f"{page} logged JavaScript errors: {seen['errors'][:5]}"
    failed = [c["text"] for c in charts if not c["drawn"]]
    assert not failed, f"{page}: {len(failed)} of {len(charts)} charts were not drawn: {failed[:3]}"
    undescribed = [c for c in charts if len(c["label"]) < 30]
    assert not undescribed, f"{page}: {len(undescribed)} charts lack a description (alternative text)"
    assert loaded < PAGE_BUDGET, f"{page} loads {loaded / 1e6:.2f} MB (budget {PAGE_BUDGET / 1e6:.0f} MB)"


def _svg_of(tab, index: int) -> str:
    return tab.evaluate(f"() => document.querySelectorAll('.bot-core-chart')[{index}].querySelector('svg.marks').outerHTML")


def _chart_with(tab, selector: str) -> int:
    found = tab.evaluate(f"""() => Array.from(document.querySelectorAll('.bot-core-chart'))
        .findIndex(el => el.querySelector('{selector}'))""")
    assert found >= 0, f"no chart with {selector} on the page"
    return found


def _move(tab, selector: str, value: str) -> None:
    tab.eval_on_selector(selector, f"""el => {{ el.value = '{value}';
        el.dispatchEvent(new Event('input', {{bubbles: true}}));
        el.dispatchEvent(new Event('change', {{bubbles: true}})); }}""")
    tab.wait_for_timeout(400)


def test_explorer_sliders_recompute_the_ranking(server, browser):
    """Moving the intent weight to 0, then the year, redraws the explorer's ranking in the page."""
    context, tab, seen = _open(browser, server, "chapters/threat_index.html", DESKTOP)
    try:
        i = _chart_with(tab, "input[name=w_intent]")
        before = _svg_of(tab, i)
        labels = lambda: re.findall(r'aria-label="Y-axis[^"]*: ([^"]*)"', _svg_of(tab, i))  # noqa: E731
        ranking = labels()
        _move(tab, f".bot-core-chart >> nth={i} >> input[name=w_intent]", "0")
        after_weight = _svg_of(tab, i)
        assert after_weight != before
        assert labels() != ranking, "setting the intent weight to 0 left the ranking unchanged"
        _move(tab, f".bot-core-chart >> nth={i} >> input[name=year]", "1900")
        assert "1900" in _svg_of(tab, i) and _svg_of(tab, i) != after_weight
    finally:
        context.close()
    assert not seen["errors"], seen["errors"][:5]


def _case_figures(server, browser, control: str):
    """Every case figure (Part III) with the input named ``control``: yields (page, tab, chart index) with the
    page open; asserts that each page logged no JavaScript error and that every case page had such a figure."""
    case_pages = [p for p in pages() if "/case_" in p]
    if not case_pages:
        pytest.skip("no case chapters in this build")
    checked = 0
    for page in case_pages:
        context, tab, seen = _open(browser, server, page, DESKTOP)
        try:
            n = tab.evaluate("() => document.querySelectorAll('.bot-core-chart').length")
            for i in range(n):
                if tab.evaluate(f"() => !!document.querySelectorAll('.bot-core-chart')[{i}]"
                                f".querySelector('input[name={control}]')"):
                    yield page, tab, i
                    checked += 1
        finally:
            context.close()
        assert not seen["errors"], f"{page}: {seen['errors'][:5]}"
    assert checked >= len(case_pages)


def _redrawn(tab, done, tries: int = 20) -> None:
    """Wait until ``done()`` holds: a loaded machine may take a few seconds to redraw."""
    for _ in range(tries):
        tab.wait_for_timeout(200)
        if done():
            return


def test_case_figures_respond_to_their_controls(server, browser):
    """Every case figure (Part III) redraws when the perceiver or the form changes."""
    for page, tab, i in _case_figures(server, browser, "case_form"):
        before = _svg_of(tab, i)
        # the form the chart does not open on (the default is geometric; a figure may open on either)
        tab.locator(".bot-core-chart").nth(i).locator("input[name=case_form]:not(:checked)").first.check()
        _redrawn(tab, lambda: _svg_of(tab, i) != before)
        assert _svg_of(tab, i) != before, f"{page}: chart {i} ignored the form buttons"


RANK1_NAMES = r'aria-label="Rank 1: ([^"]+) in [0-9–]+"'


def _rank1_names(tab, index: int) -> list[str]:
    return re.findall(RANK1_NAMES, _svg_of(tab, index))


def test_case_figures_name_the_rank1_state_on_request(server, browser):
    """Every case figure's tick box shows or hides the band naming each year's rank-1 state."""
    for page, tab, i in _case_figures(server, browser, "case_show_rank1"):
        box = tab.locator(".bot-core-chart").nth(i).locator("input[name=case_show_rank1]").first
        shown = _rank1_names(tab, i)
        assert box.is_checked() and shown, f"{page}: chart {i} opens without naming the rank-1 states"
        box.uncheck()
        _redrawn(tab, lambda: not _rank1_names(tab, i))
        assert not _rank1_names(tab, i), f"{page}: chart {i} kept its rank-1 band when the box was cleared"
        box.check()
        _redrawn(tab, lambda: _rank1_names(tab, i) == shown)
        assert _rank1_names(tab, i) == shown, f"{page}: chart {i} did not name the same rank-1 states again"


def test_sandbox_weights_move_all_three_panels(server, browser):
    """Setting the intent weight of the sandbox to 0 redraws its three panels (whom each state fears,
    validity on the yardsticks, the partner-choice test), in the static page."""
    context, tab, seen = _open(browser, server, "chapters/sandbox.html", DESKTOP)
    try:
        i = _chart_with(tab, "input[name=sandbox_w_intent]")
        panels = ("sandbox_fears", "sandbox_validity", "sandbox_test")

        def drawn():
            return {p: tab.evaluate(f"""() => Array.from(document.querySelectorAll('.bot-core-chart')[{i}]
                .querySelectorAll('svg.marks g[class*="{p}"]')).map(g => g.outerHTML).join('')""") for p in panels}

        before = drawn()
        assert all(before.values()), f"a panel was not drawn: {[p for p, v in before.items() if not v]}"
        _move(tab, f".bot-core-chart >> nth={i} >> input[name=sandbox_w_intent]", "0")
        for _ in range(20):  # a loaded machine may take a few seconds to redraw
            after = drawn()
            if all(after[p] != before[p] for p in panels):
                break
            tab.wait_for_timeout(200)
        unchanged = [p for p in panels if after[p] == before[p]]
        assert not unchanged, f"setting the intent weight to 0 left {unchanged} unchanged"
    finally:
        context.close()
    assert not seen["errors"], seen["errors"][:5]
