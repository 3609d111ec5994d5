"""bot_core.choice.PartnerChoice and ChoiceResults: statsmodels' shape on the partner-choice model.

The results object is the existing machinery to the last digit (choice.fit, choice.sandwich,
choice.bootstrap), its standard errors and intervals are statsmodels' ConditionalLogit ones when the
weights are fixed, and a fit is the same bits in two fresh processes run differently."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bot_core import BotCoreError, _args, choice
from bot_core.criteria import CRITERIA
from .test_choice import COV, TRUE_W, simulate

ROOT = Path(__file__).resolve().parents[2]
COEFS = ["beta_shared", *[f"beta_own_{c}" for c in CRITERIA], *COV]
WEIGHTS = [f"w_{c}" for c in CRITERIA]


@pytest.fixture(scope="module")
def small():
    return simulate(n_groups=200, n_cand=15, chosen=1, seed=5)


@pytest.fixture(scope="module")
def clustered(small):
    return choice.PartnerChoice(small, covariates=COV).fit(cov_type="cluster")


# --- statsmodels, for fixed weights --------------------------------------------------------------------


def _statsmodels(data, w):
    from statsmodels.discrete.conditional_models import ConditionalLogit

    r = data.rows
    exog = np.column_stack([choice.shared_threat(data, w), r[list(CRITERIA)].to_numpy(), r[list(COV)].to_numpy()])
    model = ConditionalLogit(r.chosen.to_numpy(), exog, groups=r.group.to_numpy())
    return model.fit(method="newton", maxiter=100, tol=1e-12, disp=False), exog


def test_nonrobust_bse_and_conf_int_are_statsmodels_conditional_logit(small):
    """One chosen partner per group and unit weights: the model is statsmodels' ConditionalLogit, and
    with ``cov_type="nonrobust"`` so are the standard errors and the intervals."""
    res = choice.PartnerChoice(small, covariates=COV, weights=TRUE_W).fit(cov_type="nonrobust")
    sm, _ = _statsmodels(small, TRUE_W)
    np.testing.assert_allclose(res.params[COEFS], sm.params, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(res.bse[COEFS], sm.bse, rtol=1e-4)
    np.testing.assert_allclose(res.conf_int(0.05).loc[COEFS], sm.conf_int(alpha=0.05), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(res.conf_int(0.2).loc[COEFS], sm.conf_int(alpha=0.2), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(res.pvalues[COEFS], sm.pvalues, rtol=1e-3, atol=1e-12)
    assert res.llf == pytest.approx(sm.llf, abs=1e-7)
    # the weights were held fixed: not estimated, no spread, the interval is the value
    assert (res.bse[WEIGHTS] == 0).all() and res.pvalues[WEIGHTS].isna().all()
    np.testing.assert_array_equal(res.conf_int().loc[WEIGHTS, "lower"], res.params[WEIGHTS])


def test_cluster_bse_and_conf_int_are_the_textbook_clustered_errors(small):
    """With fixed weights the clustered covariance is statsmodels' Hessian around the treaty sums of
    each group's score (statsmodels' ConditionalLogit has no cluster option, so the meat is built
    here): ``bse`` and ``conf_int`` follow."""
    res = choice.PartnerChoice(small, covariates=COV, weights=TRUE_W).fit(cov_type="cluster")
    sm, exog = _statsmodels(small, TRUE_W)
    r = small.rows
    x = exog @ sm.params
    g = r.group.to_numpy()
    e = np.exp(x - pd.Series(x).groupby(g).transform("max").to_numpy())
    prob = e / pd.Series(e).groupby(g).transform("sum").to_numpy()
    _, c = np.unique(r.atopid.to_numpy(), return_inverse=True)
    by = np.zeros((c.max() + 1, exog.shape[1]))
    np.add.at(by, c, (r.chosen.to_numpy() - prob)[:, None] * exog)
    bread = np.linalg.inv(-sm.model.hessian(sm.params))
    n_c = c.max() + 1
    se = np.sqrt(np.diag(bread @ (by.T @ by * n_c / (n_c - 1)) @ bread))
    np.testing.assert_allclose(res.bse[COEFS], se, rtol=1e-3)
    z = 1.959963984540054
    ci = res.conf_int(0.05).loc[COEFS]
    np.testing.assert_allclose(ci.lower, sm.params - z * se, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(ci.upper, sm.params + z * se, rtol=1e-3, atol=1e-4)
    assert res.n_clusters == n_c
    np.testing.assert_allclose(np.diag(res.cov_params().loc[COEFS, COEFS]), se ** 2, rtol=2e-3)


# --- the same numbers as the functions ------------------------------------------------------------------


def test_cluster_results_are_choice_sandwich_to_the_last_digit(small, clustered):
    sw = choice.sandwich(small, covariates=COV, level=0.95)
    pd.testing.assert_series_equal(clustered.params, sw.attrs["fit"].params)
    ci = clustered.conf_int(alpha=0.05)
    np.testing.assert_array_equal(ci.lower, sw.lo)
    np.testing.assert_array_equal(ci.upper, sw.hi)
    np.testing.assert_array_equal(clustered.bse[COEFS], sw.se[COEFS])
    np.testing.assert_array_equal(clustered.at_bound, sw.at_bound)
    sw90 = choice.sandwich(small, covariates=COV, level=0.9)
    np.testing.assert_allclose(clustered.conf_int(0.1).lower, sw90.lo, rtol=1e-14)
    assert clustered.llf == choice.fit(small, covariates=COV).loglik
    # the weights: on the simplex, intervals inside 0-1 around the estimate, no p-value
    w = clustered.params[WEIGHTS]
    assert w.sum() == pytest.approx(1) and clustered.pvalues[WEIGHTS].isna().all()
    # (in this sample power's weight is pressed against the simplex's edge: held there, no interval)
    edge = clustered.at_bound[WEIGHTS]
    assert edge.sum() == 1 and w[edge].iloc[0] < choice.EDGE_WEIGHT
    assert (ci.lower[WEIGHTS][edge] == w[edge]).all() and (ci.upper[WEIGHTS][edge] == w[edge]).all()
    inner = [n for n in WEIGHTS if not edge[n]]
    assert ((ci.lower[inner] > 0) & (ci.lower[inner] < w[inner]) & (w[inner] < ci.upper[inner]) & (ci.upper[inner] < 1)).all()
    assert (clustered.bse[inner] > 0).all()
    assert "at the simplex's edge" in clustered.summary().table.note[edge.index[edge]].iloc[0]
    assert ((clustered.pvalues[COEFS] >= 0) & (clustered.pvalues[COEFS] <= 1)).all()


def test_bootstrap_results_are_choice_bootstrap_to_the_last_digit(small):
    res = choice.PartnerChoice(small, covariates=COV).fit(cov_type="bootstrap", n=6, seed=4)
    boot = choice.bootstrap(small, covariates=COV, n=6, seed=4)
    pd.testing.assert_frame_equal(res.bootstrap.draws, boot.draws)
    ci = res.conf_int(alpha=0.05)
    np.testing.assert_array_equal(ci.lower, boot.intervals.lo)
    np.testing.assert_array_equal(ci.upper, boot.intervals.hi)
    np.testing.assert_allclose(res.bse, boot.draws[res.params.index].std(ddof=1), rtol=1e-12)
    assert "bootstrap (6 draws)" in str(res.summary())


def test_nobs_summary_and_repr(small, clustered):
    n = clustered.nobs
    assert n.groups == 200 and n.treaties == 100 and n.events == 200 and n.chosen == 200
    s = clustered.summary()
    text = str(s)
    for name in clustered.params.index:
        assert name in text
    assert "Choice groups" in text and "cluster (100 treaties)" in text and "weight (simplex)" in text
    assert list(s.table.columns) == ["coef", "std err", "z", "P>|z|", "[0.025", "0.975]", "note"]
    np.testing.assert_array_equal(s.table["std err"], clustered.bse)
    assert s._repr_html_().count("<table") == 2
    two = str(clustered.summary(digits=2))
    assert f"{clustered.params['beta_shared']:.2f}" in two and f"{clustered.params['beta_shared']:.4f}" not in two
    with pytest.raises(BotCoreError, match="digits"):
        clustered.summary(digits=-1)
    assert "PartnerChoice(200 choice groups" in repr(clustered.model)


def test_predict_gives_choice_probabilities_per_alternative(small, clustered):
    p = clustered.predict()
    assert p.index.equals(small.rows.index)
    np.testing.assert_allclose(p.groupby(small.rows.group).sum(), 1.0, rtol=1e-12)
    # "chosen": the probabilities choice.predictions and choice.score use
    _, _, among = choice._group_scores(clustered.fitted.utility(small), small)
    np.testing.assert_allclose(clustered.predict(which="chosen"), among, rtol=1e-13)
    sub = small.subset(groups=[3, 4])
    np.testing.assert_allclose(clustered.predict(sub), p[small.rows.group.isin([3, 4])].to_numpy(), rtol=1e-13)


@pytest.mark.parametrize("call, match", [
    (lambda d: choice.PartnerChoice(pd.DataFrame()), r"data must be ChoiceData"),
    (lambda d: choice.PartnerChoice(d, covariates=("distance",)), r"covariates: unknown covariates"),
    (lambda d: choice.PartnerChoice(d, covariates=(), threat=False), r"needs the threat terms"),
    (lambda d: choice.PartnerChoice(d, covariates=COV, weights=[1, 2]), r"weights: give four weights"),
    (lambda d: choice.PartnerChoice(d, covariates=COV, threat="yes"), r"threat must be True or False"),
    (lambda d: choice.PartnerChoice(d, covariates=COV).fit(cov_type="robust"), r"cov_type must be one of cluster, "),
    (lambda d: choice.PartnerChoice(d, covariates=COV).fit(cov_type="bootstrap", n=0), r"n must be a whole number"),
    (lambda d: choice.PartnerChoice(d, covariates=COV).fit(start="warm"), r"start must be a ChoiceFit"),
])
def test_bad_input_to_the_model_is_refused_clearly(small, call, match):
    with pytest.raises(BotCoreError, match=match) as err:
        call(small)
    assert isinstance(err.value, _args.ArgumentError)


def test_bad_input_to_the_results_is_refused_clearly(small, clustered):
    with pytest.raises(BotCoreError, match=r"alpha must be"):
        clustered.conf_int(alpha=1.5)
    with pytest.raises(BotCoreError, match=r"which must be one of probability, chosen"):
        clustered.predict(which="odds")
    with pytest.raises(BotCoreError, match=r"data lacks the model's covariates"):
        clustered.predict(dataclasses.replace(small, rows=small.rows.drop(columns=["same_region"])))
    with pytest.raises(BotCoreError, match=r"data must be ChoiceData"):
        clustered.predict(small.rows)


# --- the same bits in fresh processes --------------------------------------------------------------------

_FIT_SCRIPT = """
import json, sys
import numpy as np
sys.path.insert(0, {root!r})
from tests.choice.test_choice import COV, simulate
from bot_core import choice
data = simulate(n_groups=500, n_cand=40, chosen=2, seed=3)  # 20,000 rows: BLAS threads long sums
if {misalign!r}:  # the shared-threat matrices in a buffer one float off the allocator's alignment
    buf = np.empty(data.shared.size + 1)[1:].reshape(data.shared.shape)
    buf[...] = data.shared
    data = choice.ChoiceData(rows=data.rows.copy(), shared=buf)
f = choice.fit(data, covariates=COV)
res = choice.PartnerChoice(data, covariates=COV).fit(cov_type="cluster")
print(json.dumps({{"params": [float(v).hex() for v in f.params], "loglik": float(f.loglik).hex(),
                  "lower": [float(v).hex() for v in res.conf_int().lower]}}))
"""


def _fit_in_fresh_process(misalign: bool, threads: str) -> dict:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
    script = _FIT_SCRIPT.format(root=str(ROOT), misalign=misalign)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_fit_is_the_same_bits_in_two_fresh_processes():
    """The likelihood's sums run in one fixed order (choice._total, choice._mv), so a fit does not hang
    on how a process runs: the same data fitted in two fresh interpreters, one with one BLAS thread
    and its arrays off the usual alignment, the other with two threads, give bitwise equal
    parameters, log-likelihood and intervals. (The likelihood written with ``np.dot``, as it was
    before, gives other last digits with one BLAS thread than with two on these 20,000 rows, and
    the optimiser carries them into the estimate.)"""
    a = _fit_in_fresh_process(False, "2")
    b = _fit_in_fresh_process(True, "1")
    assert a == b
