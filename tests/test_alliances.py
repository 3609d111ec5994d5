"""bot_core.alliances: ATOP at the treaty level, checked against history and against ATOP's own
directed dyad-year file."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import alliances, datasets
from bot_core.alliances import AllianceError

USA, CAN, UK, NTH, BEL, LUX, FRN, SPN, POR, GFR, GMY, ITA, DEN, NOR, ICE = (
    2, 20, 200, 210, 211, 212, 220, 230, 235, 260, 255, 325, 390, 385, 395)
AUH, PRU, RUS, SWD, TUR, GRC = 300, 255, 365, 380, 640, 350
NATO = 3180
NATO_FOUNDERS = (USA, CAN, UK, NTH, BEL, LUX, FRN, POR, ITA, NOR, DEN, ICE)


@pytest.fixture(scope="module")
def treaties():
    return alliances.treaties().set_index("atopid", drop=False)


@pytest.fixture(scope="module")
def events():
    return alliances.events()


@pytest.fixture(scope="module")
def rebuilt():
    """The member-built directed dyad-years beside ATOP's own file (inner join on the key)."""
    ours = alliances.dyad_years()
    theirs = datasets.load("atop_alliance")
    return ours, theirs, ours.merge(theirs, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)


# --- treaties and named threats ----------------------------------------------------------------


def test_treaties_one_row_each_with_the_codebooks_threat_codes(treaties):
    assert len(treaties) == 789 and treaties.atopid.is_unique
    # unknown (ATOP did not find the text) is <NA>, never "none named"
    assert treaties.specthrt.isna().sum() == 12
    assert treaties.statthr1.isna().sum() == treaties.statthr2.isna().sum() == 13
    assert treaties.threats.isna().sum() == 13
    assert (treaties.loc[treaties.statthr1 == 0, "threats"].map(len) == 0).all()
    assert set(treaties.specthrt.dropna()) <= set(alliances.THREAT_KINDS)
    # Germany is the state most often named (46 treaties name 255 first)
    assert (treaties.statthr1 == GMY).sum() == 46


def test_nato_is_a_defence_pact_of_twelve_signed_on_4_april_1949(treaties):
    nato = treaties.loc[NATO]
    assert nato.begin == pd.Timestamp("1949-04-04") and nato.ineffect == 1 and pd.isna(nato.end)
    assert nato.defense == 1 and nato.offense == 0 and nato.bilat == 0
    assert nato.threats == ()  # the treaty names no enemy
    founders = alliances.members(on="1949-04-04", atopid=NATO).member
    assert sorted(founders) == sorted(NATO_FOUNDERS)


def test_the_crimean_war_treaties_name_russia(treaties):
    nt = alliances.named_threats()
    crimea = nt[(nt.threat == RUS) & nt.begyr.between(1854, 1855)]
    # Britain-France-Ottoman Empire (March 1854), Britain-France (April), Austria-Prussia (April),
    # Austria-Ottoman Empire (June), Britain-France-Austria (December), the guarantee of Sweden (1855)
    assert crimea.atopid.tolist() == [1160, 1165, 1170, 1175, 1180, 1190]
    assert set(crimea.members.loc[crimea.atopid == 1160].iloc[0]) == {UK, FRN, ITA, TUR}  # Sardinia acceded
    assert set(crimea.members.loc[crimea.atopid == 1190].iloc[0]) == {UK, FRN, SWD}
    # all end with the Treaty of Paris, 30 March 1856
    assert (crimea.end == pd.Timestamp("1856-03-30")).all()


# --- members in force --------------------------------------------------------------------------


def test_members_on_a_date_and_in_a_year():
    # 24 August 1949, the day the North Atlantic Treaty entered into force
    assert sorted(alliances.members(on="1949-08-24", atopid=NATO).member) == sorted(NATO_FOUNDERS)
    in_1955 = set(alliances.members(year=1955, atopid=NATO).member)
    assert {GRC, TUR, GFR} <= in_1955 and GMY not in in_1955
    # unification on 3 October 1990: West Germany leaves and Germany joins the same day
    assert {GFR, GMY} <= set(alliances.members(year=1990, atopid=NATO).member)
    assert GFR in set(alliances.members(on="1990-10-02", atopid=NATO).member)
    on_the_day = set(alliances.members(on="1990-10-03", atopid=NATO).member)
    assert GMY in on_the_day and GFR not in on_the_day
    # the Warsaw Pact (ATOP 3285), signed 14 May 1955 by the USSR and seven states, ended on 1 July 1991
    warsaw = alliances.treaties().set_index("atopid").loc[3285]
    assert warsaw.begin == pd.Timestamp("1955-05-14") and warsaw.end == pd.Timestamp("1991-07-01")
    assert RUS in warsaw.members and warsaw.n_members == 8
    # Albania left in 1968 and East Germany in 1990: six members in its last year
    assert len(alliances.members(year=1991, atopid=3285)) == 6
    assert len(alliances.members(year=1992, atopid=3285)) == 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(year=1814), "1815-2018"),
        (dict(year=2019), "1815-2018"),
        (dict(year=1949.0), "whole year"),
        (dict(on="2019-01-01"), "31 December 2018"),
        (dict(on="not a date"), "a date"),
        (dict(year=1949, on="1949-01-01"), "not both"),
        (dict(atopid=1), "no ATOP treaty"),
    ],
)
def test_members_refuses_what_it_cannot_answer(kwargs, message):
    with pytest.raises(AllianceError, match=message):
        alliances.members(**kwargs)


# --- events ------------------------------------------------------------------------------------


def test_every_treaty_is_signed_once_and_a_multilateral_signature_is_one_event(events):
    signed = events[events.event == "signed"]
    assert len(signed) == 789 and signed.atopid.is_unique
    assert set(events.event) == {"signed", "accession", "exit", "end"}
    nato = events[events.atopid == NATO].set_index(["date", "event"])
    founding = nato.loc[(pd.Timestamp("1949-04-04"), "signed")]
    assert founding.n_states == 12 and founding.pairs == 66
    # eleven of the 66 pairs were already allied (the Brussels Treaty of 1948, Rio, ...)
    assert founding.new_pairs == 55
    assert sorted(founding.states) == sorted(NATO_FOUNDERS)
    assert nato.loc[(pd.Timestamp("1954-10-23"), "accession")].states == (GFR,)
    assert nato.loc[(pd.Timestamp("1951-10-22"), "accession")].states == (GRC, TUR)
    # a successor entering as its predecessor leaves: one exit and one accession on the same day
    assert nato.loc[(pd.Timestamp("1990-10-03"), "accession")].states == (GMY,)
    assert nato.loc[(pd.Timestamp("1990-10-03"), "exit")].states == (GFR,)


def test_a_new_treaty_between_states_already_allied_is_still_an_event(events):
    # Spain joined NATO in 1981 already allied with every member (the Helsinki Final Act, ATOP 3740,
    # and the Spanish-American pact): no new pair, and still a decision the events list
    spain = events[(events.atopid == NATO) & (events.event == "accession") & (events.year == 1981)].iloc[0]
    assert spain.states == (SPN,) and spain.pairs == 15 and spain.new_pairs == 0
    signed = events[events.event == "signed"]
    assert (signed.new_pairs == 0).sum() > 100  # many treaties only deepen existing ties
    assert events.loc[events.event.isin(["exit", "end"]), "new_pairs"].isna().all()
    assert (events.new_pairs.dropna() <= events.pairs[events.new_pairs.notna()]).all()


# --- the member file reproduces ATOP's directed dyad-year file ------------------------------------


def _why(row, obligation, spells):
    """Why the member-built value differs from ATOP's: ``"phase"`` (a phase change within the year
    dropped the pledge; ATOP codes the year by the phase in force at its end), ``"obvary"`` (state 1's
    obligations differ between partners and the member file does not say towards whom), or None."""
    mine = spells[spells.atopid.isin(row.atopids) & (spells.member == row.ccode1)]
    mine = mine[(mine.start.dt.year <= row.year) & (mine.end.dt.year.fillna(2018) >= row.year)]
    pledged = mine[mine[obligation] == 1]
    ended = pledged[pledged.end.dt.year == row.year]
    next_phase = mine[(mine[obligation] == 0) & mine.atopid.isin(ended.atopid) & mine.start.isin(ended.end)]
    if len(next_phase) and not (pledged.end.isna() | (pledged.end.dt.year > row.year)).any():
        return "phase"
    if (pledged.obvary == 1).any():
        return "obvary"
    return None


def test_rows_match_atops_dyad_year_file_but_for_annam(rebuilt):
    ours, theirs, both = rebuilt
    assert len(theirs) == 273_296 and len(ours) == 273_316
    extra = both[both._merge == "left_only"]
    assert (both._merge == "right_only").sum() == 0
    # France-Annam 1874-83: ATOP drops Annam (8152, not a COW state) from its dyad files
    assert len(extra) == 20 and set(zip(extra.ccode1, extra.ccode2)) == {(220, 8152), (8152, 220)}


# (differences, of which a phase change within the year, of which an obligation that varies by partner)
EXPECTED_DIFFERENCES = {
    "defense": (214, 1, 213),
    "offense": (34, 1, 33),
    "neutral": (114, 13, 101),
    "nonagg": (74, 0, 74),
    "consul": (0, 0, 0),
}


@pytest.mark.parametrize("obligation", alliances.OBLIGATIONS)
def test_obligations_match_except_within_year_phase_changes_and_partner_specific_pledges(rebuilt, obligation):
    _, _, both = rebuilt
    both = both[both._merge == "both"]
    differ = both[both[obligation] != both[f"atop_{obligation}"]]
    n, phase, obvary = EXPECTED_DIFFERENCES[obligation]
    assert len(differ) == n
    # the member file never misses a pledge ATOP's dyad file records
    assert (differ[obligation] == 1).all()
    spells = alliances.members()
    why = differ.apply(_why, axis=1, obligation=obligation, spells=spells) if n else pd.Series(dtype=object)
    assert why.notna().all(), differ[why.isna()]
    assert (why == "phase").sum() == phase and (why == "obvary").sum() == obvary
    # and wherever state 1's obligations are the same to every partner, the two agree but for phases
    assert (differ.obvary == 0).sum() <= phase


def test_defence_examples_of_each_kind_of_difference(rebuilt):
    _, _, both = rebuilt
    b = both.set_index(["ccode1", "ccode2", "year"])
    # Brazil's defence pledge to Uruguay ended with a new phase on 3 September 1857: ATOP codes 1857
    # by the phase in force at the end of the year
    assert b.loc[(140, 165, 1857), ["defense", "atop_defense"]].tolist() == [1, 0]
    # Locarno (ATOP 2130, 1925): Britain and Italy guaranteed the borders of Germany, France and
    # Belgium. ATOP codes Britain's pledge to Germany but none from Germany to the guarantor; the
    # member file says only that Germany pledged defence to some partner (obvary = 1)
    assert b.loc[(UK, GMY, 1930), ["defense", "atop_defense"]].tolist() == [1, 1]
    assert b.loc[(GMY, UK, 1930), ["defense", "atop_defense", "obvary"]].tolist() == [1, 0, 1]
    assert b.loc[(UK, FRN, 1930), ["defense", "atop_defense"]].tolist() == [1, 1]


def test_defence_dyads_in_force_match_the_panel_verb(rebuilt):
    ours, _, _ = rebuilt
    # the member-built defence dyads of NATO's founders in 1950 are all pairs of the twelve
    d = ours[(ours.year == 1950) & (ours.defense == 1)]
    pairs = set(zip(d.ccode1, d.ccode2))
    assert all((a, b) in pairs for a in NATO_FOUNDERS for b in NATO_FOUNDERS if a != b)
    assert np.array_equal(ours.n_treaties.to_numpy(), ours.atopids.map(len).to_numpy())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1900, 1902), st.integers(1000, 1004)),
                max_size=40))
def test_treaty_tuples_are_each_dyad_years_sorted_distinct_treaties(rows):
    d = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "atopid"], dtype="int64")
    tuples, counts = alliances._treaty_tuples(d)
    # the plain rule, one group at a time
    want = d.groupby(["ccode1", "ccode2", "year"], sort=True).atopid.agg(lambda s: tuple(sorted(set(s))))
    assert tuples == want.tolist() and counts.tolist() == [len(t) for t in tuples]
    assert all(type(a) is int for t in tuples for a in t)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1815, 1830), st.integers(0, 5)), max_size=30))
def test_expand_years_lists_each_spells_years_in_order(spells):
    first = np.array([a for a, _ in spells], dtype="int64")
    last = first + np.array([n for _, n in spells], dtype="int64")
    rows, years = alliances._expand_years(first, last)
    # the plain rule, one spell at a time
    want = [(k, y) for k, (a, b) in enumerate(zip(first, last)) for y in range(a, b + 1)]
    assert list(zip(rows.tolist(), years.tolist())) == want
    assert years.dtype == np.int64
