"""Fixtures of the tests of the *built* book (``make site-test``, after ``make book``).

The site is served from ``_build/html`` (or ``$BOT_SITE_DIR``) by a local HTTP server on a free
port; the browser is Debian's Chromium driven by Playwright, with every request to another host
blocked. Screenshots go to ``_build/screenshots`` (``$BOT_SCREENSHOT_DIR``): test artifacts, never
committed.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("BOT_SITE_DIR", ROOT / "_build" / "html")).resolve()
SHOTS = Path(os.environ.get("BOT_SCREENSHOT_DIR", ROOT / "_build" / "screenshots")).resolve()
REPORT = SITE.parent / "site_report.json"
CHROMIUM = os.environ.get("BOT_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pages() -> list[str]:
    """Every HTML page of the site, relative to its root (the search and index pages included)."""
    if not (SITE / "index.html").is_file():
        return []
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts
                  and "_sources" not in p.parts)


@pytest.hookimpl(trylast=True)   # after -m has deselected the suite in a default run
def pytest_collection_modifyitems(config, items):
    if any("built_book" in str(i.fspath) for i in items) and not (SITE / "index.html").is_file():
        raise pytest.UsageError(f"no built book at {SITE}: run `make book` first (or set BOT_SITE_DIR).")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def server():
    handler = functools.partial(_Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's `chromium` (apt-get install chromium).")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def report():
    """Per-page measurements, written to ``_build/site_report.json`` at the end of the session."""
    data: dict = {"pages": {}}
    yield data
    files = [p for p in SITE.rglob("*") if p.is_file()]
    data["site_bytes"] = sum(p.stat().st_size for p in files)
    data["site_files"] = len(files)
    REPORT.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    heaviest = sorted(data["pages"].items(), key=lambda kv: -kv[1].get("bytes_loaded", 0))[:5]
    print(f"\nsite: {data['site_files']} files, {data['site_bytes'] / 1e6:.1f} MB; heaviest pages "
          "(HTML and data; with the shared code, styles and fonts):")
    for name, row in heaviest:
        print(f"  {name}: {row['bytes_loaded'] / 1e6:.2f} MB; {row['bytes_with_shared_assets'] / 1e6:.2f} MB, "
              f"{row['charts']} charts")
