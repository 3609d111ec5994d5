"""bot_core.theories and bot_core.evaluate: dangers, onsets, classification, scores, sweep."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot_core import criteria, datasets, evaluate, panel, theories, threat

USA, UK, FRN, RUS = 2, 200, 220, 365
NATO_1949 = [2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395]


@pytest.fixture(scope="module")
def classified():
    return evaluate.classify_onsets()


def test_onsets_are_new_defence_or_offence_pledges():
    on = evaluate.alliance_onsets()
    assert (on.ccode1 < on.ccode2).all() and not on.duplicated().any()
    # recount from ATOP directly: a pledge this year (made by either side: ATOP's rows are
    # directed), none last year, both states in the system
    at = datasets.load("atop_alliance")
    at = at[(at.atop_defense == 1) | (at.atop_offense == 1)]
    pledged = set(zip(np.minimum(at.ccode1, at.ccode2), np.maximum(at.ccode1, at.ccode2), at.year))
    u = panel.dyad_years(directed=False)
    expected = {(a, b, y) for a, b, y in zip(u.ccode1, u.ccode2, u.year) if (a, b, y) in pledged and (a, b, y - 1) not in pledged}
    assert set(zip(on.ccode1, on.ccode2, on.year)) == expected
    # the North Atlantic Treaty (April 1949): every signatory pair with the United States
    for member in NATO_1949[1:]:
        assert ((on.ccode1 == USA) & (on.ccode2 == member) & (on.year == 1949)).any(), member


def test_a_pledge_made_one_way_is_an_onset_for_the_pair():
    # guarantees: France pledged to defend Belgium in 1832, Italy to defend Germany, France and
    # Belgium at Locarno in 1925; ATOP codes each pledge in the guarantor's row only
    at = datasets.load("atop_alliance").set_index(["ccode1", "ccode2", "year"])
    assert at.loc[(FRN, 211, 1832), "atop_defense"] == 1 and at.loc[(211, FRN, 1832), "atop_defense"] == 0
    assert at.loc[(325, 255, 1925), "atop_defense"] == 1 and at.loc[(255, 325, 1925), "atop_defense"] == 0
    on = set(zip(*evaluate.alliance_onsets().to_numpy().T.tolist()))
    assert {(211, FRN, 1832), (211, 325, 1925), (FRN, 325, 1925), (255, 325, 1925)} <= on
    # a state another has pledged to defend is not alone: Belgium in 1832 holds France's pledge
    assert theories._pledged_any().get_indexer(panel._state_key([211], [1832]))[0] >= 0


def test_balance_of_power_danger_is_the_strongest_state_able_to_reach():
    bop = theories.balance_of_power_dangers()
    assert len(bop) == len(panel.state_years())
    y = bop.query("year == 1960").set_index("ccode").danger
    assert y.loc[USA] == RUS and y.loc[RUS] == USA and y.loc[FRN] == USA
    sy = panel.state_years(1960, 1960).pipe(panel.add_capabilities, components=["cinc"]).pipe(panel.add_major_powers)
    cinc = sy.set_index("ccode").cinc
    majors = sy.query("majpow == 1").ccode
    for state, danger in y.items():
        others = [m for m in majors if m != state]
        assert cinc.loc[danger] >= cinc.loc[others].max() - 1e-12


def test_bandwagon_targets_meet_every_condition():
    bw = theories.bandwagon_targets()
    assert len(bw) > 0
    sy = panel.state_years().pipe(panel.add_capabilities, components=["cinc"]).set_index(["ccode", "year"]).cinc
    own = sy.reindex(pd.MultiIndex.from_arrays([bw.ccode, bw.year])).to_numpy()
    theirs = sy.reindex(pd.MultiIndex.from_arrays([bw.target, bw.year])).to_numpy()
    assert (own < theories.DEFAULT_WEAKNESS * theirs).all()
    near = panel.add_contiguity(bw.rename(columns={"ccode": "ccode1", "target": "ccode2"})[["ccode1", "ccode2", "year"]])
    assert (near.conttype > 0).all()
    stricter = theories.bandwagon_targets(weakness=0.01)
    assert len(stricter) < len(bw)
    with pytest.raises(ValueError, match="weakness"):
        theories.bandwagon_targets(weakness=1.5)


def test_classification_labels_follow_their_rules(classified):
    assert len(classified) == len(evaluate.alliance_onsets())
    c = classified
    assert (c.label[c.with_threat] == "bandwagoning").all()
    assert (c.label[~c.with_threat & c.shared_threat] == "balancing (threat)").all()
    assert (c.label[~c.with_threat & ~c.shared_threat & c.shared_power] == "balancing (power)").all()
    assert (c.label[~c.with_threat & ~c.shared_threat & ~c.shared_power] == "none").all()
    assert (c.shared_threat == ((c.threat1 == c.threat2) & (c.threat1 >= 0))).all()
    # NATO, 1949, under the book's first specification: Britain and the United States shared their
    # top threat, the Soviet Union (the validated default ranks France first for Britain that year)
    first = evaluate.classify_onsets(threat.ORIGINAL_WEIGHTS, threat.ORIGINAL_FORM, criteria.ORIGINAL_SPEC)
    uk = first.query("ccode1 == @USA and ccode2 == @UK and year == 1949").iloc[0]
    assert uk.threat1 == uk.threat2 == RUS and uk.label == "balancing (threat)"
    assert c.query("ccode1 == @USA and ccode2 == @UK and year == 1949").iloc[0].threat2 == 220


def test_shares_sum_to_one_overall_and_by_group(classified):
    overall = evaluate.shares(classified)
    share_cols = [c for c in overall.columns if c.startswith("share ")]
    assert overall[share_cols].sum(axis=1).iloc[0] == pytest.approx(1)
    assert overall.total.iloc[0] == len(classified)
    for by in ("era", "region"):
        t = evaluate.shares(classified, by=by)
        assert np.allclose(t[share_cols].sum(axis=1), 1) and t.total.sum() == len(classified)
    assert set(evaluate.shares(classified, "era").index) == set(evaluate.ERAS)
    with pytest.raises(ValueError, match="no column"):
        evaluate.shares(classified, by="continent")


def test_scores_are_consistent_confusion_tables():
    s = evaluate.score(permutations=20)
    assert list(s.index) == ["balance of power", "balance of threat"]
    for _, r in s.iterrows():
        assert r.tp + r.fp + r.fn + r.tn == s.attrs["candidates"]
        assert r.tp + r.fn == s.attrs["onsets"] == len(evaluate.alliance_onsets())
        assert -1 <= r.mcc <= 1 and 0 < r.p_value <= 1
    again = evaluate.score(permutations=20)
    pd.testing.assert_frame_equal(s, again)  # seeded: reproducible


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_mcc_is_bounded_and_symmetric(tp, fp, fn, tn):
    m = float(evaluate.mcc(tp, fp, fn, tn))
    assert -1 - 1e-12 <= m <= 1 + 1e-12
    assert m == pytest.approx(float(evaluate.mcc(tp, fn, fp, tn)))
    assert float(evaluate.mcc(10, 0, 0, 10)) == pytest.approx(1)
    assert float(evaluate.mcc(5, 5, 5, 5)) == pytest.approx(0)


def test_sweep_reports_shares_and_is_reproducible():
    sw = evaluate.sweep(n=12, seed=3)
    assert len(sw) == 24 and set(sw.form) == {"additive", "geometric"}
    w = sw[[c for c in sw.columns if c.startswith("w_")]]
    assert np.allclose(w.sum(axis=1), 1) and (w >= 0).all().all()
    assert np.allclose(sw.margin, sw.mcc_threat - sw.mcc_power)
    assert sw.mcc_power.nunique() == 1
    shares = sw.attrs["share_threat_wins"]
    assert shares["all"] == pytest.approx((sw.margin > 0).mean())
    pd.testing.assert_frame_equal(sw, evaluate.sweep(n=12, seed=3))
    # a weighting given explicitly scores exactly as score() scores it
    for form in ("additive", "geometric"):
        w = [0.1, 0.2, 0.3, 0.4]
        one = evaluate.sweep(weights=[w], forms=[form])
        scored = evaluate.score(weights=w, form=form, permutations=0)
        assert one.mcc_threat.iloc[0] == pytest.approx(scored.loc["balance of threat", "mcc"])
        assert one.mcc_power.iloc[0] == pytest.approx(scored.loc["balance of power", "mcc"])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: evaluate.alliance_onsets(pledges=["friendship"]), "unknown pledge types"),
        (lambda: evaluate.score(lag=2), "lag must be"),
        (lambda: evaluate.score(permutations=-1), "permutations"),
        (lambda: evaluate.sweep(n=0), "n must be"),
        (lambda: evaluate.sweep(n=2, forms=["cubic"]), "unknown functional form"),
        (lambda: evaluate.shares(pd.DataFrame({"a": [1]})), "classify_onsets"),
    ],
)
def test_bad_arguments_are_refused_with_the_reason(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_regional_balance_of_power_names_a_neighbour_or_no_one():
    regional = theories.balance_of_power_dangers(reach="contiguous").query("year == 1960")
    dd = panel.dyad_years(1960, 1960).pipe(panel.add_contiguity)
    neighbours = set(zip(dd.ccode1[dd.conttype > 0], dd.ccode2[dd.conttype > 0]))
    named = regional[regional.danger >= 0]
    assert all((a, d) in neighbours for a, d in zip(named.ccode, named.danger))
    # states with no direct neighbour (Iceland, 395) have no regional danger
    assert regional.set_index("ccode").danger.loc[395] == -1
    s = evaluate.score(permutations=0, power_reach="contiguous")
    assert s.attrs["power_reach"] == "contiguous"
    with pytest.raises(ValueError, match="unknown reach"):
        theories.balance_of_power_dangers(reach="global")


def test_label_counts_agree_with_shares_and_sum_to_one(classified):
    long = evaluate.label_counts(classified, {"Era": "era", "Region": "region"})
    assert np.allclose(long.groupby(["grouping", "group"]).share.sum(), 1)
    wide = evaluate.shares(classified, by="era")
    era = long[long.grouping == "Era"].pivot(index="group", columns="label", values="onsets")
    assert (era[list(evaluate.LABELS)].to_numpy() == wide[list(evaluate.LABELS)].to_numpy()).all()
    with pytest.raises(ValueError, match="not in labels"):
        evaluate.label_counts(classified, {"Era": "era"}, labels=["none"])


def test_membership_by_binary_search_matches_a_set():
    rng = np.random.default_rng(1)
    table = np.unique(rng.integers(0, 1000, 300))
    values = rng.integers(-5, 1005, 2000)
    np.testing.assert_array_equal(evaluate._in_sorted(values, table), np.isin(values, table))
    assert not evaluate._in_sorted(values, table[:0]).any()


def test_the_same_region_rule_reproduces_the_referees_score():
    r = evaluate.score_region_rule()
    on = evaluate.alliance_onsets()
    assert r.tp + r.fn == len(on)  # every onset is a positive
    assert r.predicted == r.tp + r.fp and round(r.mcc, 3) == 0.073  # the referee's figure, on the same pairs


# --- shared_danger_share: the base rate of pairs sharing a danger --------------------------------


def _dangers():
    # 2000: the US (2) and Canada (20) name Russia, the UK (200) none; 2001: the UK names Russia too,
    # and Canada names itself (which counts as none)
    return pd.DataFrame({"ccode": [2, 20, 200, 2, 20, 200], "year": [2000, 2000, 2000, 2001, 2001, 2001],
                         "danger": [365, 365, -1, 365, 20, 365]})


def test_shared_danger_share_counts_pairs_by_hand():
    got = evaluate.shared_danger_share(_dangers())
    # 2000: no earlier year, so 2000's dangers: 1 of 3 pairs shares; 2001 reads 2000: the same
    assert got.to_dict() == {2000: 1 / 3, 2001: 1 / 3}
    same_year = evaluate.shared_danger_share(_dangers(), lag=0)
    assert same_year.to_dict() == {2000: 1 / 3, 2001: 1 / 3}   # 2001: (2, 200) share; Canada has none
    europe = evaluate.shared_danger_share(_dangers(), "Europe", lag=0)
    assert europe.to_dict() == {2000: 0.0, 2001: 0.5}   # pairs with the UK: (2, 200) and (20, 200)


def test_shared_danger_share_is_a_share_for_the_book_dangers():
    got = evaluate.shared_danger_share(theories.balance_of_power_dangers(), "Middle East")
    assert got.between(0, 1).all() and got.index.is_monotonic_increasing


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns="danger"), "lacks the columns 'danger'"),
    (lambda d: pd.concat([d, d.head(1)]), "more than one row"),
    (lambda d: d.astype({"danger": "float64"}), "must hold integers"),
])
def test_shared_danger_share_refuses_bad_frames(change, message):
    with pytest.raises(ValueError, match=message):
        evaluate.shared_danger_share(change(_dangers()))


def test_shared_danger_share_refuses_unknown_regions_and_lags():
    with pytest.raises(ValueError, match="region must be one of"):
        evaluate.shared_danger_share(_dangers(), "Europa")
    with pytest.raises(ValueError, match="lag"):
        evaluate.shared_danger_share(_dangers(), lag=2)
