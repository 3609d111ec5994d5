"""Tests of bot_core.charts: the specifications the builders return, not how they look.

Small hand-made frames only; no data loading.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from .chart_helpers import spec_of

STATES = ["United States", "Soviet Union"]


def frames(years=(1950, 1951, 1952), states=STATES):
    rows = [(y, s) for s in states for y in years]
    caps = pd.DataFrame(rows, columns=["year", "state"])
    caps["cinc"] = [0.30, 0.28, 0.25, 0.15, 0.17, 0.26][: len(caps)] if len(caps) <= 6 else 0.1
    pledges = pd.DataFrame(rows, columns=["year", "state"])
    pledges["partners"] = [20, 31, 36, 8, 11, 10][: len(pledges)] if len(pledges) <= 6 else 1
    return caps, pledges


def only_dataset(spec: dict) -> list[dict]:
    assert len(spec["datasets"]) == 1, "both panels should share one data set"
    return next(iter(spec["datasets"].values()))


def layers(spec: dict) -> list[list[dict]]:
    return [panel["layer"] for panel in spec["vconcat"]]


# --- the interaction ----------------------------------------------------------------------------


def test_hover_parameter_selects_the_nearest_year_and_starts_at_the_highlight():
    spec = spec_of(charts.superpower_alignment(*frames(), highlight_year=1951))
    (param,) = spec["params"]
    assert param["name"] == charts.YEAR_PARAM
    assert param["select"]["type"] == "point"
    assert param["select"]["fields"] == ["year"]
    assert param["select"]["nearest"] is True
    assert param["select"]["on"] == "pointerover"
    assert param["select"]["clear"] is False  # the last year hovered stays highlighted
    assert param["value"] == [{"year": 1951}]


def test_one_parameter_drives_both_panels():
    spec = spec_of(charts.superpower_alignment(*frames()))
    (param,) = spec["params"]
    # the parameter listens in one view of each panel ...
    view_names = [[layer.get("name") for layer in panel] for panel in layers(spec)]
    assert len(param["views"]) == 2
    for names in view_names:
        assert sum(v in names for v in param["views"]) == 1
    # ... and each panel has layers filtered by it (rule, points, readout)
    for panel in layers(spec):
        filtered = [
            layer for layer in panel if {"filter": {"param": charts.YEAR_PARAM, "empty": False}} in layer.get("transform", [])
        ]
        assert {layer["mark"]["type"] for layer in filtered} == {"rule", "point", "text"}


def test_default_highlight_is_the_last_year():
    spec = spec_of(charts.superpower_alignment(*frames(years=(1960, 1961, 1962))))
    assert spec["params"][0]["value"] == [{"year": 1962}]


def test_readout_expression_survives_awkward_state_names():
    states = ["Côte d'Ivoire", 'The "Other" State']
    spec = spec_of(charts.superpower_alignment(*frames(states=states)))
    readouts = [layer for panel in layers(spec) for layer in panel if layer["mark"]["type"] == "text"]
    assert len(readouts) == 2
    for layer in readouts:
        expr = next(t["calculate"] for t in layer["transform"] if "calculate" in t)
        for s in states:
            assert f"datum[{json.dumps(s)}]" in expr


def test_specification_compiles_to_vega():
    vlc = pytest.importorskip("vl_convert")
    spec = spec_of(charts.superpower_alignment(*frames(states=["Côte d'Ivoire", "Soviet Union"])))
    vega = vlc.vegalite_to_vega(spec, vl_version="6.4")
    signals = {s["name"] for s in vega.get("signals", [])}
    assert any(name.startswith(charts.YEAR_PARAM) for name in signals)


# --- the data -----------------------------------------------------------------------------------


def test_chart_data_are_the_inputs_merged():
    caps, pledges = frames()
    spec = spec_of(charts.superpower_alignment(caps, pledges))
    got = pd.DataFrame(only_dataset(spec))
    want = caps.merge(pledges, on=["year", "state"])
    assert list(got.columns) == ["year", "state", "cinc", "partners"]
    assert len(got) == len(want)
    pd.testing.assert_frame_equal(
        got.sort_values(["state", "year"]).reset_index(drop=True),
        want.sort_values(["state", "year"]).reset_index(drop=True),
        check_dtype=False,
    )


def test_rows_in_a_different_order_give_the_same_chart():
    caps, pledges = frames()
    a = spec_of(charts.superpower_alignment(caps, pledges))
    b = spec_of(charts.superpower_alignment(caps, pledges.sample(frac=1, random_state=1)))
    assert only_dataset(a) == only_dataset(b)


def test_inputs_are_not_modified():
    caps, pledges = frames()
    before = caps.copy(), pledges.copy()
    charts.superpower_alignment(caps, pledges)
    pd.testing.assert_frame_equal(caps, before[0])
    pd.testing.assert_frame_equal(pledges, before[1])


def test_extra_columns_are_dropped():
    caps, pledges = frames()
    spec = spec_of(charts.superpower_alignment(caps.assign(ccode=1), pledges.assign(note="x")))
    assert set(only_dataset(spec)[0]) == {"year", "state", "cinc", "partners"}


@settings(max_examples=40, deadline=None)
@given(
    years=st.lists(st.integers(1816, 2016), min_size=1, max_size=12, unique=True),
    values=st.data(),
)
def test_every_value_reaches_the_chart(years, values):
    rows = [(y, s) for s in STATES for y in years]
    caps = pd.DataFrame(rows, columns=["year", "state"])
    caps["cinc"] = values.draw(st.lists(st.floats(0, 1), min_size=len(rows), max_size=len(rows)))
    pledges = pd.DataFrame(rows, columns=["year", "state"])
    pledges["partners"] = values.draw(st.lists(st.integers(0, 200), min_size=len(rows), max_size=len(rows)))
    got = only_dataset(spec_of(charts.superpower_alignment(caps, pledges)))
    want = caps.merge(pledges, on=["year", "state"]).to_dict("records")
    key = lambda r: (r["state"], r["year"])  # noqa: E731
    assert sorted(got, key=key) == sorted(want, key=key)


# --- encoding -----------------------------------------------------------------------------------


def test_each_state_gets_its_own_colour_and_dash_in_input_order():
    spec = spec_of(charts.superpower_alignment(*frames()))
    line = next(layer for layer in layers(spec)[0] if layer["mark"]["type"] == "line")
    colour, dash = line["encoding"]["color"]["scale"], line["encoding"]["strokeDash"]["scale"]
    assert colour["domain"] == dash["domain"] == STATES
    assert colour["range"] == list(charts.OKABE_ITO[:2])
    assert len({tuple(d) for d in dash["range"]}) == 2


def test_axes_say_what_is_measured():
    spec = spec_of(charts.superpower_alignment(*frames()))
    top, bottom = layers(spec)
    line = lambda panel: next(layer for layer in panel if layer["mark"]["type"] == "line")  # noqa: E731
    assert line(top)["encoding"]["y"]["field"] == "cinc"
    assert line(top)["encoding"]["y"]["axis"]["format"] == ".0%"
    assert line(bottom)["encoding"]["y"]["field"] == "partners"
    assert line(bottom)["encoding"]["x"]["title"] == "Year"


def test_description_is_the_alternative_text():
    spec = spec_of(charts.superpower_alignment(*frames(), description="Two panels, 1950 to 1952."))
    assert spec["description"] == "Two panels, 1950 to 1952."
    assert spec_of(charts.superpower_alignment(*frames()))["description"]  # a default exists


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("which", "column"),
    [("capabilities", "cinc"), ("capabilities", "year"), ("pledges", "partners"), ("pledges", "state")],
)
def test_missing_column_is_named(which, column):
    caps, pledges = frames()
    if which == "capabilities":
        caps = caps.drop(columns=column)
    else:
        pledges = pledges.drop(columns=column)
    with pytest.raises(ValueError, match=rf"{which} is missing the column\(s\) '{column}'"):
        charts.superpower_alignment(caps, pledges)


def test_empty_frame_is_refused():
    caps, pledges = frames()
    with pytest.raises(ValueError, match="pledges has no rows"):
        charts.superpower_alignment(caps, pledges.iloc[0:0])


def test_repeated_year_state_pair_is_refused():
    caps, pledges = frames()
    with pytest.raises(ValueError, match="capabilities has more than one row"):
        charts.superpower_alignment(pd.concat([caps, caps.iloc[[0]]]), pledges)


def test_frames_covering_different_years_are_refused():
    caps, pledges = frames()
    with pytest.raises(ValueError, match="cover different"):
        charts.superpower_alignment(caps, pledges[pledges.year != 1951])


def test_highlight_year_outside_the_data_is_refused():
    with pytest.raises(ValueError, match="highlight_year 1999"):
        charts.superpower_alignment(*frames(), highlight_year=1999)


def test_non_frame_input_is_refused():
    with pytest.raises(TypeError, match="capabilities must be a pandas DataFrame"):
        charts.superpower_alignment([1, 2], frames()[1])


def test_superpower_alignment_names_whose_partners_it_counts():
    caps = pd.DataFrame({"year": [1990, 1990], "state": ["A", "B"], "cinc": [0.2, 0.1]})
    pledges = pd.DataFrame({"year": [1990, 1990], "state": ["A", "B"], "partners": [3, 1]})
    default = json.dumps(charts.superpower_alignment(caps, pledges).to_dict())
    assert "with each superpower (ATOP)" in default
    other = json.dumps(charts.superpower_alignment(caps, pledges, partners_of="each great power").to_dict())
    assert "with each great power (ATOP)" in other and "superpower" not in other.split("description")[0]
