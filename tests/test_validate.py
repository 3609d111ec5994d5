"""bot_core.validate: the yardsticks on facts from history, the scores on properties any scoring of
a ranking must have, and bad input refused."""

import numpy as np
import pandas as pd
import pytest

from bot_core import cases, criteria, threat, validate
from bot_core.criteria import CriteriaSpec

USA, UK, FRANCE, SARDINIA, GERMANY, POLAND, RUSSIA, OTTOMANS, CUBA = 2, 200, 220, 325, 255, 290, 365, 640, 40


@pytest.fixture(scope="module")
def yard():
    return validate.yardsticks(with_excluded=True)


@pytest.fixture(scope="module")
def ranked():
    return validate.rank_cases()


def _case(frame, source, perceiver, feared, year):
    hit = frame[(frame.source == source) & (frame.ccode1 == perceiver) & (frame.ccode2 == feared) & (frame.year == year)]
    return hit


# --- facts ---------------------------------------------------------------------------------------


def test_the_first_crimean_war_treaty_makes_its_founders_fear_russia_and_not_the_later_entrant(yard):
    found, excluded = yard
    treaty = found[(found.source == "atop") & (found.id == 1160)]  # 12 March 1854: UK, France, Ottomans
    assert set(treaty.ccode1) == {UK, FRANCE, OTTOMANS} and set(treaty.ccode2) == {RUSSIA}
    assert (treaty.year == 1853).all() and (treaty.era == "1816–1945").all()
    late = excluded[(excluded.source == "atop") & (excluded.id == 1160)]
    assert list(late.ccode1) == [SARDINIA] and late.reason.iloc[0].startswith("joined after signature")


def test_the_british_guarantee_to_poland_names_germany(yard):
    found, _ = yard
    treaty = found[(found.source == "atop") & (found.id == 2440)]
    assert set(zip(treaty.ccode1, treaty.ccode2, treaty.year)) == {(UK, GERMANY, 1938), (POLAND, GERMANY, 1938)}


def test_cuban_missile_crisis_usa_fears_the_ussr_read_in_1961(yard):
    found, _ = yard
    crisis = found[(found.source == "icb") & (found.id == 196)].set_index("ccode1")
    assert crisis.loc[USA, "ccode2"] == RUSSIA and crisis.loc[RUSSIA, "ccode2"] == USA and crisis.loc[CUBA, "ccode2"] == USA
    assert (crisis.year == 1961).all() and (crisis.event_year == 1962).all() and (crisis.era == "1946–2016").all()


def test_usa_and_ussr_principal_rivals_both_ways_and_rivals_on_the_peace_scale(yard):
    found, _ = yard
    riv = found[(found.source == "rivalry") & (found.ccode1 == USA) & (found.ccode2 == RUSSIA)]
    assert riv.year.tolist() == list(range(1945, 1990, validate.RIVALRY_STEP))
    assert len(found[(found.source == "rivalry") & (found.ccode1 == RUSSIA) & (found.ccode2 == USA)]) == len(riv)
    peace = validate.peace_pairs().set_index(["ccode1", "ccode2", "year"])
    assert peace.loc[(USA, RUSSIA, 1962), "side"] == "rival" and peace.loc[(2, 20, 1990), "side"] == "friend"


def test_icb_codes_for_united_germany_and_yemen_are_recoded_to_cow(yard):
    found, _ = yard
    icb = found[found.source == "icb"]
    assert not ((icb.year > 1990) & (icb.ccode1.isin([260, 678]) | icb.ccode2.isin([260, 678]))).any()
    assert len(icb[icb.note != ""]) == 4  # Kosovo 1999 and Turkey-Russia 2015 (Germany); Red Sea Islands 1995 (Yemen, both sides)


def test_nothing_dropped_silently(yard):
    found, excluded = yard
    assert excluded.reason.notna().all() and (excluded.reason != "").all()
    assert not found.duplicated(["source", "ccode1", "ccode2", "year"]).any()
    icb_non_state = excluded[(excluded.source == "icb") & excluded.reason.str.startswith("non-state")]
    assert len(icb_non_state) == 5 + 195 + 73  # trigent 995, 996, 997
    assert set(found.era) == set(validate.ERAS) and set(found.region) <= {r[0] for r in validate.REGIONS}
    # every case is a directed dyad-year of the panel, in the model's years
    assert found.year.between(1816, 2016).all() and (found.ccode1 != found.ccode2).all()


def test_the_issue_s_icb_and_atop_1946_numbers_reproduce():
    # the issue's table was measured on the first specification (equal weights, additive)
    first = (criteria.ORIGINAL_SPEC, threat.ORIGINAL_WEIGHTS, threat.ORIGINAL_FORM)
    s = validate.score(*first, yardstick=["atop", "icb"]).set_index(["yardstick", "era"])
    icb_old = s.loc[("icb", "1816–1945")]
    assert icb_old.n == 173 and round(icb_old.top1, 2) == 0.31 and round(icb_old.top3, 2) == 0.66
    atop_new = s.loc[("atop", "1946–2016")]
    assert atop_new.n == 42 and round(atop_new.top1, 2) == 0.14 and round(atop_new.top3, 3) == 0.452
    intent = validate.rank_cases(*first, ranking="intentions")
    icb = intent[(intent.source == "icb") & intent["rank"].notna()]
    assert round((icb["rank"] == 1).mean(), 2) == 0.43


def test_ranks_are_the_full_model_s(ranked):
    sample = ranked[(ranked.source != "rivalry") & ranked["rank"].notna()].sample(40, random_state=1)
    for row in sample.itertuples():
        path = cases.rank_paths([row.ccode1], [row.ccode2], [row.year])
        assert path["rank"].iloc[0] == row.rank and path["of"].iloc[0] == row.of


# --- properties ----------------------------------------------------------------------------------


def _oracle(feared_first: bool):
    found = validate.yardsticks()
    keys = set(zip(found.year, found.ccode1, found.ccode2))

    def ranking(frame):
        hit = np.array([k in keys for k in zip(frame.year, frame.ccode1, frame.ccode2)])
        return hit.astype(float) if feared_first else -hit.astype(float)

    return ranking


def test_a_ranking_that_puts_the_feared_state_first_scores_top1_of_one():
    # a perceiver-year can fear several states (two treaties, a crisis and a war): the oracle puts
    # every feared state first, so ties go to the lower code and the expected rank is 1 + the
    # number of other feared states of that perceiver-year with a lower code
    found = validate.yardsticks()
    distinct = found.drop_duplicates(["year", "ccode1", "ccode2"])
    lower = distinct.groupby(["year", "ccode1"]).ccode2.rank(method="first").astype(int)
    expected = found.merge(distinct.assign(expected=lower.to_numpy())[["year", "ccode1", "ccode2", "expected"]])
    got = validate.rank_cases(ranking=_oracle(True))
    assert (got["rank"].to_numpy() == expected.expected.to_numpy()).all()
    single = expected.groupby(["year", "ccode1"]).ccode2.transform("nunique") == 1
    assert (got["rank"][single.to_numpy()] == 1).all() and single.mean() > 0.5
    s = validate.score(ranking=_oracle(True), yardstick=validate.YARDSTICKS).set_index(["yardstick", "era"])
    share = expected.assign(top1=expected.expected == 1).groupby(["source", "era"]).top1.mean()
    assert np.allclose(s.top1.to_numpy(), share.reindex(s.index).to_numpy())
    # one yardstick alone, one case per perceiver-year: top-1 is exactly 1
    war = found[found.source == "war"]
    alone = war[war.groupby(["year", "ccode1"]).ccode2.transform("size") == 1]
    keys = set(zip(alone.year, alone.ccode1, alone.ccode2))
    rc = validate.rank_cases(ranking=lambda f: np.array([k in keys for k in zip(f.year, f.ccode1, f.ccode2)], float))
    mine = rc.merge(alone[["year", "ccode1", "ccode2", "source"]])
    assert len(mine) == len(alone) and (mine["rank"] == 1).all() and np.allclose(mine.percentile, 1.0)
    worst = validate.score(ranking=_oracle(False), yardstick=validate.YARDSTICKS)
    assert (worst.top1 == 0).all() and (worst.mean_percentile < 0.05).all()


def test_peace_auc_is_one_for_a_ranking_that_puts_rivals_above_friends():
    pp = validate.peace_pairs()
    rivals = set(zip(pp[pp.side == "rival"].year, pp[pp.side == "rival"].ccode1, pp[pp.side == "rival"].ccode2))
    fn = lambda f: np.array([k in rivals for k in zip(f.year, f.ccode1, f.ccode2)], dtype=float)  # noqa: E731
    assert (validate.score(ranking=fn, yardstick="peace").auc == 1).all()
    assert (validate.score(ranking=lambda f: -fn(f), yardstick="peace").auc == 0).all()
    assert (validate.score(ranking=lambda f: np.zeros(len(f)), yardstick="peace").auc == 0.5).all()


@pytest.mark.parametrize("weights,form", [(None, "additive"), ((1, 0, 0, 3), "geometric"), ((0, 1, 2, 0), "additive")])
def test_shares_are_proportions_and_top1_at_most_top3(weights, form):
    s = validate.score(weights=weights, form=form, by=("era", "region"))
    ranked = s[s.yardstick != "peace"]
    for col in ("top1", "top3", "mean_percentile"):
        assert ranked[col].between(0, 1).all()
    assert (ranked.top1 <= ranked.top3).all() and (ranked.median_rank >= 1).all()
    assert (ranked.top1 <= ranked.top1_ceiling).all() and (ranked.top3 <= ranked.top3_ceiling).all()
    assert s[s.yardstick == "peace"].auc.between(0, 1).all()
    by_era = validate.score(weights=weights, form=form)
    assert by_era.groupby("yardstick").n.sum().equals(s.groupby("yardstick").n.sum())


def test_rivalry_and_peace_are_scored_with_the_rivalry_term_off():
    s = validate.score()
    off = s[s.yardstick.isin(["rivalry", "peace"])]
    assert off.variant.str.contains("rivalry_weight=0").all()
    assert (s[s.yardstick.isin(["atop", "icb", "war"])].variant == "as given").all()
    # and so the rivalry weight cannot change them
    again = validate.score(CriteriaSpec(rivalry_weight=3.0))
    a, b = s[s.yardstick.isin(["rivalry", "peace"])], again[again.yardstick.isin(["rivalry", "peace"])]
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_the_order_of_the_targets_does_not_change_ranks():
    rng = np.random.default_rng(3)
    crit = pd.DataFrame({
        "ccode1": np.repeat([2, 20], 6), "ccode2": np.tile([20, 40, 70, 200, 220, 365], 2), "year": 1990,
        "power": rng.random(12), "proximity": rng.random(12), "offense": rng.random(12), "intent": rng.random(12),
    })
    crit.loc[crit.ccode1 == crit.ccode2, "ccode2"] = 2
    crit.loc[[2, 3], ["power", "proximity", "offense", "intent"]] = 0.5  # a tie: the lower code first
    results = []
    for seed in range(4):
        m = threat.ThreatModel(crit.sample(frac=1, random_state=seed))
        rank, n = validate._segment_ranks(m, m.threat())
        results.append(pd.Series(rank, index=pd.MultiIndex.from_arrays([m.ccode1, m.ccode2])).sort_index())
    for r in results[1:]:
        pd.testing.assert_series_equal(r, results[0])
    tied = results[0].loc[2]
    assert tied.loc[40] == tied.loc[70] - 1  # 40 and 70 tie; the lower code ranks first


def test_compare_lists_the_model_then_every_baseline():
    c = validate.compare()
    assert list(dict.fromkeys(c.ranking)) == ["model", *validate.BASELINES]
    assert c.groupby("ranking").size().nunique() == 1


# --- bad input -----------------------------------------------------------------------------------


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="unknown yardstick"):
        validate.score(yardstick="treaties")
    with pytest.raises(ValueError, match="negative"):
        validate.score(weights=(1, -1, 0, 0))
    with pytest.raises(ValueError, match="four weights"):
        validate.score(weights=(1, 1))
    with pytest.raises(ValueError, match="functional form"):
        validate.score(form="multiplicative")
    with pytest.raises(TypeError, match="CriteriaSpec"):
        validate.score(spec={"half_life": 5})
    with pytest.raises(ValueError, match=r"by: unknown groupings \['decade'\]; choose from era, region"):
        validate.score(by="decade")
    with pytest.raises(ValueError, match="unknown ranking"):
        validate.score(ranking="richest")
    with pytest.raises(ValueError, match="unknown baseline"):
        validate.compare(baselines=["richest"])
    with pytest.raises(ValueError, match="one number per row"):
        validate.score(ranking=lambda f: np.zeros(3))
