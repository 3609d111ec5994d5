"""Walt's Middle East at the treaty level (bot_core.walt_middle_east): the decisions and the calls."""

import pandas as pd
import pytest

from bot_core import alliances, panel, theories, threat, walt_middle_east as wme


@pytest.fixture(scope="module")
def table():
    return wme.decisions()


def test_treaties_are_atops_treaties_of_the_region():
    t = wme.treaties()
    assert t.begyr.between(1955, 1979).all()
    rows = t.set_index("atopid")
    # the Baghdad Pact (ATOP 3275), 1955: Turkey, Iraq, then Britain, Pakistan and Iran
    assert rows.loc[3275, "begyr"] == 1955 and rows.loc[3275, "members"] == (200, 630, 640, 645, 770)
    # the Egyptian-Syrian defence pact of 1955 (3300), which Jordan joined, and the Soviet-Egyptian
    # treaty of 1971 (3670), a consultation pact
    assert set(rows.loc[3300, "members"]) == {651, 652, 663} and rows.loc[3300, "defense"] == 1
    assert rows.loc[3670, "members"] == (365, 651) and rows.loc[3670, "consul"] == 1 and rows.loc[3670, "defense"] == 0
    # the Helsinki Final Act (3740): one Middle East state among dozens is not a treaty of the region
    assert 3740 not in rows.index
    for members in t.members:
        me = [c for c in members if wme.REGION[0] <= c <= wme.REGION[1]]
        sp = [c for c in members if c in wme.SUPERPOWERS]
        assert len(me) >= 2 or (me and sp)
        assert 2 * (len(me) + len(sp)) >= len(members)
    # nothing typed: every treaty is ATOP's, with ATOP's year
    atop = alliances.treaties().set_index("atopid")
    assert (atop.loc[t.atopid, "begyr"].to_numpy() == t.begyr.to_numpy()).all()


def test_baghdad_pact_decisions(table):
    b = table[table.atopid == 3275].set_index("member")
    assert set(b.index) == {200, 630, 640, 645, 770} and (b.year == 1955).all()
    assert set(b[b.event == "signed"].index) == {640, 645}
    assert b.loc[640, "partners"] == (645,) and b.loc[645, "partners"] == (640,)
    assert set(b[b.event == "accession"].index) == {200, 630, 770}
    assert (b.read_year == 1954).all()


def test_calls_follow_their_definitions(table):
    assert set(table.index_call) <= set(wme.CALLS) and set(table.named_call) <= set(wme.CALLS)
    for r in table.itertuples():
        assert r.member not in r.partners and len(r.partners) >= 1
        assert r.read_year in (r.year - 1, r.year)
        if r.top_threat >= 0:
            assert r.index_call == ("bandwagoning" if r.top_threat in r.partners else "balancing")
        if r.bop_danger >= 0:
            assert r.bop_call == ("bandwagoning" if r.bop_danger in r.partners else "balancing")
        if r.named is None:
            assert r.named_call == "unknown"
        elif not r.named:
            assert r.named_call == "no state named" and not r.named_is_top
        else:
            assert r.named_call == ("bandwagoning" if set(r.named) & set(r.partners) else "balancing")
            assert r.named_is_top == (r.top_threat in r.named)


def test_readings_match_the_packages_own_functions(table):
    # the index's top threat is bot_core.top_threats' first state; balance of power is theories'
    r = table[(table.atopid == 3275) & (table.member == 645)].iloc[0]
    assert r.top_threat == int(threat.top_threats(645, 1954, k=1).ccode2.iloc[0])
    bop = theories.balance_of_power_dangers().set_index(["ccode", "year"]).danger
    assert all(bop.loc[(m, y)] == b for m, y, b in zip(table.member, table.read_year, table.bop_danger) if b >= 0)


def test_new_state_is_read_in_its_first_year():
    d = wme.decisions(1977, 1977)
    dj = d[d.member == 522]  # Djibouti, independent in 1977, joined the Arab League's treaties that year
    assert len(dj) and (dj.read_year == 1977).all()
    members = panel.state_years(1976, 1976)
    assert 522 not in set(members.ccode)


def test_summary_counts_every_row(table):
    s = wme.summary(table)
    assert (s.groupby("reading").rows.sum() == len(table)).all()
    assert set(s.call) == set(wme.CALLS)


def test_bad_input_is_refused(table):
    with pytest.raises(wme.WaltError, match="lag"):
        wme.decisions(lag=2)
    with pytest.raises(wme.WaltError, match="after last"):
        wme.decisions(1979, 1955)
    with pytest.raises(ValueError):
        wme.treaties(1700, 1800)
    bad = table.assign(index_call="appeasement")
    with pytest.raises(wme.WaltError, match="not calls"):
        wme.summary(bad)
    with pytest.raises(ValueError, match="lacks the columns"):
        wme.summary(pd.DataFrame({"atopid": [1]}))
