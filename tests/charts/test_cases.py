"""Tests of bot_core.charts.cases on hand-made frames: parameters, data, the ranks the page draws."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import vl_convert

from bot_core import cases, threat
from bot_core.charts import cases as cc
from .chart_helpers import VL, spec_of

CRITERIA = ["power", "proximity", "offense", "intent"]
PERCEIVERS = {1: "Aland", 2: "Borduria"}
FOCUS = {10: "Ten", 11: "Eleven"}


def frame(seed=0, years=(2000, 2001, 2002)):
    rng = np.random.default_rng(seed)
    rows = [(i, y, j) for i in PERCEIVERS for y in years for j in range(10, 20)]
    d = pd.DataFrame(rows, columns=["ccode1", "year", "ccode2"])
    d[CRITERIA] = np.round(rng.random((len(d), 4)) ** 2, 6)
    return d


NAMES = pd.DataFrame({"ccode": range(10, 20), "name": [f"S{j}" for j in range(10, 20)]})


def listed(spec) -> list[tuple[int, str]]:
    """The (rank, name) pairs of the top-k list vl-convert draws for the pointed year."""
    labels = re.findall(r'aria-label="rank: (\d+); line: \d+\. ([^"]+?)  [0-9.]+"',
                        vl_convert.vegalite_to_svg(spec, vl_version=VL))
    return sorted((int(r), n) for r, n in labels)


def test_parameters_and_embedded_settings():
    spec = spec_of(cc.rank_paths_chart(frame(), NAMES, PERCEIVERS, FOCUS, state=2))
    names = {p["name"] for p in spec["params"]}
    assert set(cc.CASE_PARAMS.values()) <= names
    year = next(p for p in spec["params"] if p["name"] == cc.CASE_PARAMS["year"])
    assert year["value"] == [{"year": 2002}] and all(v.startswith("case_year_catcher") for v in year["views"])
    assert spec["usermeta"]["case_figure"]["focus"] == [10, 11]
    assert "description" in spec and "Ten, Eleven" in spec["description"]


@pytest.mark.parametrize("seed, form, weights, state, year", [
    (0, "additive", None, 2, 2001),
    (1, "geometric", None, 1, 2000),
    (2, "additive", {"power": 1.0, "intent": 0.1}, 1, 2002),
    (3, "geometric", {"proximity": 0.3, "offense": 0.9, "intent": 0.5}, 2, 2002),
])
def test_the_page_ranks_as_python_does(seed, form, weights, state, year):
    d = frame(seed)
    spec = spec_of(cc.rank_paths_chart(d, NAMES, PERCEIVERS, FOCUS, state=state, form=form, weights=weights,
                                       highlight_year=year, top=4))
    expect = cases.browser_ranks(d, weights or threat.DEFAULT_WEIGHTS, form)  # the chart opens on the defaults
    expect = expect[(expect.ccode1 == state) & (expect.year == year) & (expect["rank"] <= 4)]
    label = {**{j: f"S{j}" for j in range(10, 20)}, **FOCUS}
    assert listed(spec) == [(int(r), label[j]) for r, j in zip(expect["rank"], expect.ccode2)]


def test_event_marks_group_and_truncate():
    ev = pd.DataFrame({"year": [1900] * 8 + [1901],
                       "kind": ["ATOP: pledge begins"] * 8 + ["Curated (after the data)"],
                       "label": [f"e{k}" for k in range(9)]})
    m = cc.event_marks(ev)
    assert m[["year", "kind", "count"]].values.tolist() == [[1900, "ATOP: pledge begins", 8],
                                                            [1901, "Curated (after the data)", 1]]
    assert m.text[0] == "e0; e1; e2; e3; e4; e5; and 2 more"
    with pytest.raises(ValueError, match="unknown event kinds"):
        cc.event_marks(ev.assign(kind="rumour"))
    with pytest.raises(ValueError, match="label"):
        cc.event_marks(ev.assign(label=""))


def test_events_panel_is_drawn():
    ev = pd.DataFrame({"year": [2001], "kind": ["ATOP: pledge begins"], "label": ["Aland–Borduria: defence pledge begins"]})
    svg = vl_convert.vegalite_to_svg(spec_of(cc.rank_paths_chart(frame(), NAMES, PERCEIVERS, FOCUS, state=1, events=ev)),
                                     vl_version=VL)
    assert "What: Aland–Borduria: defence pledge begins" in svg


@pytest.mark.parametrize("change, message", [
    (dict(state=3), "not among the perceivers"),
    (dict(focus={j: f"F{j}" for j in range(10, 18)}), "focus states"),
    (dict(focus={10: "Same", 11: "Same"}), "labels must differ"),
    (dict(form="harmonic"), "form"),
    (dict(top=0), "top"),
    (dict(highlight_year=1999), "highlight_year"),
    (dict(weights={"power": 0, "intent": 0}), "at least one weight must be positive"),
    (dict(weights={"wealth": 1}), "unknown criteria"),
])
def test_bad_settings(change, message):
    args = dict(state=1, focus=FOCUS)
    args.update(change)
    focus = args.pop("focus")
    with pytest.raises(ValueError, match=message):
        cc.rank_paths_chart(frame(), NAMES, PERCEIVERS, focus, **args)


def test_bad_data():
    with pytest.raises(ValueError, match="evenly spaced"):
        cc.rank_paths_chart(frame(years=(2000, 2001, 2005)), NAMES, PERCEIVERS, FOCUS, state=1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        cc.rank_paths_chart(frame().assign(power=2.0), NAMES, PERCEIVERS, FOCUS, state=1)
    with pytest.raises(ValueError, match="names lacks"):
        cc.rank_paths_chart(frame(), NAMES.head(3), PERCEIVERS, FOCUS, state=1)
    with pytest.raises(ValueError, match="intent"):
        cc.rank_paths_chart(frame().drop(columns="intent"), NAMES, PERCEIVERS, FOCUS, state=1)


def _layers(node):
    """Every unit view (a dict with a mark) in a nested spec."""
    if isinstance(node, dict):
        if "mark" in node:
            yield node
        for v in node.values():
            yield from _layers(v)
    elif isinstance(node, list):
        for v in node:
            yield from _layers(v)


def test_rank1_band_has_its_checkbox_and_layers():
    spec = spec_of(cc.rank_paths_chart(frame(), NAMES, PERCEIVERS, FOCUS, state=2))
    p = next(p for p in spec["params"] if p["name"] == cc.CASE_PARAMS["rank1"])
    assert p["value"] is True and p["bind"]["input"] == "checkbox"
    named = {str(v.get("name")) for v in _layers(spec)}  # altair may suffix a layer's name
    assert all(any(n.startswith(layer) for n in named) for layer in ("case_rank1_band", "case_rank1_names"))
    band = next(v for v in _layers(spec) if str(v.get("name")).startswith("case_rank1_band"))
    assert any(t.get("filter") == cc.CASE_PARAMS["rank1"] for t in band.get("transform", []))


def _band_names(spec):
    """The (name, years) of the rank-1 band's boxes vl-convert draws (their aria-labels)."""
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VL)
    return re.findall(r'aria-label="Rank 1: ([^"]+) in ([0-9–]+)"', svg)


@pytest.mark.parametrize("seed, state", [(0, 1), (4, 2)])
def test_rank1_band_names_the_top_threat_of_every_year(seed, state):
    years = tuple(range(2000, 2008))
    d = frame(seed, years)
    spec = spec_of(cc.rank_paths_chart(d, NAMES, PERCEIVERS, FOCUS, state=state))
    r = cases.browser_ranks(d, threat.DEFAULT_WEIGHTS, threat.DEFAULT_FORM)
    top = r[(r.ccode1 == state) & (r["rank"] == 1)].set_index("year").ccode2
    label = {**{j: f"S{j}" for j in range(10, 20)}, **FOCUS}
    drawn = {}
    for name, span in _band_names(spec):
        a, _, b = span.partition("–")
        for y in range(int(a), int(b or a) + 1):
            assert y not in drawn
            drawn[y] = name
    assert drawn == {y: label[j] for y, j in top.items()}
    # runs are maximal: two neighbouring boxes never name the same state
    runs = _band_names(spec)
    assert len(runs) == 1 + sum(top.iloc[k] != top.iloc[k - 1] for k in range(1, len(top)))
    off = dict(spec, params=[dict(p, value=False) if p["name"] == cc.CASE_PARAMS["rank1"] else p
                             for p in spec["params"]])
    assert _band_names(off) == []
