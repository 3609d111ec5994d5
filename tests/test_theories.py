"""bot_core.theories: the balance-of-power readings grounded in the theory's literature
(the hegemon, the stronger rival), checked against the data they are built from."""

import numpy as np
import pandas as pd
import pytest

from bot_core import choice, evaluate, panel, theories
from bot_core.errors import ArgumentError

USA, UK, RUS, CHN, IND, PAK, ISR, EGY = 2, 200, 365, 710, 750, 770, 666, 651


@pytest.fixture(scope="module")
def hegemon():
    return theories.balance_of_power_dangers("hegemon")


@pytest.fixture(scope="module")
def rival():
    return theories.balance_of_power_dangers("rival")


def _danger(frame, ccode, year):
    return int(frame.set_index(["ccode", "year"]).danger.loc[(ccode, year)])


def test_every_reading_covers_every_state_year_once():
    states = panel.state_years()[["ccode", "year"]]
    for reach in theories.POWER_REACH:
        d = theories.balance_of_power_dangers(reach)
        assert list(d.columns) == ["ccode", "year", "danger"] and len(d) == len(states)
        assert not d.duplicated(["ccode", "year"]).any() and (d.danger != d.ccode).all()


def test_hegemon_reading_names_the_years_hegemon_or_no_one(hegemon):
    h = choice.hegemons()
    expected = h.reindex(hegemon.year).to_numpy()
    expected = np.where(expected == hegemon.ccode.to_numpy(), -1, expected)
    assert (hegemon.danger.to_numpy() == expected).all()
    # Russia's army made it the hegemon of 1950 (a third of the major powers' personnel), China's that of 2000;
    # 1900 had none
    assert _danger(hegemon, USA, 1950) == RUS and _danger(hegemon, UK, 1950) == RUS
    assert _danger(hegemon, USA, 2000) == CHN and _danger(hegemon, CHN, 2000) == -1
    assert (hegemon[hegemon.year == 1900].danger == -1).all()


def test_rival_reading_names_the_strongest_stronger_strategic_rival(rival):
    named = rival[rival.danger >= 0]
    pairs = panel.add_rivalries(named.rename(columns={"ccode": "ccode1", "danger": "ccode2"})[["ccode1", "ccode2", "year"]])
    assert (pairs.tss_rivalry == 1).all()            # a rival in TSS's list that year
    cinc = panel.state_years().pipe(panel.add_capabilities, components=["cinc"]).set_index(["ccode", "year"]).cinc
    own = cinc.reindex(pd.MultiIndex.from_frame(named[["ccode", "year"]])).to_numpy()
    theirs = cinc.reindex(pd.MultiIndex.from_arrays([named.danger, named.year])).to_numpy()
    assert (theirs > own).all()                      # stronger than the state itself
    # facts: the Soviet Union for Britain in 1950, Egypt for Israel in 1950, China for India and
    # India for Pakistan in 2000; the United States, stronger than the Soviet Union in 1950, has none
    assert _danger(rival, UK, 1950) == RUS and _danger(rival, ISR, 1950) == EGY
    assert _danger(rival, IND, 2000) == CHN and _danger(rival, PAK, 2000) == IND
    assert _danger(rival, USA, 1950) == -1


def test_the_new_readings_are_scored_like_the_others():
    s = evaluate.score(permutations=0, power_reach="rival")
    assert s.attrs["power_reach"] == "rival"
    row = s.loc["balance of power"]
    assert 0 < row.tp <= row.predicted < s.attrs["candidates"]


@pytest.mark.parametrize("reach", ["rivals", "", None, 3, ("hegemon",)])
def test_an_unknown_reading_is_refused_naming_the_choices(reach):
    with pytest.raises(ArgumentError, match="unknown reach.*major_or_contiguous, contiguous, hegemon, rival"):
        theories.balance_of_power_dangers(reach)
