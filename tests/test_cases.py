"""Tests of bot_core.cases on the real data: rankings, ATOP events, the curated file and the documented threats."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot_core.charts import cases as charts_cases
from bot_core import alliances, cases, panel, theories, threat

ROOT = Path(__file__).resolve().parents[1]
HEADER = ",".join(cases.CURATED_COLUMNS)
GOOD = "finland-nato-2023,2023-04-04,finlandization,alliance accession,375,Finland joins NATO.,nato2023finland"
DHEADER = ",".join(cases.DOCUMENTED_COLUMNS)
DGOOD = "case_finlandization,375,1946,1989,365,penttila1991finland,Finland: the Soviet Union"


def test_rank_paths_agree_with_top_threats():
    r = cases.rank_paths({200: "UK", 220: "France"}, [255, 365, 220, 200, 2], (1904, 1906))
    for (c, y), g in r.groupby(["ccode1", "year"]):
        top = threat.top_threats(c, y, k=int(g["of"].iloc[0]))
        where = dict(zip(top.ccode2, top["rank"]))
        assert all(where[j] == k for j, k in zip(g.ccode2, g["rank"]))
    assert not ((r.ccode1 == r.ccode2)).any()  # a state never ranks itself


def test_rank_paths_history():
    """Germany is France's first or second threat through 1872-1913 (cf. Thompson & Dreyer 2012)."""
    r = cases.rank_paths([220], [255], (1872, 1913))
    assert len(r) == 42 and (r["rank"] <= 2).all()


def test_rank_paths_skip_non_members_and_reject_bad_input():
    r = cases.rank_paths([2], [255], (1944, 1956))  # no Germany (255) 1946-1989
    assert r.year.tolist() == [1944, 1945]
    with pytest.raises(ValueError, match="curated_events"):
        cases.rank_paths([2], [365], (2010, 2020))
    with pytest.raises(ValueError, match="not COW state codes"):
        cases.rank_paths([2], [9999], (1950, 1951))
    with pytest.raises(ValueError, match="at least one state"):
        cases.rank_paths([], [2], (1950, 1951))


@pytest.fixture(scope="module")
def cold_war_page():
    return cases.page_data({2: "USA", 365: "USSR", 740: "Japan"}, (1950, 1990, ), k=5)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(w=st.lists(st.integers(0, 20), min_size=4, max_size=4).filter(lambda v: sum(v) > 0),
       form=st.sampled_from(["additive", "geometric"]))
def test_page_ranks_are_exact_up_to_k(cold_war_page, w, form):
    """The ranks the static figure computes from the embedded rows equal the full model's."""
    weights = dict(zip(["power", "proximity", "offense", "intent"], np.array(w) / 20))
    page = cases.browser_ranks(cold_war_page, weights, form)
    page = page[page["rank"] <= 5]
    full = cases.rank_paths([2, 365, 740], sorted(set(page.ccode2)), (1950, 1990), weights, form)
    merged = page.merge(full, on=["ccode1", "year", "ccode2"], suffixes=("_page", "_full"))
    assert len(merged) == len(page)
    ties = np.isclose(merged.threat_page, merged.threat_full, atol=0) & (merged.rank_page != merged.rank_full)
    swapped = merged[merged.rank_page != merged.rank_full]
    # rounding to six decimals may swap states tied within 1e-6; nothing else may differ
    assert len(swapped) <= 2, swapped
    assert not ties.any() or (swapped.threat_full.diff().abs().fillna(0) < 1e-5).all()


def test_alliance_events_facts():
    ev = cases.alliance_events([220, 365], (1885, 1900), among=True)
    fr_ru = ev[(ev.pledge == "defence") & (ev.event == "begins")]
    assert fr_ru.year.tolist() == [1893]  # the Franco-Russian military convention, 1892-94
    us_uk = cases.alliance_events([2, 200], (1940, 1955), pledges=["defense"], among=True)
    # the wartime alliance (1942) lapses after the war; NATO (1949) renews the pledge
    assert us_uk[["year", "event"]].values.tolist() == [[1942, "begins"], [1946, "ends"], [1949, "begins"]]
    assert us_uk.label.iloc[-1] == "United States of America–United Kingdom: defence pledge begins"


def test_pledge_years_are_the_spells_behind_the_events():
    uk_fr = cases.pledge_years(220, 200, "defense")  # either order
    assert set(range(1925, 1941)) <= set(uk_fr)  # Locarno onwards, unbroken to the fall of France
    ev = cases.alliance_events([200, 220], (1816, 2018), pledges=["defense"], among=True)
    begins = ev[ev.event == "begins"].year.tolist()
    assert begins == [y for y in uk_fr if y - 1 not in uk_fr and y > 1816]
    with pytest.raises(ValueError, match="unknown pledge"):
        cases.pledge_years(200, 220, "friendship")


def test_a_pledge_made_one_way_counts_for_the_pair():
    # France's guarantee of Belgium (1832-33) and Italy's of Germany at Locarno (1925-36): ATOP codes
    # the pledge in the guarantor's row only; the pair held it all the same (then the Pact of Steel, 1939)
    assert cases.pledge_years(211, 220)[:2] == [1832, 1833]
    ev = cases.alliance_events([255, 325], (1920, 1940), pledges=["defense"], among=True)
    assert ev[["year", "event"]].values.tolist() == [[1925, "begins"], [1937, "ends"], [1939, "begins"]]


def test_alliance_events_are_changes_in_atop():
    ev = cases.alliance_events([2], (1946, 1960), pledges=["defense"])
    assert set(ev.event) == {"begins", "ends"} or set(ev.event) == {"begins"}
    assert (ev.ccode1 < ev.ccode2).all() and ((ev.ccode1 == 2) | (ev.ccode2 == 2)).all()
    with pytest.raises(ValueError, match="2018"):
        cases.alliance_events([2], (2010, 2020))
    with pytest.raises(ValueError, match="unknown pledge"):
        cases.alliance_events([2], (1950, 1951), pledges=["friendship"])


# --- the curated file -------------------------------------------------------------------------------


def test_curated_file_is_valid_and_sourced():
    ev = cases.curated_events()
    assert len(ev) >= 10 and ev.id.is_unique and ev.curated.all()
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for key in ev.source:
        assert f"{{{key}," in bib
    inside = ev.year <= 2016  # inside the measured years only acts no data set codes, marked as such
    assert ev[inside].type.isin(cases.UNCODED_TYPES).all()
    assert (ev[inside].kind == cases.CURATED_KINDS["inside"]).all() and (ev[~inside].kind == cases.CURATED_KINDS["after"]).all()
    finland = ev.set_index("id").loc["finland-nato-2023"]
    assert finland.date == pd.Timestamp("2023-04-04") and finland.states == (375,) and finland.names == "Finland"
    assert set(cases.curated_events("finlandization").case) == {"finlandization"}


def test_curated_rows_inside_the_data_are_acts_no_data_set_codes(tmp_path):
    """An alignment without a treaty may be dated inside the measured years; it is marked as such."""
    f = tmp_path / "events.csv"
    row = GOOD.replace("2023-04-04", "1972-02-27").replace("alliance accession", "alignment without treaty").replace(
        "finland-nato-2023", "an-alignment-1972")
    f.write_text(HEADER + "\n" + row + "\n" + GOOD + "\n", encoding="utf-8")
    ev = cases.curated_events(path=f).set_index("date")
    assert ev.loc[pd.Timestamp("1972-02-27"), "kind"] == cases.CURATED_KINDS["inside"]
    assert ev.loc[pd.Timestamp("2023-04-04"), "kind"] == cases.CURATED_KINDS["after"]
    assert set(cases.CURATED_KINDS.values()) <= set(charts_cases.EVENT_KINDS)


def test_treaties_by_name_are_atop_records():
    t = cases.treaties({1415: "Anglo-Japanese Alliance", 3180: "North Atlantic Treaty"})
    assert list(t.name) == ["Anglo-Japanese Alliance", "North Atlantic Treaty"]
    aj = t.iloc[0]
    assert aj.begyr == 1902 and aj.members == "United Kingdom, Japan" and "defence" in aj.obligations
    nato = t.iloc[1]
    assert nato.begyr == 1949 and "United States of America" in nato.members and nato.n_members >= 12
    with pytest.raises(ValueError, match=r"no treaty with id \[99\]"):
        cases.treaties({99: "A treaty that is not there"})
    with pytest.raises(ValueError, match="non-empty mapping"):
        cases.treaties([1415])
    with pytest.raises(ValueError, match="non-empty text"):
        cases.treaties({1415: " "})


def test_curated_package_copy_is_the_data_file():
    """The package ships the curated file as a link to data/, so the two cannot drift."""
    link = ROOT / "bot_core" / "curated_events.csv"
    assert link.is_symlink() and link.resolve() == (ROOT / "data" / "curated_events.csv").resolve()


@pytest.mark.parametrize("line, message", [
    (GOOD.replace("finland-nato-2023", "Finland NATO"), "id"),
    (GOOD.replace("2023-04-04", "4 April 2023"), "ISO date"),
    (GOOD.replace("2023-04-04", "2014-03-18"), "measured years"),
    (GOOD.replace("2023-04-04", "1955-02-24"), "read it from ATOP"),
    (GOOD.replace("finlandization", "vietnam"), "case"),
    (GOOD.replace("alliance accession", "friendship"), "type"),
    (GOOD.replace(",375,", ",Finland,"), "COW codes"),
    (GOOD.replace(",375,", ",375;9999,"), "not COW state codes"),
    (GOOD.replace("nato2023finland", "nato2099made_up"), "references.bib"),
    (GOOD.replace("Finland joins NATO.", ""), "empty"),
    (GOOD + ",extra", "fields"),
])
def test_curated_schema_errors(tmp_path, line, message):
    f = tmp_path / "events.csv"
    f.write_text(HEADER + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(cases.CuratedEventsError, match=message):
        cases.curated_events(path=f)


def test_curated_header_and_duplicates(tmp_path):
    f = tmp_path / "events.csv"
    f.write_text("id,date\n", encoding="utf-8")
    with pytest.raises(cases.CuratedEventsError, match="header"):
        cases.curated_events(path=f)
    f.write_text(HEADER + "\n" + GOOD + "\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(cases.CuratedEventsError, match="unique"):
        cases.curated_events(path=f)
    with pytest.raises(ValueError, match="unknown case"):
        cases.curated_events("vietnam")


# --- the documented threats -------------------------------------------------------------------------


def test_documented_threats_file_is_valid_and_sourced():
    """Every row cites a work of the bibliography, its perceiver and documented threat are system members in
    every year, labels are unique within a chapter, and face_validity takes the rows as they are."""
    d = cases.documented_threats()
    assert tuple(d.columns) == cases.DOCUMENTED_COLUMNS and set(d.chapter) == set(cases.DOCUMENTED_CHAPTERS)
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for key in d.source:
        assert f"{{{key}," in bib
    members = set(zip(panel.state_years().ccode, panel.state_years().year))
    for r in d.itertuples():
        for y in range(r.first, r.last + 1):
            assert (r.perceiver, y) in members and all((c, y) in members for c in r.documented), (r.label, y)
    assert not d.duplicated(["chapter", "label"]).any()
    for chapter, keys in d.groupby("chapter").source:  # each chapter cites its rows' sources in its text
        nb = nbformat.read(ROOT / "chapters" / f"{chapter}.ipynb", as_version=4)
        text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert all(re.search(rf"{{cite[a-z:]*}}`[^`]*\b{k}\b", text) for k in keys), chapter
    for chapter in cases.DOCUMENTED_CHAPTERS:
        rows = cases.documented_threats(chapter)
        assert len(rows) >= 1 and set(rows.chapter) == {chapter} and rows.index.tolist() == list(range(len(rows)))
    face = cases.face_validity(d)
    assert face.label.tolist() == d.label.tolist() and face.n_years.sum() == (d["last"] - d["first"] + 1).sum()


def test_documented_threats_facts():
    """Finland 1946-89 against the Soviet Union (Penttilä 1991); the 1930s: Britain, France and the
    Soviet Union against Nazi Germany, 1933-39 (Mearsheimer 2001)."""
    fi = cases.documented_threats("case_finlandization")
    assert len(fi) == 1
    assert fi.iloc[0][list(cases.FACE_COLUMNS[:5])].tolist() == [375, 1946, 1989, (365,), "penttila1991finland"]
    t30 = cases.documented_threats("case_1930s")
    assert t30.perceiver.tolist() == [200, 220, 365] and set(t30.documented) == {(255,)}
    assert set(zip(t30["first"], t30["last"], t30.source)) == {(1933, 1939, "mearsheimer2001tragedy")}
    syria = cases.documented_threats("case_middle_east").query("perceiver == 652")
    assert list(zip(syria["first"], syria["last"])) == [(1955, 1957), (1962, 1973)]  # not during the union


def test_documented_threats_reads_several_codes(tmp_path):
    f = tmp_path / "documented.csv"
    f.write_text(DHEADER + "\n" + DGOOD.replace(",365,", ",365;255,") + "\n", encoding="utf-8")
    d = cases.documented_threats(path=f)
    assert d.documented.item() == (365, 255) and d.label.item() == "Finland: the Soviet Union"


@pytest.mark.parametrize("line, message", [
    (DGOOD.replace("case_finlandization", "case_vietnam"), "chapter 'case_vietnam' is not one of"),
    (DGOOD.replace(",375,", ",Finland,"), "perceiver 'Finland' must be a whole number"),
    (DGOOD.replace(",1946,", ",1946.5,"), "first '1946.5' must be a whole number"),
    (DGOOD.replace(",365,", ",365/255,"), "separated by ';'"),
    (DGOOD.replace(",365,", ",365;9999,"), "not COW state codes"),
    (DGOOD.replace(",375,", ",9999,"), "9999 is not a COW state code"),
    (DGOOD.replace(",365,", ",375,"), "its own documented threat"),
    (DGOOD.replace("1946,1989", "1989,1946"), "runs backwards"),
    (DGOOD.replace(",1989,", ",2030,"), "2030"),
    (DGOOD.replace("penttila1991finland", "nosuchkey2099"), "not a key of references.bib"),
    (DGOOD.replace("Finland: the Soviet Union", ""), "'label' is empty"),
    (DGOOD + ",extra", "8 fields, expected 7"),
])
def test_documented_threats_schema_errors(tmp_path, line, message):
    f = tmp_path / "documented.csv"
    f.write_text(DHEADER + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(cases.CuratedEventsError, match=rf"documented.csv, line 2: .*{message}"):
        cases.documented_threats(path=f)


def test_documented_threats_header_duplicates_and_chapter(tmp_path):
    f = tmp_path / "documented.csv"
    f.write_text("chapter,perceiver\n", encoding="utf-8")
    with pytest.raises(cases.CuratedEventsError, match="header"):
        cases.documented_threats(path=f)
    f.write_text(DHEADER + "\n" + DGOOD + "\n" + DGOOD.replace("1946,1989", "1990,1991") + "\n", encoding="utf-8")
    with pytest.raises(cases.CuratedEventsError, match="line 3: the label .* already used in case_finlandization"):
        cases.documented_threats(path=f)
    f.write_text(DHEADER + "\n" + DGOOD + "\n" + DGOOD.replace("case_finlandization", "case_1930s") + "\n",
                 encoding="utf-8")
    assert len(cases.documented_threats(path=f)) == 2  # a label is unique within its chapter only
    with pytest.raises(ValueError, match="unknown chapter 'finlandization'; .*case_finlandization"):
        cases.documented_threats("finlandization")


# --- treaty_readings: each member's top threat the year before a treaty ---------------------------


def test_treaty_readings_finds_israel_shared_by_egypt_and_syria_in_1966_and_egypt_siding_with_israel_in_1979():
    named = cases.treaties({3538: "Egyptian-Syrian defence pact of 1966", 3850: "Egyptian-Israeli peace treaty"})
    got = cases.treaty_readings(named).set_index("treaty")
    pact, peace = got.loc["Egyptian-Syrian defence pact of 1966"], got.loc["Egyptian-Israeli peace treaty"]
    assert pact["top threat two members share"] == "Israel" and pact["member allied with its own top threat"] == "–"
    assert peace["member allied with its own top threat"] == "Egypt (Israel)"
    # the same facts, read from the theory's dangers directly
    top = theories.balance_of_threat_dangers().set_index(["ccode", "year"]).danger
    assert top[(651, 1965)] == top[(652, 1965)] == 666 and top[(651, 1978)] == 666


def test_treaty_readings_counts_members_and_refuses_frames_not_from_treaties():
    named = cases.treaties({3205: "Arab League defence treaty"})
    got = cases.treaty_readings(named)
    assert got.loc[0, "members"] == len(alliances.treaties().set_index("atopid").members[3205])
    assert 0 <= got.loc[0, "members ranked"] <= got.loc[0, "members"]
    with pytest.raises(ValueError, match="does not: \\[1\\]"):
        cases.treaty_readings(named.assign(atopid=1))
    with pytest.raises(ValueError, match="lacks the columns 'begyr'"):
        cases.treaty_readings(named.drop(columns="begyr"))


def test_accession_readings_read_each_member_the_year_before_it_joined():
    named = cases.treaties({3275: "Baghdad Pact"})
    got = cases.accession_readings(named).set_index("ccode")
    members = alliances.members(atopid=3275)
    assert set(got.index) == set(members.member)
    # Pakistan joined in September 1955, after Turkey and Iraq in February: its own day, not the treaty's
    assert got.loc[770, "joined"] == members[members.member == 770].start.min() > got.loc[640, "joined"]
    top = theories.balance_of_threat_dangers().set_index(["ccode", "year"]).danger
    names = cases.explorer.names().drop_duplicates("ccode").set_index("ccode")["name"]
    for c, row in got.iterrows():
        assert row["top threat"] == names[top[(c, row.joined.year - 1)]]
        assert row["top threat a member"] == (top[(c, row.joined.year - 1)] in set(members.member))
    with pytest.raises(ValueError, match="does not: \\[1\\]"):
        cases.accession_readings(named.assign(atopid=1))


def test_treaty_labels_name_the_treaty_behind_each_pledge():
    powers = [200, 220, 255, 300, 325, 365]
    events = cases.alliance_events(powers, (1871, 1914), among=True)
    got = cases.treaty_labels(events, {1440: "Treaty of Björkö"})
    assert got.treaties.str.len().gt(0).all()  # every change among the great powers is accounted for
    bjorko = got[(got.year == 1905) & (got.ccode1 == 255) & (got.ccode2 == 365)]
    assert bjorko.treaties.tolist() == [(1440,)] and bjorko.label.iloc[0].endswith("(Treaty of Björkö)")
    cartagena = got[(got.year == 1907) & (got.ccode1 == 200) & (got.ccode2 == 220)]
    # no name given: labelled from ATOP's treaty record (a consultation pact, signed 16 May 1907)
    assert cartagena.label.iloc[0].endswith("(ATOP 1445: consultation pact signed 1907-05-16)")
    record = alliances.treaties().set_index("atopid")
    for r in got[got.year.isin([1907, 1912])].itertuples():
        for t in r.treaties:
            if t != 1440:  # every unnamed treaty carries its signature day and one of its obligations
                assert f"ATOP {t}: " in r.label and f"signed {record.loc[t, 'begin']:%Y-%m-%d}" in r.label
    pacific = cases.treaty_labels(cases.alliance_events([2, 840], (1950, 1953)))
    assert pacific.label.str.endswith("(ATOP 3210: defence, non-aggression and consultation pact signed "
                                      "1951-08-30)").sum() == 3  # its three pledges begin in 1951
    members = alliances.treaties().set_index("atopid").members
    for r in got.itertuples():
        assert all(r.ccode1 in members[t] and r.ccode2 in members[t] for t in r.treaties)
    assert (got.drop(columns=["treaties", "label"]) == events.drop(columns="label")).all().all()
    with pytest.raises(ValueError, match="lacks the columns 'label'"):
        cases.treaty_labels(events.drop(columns="label"))
    with pytest.raises(ValueError, match="non-empty treaty names"):
        cases.treaty_labels(events, {1440: ""})


def test_coalition_shares_count_each_leader_and_its_defence_partners():
    from bot_core import panel
    got = cases.coalition_shares({2: "United States", 365: "Soviet Union"}, (1950, 1960)).set_index(["year", "leader"])
    assert got[["gdp", "pop"]].gt(0).all().all() and got[["gdp", "pop"]].lt(1).all().all()
    dyads = panel.dyad_years(1955, 1955).pipe(panel.add_alliances)
    partners = dyads[(dyads.ccode1 == 2) & (dyads.atop_defense == 1)]
    assert got.loc[(1955, "United States"), "members"] == 1 + len(partners)
    assert got.loc[(1955, "United States"), "gdp"] > got.loc[(1955, "Soviet Union"), "gdp"]
    with pytest.raises(ValueError, match="leaders must map"):
        cases.coalition_shares([2, 365], (1950, 1960))


# --- face validity: the model's top threat against a documented one ---------------------------------


def test_face_validity_agrees_with_rank_paths():
    """Its ranks and top threats are those of rank_paths, among every state, year by year."""
    rows = [(200, 1902, 1907, 365, "neilson1995britain", "Britain: Russia"),
            (220, 1890, 1895, [255, 200], "kennedy1980rise", "France: Germany or Britain")]
    yearly = cases.face_validity(rows, by_year=True)
    assert len(yearly) == 6 + 6 and yearly["rank"].notna().all()
    paths = cases.rank_paths([200, 220], [255, 200, 365, 220], (1890, 1907))
    for r in yearly.itertuples():
        here = paths[(paths.ccode1 == r.ccode1) & (paths.year == r.year)]
        first = here.loc[here["rank"] == 1, "ccode2"]
        assert r.top == first.item() if len(first) else r.top not in {255, 200, 365, 220}
        doc = [365] if r.ccode1 == 200 else [255, 200]
        assert r.rank == here[here.ccode2.isin(doc)]["rank"].min()  # the better ranked of the documented
    table = cases.face_validity(rows)
    uk = table.iloc[0]
    assert uk.perceiver == "United Kingdom" and uk.documented == "Russia" and uk.years == "1902–07"
    ranks = yearly[yearly.ccode1 == 200]["rank"]
    assert uk.median_rank == ranks.median() and uk.first == (ranks == 1).mean() and uk.top3 == (ranks <= 3).mean()
    assert uk.n_years == 6 and uk.unranked == 0
    assert table.iloc[1].documented == "Germany or United Kingdom"
    named = cases.face_validity(rows[:1], names={200: "Britain"})
    assert named.perceiver.item() == "Britain" and named.model_top.item().startswith("France ")
    with pytest.raises(ValueError, match="names must map"):
        cases.face_validity(rows[:1], names=["Britain"])


def test_face_validity_history():
    """Facts of the book's default: France leads Britain's ranking to 1907 and Germany from 1908 (the
    before-1914 chapter); Russia is never Britain's top threat in 1902-07."""
    t = cases.face_validity([(200, 1902, 1910, 255, "kennedy1980rise", "Britain: Germany")]).iloc[0]
    assert t.model_top == "France 1902–07; Germany 1908–10"
    assert t["first"] == 3 / 9
    uk_ru = cases.face_validity([(200, 1902, 1907, 365, "neilson1995britain", "Britain: Russia")]).iloc[0]
    assert uk_ru["first"] == 0.0


def test_face_validity_rejects_bad_rows():
    good = (200, 1902, 1907, 365, "neilson1995britain", "Britain: Russia")
    with pytest.raises(ValueError, match="at least one row"):
        cases.face_validity([])
    with pytest.raises(ValueError, match="6 fields"):
        cases.face_validity([good[:5]])
    with pytest.raises(ValueError, match="not a key of references.bib"):
        cases.face_validity([(*good[:4], "nosuchkey2099", good[5])])
    with pytest.raises(ValueError, match="not COW state codes"):
        cases.face_validity([(200, 1902, 1907, 9999, *good[4:])])
    with pytest.raises(ValueError, match="its own documented threat"):
        cases.face_validity([(200, 1902, 1907, 200, *good[4:])])
    with pytest.raises(ValueError, match="runs backwards"):
        cases.face_validity([(200, 1907, 1902, *good[3:])])
    with pytest.raises(ValueError, match="perceives no threat in 1940–44"):  # Poland, occupied
        cases.face_validity([(290, 1938, 1945, 255, "christensen1990chain", "Poland: Germany")])
    with pytest.raises(ValueError, match="lacks the columns"):
        cases.face_validity(pd.DataFrame({"perceiver": [200]}))
    with pytest.raises(TypeError, match="list of rows"):
        cases.face_validity("Britain")


def test_year_spans():
    assert cases._year_spans([1904, 1902, 1903, 1907, 1999, 2000]) == "1902–04, 1907, 1999–2000"
