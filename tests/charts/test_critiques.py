"""Tests of bot_core.charts.critiques: the specifications the builders return (small hand-made
frames only; no data loading)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bot_core import charts
from bot_core.charts import critiques as cr
from bot_core.charts.base import OKABE_ITO
from .chart_helpers import all_params, datasets, spec_of


def curve():
    w = [0.0, 0.5, 1.0]
    return pd.DataFrame({"weight": w * 2, "form": ["geometric"] * 3 + ["additive"] * 3,
                         "mcc": [0.03, 0.02, 0.01, 0.02, 0.015, 0.028]})


REFS = {"balance of power (system)": -0.015, "balance of power (neighbours)": 0.03}


def lift():
    rows = []
    for form in ("additive", "geometric"):
        for theory, obs in (("balance of threat", 0.5), ("balance of power", 0.9)):
            for group, n in (("Walt", 10), ("1816-1913", 20)):
                rows.append({"group": group, "theory": theory, "form": form, "onsets": n,
                             "observed": obs, "expected": 0.25 if theory == "balance of threat" else 0.95})
    return pd.DataFrame(rows)


# --- criterion_dial ---------------------------------------------------------------------------


def test_dial_is_exported_and_has_its_parameters():
    spec = spec_of(charts.criterion_dial(curve(), REFS, description="alt text"))
    params = all_params(spec)
    assert params[cr.DIAL_HOVER_PARAM]["select"]["nearest"] is True
    assert params[cr.DIAL_HOVER_PARAM]["select"]["on"] == "pointerover"
    assert params[cr.DIAL_PICK_PARAM]["bind"] == "legend"
    assert spec["description"] == "alt text"


def test_dial_embeds_the_curve_sorted_and_the_references():
    spec = spec_of(cr.criterion_dial(curve(), REFS))
    data = datasets(spec)
    rows = next(d for d in data if d and "weight" in d[0])
    assert [r["form"] for r in rows] == ["geometric"] * 3 + ["additive"] * 3   # order of first appearance
    assert [r["weight"] for r in rows[:3]] == [0.0, 0.5, 1.0]
    assert sorted(rows[0]) == ["form", "mcc", "weight"]
    refs = next(d for d in data if d and "reading" in d[0])
    assert {r["reading"]: r["mcc"] for r in refs} == REFS


def test_dial_colours_forms_with_the_palette():
    spec = spec_of(cr.criterion_dial(curve(), REFS))
    text = str(spec)
    assert OKABE_ITO[0] in text and OKABE_ITO[1] in text


@pytest.mark.parametrize("bad, message", [
    (curve().drop(columns="mcc"), "missing"),
    (curve().assign(weight=[0, 0.5, 1.5, 0, 0.5, 1]), "between 0 and 1"),
    (pd.concat([curve(), curve().head(1)]), "more than one row"),
])
def test_dial_rejects_bad_curves(bad, message):
    with pytest.raises(ValueError, match=message):
        cr.criterion_dial(bad, REFS)


@pytest.mark.parametrize("refs", [{}, {"x": np.nan}, {"x": "abc"}, [0.1]])
def test_dial_rejects_bad_references(refs):
    with pytest.raises(ValueError, match="references"):
        cr.criterion_dial(curve(), refs)


# --- era_lift ---------------------------------------------------------------------------------


def test_lift_has_a_form_menu_and_hover():
    spec = spec_of(charts.era_lift(lift(), description="alt"))
    params = all_params(spec)
    menu = params[cr.LIFT_FORM_PARAM]
    assert menu["bind"]["input"] == "select" and menu["bind"]["options"] == ["additive", "geometric"]
    assert menu["value"] == "additive"
    assert params[cr.LIFT_HOVER_PARAM]["select"]["on"] == "pointerover"
    assert spec["description"] == "alt"


def test_lift_embeds_the_table_with_the_ratio():
    spec = spec_of(cr.era_lift(lift()))
    (rows,) = datasets(spec)
    assert len(rows) == len(lift())
    first = rows[0]
    assert first["group"] == "Walt" and first["theory"] == "balance of threat"
    assert first["lift"] == pytest.approx(0.5 / 0.25)
    assert [r["group"] for r in rows] == lift().group.tolist()   # order kept


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns="expected"), "missing"),
    (lambda d: d.assign(observed=1.5), "between 0 and 1"),
    (lambda d: d.assign(onsets=0), "positive whole"),
    (lambda d: d.assign(onsets=2.5), "positive whole"),
    (lambda d: pd.concat([d, d.head(1)]), "more than one row"),
    (lambda d: d.iloc[1:], "lacks rows"),
])
def test_lift_rejects_bad_tables(change, message):
    with pytest.raises(ValueError, match=message):
        cr.era_lift(change(lift()))


def test_lift_rejects_non_frames():
    with pytest.raises(TypeError):
        cr.era_lift([1, 2, 3])
