"""Tests of bot_core.charts.theory: the Part I figures (danger agreement, onset shares).

Small hand-made frames only; no data loading.
"""

from __future__ import annotations


import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import theory
from .chart_helpers import spec_of


def dataset(spec: dict) -> list[dict]:
    assert len(spec["datasets"]) == 1, "every layer should share one data set"
    return next(iter(spec["datasets"].values()))


def params_by_name(spec: dict) -> dict:
    return {p["name"]: p for p in spec.get("params", [])} | {
        p["name"]: p for layer in spec.get("layer", []) for p in layer.get("params", [])
    }


# --- agreement_table ------------------------------------------------------------------------------


def dangers(rows):
    return pd.DataFrame(rows, columns=["ccode", "year", "danger"])


def test_agreement_table_counts_matching_dangers_by_region_and_overall():
    # 1900: two American states (2, 20) and two European (200, 220); 1901: only the Americans
    power = dangers([(2, 1900, 200), (20, 1900, 2), (200, 1900, 2), (220, 1900, 2), (2, 1901, 20), (20, 1901, 2)])
    threat = dangers([(2, 1900, 200), (20, 1900, 200), (200, 1900, 2), (220, 1900, 255), (2, 1901, 20), (20, 1901, 2)])
    got = charts.agreement_table(power, threat).set_index(["year", "region"])
    assert got.loc[(1900, theory.ALL_STATES), "share"] == pytest.approx(0.5)
    assert got.loc[(1900, theory.ALL_STATES), "states"] == 4
    assert got.loc[(1900, "Americas"), "share"] == pytest.approx(0.5)
    assert got.loc[(1900, "Europe"), "share"] == pytest.approx(0.5)
    assert got.loc[(1901, "Americas"), "share"] == 1.0
    assert (1901, "Europe") not in got.index  # no European state that year: no row, not a zero


def test_agreement_table_puts_the_pooled_series_first_and_never_matches_missing_dangers():
    power = dangers([(2, 1900, -1), (365, 1900, 2)])
    threat = dangers([(2, 1900, -1), (365, 1900, 2)])
    got = charts.agreement_table(power, threat)
    assert got.region.iloc[0] == theory.ALL_STATES
    assert list(got.columns) == ["year", "region", "share", "states"]
    pooled = got[got.region == theory.ALL_STATES].iloc[0]
    assert pooled.share == pytest.approx(0.5)  # -1 == -1 is not agreement


def test_agreement_table_refuses_bad_input():
    ok = dangers([(2, 1900, 200)])
    with pytest.raises(ValueError, match="power is missing the column"):
        charts.agreement_table(ok.drop(columns="danger"), ok)
    with pytest.raises(ValueError, match="threat has more than one row"):
        charts.agreement_table(ok, pd.concat([ok, ok]))
    with pytest.raises(ValueError, match="no state-year in common"):
        charts.agreement_table(ok, dangers([(2, 1901, 200)]))


# --- danger_agreement -----------------------------------------------------------------------------


def agreement_frame(years=(1950, 1951, 1952), series=("All states", "Europe"), states=10):
    rows = [(y, s, (i + k) / 10, states) for i, s in enumerate(series) for k, y in enumerate(years)]
    return pd.DataFrame(rows, columns=["year", "region", "share", "states"])


def test_menu_parameter_lists_every_series_and_starts_on_the_highlight():
    spec = spec_of(charts.danger_agreement(agreement_frame(), highlight="Europe"))
    pick = params_by_name(spec)[theory.REGION_PARAM]
    assert pick["select"]["type"] == "point"
    assert pick["select"]["fields"] == ["region"]
    assert pick["bind"]["input"] == "select"
    assert pick["bind"]["options"] == [None, "All states", "Europe"]  # None: every series alike
    assert pick["value"] == [{"region": "Europe"}]


def test_without_highlight_the_menu_starts_empty():
    spec = spec_of(charts.danger_agreement(agreement_frame()))
    assert "value" not in params_by_name(spec)[theory.REGION_PARAM]


def test_hover_parameter_picks_the_nearest_year():
    spec = spec_of(charts.danger_agreement(agreement_frame(), highlight_year=1951))
    hover = params_by_name(spec)[theory.AGREEMENT_HOVER_PARAM]
    assert hover["select"]["fields"] == ["year"]
    assert hover["select"]["nearest"] is True
    assert hover["select"]["on"] == "pointerover"
    assert hover["value"] == [{"year": 1951}]
    filtered = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
        if {"filter": {"param": theory.AGREEMENT_HOVER_PARAM, "empty": False}} in layer.get("transform", [])
    ]
    assert sorted(filtered) == ["point", "rule", "text"]


def test_lines_fade_unless_picked_and_keep_colours_and_dashes():
    spec = spec_of(charts.danger_agreement(agreement_frame(series=("All states", "Europe", "Africa"))))
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["opacity"]["condition"]["param"] == theory.REGION_PARAM
    assert line["encoding"]["color"]["scale"]["domain"] == ["All states", "Europe", "Africa"]
    assert line["encoding"]["color"]["scale"]["range"] == list(charts.OKABE_ITO[:3])
    assert len({tuple(d) for d in line["encoding"]["strokeDash"]["scale"]["range"]}) == 3
    assert line["encoding"]["y"]["axis"]["format"] == ".0%"
    assert line["encoding"]["x"]["title"] == "Year"


def test_chart_data_are_the_rows_with_enough_states():
    frame = agreement_frame()
    frame.loc[(frame.region == "Europe") & (frame.year == 1950), "states"] = 2
    got = pd.DataFrame(dataset(spec_of(charts.danger_agreement(frame, min_states=5))))
    want = frame[frame.states >= 5]
    assert len(got) == len(want) == len(frame) - 1
    pd.testing.assert_frame_equal(
        got.sort_values(["region", "year"]).reset_index(drop=True),
        want.sort_values(["region", "year"]).reset_index(drop=True),
        check_dtype=False,
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1816, 2016), st.floats(0, 1), st.integers(1, 200)), min_size=1, max_size=15,
                unique_by=lambda r: r[0]))
def test_every_value_reaches_the_chart(rows):
    frame = pd.DataFrame([(y, "All states", s, n) for y, s, n in rows], columns=["year", "region", "share", "states"])
    got = dataset(spec_of(charts.danger_agreement(frame, min_states=1)))
    assert sorted((r["year"], r["share"], r["states"]) for r in got) == sorted(rows)


def test_awkward_series_names_survive_the_tooltip_and_readout():
    frame = agreement_frame(series=("Côte d'Ivoire", 'The "Other" States'))
    spec = spec_of(charts.danger_agreement(frame))
    text = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    expr = next(t["calculate"] for t in text["transform"] if "calculate" in t)
    assert "datum[\"Côte d'Ivoire\"]" in expr and 'datum["The \\"Other\\" States"]' in expr


def test_agreement_spec_compiles_to_vega():
    vlc = pytest.importorskip("vl_convert")
    spec = spec_of(charts.danger_agreement(agreement_frame(series=("All states", "Côte d'Ivoire")), highlight="All states"))
    vega = vlc.vegalite_to_vega(spec, vl_version="6.4")
    signals = {s["name"] for s in vega.get("signals", [])}
    assert any(name.startswith(theory.REGION_PARAM) for name in signals)
    assert any(name.startswith(theory.AGREEMENT_HOVER_PARAM) for name in signals)
    # drawn, the readout names the highlighted year and every series with its share
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    assert "1952:" in svg and "All states 20%" in svg and "Côte d" in svg and "30%" in svg


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="states"), "missing the column"),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "more than one row"),
        (lambda f: f.assign(share=1.5), "between 0 and 1"),
        (lambda f: f.iloc[0:0], "no rows"),
    ],
)
def test_danger_agreement_refuses_bad_frames(change, message):
    with pytest.raises(ValueError, match=message):
        charts.danger_agreement(change(agreement_frame()))


def test_danger_agreement_refuses_bad_options():
    with pytest.raises(ValueError, match="highlight 'Mars'"):
        charts.danger_agreement(agreement_frame(), highlight="Mars")
    with pytest.raises(ValueError, match="highlight_year 1999"):
        charts.danger_agreement(agreement_frame(), highlight_year=1999)
    with pytest.raises(ValueError, match="lower min_states"):
        charts.danger_agreement(agreement_frame(states=3), min_states=5)
    with pytest.raises(ValueError, match="at most 7 series"):
        charts.danger_agreement(agreement_frame(series=tuple("ABCDEFGH")))
