"""Helpers shared by the chart tests (tests/charts/test_*.py)."""

import re
import warnings

import pytest

#: The Vega-Lite version altair 6 emits, for rendering specs with vl-convert.
VL = "6.4"


def spec_of(chart) -> dict:
    """The chart's Vega-Lite spec; any warning altair raises while building it is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return chart.to_dict()


def aria_labels(spec: dict) -> list[str]:
    """The aria-labels of the marks vl-convert draws for ``spec`` (what the page would draw)."""
    vlc = pytest.importorskip("vl_convert")
    return re.findall(r'aria-label="([^"]*)"', vlc.vegalite_to_svg(spec, vl_version=VL))


def all_params(spec: dict) -> dict:
    """Every parameter anywhere in a (possibly nested or concatenated) spec, by name."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            for p in node.get("params", []) or []:
                found[p["name"]] = p
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


def datasets(spec: dict) -> list[list[dict]]:
    """Every data set a spec embeds: the named ``datasets`` first, then inline ``values`` found
    anywhere in it (layers, concatenated views, lookups)."""
    inline = []

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                inline.append(data["values"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return [v for v in spec.get("datasets", {}).values() if isinstance(v, list)] + inline
