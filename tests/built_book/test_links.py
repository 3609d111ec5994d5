"""Static checks of the built pages: every internal link and anchor resolves, every image has
alternative text, and the site's size is reported."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import ROOT, SITE, pages


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        if tag == "a" and a.get("href"):
            self.links.append((tag, a["href"]))
        if tag in ("img", "script") and a.get("src"):
            self.links.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            self.links.append((tag, a["href"]))
        if tag == "img":
            self.images.append(a)


_parsed: dict[Path, _Page] = {}


def parse(file: Path) -> _Page:
    if file not in _parsed:
        p = _Page()
        p.feed(file.read_text(encoding="utf-8", errors="replace"))
        _parsed[file] = p
    return _parsed[file]


def _internal(url: str) -> bool:
    s = urlsplit(url)
    return not s.scheme and not s.netloc and not url.startswith(("mailto:", "javascript:", "data:"))


def test_internal_links_and_anchors_resolve():
    assert pages(), f"no pages under {SITE}"
    broken = defaultdict(list)
    for page in pages():
        file = SITE / page
        for tag, url in parse(file).links:
            if not _internal(url):
                continue
            s = urlsplit(url)
            target = (file.parent / unquote(s.path)).resolve() if s.path else file
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken[page].append(f"<{tag}> {url}: no file")
                continue
            if s.fragment and target.suffix == ".html" and unquote(s.fragment) not in parse(target).ids:
                broken[page].append(f"<{tag}> {url}: no anchor #{s.fragment}")
    assert not broken, "broken internal links:\n" + "\n".join(
        f"{p}: {', '.join(v[:5])}" for p, v in sorted(broken.items()))


def test_every_image_has_alternative_text():
    missing = [(page, img.get("src")) for page in pages() for img in parse(SITE / page).images
               if not (img.get("alt") or "").strip()]
    assert not missing, f"images without alt text: {missing[:10]}"


@pytest.mark.parametrize("page", [p for p in pages() if p.startswith("chapters/")])
def test_each_chapter_page_is_within_the_html_budget(page):
    """The page's own HTML (its embedded chart data included) stays well under the 2 MB page
    budget, which the browser test checks with everything the page loads."""
    assert (SITE / page).stat().st_size < 1_500_000


def _repository() -> tuple[str, str]:
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"], config["launch_buttons"]["binderhub_url"]


def test_every_executable_page_has_a_binder_button_for_the_configured_repository():
    """The repository URL lives in one place, _config.yml; every notebook page launches it."""
    url, binder = _repository()
    owner_repo = url.rstrip("/").split("github.com/")[1]
    notebooks = sorted(p.relative_to(ROOT).with_suffix(".html").as_posix()
                       for p in (ROOT / "chapters").glob("*.ipynb"))
    built = [p for p in notebooks if (SITE / p).is_file()]
    assert built, "no notebook pages in the build"
    for page in built:
        source = page.removesuffix(".html") + ".ipynb"
        expected = f"{binder.rstrip('/')}/v2/gh/{owner_repo}/"
        html = (SITE / page).read_text(encoding="utf-8")
        assert expected in html and source in html.split(expected, 1)[1][:200], f"{page}: no Binder button for {source}"
