"""tools/check_offline.py: it reports what pages would load from other hosts, and nothing else."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_offline", ROOT / "tools" / "check_offline.py")
check_offline = sys.modules["check_offline"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_offline)

PAGE = """<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"""


def loads(head="", body=""):
    found, _ = check_offline.scan_html(PAGE.format(head=head, body=body))
    return [url for _, url in found]


def test_flags_a_cdn_script():
    url = "https://cdn.jsdelivr.net/npm/vega@6"
    assert loads(head=f'<script src="{url}"></script>') == [url]


def test_ignores_an_anchor_link():
    assert loads(body='<a href="https://github.com/balance-of-threat/balance-of-threat">repo</a>') == []


def test_ignores_local_files_and_data_urls():
    head = ('<script src="_static/vendor/vega/vega-bundle.js?v=1"></script>'
            '<link rel="stylesheet" href="../_static/styles/theme.css">')
    body = '<img src="data:image/png;base64,AAAA"><img src="_images/fig.png">'
    assert loads(head=head, body=body) == []


@pytest.mark.parametrize(
    "head, body",
    [
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato">', ""),
        ('<link rel="preconnect" href="https://fonts.gstatic.com">', ""),
        ('<link rel="icon" href="//example.org/favicon.ico">', ""),
        ("<style>@import url('https://fonts.googleapis.com/css2?family=Roboto');</style>", ""),
        ("", '<div style="background: url(https://example.org/bg.png)"></div>'),
        ("", '<img srcset="a.png 1x, https://example.org/b.png 2x">'),
        ("", '<iframe src="https://www.youtube.com/embed/x"></iframe>'),
        ("", "<script>fetch('https://example.org/data.json').then(r => r.json())</script>"),
        ("", '<script>import("https://esm.sh/vega-embed@7")</script>'),
        ('<script data-jupyter-widgets-cdn="https://cdn.jsdelivr.net/npm/" src="embed.js"></script>', ""),
    ],
)
def test_flags_other_loads(head, body):
    assert len(loads(head=head, body=body)) == 1


def test_ignores_urls_that_are_data_or_comments():
    body = (
        '<script type="application/json">{"$schema": "https://vega.github.io/schema/vega-lite/v6.json"}</script>'
        '<script>var editor = "https://vega.github.io/editor/"; /* fetch("https://x.org/") */</script>'
        "<p>https://example.org is a site</p>"
    )
    assert loads(body=body) == []


def test_follows_local_scripts_and_stylesheets(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "a.js").write_text('var s = document.createElement("script"); s.src = "https://cdn.example.org/x.js";')
    (tmp_path / "_static" / "b.css").write_text('@import url("c.css"); body { color: red }')
    (tmp_path / "_static" / "c.css").write_text("@font-face { src: url(https://fonts.gstatic.com/f.woff2) }")
    (tmp_path / "index.html").write_text(PAGE.format(
        head='<script src="_static/a.js?v=2"></script><link rel="stylesheet" href="_static/b.css">',
        body='<a href="https://example.org/">a link</a>'))
    offenders = check_offline.check(tmp_path)
    assert sorted(o.url for o in offenders) == ["https://cdn.example.org/x.js", "https://fonts.gstatic.com/f.woff2"]
    assert check_offline.main([str(tmp_path)]) == 1
    (tmp_path / "_static" / "a.js").write_text("var s = 1;")
    (tmp_path / "_static" / "c.css").write_text("@font-face { src: url(fonts/f.woff2) }")
    assert check_offline.main([str(tmp_path)]) == 0


def test_built_book_loads_nothing_from_other_hosts():
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file():
        pytest.skip("the book is not built (no _build/html/index.html): run `make book` first")
    offenders = check_offline.check(html)
    assert not offenders, "\n".join(map(str, offenders))
