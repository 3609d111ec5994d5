"""Tests of bot_core.charts.cold_war: the specifications the builders return, not how they look.

Small hand-made frames only; no data loading.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import cold_war
from .chart_helpers import aria_labels, spec_of


def ratios_frame(components=("iron and steel", "total population", "CINC"), years=(1950, 1951, 1952)):
    rows = [(y, c, round(0.5 + 0.3 * k + 0.1 * (y - 1950), 3)) for k, c in enumerate(components) for y in years]
    return pd.DataFrame(rows, columns=["year", "component", "ratio"])


def params(spec: dict) -> dict:
    found = list(spec.get("params", []))
    for layer in spec.get("layer", []):
        found += layer.get("params", [])
    return {p["name"]: p for p in found}


def test_exported_from_the_charts_package():
    assert charts.component_ratios is cold_war.component_ratios


def test_legend_selection_and_year_hover_are_in_the_spec():
    spec = spec_of(charts.component_ratios(ratios_frame(), first="USA", second="USSR", highlight_year=1951))
    p = params(spec)
    assert p[cold_war.COMPONENT_PARAM]["bind"] == "legend"
    assert p[cold_war.COMPONENT_PARAM]["select"]["fields"] == ["component"]
    hover = p[cold_war.RATIO_YEAR_PARAM]
    assert hover["value"] == [{"year": 1951}]
    assert hover["select"]["on"] == "pointerover" and hover["select"]["nearest"] is True


def test_embedded_data_are_the_ratios_passed_in_component_order():
    frame = ratios_frame().sample(frac=1, random_state=1)  # shuffled rows
    spec = spec_of(charts.component_ratios(frame, first="USA", second="USSR"))
    big = max(spec["datasets"].values(), key=len)
    got = pd.DataFrame(big)
    assert len(got) == len(frame)
    assert list(pd.unique(got.component)) == list(pd.unique(frame.component))
    merged = got.merge(frame, on=["year", "component"], suffixes=("_got", "_in"))
    assert (merged.ratio_got == merged.ratio_in).all()


def test_log_axis_with_parity_rule_and_titles_naming_both_states():
    spec = spec_of(charts.component_ratios(ratios_frame(), first="USA", second="USSR"))
    lines = [layer for layer in spec["layer"] if layer["mark"].get("type") == "line"][0]
    assert lines["encoding"]["y"]["scale"]["type"] == "log"
    assert "USA ÷ USSR" in lines["encoding"]["y"]["title"]
    rules = [layer for layer in spec["layer"] if layer["mark"].get("type") == "rule" and "data" in layer]
    assert any(spec["datasets"][r["data"]["name"]] == [{"ratio": 1.0}] for r in rules)


def test_colours_and_dashes_follow_the_palette():
    spec = spec_of(charts.component_ratios(ratios_frame(), first="USA", second="USSR"))
    lines = [layer for layer in spec["layer"] if layer["mark"].get("type") == "line"][0]
    assert lines["encoding"]["color"]["scale"]["range"] == list(charts.OKABE_ITO[:3])
    assert len(lines["encoding"]["strokeDash"]["scale"]["range"]) == 3


def test_description_becomes_the_alt_text():
    chart = charts.component_ratios(ratios_frame(), first="USA", second="USSR", description="Ratios, 1950-1952.")
    assert spec_of(chart)["description"] == "Ratios, 1950-1952."


@pytest.mark.parametrize(
    "frame, kwargs, message",
    [
        (ratios_frame().drop(columns="ratio"), {}, "missing the column"),
        (ratios_frame().iloc[:0], {}, "no rows"),
        (pd.concat([ratios_frame(), ratios_frame().head(1)]), {}, "more than one row"),
        (ratios_frame().assign(ratio=0.0), {}, "positive"),
        (ratios_frame().assign(ratio=float("nan")), {}, "positive"),
        (ratios_frame(components=tuple("abcdefgh")), {}, "at most 7"),
        (ratios_frame(), {"highlight_year": 1900}, "highlight_year"),
        (ratios_frame(), {"first": ""}, "first"),
    ],
)
def test_bad_input_raises_a_clear_error(frame, kwargs, message):
    args = {"first": "USA", "second": "USSR", **kwargs}
    with pytest.raises(ValueError, match=message):
        charts.component_ratios(frame, **args)


def test_not_a_frame_is_a_type_error():
    with pytest.raises(TypeError):
        charts.component_ratios([1, 2], first="USA", second="USSR")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=100), min_size=2, max_size=6))
def test_any_positive_ratios_build_and_keep_every_row(values):
    frame = pd.DataFrame({"year": range(1960, 1960 + len(values)), "component": "steel", "ratio": values})
    spec = spec_of(charts.component_ratios(frame, first="A", second="B"))
    assert len(max(spec["datasets"].values(), key=len)) == len(values)


def test_the_page_draws_a_line_per_component():
    labels = aria_labels(spec_of(charts.component_ratios(ratios_frame(), first="USA", second="USSR")))
    assert sum("iron and steel" in a for a in labels) >= 1
