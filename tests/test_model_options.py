"""The model options of CriteriaSpec (issue 13) and the honest selection of bot_core.selection."""

import numpy as np
import pandas as pd
import pytest

from bot_core import criteria, panel, selection, threat, validate
from bot_core.criteria import CRITERIA, CriteriaSpec

# Criteria of the first specification (criteria.ORIGINAL_SPEC, the default until the validated one),
# taken from the code before the options were added (commit 60f0a50): they must stay bit-identical.
PINNED = {
    (630, 365, 1984): (1.0, 0.42755031176424757, 0.8086243347605212, 0.9182935677541972),
    (645, 365, 1984): (1.0, 0.38559834308595486, 0.7880137395431414, 0.0),
    (630, 645, 1979): (0.035146543555059806, 0.786205116076773, 0.03608759202568364, 0.9997456074014035),
    (666, 365, 1970): (0.9473150621558876, 0.2787935028902969, 0.7266422771023301, 0.8058109470056509),
    (255, 2, 1995): (0.9842024102114366, 0.016485962830117405, 0.3583262124810997, 0.0),
    (2, 20, 1990): (0.07781710287144274, 0.7753802731239359, 0.028132944665529645, 0.8135252401097813),
    (200, 255, 1900): (0.6996074762596913, 0.6519470670730573, 0.47780700183156355, 0.8012353141545778),
    (365, 2, 1962): (1.0, 0.06445714083722331, 0.5038691388326371, 0.9996906883098708),
}
PINNED_VARIANT = {  # power_relative=True, reach=2.0, half_life=5.0, before the change
    (630, 365, 1984): (0.9354569988954671, 0.42755031176424757, 0.6538733147668955, 0.8394422102724348),
    (200, 255, 1900): (0.4255755388979287, 0.6519470670730573, 0.42934419330594586, 0.7313679128501537),
}


ORIGINAL = criteria.ORIGINAL_SPEC  # the options are described, and tested, against the first specification


def _rows(keys, spec=ORIGINAL, **changes):
    frame = pd.DataFrame(list(keys), columns=["ccode1", "ccode2", "year"])
    return criteria.compute(frame, spec=spec, **changes)


@pytest.fixture(scope="module")
def year_panel():
    """Every directed dyad-year of three years, one per era and one in the UN years."""
    return pd.concat([panel.dyad_years(y, y) for y in (1913, 1962, 1985)], ignore_index=True)


def test_the_default_is_the_chosen_specification_and_the_original_is_kept():
    assert CriteriaSpec() == ORIGINAL.replace(power="gdp", offense_distance=False, half_distance_km=250.0,
                                              affinity_weight=0.5)
    assert selection.CHOSEN_SPEC == CriteriaSpec() and selection.CHOSEN_FORM == threat.DEFAULT_FORM == "geometric"
    assert selection.CHOSEN_WEIGHTS == (0.1, 0.3, 0.1, 0.5)
    assert tuple(threat.ORIGINAL_WEIGHTS.values()) == (0.25,) * 4 and threat.ORIGINAL_FORM == "additive"


def test_original_criteria_are_bit_identical_to_before():
    for spec, pinned in ((ORIGINAL, PINNED), (ORIGINAL.replace(power_relative=True, reach=2.0, half_life=5.0), PINNED_VARIANT)):
        got = _rows(pinned, spec=spec)
        for (key, values), row in zip(pinned.items(), got[list(CRITERIA)].to_numpy()):
            assert tuple(float(x) for x in row) == values, key
    # and the default output has no new columns
    assert list(_rows(PINNED).columns) == [
        "ccode1", "ccode2", "year", *CRITERIA, "capdist", "border_km", "distance_km", "majpow2", "border_source",
        "offense_partial", "intent_censored",
    ]


def test_options_validated():
    for bad in ({"power": "oil"}, {"offense_measure": "tanks"}, {"reach_rule": "global"}, {"offense_distance": 1},
                {"affinity_weight": 1.5}, {"affinity_sources": ("alliance", "trade")}, {"affinity_sources": ()},
                {"affinity_sources": "un"}, {"alliance_lag": -1}, {"alliance_lag": 1.0},
                {"aggression_weight": -1.0}, {"aggression_scale": 0.0}, {"half_distance_growth": float("nan")}):
        with pytest.raises(ValueError):
            CriteriaSpec(**bad)
    assert CriteriaSpec(affinity_sources=["un"]).affinity_sources == ("un",)
    hash(CriteriaSpec(affinity_sources=["un", "regime"]))


def test_economic_power_is_gdp_over_the_years_largest(year_panel):
    c = criteria.compute(year_panel, spec=ORIGINAL, power="gdp")
    sy = panel.add_gdp(panel.state_years(1962, 1962))
    gdp = sy.set_index("ccode").gdp
    row = c[(c.year == 1962) & (c.ccode1 == 2) & (c.ccode2 == 365)].iloc[0]
    assert row.power == pytest.approx(gdp[365] / gdp.max(), rel=1e-12)
    rel = criteria.compute(year_panel, spec=ORIGINAL, power="gdp", power_relative=True)
    r = rel[(rel.year == 1962) & (rel.ccode1 == 2) & (rel.ccode2 == 365)].iloc[0]
    assert r.power == pytest.approx(gdp[365] / (gdp[2] + gdp[365]), rel=1e-12)
    # a pair's shares add up to one
    back = rel[(rel.year == 1962) & (rel.ccode1 == 365) & (rel.ccode2 == 2)].iloc[0]
    assert r.power + back.power == pytest.approx(1.0)


def test_sdp_is_missing_after_its_last_year():
    c = _rows([(2, 200, 2015), (2, 200, 2016)], power="sdp")
    assert np.isfinite(c.power.iloc[0]) and np.isnan(c.power.iloc[1])


def test_burden_offense_is_not_cinc(year_panel):
    base = criteria.compute(year_panel, spec=ORIGINAL)
    burden = criteria.compute(year_panel, spec=ORIGINAL, offense_measure="burden", offense_distance=False)
    plain = criteria.compute(year_panel, spec=ORIGINAL, offense_distance=False)
    one = base.drop_duplicates(["ccode2", "year"]).index
    cinc = base.power[one]
    # the default offense (military shares, no distance) ranks states almost as CINC does; the
    # burden measure does not
    def spearman(a, b):  # rank correlation, without scipy
        return a.rank().corr(b.rank())

    assert spearman(plain.offense[one], cinc) > 0.9
    assert abs(spearman(burden.offense[one], cinc)) < 0.5
    # a percentile: in 0-1, the same for every perceiver of a target in a year
    assert burden.offense.between(0, 1).all() or burden.offense.isna().any()
    assert burden.groupby(["ccode2", "year"]).offense.nunique().max() == 1


def test_offense_without_distance_counts_distance_once(year_panel):
    c = criteria.compute(year_panel, spec=ORIGINAL, offense_distance=False)
    per_target = c.groupby(["ccode2", "year"]).offense.nunique(dropna=True)
    assert per_target.max() == 1  # no longer depends on the perceiver
    base = criteria.compute(year_panel, spec=ORIGINAL)
    assert (base.proximity.to_numpy() == c.proximity.to_numpy()).all()


def test_capability_reach_is_graded_by_military_capability(year_panel):
    c = criteria.compute(year_panel, spec=ORIGINAL, reach_rule="capability", offense_distance=True)
    sy = criteria._state_inputs().set_index(["ccode", "year"]).mil
    r = c.iloc[::97].dropna(subset=["offense"])
    m = sy.reindex(pd.MultiIndex.from_arrays([r.ccode2, r.year])).to_numpy()
    reach = 1000.0 * (1 + 3.0 * m)
    np.testing.assert_allclose(r.offense.to_numpy(), m * np.exp2(-r.distance_km.to_numpy() / reach), rtol=1e-12)
    # with proximity_reach, a stronger target at the same distance is nearer
    p = criteria.compute(year_panel, spec=ORIGINAL, reach_rule="capability", proximity_reach=True)
    assert (p.proximity >= c.proximity - 1e-15).all()
    assert (p.proximity > c.proximity).any()


def test_half_distance_growth_flattens_the_gradient_over_time():
    keys = [(2, 200, 1820), (2, 200, 2000)]
    base, grown = _rows(keys), _rows(keys, half_distance_growth=0.01)
    d = base.distance_km.to_numpy()
    np.testing.assert_allclose(grown.proximity, np.exp2(-d / (1000 * 1.01 ** np.array([4, 184]))), rtol=1e-12)


def test_aggression_raises_intent_toward_a_state_that_fights_others():
    # Germany 1913 toward Britain: no dispute of their own in the MID window? the term adds
    # Germany's disputes with anyone; intent never falls and rises where Germany fought anyone.
    keys = [(200, 255, 1913), (200, 255, 1939), (20, 2, 1990)]
    base, agg = _rows(keys), _rows(keys, aggression_weight=1.0)
    assert (agg.intent >= base.intent).all()
    assert agg.aggression.between(0, 1).all()
    assert agg.intent.iloc[1] > base.intent.iloc[1] and agg.aggression.iloc[1] > 0.5
    h0 = -np.log1p(-base.intent.to_numpy())
    np.testing.assert_allclose(agg.intent, 1 - np.exp(-(h0 + agg.aggression.to_numpy())), rtol=1e-9, atol=1e-12)


def test_aggression_is_zero_for_a_state_without_disputes():
    # Iceland (395) 1950: no dispute of its own in the 30 years before (Cod Wars come later)
    got = _rows([(2, 395, 1950)], aggression_weight=1.0)
    assert got.aggression.iloc[0] == 0.0


def test_affinity_lowers_threat_of_aligned_pairs_only(year_panel):
    base = criteria.compute(year_panel, spec=ORIGINAL)
    aff = criteria.compute(year_panel, spec=ORIGINAL, affinity_weight=0.8, affinity_sources=("alliance",))
    t0, t1 = threat.index(base, None, "additive"), threat.index(aff, None, "additive")
    allied = aff.affinity == 1
    assert allied.sum() > 1000 and (aff.affinity.isin([0, 1])).all()
    np.testing.assert_allclose(t1[allied], 0.2 * t0[allied], rtol=1e-12)
    np.testing.assert_array_equal(t1[~allied].to_numpy(), t0[~allied].to_numpy())  # NaN stays NaN
    # the alliance is read the year before: USA-UK allied in 1962 (NATO, 1949)
    row = aff[(aff.year == 1962) & (aff.ccode1 == 2) & (aff.ccode2 == 200)].iloc[0]
    assert row.affinity == 1.0


def test_affinity_alliance_lag_reads_an_earlier_year():
    # NATO was signed in April 1949: the USA and the UK were not allied in 1948 (ATOP) but were in 1949
    same = _rows([(2, 200, 1949)], affinity_weight=0.5, affinity_sources=("alliance",), alliance_lag=0)
    lagged = _rows([(2, 200, 1949)], affinity_weight=0.5, affinity_sources=("alliance",), alliance_lag=1)
    assert same.affinity.iloc[0] == 1.0 and lagged.affinity.iloc[0] == 0.0


def test_affinity_from_un_votes_and_regime():
    got = _rows([(2, 200, 1985), (2, 365, 1985), (2, 200, 1930)], affinity_weight=0.5, affinity_sources=("un",))
    assert got.affinity.iloc[0] > got.affinity.iloc[1]  # the UK voted nearer the USA than the USSR did
    assert np.isnan(got.affinity.iloc[2]) and got[list(CRITERIA)].iloc[2].isna().all()  # no UN: missing, not 0
    reg = _rows([(2, 20, 1985), (2, 365, 1985)], affinity_weight=0.5, affinity_sources=("regime",))
    assert reg.affinity.iloc[0] > 0.9 > 0.5 > reg.affinity.iloc[1]


# --- selection --------------------------------------------------------------------------------

SMALL = {"power": ({}, {"power_relative": True}), "affinity": ({}, {"affinity_weight": 0.9})}


def test_simplex():
    g = selection.simplex(0.25)
    assert len(g) == 35 and np.allclose(g.sum(axis=1), 1) and (g >= 0).all()
    assert len(selection.simplex(0.1)) == 286
    with pytest.raises(ValueError):
        selection.simplex(0.3)


def test_fast_scores_equal_validate_scores():
    era = validate.ERAS[1]
    spec = CriteriaSpec(power_relative=True, affinity_weight=0.5)
    scorer = selection._EraScorer(selection._fitting_cases(era), spec)
    w = np.array([threat.weights_array(x) for x in [(1, 1, 1, 1), (0.1, 0.2, 0.3, 0.4)]])
    for form in threat.FORMS:
        fast = scorer.scores(w, form)
        for k in range(len(w)):
            s = validate.score(spec, w[k], form, yardstick=list(selection.OBJECTIVE_YARDSTICKS))
            s = s[s.era == era].set_index("yardstick")
            for y in selection.OBJECTIVE_YARDSTICKS:
                assert fast.loc[k, f"{y}_top1"] == pytest.approx(s.loc[y, "top1_all"], abs=1e-12)
                assert fast.loc[k, f"{y}_top3"] == pytest.approx(s.loc[y, "top3_all"], abs=1e-12)


def test_fit_finds_the_best_of_its_grid_and_reports_out_of_sample():
    f = selection.fit(validate.ERAS[0], step=0.25, dimensions=SMALL)
    assert f.top1 == f.log.top1.max()
    # coordinate search: the default, then each dimension's other setting; each spec scored once
    assert 3 <= len(f.log) <= 4 and not f.log.duplicated(["power", "affinity"]).any()
    r = selection.report(f)
    s = r[(r["sample"] == "in") & r.yardstick.isin(selection.OBJECTIVE_YARDSTICKS)]
    assert s.top1_all.mean() == pytest.approx(f.top1, abs=1e-12)
    assert set(r[r["sample"] == "out"].era) == {validate.ERAS[1]}


def test_fit_never_reads_the_reporting_era(monkeypatch):
    era, other = validate.ERAS
    before = selection.fit(era, step=0.25, dimensions=SMALL)
    cases = validate.yardsticks()
    changed = cases.copy()
    flip = changed.era == other
    # scramble the other era's feared states (each becomes another case's) and drop half of them
    changed.loc[flip, "ccode2"] = np.roll(changed.loc[flip, "ccode2"].to_numpy(), 7)
    changed = changed[~flip | (np.arange(len(changed)) % 2 == 0)]
    monkeypatch.setattr(validate, "yardsticks", lambda with_excluded=False: changed.copy())
    after = selection.fit(era, step=0.25, dimensions=SMALL)
    assert (after.spec, after.weights, after.form, after.top1, after.top3) == (
        before.spec, before.weights, before.form, before.top1, before.top3)


def test_textbook_cases_name_a_top_threat_per_year():
    old = selection.textbook(ORIGINAL, threat.ORIGINAL_WEIGHTS, threat.ORIGINAL_FORM)
    assert len(old) == sum(b - a + 1 for _, _, a, b, _, _ in selection.TEXTBOOK_CASES)
    # the first specification: the USSR is Iraq's top threat in 1984 (the referees' complaint)
    iraq = old[old.case.str.startswith("Iraq")].set_index("year")
    assert iraq.loc[1984, "top"] == 365 and not iraq.right.any()
    new = selection.textbook()
    assert new[new.case.str.startswith("Iraq")].right.all()
    # "right" follows its rule: an expected state for "fears", anything but the named state for "not"
    for frame in (old, new):
        for (c, expected, _, _, kind, label) in selection.TEXTBOOK_CASES:
            g = frame[frame.case == label]
            named = g.top.isin(expected)
            assert (g.right == ((named if kind == "fears" else ~named) & (g.top >= 0))).all()


# --- the book's chosen specification and the figure's grid -------------------------------------


def test_the_search_on_the_early_era_still_chooses_the_books_specification():
    f = selection.fit(selection.CHOSEN_ERA)
    assert f.spec == selection.CHOSEN_SPEC and f.form == selection.CHOSEN_FORM
    assert np.allclose(f.weights, selection.CHOSEN_WEIGHTS)
    # the log names dimensions by index and weights apart (no column shadows another)
    assert {f"w_{c}" for c in CRITERIA} <= set(f.log.columns) and set(selection.DIMENSIONS) <= set(f.log.columns)


def test_weight_parts_are_every_slider_setting_once():
    g = selection.weight_parts(2)
    assert g.shape == (3 ** 4 - 1, 4) and (g.sum(axis=1) > 0).all()
    assert len({tuple(r) for r in g}) == len(g) and g.min() == 0 and g.max() == 2
    for bad in (0, 11, 2.0, True):
        with pytest.raises(ValueError, match="parts"):
            selection.weight_parts(bad)


def test_validity_grid_agrees_with_validate_counting_unranked_cases_as_missed():
    grid = selection.validity_grid({"original": ORIGINAL}, parts=1)
    row = grid[(grid.form == "additive") & (grid[list(CRITERIA)] == 1).all(axis=1)].iloc[0]
    s = validate.score(ORIGINAL, threat.ORIGINAL_WEIGHTS, "additive", yardstick=("atop", "icb"))
    for r in s.itertuples():
        assert row[f"{r.yardstick}_{r.era}_top1"] == pytest.approx(r.top1_all)
        assert row[f"{r.yardstick}_{r.era}_top3"] == pytest.approx(r.top3_all)
        assert r.top1_all == pytest.approx(r.top1 * r.n / (r.n + r.missing)) and r.top1_all <= r.top1
    with pytest.raises(ValueError, match="CriteriaSpec"):
        selection.validity_grid({"x": "cinc"})
