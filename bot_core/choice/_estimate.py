"""Estimation: :func:`fit` (a :class:`ChoiceFit`), the block bootstrap by treaty (:func:`bootstrap`)
and the clustered sandwich (:func:`sandwich`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from bot_core import _args
from bot_core.choice._data import COVARIATES, MODELS, ChoiceData, _check_data
from bot_core.choice._likelihood import _mv, _Problem, _starts, shared_threat
from bot_core.criteria import CRITERIA


@dataclass(frozen=True)
class ChoiceFit:
    """A fitted partner-choice model (:func:`fit`).

    Attributes
    ----------
    params : pandas.Series
        ``w_power`` ... ``w_intent`` (the weights, summing to 1; fixed ones if given),
        ``beta_shared``, ``beta_own_power`` ... ``beta_own_intent`` (only with the threat terms), then one coefficient per
        covariate (0 for a covariate constant within every group, listed in ``constant``).
    loglik : float
        The weighted composite log-likelihood at the estimate.
    n_groups, n_events, n_treaties, n_chosen : int
        What the fit saw.
    converged : bool
        Whether the optimiser reports convergence; ``iterations``, ``message``, ``gradient_norm``
        (of the scaled objective) say more.
    covariates, threat, fixed_weights, constant
        The specification: covariates, whether ``S`` and ``T`` are in the utility, the weights if
        they were held fixed, and the covariates with no within-group variation.
    """

    params: pd.Series
    loglik: float
    n_groups: int
    n_events: int
    n_treaties: int
    n_chosen: int
    converged: bool
    iterations: int
    message: str
    gradient_norm: float
    covariates: tuple
    threat: bool
    fixed_weights: tuple | None
    constant: tuple
    _raw: np.ndarray = field(repr=False, default=None)

    @property
    def weights(self) -> pd.Series:
        """The four threat weights (``NaN`` for a model without threat terms)."""
        if not self.threat:
            return pd.Series(np.nan, index=list(CRITERIA))
        return pd.Series([self.params[f"w_{c}"] for c in CRITERIA], index=list(CRITERIA))

    def utility(self, data: ChoiceData) -> np.ndarray:
        """The fitted utility of every row of ``data`` (any data with the same covariates)."""
        _check_data(data)
        p = self.params
        u = _mv(data.rows[list(self.covariates)].to_numpy("float64"), p[list(self.covariates)].to_numpy())
        if self.threat:
            w = self.weights.to_numpy()
            u = u + p["beta_shared"] * shared_threat(data, w)
            own = p[[f"beta_own_{c}" for c in CRITERIA]].to_numpy()
            u = u + _mv(data.rows[list(CRITERIA)].to_numpy("float64"), own)
        return u



def _check_spec(data: ChoiceData, covariates, threat) -> tuple[tuple[str, ...], bool]:
    known = [c for c in data.rows.columns if c in COVARIATES]
    covariates = _args.names(covariates, "covariates", known, allow_empty=True, noun="covariates") \
        if covariates is not None else ()
    if not isinstance(threat, (bool, np.bool_)):
        raise _args.ArgumentError(f"threat must be True or False, not {_args._show(threat)}.")
    if not covariates and not threat:
        raise _args.ArgumentError("a model needs the threat terms (threat=True) or at least one covariate.")
    for c in covariates:  # a covariate the data do not cover (the civil wars after their data) is refused, not filled
        gap = data.rows[c].isna().to_numpy()
        if gap.any():
            years = data.rows.year[gap]
            raise _args.ArgumentError(
                f"covariate {c} is missing in {int(gap.sum()):,} rows (events of {int(years.min())}-{int(years.max())}); "
                f"its data do not cover them ({COVARIATES[c]}): choose events inside its years (choice_data's first "
                "and last, or ChoiceData.subset).")
    return covariates, bool(threat)


def fit(data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None,
        start: ChoiceFit | None = None) -> ChoiceFit:
    """Fit the partner-choice conditional logit, the threat weights inside the likelihood.

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data` (or :meth:`ChoiceData.subset`).
    covariates : sequence of str
        Columns of ``data.rows`` among :data:`COVARIATES` (default: the ``"threat"`` model's
        controls in :data:`MODELS`).
    threat : bool
        Whether the utility has the shared threat ``beta_shared * S_ij(w)`` and the partner's threat
        criteria, one coefficient each (``beta_own . x_ij``).
    weights : mapping or sequence of four numbers, optional
        Hold the threat weights fixed at these (normalised to sum to 1); by default they are
        estimated.
    start : ChoiceFit, optional
        A fit of the same specification to start from (the bootstrap's warm start).

    Returns
    -------
    ChoiceFit
        Coefficients, weights, log-likelihood, counts and convergence information.
    """
    data = _check_data(data)
    covariates, threat = _check_spec(data, covariates, threat)
    fixed = _args.weights(weights, CRITERIA) if weights is not None else None
    prob = _Problem(data, covariates, threat, fixed)
    return _fit(prob, data, prob.gw, None if start is None else start._raw)


def _fit(prob: _Problem, data: ChoiceData, group_weight: np.ndarray, start) -> ChoiceFit:
    res = prob.solve(group_weight, start)
    r = data.rows
    return ChoiceFit(
        params=prob.natural(res.x), loglik=prob.loglik(res.x, group_weight), n_groups=prob.n_groups,
        n_events=int(r.event_id.nunique()) if "event_id" in r else prob.n_groups, n_treaties=int(r.atopid.nunique()),
        n_chosen=int(prob.y.sum()), converged=bool(res.success), iterations=int(res.nit), message=str(res.message),
        gradient_norm=float(np.abs(res.jac).max()) if len(res.jac) else 0.0, covariates=tuple(prob.names),
        threat=prob.threat, fixed_weights=None if prob.fixed_w is None else tuple(prob.fixed_w),
        constant=tuple(n for n, f in zip(prob.names, prob.free) if not f), _raw=res.x,
    )


# --- the bootstrap --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bootstrap:
    """A block bootstrap by treaty (:func:`bootstrap`).

    Attributes
    ----------
    estimate : ChoiceFit
        The fit to the data.
    draws : pandas.DataFrame
        One row per replicate, one column per parameter (as ``estimate.params``), and
        ``converged``.
    intervals : pandas.DataFrame
        Per parameter: ``estimate``, ``lo``, ``hi`` (percentile interval at ``level``).
    level : float
        The intervals' coverage.
    """

    estimate: ChoiceFit
    draws: pd.DataFrame
    intervals: pd.DataFrame
    level: float


def _treaty_draws(data: ChoiceData, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(n, n_groups)`` multipliers: the number of times each group's treaty is drawn, per replicate."""
    g_treaty = data.rows.atopid.to_numpy()[_starts(data.rows.group.to_numpy())]
    treaties, idx = np.unique(g_treaty, return_inverse=True)
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(treaties), np.full(len(treaties), 1 / len(treaties)), size=n)
    return counts[:, idx].astype("float64"), g_treaty


def bootstrap(data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None, n: int = 200,
              seed: int = 0, level: float = 0.95) -> Bootstrap:
    """Percentile intervals for every parameter from a block bootstrap by ATOP treaty.

    Parameters
    ----------
    data, covariates, threat, weights
        As for :func:`fit`.
    n : int
        Number of replicates (default 200).
    seed : int
        Seed of the resampling (the same seed gives the same draws).
    level : float
        Coverage of the intervals (default 0.95).

    Returns
    -------
    Bootstrap
        The fit, the replicates' parameters and the intervals.
    """
    data = _check_data(data)
    covariates, threat = _check_spec(data, covariates, threat)
    n = _args.whole(n, "n", 1, 100_000)
    seed = _args.whole(seed, "seed", 0)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    fixed = _args.weights(weights, CRITERIA) if weights is not None else None
    prob = _Problem(data, covariates, threat, fixed)
    return _bootstrap(prob, data, _fit(prob, data, prob.gw, None), n, seed, level)


def _bootstrap(prob: _Problem, data: ChoiceData, est: ChoiceFit, n: int, seed: int, level: float) -> Bootstrap:
    """:func:`bootstrap` from a problem and its fit (each replicate re-fitted from the estimate)."""
    mult, _ = _treaty_draws(data, n, seed)
    inv = prob.inverse_hessian(est._raw, prob.gw)
    rows = []
    for b in range(n):
        res = prob.resolve(prob.gw * mult[b], est._raw, inv)
        rows.append({**prob.natural(res.x).to_dict(), "converged": bool(res.success)})
    draws = pd.DataFrame(rows)
    alpha = (1 - level) / 2
    params = est.params.index
    iv = pd.DataFrame({"estimate": est.params, "lo": draws[params].quantile(alpha), "hi": draws[params].quantile(1 - alpha)})
    return Bootstrap(estimate=est, draws=draws, intervals=iv, level=level)


#: A weight below this is at the edge of the simplex for :func:`sandwich`: held there, no interval
#: (shown as 0.00 at two decimals).
EDGE_WEIGHT = 1e-4


def sandwich(data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None,
             level: float = 0.95) -> pd.DataFrame:
    """Intervals for every parameter from the curvature of the likelihood, clustered by treaty.

    The analytic counterpart of :func:`bootstrap`, at the cost of one fit and one Hessian: the
    covariance is the sandwich ``H^-1 B H^-1`` of the weighted composite likelihood, ``H`` its
    Hessian at the estimate (central differences of the analytic gradient) and ``B`` the sum over
    ATOP treaties of the outer products of each treaty's score, times ``C / (C - 1)`` for ``C``
    treaties (White 1982; the choosers of one treaty stand or fall together, as in the block
    bootstrap). The delta method carries it to the reported scale: the coefficients' intervals are
    symmetric; each weight's is symmetric on its log-odds and transformed back, so it stays inside 0-1.
    A weight pressed against the edge of the simplex (below :data:`EDGE_WEIGHT`) is held there: its
    interval is the estimate's (``at_bound`` True), because the curvature at the edge cannot say how
    large it might be.

    Parameters
    ----------
    data, covariates, threat, weights
        As for :func:`fit`.
    level : float
        Coverage of the intervals (default 0.95).

    Returns
    -------
    pandas.DataFrame
        Per parameter (as ``fit(...).params``): ``estimate``, ``se`` (on the reported scale; for a
        weight, of its log-odds), ``lo``, ``hi`` and ``at_bound``; ``attrs["fit"]`` is the
        :class:`ChoiceFit` and ``attrs["n_clusters"]`` the number of treaties.
    """
    data = _check_data(data)
    covariates, threat = _check_spec(data, covariates, threat)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    fixed = _args.weights(weights, CRITERIA) if weights is not None else None
    prob = _Problem(data, covariates, threat, fixed)
    est = _fit(prob, data, prob.gw, None)
    out, _ = _curvature_intervals(prob, data, est, level, "cluster")
    return out


def _edge(prob: _Problem, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which optimiser parameters are free (``(n_params,)``) and which of the four weights sit at the
    simplex's edge (below :data:`EDGE_WEIGHT`).

    A weight at the edge is held there: its direction of the likelihood is flat, and the curvature
    says nothing about it. Judged by the weight, not by its log-odds: with the reference weight
    (intentions) at the edge the other three log-odds drift together, and which of them ends at the
    optimiser's bound is noise."""
    free = np.ones(prob.n_params, dtype=bool)
    w_hat = prob.weights(p)
    edge = (w_hat < EDGE_WEIGHT) if prob.n_theta else np.zeros(4, dtype=bool)
    free[:prob.n_theta] = ~edge[:prob.n_theta]
    return free, edge


def _raw_covariance(prob: _Problem, data: ChoiceData, p: np.ndarray, free: np.ndarray, cov_type: str):
    """The covariance of the optimiser's parameters: the inverse Hessian of minus the weighted
    log-likelihood (``"nonrobust"``), or the sandwich clustered by ATOP treaty (``"cluster"``).
    Returns ``(cov, number of clusters)`` (``None`` for ``"nonrobust"``)."""
    total = float(prob.gw.sum())
    hess = prob.hessian(p, prob.gw)[np.ix_(free, free)] * total  # of minus the log-likelihood
    # a pseudo-inverse: with the reference weight (intentions) at the edge, shifting the other three
    # log-odds together changes nothing, and that direction is left out
    bread = np.linalg.pinv(hess, rcond=1e-9, hermitian=True)
    cov = np.zeros((prob.n_params, prob.n_params))
    if cov_type == "nonrobust":
        cov[np.ix_(free, free)] = bread
        return cov, None
    g_treaty = data.rows.atopid.to_numpy()[prob.starts]
    _, cluster = np.unique(g_treaty, return_inverse=True)
    n_c = int(cluster.max()) + 1
    if n_c < 2:
        raise _args.ArgumentError("sandwich intervals need at least two treaties.")
    scores = prob.cluster_scores(p, prob.gw, cluster)[:, free]
    meat = scores.T @ scores * n_c / (n_c - 1)
    cov[np.ix_(free, free)] = bread @ meat @ bread
    return cov, n_c


def _reported_jacobian(prob: _Problem, p: np.ndarray, is_w: np.ndarray, logit_w: bool):
    """The reported parameters (a weight on its log-odds if ``logit_w``) at ``p``, and their
    derivatives by the optimiser's parameters (central differences): the delta method's pieces."""
    logit = lambda v: np.log(np.clip(v, 1e-300, None)) - np.log(np.clip(1 - v, 1e-300, None))  # noqa: E731

    def reported(x):
        v = prob.natural(x).to_numpy()
        return np.where(is_w, logit(v), v) if logit_w else v

    jac = np.empty((len(is_w), prob.n_params))
    for k in range(prob.n_params):
        e = np.zeros(prob.n_params)
        e[k] = 1e-6
        jac[:, k] = (reported(p + e) - reported(p - e)) / 2e-6
    return reported(p), jac


def _curvature_intervals(prob: _Problem, data: ChoiceData, est: ChoiceFit, level: float, cov_type: str):
    """:func:`sandwich`'s frame (``cov_type="cluster"``) or the same from the inverse Hessian alone
    (``"nonrobust"``), and the covariance of the reported parameters (weights on their own scale)."""
    p = est._raw
    free, edge = _edge(prob, p)
    cov, n_c = _raw_covariance(prob, data, p, free, cov_type)
    nat = prob.natural(p)
    names = list(nat.index)
    is_w = np.array([n.startswith("w_") for n in names])
    logit_w = prob.threat and prob.fixed_w is None
    centre, jac = _reported_jacobian(prob, p, is_w, logit_w)
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", jac, cov, jac), 0.0))
    zq = stats.norm.ppf(0.5 + level / 2)
    lo, hi = centre - zq * se, centre + zq * se
    if logit_w:
        lo, hi = np.where(is_w, 1 / (1 + np.exp(-lo)), lo), np.where(is_w, 1 / (1 + np.exp(-hi)), hi)
    at_bound = np.zeros(len(names), dtype=bool)
    if prob.n_theta:
        held = np.r_[~free[:prob.n_theta], edge[3]]
        at_bound[[names.index(f"w_{c}") for c, h in zip(CRITERIA, held) if h]] = True
        # a weight at the edge: its estimate, no interval
        lo, hi = np.where(at_bound, nat.to_numpy(), lo), np.where(at_bound, nat.to_numpy(), hi)
    out = pd.DataFrame({"estimate": nat.to_numpy(), "se": se, "lo": lo, "hi": hi, "at_bound": at_bound}, index=names)
    out.attrs.update(fit=est, n_clusters=n_c, level=level)
    # the reported covariance with each weight on its own scale: d w / d log-odds = w (1 - w)
    scale = np.where(is_w, nat.to_numpy() * (1 - nat.to_numpy()), 1.0) if logit_w else np.ones(len(names))
    j_nat = jac * scale[:, None]
    return out, pd.DataFrame(j_nat @ cov @ j_nat.T, index=names, columns=names)
