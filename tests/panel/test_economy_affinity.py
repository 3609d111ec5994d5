"""The verbs of bot_core.verbs_economy and bot_core.verbs_affinity (called as panel.add_*): facts of
the real data, coverage (missing, never 0), and the panel rules."""

import numpy as np
import pandas as pd
import pytest

from bot_core import datasets, panel
from bot_core.panel import PanelError

USA, CAN, UK, FRN, GFR, GMY, RUS = 2, 20, 200, 220, 260, 255, 365


@pytest.fixture(scope="module")
def dyads():
    d = panel.dyad_years(1860, 2016)
    d = d.pipe(panel.add_democracy).pipe(panel.add_gdp).pipe(panel.add_trade).pipe(panel.add_un_affinity)
    return d.set_index(["ccode1", "ccode2", "year"], drop=False)


@pytest.fixture(scope="module")
def states():
    s = panel.state_years()
    s = s.pipe(panel.add_democracy).pipe(panel.add_gdp).pipe(panel.add_trade).pipe(panel.add_un_affinity)
    return s.set_index(["ccode", "year"], drop=False)


VERBS = [panel.add_democracy, panel.add_gdp, panel.add_trade, panel.add_un_affinity]


@pytest.mark.parametrize("verb", VERBS)
def test_verbs_keep_rows_order_and_index_and_refuse_bad_panels(verb):
    d = panel.dyad_years(1990, 1991).sample(frac=1, random_state=1)
    d.index = d.index + 7
    out = verb(d)
    assert out.index.equals(d.index) and out[["ccode1", "ccode2", "year"]].equals(d[["ccode1", "ccode2", "year"]])
    with pytest.raises(PanelError, match="already has"):
        verb(out)
    with pytest.raises(PanelError, match="needs a panel"):
        verb(pd.DataFrame({"x": [1]}))
    with pytest.raises(PanelError, match="not a COW system member"):
        verb(pd.DataFrame({"ccode": [999], "year": [1990]}))


def test_democracy_covers_every_panel_year_and_tells_democracies_from_autocracies(states, dyads):
    usa = states.loc[USA]
    assert usa.euds.notna().all() and usa.v2x_polyarchy.notna().all()  # 1816-2016, all covered
    assert states.loc[(USA, 1962), "polity2"] >= 9 and states.loc[(RUS, 1962), "v2x_polyarchy"] < 0.15
    row = dyads.loc[(USA, RUS, 1962)]
    assert row.euds1 > 0 > row.euds2 and row.v2x_polyarchy1 > 0.6
    # dyad columns are the state columns of each side
    assert dyads.loc[(RUS, USA, 1962), "euds2"] == row.euds1


def test_gdp_shares_of_the_pair_and_coverage(states, dyads):
    row = dyads.loc[(USA, CAN, 1960)]
    assert 0.9 < row.gdp_share1 < 0.95 and row.gdp_share1 + row.gdp_share2 == pytest.approx(1)
    assert row.sdp_share1 + row.sdp_share2 == pytest.approx(1)
    # the United States out-produced the Soviet Union throughout the Cold War
    assert (dyads.loc[(USA, RUS, slice(1946, 1991)), "gdp_share1"] > 0.6).all()
    # SDP estimates end in 2015; GDP goes on to 2019: 2016 has GDP and a missing SDP
    assert np.isnan(states.loc[(USA, 2016), "sdp"]) and states.loc[(USA, 2016), "gdp"] > 0
    assert dyads.loc[dyads.year == 2016, "sdp_share1"].isna().all()
    # the level is exp of the source's log
    sdp = datasets.load("sdp").set_index(["ccode", "year"])
    assert states.loc[(USA, 1950), "sdp"] == pytest.approx(np.exp(sdp.loc[(USA, 1950), "sdpest"]))
    assert set(states.columns) >= {"gdp", "gdppc", "pop", "sdp"}


def test_trade_is_read_from_each_rows_side_and_missing_outside_1870_2014(states, dyads):
    us_can, can_us = dyads.loc[(USA, CAN, 1960)], dyads.loc[(CAN, USA, 1960)]
    src = datasets.load("trade").set_index(["ccode1", "ccode2", "year"]).loc[(USA, CAN, 1960)]
    assert us_can.flow1 == src.flow1 == can_us.flow2 and us_can.flow2 == src.flow2 == can_us.flow1
    assert dyads.loc[dyads.year < 1870, "flow1"].isna().all()
    assert dyads.loc[dyads.year > 2014, ["flow1", "flow2"]].isna().all().all()
    assert states.loc[(USA, 2015), ["imports", "exports"]].isna().all()
    assert states.loc[(USA, 1960), "exports"] > 0
    # a dyad-year the file does not list is missing, not 0 (West Germany, 1960-89, is such a gap)
    assert np.isnan(dyads.loc[(USA, GFR, 1970), "flow1"])


def test_west_germany_votes_with_the_united_states_at_the_un(dyads, states):
    cold_war = dyads[(dyads.ccode1 == USA) & dyads.year.between(1975, 1989)].reset_index(drop=True)
    by_state = cold_war.groupby("ccode2").unga_distance.mean().dropna().sort_values()
    # among ~150 states, West Germany is one of the five closest to the US; the USSR among the farthest
    assert list(by_state.index).index(GFR) < 5
    assert by_state.rank(pct=True)[RUS] > 0.95
    assert dyads.loc[(USA, RUS, 1962), "unga_distance"] > 4
    assert states.loc[(USA, 1980), "unga_ideal"] > 0 > states.loc[(RUS, 1980), "unga_ideal"]


def test_un_years_outside_coverage_and_the_silent_session_are_missing(states, dyads):
    assert states.loc[states.year < 1946, "unga_ideal"].isna().all()
    assert states.loc[states.year == 1964, "unga_ideal"].isna().all()  # session 19: no recorded votes
    assert states.loc[(USA, 1965), "unga_ideal"] > 0
    # before West Germany joined the UN (1973) it has no ideal point
    assert np.isnan(states.loc[(GFR, 1970), "unga_ideal"]) and not np.isnan(states.loc[(GFR, 1975), "unga_ideal"])


def test_united_germany_reads_the_sdp_files_260_after_1990(states):
    sdp = datasets.load("sdp").set_index(["ccode", "year"])
    assert states.loc[(255, 2000), "sdp"] == pytest.approx(np.exp(sdp.loc[(260, 2000), "sdpest"]))
    assert states.loc[(255, 1938), "sdp"] == pytest.approx(np.exp(sdp.loc[(255, 1938), "sdpest"]))
    assert states.loc[(260, 1970), "sdp"] == pytest.approx(np.exp(sdp.loc[(260, 1970), "sdpest"]))
    assert np.isnan(states.loc[(255, 1990), "sdp"])          # unification year: the file's row is the FRG's
    assert states.loc[(260, 1990), "sdp"] > 0


def test_divergence_from_a_reference_state_is_the_distance_of_ideal_points_in_the_same_session(states, dyads):
    assert "unga_divergence" not in states.columns                     # only with reference=
    sy = panel.state_years(1940, 2016).pipe(panel.add_un_affinity, reference=USA).set_index(["ccode", "year"])
    assert (sy.loc[USA].loc[1946:, "unga_divergence"].dropna() == 0).all()
    assert sy.loc[(GFR, 1980), "unga_divergence"] < 1 < 4 < sy.loc[(RUS, 1980), "unga_divergence"]
    assert sy.loc[sy.index.get_level_values("year") < 1946, "unga_divergence"].isna().all()
    assert sy.xs(1964, level="year").unga_divergence.isna().all()     # the silent session
    # in a dyad panel each side's divergence from the reference; with the reference as state 2 it is the distance
    dy = panel.dyad_years(1980, 1981).pipe(panel.add_un_affinity, reference=RUS)
    vs = dy[dy.ccode2 == RUS].dropna(subset=["unga_distance"])
    assert np.allclose(vs.unga_divergence1, vs.unga_distance) and (vs.unga_divergence2 == 0).all()


@pytest.mark.parametrize("reference, match", [("2", "without quotes"), (2.0, "not 2.0"), (999, "not a COW state code"),
                                              (817, "no UN ideal point")])
def test_a_bad_reference_is_refused_with_the_reason(reference, match):
    with pytest.raises(ValueError, match=match):
        panel.add_un_affinity(panel.state_years(1980, 1980), reference=reference)
