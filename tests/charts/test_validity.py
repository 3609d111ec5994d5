"""The weights-to-validity figure (charts.validity): what the page carries and what it refuses."""

import json

import numpy as np
import pandas as pd
import pytest

from bot_core import charts
from bot_core.charts.validity import VALIDITY_PARAMS, validity_weights

ERAS = ("1816–1945", "1946–2016")
COLS = [f"{y}_{e}_{k}" for y in ("atop", "icb") for e in ERAS for k in ("top1", "top3")]


def _grid(parts=1):
    rows = []
    rng = np.random.default_rng(1)
    for spec in ("a", "b"):
        for form in ("additive", "geometric"):
            for w in np.ndindex(*(parts + 1,) * 4):
                if sum(w) == 0:
                    continue
                top1 = rng.uniform(0, 0.5, 4)
                rows.append({"spec": spec, "form": form, **dict(zip(("power", "proximity", "offense", "intent"), w)),
                             **{c: (top1[i // 2] if c.endswith("top1") else top1[i // 2] + 0.3) for i, c in enumerate(COLS)}})
    return pd.DataFrame(rows)


def _spec(chart):
    return chart.to_dict()


def test_the_page_carries_every_setting_and_the_controls():
    grid = _grid()
    chart = validity_weights(grid, {"a": "A", "b": "B"}, ERAS, "b", (1, 0, 1, 1), "geometric", aims={"top1": 0.5, "top3": 0.8})
    spec = _spec(chart)
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == set(VALIDITY_PARAMS.values())
    assert params[VALIDITY_PARAMS["spec"]]["value"] == "b" and params[VALIDITY_PARAMS["form"]]["value"] == "geometric"
    assert [params[VALIDITY_PARAMS[c]]["value"] for c in ("power", "proximity", "offense", "intent")] == [1, 0, 1, 1]
    assert all(params[VALIDITY_PARAMS[c]]["bind"]["max"] == 1 for c in ("power", "intent"))
    text = json.dumps(spec)
    csv = next(d for d in spec["datasets"].values() if isinstance(d, str) and d.startswith("spec,form"))
    assert len(csv.strip().split("\n")) == len(grid) + 1
    assert "The issue's aim" in text and charts.validity_weights is validity_weights


def test_bad_grids_and_settings_are_refused():
    grid = _grid()
    names = {"a": "A", "b": "B"}
    with pytest.raises(ValueError, match="missing"):
        validity_weights(grid.drop(columns=COLS[0]), names, ERAS, "a", (1, 1, 1, 1), "additive")
    bad = grid.copy()
    bad.loc[0, COLS[1]] = 1.2
    with pytest.raises(ValueError, match="0 to 1"):
        validity_weights(bad, names, ERAS, "a", (1, 1, 1, 1), "additive")
    with pytest.raises(ValueError, match="opening setting"):
        validity_weights(grid, names, ERAS, "a", (2, 1, 1, 1), "additive")
    with pytest.raises(ValueError, match="specs must name"):
        validity_weights(grid, {"a": "A"}, ERAS, "a", (1, 1, 1, 1), "additive")
    with pytest.raises(ValueError):
        validity_weights(pd.concat([grid, grid.iloc[:1]]), names, ERAS, "a", (1, 1, 1, 1), "additive")
