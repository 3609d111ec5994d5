"""Scores of fitted models: :func:`score`, :func:`pr_auc`, :func:`out_of_sample`, :func:`predictions`,
and the null that keeps geography (:func:`permute`, :func:`null_scores`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.choice._data import MODELS, SPLITS, ChoiceData, _check_data
from bot_core.choice._estimate import ChoiceFit, _treaty_draws, fit
from bot_core.choice._likelihood import _starts, _total


def pr_auc(y, scores, weights=None) -> float:
    """The area under the precision-recall curve, as average precision.

    ``AP = sum_n (R_n - R_{n-1}) P_n`` over the distinct score thresholds from the highest down
    (tied scores enter together), with precision ``P`` and recall ``R`` weighted by ``weights``:
    the definition of scikit-learn's ``average_precision_score``, written here because scikit-learn
    is not a dependency of the book.

    Parameters
    ----------
    y : array of 0/1
        The outcomes (at least one 1).
    scores : array of numbers
        Higher means more likely 1.
    weights : array of non-negative numbers, optional
        Case weights (default 1 each).

    Returns
    -------
    float
        Between 0 and 1; the share of positives for an uninformative score.
    """
    y = np.asarray(y)
    s = _args.numeric(scores, "scores").astype("float64")
    if y.ndim != 1 or s.shape != y.shape or not np.isin(y, (0, 1)).all():
        raise _args.ArgumentError("pr_auc needs y, a 1-D array of 0s and 1s, and scores of the same length.")
    if np.isnan(s).any():
        raise _args.ArgumentError("pr_auc: scores must not be NaN.")
    w = np.ones(len(y)) if weights is None else _args.numeric(weights, "weights").astype("float64")
    if w.shape != y.shape or (w < 0).any() or not np.isfinite(w).all():
        raise _args.ArgumentError("pr_auc: weights must be finite, non-negative and one per case.")
    pos = _total(w * y)
    if pos <= 0:
        raise _args.ArgumentError("pr_auc: there is no positive case (with positive weight).")
    order = np.argsort(-s, kind="stable")
    s, y, w = s[order], y[order], w[order]
    tp, fp = np.cumsum(w * y), np.cumsum(w * (1 - y))
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]  # the last index of each run of ties
    tp, fp = tp[last], fp[last]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
    recall = tp / pos
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def _group_scores(u: np.ndarray, data: ChoiceData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: log loss and Brier score; per row: the probability of being among the chosen."""
    g = data.rows.group.to_numpy()
    y = data.rows.chosen.to_numpy() == 1
    ng = int(g[-1]) + 1
    m = np.maximum.reduceat(u, _starts(g))
    eu = np.exp(u - m[g])
    tot = np.bincount(g, weights=eu, minlength=ng)
    unch = np.bincount(g, weights=np.where(y, 0.0, eu), minlength=ng)
    k = np.bincount(g, weights=y, minlength=ng)
    size = np.bincount(g, minlength=ng)
    loss = np.bincount(g, weights=np.where(y, -(np.log(eu) - np.log(eu + unch[g])), 0.0), minlength=ng) / k
    pi = eu / tot[g]
    p = -np.expm1(k[g] * np.log1p(-np.minimum(pi, 1 - 1e-16)))
    brier = np.bincount(g, weights=(p - y) ** 2, minlength=ng) / size
    return loss, brier, p


def _weighted_scores(loss, brier, p, data: ChoiceData, gw: np.ndarray) -> dict:
    g = data.rows.group.to_numpy()
    return {"log_loss": _total(gw * loss) / _total(gw), "brier": _total(gw * brier) / _total(gw),
            "pr_auc": pr_auc(data.rows.chosen.to_numpy(), p, gw[g])}


def score(fitted: ChoiceFit | None, data: ChoiceData) -> pd.Series:
    """Out-of-sample (or in-sample) scores of a fitted model on choice data.

    Parameters
    ----------
    fitted : ChoiceFit or None
        A fit from :func:`fit`; ``None`` scores the uniform model (every candidate equally likely).
    data : ChoiceData
        The groups to score (for example the later era, :meth:`ChoiceData.subset`).

    Returns
    -------
    pandas.Series
        ``log_loss`` and ``brier`` (lower is better), ``pr_auc`` (higher is better), each averaged
        with the group weights (see the module docstring), and ``n_groups``, ``n_events``,
        ``n_treaties``.
    """
    data = _check_data(data)
    if fitted is not None and not isinstance(fitted, ChoiceFit):
        raise _args.ArgumentError(f"fitted must be a ChoiceFit (from bot_core.choice.fit()) or None, not "
                                  f"{type(fitted).__name__}.")
    u = np.zeros(len(data.rows)) if fitted is None else fitted.utility(data)
    loss, brier, p = _group_scores(u, data)
    gw = data.rows.weight.to_numpy()[_starts(data.rows.group.to_numpy())]
    out = _weighted_scores(loss, brier, p, data, gw)
    out.update(n_groups=len(gw), n_events=int(data.rows.event_id.nunique()), n_treaties=int(data.rows.atopid.nunique()))
    return pd.Series(out)


def _score_draws(fitted: ChoiceFit | None, data: ChoiceData, mult: np.ndarray) -> np.ndarray:
    """``(len(mult) + 1, 3)``: log loss, Brier, PR-AUC on the data, then under each row of group
    multipliers (a bootstrap of the scored treaties)."""
    u = np.zeros(len(data.rows)) if fitted is None else fitted.utility(data)
    loss, brier, p = _group_scores(u, data)
    g = data.rows.group.to_numpy()
    gw = data.rows.weight.to_numpy()[_starts(g)]
    out = [list(_weighted_scores(loss, brier, p, data, gw).values())]
    for m in mult:
        out.append(list(_weighted_scores(loss, brier, p, data, gw * m).values()))
    return np.array(out)


def _check_splits(splits) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """Splits as :data:`SPLITS` writes them: a list of ``(name, (first, last), (first, last))``."""
    shape = "a list of (name, (first, last), (first, last)) triples, as SPLITS"
    if isinstance(splits, (str, bytes, Mapping)) or not isinstance(splits, (Sequence, np.ndarray)) or not len(splits):
        raise _args.ArgumentError(f"splits must be {shape}, not {_args._show(splits)}.")
    out = []
    for s in splits:
        if not isinstance(s, (tuple, list)) or len(s) != 3 or not isinstance(s[0], str):
            raise _args.ArgumentError(f"each split must be (name, (first, last), (first, last)); got {_args._show(s)}.")
        for span, what in ((s[1], "fitting"), (s[2], "scoring")):
            if not isinstance(span, tuple) or len(span) != 2:
                raise _args.ArgumentError(f"split {s[0]!r}: the {what} years must be a (first, last) pair, not "
                                          f"{_args._show(span)}.")
        out.append((s[0], s[1], s[2]))
    return out


def out_of_sample(data: ChoiceData, models=None, splits=SPLITS, reference: str = "geography+affinity",
                  n_boot: int = 200, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Fit each model on one era and score it on the next, with intervals and differences.

    Parameters
    ----------
    data : ChoiceData
        Every era's groups (:func:`choice_data`).
    models : mapping, optional
        Name to ``(covariates, threat)``, as :data:`MODELS` (the default). The uniform model
        (``"uniform"``: every candidate equally likely) is always added.
    splits : sequence of (name, (first, last), (first, last))
        Fitting and scoring event years (default :data:`SPLITS`).
    reference : str
        The model each other is compared with (``diff`` = model minus reference).
    n_boot, seed, level
        The intervals: ``n_boot`` resamples of the *scored* era's treaties (a block bootstrap,
        as :func:`bootstrap`), the same draws for every model, so that a difference's interval is
        paired. The intervals show the scored sample's variation; the fit is held at its estimate.

    Returns
    -------
    pandas.DataFrame
        One row per split, model and metric (``log_loss``, ``brier``, ``pr_auc``): ``estimate``,
        ``lo``, ``hi``, and ``diff``, ``diff_lo``, ``diff_hi`` against ``reference``; with
        ``n_fit_groups``, ``n_score_groups``, ``converged``. ``attrs["fits"]`` keeps the fitted
        models, a dict keyed by ``(split, model)`` (``None`` for ``"uniform"``), for
        :func:`predictions`.
    """
    data = _check_data(data)
    if models is not None and not isinstance(models, Mapping):
        raise _args.ArgumentError(f"models must map a name to (covariates, threat), as MODELS does, not "
                                  f"{_args._show(models)}.")
    models = dict(MODELS if models is None else models)
    for name, model in models.items():
        if not isinstance(model, tuple) or len(model) != 2:
            raise _args.ArgumentError(f"models[{name!r}] must be a pair (covariates, threat), as in MODELS, not "
                                      f"{_args._show(model)}.")
    if not isinstance(reference, str) or reference not in models:
        raise _args.ArgumentError(f"reference must be one of the models ({', '.join(models)}), not {_args._show(reference)}.")
    splits = _check_splits(splits)
    n_boot = _args.whole(n_boot, "n_boot", 1, 100_000)
    seed = _args.whole(seed, "seed", 0)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    alpha = (1 - level) / 2
    metrics = ["log_loss", "brier", "pr_auc"]
    rows, fits = [], {}
    for name, fit_years, score_years in splits:
        train, test = data.subset(years=fit_years), data.subset(years=score_years)
        mult, _ = _treaty_draws(test, n_boot, seed)
        draws, info = {}, {}
        for model, (cov, thr) in models.items():
            f = fit(train, cov, thr)
            fits[(name, model)] = f
            draws[model] = _score_draws(f, test, mult)
            info[model] = f.converged
        draws["uniform"], info["uniform"] = _score_draws(None, test, mult), True
        fits[(name, "uniform")] = None
        for model, d in draws.items():
            diff = d - draws[reference]
            for k, metric in enumerate(metrics):
                rows.append({
                    "split": name, "model": model, "metric": metric, "estimate": d[0, k],
                    "lo": np.quantile(d[1:, k], alpha), "hi": np.quantile(d[1:, k], 1 - alpha),
                    "diff": diff[0, k], "diff_lo": np.quantile(diff[1:, k], alpha),
                    "diff_hi": np.quantile(diff[1:, k], 1 - alpha), "n_fit_groups": int(train.rows.group.nunique()),
                    "n_score_groups": int(test.rows.group.nunique()), "converged": info[model],
                })
    out = pd.DataFrame(rows)
    out.attrs["fits"] = fits
    return out


def _significant(values: pd.Series, digits: int) -> pd.Series:
    """Each value rounded to ``digits`` significant digits."""
    return values.map(lambda v: float(f"{v:.{digits}g}"))


def predictions(data: ChoiceData, fits: dict, splits=SPLITS, digits: int | None = None) -> pd.DataFrame:
    """Every scored candidate's predicted probability of being chosen, per split and model.

    The rows a separation plot draws (Greenhill, Ward & Sacks 2011): for each split, the models in
    ``fits`` (as :func:`out_of_sample` keeps them in ``attrs["fits"]``) predict the groups of the
    scored era, and each candidate gets ``p``, the chance that it is among the partners its chooser
    took (``1 - (1 - pi)**k``, as the Brier score of :func:`score`; conditional on *k*).

    Parameters
    ----------
    data : ChoiceData
        Every era's groups (the data the fits came from).
    fits : dict
        ``(split, model)`` to a :class:`ChoiceFit` (``None``: the uniform model).
    splits : sequence of (name, (first, last), (first, last))
        As for :func:`out_of_sample`; only splits named in ``fits`` are used.
    digits : int, optional
        Predict from each fit's parameters rounded to this many significant digits. The optimiser's
        last digits differ between processors, and among tens of thousands of candidates some
        probability would cross any grid a figure draws on; with rounded parameters the
        probabilities are the same on every processor. ``None`` (default): the parameters as fitted.

    Returns
    -------
    pandas.DataFrame
        ``split``, ``model``, ``group`` (in the scored era's numbering), ``year``, ``chooser``,
        ``candidate``, ``chosen`` (0/1), ``weight`` (the group's) and ``p``.
    """
    data = _check_data(data)
    if not isinstance(fits, dict) or not fits:
        raise _args.ArgumentError("fits must be a non-empty dict {(split, model): ChoiceFit or None}, "
                                  "for example out_of_sample(...).attrs['fits'].")
    bad = [k for k, f in fits.items() if not (isinstance(k, tuple) and len(k) == 2)
           or not (f is None or isinstance(f, ChoiceFit))]
    if bad:
        raise _args.ArgumentError(f"fits: keys must be (split, model) and values ChoiceFit or None; bad entries {bad[:3]}.")
    if digits is not None:
        digits = _args.whole(digits, "digits", 1, 17)
    known = {name: years for name, _, years in splits}
    unknown = sorted({k[0] for k in fits} - set(known))
    if unknown:
        raise _args.ArgumentError(f"fits name splits {unknown} that are not in splits ({', '.join(known)}).")
    frames = []
    for name, years in known.items():
        models = [m for (sp, m) in fits if sp == name]
        if not models:
            continue
        test = data.subset(years=years)
        r = test.rows
        base = pd.DataFrame({c: r[c].to_numpy() for c in ("group", "year", "chooser", "candidate", "chosen", "weight")})
        for model in models:
            f = fits[(name, model)]
            if f is not None and digits is not None:
                f = dataclasses.replace(f, params=_significant(f.params, digits))
            u = np.zeros(len(r)) if f is None else f.utility(test)
            _, _, p = _group_scores(u, test)
            frames.append(base.assign(split=name, model=model, p=p))
    cols = ["split", "model", "group", "year", "chooser", "candidate", "chosen", "weight", "p"]
    return pd.concat(frames, ignore_index=True)[cols]


# --- a null that keeps geography ------------------------------------------------------------------------


def permute(data: ChoiceData, seed: int = 0) -> ChoiceData:
    """The same groups with the chosen partners shuffled within region: a null that keeps geography.

    In every group, the partners chosen in each COW region are replaced by as many candidates drawn
    at random (without replacement) from that region's candidates. The chooser, the event (and so the
    era), the number of partners and their regions stay; which states in the region were chosen does
    not. A model that only knows which regions ally scores the same on the real and the permuted
    choices; one that knows more (distance within a region, shared threats) scores better on the
    real ones.

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data`.
    seed : int
        Seed of the shuffle.

    Returns
    -------
    ChoiceData
        A copy with ``chosen`` permuted.
    """
    data = _check_data(data)
    seed = _args.whole(seed, "seed", 0)
    r = data.rows
    rng = np.random.default_rng(seed)
    key = pd.factorize(pd.MultiIndex.from_arrays([r.group.to_numpy(), r.region.to_numpy()]))[0]
    order = np.lexsort((rng.random(len(r)), key))
    k_sorted = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(k_sorted)) + 1]
    rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.r_[starts, len(r)]))
    n_chosen = np.bincount(key, weights=r.chosen.to_numpy(), minlength=key.max() + 1)
    chosen = np.empty(len(r), dtype="int64")
    chosen[order] = (rank < n_chosen[k_sorted]).astype("int64")
    return dataclasses.replace(data, rows=r.assign(chosen=chosen))


def null_scores(fitted: ChoiceFit, data: ChoiceData, n: int = 100, seed: int = 0) -> pd.DataFrame:
    """Scores of a fitted model on ``n`` geography-keeping permutations of the choices (:func:`permute`).

    Parameters
    ----------
    fitted : ChoiceFit
        A fit (typically on an earlier era).
    data : ChoiceData
        The groups to score.
    n : int
        Number of permutations (seeds ``seed``, ``seed + 1``, ...).
    seed : int
        The first seed.

    Returns
    -------
    pandas.DataFrame
        One row per permutation: ``log_loss``, ``brier``, ``pr_auc``. ``attrs["observed"]`` holds
        the scores on the real choices and ``attrs["p_value"]`` per metric the share of
        permutations scoring at least as well, as ``(b + 1) / (n + 1)`` (Phipson & Smyth 2010).
    """
    data = _check_data(data)
    if not isinstance(fitted, ChoiceFit):
        raise _args.ArgumentError(f"fitted must be a ChoiceFit (from bot_core.choice.fit()), not {type(fitted).__name__}.")
    n = _args.whole(n, "n", 1, 100_000)
    seed = _args.whole(seed, "seed", 0)
    observed = score(fitted, data)[["log_loss", "brier", "pr_auc"]]
    out = pd.DataFrame([score(fitted, permute(data, seed + b))[["log_loss", "brier", "pr_auc"]] for b in range(n)])
    out = out.astype("float64").reset_index(drop=True)
    better = {"log_loss": (out.log_loss <= observed.log_loss).sum(), "brier": (out.brier <= observed.brier).sum(),
              "pr_auc": (out.pr_auc >= observed.pr_auc).sum()}
    out.attrs["observed"] = observed.astype("float64").to_dict()
    out.attrs["p_value"] = {k: (int(v) + 1) / (n + 1) for k, v in better.items()}
    return out
