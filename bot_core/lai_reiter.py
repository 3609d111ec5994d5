"""Regime similarity and alliance formation: a dyad-year design in the spirit of Lai and Reiter (2000).

Lai and Reiter (2000) studied every pair of states from 1816 to 1992 and report (abstract) that
states with similar regimes were more likely to ally after 1945, that two democracies were not more
likely to ally than two autocracies in that period, and that distance, learning, threat and common
culture affected alliance behaviour while trade did not. This module rebuilds a design of the same
kind from the book's data and panel verbs, so that the book can set its estimates beside theirs. It
is a design *in the spirit* of theirs, not a copy: the data, the measures and the controls differ
(listed below), and the module says so in its output.

The unit (:func:`dyad_years`)
    Every non-directed pair of COW system members (``ccode1 < ccode2``; :func:`bot_core.panel.dyad_years`
    with ``directed=False``) in each *outcome year* ``year`` from ``first`` to ``last``, with every
    covariate read in the year before (``t = year - 1``; a pair must be in the system in both years):
    a pair decides on what it saw, not on what the alliance then brought about.

The outcome, ``new_alliance``
    1 if in ``year`` the two states became members of an ATOP treaty (Leeds et al. 2002) that they did
    not share the year before: a treaty signed between them, or one acceded to by either while the
    other was a member. It is read from :func:`bot_core.alliances.dyad_years` (the treaties each pair
    shared in each year), keeping the treaties with at least one of ``obligations`` (default: any of
    ATOP's five). A new treaty between states already allied by another counts: it is an alliance
    decision (the Arab pacts of 1955-67 were signed between members of the Arab League).

Covariates (:data:`COVARIATES`), read in ``t``
    ``joint_democracy``, ``joint_autocracy``, ``regime_missing``
        both states' Polity2 scores (isard's democracy file, :func:`bot_core.panel.add_democracy`)
        at least :data:`DEMOCRACY_CUT` (democracies), both at most :data:`AUTOCRACY_CUT`
        (autocracies; the reference is every other pair with both scores known, "mixed"),
        the conventional cut-points of Polity's 21-point scale; ``regime_missing`` 1 where either
        score is missing (then both joint terms are 0);
    ``log_distance``
        log(1 + km between the capitals) (:func:`bot_core.panel.add_capital_distance`);
    ``land_contiguity``, ``sea_contiguity``
        COW direct contiguity type 1, and types 2-5 (water up to 400 miles);
    ``log_power_ratio``
        log of the stronger state's CINC over the weaker's (0 at parity);
    ``shared_threat``
        the threat the two share from third parties: the cosine between the two states' threat
        vectors over every other state *k* (not *i*, not *j*), ``sum_k T_ik T_jk / sqrt(sum_k T_ik**2
        sum_k T_jk**2)``, where ``T`` is the book's validated index (:data:`bot_core.threat.DEFAULT_WEIGHTS`,
        :data:`bot_core.threat.DEFAULT_FORM`) on the criteria of :data:`bot_core.choice.CHOICE_SPEC` (the
        validated specification without its affinity discount, whose alliance component would put the
        outcome among the predictors); 0 to 1. A criterion that cannot be measured (no military data)
        makes ``T`` missing and that third party counts as 0; a pair whose threat vector is all zero
        or unknown has ``shared_threat`` 0;
    ``allied``
        1 if the pair shared an ATOP alliance of any type in force in ``t``.

    A row with a missing capital distance or CINC is dropped (counted in ``frame.attrs["dropped"]``).

The estimator (:func:`estimate`)
    A logit of ``new_alliance`` on the covariates and a constant, by era (:data:`ERAS`: outcome
    years to 1945 and from 1946), fitted with statsmodels (``Logit``) and standard errors clustered
    by dyad (``cov_type="cluster"``): a pair's years are not independent draws. Intervals are Wald
    intervals (95% by default). Duration dependence (Beck, Katz and Tucker 1998) is left to
    ``allied`` in the main model; :func:`add_time_since` adds a cubic in the years since the pair's
    last new alliance, for a robustness check (pass ``covariates=[*COVARIATES, *TIME_TERMS]``).

Differences from Lai and Reiter's design, which the book reports beside the numbers
    ATOP 5.1, not the alliance data they used; every obligation type by default; Polity2 from isard's
    file; the shared-threat term is the book's index, not their threat measure; no measures of
    learning, common culture or trade; pairs read the year before the outcome.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import _args, alliances, choice, criteria, panel, threat
from bot_core.errors import LaiReiterError
from bot_core.alliances import OBLIGATIONS

__all__ = ["AUTOCRACY_CUT", "CONTRAST", "COVARIATES", "DEMOCRACY_CUT", "ERAS", "TIME_TERMS", "LaiReiterError",
           "add_time_since", "dyad_years", "estimate"]

#: Polity2 score at or above which a state counts as a democracy (Polity's conventional cut-point).
DEMOCRACY_CUT = 6
#: Polity2 score at or below which a state counts as an autocracy.
AUTOCRACY_CUT = -6
#: The covariates of the logit, in order, with what each measures.
COVARIATES = {
    "joint_democracy": "1 if both states score Polity2 >= 6 in t",
    "joint_autocracy": "1 if both states score Polity2 <= -6 in t",
    "regime_missing": "1 if either Polity2 score is missing in t",
    "log_distance": "log(1 + km between the capitals) in t",
    "land_contiguity": "1 if the two share a land border (COW direct contiguity type 1) in t",
    "sea_contiguity": "1 if separated by at most 400 miles of water (COW types 2-5) in t",
    "log_power_ratio": "log(CINC of the stronger / CINC of the weaker) in t",
    "shared_threat": "cosine of the two threat vectors (validated index) over third states in t, 0-1",
    "allied": "1 if the pair shared an ATOP alliance of any type in force in t",
}
#: The term :func:`estimate` adds for two democracies against two autocracies.
CONTRAST = "joint_democracy - joint_autocracy"
#: The eras of the estimates, by outcome year: (label, first, last).
ERAS = (("to 1945", 1817, 1945), ("from 1946", 1946, panel.LAST_YEAR))
#: Covariate years computed together (bounds the memory of the criteria).
_CHUNK = 20


# --- the outcome -------------------------------------------------------------------------------


def _new_alliance_keys(obligations: tuple[str, ...]) -> pd.Index:
    """Non-directed dyad keys (lower code first) of the pair-years in which the pair entered a
    treaty (with one of ``obligations``) it did not share the year before."""
    t = alliances.treaties()
    keep = set(t.atopid[(t[list(obligations)] == 1).any(axis=1)].astype("int64"))
    d = alliances.dyad_years()
    d = d[d.ccode1 < d.ccode2][["ccode1", "ccode2", "year", "atopids"]].explode("atopids")
    d = d[d.atopids.isin(keep)]
    key = (d.ccode1.to_numpy("int64") * 1000 + d.ccode2.to_numpy("int64")) * 10_000 + d.year.to_numpy("int64")
    tre = d.atopids.to_numpy("int64")
    now = pd.MultiIndex.from_arrays([key, tre])
    # a (pair, year, treaty) is new if (pair, year - 1, treaty) is absent
    prev = pd.MultiIndex.from_arrays([key - 1, tre])
    new = ~prev.isin(now)
    keys = np.unique(key[new])
    c12, year = np.divmod(keys, 10_000)
    c1, c2 = np.divmod(c12, 1000)
    return pd.Index(panel._dyad_key(c1, c2, year))


# --- the covariates ----------------------------------------------------------------------------


def _shared_cosine(tm: np.ndarray) -> np.ndarray:
    """The cosine of rows i and j of ``tm`` over columns other than i and j (``tm``: N x N, zeros on
    the diagonal and where unknown); 0 where either norm is 0."""
    dot = tm @ tm.T  # columns i and j contribute T_ii T_ji = 0 and T_ij T_jj = 0
    sq = (tm ** 2).sum(axis=1)
    ni = sq[:, None] - tm ** 2          # sum_k T_ik^2 without k = j
    nj = sq[None, :] - (tm ** 2).T      # sum_k T_jk^2 without k = i
    with np.errstate(invalid="ignore", divide="ignore"):
        s = dot / np.sqrt(ni * nj)
    return np.where((ni > 1e-12) & (nj > 1e-12), np.clip(s, 0.0, 1.0), 0.0)


def _covariates(t0: int, t1: int, weights, form: str) -> pd.DataFrame:
    """Non-directed pair rows of covariate years ``t0``-``t1`` with every covariate."""
    d = panel.dyad_years(t0, t1)
    c = criteria.compute(d, spec=choice.CHOICE_SPEC)
    tval = threat.index(c, weights=weights, form=form).to_numpy("float64")
    c1, c2, yr = d.ccode1.to_numpy(), d.ccode2.to_numpy(), d.year.to_numpy()
    capdist = c.capdist.to_numpy("float64")
    del c, d
    cont = panel._contiguity(c1, c2, yr)
    parts = []
    for y in range(t0, t1 + 1):
        m = yr == y
        a1, a2 = c1[m], c2[m]
        states = np.unique(np.concatenate([a1, a2]))
        i, j = np.searchsorted(states, a1), np.searchsorted(states, a2)
        n = len(states)
        tm = np.zeros((n, n))
        tm[i, j] = np.nan_to_num(tval[m], nan=0.0)
        shared = _shared_cosine(tm)
        up = a1 < a2
        parts.append(pd.DataFrame({
            "ccode1": a1[up], "ccode2": a2[up], "t": y, "shared_threat": shared[i[up], j[up]],
            "capdist": capdist[m][up], "conttype": cont[m][up],
        }))
    return pd.concat(parts, ignore_index=True)


def _check_obligations(obligations) -> tuple[str, ...]:
    if isinstance(obligations, str):
        obligations = (obligations,)
    try:
        obligations = tuple(obligations)
    except TypeError:
        raise LaiReiterError(f"obligations must be a list of ATOP obligation names, not {obligations!r}.") from None
    bad = [o for o in obligations if o not in OBLIGATIONS]
    if not obligations or bad:
        raise LaiReiterError(f"obligations must be one or more of {', '.join(OBLIGATIONS)}; got {list(obligations)!r}.")
    return obligations


def dyad_years(first: int = 1817, last: int = 1992, obligations=OBLIGATIONS, weights=None,
               form: str = threat.DEFAULT_FORM) -> pd.DataFrame:
    """Non-directed dyad-years with the outcome and every covariate (see the module docstring).

    Parameters
    ----------
    first, last : int
        The outcome years (inclusive), 1817 to 2016 (covariates are read the year before, from
        1816). The default, 1817-1992, is the span of Lai and Reiter's data.
    obligations : sequence of str
        The ATOP obligations a treaty must carry to count (any one of them).
    weights, form
        The threat index's weights and form for ``shared_threat`` (default: the validated ones).

    Returns
    -------
    pandas.DataFrame
        ``ccode1``, ``ccode2`` (``ccode1 < ccode2``), ``year`` (outcome), ``t`` (covariate year),
        ``new_alliance``, ``era``, ``dyad`` (an id per pair) and :data:`COVARIATES`.
        ``attrs["dropped"]``: rows dropped for a missing distance or CINC.
    """
    first = _args.whole(first, "first", lo=panel.FIRST_YEAR + 1, hi=panel.LAST_YEAR)
    last = _args.whole(last, "last", lo=panel.FIRST_YEAR + 1, hi=panel.LAST_YEAR)
    if first > last:
        raise LaiReiterError(f"first ({first}) must not be after last ({last}).")
    obligations = _check_obligations(obligations)
    w = threat.weights_array(weights if weights is not None else threat.DEFAULT_WEIGHTS)
    parts = [_covariates(lo, min(lo + _CHUNK - 1, last - 1), w, form) for lo in range(first - 1, last, _CHUNK)]
    df = pd.concat(parts, ignore_index=True)
    df.insert(2, "year", df.t + 1)
    # the pair must be in the system in the outcome year too
    nd = panel.dyad_years(first, last, directed=False)
    alive = pd.Index(panel._dyad_key(nd.ccode1, nd.ccode2, nd.year))
    del nd
    key = panel._dyad_key(df.ccode1, df.ccode2, df.year)
    keep = alive.get_indexer(key) >= 0
    df, key = df[keep].reset_index(drop=True), key[keep]
    df["new_alliance"] = (_new_alliance_keys(obligations).get_indexer(key) >= 0).astype("int8")
    # state-level covariates in t
    sy = panel.state_years(first - 1, last - 1)[["ccode", "year"]]
    sy = sy.pipe(panel.add_capabilities, components=("cinc",)).pipe(panel.add_democracy)
    sk = pd.Index(sy.ccode.to_numpy("int64") * 10_000 + sy.year.to_numpy("int64"))
    p1 = sk.get_indexer(df.ccode1.to_numpy("int64") * 10_000 + df.t.to_numpy("int64"))
    p2 = sk.get_indexer(df.ccode2.to_numpy("int64") * 10_000 + df.t.to_numpy("int64"))
    cinc, pol = sy.cinc.to_numpy("float64"), sy.polity2.to_numpy("float64")
    k1, k2 = cinc[p1], cinc[p2]
    q1, q2 = pol[p1], pol[p2]
    missing = np.isnan(q1) | np.isnan(q2)
    df["joint_democracy"] = (~missing & (q1 >= DEMOCRACY_CUT) & (q2 >= DEMOCRACY_CUT)).astype("int8")
    df["joint_autocracy"] = (~missing & (q1 <= AUTOCRACY_CUT) & (q2 <= AUTOCRACY_CUT)).astype("int8")
    df["regime_missing"] = missing.astype("int8")
    df["log_distance"] = np.log1p(df.capdist.to_numpy("float64"))
    ct = df.conttype.to_numpy()
    df["land_contiguity"] = (ct == 1).astype("int8")
    df["sea_contiguity"] = ((ct >= 2) & (ct <= 5)).astype("int8")
    with np.errstate(divide="ignore", invalid="ignore"):
        df["log_power_ratio"] = np.abs(np.log(np.maximum(k1, 1e-9)) - np.log(np.maximum(k2, 1e-9)))
    df.loc[np.isnan(k1) | np.isnan(k2), "log_power_ratio"] = np.nan
    akeys, _ = panel._alliances_by_dyad_year("either")
    df["allied"] = (akeys.get_indexer(panel._dyad_key(df.ccode1, df.ccode2, df.t)) >= 0).astype("int8")
    bad = df[["log_distance", "log_power_ratio"]].isna().any(axis=1).to_numpy()
    dropped = int(bad.sum())
    df = df[~bad].reset_index(drop=True)
    df["era"] = np.where(df.year <= ERAS[0][2], ERAS[0][0], ERAS[1][0])
    df["dyad"] = (df.ccode1.to_numpy("int64") * 1000 + df.ccode2.to_numpy("int64"))
    cols = ["ccode1", "ccode2", "year", "t", "new_alliance", "era", "dyad", *COVARIATES]
    out = df[cols]
    out.attrs.update(dropped=dropped, first=first, last=last, obligations=obligations)
    return out


#: The duration terms of :func:`add_time_since`.
TIME_TERMS = ("since", "since2", "since3")


def add_time_since(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the years since the pair's last new alliance, as a cubic polynomial (``since``,
    ``since2``, ``since3``: the years over 10, and its square and cube), for the duration dependence
    of binary time-series cross-section data (Beck, Katz and Tucker 1998 model it with splines; a
    cubic is the simpler form used here).

    The count is 0 in the year after a new alliance (in the row's covariate year ``t`` the pair
    allied), and rises by one each year; for a pair's years before its first new alliance in the
    frame it counts from the pair's first year in the frame (left-censored: the pair's earlier history
    is not in the frame). The frame must hold every year of each pair it holds (as
    :func:`dyad_years` makes it); rows keep their order.
    """
    _args.frame(frame, "frame", ["dyad", "year", "new_alliance"], integer=["dyad", "year", "new_alliance"],
                hint="Build it with bot_core.lai_reiter.dyad_years().")
    clash = [c for c in TIME_TERMS if c in frame]
    if clash:
        raise LaiReiterError(f"frame already has columns {clash}; add_time_since adds them.")
    order = np.lexsort((frame.year.to_numpy(), frame.dyad.to_numpy()))
    dyad, year, y = (frame[c].to_numpy("int64")[order] for c in ("dyad", "year", "new_alliance"))
    since = np.zeros(len(order))
    last_dyad, start = None, 0
    for k in range(len(order)):
        if dyad[k] != last_dyad:
            last_dyad, start = dyad[k], year[k]
        since[k] = year[k] - start
        if y[k] == 1:
            start = year[k] + 1
    out = frame.copy()
    s = np.empty(len(order))
    s[order] = since / 10
    out["since"], out["since2"], out["since3"] = s, s ** 2, s ** 3
    return out


# --- the estimates -----------------------------------------------------------------------------


def _check_frame(frame, covariates: list[str]) -> None:
    _args.frame(frame, "frame", ["new_alliance", "era", "dyad", *covariates], real=covariates,
                hint="Build it with bot_core.lai_reiter.dyad_years().")
    y = frame.new_alliance.to_numpy()
    if not np.isin(y, (0, 1)).all():
        raise LaiReiterError("frame.new_alliance must hold 0 or 1 in every row.")
    if frame[covariates].isna().any().any():
        bad = [c for c in covariates if frame[c].isna().any()]
        raise LaiReiterError(f"frame has missing values in {bad}; drop or fill those rows first.")


def estimate(frame: pd.DataFrame, covariates=None, level: float = 0.95, eras=None) -> pd.DataFrame:
    """Logit of ``new_alliance`` on ``covariates`` (default :data:`COVARIATES`) and a constant, by era,
    with standard errors clustered by ``dyad`` (statsmodels ``Logit``, ``cov_type="cluster"``).

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`dyad_years` (or any frame with ``new_alliance`` 0/1, ``era``, ``dyad`` and the
        covariates, no missing values).
    covariates : list of str, optional
        The regressors.
    level : float
        The coverage of the Wald intervals.
    eras : list of str, optional
        The values of ``era`` to fit, in order (default: every era in the frame, in order of
        appearance).

    Returns
    -------
    pandas.DataFrame
        One row per era and term (``const`` first): ``era``, ``term``, ``coef``, ``se``, ``lo``,
        ``hi``, ``p``, ``odds_ratio``; when both joint-regime terms are covariates, a last row per era,
        :data:`CONTRAST`, their difference (two democracies against two autocracies) with its
        clustered standard error; ``attrs["fits"]``: per era ``n`` (dyad-years), ``events``
        (new alliances), ``dyads`` (clusters), ``loglik``, ``converged``.
    """
    import statsmodels.api as sm

    covariates = list(COVARIATES) if covariates is None else list(covariates)
    if not covariates or len(set(covariates)) != len(covariates):
        raise LaiReiterError(f"covariates must be distinct column names, not {covariates!r}.")
    _check_frame(frame, covariates)
    if not (isinstance(level, float) and 0 < level < 1):
        raise LaiReiterError(f"level must be a number between 0 and 1, not {level!r}.")
    present = list(dict.fromkeys(frame.era))
    eras = present if eras is None else list(eras)
    unknown = [e for e in eras if e not in present]
    if unknown:
        raise LaiReiterError(f"eras {unknown} are not in the frame (it has {present}).")
    from scipy import stats

    z = stats.norm.ppf((1 + level) / 2)
    rows, fits = [], {}
    for era in eras:
        sub = frame[frame.era == era]
        y = sub.new_alliance.to_numpy("float64")
        if y.sum() == 0 or y.sum() == len(y):
            raise LaiReiterError(f"era {era!r}: the outcome does not vary ({int(y.sum())} of {len(y)}); nothing to estimate.")
        x = sm.add_constant(sub[covariates].to_numpy("float64"), has_constant="add")
        constant = [c for c in covariates if np.ptp(sub[c].to_numpy("float64")) == 0]
        if constant:
            raise LaiReiterError(f"era {era!r}: covariates {constant} do not vary; leave them out.")
        res = sm.Logit(y, x).fit(disp=0, maxiter=200, cov_type="cluster",
                                 cov_kwds={"groups": sub.dyad.to_numpy("int64")})
        coef, se = np.asarray(res.params), np.asarray(res.bse)
        for k, term in enumerate(["const", *covariates]):
            rows.append({"era": era, "term": term, "coef": coef[k], "se": se[k], "lo": coef[k] - z * se[k],
                         "hi": coef[k] + z * se[k], "p": float(np.asarray(res.pvalues)[k]),
                         "odds_ratio": float(np.exp(coef[k]))})
        if {"joint_democracy", "joint_autocracy"} <= set(covariates):
            # two democracies against two autocracies: the difference of the two coefficients, with
            # its clustered standard error
            a, b = 1 + covariates.index("joint_democracy"), 1 + covariates.index("joint_autocracy")
            cov = np.asarray(res.cov_params())
            d, sd = coef[a] - coef[b], float(np.sqrt(cov[a, a] + cov[b, b] - 2 * cov[a, b]))
            rows.append({"era": era, "term": CONTRAST, "coef": d, "se": sd, "lo": d - z * sd, "hi": d + z * sd,
                         "p": float(2 * stats.norm.sf(abs(d / sd))), "odds_ratio": float(np.exp(d))})
        fits[era] = {"n": int(len(y)), "events": int(y.sum()), "dyads": int(sub.dyad.nunique()),
                     "loglik": float(res.llf), "converged": bool(res.mle_retvals.get("converged", True))}
    out = pd.DataFrame(rows)
    out.attrs["fits"] = fits
    out.attrs["level"] = level
    return out
