"""The Lai-Reiter replication (bot_core.lai_reiter): the dyad-year design and the clustered logit."""

import numpy as np
import pandas as pd
import pytest

from bot_core import _args, alliances, lai_reiter as lr

TERMS = list(lr.COVARIATES)


# --- the estimator, on simulated data with known coefficients -----------------------------------


def _simulated(n_dyads=3000, years=12, seed=1, beta=None):
    """Dyad-years with a dyad effect shared by a pair's years (so clustering matters) and an outcome
    drawn from a logit with known coefficients."""
    rng = np.random.default_rng(seed)
    beta = beta or {"x_pos": 0.8, "x_neg": -0.6, "x_null": 0.0}
    dyad = np.repeat(np.arange(n_dyads), years)
    u = rng.normal(0, 0.3, n_dyads)[dyad]
    x = {k: rng.normal(0, 1, len(dyad)) for k in beta}
    eta = -2.5 + sum(beta[k] * x[k] for k in beta) + u
    y = (rng.random(len(dyad)) < 1 / (1 + np.exp(-eta))).astype("int8")
    era = np.where(np.arange(len(dyad)) % years < years // 2, "early", "late")
    return pd.DataFrame({"new_alliance": y, "era": era, "dyad": dyad, **x}), beta


def test_recovers_known_coefficients_within_intervals():
    frame, beta = _simulated()
    est = lr.estimate(frame, covariates=list(beta))
    assert list(dict.fromkeys(est.era)) == ["early", "late"]
    for era in ("early", "late"):
        e = est[est.era == era].set_index("term")
        assert list(e.index) == ["const", *beta]
        for k, b in beta.items():
            # the truth lies inside the interval (the dyad effect attenuates slopes only slightly)
            assert e.loc[k, "lo"] - 0.1 <= b <= e.loc[k, "hi"] + 0.1, (era, k, e.loc[k].to_dict())
        assert e.loc["x_pos", "lo"] > 0 and e.loc["x_neg", "hi"] < 0
        assert e.loc["x_null", "lo"] < 0 < e.loc["x_null", "hi"]
        assert np.allclose(e.odds_ratio, np.exp(e.coef))
        assert (e.lo < e.coef).all() and (e.coef < e.hi).all()
    fits = est.attrs["fits"]
    assert fits["early"]["n"] + fits["late"]["n"] == len(frame)
    assert fits["late"]["dyads"] == frame.dyad.nunique() and all(f["converged"] for f in fits.values())


def test_clustered_errors_are_wider_than_naive_when_dyads_repeat():
    import statsmodels.api as sm

    frame, beta = _simulated(n_dyads=800, years=30, seed=3)
    # a covariate that is constant within a dyad: clustering must widen its interval
    rng = np.random.default_rng(4)
    frame["x_dyad"] = rng.normal(0, 1, frame.dyad.max() + 1)[frame.dyad]
    sub = frame[frame.era == "late"]
    est = lr.estimate(frame, covariates=["x_dyad", *beta], eras=["late"]).set_index("term")
    naive = sm.Logit(sub.new_alliance.to_numpy(float), sm.add_constant(sub[["x_dyad", *beta]].to_numpy(float))).fit(disp=0)
    assert est.loc["x_dyad", "se"] > np.asarray(naive.bse)[1]
    assert np.isclose(est.loc["x_pos", "coef"], np.asarray(naive.params)[2])  # same point estimates


def test_contrast_is_the_difference_of_the_regime_terms():
    rng = np.random.default_rng(7)
    n = 20000
    regime = rng.integers(0, 3, n)
    frame = pd.DataFrame({"joint_democracy": (regime == 1).astype(float), "joint_autocracy": (regime == 2).astype(float),
                          "dyad": np.arange(n) // 4, "era": "all"})
    eta = -2 + 0.7 * frame.joint_democracy - 0.4 * frame.joint_autocracy
    frame["new_alliance"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    est = lr.estimate(frame, covariates=["joint_democracy", "joint_autocracy"]).set_index("term")
    assert est.index[-1] == lr.CONTRAST
    assert np.isclose(est.loc[lr.CONTRAST, "coef"], est.loc["joint_democracy", "coef"] - est.loc["joint_autocracy", "coef"])
    assert est.loc[lr.CONTRAST, "lo"] < 1.1 < est.loc[lr.CONTRAST, "hi"]


def test_bad_input_is_refused():
    frame, beta = _simulated(n_dyads=200, years=4)
    cov = list(beta)
    with pytest.raises(_args.ArgumentError, match="lacks the columns .dyad."):
        lr.estimate(frame.drop(columns="dyad"), covariates=cov)
    bad = frame.copy()
    bad.loc[0, "new_alliance"] = 2
    with pytest.raises(lr.LaiReiterError, match="0 or 1"):
        lr.estimate(bad, covariates=cov)
    bad = frame.copy()
    bad.loc[0, "x_pos"] = np.nan
    with pytest.raises(lr.LaiReiterError, match="missing values"):
        lr.estimate(bad, covariates=cov)
    with pytest.raises(lr.LaiReiterError, match="does not vary"):
        lr.estimate(frame.assign(new_alliance=0), covariates=cov)
    with pytest.raises(lr.LaiReiterError, match="do not vary"):
        lr.estimate(frame.assign(x_pos=1.0), covariates=cov)
    with pytest.raises(lr.LaiReiterError, match="not in the frame"):
        lr.estimate(frame, covariates=cov, eras=["medieval"])
    with pytest.raises(lr.LaiReiterError, match="level"):
        lr.estimate(frame, covariates=cov, level=95)
    with pytest.raises(lr.LaiReiterError, match="distinct"):
        lr.estimate(frame, covariates=["x_pos", "x_pos"])
    with pytest.raises(lr.LaiReiterError, match="after last"):
        lr.dyad_years(1950, 1940)
    with pytest.raises(_args.ArgumentError):
        lr.dyad_years(1816, 1820)  # covariates are read the year before: 1815 is outside the system
    with pytest.raises(lr.LaiReiterError, match="obligations"):
        lr.dyad_years(1950, 1951, obligations=("friendship",))


def test_shared_cosine_matches_the_definition():
    rng = np.random.default_rng(0)
    n = 9
    tm = rng.random((n, n)) * (rng.random((n, n)) < 0.7)
    np.fill_diagonal(tm, 0.0)
    tm[3] = 0.0  # a state that fears nobody shares nothing
    s = lr._shared_cosine(tm)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            k = [c for c in range(n) if c not in (i, j)]
            a, b = tm[i, k], tm[j, k]
            want = 0.0 if (a @ a == 0 or b @ b == 0) else a @ b / np.sqrt((a @ a) * (b @ b))
            assert np.isclose(s[i, j], want), (i, j)
    assert np.allclose(s, s.T) and (s >= 0).all() and (s <= 1).all() and (s[3] == 0).all()


# --- the data ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postwar():
    return lr.dyad_years(1947, 1960)


def test_known_alliances_are_new_in_their_year(postwar):
    d = postwar.set_index(["ccode1", "ccode2", "year"])
    # NATO, signed 4 April 1949: the United States and Canada (ATOP 3180); the Baghdad Pact's first
    # signatories, Turkey and Iraq, in 1955 (ATOP 3275)
    assert d.loc[(2, 20, 1949), "new_alliance"] == 1
    assert d.loc[(640, 645, 1955), "new_alliance"] == 1
    # a treaty already shared the year before is not new: the pair's 1950 row
    t = alliances.dyad_years()
    shared49 = set(t[(t.ccode1 == 2) & (t.ccode2 == 20) & (t.year == 1949)].atopids.iloc[0])
    shared50 = set(t[(t.ccode1 == 2) & (t.ccode2 == 20) & (t.year == 1950)].atopids.iloc[0])
    assert d.loc[(2, 20, 1950), "new_alliance"] == int(bool(shared50 - shared49))


def test_frame_follows_its_rules(postwar):
    f = postwar
    assert list(f.columns) == ["ccode1", "ccode2", "year", "t", "new_alliance", "era", "dyad", *TERMS]
    assert (f.ccode1 < f.ccode2).all() and (f.year == f.t + 1).all()
    assert f.year.min() == 1947 and f.year.max() == 1960 and set(f.era) == {"from 1946"}
    assert not f[TERMS].isna().any().any()
    assert f.shared_threat.between(0, 1).all() and (f.log_power_ratio >= 0).all()
    assert not (f.joint_democracy.astype(bool) & f.joint_autocracy.astype(bool)).any()
    assert not ((f.joint_democracy + f.joint_autocracy).astype(bool) & f.regime_missing.astype(bool)).any()
    assert not (f.land_contiguity.astype(bool) & f.sea_contiguity.astype(bool)).any()
    us_canada = f.set_index(["ccode1", "ccode2", "year"]).loc[(2, 20, 1950)]
    # two democracies, neighbours, and allied (NATO) in 1949
    assert us_canada.joint_democracy == 1 and us_canada.land_contiguity == 1 and us_canada.allied == 1
    assert f.duplicated(["ccode1", "ccode2", "year"]).sum() == 0


# --- the figure -------------------------------------------------------------------------------


def test_coefficient_figure_carries_every_number_and_both_controls():
    import json

    from bot_core import charts
    from bot_core.charts.replications import REPLICATION_PARAMS

    frame, beta = _simulated(n_dyads=400, years=6)
    est = lr.estimate(frame, covariates=list(beta))
    terms = {"x_pos": "positive", "x_neg": "negative"}
    spec = charts.coefficient_intervals(est, terms, decimals=2, description="alt text").to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == set(REPLICATION_PARAMS.values())
    assert params[REPLICATION_PARAMS["era"]]["bind"]["options"] == ["both", "early", "late"]
    assert params[REPLICATION_PARAMS["scale"]]["bind"]["options"] == ["coef", "odds"]
    values = next(v for v in spec["datasets"].values() if isinstance(v, list) and v and "term" in v[0])
    assert len(values) == 2 * len(terms) and {v["label"] for v in values} == set(terms.values())
    assert all(round(v["coef"], 2) == v["coef"] for v in values)
    assert spec["description"] == "alt text" and "exp(datum.coef)" in json.dumps(spec)
    with pytest.raises(ValueError, match="not in estimates"):
        charts.coefficient_intervals(est, {"astrology": "stars"})
    with pytest.raises(ValueError, match="non-empty"):
        charts.coefficient_intervals(est, {})
    bad = est.copy()
    bad.loc[1, "lo"] = np.nan
    with pytest.raises(ValueError, match="missing numbers"):
        charts.coefficient_intervals(bad, terms)


def test_time_since_counts_from_the_last_new_alliance():
    f = pd.DataFrame({"dyad": [7] * 6 + [9] * 3, "year": [1900, 1901, 1902, 1903, 1904, 1905, 1950, 1951, 1952],
                      "new_alliance": [0, 1, 0, 0, 1, 0, 0, 0, 1]})
    shuffled = f.sample(frac=1, random_state=0)
    out = lr.add_time_since(shuffled)
    assert list(out.index) == list(shuffled.index)  # rows keep their order
    got = out.sort_values(["dyad", "year"]).since.to_numpy() * 10
    # pair 7: 0, 1 (allied in 1901), then 0, 1, 2 (allied in 1904), then 0; pair 9 counts from 1950
    assert np.allclose(got, [0, 1, 0, 1, 2, 0, 0, 1, 2])
    assert np.allclose(out.since2, out.since ** 2) and np.allclose(out.since3, out.since ** 3)
    with pytest.raises(lr.LaiReiterError, match="already has"):
        lr.add_time_since(out)
    with pytest.raises(_args.ArgumentError):
        lr.add_time_since(f.drop(columns="dyad"))
