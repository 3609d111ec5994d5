"""The verbs of bot_core.verbs_conflict and bot_core.verbs_rivalry (called as panel.add_*): facts of
history in the data, coverage (<NA>, never 0), and the panel rules."""

import pandas as pd
import pytest

from bot_core import panel
from bot_core.panel import PanelError

USA, CUB, CAN, UK, FRN, GMY, GFR, ITA, RUS, JPN = 2, 40, 20, 200, 220, 255, 260, 325, 365, 740

VERBS = [panel.add_crises, panel.add_wars, panel.add_rivalries, panel.add_arms_races]


@pytest.fixture(scope="module")
def dyads():
    d = panel.dyad_years(1816, 2016)
    d = (d.pipe(panel.add_crises).pipe(panel.add_wars).pipe(panel.add_rivalries)
         .pipe(panel.add_peace_scale).pipe(panel.add_arms_races))
    return d.set_index(["ccode1", "ccode2", "year"], drop=False)


@pytest.fixture(scope="module")
def states():
    s = panel.state_years().pipe(panel.add_crises).pipe(panel.add_wars).pipe(panel.add_rivalries).pipe(panel.add_arms_races)
    return s.set_index(["ccode", "year"], drop=False)


@pytest.mark.parametrize("verb", VERBS + [panel.add_peace_scale])
def test_verbs_keep_rows_order_and_index_and_refuse_bad_panels(verb):
    d = panel.dyad_years(1960, 1962).sample(frac=1, random_state=2)
    d.index = d.index * 3
    out = verb(d)
    assert out.index.equals(d.index) and out[["ccode1", "ccode2", "year"]].equals(d[["ccode1", "ccode2", "year"]])
    with pytest.raises(PanelError, match="already has"):
        verb(out)
    with pytest.raises(PanelError, match="years outside"):
        verb(pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2017]}))


def test_peace_scale_is_for_dyads_only():
    with pytest.raises(PanelError, match="ccode1, ccode2, year"):
        panel.add_peace_scale(panel.state_years(1950, 1950))


def test_the_cuban_missile_crisis(dyads, states):
    # ICB: the USA and the USSR each a crisis actor, each triggered by the other; Cuba's triggered by the USA
    us_su = dyads.loc[(USA, RUS, 1962)]
    assert us_su.icb_crisis >= 1 and us_su.icb_onset >= 1
    assert us_su.icb_trig1 >= 1 and us_su.icb_trig2 >= 1
    assert dyads.loc[(USA, CUB, 1962), "icb_trig1"] >= 1  # the USA triggered Cuba's crisis
    assert states.loc[(USA, 1962), "icb_actor"] >= 1 and states.loc[(RUS, 1962), "icb_trigger"] >= 1
    # the two directions of a pair mirror each other
    su_us = dyads.loc[(RUS, USA, 1962)]
    assert (su_us.icb_trig1, su_us.icb_trig2) == (us_su.icb_trig2, us_su.icb_trig1)


def test_crises_are_missing_before_icb_begins_and_zero_in_quiet_covered_years(dyads):
    assert dyads.loc[dyads.year < 1918, "icb_crisis"].isna().all()
    assert dyads.loc[(USA, CAN, 1960), "icb_crisis"] == 0
    assert dyads.icb_crisis.dtype == "Int64"


def test_france_and_germany_on_opposite_sides_in_both_world_wars(dyads, states):
    fg = dyads.loc[(FRN, GMY)]
    assert (fg.loc[1914:1918, "war_opposite"] == 1).all() and (fg.loc[1914:1918, "war_same_side"] == 0).all()
    assert (fg.loc[1939:1940, "war_opposite"] == 1).all() and fg.loc[1939, "war_same_side"] == 0
    assert fg.loc[1914, "war_onset"] == 1 and fg.loc[1870, "war_opposite"] == 1  # and in 1870
    # Britain and France: allies in both wars
    assert (dyads.loc[(UK, FRN, slice(1914, 1918)), "war_same_side"] == 1).all()
    assert dyads.loc[(UK, FRN, 1939), "war_same_side"] == 1 and dyads.loc[(UK, FRN, 1939), "war_opposite"] == 0
    assert dyads.loc[(USA, CAN, 1960), ["war_opposite", "war_same_side"]].tolist() == [0, 0]
    assert dyads.loc[dyads.year > 2007, "war_opposite"].isna().all()
    assert states.loc[(FRN, 1914), "war"] == 1 and states.loc[(FRN, 1914), "war_onset"] == 1
    assert pd.isna(states.loc[(USA, 2010), "war"])


def test_usa_ussr_is_a_principal_rivalry_of_the_cold_war(dyads, states):
    r = dyads.loc[(USA, RUS)]
    assert (r.loc[1946:1989, "tss_principal"] == 1).all() and (r.loc[1946:1989, "tss_ideological"] == 1).all()
    assert (r.loc[1990:2006, "tss_rivalry"] == 0).all() and (r.loc[2007:2016, "tss_rivalry"] == 1).all()
    assert r.loc[1962, "td_rivalry"] == 1 and r.loc[1962, "td_positional"] == 1
    assert r.loc[2011:2016, "td_rivalry"].isna().all()  # Thompson and Dreyer end in 2010
    assert dyads.loc[(USA, CAN, 1960), "tss_rivalry"] == 0
    assert states.loc[(USA, 1962), "tss_principal"] >= 1


def test_usa_canada_a_security_community_and_france_germany_reconciled(dyads):
    assert dyads.loc[(USA, CAN, 2000), "peace_level"] == 1.0
    assert dyads.loc[(CAN, USA, 2000), "peace_level"] == 1.0
    assert dyads.loc[(USA, RUS, 1962), "peace_level"] == 0.0  # severe rivalry
    # West Germany (260) takes the scale's Germany (255): warm peace with France by 1960
    assert dyads.loc[(FRN, GFR, 1960), "peace_level"] == 0.75
    assert dyads.loc[(FRN, GMY, 2000), "peace_level"] == 1.0
    assert dyads.loc[dyads.year < 1900, "peace_level"].isna().all()
    # a dyad the scale does not code is missing, never "negative peace"
    assert pd.isna(dyads.loc[(CAN, 712, 2000), "peace_level"])


def test_arms_races(dyads, states):
    # the Anglo-German naval race before the First World War and the Cold War race of 1978-81
    assert dyads.loc[(UK, GMY, 1914), "arms_race"] == 1 and dyads.loc[(GMY, UK, 1914), "arms_race"] == 1
    assert (dyads.loc[(USA, RUS, slice(1978, 1981)), "arms_race"] == 1).all()
    assert dyads.loc[(USA, RUS, 1990), "arms_race"] == 0
    assert dyads.loc[dyads.year > 1993, "arms_race"].isna().all()
    assert states.loc[(UK, 1914), "arms_races"] >= 1
