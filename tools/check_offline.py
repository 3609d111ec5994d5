"""List everything built HTML pages would load from other hosts; exit 1 if there is anything.

Usage: python tools/check_offline.py _build/html

Scans every ``.html`` file under the folder, and every local ``.js`` and ``.css`` file the pages
reference (and the ``.css`` files those import), for URLs of other hosts that a browser would
*load*: ``<script src>``, ``<link href>`` for stylesheets, icons, preloads, prefetches and
preconnects, ``<img>``/``<source>``/``<video>``/``<audio>``/``<track>``/``<input type=image>``
sources, ``<iframe>``/``<embed>``/``<object>``, ``<base href>``, SVG ``<image>``/``<use>``,
``data-jupyter-widgets-cdn`` (where the widget manager would fetch modules from), ``@import`` and
``url(...)`` in CSS (``<style>``, ``style=""`` and CSS files), and in JavaScript (inline scripts
and script files) ``fetch``/``import``/``importScripts``/``XMLHttpRequest.open``/``sendBeacon``/
``new Worker|WebSocket|EventSource`` of such URLs, ``.src =`` assignments and HTML or CSS
strings that load them. Links that are only followed when clicked (``<a href>``) are not loads
and are not reported. A URL of another host is ``http(s)://``, ``ws(s)://``, ``ftp://`` or
protocol-relative ``//``. This is a static check: the browser test of the book is its complement.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL = r"(?:(?:https?|wss?|ftp):)?//[^\s'\"`)\\]+"
_EXTERNAL_RE = re.compile(rf"^\s*{EXTERNAL}", re.I)

LINK_RELS = {
    "stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender",
    "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon", "manifest",
}
SRC_ATTRS = {  # tag -> attributes whose URL the browser loads
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "base": ("href",), "body": ("background",), "table": ("background",), "td": ("background",),
}
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
            "application/ecmascript"}

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_Q = r"(['\"`])"
CSS_PATTERNS = [
    re.compile(rf"@import\s+(?:url\(\s*)?{_Q}?\s*({EXTERNAL})", re.I),
    re.compile(rf"url\(\s*{_Q}?\s*({EXTERNAL})", re.I),
]
JS_PATTERNS = [
    re.compile(rf"\b(?:fetch|importScripts|import)\s*\(\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"\bfrom\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"\.src\s*=\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"setAttribute\(\s*['\"](?:src|href)['\"]\s*,\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"\.open\(\s*['\"][A-Za-z]+['\"]\s*,\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"\bnew\s+(?:Worker|SharedWorker|WebSocket|EventSource)\(\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"\bsendBeacon\(\s*{_Q}\s*({EXTERNAL})"),
    re.compile(rf"<(?:script|img|iframe|embed|source)\b[^>]*?\ssrc\s*=\s*\\?(['\"])\s*({EXTERNAL})", re.I),
    re.compile(rf"<link\b[^>]*?\shref\s*=\s*\\?(['\"])\s*({EXTERNAL})", re.I),
    *CSS_PATTERNS,
]


@dataclass(frozen=True)
class Offender:
    where: str  # the file (and what in it) that would load the URL
    url: str

    def __str__(self) -> str:
        return f"{self.where}: {self.url}"


def is_external(url: str | None) -> bool:
    return bool(url) and bool(_EXTERNAL_RE.match(url))


def _scan(text: str, patterns: list[re.Pattern]) -> list[str]:
    text = _COMMENT.sub("", text)
    found = {m.start(2): m.group(2) for pattern in patterns for m in pattern.finditer(text)}
    return [found[at] for at in sorted(found)]  # one URL once, though two patterns match it


def scan_css(text: str) -> list[str]:
    return _scan(text, CSS_PATTERNS)


def scan_js(text: str) -> list[str]:
    return _scan(text, JS_PATTERNS)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (what, url)
        self.local: list[str] = []  # local .js/.css the page loads
        self._text_kind: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        urls: list[tuple[str, str]] = []
        for name in SRC_ATTRS.get(tag, ()):
            if name in a:
                value = a[name]
                parts = [p.strip().split(" ")[0] for p in value.split(",")] if name == "srcset" else [value]
                urls += [(f"<{tag} {name}>", p) for p in parts]
        if tag == "input" and a.get("type", "").lower() == "image" and "src" in a:
            urls.append(("<input type=image src>", a["src"]))
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if rels & LINK_RELS or "as" in a:
                urls.append((f"<link rel={a.get('rel', '')} href>", a["href"]))
                if "stylesheet" in rels:
                    self.local.append(a["href"])
        if "data-jupyter-widgets-cdn" in a:
            urls.append(("<script data-jupyter-widgets-cdn>", a["data-jupyter-widgets-cdn"]))
        if "style" in a:
            urls += [(f"<{tag} style>", u) for u in scan_css(a["style"])]
        self.loads += [(what, url) for what, url in urls if is_external(url)]
        if tag == "script" and "src" in a:
            self.local.append(a["src"])
        if tag == "script" and "src" not in a and a.get("type", "").lower() in JS_TYPES:
            self._text_kind = "js"
        elif tag == "style":
            self._text_kind = "css"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._text_kind = None

    def handle_data(self, data: str) -> None:
        if self._text_kind == "js":
            self.loads += [("inline <script>", u) for u in scan_js(data)]
        elif self._text_kind == "css":
            self.loads += [("<style>", u) for u in scan_css(data)]


def scan_html(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(external loads as (what, url), local script and stylesheet references) of one page."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.loads, [u for u in parser.local if u and not is_external(u)]


def _local_file(ref: str, page: Path, root: Path) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (root / parts.path.lstrip("/")) if parts.path.startswith("/") else (page.parent / unquote(parts.path))
    path = path.resolve()
    return path if path.is_file() and path.is_relative_to(root) else None


def check(root: Path) -> list[Offender]:
    """Every load of another host's URL by the pages under ``root`` and their local assets."""
    root = Path(root).resolve()
    offenders: set[Offender] = set()
    assets: dict[Path, str] = {}  # local file -> "js" or "css"
    for page in sorted(root.rglob("*.html")):
        loads, local = scan_html(page.read_text(encoding="utf-8", errors="replace"))
        rel = page.relative_to(root).as_posix()
        offenders.update(Offender(f"{rel} {what}", url) for what, url in loads)
        for ref in local:
            path = _local_file(ref, page, root)
            if path is not None and path.suffix in (".js", ".css"):
                assets[path] = path.suffix[1:]
    done: set[Path] = set()
    todo = list(assets)
    while todo:
        path = todo.pop()
        if path in done:
            continue
        done.add(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".css":
            found = scan_css(text)
            for m in re.finditer(rf"@import\s+(?:url\(\s*)?{_Q}?\s*([^'\"`)\s;]+)", _COMMENT.sub("", text)):
                imported = _local_file(m.group(2), path, root)
                if imported is not None:
                    todo.append(imported)
        else:
            found = scan_js(text)
        offenders.update(Offender(rel, url) for url in found)
    return sorted(offenders, key=lambda o: (o.where, o.url))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = Path(argv[0])
    pages = sum(1 for _ in root.rglob("*.html"))
    if pages == 0:
        print(f"no .html files under {root}", file=sys.stderr)
        return 2
    offenders = check(root)
    for offender in offenders:
        print(offender)
    if offenders:
        print(f"{len(offenders)} load(s) from other hosts in {pages} pages under {root}", file=sys.stderr)
        return 1
    print(f"{pages} pages under {root}: nothing loaded from other hosts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
