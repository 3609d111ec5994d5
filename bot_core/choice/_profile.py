"""The threat model at many fixed weightings (:func:`profile`), by Newton steps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.choice._data import MODELS, SPLITS, ChoiceData, _check_data
from bot_core.choice._estimate import _check_spec
from bot_core.choice._likelihood import _cosine, _mv, _Problem, _starts, _total, _vm
from bot_core.choice._scoring import _check_splits, _group_scores
from bot_core.criteria import CRITERIA


def _newton(x: np.ndarray, prob: _Problem, group_weight: np.ndarray, start: np.ndarray, tol: float = 1e-9,
            maxiter: int = 100) -> tuple[np.ndarray, float, bool]:
    """Maximise the composite log-likelihood of a utility linear in its parameters, ``u = x @ p``
    (the weights held fixed), by Newton's method with the exact Hessian and a halving line search.
    The log-likelihood is concave in ``p``, so the answer is the one :func:`fit` reaches, found in a
    handful of steps. Returns the parameters, the log-likelihood and whether the gradient fell below
    ``tol`` (per unit of group weight)."""
    g, y, total = prob.g, prob.y, float(group_weight.sum())
    c = np.flatnonzero(y)
    p = start.copy()

    def value(q):
        with np.errstate(divide="ignore"):  # a trial step may send a chosen row's probability to 0: -inf, refused
            _, _, logp, omega = prob.terms(_mv(x, q), group_weight)
        return _total(omega * logp)

    ll, converged = value(p), False
    for _ in range(maxiter):
        eu, denom, _, omega = prob.terms(_mv(x, p), group_weight)
        h = np.bincount(g, weights=np.where(y, omega / denom, 0.0), minlength=prob.n_groups)
        du = np.where(y, omega * (1 - eu / denom), -eu * h[g])
        grad = _vm(du, x)
        if np.abs(grad).max() / total < tol:
            converged = True
            break
        # minus the Hessian: sum over terms of omega * (the choice set's covariance of x)
        ex = np.where(y, 0.0, eu)[:, None] * x  # unchosen rows: exp(u) x
        info = x.T @ (ex * h[g][:, None])
        info += x[c].T @ (x[c] * (omega[c] * eu[c] / denom[c])[:, None])
        v = np.add.reduceat(ex, prob.starts, axis=0)  # per group: the sum over its unchosen rows
        mean = (eu[c, None] * x[c] + v[g[c]]) / denom[c, None]
        info -= mean.T @ (mean * omega[c][:, None])
        step = np.linalg.lstsq(info + 1e-12 * np.eye(len(p)) * np.trace(info), grad, rcond=None)[0]
        t = 1.0
        while t > 1e-10:
            new = value(p + t * step)
            if new >= ll - 1e-12 * abs(ll):
                break
            t /= 2
        p, ll = p + t * step, new
    return p, ll, converged


def profile(data: ChoiceData, weights, covariates=MODELS["threat"][0], splits=SPLITS) -> pd.DataFrame:
    """The threat model at each of many fixed weightings: every other coefficient re-estimated there.

    At fixed weights the utility is linear in the coefficients, so each fit is the one :func:`fit`
    with ``weights=`` gives (``tests/choice/test_choice.py`` checks it), found by Newton's method from the
    previous weighting's estimate: a few steps each, so that a grid of hundreds of weightings takes
    minutes rather than hours. For each split of ``splits`` the model is also fitted on the fitting
    years and scored on the scoring years (the log loss of :func:`score`).

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data`.
    weights : array of shape (k, 4)
        The weightings, one per row in the order of :data:`~bot_core.criteria.CRITERIA` (each row
        normalised to sum to 1; at least one positive weight a row).
    covariates : sequence of str
        The controls (default: the ``"threat"`` model's, :data:`MODELS`).
    splits : sequence of (name, (first, last), (first, last))
        Out-of-sample splits, as :data:`SPLITS` (the default); an empty tuple for none.

    Returns
    -------
    pandas.DataFrame
        One row per weighting: ``w_power`` ... ``w_intent`` (normalised), ``loglik`` (in sample,
        every year of ``data``), ``log_loss`` (in sample: minus ``loglik`` per unit of group
        weight), ``beta_shared`` (in sample), ``converged`` (every fit of the row), and per split
        ``log_loss <split name>`` (out of sample).
    """
    data = _check_data(data)
    covariates, _ = _check_spec(data, covariates, True)
    w = np.asarray(_args.numeric(weights, "weights"), dtype="float64")
    if w.ndim != 2 or w.shape[1] != len(CRITERIA) or not len(w) or (w < 0).any() or not (w.sum(axis=1) > 0).all():
        raise _args.ArgumentError(f"weights must be an array of weightings, one row of {len(CRITERIA)} non-negative "
                                  f"numbers (not all zero) per weighting, in the order {', '.join(CRITERIA)}; got "
                                  f"shape {w.shape}.")
    w = np.array([_args.weights(row, CRITERIA) for row in w])
    splits = _check_splits(splits) if len(splits) else []
    samples = [("", data, None)] + [(name, data.subset(years=fit_years), data.subset(years=score_years))
                                    for name, fit_years, score_years in splits]
    out = pd.DataFrame(w, columns=[f"w_{c}" for c in CRITERIA])
    ok = np.ones(len(w), dtype=bool)
    for name, train, test in samples:
        prob = _Problem(train, covariates, True, w[0])
        p = np.zeros(prob.n_params)
        lls, betas, losses = [], [], []
        if test is not None:
            tr = test.rows
            t_x = tr[list(CRITERIA)].to_numpy("float64")
            t_z = tr[list(prob.names)].to_numpy("float64")[:, prob.free]
            t_sh = test.shared.reshape(len(tr), 3, 16)
            t_gw = tr.weight.to_numpy()[_starts(tr.group.to_numpy())]
        for i, wi in enumerate(w):
            x = np.column_stack([prob._shared(wi)[0] / prob.q_scale, prob.t, prob.z])
            p, ll, conv = _newton(x, prob, prob.gw, p)
            ok[i] &= conv
            lls.append(ll)
            betas.append(p[0] / prob.q_scale)
            if test is not None:
                u = (p[0] / prob.q_scale) * _cosine(t_sh[:, 0], t_sh[:, 1], t_sh[:, 2], wi)[0] \
                    + _mv(t_x, p[1:1 + len(CRITERIA)] / prob.x_scale) + _mv(t_z, p[1 + len(CRITERIA):] / prob.z_scale)
                loss, _, _ = _group_scores(u, test)
                losses.append(_total(t_gw * loss) / _total(t_gw))
        if test is None:
            out["loglik"] = lls
            out["log_loss"] = -np.array(lls) / float(prob.gw.sum())
            out["beta_shared"] = betas
        else:
            out[f"log_loss {name}"] = losses
    out.insert(len(CRITERIA) + 3, "converged", ok)
    return out
