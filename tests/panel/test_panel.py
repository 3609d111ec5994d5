"""bot_core.panel: facts of the real data, and properties of the verbs."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import datasets, geography, panel
from bot_core.panel import PanelError

USA, CAN, BRA, UK, FRN, GMY, NTH, ITA, RUS, CHN = 2, 20, 140, 200, 220, 255, 210, 325, 365, 710


def row(ddy, a, b, year):
    return ddy.loc[(a, b, year)]


# --- units of analysis -------------------------------------------------------------------------


def test_dyad_years_reproduce_peacesciencers_cow_ddy_for_1816_to_2016(ddy):
    # peacesciencer's cow_ddy carries the 2016 system forward to 2024 (2,214,930 rows in all);
    # the COW system itself ends in 2016, where the two must agree exactly.
    ref = datasets.load("cow_ddy").query("year <= 2016")
    assert len(ddy) == len(ref) == 1_912_290
    ours = pd.MultiIndex.from_frame(ddy[["ccode1", "ccode2", "year"]].reset_index(drop=True))
    theirs = pd.MultiIndex.from_frame(ref[["ccode1", "ccode2", "year"]].astype("int64"))
    assert ours.sort_values().equals(theirs.sort_values())


def test_every_directed_dyad_appears_in_both_directions_and_undirected_is_half():
    d = panel.dyad_years()
    flipped = pd.MultiIndex.from_arrays([d.ccode2, d.ccode1, d.year])
    assert pd.MultiIndex.from_arrays([d.ccode1, d.ccode2, d.year]).sort_values().equals(flipped.sort_values())
    u = panel.dyad_years(directed=False)
    assert len(u) * 2 == len(d) and (u.ccode1 < u.ccode2).all()


def test_states_that_never_coexisted_on_one_day_do_not_form_a_dyad():
    d = panel.dyad_years(1945, 1945).set_index(["ccode1", "ccode2", "year"]).index
    # Germany left the system on 8 May 1945 (COW), the Netherlands returned after that
    assert (GMY, NTH, 1945) not in d and (GMY, UK, 1945) in d
    false = datasets.load("false_cow_dyads").query("year <= 2016")
    assert not panel.dyad_years().set_index(["ccode1", "ccode2", "year"]).index.isin(
        pd.MultiIndex.from_frame(false[["ccode1", "ccode2", "year"]].astype("int64"))
    ).any()


def test_state_years_follow_cow_membership():
    sy = panel.state_years()
    years = lambda c: sy.loc[sy.ccode == c, "year"]  # noqa: E731
    assert years(USA).min() == 1816 and years(USA).max() == 2016 and len(years(USA)) == 201
    assert years(CAN).min() == 1920
    assert 1946 not in set(years(GMY)) and 1991 in set(years(GMY))
    assert sy.groupby(["ccode", "year"]).size().max() == 1
    assert sy.loc[sy.ccode == USA, "stateabb"].iloc[0] == "USA"


@settings(max_examples=30, deadline=None)
@given(st.integers(1816, 2016), st.integers(0, 30))
def test_any_valid_span_gives_exactly_its_years(start, length):
    end = min(start + length, 2016)
    sy = panel.state_years(start, end)
    assert sy.year.min() == start and sy.year.max() == end
    d = panel.dyad_years(start, end)
    counts = sy.groupby("year").size()
    # same-day rule: never more than n(n-1) directed dyads in a year of n states
    assert (d.groupby("year").size() <= counts * (counts - 1)).all()


@pytest.mark.parametrize(
    "args, message",
    [
        ((1815, 1900), "1816 to 2016"),
        ((1900, 2017), "1816 to 2016"),
        ((1950, 1900), "after end"),
        ((1900.0, 1950), "whole year"),
        (("1900", 1950), "whole year"),
    ],
)
def test_bad_spans_are_refused_with_the_reason(args, message):
    with pytest.raises(PanelError, match=message):
        panel.state_years(*args)
    with pytest.raises(PanelError, match=message):
        panel.dyad_years(*args)


# --- verbs: facts ------------------------------------------------------------------------------


def test_usa_and_canada_share_a_land_border_in_1950(ddy):
    assert row(ddy, USA, CAN, 1950).conttype == 1
    assert row(ddy, USA, CAN, 1950).mindist == 0


def test_usa_and_russia_become_contiguous_by_water_with_alaskan_statehood(ddy):
    assert row(ddy, USA, RUS, 1958).conttype == 0
    assert row(ddy, USA, RUS, 1959).conttype == 2  # within 24 miles across the Bering Strait
    assert row(ddy, RUS, USA, 1959).conttype == 2


def test_a_capital_move_changes_the_distance_in_its_year(ddy):
    caps = datasets.load("cow_capitals").set_index("capital")
    before, after = row(ddy, USA, BRA, 1959).capdist, row(ddy, USA, BRA, 1960).capdist
    w, r, b = caps.loc["Washington D.C."], caps.loc["Rio de Janeiro"].iloc[-1], caps.loc["Brasilia"]
    assert before == pytest.approx(geography.great_circle_km(w.lat, w.lng, r.lat, r.lng))
    assert after == pytest.approx(geography.great_circle_km(w.lat, w.lng, b.lat, b.lng))
    assert abs(after - before) > 1000
    assert row(ddy, USA, BRA, 1961).capdist == after


def test_capital_distance_is_symmetric_and_complete(ddy):
    flipped = ddy.capdist.reindex(pd.MultiIndex.from_arrays([ddy.ccode2, ddy.ccode1, ddy.year])).to_numpy()
    assert np.allclose(ddy.capdist.to_numpy(), flipped)
    assert ddy.capdist.notna().all() and (ddy.capdist > 0).all()
    assert row(ddy, UK, FRN, 1900).capdist == pytest.approx(344, abs=5)  # London–Paris


def test_cinc_in_the_panel_equals_nmc(ddy):
    nmc = datasets.load("cow_nmc").set_index(["ccode", "year"]).cinc
    for side in ("1", "2"):
        expected = nmc.reindex(pd.MultiIndex.from_arrays([ddy["ccode" + side], ddy.year])).to_numpy()
        assert np.array_equal(ddy["cinc" + side].to_numpy(), expected)


def test_capability_shares_sum_to_one_each_year():
    sy = panel.state_years().pipe(panel.add_capabilities)
    totals = sy.groupby("year").cinc.sum()
    # NMC averages each state's shares over the components it has data for, so the sum of CINC
    # exceeds 1 a little where components are missing (most in the 19th century); never below 1.
    assert totals.between(0.9999, 1.08).all()
    assert (totals.loc[1946:] < 1.02).all()
    assert set(sy.columns) >= set(panel.NMC_COMPONENTS)


def test_nato_members_hold_a_defense_pledge_with_the_usa_in_1950(ddy):
    nato = [CAN, UK, FRN, ITA, NTH, 211, 212, 235, 385, 390, 395]  # the 1949 signatories
    for member in nato:
        assert row(ddy, USA, member, 1950).atop_defense == 1
        assert row(ddy, member, USA, 1950).atop_defense == 1
    assert row(ddy, USA, RUS, 1950).atop_defense == 0


PLEDGES = [f"atop_{t}" for t in panel.ATOP_TYPES]
BEL = 211


@pytest.fixture(scope="module")
def undirected_alliances():
    """The 1816-2016 non-directed panel with alliances by the default rule (either direction) and
    by ATOP's directed row (ccode1 toward ccode2), the rule add_alliances applied before."""
    u = panel.dyad_years(directed=False)
    return panel.add_alliances(u), panel.add_alliances(u, direction="directed")


def test_atop_codes_pledges_by_direction_and_either_direction_counts_on_a_non_directed_panel(ddy):
    # ATOP 1832: France (220) pledged to defend Belgium (211); Belgium made no pledge to France
    assert row(ddy, FRN, BEL, 1832).atop_defense == 1
    assert row(ddy, BEL, FRN, 1832).atop_defense == 0
    assert row(ddy, FRN, BEL, 1832).atop_any == row(ddy, BEL, FRN, 1832).atop_any == 1
    u = panel.dyad_years(1832, 1832, directed=False)
    either = panel.add_alliances(u).set_index(["ccode1", "ccode2", "year"]).loc[(BEL, FRN, 1832)]
    assert either.atop_defense == 1 and either.atop_any == 1
    directed = panel.add_alliances(u, direction="directed").set_index(["ccode1", "ccode2", "year"])
    assert directed.loc[(BEL, FRN, 1832)].atop_defense == 0


def test_directed_panels_read_atops_rows_as_coded(ddy):
    at = datasets.load("atop_alliance").set_index(["ccode1", "ccode2", "year"])
    listed = ddy.index.isin(at.index)
    expected = at[PLEDGES].reindex(ddy.index).fillna(0).astype("int8")
    pd.testing.assert_frame_equal(ddy[PLEDGES], expected)
    assert np.array_equal(ddy.atop_any.to_numpy(), listed.astype("int8"))
    assert ddy[PLEDGES + ["atop_any"]].dtypes.eq("int8").all()


def test_either_direction_gains_103_non_directed_dyad_years_over_state_1s_pledges(undirected_alliances):
    either, directed = undirected_alliances
    assert (either[PLEDGES] >= directed[PLEDGES]).all().all()
    gained = (either[PLEDGES] > directed[PLEDGES])
    assert int(gained.any(axis=1).sum()) == 103
    assert gained.sum().to_dict() == {
        "atop_defense": 64, "atop_offense": 0, "atop_neutral": 29, "atop_nonagg": 10, "atop_consul": 0
    }
    assert np.array_equal(either.atop_any.to_numpy(), directed.atop_any.to_numpy())


def test_either_direction_is_the_larger_of_the_two_directed_rows(ddy, undirected_alliances):
    either, _ = undirected_alliances
    cols = PLEDGES + ["atop_any"]
    forward = ddy[cols].reindex(pd.MultiIndex.from_arrays([either.ccode1, either.ccode2, either.year]))
    backward = ddy[cols].reindex(pd.MultiIndex.from_arrays([either.ccode2, either.ccode1, either.year]))
    assert np.array_equal(either[cols].to_numpy(), np.maximum(forward.to_numpy(), backward.to_numpy()))


@settings(max_examples=25, deadline=None)
@given(st.integers(1816, 2016), st.integers(0, 2**32 - 1))
def test_either_direction_on_any_non_directed_sample_is_the_max_of_the_directed_rows(year, seed):
    u = panel.dyad_years(year, year, directed=False).sample(frac=1, random_state=seed).head(40)
    cols = PLEDGES + ["atop_any"]
    out = panel.add_alliances(u)
    d = panel.add_alliances(panel.dyad_years(year, year)).set_index(["ccode1", "ccode2", "year"])
    forward = d[cols].reindex(pd.MultiIndex.from_arrays([u.ccode1, u.ccode2, u.year])).to_numpy()
    backward = d[cols].reindex(pd.MultiIndex.from_arrays([u.ccode2, u.ccode1, u.year])).to_numpy()
    assert np.array_equal(out[cols].to_numpy(), np.maximum(forward, backward))


def test_any_alliance_covers_every_pledge_and_alliances_with_no_pledge_type(ddy, undirected_alliances):
    either, directed = undirected_alliances
    for frame in (ddy, either, directed):
        assert (frame.atop_any >= frame[PLEDGES].max(axis=1)).all()
    no_type = lambda f: int(((f.atop_any == 1) & (f[PLEDGES].sum(axis=1) == 0)).sum())  # noqa: E731
    # ATOP lists these dyad-years with an alliance in force but none of the five pledges toward that partner
    assert no_type(ddy) == 159 and no_type(either) == 23 and no_type(directed) == 61
    assert int(ddy.atop_any.sum()) == 2 * int(either.atop_any.sum()) == 250_494


def test_alliances_default_follows_the_panel_and_bad_directions_are_refused():
    d = panel.dyad_years(1832, 1832)
    u = panel.dyad_years(1832, 1832, directed=False)
    pd.testing.assert_frame_equal(panel.add_alliances(d), panel.add_alliances(d, direction="directed"))
    pd.testing.assert_frame_equal(panel.add_alliances(u), panel.add_alliances(u, direction="either"))
    for bad in ("both", "Either", "undirected", 1, True):
        with pytest.raises(PanelError, match="direction must be one of 'directed', 'either'"):
            panel.add_alliances(u, direction=bad)
    refused = r"direction='either' is for non-directed panels .* rows have ccode1 > ccode2"
    with pytest.raises(PanelError, match=refused):
        panel.add_alliances(d, direction="either")


def test_disputes_record_sides_hostility_and_coverage(ddy):
    # the Korean War: the United States and China fought each other in 1950
    k = row(ddy, USA, CHN, 1950)
    assert k.mid_ongoing >= 1 and k.mid_hostlev1 == 5 and k.mid_hostlev2 == 5
    assert (ddy.mid_sidea1 + ddy.mid_sidea2).dropna().eq(ddy.mid_onset.dropna()).all()
    assert (ddy.mid_onset <= ddy.mid_ongoing).dropna().all()
    assert ddy.loc[ddy.year > 2014, "mid_onset"].isna().all()
    assert ddy.loc[ddy.year <= 2014, "mid_onset"].notna().all()
    # directed: i's side-A onsets against j are j's side-B onsets against i
    flipped = pd.MultiIndex.from_arrays([ddy.ccode2, ddy.ccode1, ddy.year])
    assert ddy.mid_sidea1.reindex(flipped).fillna(-1).to_numpy().tolist() == ddy.mid_sidea2.fillna(-1).to_numpy().tolist()


def test_major_powers_follow_cows_dates(ddy):
    assert row(ddy, USA, UK, 1897).majpow1 == 0 and row(ddy, USA, UK, 1898).majpow1 == 1
    sy = panel.state_years(1900, 1950).pipe(panel.add_major_powers).set_index(["ccode", "year"]).majpow
    # Germany lost major-power status at the armistice (11 Nov 1918) and regained it in 1925
    assert sy.loc[(GMY, 1918)] == 1 and sy.loc[(GMY, 1920)] == 0 and sy.loc[(GMY, 1925)] == 1
    assert sy.loc[(740, 1945)] == 1 and (740, 1950) not in sy.index  # Japan, occupied 1945-1952


def test_min_distance_is_missing_before_cshapes_and_symmetric_after(ddy):
    assert ddy.loc[ddy.year < 1886, "mindist"].isna().all()
    later = ddy[ddy.year >= 1886]
    assert later.mindist.notna().mean() > 0.97
    flipped = later.mindist.reindex(pd.MultiIndex.from_arrays([later.ccode2, later.ccode1, later.year]))
    assert np.allclose(later.mindist.to_numpy(), flipped.to_numpy(), equal_nan=True)


# --- verbs: properties -------------------------------------------------------------------------

VERBS = [
    panel.add_capabilities,
    panel.add_capital_distance,
    panel.add_contiguity,
    panel.add_min_distance,
    panel.add_alliances,
    panel.add_disputes,
    panel.add_major_powers,
]


@settings(max_examples=25, deadline=None)
@given(st.integers(1816, 2016), st.integers(0, 2**32 - 1))
def test_verbs_keep_rows_order_and_index_and_agree_with_the_full_panel(year, seed):
    d = panel.dyad_years(year, year)
    d = d.sample(frac=1, random_state=seed).head(50)
    d.index = np.arange(100, 100 + len(d))
    full = panel.dyad_years(year, year)
    for verb in VERBS:
        out = verb(d)
        assert out.index.equals(d.index) and out[["ccode1", "ccode2", "year"]].equals(d)
        ref = verb(full).set_index(["ccode1", "ccode2", "year"])
        new = [c for c in out.columns if c not in d.columns]
        expected = ref.loc[pd.MultiIndex.from_frame(d), new].reset_index(drop=True)
        pd.testing.assert_frame_equal(out[new].reset_index(drop=True), expected)


def test_verbs_do_not_modify_their_input():
    d = panel.dyad_years(1900, 1900)
    before = d.copy()
    for verb in VERBS:
        verb(d)
    pd.testing.assert_frame_equal(d, before)


@pytest.mark.parametrize(
    "bad, message",
    [
        (pd.DataFrame({"a": [1]}), "needs a panel with columns"),
        (pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2017]}), "years outside"),
        (pd.DataFrame({"ccode1": [2], "ccode2": [999], "year": [1950]}), "ccode2 that was not a COW system member"),
        (pd.DataFrame({"ccode1": [265], "ccode2": [2], "year": [2000]}), r"\(265, 2000\)"),
        (pd.DataFrame({"ccode1": [2.0], "ccode2": [20.0], "year": [1950.0]}), "must hold integers"),
        (pd.DataFrame({"ccode1": [2, None], "ccode2": [20, 20], "year": [1950, 1950]}), "missing values"),
        ([[2, 20, 1950]], "pandas DataFrame"),
    ],
)
def test_bad_panels_are_refused_with_the_reason(bad, message):
    for verb in VERBS:
        with pytest.raises(PanelError, match=message):
            verb(bad)


def test_dyadic_verbs_refuse_state_year_panels_and_no_verb_overwrites():
    sy = panel.state_years(1950, 1950)
    with pytest.raises(PanelError, match="ccode1, ccode2, year"):
        panel.add_contiguity(sy)
    with pytest.raises(PanelError, match="already has columns milex"):
        sy.pipe(panel.add_capabilities).pipe(panel.add_capabilities)
    with pytest.raises(PanelError, match="unknown NMC components"):
        panel.add_capabilities(sy, components=["gdp"])


# --- the fast lookups give what the plain ones give ----------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(-3, 3), st.floats(allow_nan=True, width=64)), max_size=6),
       st.lists(st.integers(-1, 5), max_size=12), st.sampled_from([0, np.nan, False, -1, 300]))
def test_take_is_indexing_with_absent_where_the_position_is_minus_one(values, pos, absent):
    values = np.array(values) if values else np.array([], dtype="int8")
    pos = np.array([p for p in pos if p < len(values)], dtype=np.intp)
    got = panel._take(values, pos, absent)
    missing = pos < 0
    # the plain rule: the values' dtype, widened only if some position is absent and needs it
    dtype = np.result_type(values.dtype, np.min_scalar_type(absent)) if missing.any() else values.dtype
    assert got.dtype == dtype and len(got) == len(pos)
    for g, p in zip(got.tolist(), pos.tolist()):
        want = np.array([absent if p < 0 else values[p]]).astype(dtype)[0].item()
        assert g == want or (g != g and want != want)  # NaN where NaN


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_dense_state_lookup_finds_the_rows_a_hash_lookup_finds(seed):
    rng = np.random.default_rng(seed)
    nmc = datasets.load("cow_nmc").sample(frac=0.5, random_state=seed)  # gaps: absent state-years
    nmc = nmc[nmc.year <= panel.LAST_YEAR]  # NMC runs past the state system; a panel does not
    ccode, year = rng.integers(0, 1000, 500), rng.integers(panel.FIRST_YEAR, panel.LAST_YEAR + 1, 500)
    ccode[:250], year[:250] = nmc.ccode.to_numpy()[:250], nmc.year.to_numpy()[:250]  # half are present
    dense = panel._state_positions(ccode, year, nmc.ccode, nmc.year)
    hashed = panel._positions(panel._state_key(ccode, year), panel._state_key(nmc.ccode, nmc.year))
    assert (dense == hashed).all() and (dense[:250] >= 0).all()
    with pytest.raises(ValueError, match="twice"):
        panel._state_positions(ccode, year, [2, 2], [1950, 1950])
    with pytest.raises(ValueError, match="no slot"):  # 2017 would read the next code's 1816
        panel._state_positions([2], [2017], nmc.ccode, nmc.year)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-90, 90), st.floats(-180, 180)), min_size=1, max_size=8),
       st.lists(st.tuples(st.integers(-1, 7), st.integers(-1, 7)), max_size=20))
def test_places_give_great_circle_distances_to_the_last_bit(points, pairs):
    points = points + points[:2]  # repeated points share one place
    lat, lng = np.array(points).T
    places = geography.Places.of(lat, lng)
    i = np.array([a for a, b in pairs if a < len(points) and b < len(points)], dtype=np.intp)
    j = np.array([b for a, b in pairs if a < len(points) and b < len(points)], dtype=np.intp)
    got = places.distance_km(i, j)
    absent = (i < 0) | (j < 0)
    assert np.isnan(got[absent]).all()
    ok = ~absent
    want = geography.great_circle_km(lat[i[ok]], lng[i[ok]], lat[j[ok]], lng[j[ok]])
    assert got[ok].tobytes() == np.asarray(want, dtype="float64").tobytes()


@pytest.mark.parametrize("start, end", [(1816, 2016), (1816, 1816), (1945, 1946), (1990, 1992)])
def test_dyad_years_are_the_pairs_of_members_on_a_common_day(start, end):
    # the plain rule, pair by pair, on the membership spells
    m = panel._membership()
    m = m[(m.year >= start) & (m.year <= end)]
    x = m.merge(m, on="year", suffixes=("1", "2"))
    x = x[(x.ccode1 != x.ccode2) & (np.maximum(x.first1, x.first2) <= np.minimum(x.last1, x.last2))]
    want = x[["ccode1", "ccode2", "year"]].drop_duplicates().sort_values(["ccode1", "ccode2", "year"])
    got = panel.dyad_years(start, end)
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True).astype("int64"))
    nd = panel.dyad_years(start, end, directed=False)
    pd.testing.assert_frame_equal(nd, got[got.ccode1 < got.ccode2].reset_index(drop=True))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["directed", "either"]))
def test_dense_dyad_lookup_finds_what_a_hash_lookup_finds(seed, direction):
    rng = np.random.default_rng(seed)
    keys, columns = panel._alliances_by_dyad_year(direction)
    keep = np.sort(rng.choice(len(keys), len(keys) // 2, replace=False))  # gaps: absent dyad-years
    keys = keys.to_numpy()[keep]
    columns = {c: v[keep] for c, v in columns.items()}
    c12, year = np.divmod(keys, 10_000)
    lookup = panel._DyadLookup(c12 // 1_000, c12 % 1_000, year, columns)
    d = panel.dyad_years(directed=direction == "directed").sample(2_000, random_state=seed)
    got, listed = lookup(d.ccode1, d.ccode2, d.year)
    pos = panel._positions(panel._dyad_key(d.ccode1, d.ccode2, d.year), keys)
    assert (listed == (pos >= 0)).all() and listed.any()
    for c, v in columns.items():
        assert got[c].dtype == np.int8 and (got[c] == panel._take(v, pos, 0)).all()
    with pytest.raises(ValueError, match="never a system member"):
        lookup([2], [1], [1950])
    with pytest.raises(ValueError, match="twice"):
        panel._DyadLookup([2, 2], [20, 20], [1950, 1950], {"x": [1, 0]})


# --- gw_to_cow: Gleditsch-Ward codes as COW codes ------------------------------------------------


def test_gw_to_cow_renumbers_united_germany_and_yemen_from_the_day_of_unification_and_serbia_always():
    gw = [260, 260, 678, 678, 340, 345, 2]
    day = ["1990-10-02", "1990-10-03", "1990-05-21", "1990-05-22", "1878-07-13", "1950-01-01", "1900-01-01"]
    assert panel.gw_to_cow(gw, day).tolist() == [260, 255, 678, 679, 345, 345, 2]


def test_gw_to_cow_gives_cow_members_for_archigos_leaders_of_germany_and_yemen():
    arch = datasets.load("archigos")
    cow = panel.gw_to_cow(arch.gwcode, arch.startdate)
    members = set(zip(panel.state_years().ccode, panel.state_years().year))
    united = arch.gwcode.isin([260, 678]) & (arch.startdate >= "1991-01-01") & (arch.startdate.dt.year <= 2016)
    assert united.sum() >= 3   # leaders who took office in united Germany or Yemen after 1990
    assert all((c, y) in members for c, y in zip(cow[united], arch.startdate[united].dt.year))
    assert set(cow[united]) == {255, 679}


@pytest.mark.parametrize("gw, day, message", [
    ([260, np.nan], ["1990-01-01", "1991-01-01"], "whole numbers with no missing values"),
    ([260.5], ["1990-01-01"], "whole numbers"),
    ([260, 2], ["1990-01-01"], "2 values and date 1"),
    ([260], [None], "1 dates are missing"),
    ([260], ["not a date"], "date must hold dates"),
    (["260"], ["1990-01-01"], "gwcode must be numbers"),
])
def test_gw_to_cow_refuses_bad_input(gw, day, message):
    with pytest.raises(ValueError, match=message):
        panel.gw_to_cow(gw, day)
