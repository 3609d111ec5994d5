"""Tests of bot_core.charts.case_regions on hand-made frames: parameters, embedded data, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from bot_core import charts
from bot_core.charts import case_regions as cr
from .chart_helpers import all_params, aria_labels, datasets, spec_of


COUNTS = pd.DataFrame({
    "setting": ["equal", "equal", "no power", "no power"],
    "year": [1961, 1964, 1961, 1964],
    "label": ["balancing (threat)", "none", "balancing (power)", "none"],
    "onsets": [3, 2, 3, 2],
    "pairs": ["A–B; A–C; B–C", "C–D; B–D", "A–B; A–C; B–C", "C–D; B–D"],
})


def test_onset_label_bars_embeds_every_setting_and_binds_a_radio():
    spec = spec_of(cr.onset_label_bars(COUNTS, setting="no power"))
    p = all_params(spec)[cr.REGION_PARAMS["setting"]]
    assert p["value"] == "no power" and p["bind"]["input"] == "radio"
    assert p["bind"]["options"] == ["equal", "no power"]
    values = datasets(spec)[0]
    assert len(values) == 4 and {v["setting"] for v in values} == {"equal", "no power"}
    assert sum(v["onsets"] for v in values) == 10


def test_onset_label_bars_draws_only_the_chosen_setting():
    spec = spec_of(cr.onset_label_bars(COUNTS, setting="equal"))
    labels = " ".join(a for a in aria_labels(spec) if a.startswith("Year of onset"))
    assert "balancing (threat)" in labels and "balancing (power)" not in labels


@pytest.mark.parametrize("bad, message", [
    (COUNTS.drop(columns="pairs"), "pairs"),
    (COUNTS.assign(label="alliance"), "unknown labels"),
    (COUNTS.assign(onsets=-1), "counts"),
    (pd.concat([COUNTS, COUNTS.head(1)]), "more than one row"),
])
def test_onset_label_bars_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        cr.onset_label_bars(bad)


def test_onset_label_bars_rejects_an_unknown_opening_setting():
    with pytest.raises(ValueError, match="setting"):
        cr.onset_label_bars(COUNTS, setting="geometric")


PLEDGES = pd.DataFrame({
    "year": [1981, 1981, 1981, 1982],
    "name1": ["Kuwait", "Kuwait", "Oman", "Kuwait"],
    "name2": ["Oman", "Oman", "Qatar", "Oman"],
    "pledge": ["consultation", "defence", "defence", "defence"],
})
STATES = ["Kuwait", "Oman", "Qatar"]


def test_pledge_matrix_keeps_the_strongest_pledge_in_both_cells_and_a_year_slider():
    spec = spec_of(cr.pledge_matrix(PLEDGES, STATES, year=1982))
    p = all_params(spec)[cr.REGION_PARAMS["year"]]
    assert p["value"] == 1982 and p["bind"]["input"] == "range"
    assert (p["bind"]["min"], p["bind"]["max"]) == (1981, 1982)
    cells = max(datasets(spec), key=lambda v: len(v) and "pledge" in v[0])
    ku_om_1981 = [c for c in cells if c["year"] == 1981 and {c["name1"], c["name2"]} == {"Kuwait", "Oman"}]
    assert len(ku_om_1981) == 2 and {c["pledge"] for c in ku_om_1981} == {"defence"}
    assert len(cells) == 6  # three pairs, both directions


@pytest.mark.parametrize("kwargs, message", [
    ({"pledges": PLEDGES, "states": ["Kuwait", "Oman"], "year": 1981}, "not in states"),
    ({"pledges": PLEDGES.assign(pledge="alliance"), "states": STATES, "year": 1981}, "unknown pledge"),
    ({"pledges": PLEDGES, "states": STATES, "year": 1990}, "outside"),
    ({"pledges": PLEDGES.drop(columns="name2"), "states": STATES, "year": 1981}, "name2"),
    ({"pledges": PLEDGES, "states": ["Kuwait"], "year": 1981}, "at least two"),
])
def test_pledge_matrix_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        cr.pledge_matrix(**kwargs)


STUDY = pd.DataFrame({
    "measure": ["any"] * 6 + ["initiated"] * 6,
    "group": (["revolution"] * 3 + ["others"] * 3) * 2,
    "rel_year": [-1, 0, 1] * 4,
    "rate": [10.0, 20.0, 30.0, 10.0, 11.0, 12.0, 5.0, 9.0, 15.0, 5.0, 5.5, 6.0],
    "n": [40, 40, 40, 900, 900, 900] * 2,
})


def test_event_study_binds_the_measure_and_embeds_the_rates():
    spec = spec_of(cr.event_study(STUDY, measure="initiated"))
    params = all_params(spec)
    assert params[cr.REGION_PARAMS["measure"]]["value"] == "initiated"
    assert params[cr.REGION_PARAMS["measure"]]["bind"]["options"] == ["any", "initiated"]
    assert cr.REGION_PARAMS["hover"] in params
    rates = max(datasets(spec), key=len)
    assert sorted(r["rate"] for r in rates) == sorted(STUDY.rate.tolist())


def test_event_study_rejects_bad_input():
    with pytest.raises(ValueError, match="rate"):
        cr.event_study(STUDY.drop(columns="rate"))
    with pytest.raises(ValueError, match="measure"):
        cr.event_study(STUDY, measure="targeted")
    many = pd.concat([STUDY.assign(group=STUDY.group + str(k)) for k in range(8)], ignore_index=True)
    with pytest.raises(ValueError, match="at most"):
        cr.event_study(many)


def test_builders_are_exported_from_the_charts_package():
    assert charts.onset_label_bars is cr.onset_label_bars
    assert charts.pledge_matrix is cr.pledge_matrix and charts.event_study is cr.event_study
