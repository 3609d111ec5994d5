"""How fast the static figures answer their controls, in headless Chromium (no kernel).

Usage: python benchmarks/bench_pages.py [site]   (default: _build/html; build it with `make book`)

For every chart on every chapter page that has a weight slider (the threat index explorer and the
case figures of Part III), the script moves the slider to a new value a number of times and
measures, in the page, the time from the input event to the end of the redraw (the chart's SVG has
changed and the browser has painted the next frame). It prints the median and the worst time per
chart. The target is 100 ms.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 9

MEASURE = """async ([index, name, value]) => {
  const el = document.querySelectorAll('.bot-core-chart')[index];
  const input = el.querySelector(`input[name=${name}]`);
  const svg = el.querySelector('svg.marks');
  const before = svg.innerHTML;
  const t0 = performance.now();
  const changed = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (svg.innerHTML !== before) { obs.disconnect(); requestAnimationFrame(() => resolve(performance.now())); }
    });
    obs.observe(svg, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(NaN); }, 5000);
  });
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return (await changed) - t0;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html").resolve()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for page in sorted((site / "chapters").glob("*.html")):
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(f"{base}/chapters/{page.name}")
            tab.wait_for_function("() => Array.from(document.querySelectorAll('.bot-core-chart'))"
                                  ".every(el => el.querySelector('svg.marks') || el.textContent.trim())", timeout=60_000)
            sliders = tab.evaluate("""() => Array.from(document.querySelectorAll('.bot-core-chart')).map((el, i) => {
                const s = el.querySelector('input[type=range][name*=w_intent]');
                return s ? [i, s.name] : null; }).filter(x => x)""")
            for index, name in sliders:
                times = [tab.evaluate(MEASURE, [index, name, str(round(0.05 + 0.1 * (k % 10), 2))]) for k in range(REPEATS)]
                times = [t for t in times if t == t]
                rows.append((page.stem, index, name, statistics.median(times), max(times), len(times)))
            tab.close()
        browser.close()
    httpd.shutdown()
    print(f"{'page':32} {'chart':>5} {'slider':18} {'median ms':>10} {'worst ms':>9}")
    for page, index, name, med, worst, n in rows:
        print(f"{page:32} {index:>5} {name:18} {med:10.1f} {worst:9.1f}")


if __name__ == "__main__":
    main()
