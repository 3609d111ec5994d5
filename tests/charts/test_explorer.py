"""Tests of bot_core.charts.explorer: the explorer's specifications, on small hand-made frames.

The static explorer computes in the browser, so beyond the specification's parameters and data
these tests run it: ``vl_convert`` compiles it to Vega and executes the dataflow (the same Vega
the page loads), and the ranking it draws is compared with the same formula in Python.
"""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import vl_convert
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import threat
from bot_core.charts import explorer as xc

from .chart_helpers import nodes

CRITERIA = ["power", "proximity", "offense", "intent"]
PERCEIVERS = {1: "Aland", 2: "Borduria"}


def frame(years=(2000, 2005, 2010), targets=range(10, 24), seed=0, decimals=6):
    rng = np.random.default_rng(seed)
    rows = [(i, y, j) for i in PERCEIVERS for y in years for j in targets if j != i]
    d = pd.DataFrame(rows, columns=["ccode1", "year", "ccode2"])
    x = rng.random((len(d), 4)) ** 3  # many small values, as in the real data
    x[rng.random(len(d)) < 0.4, 3] = 0.0  # no recorded hostility
    d[CRITERIA] = np.round(x, decimals)
    return d


def names(targets=range(10, 24)):
    return pd.DataFrame({"ccode": list(targets), "name": [f"State {j}" for j in targets]})


def build(d=None, **kw):
    d = frame() if d is None else d
    args = dict(state=1, year=2005, target=None)
    args.update(kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return xc.threat_explorer(d, names(), PERCEIVERS, **args).to_dict()


def params(spec):
    return {p["name"]: p for p in spec["params"]}


def with_values(spec, **values):
    out = json.loads(json.dumps(spec))
    for p in out["params"]:
        if p["name"] in values:
            p["value"] = values[p["name"]]
    return out


def drawn(spec):
    """Run the specification in Vega: the ranking drawn in panel (a), and every other text."""
    ranks, texts = [], []
    for node in nodes(vl_convert.vegalite_to_scenegraph(spec)):
        if node.get("marktype") == "text":
            for item in node.get("items", []):
                m = re.match(r"Rank (\d+): .* \(COW (\d+)\), threat ([0-9.]+)", item.get("description") or "")
                if m:
                    ranks.append((int(m[1]), int(m[2]), float(m[3])))
                elif item.get("text"):
                    texts.append(item["text"])
    return [j for _, j, _ in sorted(ranks)], [t for _, _, t in sorted(ranks)], texts


def python_ranking(d, state, year, w, form, k=10, floor=0.01):
    """The page's formula in Python (slider weights, not normalised)."""
    g = d[(d.ccode1 == state) & (d.year == year)].dropna(subset=CRITERIA)
    acc = 0.0
    for c in CRITERIA:
        term = g[c] if form == "additive" else np.log(floor + (1 - floor) * g[c])
        acc = acc + w[c] * term
    total = sum(w[c] for c in CRITERIA)
    t = acc / total if form == "additive" else np.exp(acc / total)
    out = pd.DataFrame({"j": g.ccode2, "t": t}).sort_values(["t", "j"], ascending=[False, True])
    return out.j.head(k).tolist()


# --- parameters -------------------------------------------------------------------------------


def test_controls_are_bound_to_inputs_with_the_data_ranges():
    p = params(build())
    P = xc.EXPLORER_PARAMS
    assert p[P["state"]]["bind"]["input"] == "select"
    assert p[P["state"]]["bind"]["options"] == [1, 2]
    assert p[P["state"]]["bind"]["labels"] == ["Aland", "Borduria"]
    assert p[P["state"]]["value"] == 1
    assert {k: p[P["year"]]["bind"][k] for k in ("input", "min", "max", "step")} == {
        "input": "range", "min": 2000, "max": 2010, "step": 5}
    assert p[P["year"]]["value"] == 2005
    assert p[P["form"]]["bind"]["options"] == ["additive", "geometric"]
    for c in CRITERIA:
        w = p[P[c]]
        assert (w["bind"]["input"], w["bind"]["min"], w["bind"]["max"]) == ("range", 0, 1)
        assert w["value"] == threat.DEFAULT_WEIGHTS[c]
    assert p[P["target"]]["select"]["type"] == "point"
    assert p[P["target"]]["select"]["fields"] == ["j"]
    assert all(v.startswith("ranking_bars") for v in p[P["target"]]["views"])


def test_opening_settings_are_the_ones_given():
    p = params(build(state=2, year=2010, target=12, form="geometric", weights={"power": 1, "intent": 0.5}))
    P = xc.EXPLORER_PARAMS
    assert p[P["state"]]["value"] == 2 and p[P["year"]]["value"] == 2010
    assert p[P["form"]]["value"] == "geometric"
    assert p[P["target"]]["value"] == [{"j": 12}]
    assert [p[P[c]]["value"] for c in CRITERIA] == [1, 0, 0, 0.5]


def test_threat_is_computed_from_the_criteria_with_the_floor():
    text = json.dumps(build())
    assert "log(0.01 + 0.99 * (datum.p / 1000000))" in text
    assert "(w_power * (datum.p / 1000000) + w_proximity * (datum.x / 1000000)" in text
    assert '"op": "row_number"' in text and "datum.rank <= 10" in text


# --- data ---------------------------------------------------------------------------------------


def test_embedded_data_are_the_rows_passed():
    d = frame()
    back = xc.embedded_data(build(d))
    pd.testing.assert_frame_equal(back, d.reset_index(drop=True), check_dtype=False)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), min_size=4, max_size=4), st.integers(0, 9))
def test_embedded_values_round_to_the_decimals(values, decimals):
    d = pd.DataFrame([[1, 2000, 10, *values], [1, 2000, 11, 0.5, 0.5, 0.5, 0.5]],
                     columns=["ccode1", "year", "ccode2", *CRITERIA])
    spec = xc.threat_explorer(d, names(), {1: "A"}, state=1, year=2000, decimals=decimals).to_dict(validate=False)
    back = xc.embedded_data(spec)
    np.testing.assert_allclose(back[CRITERIA].to_numpy(), np.round(d[CRITERIA].to_numpy(), decimals),
                               atol=10.0 ** -decimals / 2 + 1e-15, equal_nan=True)


def test_rows_of_other_perceivers_are_left_out():
    d = frame()
    spec = xc.threat_explorer(d, names(), {2: "Borduria"}, state=2, year=2000).to_dict()
    assert set(xc.embedded_data(spec).ccode1) == {2}


# --- the page's computation, run in Vega ----------------------------------------------------------


@pytest.mark.parametrize("settings_", [
    {},
    {"form": "geometric"},
    {"perceiver": 2, "year": 2010, "w_power": 0.9, "w_intent": 0.05},
    {"perceiver": 2, "year": 2000, "form": "geometric", "w_proximity": 0, "w_offense": 1},
])
def test_vega_draws_the_ranking_the_formula_gives(settings_):
    d = frame()
    spec = with_values(build(d), **settings_)
    codes, values, _ = drawn(spec)
    w = {c: settings_.get(f"w_{c}", threat.DEFAULT_WEIGHTS[c]) for c in CRITERIA}  # the chart opens on the defaults
    expected = python_ranking(d, settings_.get("perceiver", 1), settings_.get("year", 2005), w,
                              settings_.get("form", threat.DEFAULT_FORM))
    assert codes == expected
    assert values == sorted(values, reverse=True)


def test_the_spec_compiles_to_vega():
    vg = vl_convert.vegalite_to_vega(build())
    assert {"perceiver", "year", "form", "w_power", "target"} <= {s["name"] for s in vg["signals"]}


def test_messages_for_a_missing_state_year_and_zero_weights():
    d = frame()
    d = d[~((d.ccode1 == 2) & (d.year == 2000))]
    codes, _, texts = drawn(with_values(build(d), perceiver=2, year=2000))
    assert codes == [] and "Borduria was not a system member in 2000." in texts
    codes, _, texts = drawn(with_values(build(d), w_power=0, w_proximity=0, w_offense=0, w_intent=0))
    assert codes == [] and "All four weights are zero: raise at least one." in texts


def test_missing_criteria_are_never_ranked():
    d = frame()
    best = python_ranking(d, 1, 2005, dict.fromkeys(CRITERIA, 0.25), "additive")[0]
    d.loc[(d.ccode1 == 1) & (d.year == 2005) & (d.ccode2 == best), "offense"] = np.nan
    codes, _, _ = drawn(build(d))
    assert best not in codes and len(codes) == 10


def test_clicked_target_is_traced_over_time():
    _, _, texts = drawn(build(target=12))
    assert "Threat to Aland from State 12" in texts
    _, _, texts = drawn(build(target=None))
    assert any(t.startswith("Click a bar in (a)") for t in texts)


# --- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns="intent"), "missing the column"),
    (lambda d: d.assign(power=d.power + 1), "between 0 and 1"),
    (lambda d: pd.concat([d, d.head(1)]), "more than one row"),
    (lambda d: d[d.year != 2005].pipe(lambda x: pd.concat([x, x[x.year == 2010].assign(year=2012)])), "evenly spaced"),
])
def test_bad_data_raise_clear_errors(change, message):
    with pytest.raises(ValueError, match=message):
        xc.threat_explorer(change(frame()), names(), PERCEIVERS, state=1, year=2000)


@pytest.mark.parametrize("kw, message", [
    ({"state": 3}, "not among the perceivers"),
    ({"year": 2001}, "not in the data"),
    ({"target": 99}, "not a target"),
    ({"form": "multiplicative"}, "form must be"),
    ({"floor": 0}, "floor must be"),
    ({"weights": {"power": 0}}, "at least one weight must be positive"),
    ({"weights": {"power": 2}}, "opening weights must lie between 0 and 1"),
    ({"weights": [0.25, 0.25, 0.25]}, "give four weights"),
    ({"weights": {"might": 1}}, "unknown criteria"),
    ({"top": 0}, "top must be"),
])
def test_bad_settings_raise_clear_errors(kw, message):
    args = dict(state=1, year=2000)
    args.update(kw)
    with pytest.raises(ValueError, match=message):
        xc.threat_explorer(frame(), names(), PERCEIVERS, **args)


def test_unnamed_targets_raise():
    with pytest.raises(ValueError, match="names lacks"):
        xc.threat_explorer(frame(), names(range(10, 15)), PERCEIVERS, state=1, year=2000)


def test_embedded_data_needs_an_explorer_spec():
    with pytest.raises(ValueError, match="no explorer data"):
        xc.embedded_data({"data": {"values": [{"a": 1}]}})


# --- the live widget's charts ------------------------------------------------------------------------


def segments(n=3):
    rows = []
    for r in range(1, n + 1):
        for k, c in enumerate(CRITERIA):
            rows.append({"rank": r, "name": f"S{r}", "criterion": c, "value": 0.1 * (k + 1), "segment": 0.02 * (k + 1) / r,
                         "threat": 0.2 / r, "position": 0.2 / r})
    return pd.DataFrame(rows)


def test_ranking_embeds_its_segments_and_labels_each_bar_once():
    spec = xc.threat_ranking(segments(), title="T", subtitle="S").to_dict()
    (values,) = spec["datasets"].values()
    assert len(values) == 12
    assert [v["label"] for v in values[::4]] == ["1. S1", "2. S2", "3. S3"]
    assert [v["value_text"] for v in values[::4]] == ["0.200", "0.100", "0.067"]
    assert spec["title"]["text"] == "T" and spec["title"]["subtitle"] == "S"
    text_layer = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"][0]
    assert {"filter": "datum.order == 0"} in text_layer["transform"]


def test_ranking_axis_labels_follow_the_form():
    axis = xc.threat_ranking(segments(), form="geometric").to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelExpr"].startswith("('geometric') == 'geometric'")
    assert axis["values"] == [0, 0.25, 0.5, 0.75, 1]


def test_ranking_rejects_bad_segments():
    with pytest.raises(ValueError, match="unknown criteria"):
        xc.threat_ranking(segments().assign(criterion="wealth").drop_duplicates(["rank"]))
    with pytest.raises(ValueError, match="missing the column"):
        xc.threat_ranking(segments().drop(columns="position"))


def test_history_marks_the_highlighted_year_and_breaks_at_gaps():
    h = pd.DataFrame({"year": [2000, 2001, 2002], "threat": [0.1, np.nan, 0.3], "power": [0.1, 0.2, 0.3],
                      "proximity": 0.5, "offense": [0.0, np.nan, 0.1], "intent": 0.0})
    spec = xc.dyad_history(h, highlight_year=2001, title="H").to_dict()
    (values,) = spec["datasets"].values()
    assert [v["highlight"] for v in values] == [False, True, False]
    assert values[1]["threat"] is None
    lines = [layer for panel in spec["vconcat"] for layer in panel["layer"] if layer["mark"]["type"] == "line"]
    assert all(layer["mark"]["invalid"] == "break-paths-filter-domains" for layer in lines)
    with pytest.raises(ValueError, match="not in the history"):
        xc.dyad_history(h, highlight_year=1999)


# --- shares of weightings ------------------------------------------------------------------------------


def shares_frame():
    return pd.DataFrame({"year": [2000, 2000, 2001, 2000, 2001], "form": ["additive"] * 3 + ["geometric"] * 2,
                         "target": ["A", "B", "A", "A", "A"], "share": [0.7, 0.3, 1.0, 1.0, 1.0]})


def test_shares_fill_absent_targets_with_zero_and_facet_by_form():
    spec = xc.top_threat_shares(shares_frame(), highlight_year=2000).to_dict()
    (values,) = spec["datasets"].values()
    assert len(values) == 2 * 2 * 2
    assert {(v["year"], v["form"], v["target"]): v["share"] for v in values}[(2001, "geometric", "B")] == 0
    assert spec["facet"]["column"]["field"] == "form"
    (param,) = spec["params"]
    assert param["value"] == [{"year": 2000}] and param["select"]["on"] == "pointerover"


def test_shares_reject_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        xc.top_threat_shares(shares_frame().assign(share=2.0))
    with pytest.raises(ValueError, match="at most 7"):
        xc.top_threat_shares(pd.DataFrame({"year": 2000, "form": "additive", "target": list("ABCDEFGH"), "share": 0.125}))
    with pytest.raises(ValueError, match="not in the data"):
        xc.top_threat_shares(shares_frame(), highlight_year=1999)
    with pytest.raises(ValueError, match="form must be"):
        xc.top_threat_shares(shares_frame().iloc[:3].assign(form="linear"))
