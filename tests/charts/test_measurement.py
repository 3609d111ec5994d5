"""Tests of bot_core.charts.measurement: the specifications the builders return (small hand-made
frames only; no data loading)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from bot_core import charts
from bot_core.charts import measurement as me
from .chart_helpers import all_params, spec_of


def grid():
    rows = []
    for case, half, power, form in itertools.product(["UK 1905", "USSR 1950"], [500, 1000], ["cinc", "tpop"],
                                                     ["additive", "geometric"]):
        for rank, state in enumerate(["A", "B"], start=1):
            rows.append({"case": case, "half_distance_km": half, "power": power, "form": form, "rank": rank,
                         "state": state, "threat": 0.5 / rank})
    return pd.DataFrame(rows)


def agree():
    return pd.DataFrame({"year": [1905] * 3 + [1950] * 3, "setting": ["a", "b", "c"] * 2,
                         "group": ["g1", "g1", "g2"] * 2, "share_same": [0.5, 0.7, 0.9, 0.4, 0.6, 1.0],
                         "states": [40] * 3 + [70] * 3})


# --- ranking_explorer -------------------------------------------------------------------------


def test_explorer_has_four_inputs_and_a_click_selection():
    spec = spec_of(charts.ranking_explorer(grid(), defaults={"half_distance_km": 1000, "power": "tpop"},
                                           power_labels={"tpop": "population"}, description="alt"))
    params = all_params(spec)
    P = me.EXPLORER_PARAMS
    assert params[P["case"]]["bind"]["input"] == "radio" and params[P["case"]]["value"] == "UK 1905"
    assert params[P["half_distance_km"]]["bind"]["options"] == [500.0, 1000.0]
    assert params[P["half_distance_km"]]["value"] == 1000.0
    assert params[P["power"]]["bind"]["input"] == "select"
    assert params[P["power"]]["bind"]["labels"] == ["cinc", "population"]
    assert params[P["power"]]["value"] == "tpop"
    assert params[P["form"]]["bind"]["options"] == ["additive", "geometric"]
    assert params[P["state"]]["select"]["on"] == "click"
    assert spec["description"] == "alt"


def test_explorer_embeds_the_grid():
    spec = spec_of(me.ranking_explorer(grid()))
    (rows,) = spec["datasets"].values()
    assert len(rows) == len(grid())
    assert set(rows[0]) == {"case", "half_distance_km", "power", "form", "rank", "state", "threat"}
    assert sorted({r["state"] for r in rows}) == ["A", "B"]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns="threat"), "missing"),
    (lambda d: d.assign(threat=2.0), "between 0 and 1"),
    (lambda d: d.assign(rank=d["rank"] - 1), "positive whole"),
    (lambda d: pd.concat([d, d.head(1)]), "more than one row"),
    (lambda d: d.iloc[1:], "lacks ranks"),
])
def test_explorer_rejects_bad_grids(change, message):
    with pytest.raises(ValueError, match=message):
        me.ranking_explorer(change(grid()))


@pytest.mark.parametrize("defaults", [{"power": "milex"}, {"colour": "red"}])
def test_explorer_rejects_bad_defaults(defaults):
    with pytest.raises(ValueError, match="default"):
        me.ranking_explorer(grid(), defaults=defaults)


# --- agreement_dots ---------------------------------------------------------------------------


def test_agreement_has_a_year_menu_and_legend_selection():
    spec = spec_of(charts.agreement_dots(agree(), description="alt"))
    params = all_params(spec)
    assert params[me.AGREE_YEAR_PARAM]["bind"]["options"] == [1905, 1950]
    assert params[me.AGREE_YEAR_PARAM]["value"] == 1905
    assert params[me.AGREE_GROUP_PARAM]["bind"] == "legend"
    (rows,) = spec["datasets"].values()
    assert [r["setting"] for r in rows] == agree().setting.tolist()
    assert spec["description"] == "alt"


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns="group"), "missing"),
    (lambda d: d.assign(share_same=-0.1), "between 0 and 1"),
    (lambda d: d.assign(states=0), "positive whole"),
    (lambda d: pd.concat([d, d.head(1)]), "more than one row"),
    (lambda d: d.assign(group=["g1", "g1", "g2", "g2", "g1", "g2"]), "one group"),
])
def test_agreement_rejects_bad_tables(change, message):
    with pytest.raises(ValueError, match=message):
        me.agreement_dots(change(agree()))
