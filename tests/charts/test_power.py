"""Tests of bot_core.charts.power: the specifications the builders return, not how they look.

Small hand-made frames only; no data loading.
"""

from __future__ import annotations


import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import power
from .chart_helpers import datasets, spec_of


def param(spec: dict, name: str) -> dict:
    found = [p for p in spec.get("params", []) if p["name"] == name]
    for layer in spec.get("layer", []):
        found += [p for p in layer.get("params", []) if p["name"] == name]
    assert len(found) == 1, f"parameter {name} should appear once, found {len(found)}"
    return found[0]


def transforms(spec: dict) -> list[dict]:
    out = list(spec.get("transform", []))
    for layer in spec.get("layer", []):
        out += layer.get("transform", [])
    return out


# --- capability_shares ---------------------------------------------------------------------------


def shares_frame(states=("United States", "Soviet Union"), years=(1950, 1951, 1952), indicators=("cinc", "tpop")):
    rows = []
    for k, s in enumerate(states):
        for y in years:
            for m, ind in enumerate(indicators):
                rows.append((y, s, ind, round(0.1 + 0.05 * k + 0.01 * m + 0.001 * (y - 1950), 4)))
    return pd.DataFrame(rows, columns=["year", "state", "indicator", "share"])


def test_indicator_dropdown_offers_every_indicator_with_its_label():
    spec = spec_of(charts.capability_shares(shares_frame(), initial="tpop"))
    p = param(spec, power.INDICATOR_PARAM)
    assert p["value"] == "tpop"
    assert p["bind"]["input"] == "select"
    assert p["bind"]["options"] == ["cinc", "tpop"]
    assert p["bind"]["labels"] == [power.NMC_LABELS["cinc"], power.NMC_LABELS["tpop"]]


def test_shown_value_is_read_from_the_chosen_indicator_in_the_browser():
    spec = spec_of(charts.capability_shares(shares_frame()))
    calcs = {t["as"]: t["calculate"] for t in transforms(spec) if "calculate" in t}
    assert calcs["value"] == f"datum[{power.INDICATOR_PARAM}]"
    # every indicator in the dropdown is a column of the data, so datum[indicator] finds it
    (data,) = datasets(spec)
    for option in param(spec, power.INDICATOR_PARAM)["bind"]["options"]:
        assert all(option in row for row in data)


def test_data_are_the_input_pivoted_one_row_per_state_year():
    long = shares_frame()
    (data,) = datasets(spec_of(charts.capability_shares(long)))
    got = pd.DataFrame(data)
    assert len(got) == long[["year", "state"]].drop_duplicates().shape[0]
    back = got.melt(id_vars=["state", "year"], value_vars=["cinc", "tpop"], var_name="indicator", value_name="share")
    merged = long.merge(back, on=["year", "state", "indicator"], suffixes=("", "_chart"), validate="one_to_one")
    assert len(merged) == len(long)
    assert (merged["share"] == merged["share_chart"]).all()


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=12, max_size=12))
def test_every_value_reaches_the_chart_and_missing_stays_missing(values):
    long = shares_frame()
    long["share"] = values
    (data,) = datasets(spec_of(charts.capability_shares(long)))
    got = {(r["year"], r["state"], ind): r[ind] for r in data for ind in ("cinc", "tpop")}
    for y, s, ind, v in long.itertuples(index=False):
        assert got[(y, s, ind)] == (None if v is None or pd.isna(v) else v)


def test_a_gap_in_a_states_years_starts_a_new_spell():
    long = shares_frame(states=("Germany",), years=(1917, 1918, 1925, 1926))
    (data,) = datasets(spec_of(charts.capability_shares(long)))
    assert [(r["year"], r["spell"]) for r in data] == [(1917, 0), (1918, 0), (1925, 1), (1926, 1)]
    line = next(layer for layer in spec_of(charts.capability_shares(long))["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["detail"]["field"] == "spell"


def test_legend_picks_a_state_and_pointer_picks_a_year():
    spec = spec_of(charts.capability_shares(shares_frame()))
    names = {p["name"]: p for p in spec["params"]}
    pick = next(p for p in names.values() if p.get("bind") == "legend")
    assert pick["select"]["fields"] == ["state"]
    hover = next(p for p in names.values() if p.get("select", {}).get("on") == "pointerover")
    assert hover["select"]["fields"] == ["year"] and hover["select"]["nearest"] is True


def test_states_present_together_get_different_colours():
    spans = {"A": {1, 2, 3}, "B": {2, 3, 4}, "C": {10, 11}, "D": {3, 10}}
    style = power.share_colours(spans)
    assert style["A"][0] != style["B"][0]
    assert style["C"][0] == style["A"][0]  # C never meets A, so it reuses A's colour ...
    assert style["C"][1] != style["A"][1]  # ... with another dash
    assert style["D"][0] not in {style["A"][0], style["B"][0], style["C"][0]}
    assert len(set(style.values())) == len(style)


@settings(max_examples=60, deadline=None)
@given(spans=st.dictionaries(st.text(min_size=1, max_size=4), st.sets(st.integers(0, 12), min_size=1), max_size=10))
def test_colour_rule_holds_for_any_spans(spans):
    try:
        style = power.share_colours(spans)
    except ValueError as err:
        assert "cannot be told apart" in str(err)
        # refused only when some state meets at least as many others as there are colours
        assert any(sum(bool(spans[a] & spans[b]) for b in spans if b != a) >= len(power.POWER_PALETTE) for a in spans)
        return
    for a in spans:
        for b in spans:
            if a != b and spans[a] & spans[b]:
                assert style[a][0] != style[b][0]
            if a != b:
                assert style[a] != style[b]


@settings(max_examples=60, deadline=None)
@given(runs=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 15)), min_size=1, max_size=14))
def test_runs_in_order_of_start_need_no_more_colours_than_the_most_crowded_year(runs):
    spans = {f"S{k}": set(range(a, a + n + 1)) for k, (a, n) in enumerate(sorted(runs))}
    crowded = max(sum(y in years for years in spans.values()) for y in range(60))
    if crowded > len(power.POWER_PALETTE):
        with pytest.raises(ValueError, match="cannot be told apart"):
            power.share_colours(spans)
    else:
        power.share_colours(spans)


def test_chart_colours_follow_the_rule_and_the_palette():
    long = pd.concat([shares_frame(states=("Austria-Hungary",), years=(1900, 1901)),
                      shares_frame(states=("China",), years=(1950, 1951))])
    spec = spec_of(charts.capability_shares(long))
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    colours = line["encoding"]["color"]["scale"]["range"]
    assert colours[0] == colours[1] == power.POWER_PALETTE[0]
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    assert dashes[0] != dashes[1]


def test_y_axis_is_a_share_in_percent_and_description_is_kept():
    spec = spec_of(charts.capability_shares(shares_frame(), description="Nine lines."))
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["y"]["axis"]["format"] == ".0%"
    assert line["encoding"]["x"]["title"] == "Year"
    assert spec["description"] == "Nine lines."


@pytest.mark.parametrize("column", ["year", "state", "indicator", "share"])
def test_capability_shares_names_a_missing_column(column):
    with pytest.raises(ValueError, match=f"shares is missing the column\\(s\\) '{column}'"):
        charts.capability_shares(shares_frame().drop(columns=column))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: pd.concat([d, d.iloc[[0]]]), "more than one row"),
        (lambda d: d.assign(share=d.share + 1), "between 0 and 1"),
        (lambda d: d.assign(share="a lot"), "not numbers"),
        (lambda d: d.assign(indicator=d.indicator.replace("tpop", "gdp")), "no label"),
        (lambda d: d.iloc[0:0], "no rows"),
    ],
)
def test_capability_shares_refuses_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        charts.capability_shares(change(shares_frame()))


def test_unknown_initial_indicator_is_refused():
    with pytest.raises(ValueError, match="initial indicator 'milex'"):
        charts.capability_shares(shares_frame(), initial="milex")


def test_too_many_states_in_one_year_are_refused():
    states = tuple(f"S{k}" for k in range(len(power.POWER_PALETTE) + 1))
    with pytest.raises(ValueError, match="cannot be told apart"):
        charts.capability_shares(shares_frame(states=states, years=(1900,)))


# --- power_scalings ------------------------------------------------------------------------------


def scores_frame():
    rows = [
        ("Israel", "Egypt", 0.05, 0.73),
        ("Israel", "Soviet Union", 1.0, 0.98),
        ("Israel", "United States", 0.82, 0.98),
        ("Israel", "Jordan", 0.004, 0.2),
        ("Soviet Union", "United States", 0.82, 0.45),
        ("Soviet Union", "Egypt", 0.05, 0.05),
        ("Soviet Union", "Israel", 0.02, 0.02),
    ]
    return pd.DataFrame(rows, columns=["perceiver", "state", "absolute", "relative"])


def test_perceiver_dropdown_filters_the_points():
    spec = spec_of(charts.power_scalings(scores_frame(), initial="Soviet Union"))
    p = param(spec, power.PERCEIVER_PARAM)
    assert p["value"] == "Soviet Union"
    assert p["bind"]["options"] == ["Israel", "Soviet Union"]
    filters = [t["filter"] for t in transforms(spec) if "filter" in t]
    assert f"datum.perceiver == {power.PERCEIVER_PARAM}" in filters


def test_scalings_data_are_the_input_plus_labels_of_the_strongest():
    scores = scores_frame()
    spec = spec_of(charts.power_scalings(scores, n_labels=1, always_label=("Egypt",)))
    data = next(d for d in datasets(spec) if len(d) == len(scores))
    got = pd.DataFrame(data)
    pd.testing.assert_frame_equal(got[list(scores.columns)], scores, check_dtype=False)
    labelled = set(zip(got.perceiver[got.label != ""], got.label[got.label != ""]))
    assert labelled == {("Israel", "Soviet Union"), ("Soviet Union", "United States"),
                        ("Israel", "Egypt"), ("Soviet Union", "Egypt")}
    # neighbours in the order of absolute power alternate above and below their points
    israel = got[(got.perceiver == "Israel") & (got.label != "")].sort_values("absolute")
    assert israel.label_below.tolist() == [False, True]


def test_scalings_axes_run_from_zero_to_one():
    spec = spec_of(charts.power_scalings(scores_frame()))
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    assert points["encoding"]["x"]["field"] == "absolute" and points["encoding"]["y"]["field"] == "relative"
    assert points["encoding"]["x"]["scale"]["domain"] == [0, 1] == points["encoding"]["y"]["scale"]["domain"]


@pytest.mark.parametrize(
    ("kwargs", "change", "message"),
    [
        ({}, lambda d: d.assign(relative=d.relative * 2), "between 0 and 1"),
        ({}, lambda d: d.assign(absolute=None), "between 0 and 1"),
        ({}, lambda d: pd.concat([d, d.iloc[[0]]]), "more than one row"),
        ({}, lambda d: d.drop(columns="relative"), "missing the column"),
        ({"initial": "Finland"}, lambda d: d, "initial perceiver 'Finland'"),
        ({"n_labels": -1}, lambda d: d, "n_labels"),
        ({"always_label": ("Atlantis",)}, lambda d: d, "Atlantis"),
    ],
)
def test_power_scalings_refuses_bad_input(kwargs, change, message):
    with pytest.raises(ValueError, match=message):
        charts.power_scalings(change(scores_frame()), **kwargs)


# --- both ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "param_name"),
    [
        (lambda: charts.capability_shares(shares_frame()), power.INDICATOR_PARAM),
        (lambda: charts.power_scalings(scores_frame()), power.PERCEIVER_PARAM),
    ],
)
def test_specifications_compile_to_vega_with_their_parameters(build, param_name):
    vlc = pytest.importorskip("vl_convert")
    vega = vlc.vegalite_to_vega(spec_of(build()), vl_version="6.4")
    signals = {s["name"]: s for s in vega.get("signals", [])}
    assert param_name in signals
    assert signals[param_name]["bind"]["input"] == "select"


def test_inputs_are_not_modified():
    long, scores = shares_frame(), scores_frame()
    before = long.copy(), scores.copy()
    charts.capability_shares(long)
    charts.power_scalings(scores)
    pd.testing.assert_frame_equal(long, before[0])
    pd.testing.assert_frame_equal(scores, before[1])
