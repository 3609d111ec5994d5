"""Tests of bot_core.charts.proximity: the specifications the builders return, not how they look.

Small hand-made frames only; no data loading. The formulas the figures evaluate in the browser
are checked against bot_core.criteria's own.
"""

from __future__ import annotations

import re
import types

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts, criteria
from bot_core.charts import proximity
from .chart_helpers import spec_of


def walk(spec):
    """Every view in a (possibly nested) specification."""
    yield spec
    for key in ("layer", "hconcat", "vconcat"):
        for child in spec.get(key, []):
            yield from walk(child)


def params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for view in walk(spec) for p in view.get("params", [])}


def calculations(spec: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for view in walk(spec):
        for t in view.get("transform", []):
            if "calculate" in t:
                out.setdefault(t["as"], set()).add(t["calculate"])
    return out


def datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def browser_eval(expression: str, datum: dict, **signals) -> float:
    """Evaluate a Vega expression that uses only datum fields, parameters, arithmetic and pow()."""
    assert re.fullmatch(r"[\w\s.*/+\-(),]+", expression), expression
    return eval(expression, {"__builtins__": {}, "pow": pow}, {"datum": types.SimpleNamespace(**datum), **signals})


# --- decay_curve ---------------------------------------------------------------------------------


def pairs_frame():
    return pd.DataFrame(
        {
            "dyad": ["UK–France", "USA–USSR", "USA–Canada"],
            "capdist": [342.2, 7831.1, 734.0],
            "border_km": [35.0, 80.0, 0.0],
        }
    )


def test_sliders_for_half_distance_and_weight_start_at_the_given_values():
    spec = spec_of(charts.decay_curve(pairs_frame(), half_distance_km=1500, core_weight=0.25))
    p = params(spec)
    half, core = p[proximity.HALF_PARAM], p[proximity.CORE_PARAM]
    assert half["value"] == 1500 and core["value"] == 0.25
    assert half["bind"]["input"] == core["bind"]["input"] == "range"
    assert (half["bind"]["min"], half["bind"]["max"]) == (100, 5000)
    assert (core["bind"]["min"], core["bind"]["max"]) == (0, 1)


def test_defaults_are_bot_cores_defaults():
    p = params(spec_of(charts.decay_curve(pairs_frame())))
    spec = criteria.CriteriaSpec()
    assert p[proximity.HALF_PARAM]["value"] == spec.half_distance_km
    assert p[proximity.CORE_PARAM]["value"] == spec.core_weight


_CALCS: dict = {}


def decay_calculations() -> dict[str, set[str]]:
    if not _CALCS:
        _CALCS.update(calculations(spec_of(charts.decay_curve(pairs_frame()))))
    return _CALCS


@settings(max_examples=200, deadline=None)
@given(
    capdist=st.floats(1, 20_000),
    border=st.floats(0, 20_000),
    half=st.floats(100, 5000),
    weight=st.floats(0, 1),
)
def test_the_browser_computes_what_bot_core_computes(capdist, border, half, weight):
    calcs = decay_calculations()
    # the pairs' effective distance (the other "distance" places the half-distance mark)
    (distance_expr,) = {e for e in calcs["distance"] if "datum" in e}
    assert {e for e in calcs["distance"] if "datum" not in e} == {proximity.HALF_PARAM}
    # one formula for the curve and the pairs alike (the other "proximity" is the half-distance mark's 0.5)
    (proximity_expr,) = {e for e in calcs["proximity"] if "pow" in e}
    signals = {proximity.HALF_PARAM: half, proximity.CORE_PARAM: weight}
    d = browser_eval(distance_expr, {"capdist": capdist, "border_km": border}, **signals)
    assert d == pytest.approx(weight * capdist + (1 - weight) * border)
    got = browser_eval(proximity_expr, {"distance": d}, **signals)
    assert got == pytest.approx(float(criteria.proximity_decay(d, half)), rel=1e-12, abs=1e-300)


def test_pairs_data_are_the_input_and_the_curve_is_generated_in_the_browser():
    frame = pairs_frame()
    spec = spec_of(charts.decay_curve(frame))
    (data,) = datasets(spec)
    pd.testing.assert_frame_equal(pd.DataFrame(data), frame, check_dtype=False)
    sequences = [view["data"]["sequence"] for view in walk(spec) if "sequence" in view.get("data", {})]
    assert any(s["start"] == 0 and s["stop"] > 8000 for s in sequences)  # past the longest capital distance


def test_ranking_panel_sorts_by_proximity_and_hover_links_both_panels():
    spec = spec_of(charts.decay_curve(pairs_frame()))
    bars = next(v for v in walk(spec) if isinstance(v.get("mark"), dict) and v["mark"]["type"] == "bar")
    assert bars["encoding"]["y"]["sort"] == {"field": "proximity", "op": "max", "order": "descending"}
    (hover,) = [p for p in params(spec).values() if p.get("select", {}).get("fields") == ["dyad"]]
    listening = {v.get("name"): v["mark"]["type"] for v in walk(spec) if v.get("name") in hover["views"]}
    assert sorted(listening.values()) == ["bar", "point"]  # the pointer works in both panels


@pytest.mark.parametrize(
    ("kwargs", "change", "message"),
    [
        ({}, lambda d: d.assign(border_km=-1.0), "distances in km"),
        ({}, lambda d: d.assign(capdist=np.nan), "distances in km"),
        ({}, lambda d: pd.concat([d, d.iloc[[0]]]), "more than one row"),
        ({}, lambda d: d.drop(columns="capdist"), "missing the column"),
        ({"core_weight": 1.5}, lambda d: d, "core_weight"),
        ({"half_distance_km": 50}, lambda d: d, "half_distance_km"),
        ({"half_range": (500, 100)}, lambda d: d, "half_range"),
    ],
)
def test_decay_curve_refuses_bad_input(kwargs, change, message):
    with pytest.raises(ValueError, match=message):
        charts.decay_curve(change(pairs_frame()), **kwargs)


# --- distance_history ----------------------------------------------------------------------------


def history_frame():
    rows = [("USA–USSR", y, 7187.0, 7187.0, "capital") for y in (1884, 1885)]
    rows += [("USA–USSR", y, 7187.0, 3243.0, "cshapes") for y in (1886, 1887)]
    rows += [("Israel–Egypt", y, 427.0, 0.0, "contiguity" if y == 1948 else "cshapes") for y in (1948, 1949, 1950)]
    rows += [("Israel–Egypt", 1967, 427.0, 0.0, "cshapes")]  # a gap: a new spell
    return pd.DataFrame(rows, columns=["dyad", "year", "capdist", "border_km", "border_source"])


def test_pair_dropdown_lists_the_pairs_in_order_and_filters_the_data():
    spec = spec_of(charts.distance_history(history_frame(), initial="Israel–Egypt"))
    p = params(spec)[proximity.DYAD_PARAM]
    assert p["value"] == "Israel–Egypt"
    assert p["bind"]["options"] == ["USA–USSR", "Israel–Egypt"]
    filters = {t["filter"] for v in walk(spec) for t in v.get("transform", []) if "filter" in t}
    assert f"datum.dyad == {proximity.DYAD_PARAM}" in filters


def test_history_data_are_the_input_with_spells_breaking_at_gaps():
    frame = history_frame()
    (data,) = datasets(spec_of(charts.distance_history(frame)))
    got = pd.DataFrame(data)
    pd.testing.assert_frame_equal(got[list(frame.columns)], frame, check_dtype=False)
    assert got.spell.tolist() == [0, 0, 0, 0, 0, 0, 0, 1]


def test_effective_distance_line_uses_the_given_weight():
    spec = spec_of(charts.distance_history(history_frame(), core_weight=0.25))
    (expr,) = calculations(spec)["effective"]
    assert browser_eval(expr, {"capdist": 1000.0, "border_km": 200.0}) == pytest.approx(400.0)


def test_history_refuses_unknown_sources_and_pairs():
    with pytest.raises(ValueError, match="unknown border sources"):
        charts.distance_history(history_frame().assign(border_source="atlas"))
    with pytest.raises(ValueError, match="initial pair 'UK–France'"):
        charts.distance_history(history_frame(), initial="UK–France")
    with pytest.raises(ValueError, match="more than one row"):
        charts.distance_history(pd.concat([history_frame(), history_frame().iloc[[0]]]))


# --- border_sources ------------------------------------------------------------------------------


def counts_frame():
    return pd.DataFrame(
        [(1885, "contiguity", 75), (1885, "capital", 555), (1886, "cshapes", 630), (1887, "cshapes", 700),
         (1887, "capital", 3)],
        columns=["year", "border_source", "dyads"],
    )


def test_counts_are_pivoted_with_zeros_for_absent_sources():
    (data,) = [d for d in datasets(spec_of(charts.border_sources(counts_frame()))) if "cshapes" in d[0]]
    assert data == [
        {"year": 1885, "cshapes": 0, "contiguity": 75, "capital": 555},
        {"year": 1886, "cshapes": 630, "contiguity": 0, "capital": 0},
        {"year": 1887, "cshapes": 700, "contiguity": 0, "capital": 3},
    ]


def test_areas_are_shares_and_the_pointer_reads_a_year():
    spec = spec_of(charts.border_sources(counts_frame()))
    area = next(v for v in walk(spec) if isinstance(v.get("mark"), dict) and v["mark"]["type"] == "area")
    assert area["encoding"]["y"]["stack"] == "normalize"
    hover = [p for p in params(spec).values() if p.get("select", {}).get("fields") == ["year"]]
    assert len(hover) == 1 and hover[0]["select"]["nearest"] is True


def test_mark_year_must_be_in_the_data():
    with pytest.raises(ValueError, match="mark_year 1900"):
        charts.border_sources(counts_frame(), mark_year=1900)
    spec = spec_of(charts.border_sources(counts_frame(), mark_year=None))
    texts = [str(v.get("encoding")) for v in walk(spec) if (v.get("mark") or {}).get("type") == "text"]
    assert texts and not any("CShapes begins" in t for t in texts)
    marked = spec_of(charts.border_sources(counts_frame(), mark_year=1886))
    assert any("CShapes begins, 1886" in str(v.get("encoding")) for v in walk(marked))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.assign(dyads=-1), "whole numbers"),
        (lambda d: d.assign(dyads=1.5), "whole numbers"),
        (lambda d: d.assign(border_source=d.border_source.replace("capital", "atlas")), "unknown border sources"),
        (lambda d: d.assign(dyads=0), "no pairs"),
        (lambda d: d.drop(columns="dyads"), "missing the column"),
    ],
)
def test_border_sources_refuses_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        charts.border_sources(change(counts_frame()))


# --- all three -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "signal"),
    [
        (lambda: charts.decay_curve(pairs_frame()), proximity.HALF_PARAM),
        (lambda: charts.decay_curve(pairs_frame()), proximity.CORE_PARAM),
        (lambda: charts.distance_history(history_frame()), proximity.DYAD_PARAM),
        (lambda: charts.border_sources(counts_frame()), None),
    ],
)
def test_specifications_compile_to_vega(build, signal):
    vlc = pytest.importorskip("vl_convert")
    vega = vlc.vegalite_to_vega(spec_of(build()), vl_version="6.4")
    names = {s["name"] for s in vega.get("signals", [])}
    if signal:
        assert signal in names


def test_inputs_are_not_modified():
    frames = pairs_frame(), history_frame(), counts_frame()
    copies = [f.copy() for f in frames]
    charts.decay_curve(frames[0])
    charts.distance_history(frames[1])
    charts.border_sources(frames[2])
    for f, c in zip(frames, copies):
        pd.testing.assert_frame_equal(f, c)
