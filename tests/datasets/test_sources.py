"""The sources beyond peacesciencer, on facts from history: each value asserted here was read from
the offline mirror's files and is a matter of the historical record (treaties, crises, votes)."""

import numpy as np
import pandas as pd
import pytest

from bot_core import datasets

USA, CANADA, UK, FRANCE, SARDINIA, RUSSIA, OTTOMANS = 2, 20, 200, 220, 325, 365, 640
WEST_GERMANY, GERMANY, CUBA = 260, 255, 40
NATO_FOUNDERS = {2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395}
LEVELS = {0.0, 0.25, 0.5, 0.75, 1.0}


@pytest.fixture(scope="module")
def treaties():
    return datasets.load("atop_treaties").set_index("atopid", drop=False)


@pytest.fixture(scope="module")
def members():
    return datasets.load("atop_members")


@pytest.fixture(scope="module")
def peace():
    return datasets.load("peace_scale").set_index(["ccode1", "ccode2", "year"])


@pytest.fixture(scope="module")
def actors():
    return datasets.load("icb_actors")


# --- ATOP: treaties and members ---------------------------------------------------------------


def test_nato_was_signed_on_4_april_1949_by_twelve_states_and_was_still_in_force_in_2018(treaties, members):
    nato = treaties.loc[3180]
    assert nato.begin == pd.Timestamp("1949-04-04") and nato.defense == 1
    assert pd.isna(nato.end) and pd.isna(nato.endyr) and nato.ineffect == 1
    founders = members[(members.atopid == 3180) & (members.entry == pd.Timestamp("1949-04-04"))]
    assert set(founders.member) == NATO_FOUNDERS


def test_west_germany_joined_nato_in_1954_and_germany_replaced_it_on_unification(members):
    nato = members[members.atopid == 3180].set_index("member")
    assert nato.loc[WEST_GERMANY, "entry"] == pd.Timestamp("1954-10-23")
    assert nato.loc[WEST_GERMANY, "exit"] == pd.Timestamp("1990-10-03")
    assert nato.loc[GERMANY, "entry"] == pd.Timestamp("1990-10-03") and pd.isna(nato.loc[GERMANY, "exit"])


def test_the_crimean_war_treaties_of_1854_name_russia_as_the_threat(treaties):
    of_1854 = treaties[treaties.begyr == 1854]
    against_russia = of_1854[of_1854.statthr1 == RUSSIA]
    assert len(against_russia) == 5
    first = against_russia.sort_values("begin").iloc[0]
    assert first.begin == pd.Timestamp("1854-03-12")
    assert {UK, FRANCE, OTTOMANS} <= {first[f"mem{i}"] for i in range(1, 5)}


def test_atop_unknown_days_and_in_effect_codes_are_missing_not_numbers(treaties, members):
    undated = treaties.loc[1115]  # signed in June 1844, day unknown
    assert (undated.begyr, undated.begmo) == (1844, 6) and pd.isna(undated.begday) and pd.isna(undated.begin)
    for frame, cols in ((treaties, ["endyr", "endmo", "endday"]), (members, ["yrexit", "moexit", "dayexit"])):
        assert not (frame[cols] == 0).any().any()
        assert str(frame[cols[0]].dtype) == "Int64"
    assert (treaties.endyr.isna() == (treaties.ineffect == 1)).all()
    assert treaties.begin.dtype.kind == "M" and members.exit.dtype.kind == "M"
    ended_on_an_unknown_day = (treaties.ineffect == 0) & treaties.endday.isna()
    assert ended_on_an_unknown_day.sum() == 13 and (treaties.ineffect == 1).sum() == 372
    assert treaties.end.isna().sum() == 372 + 13


# --- ICB --------------------------------------------------------------------------------------


def test_cuban_missile_crisis_usa_actor_triggered_by_the_ussr_and_the_reverse(actors):
    cuba = actors[actors.crisname == "CUBAN MISSILES"].set_index("cracid")
    assert set(cuba.index) == {USA, CUBA, RUSSIA}
    assert cuba.loc[USA, "trigent"] == RUSSIA and cuba.loc[RUSSIA, "trigent"] == USA
    assert cuba.loc[USA, "trigger_date"] == pd.Timestamp("1962-10-16")
    assert (cuba.termination_date == pd.Timestamp("1962-11-20")).all()
    crisis = datasets.load("icb_crises").set_index("crisno").loc[cuba.crisno.iloc[0]]
    assert crisis.trigent == RUSSIA and crisis.trigger_date == pd.Timestamp("1962-10-16")


def test_the_berlin_blockade_was_a_crisis_for_the_western_allies_triggered_by_the_ussr(actors):
    berlin = actors[actors.crisname == "BERLIN BLOCKADE"].set_index("cracid")
    assert (berlin.loc[[USA, UK, FRANCE], "trigent"] == RUSSIA).all()
    assert (berlin.yrtrig == 1948).all()


def test_icb_byte_order_mark_day_codes_and_real_minus_nines(actors):
    assert actors.columns[0] == "icb2" and datasets.load("icb_crises").columns[0] == "icb1"
    coded_day = actors.datrig.isin([66, 77, 88])
    assert coded_day.sum() == 25 and actors.loc[coded_day, "trigger_date"].isna().all()
    assert (actors.powdis == -9).sum() == 10  # a power discrepancy of -9 is a value, not a code
    assert actors.cracid.dtype == "int64" and str(actors.trigent.dtype) == "Int64"


# --- the peace scale --------------------------------------------------------------------------


def test_usa_canada_a_warm_peace_from_1920_and_a_security_community_since_1987(peace):
    pair = peace.loc[(USA, CANADA)]
    assert pair.index.min() == 1920 and pair.loc[1920, "peace_level"] == 0.75
    assert (pair.loc[1987:2020, "peace_level"] == 1.0).all()
    assert 0.75 < pair.loc[1987, "peace_level_mean"] < 1.0  # security community from 3 Oct 1987


def test_usa_ussr_severe_rivalry_in_the_cold_war_and_a_transition_that_is_missing(peace):
    pair = peace.loc[(USA, RUSSIA)]
    assert (pair.loc[1950:1988, "peace_level"] == 0.0).all()
    for year in (1990, 1991):
        assert np.isnan(pair.loc[year, "peace_level"]) and np.isnan(pair.loc[year, "peace_level_mean"])
        assert pair.loc[year, "transition_days"] == 365
    assert pair.loc[1993, "peace_level"] == 0.25


def test_uk_france_a_security_community_until_the_brexit_transition(peace):
    pair = peace.loc[(UK, FRANCE)]
    assert (pair.loc[1992:2016, "peace_level"] == 1.0).all()
    assert pair.loc[2017:2020, "peace_level"].isna().all() and pair.loc[2017, "transition_days"] == 278


def test_peace_levels_are_the_five_levels_or_missing_never_a_code(peace):
    assert set(peace.peace_level.dropna().unique()) == LEVELS
    assert peace.peace_level_mean.dropna().between(0, 1).all()
    assert peace.reset_index().groupby(["ccode1", "ccode2"]).ngroups == 2688  # one per line of the file
    codes = set(peace.index.get_level_values("ccode1")) | set(peace.index.get_level_values("ccode2"))
    assert GERMANY in codes and WEST_GERMANY not in codes  # Germany is 255 throughout


def test_the_authors_year_means_lose_their_transition_flags_but_not_their_contamination():
    means = datasets.load("peace_scale_year_means").set_index(["ccode1", "ccode2", "year"]).peacelevel
    assert means.isna().sum() == 496 and means.max() <= 1
    # USA-Russia 1992: eleven months of lesser rivalry and a transition month counted as 9
    assert means.loc[(USA, RUSSIA, 1992)] == pytest.approx((11 * 0.25 + 9) / 12)


# --- UN General Assembly ----------------------------------------------------------------------


def test_unga_years_are_sessions_plus_1945_and_1964_has_no_session():
    unga = datasets.load("unga_ideal_points")
    assert (unga.year == unga.session + 1945).all()
    assert (unga.year.min(), unga.year.max()) == (1946, 2023)
    assert set(range(1946, 2024)) - set(unga.year) == {1964}
    assert "Unnamed: 0" not in unga.columns and unga.ccode.dtype == "int64"


def test_west_germany_voted_closer_to_the_usa_than_to_the_ussr_in_every_session():
    unga = datasets.load("unga_ideal_points")
    points = unga.pivot(index="year", columns="ccode", values="IdealPointAll")
    years = points.index[points[WEST_GERMANY].notna()]
    assert (years.min(), years.max(), len(years)) == (1973, 1990, 18)
    p = points.loc[years]
    assert ((p[WEST_GERMANY] - p[USA]).abs() < (p[WEST_GERMANY] - p[RUSSIA]).abs()).all()


# --- democracy, GDP, SDP, trade ---------------------------------------------------------------


def test_democracy_polity2_minus_nine_is_a_score_not_a_missing_value():
    dem = datasets.load("democracy")
    assert dem.polity2.dtype == "float64" and (dem.polity2 == -9).sum() == 1048
    usa = dem.set_index(["ccode", "year"]).loc[(USA, 2000)]
    assert usa.polity2 == 10 and usa.v2x_polyarchy > 0.8
    assert (dem.year.min(), dem.year.max()) == (1816, 2025)


def test_the_usa_has_a_larger_gdp_than_canada_in_every_year_of_both_gdp_files():
    gdp = datasets.load("gdp_population").pivot(index="year", columns="ccode", values="pwtrgdp")
    both = gdp[[USA, CANADA]].dropna()
    assert len(both) == 100 and (both[USA] > both[CANADA]).all()
    sdp = datasets.load("sdp").pivot(index="year", columns="ccode", values="wbgdp2011est")
    both = sdp[[USA, CANADA]].dropna()
    assert (both.index.min(), both.index.max()) == (1800, 2015) and (both[USA] > both[CANADA]).all()


def test_usa_canada_trade_in_2000_and_trade_flows_missing_as_nan():
    trade = datasets.load("trade")
    row = trade[(trade.ccode1 == USA) & (trade.ccode2 == CANADA) & (trade.year == 2000)].iloc[0]
    assert (row.flow1, row.flow2) == (229191.0, 169068.0)
    assert trade.flow1.dtype == "float64" and trade.flow1.isna().sum() == 22937
    assert not (trade[["flow1", "flow2"]] < 0).any().any()


# --- peacesciencer files newly tested: wars, arms races, rivalries -------------------------------


def test_the_crimean_war_puts_russia_against_britain_france_sardinia_and_the_ottomans():
    war = datasets.load("cow_war_inter")
    crimea = war[(war.warnum == 22) & (war.ccode1 == RUSSIA)]
    assert set(crimea.ccode2) == {UK, FRANCE, SARDINIA, OTTOMANS}
    assert (crimea.sidea1 != crimea.sidea2).all()
    assert str(war.batdeath1.dtype) == "Int64" and war.batdeath1.isna().sum() == 4 and war.batdeath1.min() >= 0


def test_arms_races_and_rivalries_of_the_great_powers():
    races = datasets.load("grh_arms_races")
    assert ((races.ccode1 == UK) & (races.ccode2 == GERMANY) & (races.styear == 1934)).any()
    assert ((races.ccode1 == USA) & (races.ccode2 == RUSSIA) & (races.styear == 1978)).any()
    tss = datasets.load("tss_rivalries")
    cold_war = tss[(tss.ccode1 == USA) & (tss.ccode2 == RUSSIA) & (tss.start == 1945)].iloc[0]
    assert cold_war.end == 1989 and cold_war.principal == 1
    td = datasets.load("td_rivalries")
    first = td[(td.ccode1 == USA) & (td.ccode2 == RUSSIA) & (td.styear == 1945)].iloc[0]
    assert first.endyear == 1989 and {first.type1, first.type2} == {"positional", "ideological"}


# --- provenance: every source, its version and its terms ----------------------------------------


def test_provenance_lists_every_source_with_version_terms_and_citation():
    table = datasets.sources_table().set_index("source")
    assert set(table.index) == set(datasets.sources())
    assert "non-commercial" in table.loc["peace-scale", "terms"]
    assert table.loc["atop", "versions"] == "5.1" and table.loc["icb", "versions"] == "14"
    row = datasets.provenance("peace_scale").iloc[0]
    assert row.source == "peace-scale" and row.version.startswith("3.1") and "non-commercial" in row.terms
    assert row.citation.startswith("Goertz, Gary") and (row.first_year, row.last_year) == (1900, 2020)


# --- the rules, on hand-made input --------------------------------------------------------------


def test_dates_from_parts_never_guess_a_day_or_month():
    from bot_core.datasets import _tidy

    year = pd.Series([1949, 1844, 1962, 1900, 2000, pd.NA], dtype="Int64")
    month = pd.Series([4, 6, 10, 0, 2, 1], dtype="Int64")
    day = pd.Series([4, pd.NA, 88, 1, 30, 1], dtype="Int64")
    got = _tidy.date_from_parts(year, month, day)
    assert got.iloc[0] == pd.Timestamp("1949-04-04")
    assert got.iloc[1:].isna().all()  # unknown day, ICB day code, month 0, 30 February, no year


def test_whole_numbers_become_integers_and_only_the_given_code_becomes_missing():
    from bot_core.datasets import _tidy

    frame = pd.DataFrame({"ccode": [2.0, 20.0], "level": [-9.0, 3.0], "polity2": [-9.0, 10.0], "x": [0.5, -9.0]})
    cow = _tidy.tidy(frame)
    assert cow.ccode.dtype == "int64" and cow.level.isna().tolist() == [True, False]
    assert cow.polity2.tolist() == [-9.0, 10.0] and cow.x.tolist() == [0.5, -9.0]
    assert _tidy.tidy(frame, missing_code=None).level.tolist() == [-9, 3]


def test_peace_spells_rules_on_a_hand_made_file(tmp_path):
    from bot_core.datasets import peace_scale

    file = tmp_path / "spells.csv"
    file.write_text(
        "2020,19009999-19011231,0.5,19020101-19031015,-9,19031016-20209999,1,,,\n"
        "255530,19750800-19760000,0.25,.\n"
    )
    sp = peace_scale.spells(file)
    assert sp.start.iloc[0] == pd.Timestamp("1900-01-01") and sp.end.iloc[2] == pd.Timestamp("2020-12-31")
    assert not sp.imprecise.iloc[:3].any()
    assert (sp.start.iloc[3], sp.end.iloc[3], sp.imprecise.iloc[3]) == (
        pd.Timestamp("1975-08-01"), pd.Timestamp("1976-12-31"), True)
    years = peace_scale.dyad_years(sp).set_index(["ccode1", "ccode2", "year"])
    assert years.loc[(2, 20, 1901), "peace_level"] == 0.5
    assert np.isnan(years.loc[(2, 20, 1902), "peace_level"]) and years.loc[(2, 20, 1902), "transition_days"] == 365
    y1903 = years.loc[(2, 20, 1903)]
    assert y1903.peace_level == 1.0 and y1903.peace_level_mean == 1.0 and y1903.transition_days == 288
    assert years.loc[(255, 530, 1975), "imprecise"] and len(years.loc[(255, 530)]) == 2
