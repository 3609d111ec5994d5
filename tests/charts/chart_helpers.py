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


def nodes(tree):
    """Every dict anywhere in a nested spec or scenegraph (lists and dicts), depth first, each
    before what it holds."""
    if isinstance(tree, dict):
        yield tree
        children = tree.values()
    elif isinstance(tree, list):
        children = tree
    else:
        return
    for child in children:
        yield from nodes(child)


def all_params(spec: dict) -> dict:
    """Every parameter anywhere in a (possibly nested or concatenated) spec, by name."""
    return {p["name"]: p for node in nodes(spec) for p in node.get("params", []) or []}


def datasets(spec: dict) -> list[list[dict]]:
    """Every data set a spec embeds: the named ``datasets`` first, then inline ``values`` found
    anywhere in it (layers, concatenated views, lookups)."""
    inline = [node["data"]["values"] for node in nodes(spec)
              if isinstance(node.get("data"), dict) and isinstance(node["data"].get("values"), list)]
    return [v for v in spec.get("datasets", {}).values() if isinstance(v, list)] + inline
