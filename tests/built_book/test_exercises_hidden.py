"""The solutions of the exercises are hidden until the reader asks for them (sphinx-exercise
dropdowns, collapsed by sphinx-togglebutton), and open from the keyboard.

Checked in Chromium on every built page that has a solution: the solution's title is visible, its
content is not; after Enter on its toggle button the content is visible. The sources' side (every
solution gated, labelled and a dropdown) is tests/book/test_exercises.py.
"""

from __future__ import annotations

import pytest

from .conftest import SITE, pages


def _pages_with_solutions() -> list[str]:
    return [p for p in pages() if p.startswith("chapters/")
            and 'class="solution dropdown' in (SITE / p).read_text(encoding="utf-8")]


PAGES = _pages_with_solutions()


def test_the_built_book_has_solutions():
    assert len(PAGES) >= 10, PAGES


@pytest.mark.parametrize("page_name", PAGES)
def test_solutions_are_closed_until_opened(page_name, browser, server):
    page = browser.new_page()
    try:
        page.goto(f"{server}/{page_name}", wait_until="load")
        solutions = page.locator("div.solution.dropdown")
        n = solutions.count()
        assert n >= 1
        page.wait_for_selector("div.solution.dropdown.toggle-hidden", state="attached", timeout=10_000)
        for k in range(n):
            sol = solutions.nth(k)
            title = sol.locator(".admonition-title").first
            body = sol.locator("#solution-content, section").first
            assert title.is_visible(), f"{page_name}: solution {k + 1} has no visible title"
            assert not body.is_visible(), f"{page_name}: solution {k + 1} is shown before it is asked for"
            # the toggle button sphinx-togglebutton adds to the title, from the keyboard (a click on
            # the title's middle may land on its link to the exercise instead)
            button = sol.locator("button.toggle-button").first
            button.focus()
            page.keyboard.press("Enter")
            body.wait_for(state="visible", timeout=5_000)
            assert button.get_attribute("aria-expanded") == "true"
    finally:
        page.close()
