"""The partner-choice model in statsmodels' shape: a model object (:class:`PartnerChoice`) whose
``fit()`` returns a results object (:class:`ChoiceResults`) with ``params``, ``bse``,
``cov_params()``, ``conf_int()``, ``pvalues``, ``llf``, ``nobs``, ``summary()`` and ``predict()``.

Both are a front to the functions of :mod:`bot_core.choice`, not a second estimator: the model
holds one likelihood (the ``_Problem`` that :func:`~bot_core.choice.fit` builds), ``fit()`` runs
:func:`~bot_core.choice.fit`'s optimiser, and the uncertainty is :func:`~bot_core.choice.sandwich`'s
(``cov_type="cluster"``) or :func:`~bot_core.choice.bootstrap`'s (``"bootstrap"``) computed on it,
so that the numbers are theirs to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from bot_core import _args
from bot_core.choice._data import MODELS, ChoiceData, _check_data
from bot_core.choice._estimate import (
    Bootstrap, ChoiceFit, _bootstrap, _check_spec, _curvature_intervals, _fit,
)
from bot_core.choice._likelihood import _Problem, _starts
from bot_core.criteria import CRITERIA

#: The kinds of covariance :meth:`PartnerChoice.fit` computes.
COV_TYPES = ("cluster", "bootstrap", "nonrobust")
#: What :meth:`ChoiceResults.predict` returns.
PREDICT_WHICH = ("probability", "chosen")


class PartnerChoice:
    """The partner-choice conditional logit (see :mod:`bot_core.choice`) as a model object.

    ``PartnerChoice(data, covariates=..., threat=True, weights=None).fit(cov_type="cluster")``
    fits what :func:`~bot_core.choice.fit` fits and returns a :class:`ChoiceResults`. The
    arguments are checked here, when the model is made (statsmodels' habit; a bad covariate name is
    refused before any fitting), with :class:`~bot_core.errors.ArgumentError`.

    Parameters
    ----------
    data : ChoiceData
        From :func:`~bot_core.choice.choice_data` (or :meth:`ChoiceData.subset`).
    covariates : sequence of str
        Columns of ``data.rows`` among :data:`~bot_core.choice.COVARIATES` (default: the
        ``"threat"`` model's controls in :data:`~bot_core.choice.MODELS`).
    threat : bool
        Whether the utility has the shared threat ``beta_shared * S_ij(w)`` and the partner's
        threat criteria.
    weights : mapping or sequence of four numbers, optional
        Hold the threat weights fixed (normalised to sum to 1); by default they are estimated.

    Attributes
    ----------
    data, covariates, threat, weights
        As given (checked; ``weights`` normalised, or ``None``).
    param_names : list of str
        The names of ``params``, in order.

    Examples
    --------
    >>> model = PartnerChoice(data, covariates=("log_distance", "same_region"))  # doctest: +SKIP
    >>> res = model.fit(cov_type="cluster")                                       # doctest: +SKIP
    >>> res.conf_int(alpha=0.05)                                                  # doctest: +SKIP
    """

    def __init__(self, data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None):
        self.data = _check_data(data)
        self.covariates, self.threat = _check_spec(data, covariates, threat)
        self.weights = _args.weights(weights, CRITERIA) if weights is not None else None
        self._problem = _Problem(self.data, self.covariates, self.threat, self.weights)

    @property
    def param_names(self) -> list[str]:
        return list(self._problem.natural(np.zeros(self._problem.n_params)).index)

    def __repr__(self) -> str:
        w = "estimated" if self.weights is None else f"fixed at {np.round(self.weights, 3).tolist()}"
        return (f"PartnerChoice({self._problem.n_groups} choice groups, covariates={list(self.covariates)}, "
                f"threat={self.threat}, weights {w if self.threat else 'not in the model'})")

    def fit(self, cov_type: str = "cluster", n: int = 200, seed: int = 0, start: ChoiceFit | None = None) -> ChoiceResults:
        """Fit the model; the estimate is :func:`~bot_core.choice.fit`'s.

        Parameters
        ----------
        cov_type : str
            The covariance (:data:`COV_TYPES`): ``"cluster"`` (default), the sandwich clustered by
            ATOP treaty of :func:`~bot_core.choice.sandwich`; ``"bootstrap"``, the block bootstrap
            by treaty of :func:`~bot_core.choice.bootstrap` (``n`` replicates, ``seed``; the
            :class:`~bot_core.choice.Bootstrap` is kept in ``results.bootstrap``, its ``intervals``
            at 95%, and :meth:`ChoiceResults.conf_int` reads any level from its draws);
            ``"nonrobust"``, the inverse Hessian of minus the weighted log-likelihood (right only
            if every group is an independent choice: what statsmodels' ``ConditionalLogit``
            reports).
        n, seed : int
            The bootstrap's replicates and seed (ignored otherwise).
        start : ChoiceFit, optional
            A fit of the same specification to start from.

        Returns
        -------
        ChoiceResults
        """
        if not isinstance(cov_type, str) or cov_type not in COV_TYPES:
            raise _args.ArgumentError(f"cov_type must be one of {', '.join(COV_TYPES)}, not {_args._show(cov_type)}.")
        if start is not None and not isinstance(start, ChoiceFit):
            raise _args.ArgumentError(f"start must be a ChoiceFit or None, not {type(start).__name__}.")
        n, seed = _args.whole(n, "n", 1, 100_000), _args.whole(seed, "seed", 0)
        prob, data = self._problem, self.data
        est = _fit(prob, data, prob.gw, None if start is None else start._raw)
        if cov_type == "bootstrap":
            boot = _bootstrap(prob, data, est, n, seed, 0.95)
            draws = boot.draws[list(est.params.index)]
            return ChoiceResults(model=self, fitted=est, cov_type=cov_type, _cov=draws.cov(ddof=1),
                                 at_bound=pd.Series(False, index=est.params.index), bootstrap=boot)
        frame, cov = _curvature_intervals(prob, data, est, 0.95, cov_type)
        return ChoiceResults(model=self, fitted=est, cov_type=cov_type, _cov=cov, at_bound=frame.at_bound.copy(),
                             n_clusters=frame.attrs["n_clusters"], _curvature=frame)


@dataclass(frozen=True)
class ChoiceResults:
    """A fitted :class:`PartnerChoice`, as statsmodels' results objects are.

    Which parameters are on a boundary, and what the intervals do there
        The four threat weights ``w_power`` ... ``w_intent`` lie on the simplex (each 0 to 1, summing
        to 1), so a normal interval ``params +- z * bse`` could leave 0-1, and a test of ``w = 0``
        is a test on the boundary, where the normal reference does not hold. So, as
        :func:`~bot_core.choice.sandwich` and :class:`~bot_core.choice.Bootstrap` do:
        with ``"cluster"`` and ``"nonrobust"`` a weight's interval is symmetric on its log-odds and
        transformed back (inside 0-1, not centred on the estimate); a weight pressed against the
        simplex's edge (below :data:`~bot_core.choice.EDGE_WEIGHT`, ``at_bound`` True) gets its
        estimate as both ends, no interval; with ``"bootstrap"`` every interval is the percentile
        interval of the draws. ``bse`` and ``cov_params()`` of a weight are on the weight's own
        scale (the delta method, or the draws' spread) and ``pvalues`` and ``tvalues`` of a weight
        are ``NaN``. Weights held fixed (``weights=`` given) are not estimated: ``bse`` 0, interval
        the value itself. Every coefficient (``beta_*`` and the covariates) is unbounded: its
        interval is ``params +- z * bse`` (``"cluster"``, ``"nonrobust"``) and its p-value the
        two-sided normal one of ``params / bse`` (with the bootstrap's ``bse`` for ``"bootstrap"``).

    Attributes
    ----------
    params : pandas.Series
        The estimate (``ChoiceFit.params``).
    bse : pandas.Series
        Standard errors (see above for the weights).
    tvalues, pvalues : pandas.Series
        ``params / bse`` and its two-sided normal p-value; ``NaN`` for the weights.
    llf : float
        The weighted composite log-likelihood at the estimate.
    nobs : pandas.Series
        What the fit saw: ``groups`` (choice groups), ``events``, ``treaties`` and ``chosen``
        (chosen partners).
    at_bound : pandas.Series
        Per parameter, whether it is a weight held at the simplex's edge.
    converged : bool
        The optimiser's report (more in ``fitted``).
    cov_type : str
        ``"cluster"``, ``"bootstrap"`` or ``"nonrobust"``.
    model : PartnerChoice
        The model fitted.
    fitted : ChoiceFit
        The fit itself, for :func:`~bot_core.choice.score`, :func:`~bot_core.choice.predictions`.
    bootstrap : Bootstrap or None
        The draws (``cov_type="bootstrap"`` only).
    n_clusters : int or None
        The number of treaties (``"cluster"`` only).
    """

    model: PartnerChoice
    fitted: ChoiceFit
    cov_type: str
    _cov: pd.DataFrame = field(repr=False)
    at_bound: pd.Series = field(repr=False)
    bootstrap: Bootstrap | None = field(default=None, repr=False)
    n_clusters: int | None = None
    _curvature: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def params(self) -> pd.Series:
        return self.fitted.params.copy()

    @property
    def _is_weight(self) -> np.ndarray:
        return self.params.index.str.startswith("w_")

    def cov_params(self) -> pd.DataFrame:
        """The covariance of ``params`` (a frame indexed by the parameters' names both ways)."""
        return self._cov.copy()

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.maximum(np.diag(self._cov.to_numpy()), 0.0)), index=self._cov.index, name="bse")

    @property
    def tvalues(self) -> pd.Series:
        with np.errstate(divide="ignore", invalid="ignore"):
            t = self.params / self.bse
        return t.where(~self._is_weight).rename("z")

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series(2 * stats.norm.sf(np.abs(self.tvalues)), index=self.params.index, name="pvalue")

    @property
    def llf(self) -> float:
        return self.fitted.loglik

    @property
    def nobs(self) -> pd.Series:
        f = self.fitted
        return pd.Series({"groups": f.n_groups, "events": f.n_events, "treaties": f.n_treaties, "chosen": f.n_chosen},
                         name="nobs")

    @property
    def converged(self) -> bool:
        return self.fitted.converged

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Intervals at level ``1 - alpha``: columns ``lower`` and ``upper`` (statsmodels names them 0
        and 1), one row per parameter (the class docstring says what happens to the weights)."""
        alpha = _args.number(alpha, "alpha", 0, 1, lo_open=True, hi_open=True)
        est = self.params
        if self.cov_type == "bootstrap":
            d = self.bootstrap.draws[list(est.index)]
            tail = (1 - (1 - alpha)) / 2  # written as choice.bootstrap does, from its level
            return pd.DataFrame({"lower": d.quantile(tail), "upper": d.quantile(1 - tail)})
        # the weights: symmetric on the log-odds, as choice.sandwich; the coefficients: symmetric
        is_w = self._is_weight
        z = stats.norm.ppf(0.5 + (1 - alpha) / 2)
        centre, se = est.to_numpy(), self.bse.to_numpy()
        logit_w = self.model.threat and self.model.weights is None
        if logit_w:
            centre = np.where(is_w, _logit(centre), centre)
            se = np.where(is_w, self._curvature.se.to_numpy(), se)
        lo, hi = centre - z * se, centre + z * se
        if logit_w:
            lo, hi = np.where(is_w, _expit(lo), lo), np.where(is_w, _expit(hi), hi)
        held = self.at_bound.to_numpy()
        lo, hi = np.where(held, est, lo), np.where(held, est, hi)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=est.index)

    def predict(self, data: ChoiceData | None = None, which: str = "probability") -> pd.Series:
        """Choice probabilities per alternative (one per row of ``data.rows``, same index).

        Parameters
        ----------
        data : ChoiceData, optional
            Any choice data with the model's covariates (default: the data fitted).
        which : str
            ``"probability"`` (default): the conditional logit's probability that the chooser picks
            this candidate in one draw (sums to 1 within each group); ``"chosen"``: the chance that
            it is among the group's *k* chosen partners, ``1 - (1 - p)**k``, which
            :func:`~bot_core.choice.score` and :func:`~bot_core.choice.predictions` use.
        """
        data = self.model.data if data is None else _check_data(data)
        if not isinstance(which, str) or which not in PREDICT_WHICH:
            raise _args.ArgumentError(f"which must be one of {', '.join(PREDICT_WHICH)}, not {_args._show(which)}.")
        missing = [c for c in self.model.covariates if c not in data.rows]
        if missing:
            raise _args.ArgumentError(f"data lacks the model's covariates {missing}; build it with choice_data().")
        u = self.fitted.utility(data)
        g = data.rows.group.to_numpy()
        eu = np.exp(u - np.maximum.reduceat(u, _starts(g))[g])
        p = eu / np.bincount(g, weights=eu)[g]
        if which == "chosen":
            k = np.bincount(g, weights=data.rows.chosen.to_numpy())[g]
            p = -np.expm1(k * np.log1p(-np.minimum(p, 1 - 1e-16)))
        return pd.Series(p, index=data.rows.index, name=which)

    def summary(self, alpha: float = 0.05, digits: int = 4) -> ChoiceSummary:
        """A statsmodels-like table: a header (model, covariance, counts, log-likelihood) and one row
        per parameter (``coef``, ``std err``, ``z``, ``P>|z|``, the interval at level ``1 - alpha``,
        ``note``); printed as text and shown as HTML in a notebook with ``digits`` decimals, its parts
        (unrounded) in ``.header`` and ``.table``. A page that stores the printed table wants fewer
        digits than the optimiser's tolerance leaves exact (two, say)."""
        digits = _args.whole(digits, "digits", 0, 12)
        ci = self.conf_int(alpha)
        level = f"{1 - alpha:.3g}".rstrip("0")
        table = pd.DataFrame({"coef": self.params, "std err": self.bse, "z": self.tvalues, "P>|z|": self.pvalues,
                              f"[{alpha / 2:g}": ci.lower, f"{1 - alpha / 2:g}]": ci.upper})
        note = np.where(self.at_bound, "at the simplex's edge", np.where(self._is_weight, "weight (simplex)", ""))
        if self.model.weights is not None:
            note = np.where(self._is_weight, "held fixed", note)
        table["note"] = note
        n = self.nobs
        header = pd.Series({
            "Model": "partner choice (conditional logit, weights inside)", "Covariance": self.cov_type
            + (f" ({self.n_clusters} treaties)" if self.n_clusters else "")
            + (f" ({len(self.bootstrap.draws)} draws)" if self.bootstrap is not None else ""),
            "Choice groups": int(n.groups), "Events": int(n.events), "Treaties": int(n.treaties),
            "Chosen partners": int(n.chosen), "Log-likelihood": f"{self.llf:.{digits}f}", "Converged": self.converged,
            "Interval level": level,
        }, dtype=object)
        return ChoiceSummary(header=header, table=table, digits=digits)

    def __repr__(self) -> str:
        return f"<ChoiceResults: {self.cov_type}, {self.fitted.n_groups} groups, llf {self.llf:.4f}>"


def _logit(v):
    return np.log(np.clip(v, 1e-300, None)) - np.log(np.clip(1 - v, 1e-300, None))


def _expit(v):
    return 1 / (1 + np.exp(-v))


@dataclass(frozen=True)
class ChoiceSummary:
    """The summary of a :class:`ChoiceResults`: ``header`` (a Series) and ``table`` (a frame, one row
    per parameter); ``str()`` gives the text table and a notebook shows ``_repr_html_``, both with
    ``digits`` decimals."""

    header: pd.Series
    table: pd.DataFrame
    digits: int = 4

    def _text_table(self) -> str:
        cols = [c for c in self.table.columns if c != "note"]
        t = self.table[cols].map(lambda v: "" if pd.isna(v) else f"{v:.{self.digits}f}")
        t["note"] = self.table.note
        return t.to_string()

    def __str__(self) -> str:
        head = "\n".join(f"{k + ':':<18}{v}" for k, v in self.header.items())
        body = self._text_table()
        rule = "=" * max(len(line) for line in body.splitlines())
        return f"{rule}\n{head}\n{rule}\n{body}\n{rule}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head = self.header.to_frame("").to_html(header=False)
        return head + self.table.to_html(float_format=lambda v: f"{v:.{self.digits}f}", na_rep="")
