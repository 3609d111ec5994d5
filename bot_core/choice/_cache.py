"""The fit by obligation type (:func:`by_obligation`), kept on disk (:func:`disk_cached`)."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import pickle
from pathlib import Path

import numpy as np
import pandas as pd

from bot_core import _args, alliances
from bot_core.choice._data import CHOICE_SPEC, COVARIATES, KINDS, MODELS, _choice_data
from bot_core.choice._estimate import sandwich
from bot_core.criteria import CRITERIA


#: Environment variable: "0" switches off the disk cache of :func:`by_obligation`.
CHOICE_CACHE_ENV = "BOT_CORE_CHOICE_CACHE"


def _code_digest() -> str:
    """A digest of every module and table of ``bot_core`` and of the numerical libraries' versions:
    any change to the code, the data registry (which pins each data file's SHA-256) or the
    libraries gives another digest, so a stale result is never read."""
    import scipy

    here = Path(__file__).parents[1]  # the whole package, bot_core/
    h = hashlib.sha256(f"{np.__version__} {pd.__version__} {scipy.__version__}".encode())
    for f in sorted([*here.rglob("*.py"), *here.rglob("*.tsv"), *here.rglob("*.csv")]):
        h.update(str(f.relative_to(here)).encode() + f.read_bytes())
    return h.hexdigest()[:16]


def disk_cached(name: str, args, compute, cache: bool = True):
    """``compute()``, kept on disk as the frame cache of :mod:`bot_core.datasets` keeps its frames:
    ``<BOT_CORE_CACHE_DIR>/choice/<name>-<key>-<digest>.pkl``, the key a hash of ``repr(args)`` and
    the digest :func:`_code_digest` (code, data registry, numerical libraries), so a stale result is
    never read. For deterministic computations only (a cached result must be the result).
    ``cache=False`` or ``BOT_CORE_CHOICE_CACHE=0`` computes afresh and keeps nothing."""
    if not isinstance(cache, (bool, np.bool_)):
        raise _args.ArgumentError(f"cache must be True or False, not {_args._show(cache)}.")
    use_cache = bool(cache) and os.environ.get(CHOICE_CACHE_ENV, "1") != "0"
    from bot_core.datasets import _fetch, _frames

    key = hashlib.sha256(repr(args).encode()).hexdigest()[:12]
    target = _fetch.cache_dir() / "choice" / f"{name}-{key}-{_code_digest()}.pkl"
    if use_cache and target.is_file():
        try:
            with open(target, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # unreadable: compute again
            pass
    out = compute()
    if use_cache:  # written as the data frames are (atomic, older versions removed, read-only cache tolerated)
        _frames._store(out, target)
    return out


def by_obligation(obligations=alliances.OBLIGATIONS, covariates=MODELS["threat"][0], cache: bool = True,
                  level: float = 0.95, first: int = 1816, last: int = alliances.LAST_YEAR) -> pd.DataFrame:
    """The threat model fitted on each ATOP obligation type alone, with intervals clustered by treaty.

    Each type gets its own :func:`choice_data` (``obligations=(type,)``, the other arguments at
    their defaults) and its own fit with :func:`sandwich` intervals (a bootstrap per type would
    take most of an hour). A treaty with several obligations enters every type
    it carries, so the types overlap. Each fit takes about a minute on a small machine, so the
    results are kept on disk (``<BOT_CORE_CACHE_DIR>/choice/``, as the frame cache of
    :mod:`bot_core.datasets`), named by the arguments and a digest of the code, the data registry
    and the numerical libraries; the computation is deterministic (L-BFGS-B from a fixed start), so
    a cached result is the result. ``cache=False`` or ``BOT_CORE_CHOICE_CACHE=0`` computes afresh.

    Parameters
    ----------
    obligations : sequence of str
        ATOP obligation types (:data:`bot_core.alliances.OBLIGATIONS`), one fit each.
    covariates : sequence of str
        The controls (default: the threat model's, :data:`MODELS`).
    cache : bool
        Whether to read and write the disk cache.
    level : float
        Coverage of the intervals (default 0.95).
    first, last : int
        Event years (both included), as for :func:`choice_data`: a covariate whose data end early
        (the civil wars, the IGOs) needs ``last`` inside its years.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``obligation``: ``n_groups``, ``n_events``, ``n_treaties``, ``n_chosen``, the
        four weights ``w_power`` ... ``w_intent``, ``beta_shared``, ``beta_own_power`` ...
        ``beta_own_intent``, each with ``<name>_lo`` and ``<name>_hi`` (and, for a weight,
        ``<name>_at_bound``: pressed against the simplex's edge, no interval), each covariate's
        coefficient with ``<covariate>_lo``, ``<covariate>_hi``, ``<covariate>_groups`` (the choice
        groups in which some candidate has it non-zero) and ``<covariate>_chosen`` (the chosen
        partners that have it non-zero) and ``<covariate>_separated`` (it alone separates the chosen from
        the rest, :func:`separated`: left out of that type's fit, its coefficient ``NaN``), ``loglik``, ``converged``
        and ``choosers`` (the decisions the fit saw: a tuple of ``(atopid, year, chooser)``).
    """
    obligations = _args.names(obligations, "obligations", alliances.OBLIGATIONS, noun="obligation types")
    covariates = tuple(_args.names(covariates, "covariates", list(COVARIATES), allow_empty=True, noun="covariates"))
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    span = (alliances.FIRST_YEAR, alliances.LAST_YEAR)
    first, last = _args.year(first, "first", span, "ATOP's years"), _args.year(last, "last", span, "ATOP's years")
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    # the key of the earlier default call is kept, so its cached result stays valid
    args = (obligations, covariates, level) if (first, last) == (1816, alliances.LAST_YEAR) else \
        (obligations, covariates, level, first, last)
    return disk_cached("by_obligation", args, lambda: _by_obligation(obligations, covariates, level, first, last), cache)


def _by_obligation(obligations: list, covariates: tuple, level: float, first: int = 1816,
                   last: int = alliances.LAST_YEAR) -> pd.DataFrame:
    rows = []
    for ob in obligations:
        # not through choice_data's in-memory cache: one type's data at a time, then freed
        data = _choice_data.__wrapped__(CHOICE_SPEC, (ob,), KINDS, first, last, "event", "system")
        apart = separated(data.rows, covariates)
        iv = sandwich(data, tuple(c for c in covariates if c not in apart), True, level=level)
        f = iv.attrs["fit"]
        g = data.groups
        seen = tuple(sorted(zip(g.atopid.astype(int), g.year.astype(int), g.chooser.astype(int))))
        # per covariate, the groups in which some candidate has it non-zero (what identifies a rare marker)
        varied = data.rows.groupby("group")[list(covariates)].max().ne(0).sum() if covariates else pd.Series()
        chosen = data.rows.loc[data.rows.chosen == 1, list(covariates)].ne(0).sum()  # chosen partners that have it
        names = [f"w_{c}" for c in CRITERIA] + ["beta_shared"] + [f"beta_own_{c}" for c in CRITERIA]
        rows.append({"obligation": ob, "n_groups": f.n_groups, "n_events": f.n_events, "n_treaties": f.n_treaties,
                     "n_chosen": f.n_chosen, **{n: float(f.params[n]) for n in names},
                     **{f"{n}_lo": float(iv.loc[n, "lo"]) for n in names},
                     **{f"{n}_hi": float(iv.loc[n, "hi"]) for n in names},
                     **{f"{n}_at_bound": bool(iv.loc[n, "at_bound"]) for n in names[:4]},
                     **{f"{c}{end}": float(iv.loc[c, col]) if c not in apart else np.nan for c in covariates
                        for end, col in (("", "estimate"), ("_lo", "lo"), ("_hi", "hi"))},
                     **{f"{c}_separated": c in apart for c in covariates},
                     **{f"{c}_groups": int(varied[c]) for c in covariates},
                     **{f"{c}_chosen": int(chosen[c]) for c in covariates},
                     "loglik": f.loglik, "converged": f.converged, "choosers": seen})
        del data, f, iv
        _release()
    return pd.DataFrame(rows).set_index("obligation")


def separated(rows: pd.DataFrame, covariates) -> tuple[str, ...]:
    """The covariates that alone separate the chosen candidates from the rest in ``rows`` (a choice
    data set's ``rows``: ``group``, ``chosen`` and the covariates): in every group, every chosen
    candidate has at least the largest value among the unchosen (or at most the smallest). The
    likelihood then grows without end as that coefficient goes to plus (minus) infinity, so it has
    no maximum, and where an optimiser stops, and with it every other estimate, depends on rounding
    (a marker that no chosen partner has is the common case). :func:`by_obligation` leaves such a
    covariate out of that type's fit and reports it as ``NaN`` with ``<covariate>_separated``."""
    chosen = rows.chosen.to_numpy() == 1
    out = []
    for c in covariates:
        x = rows[c].astype("float64")
        on, off = x[chosen].groupby(rows.group[chosen]), x[~chosen].groupby(rows.group[~chosen])
        lo_on, hi_on, lo_off, hi_off = (f.reindex(rows.group.unique()) for f in
                                        (on.min(), on.max(), off.min(), off.max()))
        up = (lo_on >= hi_off) | lo_on.isna() | hi_off.isna()     # a group with no unchosen (or no chosen) row
        down = (hi_on <= lo_off) | hi_on.isna() | lo_off.isna()   # says nothing about the direction
        if up.all() or down.all():
            out.append(c)
    return tuple(out)


def _release() -> None:
    """Hand the memory a fit has freed back to the system. glibc keeps freed blocks in the process's
    heap, so a chapter kernel that fits several types would otherwise hold the largest fit's
    footprint for the rest of the chapter (the book's kernels must stay under 1 GiB)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back
        pass
