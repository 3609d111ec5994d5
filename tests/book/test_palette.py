"""Every chart the book shows is readable by colour-blind readers.

The test reads the chapters' stored outputs (what the pages show), takes each chart's Vega-Lite
specification and checks every colour in it: literal colours must come from the Okabe–Ito palette
(`bot_core.charts.base.OKABE_ITO`, plus black) or be neutral greys; a colour, fill or stroke
*encoding* of a field must say its colours (a `range` obeying the same rule, or a colour-blind-safe
`scheme`). A colour encoding left to Vega's default category palette (tableau10, which puts red
beside green) fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot_core.charts.base import OKABE_ITO

CHAPTERS = sorted((Path(__file__).resolve().parents[2] / "chapters").glob("*.ipynb"))
ALLOWED = {c.lower() for c in OKABE_ITO} | {"#000000", "black", "white", "#ffffff", "transparent"}
#: Sequential schemes that stay ordered under the common colour-vision deficiencies.
SAFE_SCHEMES = {"viridis", "cividis", "magma", "inferno", "plasma", "greys", "blues", "oranges", "purples"}
_HEX = re.compile(r"^#([0-9a-f]{6}|[0-9a-f]{3})$")
_IN_TEXT = re.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b")


def _grey(c: str) -> bool:
    if not _HEX.match(c):
        return False
    h = c[1:] if len(c) == 7 else "".join(ch * 2 for ch in c[1:])
    return h[0:2] == h[2:4] == h[4:6]


def colour_ok(c: str) -> bool:
    c = c.strip().lower()
    return c in ALLOWED or _grey(c)


def specs(nb: Path) -> list[dict]:
    out = []
    decoder = json.JSONDecoder()
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        for o in cell.get("outputs", []):
            html = "".join(o.get("data", {}).get("text/html", ""))
            for m in re.finditer(r"vegaEmbed\(el, ", html):
                out.append(decoder.raw_decode(html, m.end())[0])
    return out


def problems(node, path="spec") -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in ("color", "fill", "stroke", "background") and isinstance(value, str) and value.startswith("#"):
                if not colour_ok(value):
                    found.append(f"{here} = {value}")
            if key in ("color", "fill", "stroke") and isinstance(value, dict) and "field" in value:
                scale = value.get("scale") or {}
                if "scale" in value and value["scale"] is None:
                    pass  # the field holds the colours themselves: checked where they are written (below)
                elif "range" in scale:
                    bad = [c for c in scale["range"] if isinstance(c, str) and not colour_ok(c)]
                    found += [f"{here}.scale.range has {c}" for c in bad]
                elif "scheme" in scale:
                    name = scale["scheme"] if isinstance(scale["scheme"], str) else scale["scheme"].get("name")
                    if name not in SAFE_SCHEMES:
                        found.append(f"{here}.scale.scheme = {name}")
                else:
                    found.append(f"{here}: field {value['field']!r} uses Vega's default palette")
            if key == "value" and isinstance(value, str) and value.startswith("#") and not colour_ok(value):
                found.append(f"{here} = {value}")
            if key in ("calculate", "expr") and isinstance(value, str):  # colours written by an expression
                found += [f"{here} has {c}" for c in _IN_TEXT.findall(value.lower()) if not colour_ok(c)]
            found += problems(value, here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += problems(v, f"{path}[{i}]")
    return found


def test_the_rule_catches_what_it_should():
    assert colour_ok("#0072B2") and colour_ok("#777") and colour_ok("#d0d0d0")
    assert not colour_ok("#ff0000") and not colour_ok("#4c78a8")  # red; tableau's blue
    assert problems({"encoding": {"color": {"field": "x", "type": "nominal"}}})
    assert problems({"mark": {"color": "#e45756"}})
    assert not problems({"encoding": {"color": {"field": "x", "scale": {"range": ["#0072B2", "#D55E00"]}}}})
    # a field that holds its colours (scale null): the colours are checked in the expression that writes them
    assert not problems({"transform": [{"calculate": "datum.a ? '#0072B2' : '#dddddd'", "as": "f"}],
                         "encoding": {"fill": {"field": "f", "scale": None}}})
    assert problems({"transform": [{"calculate": "datum.a ? '#e45756' : '#dddddd'", "as": "f"}],
                     "encoding": {"fill": {"field": "f", "scale": None}}})


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_chart_colours_are_colour_blind_safe(nb):
    found = [f"chart {i}: {p}" for i, s in enumerate(specs(nb)) for p in problems(s)]
    assert not found, f"{nb.name}: " + "; ".join(found[:8])
