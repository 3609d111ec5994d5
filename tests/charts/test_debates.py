"""Tests of bot_core.charts.debates: the rates' arithmetic and the specifications the builders
return (small hand-made frames only; no data loading)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import debates
from bot_core.charts.base import OKABE_ITO
from .chart_helpers import all_params, spec_of


def sides():
    """Eight states' sides: strength band (categorical), revisionist or not, two outcomes."""
    return pd.DataFrame({
        "band": pd.Categorical(["weak", "weak", "weak", "weak", "strong", "strong", "strong", "strong"],
                               categories=["weak", "middling", "strong"]),
        "kind": ["revisionist", "revisionist", "status quo", "status quo",
                 "revisionist", "status quo", "status quo", "status quo"],
        "with_threat": [True, False, False, False, False, False, True, False],
        "stronger": [True, True, True, False, False, False, False, False],
    })


# --- compare_rates ---------------------------------------------------------------------------------


def test_compare_rates_counts_each_group_and_series():
    r = charts.compare_rates(sides(), {"top threat": "with_threat", "stronger": "stronger"}, "band", "kind")
    weak_rev = r[(r.measure == "top threat") & (r.group == "weak") & (r.series == "revisionist")].iloc[0]
    assert (weak_rev.k, weak_rev.n, weak_rev.rate) == (1, 2, 0.5)
    strong_sq = r[(r.measure == "stronger") & (r.group == "strong") & (r.series == "status quo")].iloc[0]
    assert (strong_sq.k, strong_sq.n) == (0, 3)
    # the empty category "middling" is dropped, the categories' order kept
    assert r.drop_duplicates("group").sort_values("order").group.tolist() == ["weak", "strong"]
    assert len(r) == 2 * 2 * 2
    assert ((r.low <= r.rate) & (r.rate <= r.high)).all()


def test_compare_rates_interval_matches_wilson():
    r = charts.compare_rates(sides(), {"t": "with_threat"}, "band", "kind")
    lo, hi = charts.wilson_interval(r.k, r.n)
    assert np.allclose(r.low, lo) and np.allclose(r.high, hi)


@pytest.mark.parametrize("bad, message", [
    ({}, "at least one outcome"),
    ({"x": "nope"}, "missing the column"),
    ({"x": "kind"}, "must be boolean"),
])
def test_compare_rates_rejects_bad_outcomes(bad, message):
    with pytest.raises(ValueError, match=message):
        charts.compare_rates(sides(), bad, "band", "kind")


def test_compare_rates_rejects_missing_groups():
    s = sides().astype({"kind": object})
    s.loc[0, "kind"] = None
    with pytest.raises(ValueError, match="missing values"):
        charts.compare_rates(s, {"t": "with_threat"}, "band", "kind")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xy"), st.booleans()), min_size=1, max_size=40))
def test_compare_rates_totals_add_up(rows):
    f = pd.DataFrame(rows, columns=["g", "s", "o"])
    r = charts.compare_rates(f, {"o": "o"}, "g", "s")
    assert r.n.sum() == len(f) and r.k.sum() == int(f.o.sum())
    assert ((0 <= r.low) & (r.low <= r.rate) & (r.rate <= r.high) & (r.high <= 1)).all()


# --- rate_dots -------------------------------------------------------------------------------------


def test_rate_dots_has_menu_legend_selection_and_the_data():
    r = charts.compare_rates(sides(), {"top threat": "with_threat", "stronger": "stronger"}, "band", "kind")
    spec = spec_of(charts.rate_dots(r, description="alt text"))
    params = all_params(spec)
    menu = params[debates.RATE_MEASURE_PARAM]
    assert menu["bind"]["options"] == ["top threat", "stronger"] and menu["value"] == "top threat"
    assert params[debates.RATE_SERIES_PARAM]["bind"] == "legend"
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(r) and {d["series"] for d in data} == {"revisionist", "status quo"}
    assert spec["description"] == "alt text"
    colours = [layer["encoding"]["color"]["scale"]["range"] for layer in spec["layer"]]
    assert colours[0] == list(OKABE_ITO[:2])


def test_rate_dots_rejects_bad_input():
    r = charts.compare_rates(sides(), {"t": "with_threat"}, "band", "kind")
    with pytest.raises(ValueError, match="missing the column"):
        charts.rate_dots(r.drop(columns="high"))
    with pytest.raises(ValueError, match="within its interval"):
        charts.rate_dots(r.assign(low=r.rate + 0.1))
    with pytest.raises(ValueError, match="more than one row"):
        charts.rate_dots(pd.concat([r, r]))


# --- leader_allies ---------------------------------------------------------------------------------


def leaders():
    rows = []
    for reading in ("army", "cinc"):
        for year in (1900, 1901):
            rows.append((reading, "land", year, "Russia" if reading == "army" else "Germany", 1, 5))
            rows.append((reading, "sea", year, "United Kingdom", 2, 5))
    f = pd.DataFrame(rows, columns=["reading", "leader", "year", "state", "allies", "others"])
    return f.assign(share=f.allies / f.others)


def test_leader_allies_has_menu_hover_and_the_data():
    spec = spec_of(charts.leader_allies(leaders()))
    params = all_params(spec)
    assert params[debates.LEADER_READING_PARAM]["bind"]["options"] == ["army", "cinc"]
    assert params[debates.LEADER_HOVER_PARAM]["select"]["on"] == "pointerover"
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 8 and {d["state"] for d in data} == {"Russia", "Germany", "United Kingdom"}


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="state"), "missing the column"),
    (lambda f: f.assign(share=0.9), "allies / others"),
    (lambda f: f.assign(allies=9), "allies <= others"),
    (lambda f: pd.concat([f, f]), "more than one row"),
])
def test_leader_allies_rejects_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        charts.leader_allies(change(leaders()))
