"""Tests of bot_core.charts.intentions: the specifications the builders return.

Small hand-made frames only; no data loading. The intent values are computed in the browser
(``1 - exp(-(h + rivalry_weight * rivalry))``); tests that need them draw the chart to SVG with
vl-convert and read the values back from the marks' ARIA labels.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import charts
from bot_core.charts import intentions
from .chart_helpers import VL, aria_labels, spec_of

HALF_LIVES = (2, 10)


def h_of(year, half_life, forward):
    """A made-up hostility sum, different for every direction, year and half-life."""
    return round((year - 2000) / half_life + (0.3 if forward else 0.0), 4)


def series(years=range(2000, 2006), dyads=(("India–Pakistan", "India", "Pakistan"), ("Greece–Turkey", "Greece", "Turkey"))):
    rows = []
    for dyad, a, b in dyads:
        for perceiver, source, forward in ((a, b, True), (b, a, False)):
            for y in years:
                for hl in HALF_LIVES:
                    rows.append(dict(dyad=dyad, perceiver=perceiver, source=source, year=y, half_life=hl,
                                     hostility=h_of(y, hl, forward), rivalry=int(y >= 2003)))
    return pd.DataFrame(rows)


def disputes():
    return pd.DataFrame({"dyad": ["India–Pakistan", "Greece–Turkey"], "year": [2001, 2004], "label": ["1 dispute", "2 disputes"]})


def cells():
    rows = []
    for view, forward in (("Germany toward each", True), ("Each toward Germany", False)):
        for state in ("Poland", "Belgium"):
            for y in range(1936, 1940):
                rows.append(dict(view=view, state=state, year=y, hostility=h_of(y - 1936 + 2000, 10, forward),
                                 rivalry=int(state == "Poland")))
    return pd.DataFrame(rows)


def params(spec: dict) -> dict:
    return {p["name"]: p for p in spec["params"]}


def dataset_with(spec: dict, column: str) -> list[dict]:
    found = [d for d in spec["datasets"].values() if d and column in d[0]]
    assert len(found) == 1
    return found[0]


def fields(label: str) -> dict[str, str]:
    """An ARIA label "a: 1; b: 2" as a dict (the first of repeated names wins)."""
    out = {}
    for part in label.split("; "):
        name, _, value = part.partition(": ")
        out.setdefault(name, value)
    return out


def drawn_intents(spec: dict) -> dict[tuple[str, int], float]:
    """(line, year) -> intent, from the invisible points that carry the tooltips."""
    out = {}
    for label in map(fields, aria_labels(spec)):
        if "Intent of" in label:
            out[(label["Intent of"], int(label["Year"]))] = float(label["Intent (0 to 1)"])
    return out


# --- intent_explorer: the interaction -------------------------------------------------------------


def test_explorer_parameters():
    spec = spec_of(charts.intent_explorer(series(), half_life=2, rivalry_weight=1.5, rivalry_range=(0, 4), dyad="Greece–Turkey"))
    p = params(spec)
    dyad = p[intentions.DYAD_PARAM]
    assert dyad["bind"]["input"] == "select"
    assert dyad["bind"]["labels"] == ["India–Pakistan", "Greece–Turkey"]
    assert dyad["bind"]["options"] == [0, 1]
    assert dyad["value"] == 1
    hl = p[intentions.HALF_LIFE_PARAM]
    assert hl["bind"]["input"] == "radio"
    assert hl["bind"]["options"] == [2.0, 10.0]
    assert [label.strip() for label in hl["bind"]["labels"]] == ["2", "10"]
    assert hl["value"] == 2.0
    rw = p[intentions.RIVALRY_PARAM]
    assert rw["bind"]["input"] == "range"
    assert (rw["bind"]["min"], rw["bind"]["max"], rw["value"]) == (0, 4, 1.5)


@pytest.mark.parametrize(("half_life", "rivalry_weight"), [(10, 1.0), (2, 0.0), (2, 2.5)])
def test_the_page_computes_the_criterion(half_life, rivalry_weight):
    """What the browser draws is 1 - exp(-(h + w * rivalry)) with the chosen half-life's h."""
    spec = spec_of(charts.intent_explorer(series(), half_life=half_life, rivalry_weight=rivalry_weight))
    drawn = drawn_intents(spec)
    s = series()
    s = s[(s.dyad == "India–Pakistan") & (s.half_life == half_life)]
    want = {
        (f"{src} toward {per}", y): 1 - math.exp(-(h + rivalry_weight * r))
        for src, per, y, h, r in zip(s.source, s.perceiver, s.year, s.hostility, s.rivalry)
    }
    assert drawn.keys() == want.keys()
    for key, value in want.items():
        assert drawn[key] == pytest.approx(value, rel=1e-9)


def test_disputes_are_filtered_by_the_dyad():
    labels = aria_labels(spec_of(charts.intent_explorer(series(), disputes())))
    ticks = [a for a in labels if "Disputes begun" in a]
    assert len(ticks) == 1 and "2001" in ticks[0]


def test_years_after_the_dispute_data_are_shaded():
    spec = spec_of(charts.intent_explorer(series(), censored_after=2003))
    band = dataset_with(spec, "start")
    assert band == [{"start": 2003.5, "end": 2005.5, "note": "after the MID data"}]
    assert not any("start" in d[0] for d in spec_of(charts.intent_explorer(series(), censored_after=None))["datasets"].values())


# --- intent_explorer: the data ----------------------------------------------------------------------


def test_explorer_data_hold_every_value_of_the_input():
    spec = spec_of(charts.intent_explorer(series()))
    data = pd.DataFrame(dataset_with(spec, "h0"))
    lines = pd.DataFrame(dataset_with(spec, "line"))
    data = data.merge(lines.assign(dyad=lines.key // 100, dir=lines.key % 100), on=["dyad", "dir"])
    names = ["India–Pakistan", "Greece–Turkey"]
    long = data.melt(id_vars=["dyad", "line", "year", "rivalry"], value_vars=["h0", "h1"], var_name="col", value_name="hostility")
    long["half_life"] = long.col.map({"h0": 2, "h1": 10})
    long["dyad"] = long.dyad.map(dict(enumerate(names)))
    s = series()
    s["line"] = s.source + " toward " + s.perceiver
    key = ["dyad", "line", "year", "half_life"]
    got = long[key + ["hostility", "rivalry"]].sort_values(key).reset_index(drop=True)
    want = s[key + ["hostility", "rivalry"]].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_a_line_breaks_where_years_are_missing():
    s = series(years=[2000, 2001, 2002, 2010, 2011])
    data = pd.DataFrame(dataset_with(spec_of(charts.intent_explorer(s)), "h0"))
    runs = data[(data.dyad == 0) & (data.dir == 0)].set_index("year").run
    assert runs[2000] == runs[2002] != runs[2010] == runs[2011]


def test_explorer_inputs_are_not_modified():
    s = series()
    before = s.copy()
    charts.intent_explorer(s, disputes())
    pd.testing.assert_frame_equal(s, before)


@settings(max_examples=25, deadline=None)
@given(h=st.lists(st.floats(0, 50, allow_nan=False), min_size=6, max_size=6))
def test_hostility_values_survive_to_four_decimals(h):
    s = pd.DataFrame({"dyad": "d", "perceiver": "A", "source": "B", "year": [2000, 2001, 2002] * 2,
                      "half_life": [2] * 3 + [10] * 3, "hostility": h, "rivalry": 0})
    data = dataset_with(spec_of(charts.intent_explorer(s)), "h0")
    assert [r["h0"] for r in data] == pytest.approx(h[:3], abs=5e-5)
    assert [r["h1"] for r in data] == pytest.approx(h[3:], abs=5e-5)


# --- intent_explorer: errors ------------------------------------------------------------------------


def test_explorer_errors():
    s = series()
    with pytest.raises(ValueError, match=r"series is missing the column\(s\) 'rivalry'"):
        charts.intent_explorer(s.drop(columns="rivalry"))
    with pytest.raises(ValueError, match="every half-life"):
        charts.intent_explorer(s.drop(index=3))
    with pytest.raises(ValueError, match="'hostility' must hold finite numbers of at least 0"):
        charts.intent_explorer(s.assign(hostility=-s.hostility - 1))
    with pytest.raises(ValueError, match="'rivalry' must hold 0 or 1"):
        charts.intent_explorer(s.assign(rivalry=2))
    with pytest.raises(ValueError, match="the same for every half-life"):
        charts.intent_explorer(s.assign(rivalry=(s.half_life == 2).astype(int)))
    with pytest.raises(ValueError, match="half_life 5 is not in the data"):
        charts.intent_explorer(s, half_life=5)
    with pytest.raises(ValueError, match="dyad 'Chile–Peru' is not in the data"):
        charts.intent_explorer(s, dyad="Chile–Peru")
    with pytest.raises(ValueError, match="outside rivalry_range"):
        charts.intent_explorer(s, rivalry_weight=5)
    with pytest.raises(ValueError, match="more than one row"):
        charts.intent_explorer(pd.concat([s, s.iloc[[0]]]))
    with pytest.raises(ValueError, match=r"disputes: dyads \['Chile–Peru'\] are not in series"):
        charts.intent_explorer(s, disputes().assign(dyad="Chile–Peru").iloc[[0]])


# --- intent_heatmap ------------------------------------------------------------------------------------


def markers():
    return pd.DataFrame({"state": ["Poland"], "year": [1939], "label": ["war"]})


def test_heatmap_parameters_and_data():
    spec = spec_of(charts.intent_heatmap(cells(), markers(), view="Each toward Germany", rivalry_weight=0.5))
    p = params(spec)
    view = p[intentions.HEATMAP_VIEW_PARAM]
    assert view["bind"]["input"] == "radio"
    assert [label.strip() for label in view["bind"]["labels"]] == ["Germany toward each", "Each toward Germany"]
    assert view["value"] == 1
    assert p[intentions.RIVALRY_PARAM]["value"] == 0.5
    got = pd.DataFrame(dataset_with(spec, "hostility"))
    want = cells().assign(view=lambda d: (d.view == "Each toward Germany").astype(int))
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert dataset_with(spec, "label") == markers().to_dict("records")


def test_heatmap_cells_show_the_criterion():
    spec = spec_of(charts.intent_heatmap(cells(), rivalry_weight=2.0))
    shown = {}
    for label in map(fields, aria_labels(spec)):
        if "State" in label:
            shown[(label["State"], int(label["Year"]))] = float(label["Intent"])
    c = cells()
    c = c[c.view == "Germany toward each"]
    want = {(s, y): 1 - np.exp(-(h + 2.0 * r)) for s, y, h, r in zip(c.state, c.year, c.hostility, c.rivalry)}
    assert shown.keys() == want.keys()
    for key, value in want.items():
        assert shown[key] == pytest.approx(value, abs=6e-3)  # two decimals in the tooltip


def test_heatmap_errors():
    with pytest.raises(ValueError, match=r"markers: states \['Peru'\] are not in cells"):
        charts.intent_heatmap(cells(), markers().assign(state="Peru"))
    with pytest.raises(ValueError, match=r"markers: years \[1950\] are not in cells"):
        charts.intent_heatmap(cells(), markers().assign(year=1950))
    with pytest.raises(ValueError, match="view 'x' is not in the data"):
        charts.intent_heatmap(cells(), view="x")
    with pytest.raises(ValueError, match=r"cells is missing the column\(s\) 'hostility'"):
        charts.intent_heatmap(cells().drop(columns="hostility"))
    with pytest.raises(ValueError, match="more than one row"):
        charts.intent_heatmap(pd.concat([cells(), cells().iloc[[0]]]))


def test_both_specs_compile_to_vega():
    vlc = pytest.importorskip("vl_convert")
    for chart in (charts.intent_explorer(series(), disputes()), charts.intent_heatmap(cells(), markers())):
        vega = vlc.vegalite_to_vega(spec_of(chart), vl_version=VL)
        names = {s["name"] for s in vega.get("signals", [])}
        assert intentions.RIVALRY_PARAM in names
