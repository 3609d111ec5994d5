"""Show altair charts without a CDN: in the book's pages and in Jupyter.

altair's default renderer writes HTML that loads vega, vega-lite and vega-embed from a CDN. The
book's pages must load nothing from other hosts, so they load one local bundle instead
(``_static/vendor/vega/vega-bundle.js``, written by ``tools/vendor_assets.py`` from the same
vega-lite version altair emits), which defines ``window.vegaEmbed``. The ``"bot_core"`` renderer
registered here returns:

* ``text/html``: a ``<div>`` and a ``<script>`` that calls ``vegaEmbed`` on the spec, with no URL
  in it; if ``vegaEmbed`` is missing, the div says so in words instead of raising an error;
* the Vega-Lite spec under the Vega-Lite MIME type, for front ends that draw it natively;
* ``text/plain``: the chart's description or title.

JupyterLab (up to 4.6 at least) draws Vega-Lite only up to version 5, and its pages do not define
``vegaEmbed``; so outside the book the HTML carries the bundle itself, once per kernel session (in
the first chart shown after :func:`enable`). The book's build sets the environment variable
:data:`PAGE_LOADS_VEGA` (``tools/vendor_assets.py``, loaded as a Sphinx extension), which its
notebook kernels inherit; the book's pages then get the short HTML only, and no Vega-Lite MIME
entry, which myst-nb cannot draw and would warn about (the build turns warnings into errors).

Parameters bound to inputs (sliders, selections) are part of the spec; vega-embed draws them.
Registering happens when this module is imported; :func:`enable` turns the renderer on.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from typing import Any

import altair as alt

NAME = "bot_core"
PAGE_LOADS_VEGA = "BOT_CORE_PAGE_LOADS_VEGA"
"""Environment variable: when ``"1"``, the pages showing the charts define ``vegaEmbed``."""

VEGALITE_MIME_TYPE = "application/vnd.vegalite.v{}+json".format(alt.SCHEMA_VERSION.lstrip("v").split(".")[0])
"""The MIME type of the spec: altair 6 names it ``application/vnd.vegalite.v6.json``, which the
notebook format rejects for a JSON value (only ``.../...+json`` types may hold one), so a notebook
holding it cannot be saved or built; this is the ``+json`` form that the v3 to v5 types have."""
EMBED_OPTIONS: dict[str, Any] = {"actions": False, "mode": "vega-lite"}

_ids = itertools.count(1)
_bundle_sent = False

_MISSING = (
    "This interactive chart is drawn by vega-embed, which is not loaded in this page. "
    "Run bot_core.rendering.enable() and show the chart again."
)


def _js(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _shape(value: Any) -> Any:
    """``value`` with every float replaced by ``"#"``: a chart's form without its measured values,
    which is what its id is derived from. Float noise (one processor's rounding against another's)
    cannot reach the id, however close a value lies to a rounding boundary; a value that really
    changes is caught where it matters, in the spec itself, by the notebook regression test."""
    if isinstance(value, float):
        return "#"
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    return value


_ALTAIR_NAME = re.compile(r"data-[0-9a-f]{32}")


def _stable_names(spec: dict) -> dict:
    """``spec`` with its inline data sets renamed from altair's names (a hash of the exact
    values, so float noise in the last digit renames them) to ``data-1``, ``data-2``, ... in the
    order the spec lists them; names a chart chose itself (``"empty"``) stay, with their
    references."""
    sets = spec.get("datasets")
    if not isinstance(sets, dict) or not sets:
        return spec
    numbers = (f"data-{k}" for k in itertools.count(1))
    new = {}
    for old in sets:
        if _ALTAIR_NAME.fullmatch(old):
            name = next(numbers)
            while name in sets:
                name = next(numbers)
            new[old] = name
    if not new:
        return spec

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: rename(v) for k, v in value.items()}
            if isinstance(value.get("name"), str) and value["name"] in new:  # {"name": ..., "format": ...} too
                out["name"] = new[value["name"]]
            return out
        if isinstance(value, list):
            return [rename(v) for v in value]
        return value

    out = {k: rename(v) for k, v in spec.items() if k != "datasets"}
    out["datasets"] = {new.get(k, k): v for k, v in sets.items()}
    return out


def _inline_bundle() -> str:
    """vega, vega-lite and vega-embed in one ``<script>`` (for pages that do not load them)."""
    try:
        import vl_convert
    except ImportError:  # then the chart's div says that vega-embed is missing
        return ""

    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    code = vl_convert.javascript_bundle(vl_version=version).replace("</script", "<\\/script")
    return f"<script>if (typeof window.vegaEmbed !== 'function') {{ (function () {{\n{code}\n}})(); }}</script>\n"


def render(spec: dict, inline: bool | None = None, embed_options: dict | None = None, **_: Any) -> dict:
    """The altair renderer: a MIME bundle for ``spec`` (see the module docstring).

    ``inline``: put the vega bundle into this chart's HTML if it is the first since :func:`enable`;
    by default, unless the environment variable :data:`PAGE_LOADS_VEGA` is ``"1"`` (in the book).
    """
    global _bundle_sent
    in_book = os.environ.get(PAGE_LOADS_VEGA) == "1"
    if inline is None:
        inline = not in_book
    shown = _stable_names({k: v for k, v in spec.items() if k != "$schema"})  # vega-embed needs no schema URL
    digest = hashlib.sha1(_js(_shape(shown)).encode()).hexdigest()[:8]
    div = f"bot-chart-{digest}-{next(_ids)}"  # unique in a page, the same on re-execution and on any CPU
    options = {**EMBED_OPTIONS, **(embed_options or {})}
    head = ""
    if inline and not _bundle_sent:
        head = _inline_bundle()
        _bundle_sent = bool(head)
    html = (
        f'{head}<div id="{div}" class="bot-core-chart"></div>\n'
        "<script>(function () {\n"
        "  var s = document.currentScript, el = s && s.previousElementSibling;\n"
        f'  if (!el || el.id !== "{div}") el = document.getElementById("{div}");\n'
        '  if (typeof window.vegaEmbed !== "function") {\n'
        f"    el.textContent = {_js(_MISSING)};\n"
        "    return;\n"
        "  }\n"
        f"  window.vegaEmbed(el, {_js(shown)}, {_js(options)}).catch(function (err) {{\n"
        '    el.textContent = "The chart could not be drawn: " + err;\n'
        "  });\n"
        "})();</script>"
    )
    label = spec.get("description") or spec.get("title") or "an altair chart"
    if isinstance(label, dict):
        label = label.get("text", "an altair chart")
    if isinstance(label, list):
        label = " ".join(map(str, label))
    bundle = {"text/html": html, "text/plain": f"Chart: {label}"}
    if not in_book:
        bundle[VEGALITE_MIME_TYPE] = spec
    return bundle


def in_book() -> bool:
    """True while the book's build (or its notebook tests) executes a chapter: the environment
    variable :data:`PAGE_LOADS_VEGA` is ``"1"``. Chapters use it to leave out what only a live
    kernel can use (the ipywidgets explorer), which would otherwise be stored in the page."""
    return os.environ.get(PAGE_LOADS_VEGA) == "1"


def enable(*, inline: bool | None = None, embed_options: dict | None = None) -> None:
    """Turn on the ``"bot_core"`` renderer for this session (see the module docstring).

    ``embed_options`` are merged over ``EMBED_OPTIONS`` (vega-embed's options).
    """
    global _bundle_sent
    _bundle_sent = False
    options: dict[str, Any] = {}
    if inline is not None:
        options["inline"] = inline
    if embed_options:
        options["embed_options"] = embed_options
    alt.renderers.enable(NAME, **options)


alt.renderers.register(NAME, render)
