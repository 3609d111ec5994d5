"""The sandbox figure (charts.sandbox): three panels driven by four weights and the form, every
slider setting carried by the page, bad grids refused."""

import io
import itertools
import json
import re

import numpy as np
import pandas as pd
import pytest

from bot_core.charts.sandbox import SANDBOX_PANELS, SANDBOX_PARAMS, sandbox
from .chart_helpers import VL, all_params, spec_of

CRITERIA = ("power", "proximity", "offense", "intent")
ERAS = ("1816–1945", "1946–2016")
VALID = [f"{y}_{e}_{k}" for y in ("atop", "icb") for e in ERAS for k in ("top1", "top3")]
CASES = ((2, 1970, "United States, 1970"), (365, 1970, "Soviet Union, 1970"))
NAMES = {2: "United States", 365: "Soviet Union", 200: "United Kingdom", 710: "China"}
SAMPLES = {"in": "in sample", "oos0": "out of sample"}


def _grid(parts=2):
    rng = np.random.default_rng(0)
    rows = []
    for form in ("additive", "geometric"):
        for w in itertools.product(range(parts + 1), repeat=4):
            if sum(w):
                rows.append({"form": form, **dict(zip(CRITERIA, w)), "t2_1970": "365 710 200",
                             "t365_1970": "2 -1 -1" if w[0] == 0 else "2 200 710",
                             **dict(zip(VALID, rng.uniform(0, 1, len(VALID)))),
                             "gain_in": rng.normal(0.02, 0.01), "gain_oos0": rng.normal(0, 0.01)})
    return pd.DataFrame(rows)


def _build(grid, **kw):
    args = dict(weights=(1, 2, 1, 2), form="geometric", description="A test figure with three panels and sliders.")
    args.update(kw)
    return sandbox(grid, CASES, NAMES, ERAS, SAMPLES, **args)


def test_three_panels_and_five_controls():
    spec = spec_of(_build(_grid()))
    params = all_params(spec)
    assert set(params) == set(SANDBOX_PARAMS.values())
    assert [params[SANDBOX_PARAMS[c]]["value"] for c in CRITERIA] == [1, 2, 1, 2]
    assert all(params[SANDBOX_PARAMS[c]]["bind"]["input"] == "range" and params[SANDBOX_PARAMS[c]]["bind"]["max"] == 2
               for c in CRITERIA)
    assert params[SANDBOX_PARAMS["form"]]["bind"]["options"] == ["additive", "geometric"]
    text = json.dumps(spec)
    assert all(f'"name": "{p}' in text for p in SANDBOX_PANELS)  # altair may number them: sandbox_fears_1
    # every panel reads the chosen setting from the parameters
    assert text.count(f"datum.form == {SANDBOX_PARAMS['form']}") == 3 * 2  # three panels, two layers each


def test_the_page_carries_every_setting_once():
    grid = _grid()
    spec = _build(grid).to_dict()
    csv = next(d for d in spec["datasets"].values() if isinstance(d, str) and d.startswith("form,"))
    back = pd.read_csv(io.StringIO(csv))
    assert len(back) == len(grid) == 2 * (3 ** 4 - 1)
    keys = set(map(tuple, back[["form", *CRITERIA]].itertuples(index=False)))
    want = {(f, *w) for f in ("additive", "geometric") for w in itertools.product(range(3), repeat=4) if sum(w)}
    assert keys == want
    assert np.allclose(back[VALID].to_numpy(), np.round(grid[VALID].to_numpy(), 3))
    assert (back["t365_1970"] == grid["t365_1970"]).all()


def test_bad_grids_and_settings_are_refused():
    grid = _grid()
    with pytest.raises(ValueError, match="missing"):
        _build(grid.drop(columns="gain_in"))
    with pytest.raises(ValueError, match="every slider setting"):
        _build(grid.iloc[1:])
    bad = grid.copy()
    bad.loc[0, VALID[0]] = 1.5
    with pytest.raises(ValueError, match="0 to 1"):
        _build(bad)
    bad = grid.copy()
    bad.loc[0, "t2_1970"] = "999 2 365"
    with pytest.raises(ValueError, match="names lacks"):
        _build(bad)
    with pytest.raises(ValueError):
        _build(grid, weights=(3, 0, 0, 0))
    with pytest.raises(ValueError):
        _build(grid, weights=(0, 0, 0, 0))
    with pytest.raises(ValueError):
        _build(grid, form="linear")


def test_moving_a_weight_redraws_every_panel():
    """Vega itself (vl-convert) draws the figure at two settings of the intent weight: every panel's
    marks differ, so each panel reads the sliders (the page test moves the real slider)."""
    vlc = pytest.importorskip("vl_convert")
    grid = _grid()
    # make each panel's answer depend on the intent weight
    grid["t2_1970"] = np.where(grid.intent == 0, "710 365 200", "365 710 200")
    spec = spec_of(_build(grid))

    def panels(intent):
        s = json.loads(json.dumps(spec))
        for p in s["params"]:
            if p["name"] == SANDBOX_PARAMS["intent"]:
                p["value"] = intent
        svg = vlc.vegalite_to_svg(s, vl_version=VL)
        return {p: re.findall(rf'<g class="mark-[a-z]+ role-mark {p}[^"]*".*?</g>', svg, re.S) for p in SANDBOX_PANELS}

    before, after = panels(2), panels(0)
    assert all(before[p] for p in SANDBOX_PANELS), "a panel drew no marks"
    assert all(before[p] != after[p] for p in SANDBOX_PANELS)
