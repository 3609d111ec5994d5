"""Tests of bot_core.charts.case_today on hand-made frames: parameters, embedded data, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bot_core.charts import case_today as ct
from .chart_helpers import aria_labels, spec_of

CRITERIA = ["power", "proximity", "offense", "intent"]
PERCEIVERS = {1: "Aland", 2: "Borduria"}


def history(years=(2000, 2001, 2002)):
    rng = np.random.default_rng(0)
    d = pd.DataFrame([(i, y) for i in PERCEIVERS for y in years], columns=["ccode1", "year"])
    d[CRITERIA] = np.round(rng.random((len(d), 4)), 4)
    return d


def series():
    return pd.DataFrame({"year": [2000, 2001, 2000, 2001], "series": ["A", "A", "B", "B"],
                         "value": [0.1, 0.2, 0.3, np.nan]})


def rows_of(spec):
    """Every inline data row of the spec (altair may move inline data to ``datasets``)."""
    out = list(spec.get("datasets", {}).values())
    out += [layer.get("data", {}).get("values") or [] for layer in spec.get("layer", [])]
    return [r for rows in out if isinstance(rows, list) for r in rows]


def params(spec):
    return {p["name"]: p for p in spec.get("params", []) + [q for layer in spec.get("layer", []) for q in layer.get("params", [])]}


def test_criteria_paths_menu_and_data():
    h = history()
    spec = spec_of(ct.criteria_paths(h, PERCEIVERS, state=2, source="Cyprus", marks={2001: "event"}))
    p = params(spec)
    menu = p[ct.TODAY_PARAMS["perceiver"]]
    assert menu["value"] == 2 and menu["bind"]["options"] == [1, 2] and menu["bind"]["labels"] == ["Aland", "Borduria"]
    assert ct.TODAY_PARAMS["year"] in p
    rows = [r for r in rows_of(spec) if "criterion" in r]
    # one row per perceiver, year and criterion, with the values passed (rounded to four decimals)
    assert len({(r["ccode1"], r["year"], r["criterion"]) for r in rows}) == len(h) * 4
    got = {(r["ccode1"], r["year"], r["criterion"]): r["value"] for r in rows}
    first = h.iloc[0]
    assert got[(1, 2000, "Offensive intentions")] == pytest.approx(first.intent)
    assert "Cyprus" in spec["title"]["text"]["expr"] and "today_perceiver" in spec["title"]["text"]["expr"]


def test_criteria_paths_filters_on_the_menu_and_labels_marks():
    spec = spec_of(ct.criteria_paths(history(), PERCEIVERS, state=1, marks={2001: "Crisis"}))
    filters = [t["filter"] for layer in spec["layer"] for t in layer.get("transform", []) if "filter" in t]
    assert f"datum.ccode1 == {ct.TODAY_PARAMS['perceiver']}" in filters
    assert any("Crisis" in a for a in aria_labels(spec))


@pytest.mark.parametrize("change, message", [
    (lambda h: h.drop(columns="intent"), "missing the column"),
    (lambda h: pd.concat([h, h.head(1)]), "more than one row"),
    (lambda h: h.assign(power=h.power + 2), "between 0 and 1"),
])
def test_criteria_paths_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        ct.criteria_paths(change(history()), PERCEIVERS, state=1)


def test_criteria_paths_bad_settings():
    with pytest.raises(ValueError, match="not among the perceivers"):
        ct.criteria_paths(history(), PERCEIVERS, state=9)
    with pytest.raises(ValueError, match="no rows"):
        ct.criteria_paths(history(), {**PERCEIVERS, 7: "Carpania"}, state=1)
    with pytest.raises(ValueError, match="outside"):
        ct.criteria_paths(history(), PERCEIVERS, state=1, marks={1990: "too early"})


def test_series_lines_data_and_pointer():
    spec = spec_of(ct.series_lines(series(), y_title="Share (%)", value_format=".1%", order=["B", "A"], highlight_year=2000))
    p = params(spec)
    assert p[ct.TODAY_PARAMS["year"]]["value"] == [{"year": 2000}]
    flat = [r for r in rows_of(spec) if "series" in r]
    assert {(r["year"], r["series"]) for r in flat} == {(2000, "A"), (2001, "A"), (2000, "B"), (2001, "B")}
    assert [r["value"] for r in flat if r["series"] == "B" and r["year"] == 2001] == [None]
    colour = spec["layer"][1]["encoding"]["color"]
    assert colour["scale"]["domain"] == ["B", "A"]


def test_series_lines_draws_the_year_label():
    spec = spec_of(ct.series_lines(series(), y_title="Share", highlight_year=2001))
    assert any("2001" in a for a in aria_labels(spec))


@pytest.mark.parametrize("kwargs, message", [
    ({"order": ["A"]}, "exactly the series"),
    ({"highlight_year": 1999}, "not a year"),
    ({"log": True, "frame": series().assign(value=[0.0, 1.0, 1.0, 1.0])}, "positive"),
])
def test_series_lines_bad_settings(kwargs, message):
    frame = kwargs.pop("frame", series())
    with pytest.raises(ValueError, match=message):
        ct.series_lines(frame, y_title="Share", **kwargs)


def test_series_lines_too_many_series():
    many = pd.DataFrame({"year": 2000, "series": list("ABCDEFGH"), "value": 1.0})
    with pytest.raises(ValueError, match="at most"):
        ct.series_lines(many, y_title="Count")
    with pytest.raises(ValueError, match="missing the column"):
        ct.series_lines(many.drop(columns="value"), y_title="Count")
