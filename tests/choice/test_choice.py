"""bot_core.choice: the partner-choice model. Simulated choices with known weights are recovered; the
likelihood equals statsmodels' conditional logit for fixed weights; NATO's groups are what the
treaty says; a decision counts once; PR-AUC on a worked example; bad input is refused clearly."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from bot_core import _args, alliances, choice
from bot_core.criteria import CRITERIA

USA, CAN, UK, NTH, BEL, LUX, FRN, POR, ITA, NOR, DEN, ICE = 2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395
GRC, TUR = 350, 640
NATO = 3180
NATO_FOUNDERS = (USA, CAN, UK, NTH, BEL, LUX, FRN, POR, ITA, NOR, DEN, ICE)

TRUE_W = np.array([0.1, 0.2, 0.3, 0.4])
TRUE = {"beta_shared": 3.0, "z1": 1.0, "z2": -0.5}
#: The partner's own criteria, one coefficient each (bandwagoning would make them positive).
TRUE_OWN = np.array([1.0, -0.5, 0.0, -1.5])


def simulate(n_groups=500, n_cand=30, n_third=12, chosen=1, seed=7, w=TRUE_W, params=TRUE, own=TRUE_OWN) -> choice.ChoiceData:
    """Choice groups drawn from the model itself: random criteria for the chooser's and each
    candidate's threats from ``n_third`` third parties, two covariates, and ``chosen`` partners per
    group drawn one after another (Gumbel maxima) among those not yet chosen."""
    rng = np.random.default_rng(seed)
    n = n_groups * n_cand
    xi = rng.random((n_groups, n_third, 4)) ** 2
    xj = rng.random((n_groups, n_cand, n_third, 4)) ** 2
    shared = np.empty((n_groups, n_cand, 3, 4, 4))
    shared[:, :, 0] = np.einsum("gkc,gbkd->gbcd", xi, xj)
    shared[:, :, 1] = np.einsum("gkc,gkd->gcd", xi, xi)[:, None]
    shared[:, :, 2] = np.einsum("gbkc,gbkd->gbcd", xj, xj)
    shared = shared.reshape(n, 3, 4, 4)
    rows = pd.DataFrame({
        "group": np.repeat(np.arange(n_groups), n_cand), "atopid": np.repeat(np.arange(n_groups) // 2, n_cand),
        "event_id": np.repeat(np.arange(n_groups), n_cand), "year": 1900, "chooser": 1,
        "candidate": np.tile(np.arange(n_cand), n_groups), "chosen": 0, "weight": 1.0,
        **dict(zip(CRITERIA, rng.random((n, 4)).T)),
        "log_distance": rng.normal(size=n), "same_region": rng.normal(size=n),
    })
    data = choice.ChoiceData(rows=rows, shared=shared)
    s = choice.shared_threat(data, w)
    t = rows[list(CRITERIA)].to_numpy() @ own
    u = params["beta_shared"] * s + t + params["z1"] * rows.log_distance + params["z2"] * rows.same_region
    u = u.to_numpy().reshape(n_groups, n_cand)
    y = np.zeros_like(u, dtype="int64")
    for _ in range(chosen):
        draw = np.where(y == 1, -np.inf, u + rng.gumbel(size=u.shape))
        y[np.arange(n_groups), draw.argmax(axis=1)] = 1
    rows["chosen"] = y.ravel()
    return choice.ChoiceData(rows=rows, shared=shared)


COV = ("log_distance", "same_region")  # the simulation's two covariates, under these names


@pytest.fixture(scope="module")
def simulated():
    return simulate()


@pytest.fixture(scope="module")
def real():
    return choice.choice_data()


# --- recovery on simulated choices -----------------------------------------------------------------------


def test_known_weights_and_coefficients_fall_in_their_bootstrap_intervals(simulated):
    boot = choice.bootstrap(simulated, covariates=COV, n=40, seed=1, level=0.99)
    iv = boot.intervals
    truth = {**{f"w_{c}": w for c, w in zip(CRITERIA, TRUE_W)}, "beta_shared": TRUE["beta_shared"],
             **{f"beta_own_{c}": b for c, b in zip(CRITERIA, TRUE_OWN)},
             "log_distance": TRUE["z1"], "same_region": TRUE["z2"]}
    for name, value in truth.items():
        assert iv.loc[name, "lo"] <= value <= iv.loc[name, "hi"], (name, value, iv.loc[name].to_dict())
    est = boot.estimate
    assert est.converged and boot.draws.converged.all()
    assert np.abs(est.weights.to_numpy() - TRUE_W).max() < 0.12
    assert abs(est.params["log_distance"] - 1.0) < 0.15 and abs(est.params["same_region"] + 0.5) < 0.15
    assert est.weights.sum() == pytest.approx(1.0)
    # the intervals are real intervals: each has width, and the estimate lies inside
    assert ((iv.hi - iv.lo) > 0).all() and ((iv.lo <= iv.estimate) & (iv.estimate <= iv.hi)).all()


def test_known_weights_and_coefficients_fall_in_their_sandwich_intervals():
    """Coverage on simulated choices with known weights: over four samples, the 95% intervals hold the
    truth about as often as they claim, and the 99% intervals miss at most once."""
    truth = {**{f"w_{c}": w for c, w in zip(CRITERIA, TRUE_W)}, "beta_shared": TRUE["beta_shared"],
             **{f"beta_own_{c}": b for c, b in zip(CRITERIA, TRUE_OWN)},
             "log_distance": TRUE["z1"], "same_region": TRUE["z2"]}
    covered95, covered99 = [], []
    for seed in (7, 21, 33, 45):
        data = simulate(seed=seed)
        iv95 = choice.sandwich(data, covariates=COV, level=0.95)
        iv99 = choice.sandwich(data, covariates=COV, level=0.99)
        for name, value in truth.items():
            covered95.append(iv95.loc[name, "lo"] <= value <= iv95.loc[name, "hi"])
            covered99.append(iv99.loc[name, "lo"] <= value <= iv99.loc[name, "hi"])
        # real intervals around the estimate, weights inside 0-1, none pressed against the simplex's edge
        assert ((iv95.hi - iv95.lo) > 0).all() and ((iv95.lo <= iv95.estimate) & (iv95.estimate <= iv95.hi)).all()
        w = iv95.loc[[f"w_{c}" for c in CRITERIA]]
        assert (w.lo > 0).all() and (w.hi < 1).all() and not iv95.at_bound.any()
        assert iv95.attrs["n_clusters"] == data.rows.atopid.nunique() and iv95.attrs["fit"].converged
    assert np.mean(covered95) >= 0.85, np.mean(covered95)
    assert len(covered99) - sum(covered99) <= 1, covered99


def test_sandwich_intervals_are_as_wide_as_the_treaty_bootstrap(simulated):
    """Two estimates of one sampling variance: the clustered sandwich and the block bootstrap by treaty
    agree on the width of each coefficient's interval within a factor that 40 replicates allow; the
    weights' intervals (symmetric on the log-odds, so wider toward the middle of 0-1 than a percentile
    interval) within a factor of three."""
    sw = choice.sandwich(simulated, covariates=COV, level=0.9)
    boot = choice.bootstrap(simulated, covariates=COV, n=40, seed=2, level=0.9).intervals
    ratio = (sw.hi - sw.lo) / (boot.hi - boot.lo)
    is_w = ratio.index.str.startswith("w_")
    assert ratio[~is_w].between(0.5, 2.0).all(), ratio.to_dict()
    assert ratio[is_w].between(1 / 3, 3.0).all(), ratio.to_dict()


def test_the_sandwich_for_fixed_weights_matches_statsmodels_clustered_errors():
    """With the weights held fixed the model is an ordinary conditional logit; the sandwich's standard
    errors are statsmodels' cluster-robust ones (same small-sample factor C / (C - 1))."""
    from statsmodels.discrete import conditional_models as sm
    data = simulate(n_groups=200, n_cand=15, chosen=1, seed=5)
    iv = choice.sandwich(data, covariates=COV, weights=TRUE_W)
    r = data.rows
    s = choice.shared_threat(data, TRUE_W)
    exog = np.column_stack([s, r[list(CRITERIA)].to_numpy(), r[list(COV)].to_numpy()])
    res = sm.ConditionalLogit(r.chosen.to_numpy(), exog, groups=r.group.to_numpy()).fit(disp=False)
    names = ["beta_shared", *[f"beta_own_{c}" for c in CRITERIA], *COV]
    est = iv.loc[names, "estimate"].to_numpy()
    np.testing.assert_allclose(est, res.params, atol=5e-3)  # the two optimisers' tolerances
    # the covariance, computed the textbook way at the same estimate
    # statsmodels' conditional logit has no cluster option: each group's score at its estimate,
    # sum over candidates of (chosen - probability) * covariates, summed by treaty
    x = exog @ est
    g = r.group.to_numpy()
    e = np.exp(x - pd.Series(x).groupby(g).transform("max").to_numpy())
    prob = e / pd.Series(e).groupby(g).transform("sum").to_numpy()
    _, c = np.unique(r.atopid.to_numpy(), return_inverse=True)
    by = np.zeros((c.max() + 1, len(names)))
    np.add.at(by, c, (r.chosen.to_numpy() - prob)[:, None] * exog)
    bread = np.linalg.inv(-res.model.hessian(est))
    n_c = c.max() + 1
    cov = bread @ (by.T @ by * n_c / (n_c - 1)) @ bread
    np.testing.assert_allclose(iv.loc[names, "se"].to_numpy(), np.sqrt(np.diag(cov)), rtol=1e-3)


def test_the_bootstrap_is_reproducible_by_seed(simulated):
    a = choice.bootstrap(simulated, covariates=COV, n=3, seed=5)
    b = choice.bootstrap(simulated, covariates=COV, n=3, seed=5)
    pd.testing.assert_frame_equal(a.draws, b.draws)


def test_the_analytic_gradient_is_the_derivative_of_the_likelihood(simulated):
    prob = choice._Problem(simulated, COV, True, None)
    rng = np.random.default_rng(3)
    p = rng.normal(size=prob.n_params) * 0.5
    gw = rng.random(prob.n_groups)
    f = lambda q: prob.objective(q, gw, gw.sum())[0]  # noqa: E731
    np.testing.assert_allclose(prob.objective(p, gw, gw.sum())[1], optimize.approx_fprime(p, f, 1e-7), atol=2e-6)


# --- statsmodels for fixed weights ---------------------------------------------------------------------


def test_fixed_weights_give_statsmodels_conditional_logit_exactly():
    """Each chosen partner is a choice among itself and the unchosen: one stratum per term, which is
    statsmodels' ConditionalLogit with one positive per group (groups with two partners included)."""
    from statsmodels.discrete.conditional_models import ConditionalLogit

    data = simulate(n_groups=150, n_cand=15, chosen=2, seed=11)
    w = np.array([0.4, 0.3, 0.2, 0.1])
    ours = choice.fit(data, covariates=COV, weights=w)
    r = data.rows
    exog_all = np.column_stack([choice.shared_threat(data, w), r[list(CRITERIA)].to_numpy(), r[list(COV)].to_numpy()])
    parts_x, parts_y, parts_g = [], [], []
    stratum = 0
    for _, g in r.groupby("group"):
        idx = g.index.to_numpy()
        unchosen = idx[g.chosen.to_numpy() == 0]
        for j in idx[g.chosen.to_numpy() == 1]:
            rows = np.r_[j, unchosen]
            parts_x.append(exog_all[rows])
            parts_y.append(np.r_[1, np.zeros(len(unchosen))])
            parts_g.append(np.full(len(rows), stratum))
            stratum += 1
    sm = ConditionalLogit(np.concatenate(parts_y), np.vstack(parts_x), groups=np.concatenate(parts_g))
    res = sm.fit(method="newton", maxiter=100, tol=1e-12, disp=False)
    mine = ours.params[["beta_shared", *(f"beta_own_{c}" for c in CRITERIA), *COV]].to_numpy()
    np.testing.assert_allclose(mine, res.params, atol=1e-5, rtol=1e-5)  # two optimisers, each to its tolerance
    # our weighted log-likelihood with unit weights is per group the mean of its terms (weight / k)
    k = r.groupby("group").chosen.sum().to_numpy()
    assert (k == 2).all()
    assert 2 * ours.loglik == pytest.approx(sm.loglike(res.params), abs=1e-6)
    np.testing.assert_allclose(ours.weights, w, rtol=1e-15, atol=1e-15)


# --- the real data -------------------------------------------------------------------------------------


def test_nato_1949_every_founder_chose_the_other_eleven(real):
    r = real.rows
    nato = r[(r.atopid == NATO) & (r.event == "signed")]
    assert sorted(nato.chooser.unique()) == sorted(NATO_FOUNDERS)
    for chooser, g in nato.groupby("chooser"):
        assert sorted(g.candidate[g.chosen == 1]) == sorted(set(NATO_FOUNDERS) - {chooser})
        assert chooser not in set(g.candidate)
        assert (g.t == 1948).all() and (g.year == 1949).all()
    assert nato.groupby("group").weight.first().sum() == pytest.approx(1.0)  # one decision, weight 1


def test_greece_and_turkey_1951_chose_the_twelve_members(real):
    r = real.rows
    acc = r[(r.atopid == NATO) & (r.event == "accession") & (r.year == 1951)]
    assert sorted(acc.chooser.unique()) == [GRC, TUR]
    for _, g in acc.groupby("chooser"):
        assert sorted(g.candidate[g.chosen == 1]) == sorted(NATO_FOUNDERS)  # not each other
    assert acc.groupby("group").weight.first().tolist() == [0.5, 0.5]


def test_every_event_counts_once_and_every_group_is_a_real_choice(real):
    groups = real.groups
    per_event = groups.groupby("event_id").weight.sum()
    np.testing.assert_allclose(per_event, 1.0)
    assert (groups.n_chosen >= 1).all() and (groups.n_candidates > groups.n_chosen).all()
    assert groups.weight.sum() == pytest.approx(groups.event_id.nunique())


def test_with_unit_treaty_every_treaty_counts_once():
    data = choice.choice_data(first=1945, last=1955, unit="treaty")
    per_treaty = data.groups.groupby("atopid").weight.sum()
    np.testing.assert_allclose(per_treaty, 1.0)
    nato = data.groups[data.groups.atopid == NATO]
    # the founders and Greece and Turkey (1951); West Germany's accession (ATOP: 23 October 1954)
    # predates its COW membership (1955), so it has no covariate year and is counted, not kept
    assert len(nato) == 12 + 2 and 260 not in set(nato.chooser)
    assert nato.weight.iloc[0] == pytest.approx(1 / 14)
    assert data.report.set_index("reason").loc[
        "chooser not a COW system member in the covariate year (group)", "count"] >= 1


def test_the_narrower_choice_set_is_region_neighbours_and_major_powers(real):
    from bot_core import criteria, panel, validate

    narrow = choice.choice_data(first=1949, last=1951, alternatives="reach")
    r = narrow.rows
    sy = panel.state_years(1948, 1951).pipe(panel.add_major_powers)
    major = set(map(tuple, sy.loc[sy.majpow == 1, ["ccode", "year"]].to_numpy().tolist()))
    same_region = validate.region_of(r.chooser.to_numpy()) == r.region.to_numpy()
    is_major = np.array([(c, t) in major for c, t in zip(r.candidate, r.t)])
    outside = r[~same_region & ~is_major]
    assert len(outside) > 0
    crit = criteria.compute(outside[["chooser", "candidate", "t"]].set_axis(["ccode1", "ccode2", "year"], axis=1)
                            .astype("int64"))
    assert (crit.border_km <= choice.NEIGHBOUR_KM).all()  # anyone else is within 400 miles of the territory
    wide = real.subset(years=(1949, 1951)).rows
    assert len(r) < len(wide)
    # NATO, 1949: the USA's set holds its region (Canada) and the major powers (the UK, France), not
    # the eight European founders that are neither: those partners are dropped and counted
    usa = r[(r.atopid == NATO) & (r.chooser == USA)]
    assert sorted(usa.candidate[usa.chosen == 1]) == [CAN, UK, FRN]
    assert narrow.report.set_index("reason")["count"].filter(like="outside the alternative set").iloc[0] >= 8


def test_un_affinity_is_missing_before_1946_and_flagged_after(real):
    r = real.rows
    before = r[r.t < 1946]
    assert (before.un_distance == 0).all() and (before.un_missing == 0).all()
    after = r[r.t >= 1946]
    assert after.un_missing.sum() > 0 and (after.un_distance[after.un_missing == 1] == 0).all()
    assert (r.regime_similarity[r.regime_missing == 1] == 0).all()


def test_the_data_handed_out_is_a_copy(real):
    real.rows.loc[0, "chosen"] = 99
    assert choice.choice_data().rows.loc[0, "chosen"] in (0, 1)


def test_what_was_left_out_is_counted(real):
    rep = real.report.set_index("reason")["count"]
    assert (rep > 0).all()
    assert any("missing criterion" in reason for reason in rep.index)
    known = [c for c in choice.COVARIATES if c not in ENDS_EARLY]
    assert not real.rows[list(CRITERIA) + known].isna().any().any()


#: The covariates whose data end before ATOP's (the COW intra-state wars, the COW IGO data).
ENDS_EARLY = {"civil_war_major": 2008, "civil_war_top_threat": 2008, "joint_igos": 2014, "igo_missing": 2014}


def test_covariates_whose_data_end_early_are_missing_after_them_and_nowhere_else(real):
    r = real.rows
    for c, last in ENDS_EARLY.items():
        assert r[c].isna().to_numpy().tolist() == (r.t > last).tolist(), c


def test_a_model_reaching_past_a_covariates_data_is_refused(real):
    with pytest.raises(_args.ArgumentError, match=r"covariate civil_war_major is missing in .* rows"):
        choice.fit(real, covariates=("log_distance", "civil_war_major"), threat=False)
    f = choice.fit(real.subset(years=(1946, 2008)), covariates=("log_distance", "major_power", "civil_war_major"),
                   threat=False)
    assert f.converged and np.isfinite(f.params["civil_war_major"])


def test_the_civil_war_terms_are_the_major_power_and_top_threat_markers_of_choosers_at_war(real):
    r = real.rows[real.rows.t <= 2008]
    at_war = r.groupby("group").civil_war_major.transform("max") > 0  # a chooser at war with a major among its candidates
    assert at_war.any() and (~at_war).any()
    assert (r.civil_war_major[at_war] == r.major_power[at_war]).all()
    assert (r.civil_war_major[~at_war] == 0).all()
    assert (r.civil_war_top_threat <= r.top_threat).all()
    assert (r.groupby("group").top_threat.sum() <= 1).all()  # one top threat at most per chooser


def test_the_arab_league_is_atops_pact_of_march_1945_and_marks_pairs_of_members():
    tr = alliances.treaties().set_index("atopid").loc[choice.ARAB_LEAGUE_ATOPID]
    assert str(tr.begin.date()) == "1945-03-22" and tr.consul == 1
    ten = alliances._tenures()
    founders = ten[(ten.atopid == choice.ARAB_LEAGUE_ATOPID) & (ten.start == tr.begin)].member
    assert len(founders) == 6 and founders.between(600, 699).all()  # six members on the day (ATOP), all in the Middle East
    d = choice.choice_data(obligations=("consul",), first=1946, last=1960)
    r = d.rows
    marked = r[r.arab_league == 1]
    assert len(marked) and marked.chooser.isin(founders.tolist() + ten[ten.atopid == choice.ARAB_LEAGUE_ATOPID]
                                                .member.tolist()).all()
    assert not r[(r.arab_league == 1) & ~r.candidate.isin(ten[ten.atopid == choice.ARAB_LEAGUE_ATOPID].member)].size


def test_by_obligation_reports_each_covariates_coefficient_in_the_years_asked():
    cov = ("log_distance", "same_region", "major_power")
    bo = choice.by_obligation(obligations=("offense",), covariates=cov, first=1900, last=1939, cache=False)
    row = bo.loc["offense"]
    for c in cov:
        assert row[f"{c}_lo"] < row[c] < row[f"{c}_hi"]
        assert 0 <= row[f"{c}_chosen"] <= row.n_chosen and 0 <= row[f"{c}_groups"] <= row.n_groups
    assert all(1899 <= y <= 1939 for _, y, _ in row.choosers)


def test_a_covariate_constant_within_every_group_is_reported_not_estimated(real):
    early = real.subset(years=(1816, 1945))
    f = choice.fit(early, covariates=("log_distance", "un_distance", "un_missing"), threat=False)
    assert set(f.constant) == {"un_distance", "un_missing"}
    assert f.params["un_distance"] == 0 and f.params["un_missing"] == 0


# --- scores -------------------------------------------------------------------------------------------


def test_pr_auc_worked_example():
    # thresholds 0.9 .. 0.5: precision 1, 1/2, 2/3, 2/4, 3/5 at recall 1/3, 1/3, 2/3, 2/3, 1
    y = [1, 0, 1, 0, 1]
    s = [0.9, 0.8, 0.7, 0.6, 0.5]
    assert choice.pr_auc(y, s) == pytest.approx((1 + 2 / 3 + 3 / 5) / 3)  # 34/45
    # ties enter together: one threshold, precision 2/4, recall 1
    assert choice.pr_auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]) == pytest.approx(0.5)
    # a weight of 2 is the case counted twice
    assert choice.pr_auc([1, 0, 1], [0.9, 0.8, 0.7], [1, 2, 1]) == pytest.approx(
        choice.pr_auc([1, 0, 0, 1], [0.9, 0.8, 0.8, 0.7]))
    assert choice.pr_auc([0, 1, 1], [0.1, 0.8, 0.9]) == 1.0


def test_the_uniform_model_scores_log_of_the_choice_set(simulated):
    sc = choice.score(None, simulated)
    assert sc.log_loss == pytest.approx(np.log(30))  # one chosen among 30
    f = choice.fit(simulated, covariates=COV)
    assert choice.score(f, simulated).log_loss < sc.log_loss
    assert choice.score(f, simulated).pr_auc > choice.score(None, simulated).pr_auc


def test_permutation_keeps_each_groups_regions_and_counts(real):
    sub = real.subset(years=(1946, 1960))
    perm = choice.permute(sub, seed=3)
    key = ["group", "region"]
    pd.testing.assert_series_equal(sub.rows.groupby(key).chosen.sum(), perm.rows.groupby(key).chosen.sum())
    assert (sub.rows.chosen != perm.rows.chosen).any()
    nulls = choice.null_scores(choice.fit(sub, covariates=("log_distance", "land_contiguity"), threat=False), sub, n=5)
    assert len(nulls) == 5 and set(nulls.attrs["p_value"]) == {"log_loss", "brier", "pr_auc"}


def test_out_of_sample_scores_each_model_against_the_reference(simulated):
    data = dataclasses.replace(simulated, rows=simulated.rows.assign(year=np.where(simulated.rows.group < 300, 1900, 1950)))
    models = {"geo": (COV, False), "threat": (COV, True)}
    out = choice.out_of_sample(data, models=models, splits=(("early -> late", (1816, 1945), (1946, 1991)),),
                               reference="geo", n_boot=20)
    assert set(out.model) == {"geo", "threat", "uniform"}
    ref = out[out.model == "geo"]
    assert (ref["diff"] == 0).all()
    ll = out[(out.metric == "log_loss")].set_index("model")
    assert ll.loc["threat", "estimate"] < ll.loc["geo", "estimate"] < ll.loc["uniform", "estimate"]
    assert (out.lo <= out.estimate + 1e-12).all() and (out.estimate <= out.hi + 1e-12).all()
    # the fits are kept, and the separation plot's probabilities reproduce the scores
    fits = out.attrs["fits"]
    assert set(fits) == {("early -> late", m) for m in ("geo", "threat", "uniform")} and fits[("early -> late", "uniform")] is None
    pred = choice.predictions(data, fits, splits=(("early -> late", (1816, 1945), (1946, 1991)),))
    late = data.subset(years=(1946, 1991))
    for model, part in pred.groupby("model"):
        assert len(part) == len(late.rows) and part.chosen.sum() == late.rows.chosen.sum()
        assert ((part.p > 0) & (part.p < 1)).all()
        # one chosen partner per group: the probabilities of a group sum to one
        assert part.groupby("group").p.sum().to_numpy() == pytest.approx(1.0)
        # the chosen partners' mean -log p is the stored log-loss
        assert -np.log(part.p[part.chosen == 1]).mean() == pytest.approx(ll.loc[model, "estimate"])
    # with the parameters rounded, noise in their last digits does not reach the probabilities
    split = (("early -> late", (1816, 1945), (1946, 1991)),)
    f = fits[("early -> late", "threat")]
    noisy = dataclasses.replace(f, params=f.params * (1 + 1e-9))
    a = choice.predictions(data, {("early -> late", "threat"): f}, splits=split, digits=3)
    b = choice.predictions(data, {("early -> late", "threat"): noisy}, splits=split, digits=3)
    assert (a.p.to_numpy() == b.p.to_numpy()).all()
    exact = pred[pred.model == "threat"].p.to_numpy()
    assert np.abs(a.p.to_numpy() - exact).max() < 0.02
    with pytest.raises(choice._args.ArgumentError, match="digits"):
        choice.predictions(data, fits, splits=split, digits=0)
    with pytest.raises(choice._args.ArgumentError, match="not in splits"):
        choice.predictions(data, {("later", "geo"): fits[("early -> late", "geo")]})
    with pytest.raises(choice._args.ArgumentError, match="non-empty dict"):
        choice.predictions(data, {})


# --- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("call, match", [
    (lambda: choice.choice_data(obligations="defence"), r"obligations: unknown obligation types .*defense"),
    (lambda: choice.choice_data(kinds=["signed", "exit"]), r"kinds: unknown event kinds"),
    (lambda: choice.choice_data(first=1990, last=1950), r"first \(1990\) is after last \(1950\)"),
    (lambda: choice.choice_data(first=1700), r"first 1700 is outside ATOP's years"),
    (lambda: choice.choice_data(unit="dyad"), r"unit must be one of event, treaty, chooser"),
    (lambda: choice.choice_data(alternatives="region"), r"alternatives must be one of system, reach"),
    (lambda: choice.choice_data(spec={"half_life": 5}), r"spec must be a CriteriaSpec"),
    (lambda: choice.fit(pd.DataFrame()), r"data must be ChoiceData"),
    (lambda: choice.pr_auc([0, 0], [0.1, 0.2]), r"no positive case"),
    (lambda: choice.pr_auc([0, 2], [0.1, 0.2]), r"0s and 1s"),
    (lambda: choice.by_obligation(obligations=("defence",)), r"obligations: unknown obligation types"),
    (lambda: choice.by_obligation(cache="yes"), r"cache must be True or False"),
    (lambda: choice.by_obligation(covariates=("astrology",)), r"covariates: unknown covariates"),
    (lambda: choice.by_obligation(level=1.5), r"level"),
    (lambda: choice.by_obligation(first=1950, last=1940), r"first \(1950\) is after last"),
    (lambda: choice.sandwich(pd.DataFrame()), r"data must be ChoiceData"),
])
def test_bad_input_is_refused_with_a_clear_message(call, match):
    with pytest.raises(_args.ArgumentError, match=match):
        call()


def test_bad_model_arguments_are_refused(simulated):
    with pytest.raises(_args.ArgumentError, match=r"covariates: unknown covariates .*'distance'"):
        choice.fit(simulated, covariates=("distance",))
    with pytest.raises(_args.ArgumentError, match=r"needs the threat terms .* or at least one covariate"):
        choice.fit(simulated, covariates=(), threat=False)
    with pytest.raises(_args.ArgumentError, match=r"weights: give four weights"):
        choice.fit(simulated, covariates=COV, weights=[1, 1])
    with pytest.raises(_args.ArgumentError, match=r"n must be a whole number from 1"):
        choice.bootstrap(simulated, covariates=COV, n=0)
    with pytest.raises(_args.ArgumentError, match=r"ChoiceData.shared must be an array of shape"):
        choice.ChoiceData(rows=simulated.rows, shared=np.zeros((3, 4, 4)))


def test_separated_finds_a_marker_no_chosen_partner_has_and_one_every_chosen_partner_has():
    # three choice groups of three candidates, one chosen in each
    rows = pd.DataFrame({
        "group":   [0, 0, 0, 1, 1, 1, 2, 2, 2],
        "chosen":  [1, 0, 0, 1, 0, 0, 0, 1, 0],
        "never":   [0, 1, 0, 0, 0, 1, 1, 0, 0],   # no chosen partner has it: minus infinity
        "always":  [1, 0, 0, 1, 1, 0, 0, 1, 0],   # every chosen one has it, as much as any other: plus infinity
        "mixed":   [1, 0, 0, 0, 1, 0, 0, 1, 0],   # chosen in groups 0 and 2, passed over in group 1: finite
        "scale":   [2.0, 1.0, 3.0, 0.5, 0.1, 0.2, 1.0, 1.5, 0.0],  # chosen is not the largest in group 0: finite
    })
    assert choice.separated(rows, ("never", "always", "mixed", "scale")) == ("never", "always")
    assert choice.separated(rows, ()) == ()


def test_a_separated_marker_is_left_out_of_its_types_fit_and_reported_as_not_estimable():
    from bot_core import datasets
    last = int(datasets.load("cow_igo_ndy").year.max()) + 1
    out = choice.by_obligation(("neutral",), choice.MODELS["threat"][0] + ("igo_missing", "arab_league"), last=last)
    row = out.loc["neutral"]
    # no chooser ever picked a candidate without an IGO record, nor (in neutrality pacts) a fellow League member
    assert row.igo_missing_chosen == 0 and row.arab_league_chosen == 0
    assert row.igo_missing_separated and row.arab_league_separated
    assert np.isnan([row.igo_missing, row.igo_missing_lo, row.arab_league_hi]).all()
    assert np.isfinite([row.un_distance, row.un_distance_lo, row.un_distance_hi]).all() and row.converged
