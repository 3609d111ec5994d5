"""The whole book as one PDF, printed offline by the Chromium of the site test (``make pdf``).

Every page of ``_toc.yml``, in its order, is opened from the built HTML book (``_build/html``) the
way ``make site-test`` opens it (a local HTTP server, Debian's Chromium driven by Playwright, every
request to another host blocked). When every chart (``.bot-core-chart``) has drawn, each is
replaced by a PNG image of its default view (the chart's own marks, without its controls), so that
the PDF shows it as the page first shows it. The page is then printed with its print styles
(``_static/print.css``: no sidebar, navigation or controls), and the pages are joined, after a title
page with the version, into ``_build/pdf/balance_of_threat.pdf`` with one bookmark per part and
chapter. A chart that does not draw is an error: the tool stops and names it.

Beside the PDF, ``balance_of_threat.json`` records, per chapter, its first page, number of pages, the
pixel size of every chart image and the seconds it took to print.

    python tools/book_pdf.py [--site _build/html] [--out _build/pdf/balance_of_threat.pdf]
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import functools
import html
import http.server
import io
import json
import re
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The window in which the pages are laid out before printing (the site test's desktop size) and
#: the pixel density of the chart images (2: sharp in print at the size of the text column).
VIEWPORT = {"width": 1280, "height": 900}
SCALE = 2
PDF_OPTIONS = {"format": "A4", "print_background": True,
               "margin": {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}}

#: Every chart's state after drawing: drawn (vega's marks are there), its description, its marks.
CHARTS = """() => Array.from(document.querySelectorAll('.bot-core-chart')).map((el, i) => ({
    drawn: !!el.querySelector('svg.marks, canvas.marks'),
    text: el.querySelector('svg.marks, canvas.marks') ? '' : el.textContent.trim().slice(0, 200),
    label: el.getAttribute('aria-label') || ''}))"""

#: Chart i as a PNG of its marks alone (no sliders, buttons or menus) at ``scale`` times its size:
#: vega's SVG drawn onto a canvas (a canvas chart is copied as it is), so the image does not depend
#: on the window, the scroll position or the theme's sticky header.
RASTER = """async ([i, scale]) => {
    const el = document.querySelectorAll('.bot-core-chart')[i];
    const marks = el.querySelector('svg.marks, canvas.marks');
    if (marks.tagName.toLowerCase() === 'canvas') {
        return {src: marks.toDataURL('image/png'), width: marks.clientWidth, height: marks.clientHeight};
    }
    const width = marks.width.baseVal.value, height = marks.height.baseVal.value;
    const svg = marks.cloneNode(true);
    svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)],
                                             {type: 'image/svg+xml'}));
    const img = new Image();
    await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = reject; img.src = url; });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale); canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'white'; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    URL.revokeObjectURL(url);
    return {src: canvas.toDataURL('image/png'), width: width, height: height};
}"""

#: Replace chart i by its image, shown at the chart's drawn width (at most the column's).
SWAP = """([i, src, width]) => {
    const el = document.querySelectorAll('.bot-core-chart')[i];
    const img = document.createElement('img');
    img.src = src; img.className = 'bot-core-chart-image';
    img.alt = el.getAttribute('aria-label') || '';
    img.style.width = width + 'px'; img.style.maxWidth = '100%'; img.style.height = 'auto';
    el.replaceChildren(img);
    return new Promise(resolve => img.complete ? resolve(true) : (img.onload = () => resolve(true)));
}"""


class ChartNotDrawn(RuntimeError):
    """A chart of the book did not draw, so the PDF would lack it."""


def toc_pages(root: Path = ROOT) -> list[dict]:
    """The pages of the book in the order of ``_toc.yml``: ``{"file", "part"}`` (root first, no part)."""
    import yaml

    toc_file = root / "_toc.yml"
    if not toc_file.is_file():
        raise FileNotFoundError(f"no table of contents at {toc_file}: run from the book's folder.")
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    entries = [{"file": toc["root"], "part": None}]
    parts = toc.get("parts") or [{"caption": None, "chapters": toc.get("chapters", [])}]
    for part in parts:
        for chapter in part.get("chapters", []):
            entries.append({"file": chapter["file"], "part": part.get("caption")})
    for e in entries:
        e["file"] = re.sub(r"\.(md|ipynb|rst)$", "", e["file"])
        e["html"] = e["file"] + ".html"
    return entries


def page_title(html_file: Path) -> str:
    """The chapter's title: the text of the page's first ``<h1>`` (its heading link removed)."""
    text = html_file.read_text(encoding="utf-8")
    found = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    if not found:
        raise ValueError(f"{html_file} has no <h1> title")
    inner = re.sub(r'<a class="headerlink".*?</a>', "", found.group(1), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", inner))).strip()


@contextmanager
def serve(site: Path):
    """The built book on a local HTTP server on a free port, as the site test serves it."""
    from tests.built_book.conftest import _Quiet

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@contextmanager
def chromium():
    """Debian's Chromium under Playwright, started with the site test's arguments."""
    from playwright.sync_api import sync_playwright

    from tests.built_book.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM}: install Debian's `chromium` (apt-get install chromium).")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def print_page(browser, server: str, page: str) -> tuple[bytes, list[list[int]]]:
    """One page as PDF bytes, every chart as an image; and the pixel size of each chart image."""
    from tests.built_book.test_browser import _open

    context, tab, seen = _open(browser, server, page, VIEWPORT)
    try:
        charts = tab.evaluate(CHARTS)
        failed = [c["text"] or c["label"][:80] for c in charts if not c["drawn"]]
        if failed:
            raise ChartNotDrawn(f"{page}: {len(failed)} of {len(charts)} charts did not draw: {failed[:3]}")
        if seen["outside"]:
            raise RuntimeError(f"{page} requested other hosts: {sorted(set(seen['outside']))[:5]}")
        sizes = []
        for i in range(len(charts)):
            image = tab.evaluate(RASTER, [i, SCALE])
            png = base64.b64decode(image["src"].split(",", 1)[1])
            sizes.append(list(_png_size(png)))
            tab.evaluate(SWAP, [i, image["src"], round(image["width"])])
        tab.emulate_media(media="print")
        return tab.pdf(**PDF_OPTIONS, outline=False), sizes
    finally:
        context.close()


def _png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("the chart image is not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def version() -> str:
    """bot_core's version, with the commit of the tree the book was built from when git knows it."""
    import bot_core

    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{bot_core.__version__} ({commit})" if commit else bot_core.__version__


def title_page(browser, title: str, author: str, ver: str) -> bytes:
    tab = browser.new_page()
    try:
        tab.set_content(f"""<!doctype html><html><head><meta charset="utf-8"><style>
            body {{ font-family: sans-serif; text-align: center; margin-top: 30vh; }}
            h1 {{ font-size: 34pt; margin-bottom: 0.3em; }} p {{ font-size: 13pt; color: #333; }}
            </style></head><body><h1>{html.escape(title)}</h1><p>{html.escape(author)}</p>
            <p>Version {html.escape(ver)}, printed {_dt.date.today().isoformat()}</p>
            <p>The interactive charts are shown in their default view.</p></body></html>""")
        return tab.pdf(**PDF_OPTIONS)
    finally:
        tab.close()


def build(site: Path, out: Path, browser=None, server: str | None = None, root: Path = ROOT, log=print) -> dict:
    """Print the book at ``site`` into ``out``; return the record written beside it."""
    import yaml

    site = site.resolve()
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"no built book at {site}: run `make book` first.")
    from pypdf import PdfReader, PdfWriter  # requirements-site.txt (`make pdf` installs it)

    entries = toc_pages(root)
    missing = [e["html"] for e in entries if not (site / e["html"]).is_file()]
    if missing:
        raise FileNotFoundError(f"pages of _toc.yml missing from {site}: {missing[:5]} (rebuild with `make book`).")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    with (_nothing(browser) if browser else chromium()) as b, (_nothing(server) if server else serve(site)) as s:
        ver = version()
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(title_page(b, config.get("title", "Book"), config.get("author", ""), ver))))
        record = {"version": ver, "chapters": []}
        parts: dict[str, object] = {}
        for e in entries:
            started = time.perf_counter()
            data, sizes = print_page(b, s, e["html"])
            seconds = time.perf_counter() - started
            first = len(writer.pages)
            reader = PdfReader(io.BytesIO(data))
            writer.append(reader)
            title = page_title(site / e["html"])
            parent = None
            if e["part"]:
                if e["part"] not in parts:
                    parts[e["part"]] = writer.add_outline_item(e["part"], first)
                parent = parts[e["part"]]
            writer.add_outline_item(title, first, parent=parent)
            record["chapters"].append({"page": e["html"], "title": title, "part": e["part"], "first_page": first,
                                       "pages": len(reader.pages), "charts": sizes, "seconds": round(seconds, 2)})
            log(f"{e['html']}: {len(reader.pages)} pages, {len(sizes)} charts, {seconds:.1f} s")
        writer.add_metadata({"/Title": config.get("title", ""), "/Author": config.get("author", ""),
                             "/Subject": f"version {ver}"})
        writer.page_mode = "/UseOutlines"
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as f:
            writer.write(f)
    record["bytes"] = out.stat().st_size
    record["pages"] = sum(c["pages"] for c in record["chapters"]) + 1
    out.with_suffix(".json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record


@contextmanager
def _nothing(value):
    yield value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built HTML book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "balance_of_threat.pdf")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder (with _toc.yml)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        record = build(args.site, args.out, root=args.root.resolve())
    except (ChartNotDrawn, FileNotFoundError, ValueError, RuntimeError) as err:
        print(f"book_pdf: {err}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"{args.out}: {record['pages']} pages, {sum(len(c['charts']) for c in record['chapters'])} charts, "
          f"{record['bytes'] / 1e6:.1f} MB, {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
