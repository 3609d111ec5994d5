"""Tests of bot_core.charts.offense: the specifications the builders return.

Small hand-made frames only; no data loading. Where a test needs to know what the browser will
compute (the offense formula runs in Vega), it draws the chart to SVG with vl-convert and reads
the values back from the marks' ARIA labels.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import offense
from .chart_helpers import VL, aria_labels, spec_of


def inputs():
    return pd.DataFrame(
        {
            "view": ["Finland, 1985"] * 4 + ["Japan, 1985"] * 3,
            "state": ["USSR", "United States", "Sweden", "Norway", "USSR", "China", "North Korea"],
            "mil": [1.0, 0.8, 0.05, 0.03, 1.0, 0.3, 0.05],
            "distance_km": [450.0, 5600.0, 400.0, 500.0, 3000.0, 1500.0, 900.0],
            "major": [1, 1, 0, 0, 1, 1, 0],
        }
    )


def shares():
    return pd.DataFrame(
        {
            "year": [2015, 2015, 2015, 2001, 2001],
            "state": ["United States", "China", "North Korea", "United States", "North Korea"],
            "milex_share": [0.40, 0.10, None, 0.38, 0.002],
            "milper_share": [0.07, 0.12, 0.06, 0.07, 0.053],
            "score": [1.0, 0.47, 0.25, 1.0, 0.12],
        }
    )


def params(spec: dict) -> dict:
    return {p["name"]: p for p in spec["params"]}


def main_dataset(spec: dict) -> list[dict]:
    (data,) = spec["datasets"].values()
    return data


def formula(mil, d, major, reach, half=1000.0):
    return mil * 2 ** (-d / (half * (reach if major else 1)))


# --- offense_reach: the interaction ---------------------------------------------------------------


def test_reach_slider_and_view_dropdown():
    spec = spec_of(charts.offense_reach(inputs(), reach=4, reach_range=(1, 16), view="Japan, 1985"))
    p = params(spec)
    slider = p[offense.REACH_PARAM]
    assert slider["value"] == 4
    assert slider["bind"]["input"] == "range"
    assert (slider["bind"]["min"], slider["bind"]["max"]) == (1, 16)
    pick = p[offense.VIEW_PARAM]
    assert pick["bind"]["input"] == "select"
    assert pick["bind"]["options"] == ["Finland, 1985", "Japan, 1985"]  # order of first appearance
    assert pick["value"] == "Japan, 1985"


def test_the_formula_in_the_page_is_the_criterion():
    """The scores the browser draws equal mil * 2 ** (-d / (half * reach_j)) for the view shown."""
    for reach in (1.0, 4.0, 10.0):
        spec = spec_of(charts.offense_reach(inputs(), reach=reach, half_distance_km=1000, top=8))
        drawn = {}
        for label in aria_labels(spec):
            m = re.match(r"offense: ([0-9.e-]+); state: (.+)$", label)
            if m:
                drawn[m.group(2)] = float(m.group(1))
        finland = inputs()[inputs().view == "Finland, 1985"]
        want = {s: formula(m, d, j, reach) for s, m, d, j in zip(finland.state, finland.mil, finland.distance_km, finland.major)}
        assert drawn.keys() == want.keys()
        for state, value in want.items():
            assert drawn[state] == pytest.approx(value, rel=1e-9)


def test_only_the_top_scores_are_shown():
    spec = spec_of(charts.offense_reach(inputs(), top=2))
    y_axis = next(label for label in aria_labels(spec) if label.startswith("Y-axis"))
    assert y_axis.endswith("2 values: USSR, United States")  # Sweden and Norway are cut


def test_major_power_reach_changes_the_order():
    # at reach 1 the nearby non-major outranks the distant major power; at reach 16 not
    frame = pd.DataFrame(
        {"view": ["v", "v"], "state": ["near", "far"], "mil": [0.2, 1.0], "distance_km": [100.0, 6000.0], "major": [0, 1]}
    )
    for reach, first in ((1.0, "near"), (16.0, "far")):
        y_axis = next(a for a in aria_labels(spec_of(charts.offense_reach(frame, reach=reach))) if a.startswith("Y-axis"))
        assert y_axis.split(": ", 1)[1].split(", ")[0] == first


# --- offense_reach: the data --------------------------------------------------------------------


def test_data_are_the_inputs_in_order():
    frame = inputs().assign(extra="dropped")
    got = pd.DataFrame(main_dataset(spec_of(charts.offense_reach(frame))))
    pd.testing.assert_frame_equal(got, inputs(), check_dtype=False)


def test_inputs_are_not_modified():
    frame = inputs()
    before = frame.copy()
    charts.offense_reach(frame)
    pd.testing.assert_frame_equal(frame, before)


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 20000), st.booleans()), min_size=1, max_size=10
    )
)
def test_every_row_reaches_the_chart(rows):
    frame = pd.DataFrame(
        {
            "view": "v",
            "state": [f"s{i}" for i in range(len(rows))],
            "mil": [r[0] for r in rows],
            "distance_km": [r[1] for r in rows],
            "major": [int(r[2]) for r in rows],
        }
    )
    got = main_dataset(spec_of(charts.offense_reach(frame)))
    assert got == frame.to_dict("records")


# --- offense_reach: errors ------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["view", "state", "mil", "distance_km", "major"])
def test_missing_column_is_named(column):
    with pytest.raises(ValueError, match=rf"inputs is missing the column\(s\) '{column}'"):
        charts.offense_reach(inputs().drop(columns=column))


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("mil", 1.5, "'mil' must lie between 0.0 and 1.0"),
        ("mil", float("nan"), "'mil' has missing"),
        ("distance_km", -1.0, "'distance_km' must lie between"),
        ("major", 2, "'major' must hold 0 or 1"),
    ],
)
def test_bad_values_are_refused(column, value, message):
    frame = inputs()
    frame.loc[0, column] = value
    with pytest.raises(ValueError, match=message):
        charts.offense_reach(frame)


def test_repeated_pair_is_refused():
    with pytest.raises(ValueError, match="more than one row"):
        charts.offense_reach(pd.concat([inputs(), inputs().iloc[[0]]]))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reach": 20.0}, "outside reach_range"),
        ({"reach_range": (0.5, 8)}, "reach_range must be"),
        ({"half_distance_km": 0}, "half_distance_km must be"),
        ({"top": 0}, "top must be"),
        ({"view": "Peru, 1985"}, "view 'Peru, 1985' is not in the data"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        charts.offense_reach(inputs(), **kwargs)


def test_non_frame_is_refused():
    with pytest.raises(TypeError, match="inputs must be a pandas DataFrame"):
        charts.offense_reach({"view": ["v"]})


# --- military_components ----------------------------------------------------------------------------


def test_year_dropdown_lists_the_years_and_opens_on_the_last():
    spec = spec_of(charts.military_components(shares()))
    pick = params(spec)[offense.COMPONENT_YEAR_PARAM]
    assert pick["bind"]["input"] == "select"
    assert pick["bind"]["options"] == [2001, 2015]
    assert pick["value"] == 2015
    assert params(spec_of(charts.military_components(shares(), year=2001)))[offense.COMPONENT_YEAR_PARAM]["value"] == 2001


def test_components_data_are_the_input_with_the_missing_share_named():
    got = pd.DataFrame(main_dataset(spec_of(charts.military_components(shares()))))
    pd.testing.assert_frame_equal(got.drop(columns="missing"), shares(), check_dtype=False)
    assert got.missing.tolist() == ["", "", "no expenditure data", "", ""]


def test_the_tick_sits_at_the_mean_of_the_shares_present():
    labels = aria_labels(spec_of(charts.military_components(shares(), year=2015)))
    means = {}
    for label in labels:
        m = re.search(r"State: (.+?); .*Mean of the shares present: ([0-9.]+)%", label)
        if m:
            means[m.group(1)] = float(m.group(2)) / 100
    assert means["United States"] == pytest.approx((0.40 + 0.07) / 2, abs=5e-4)
    assert means["North Korea"] == pytest.approx(0.06, abs=5e-4)  # the one share present
    assert "missing" in next(a for a in labels if "State: North Korea" in a)


def test_states_are_ordered_by_score():
    labels = aria_labels(spec_of(charts.military_components(shares(), year=2015)))
    y_axis = next(a for a in labels if a.startswith("Y-axis"))
    assert y_axis.endswith("United States, China, North Korea")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"milper_share": [0.07, 1.2, 0.06, 0.07, 0.053]}, "'milper_share' must lie between 0 and 1"),
        ({"milex_share": [0.4, 0.1, None, 0.38, None], "milper_share": [0.07, 0.12, 0.06, 0.07, None]}, "neither share"),
        ({"score": [1.0, 0.47, float("nan"), 1.0, 0.12]}, "'score' has missing"),
    ],
)
def test_bad_shares_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        charts.military_components(shares().assign(**change))


def test_components_errors():
    with pytest.raises(ValueError, match="year 1999 is not in the data"):
        charts.military_components(shares(), year=1999)
    with pytest.raises(ValueError, match=r"missing the column\(s\) 'score'"):
        charts.military_components(shares().drop(columns="score"))
    with pytest.raises(ValueError, match="more than one row"):
        charts.military_components(pd.concat([shares(), shares().iloc[[0]]]))


def test_both_specs_compile_to_vega():
    vlc = pytest.importorskip("vl_convert")
    for chart in (charts.offense_reach(inputs()), charts.military_components(shares())):
        vega = vlc.vegalite_to_vega(spec_of(chart), vl_version=VL)
        names = {s["name"] for s in vega.get("signals", [])}
        assert names & {offense.REACH_PARAM, offense.COMPONENT_YEAR_PARAM}


def test_formula_helper_matches_the_criterion_definition():
    # the test's own formula is the docstring's: half at half_distance_km for non-majors
    assert formula(1.0, 1000.0, False, 4.0) == pytest.approx(0.5)
    assert formula(1.0, 4000.0, True, 4.0) == pytest.approx(0.5)
    assert math.isclose(formula(0.5, 0.0, True, 4.0), 0.5)
