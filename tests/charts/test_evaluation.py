"""Tests of bot_core.charts.evaluation: the helpers' arithmetic and the specifications the
builders return (small hand-made frames only; no data loading)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import evaluation as ev
from bot_core.charts.base import OKABE_ITO
from .chart_helpers import all_params, spec_of

LABELS = ("bandwagoning", "balancing (threat)", "balancing (power)", "none")


def params_by_name(spec: dict) -> dict:
    return {p["name"]: p for p in spec.get("params", [])}


def classified():
    """Six onsets: era, label and a made-up categorical grouping."""
    return pd.DataFrame({
        "year": [1900, 1901, 1950, 1951, 1952, 2000],
        "ccode1": [2, 2, 200, 200, 365, 2],
        "ccode2": [20, 40, 220, 255, 710, 20],
        "threat1": [365, 40, 365, 365, 710, 365],
        "threat2": [2, 2, 365, 200, 710, 2],
        "cinc1": [0.2, 0.2, 0.05, 0.05, 0.2, 0.15],
        "cinc2": [0.01, 0.001, 0.04, 0.03, 0.1, 0.02],
        "label": pd.Categorical(["bandwagoning", "bandwagoning", "balancing (threat)", "bandwagoning",
                                 "balancing (threat)", "balancing (power)"], categories=LABELS),
        "era": ["1816-1913", "1816-1913", "1946-1991", "1946-1991", "1946-1991", "1992-2016"],
        "size": pd.Categorical(["small", "small", "big", "big", "big", "small"], categories=["small", "medium", "big"]),
    })


# --- label_share_table ---------------------------------------------------------------------------


def test_label_shares_count_and_stack_each_group():
    t = charts.label_share_table(classified(), {"era": "era"}, LABELS)
    cold = t[t.group.str.startswith("1946-1991")].set_index("label")
    assert cold.onsets.to_dict() == {"bandwagoning": 1, "balancing (threat)": 2, "balancing (power)": 0, "none": 0}
    assert (cold.total == 3).all()
    assert cold.share.sum() == pytest.approx(1)
    # segments are stacked in the order of the labels: each starts where the previous ends
    assert cold.start.tolist() == pytest.approx([0, 1 / 3, 1, 1])
    assert cold.end.tolist() == pytest.approx([1 / 3, 1, 1, 1])
    assert (cold["mid"] == (cold.start + cold.end) / 2).all()
    assert cold.index.name == "label" and t.group.str.contains(r"\(n = 3\)").any()


def test_label_shares_keep_category_order_and_drop_empty_categories():
    t = charts.label_share_table(classified(), {"era": "era", "size": "size"}, LABELS)
    groups = t[t.grouping == "size"].drop_duplicates("group").sort_values("order").group.tolist()
    assert groups == ["small (n = 3)", "big (n = 3)"]           # "medium" has no onset
    assert list(pd.unique(t.grouping)) == ["era", "size"]


def test_label_shares_reject_unknown_labels_and_missing_columns():
    with pytest.raises(ValueError, match="not in labels"):
        charts.label_share_table(classified(), {"era": "era"}, LABELS[:2])
    with pytest.raises(ValueError, match="'region'"):
        charts.label_share_table(classified(), {"region": "region"}, LABELS)
    with pytest.raises(ValueError, match="at least one grouping"):
        charts.label_share_table(classified(), {}, LABELS)


# --- onset_label_shares --------------------------------------------------------------------------


def test_onset_label_shares_menu_switches_grouping_and_legend_highlights():
    t = charts.label_share_table(classified(), {"era": "era", "size": "size"}, LABELS)
    spec = spec_of(charts.onset_label_shares(t, LABELS, description="alt text"))
    params = all_params(spec)
    menu = params[ev.ONSET_GROUPING_PARAM]
    assert menu["value"] == "era"
    assert menu["bind"]["input"] == "select" and menu["bind"]["options"] == ["era", "size"]
    assert params[ev.ONSET_LABEL_PARAM]["bind"] == "legend"
    filters = [tr["filter"] for layer in spec["layer"] for tr in layer.get("transform", []) if "filter" in tr]
    assert f"datum.grouping == {ev.ONSET_GROUPING_PARAM}" in filters
    assert spec["description"] == "alt text"
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour == {"domain": list(LABELS), "range": list(OKABE_ITO[:4])}


def test_onset_label_shares_embeds_exactly_the_table():
    t = charts.label_share_table(classified(), {"era": "era"}, LABELS)
    spec = spec_of(charts.onset_label_shares(t, LABELS))
    (rows,) = spec["datasets"].values()
    assert pd.DataFrame(rows)[t.columns].equals(t.reset_index(drop=True))


def test_onset_label_shares_rejects_bad_input():
    t = charts.label_share_table(classified(), {"era": "era"}, LABELS)
    with pytest.raises(ValueError, match="'mid'"):
        charts.onset_label_shares(t.drop(columns="mid"), LABELS)
    with pytest.raises(ValueError, match="not in labels"):
        charts.onset_label_shares(t, LABELS[:3])
    with pytest.raises(ValueError, match="no rows"):
        charts.onset_label_shares(t.iloc[:0], LABELS)


# --- sides, rates and Wilson intervals -----------------------------------------------------------


def test_onset_sides_finds_who_allied_with_its_top_threat():
    sides = charts.onset_sides(classified())
    assert len(sides) == 2 * len(classified())
    hit = sides[sides.with_threat].sort_values(["year", "ccode"])
    # 1900: state 20's top threat is 2, its partner; 1901: both partners; 1951: 255 threatened by
    # 200; 1952: 365 by 710 (710's own "top threat" is itself, which is no partner)
    assert list(zip(hit.year, hit.ccode, hit.partner)) == [
        (1900, 20, 2), (1901, 2, 40), (1901, 40, 2), (1951, 255, 200), (1952, 365, 710), (2000, 20, 2)]
    row = sides[(sides.year == 1900) & (sides.ccode == 20)].iloc[0]
    assert (row.cinc, row.partner_cinc) == (0.01, 0.2)


def test_wilson_interval_known_values():
    low, high = charts.wilson_interval(np.array([0, 5, 10]), np.array([10, 10, 10]))
    # 5 of 10: 0.2366 to 0.7634 (the textbook value); 0 of 10 keeps a positive upper bound
    assert low[1] == pytest.approx(0.2366, abs=1e-4) and high[1] == pytest.approx(0.7634, abs=1e-4)
    assert low[0] == 0 and high[0] == pytest.approx(0.2775, abs=1e-4)
    assert high[2] == 1 and low[2] == pytest.approx(1 - 0.2775, abs=1e-4)
    with pytest.raises(ValueError):
        charts.wilson_interval(3, 2)
    with pytest.raises(ValueError):
        charts.wilson_interval(1, 0)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 10_000), frac=st.floats(0, 1))
def test_wilson_interval_contains_the_share_and_narrows_with_more_trials(n, frac):
    k = int(round(frac * n))
    low, high = charts.wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1  # exactly, also at 0 and 1
    low4, high4 = charts.wilson_interval(4 * k, 4 * n)
    assert high4 - low4 <= high - low + 1e-12


def test_rate_table_counts_and_intervals():
    sides = charts.onset_sides(classified())
    sides["strong"] = np.where(sides.cinc >= 0.1, "strong", "weak")
    r = charts.rate_table(sides, "with_threat", {"strength": "strong"}).set_index("group")
    assert r.loc["weak", ["k", "n"]].tolist() == [4, 7] and r.loc["strong", ["k", "n"]].tolist() == [2, 5]
    lo, hi = charts.wilson_interval(4, 7)
    assert (r.loc["weak", "low"], r.loc["weak", "high"]) == pytest.approx((float(lo), float(hi)))
    with pytest.raises(ValueError, match="boolean"):
        charts.rate_table(sides.assign(with_threat=sides.with_threat.astype(int)), "with_threat", {"s": "strong"})


# --- bandwagoning_by_strength --------------------------------------------------------------------


def rates():
    sides = charts.onset_sides(classified())
    sides["strong"] = np.where(sides.cinc >= 0.1, "strong", "weak")
    sides["rel"] = np.where(sides.cinc < sides.partner_cinc, "weaker", "stronger")
    return charts.rate_table(sides, "with_threat", {"absolute": "strong", "relative": "rel"})


def test_bandwagoning_chart_has_one_panel_per_grouping_and_a_hover():
    spec = spec_of(charts.bandwagoning_by_strength(rates(), overall=0.3, description="d"))
    assert len(spec["vconcat"]) == 2
    hover = all_params(spec)[ev.RATE_HOVER_PARAM]
    assert hover["select"]["type"] == "point" and hover["select"]["on"] == "pointerover"
    for panel, name in zip(spec["vconcat"], ["absolute", "relative"]):
        assert {"filter": {"field": "grouping", "equal": name}} in panel["layer"][0]["transform"]
        assert panel["layer"][-1]["encoding"]["x"] == {"datum": 0.3}       # the overall rate
    (rows,) = spec["datasets"].values()
    assert len(rows) == len(rates())


def test_bandwagoning_chart_rejects_rates_outside_their_interval():
    r = rates()
    r.loc[0, "rate"] = r.loc[0, "high"] + 0.1
    with pytest.raises(ValueError, match="within its interval"):
        charts.bandwagoning_by_strength(r)
    with pytest.raises(ValueError, match="overall"):
        charts.bandwagoning_by_strength(rates(), overall=1.5)


# --- weight_space ------------------------------------------------------------------------------


def sweep_frame(n=5, seed=1):
    w = np.random.default_rng(seed).dirichlet(np.ones(4), size=n)
    rows = []
    for form, shift in (("additive", 0.0), ("geometric", 0.01)):
        for i, wi in enumerate(w):
            rows.append((*wi, form, 0.01 + 0.002 * i + shift))
    return pd.DataFrame(rows, columns=[*ev.WEIGHT_COLUMNS, "form", "mcc_threat"])


def test_weight_space_menus_and_compact_data():
    sw = sweep_frame()
    spec = spec_of(charts.weight_space(sw, {"system": -0.015, "regional": 0.02}))
    params = all_params(spec)
    axis = params[ev.WEIGHT_AXIS_PARAM]
    assert axis["value"] == "power" and axis["bind"]["options"] == ["power", "proximity", "offense", "intent"]
    assert axis["bind"]["labels"] == list(ev.WEIGHT_COLUMNS.values())
    bop = params[ev.BOP_PARAM]
    assert bop["value"] == "system" and bop["bind"]["options"] == ["system", "regional"]
    # one record per form, holding the columns as lists (flattened in the browser)
    records = spec["data"]["values"]
    assert [r["form"] for r in records] == ["additive", "geometric"]
    add = records[0]
    assert add["mcc"] == pytest.approx(sw[sw.form == "additive"].mcc_threat.round(5).tolist())
    assert add["proximity"] == pytest.approx(sw[sw.form == "additive"].w_proximity.round(3).tolist())
    text = json.dumps(spec)
    assert '"flatten": ["power", "proximity", "offense", "intent", "mcc"]' in text
    # the margin subtracts the MCC of the reading chosen in the menu
    assert f'datum.mcc - ({ev.BOP_PARAM} == \\"system\\" ? -0.015 : 0.02)' in text
    assert f"datum[{ev.WEIGHT_AXIS_PARAM}]" in text


def test_weight_space_rejects_bad_input():
    sw = sweep_frame()
    with pytest.raises(ValueError, match="sum to 1"):
        charts.weight_space(sw.assign(w_power=sw.w_power + 0.5), {"a": 0.0})
    with pytest.raises(ValueError, match="power_mcc"):
        charts.weight_space(sw, {})
    with pytest.raises(ValueError, match="between -1 and 1"):
        charts.weight_space(sw, {"a": 2.0})
    with pytest.raises(ValueError, match="not in forms"):
        charts.weight_space(sw, {"a": 0.0}, forms=["additive"])
    with pytest.raises(ValueError, match="'mcc_threat'"):
        charts.weight_space(sw.drop(columns="mcc_threat"), {"a": 0.0})
