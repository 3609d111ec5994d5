"""Balance of power against balance of threat, scored on the alliances states formed.

Alliance onsets
    A pair of states forms an alliance in year *t* when ATOP (Leeds et al. 2002) records a
    defence or offence pledge between them in *t* and none in *t - 1* (:func:`alliance_onsets`).
    The theories' dangers are read in *t - 1* (``lag=1``): a state allies in response to what it
    saw before, not to what the alliance itself brought about. A state new to the system in *t*
    is read in *t*.

Classification (:func:`classify_onsets`), first rule that holds:
    ``"bandwagoning"``
        one partner is the other's top threat (it aligns with the source of danger);
    ``"balancing (threat)"``
        the partners share their top threat (balance of threat's balancing);
    ``"balancing (power)"``
        the partners share their balance-of-power danger, the strongest state able to reach them;
    ``"none"``
        none of these.

    The boolean columns ``with_threat``, ``shared_threat``, ``shared_power`` show overlaps.

Scoring (:func:`score`)
    The candidates are every pair of states in the system in year *t* without a defence or
    offence pledge in *t - 1*; the positives are the onsets. Balance of power predicts the pairs
    that share a balance-of-power danger; balance of threat predicts the pairs that share a top
    threat, and the pairs the bandwagoning rule predicts. Each theory is scored by the Matthews
    correlation coefficient (MCC) between prediction and outcome over the candidates: 0 for
    predictions no better than chance, 1 for perfect ones, and fair to a theory however many
    pairs it predicts. The baseline shuffles each year's dangers among that year's states
    (``permutations`` times) and recomputes the MCC; ``p_value`` is the share of shuffles that
    score at least as well as the theory.

Every function takes ``power_reach`` (:data:`bot_core.theories.POWER_REACH`): which states can
reach a state, and so can be its balance-of-power danger.

The weight sweep (:func:`sweep`)
    draws weightings uniformly from the simplex of the four criteria and asks, for each and for
    each functional form, whether balance of threat's MCC beats balance of power's: Keohane's
    (1988) charge that the theory needs more information than it can test, made measurable.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bot_core import _args, panel, theories, threat
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.panel._keys import _dyad_key, _state_key
from bot_core.stats import _order_of
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = ["ERAS", "LABELS", "MAX_DRAWS", "alliance_onsets", "classify_onsets", "era", "label_counts", "mcc", "region",
           "score", "shared_danger_share", "shares", "sweep"]

#: Eras for reporting, with their first and last years.
ERAS = {
    "1816-1913": (1816, 1913),
    "1914-1945": (1914, 1945),
    "1946-1991": (1946, 1991),
    "1992-2016": (1992, 2016),
}
#: COW regions by ranges of state codes.
REGIONS = {
    "Americas": (2, 199),
    "Europe": (200, 399),
    "Africa": (400, 626),
    "Middle East": (630, 699),
    "Asia and Oceania": (700, 999),
}
#: The most shuffles (:func:`score`) or random weightings (:func:`sweep`) asked for at once.
MAX_DRAWS = 100_000
#: The labels of :func:`classify_onsets`, in the order its rules are tried.
LABELS = ("bandwagoning", "balancing (threat)", "balancing (power)", "none")


def region(ccode) -> np.ndarray:
    """COW region of each state code (``Americas`` 2-199, ``Europe`` 200-399, ``Africa`` 400-626,
    ``Middle East`` 630-699, ``Asia and Oceania`` 700-999; ``unknown`` for any other number)."""
    c = _args.numeric(ccode, "ccode")
    return np.select([(c >= a) & (c <= b) for a, b in REGIONS.values()], list(REGIONS), default="unknown")


_region = region   # for the functions whose argument is named ``region``


def era(year) -> np.ndarray:
    """The era of each year (the keys of ``ERAS``; ``unknown`` for any other number)."""
    y = _args.numeric(year, "year")
    return np.select([(y >= a) & (y <= b) for a, b in ERAS.values()], list(ERAS), default="unknown")


def _allied_pairs(pledges: tuple[str, ...]) -> pd.Index:
    """Undirected dyad-year keys (ccode1 < ccode2) with any of the pledges, made in either direction,
    1815-2018. ATOP's dyad-years are directed: a guarantee is a pledge one way only (France's to
    defend Belgium, 1832), and the pair is allied all the same."""
    keys, columns = panel._alliances_by_dyad_year("either")
    bad = [p for p in pledges if f"atop_{p}" not in columns]
    if bad or not pledges:
        raise ValueError(f"unknown pledge types {bad}; choose from {', '.join(panel.ATOP_TYPES)}.")
    has = np.zeros(len(keys), dtype=bool)
    for p in pledges:
        has |= columns[f"atop_{p}"] == 1
    return keys[has]


@functools.cache
def _onsets(pledges: tuple[str, ...]) -> pd.DataFrame:
    u = panel.dyad_years(directed=False)
    allied = _allied_pairs(pledges)
    now = allied.get_indexer(_dyad_key(u.ccode1, u.ccode2, u.year)) >= 0
    before = allied.get_indexer(_dyad_key(u.ccode1, u.ccode2, u.year - 1)) >= 0
    return u.assign(allied=now, allied_before=before)


def alliance_onsets(pledges: Sequence[str] = ("defense", "offense")) -> pd.DataFrame:
    """Every alliance onset 1816-2016: pairs (``ccode1 < ccode2``) with a pledge of one of the
    given ATOP types in ``year`` and none in ``year - 1``."""
    u = _onsets(_pledges(pledges))
    return u.loc[u.allied & ~u.allied_before, ["ccode1", "ccode2", "year"]].reset_index(drop=True)


def _pledges(pledges) -> tuple[str, ...]:
    return _args.names(pledges, "pledges", panel.ATOP_TYPES, noun="pledge types")


def _lag(lag) -> int:
    return _args.whole(lag, "lag", 0, 1, rule="0 (same year) or 1 (the year before)")


def _seed(seed) -> int:
    return _args.whole(seed, "seed", 0, rule="a whole number, 0 or more")


def mcc(tp, fp, fn, tn) -> float:
    """Matthews correlation coefficient of a 2x2 table (0 when a margin is empty). The counts
    must be non-negative numbers (scalars or arrays of one shape)."""
    for name, v in zip(("tp", "fp", "fn", "tn"), (tp, fp, fn, tn)):
        a = _args.numeric(v, name)
        if not (np.isfinite(a) & (a >= 0)).all():
            raise _args.ArgumentError(f"{name} must be counts (finite numbers, 0 or more), not {v!r:.80}.")
    tp, fp, fn, tn = (np.asarray(v, dtype="float64") for v in (tp, fp, fn, tn))
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (tp * tn - fp * fn) / np.where(den > 0, den, 1), 0.0)


class _Context:
    """Everything about the candidates and onsets that does not depend on the theory."""

    def __init__(self, pledges: tuple[str, ...], lag: int):
        sy = theories._state_table()
        self.sy = sy
        self.ccode = sy.ccode.to_numpy()
        self.year = sy.year.to_numpy()
        keys = _state_key(self.ccode, self.year)
        key_index = pd.Index(keys)
        prev = key_index.get_indexer(_state_key(self.ccode, self.year - lag))
        self.assess = np.where(prev >= 0, prev, np.arange(len(sy)))  # row whose view counts
        u = _onsets(pledges)
        pos1 = key_index.get_indexer(_state_key(u.ccode1, u.year))
        pos2 = key_index.get_indexer(_state_key(u.ccode2, u.year))
        cand = ~u.allied_before.to_numpy()
        onset = cand & u.allied.to_numpy()
        self.n_candidates = int(cand.sum())
        self.n_onsets = int(onset.sum())
        self.on1, self.on2 = pos1[onset], pos2[onset]
        # pairs in the same year that are NOT candidates: allied before, or never on the same day
        n_per_year = np.bincount(self.year - panel.FIRST_YEAR)
        all_pairs = int((n_per_year * (n_per_year - 1) // 2).sum())
        ex1, ex2 = [pos1[~cand]], [pos2[~cand]]
        if all_pairs != len(u):  # same calendar year, never the same day (peacesciencer's false dyads)
            extra = _non_coexisting(sy, np.sort(_dyad_key(u.ccode1, u.ccode2, u.year)))
            ex1.append(np.array([a for a, _ in extra], dtype="int64"))
            ex2.append(np.array([b for _, b in extra], dtype="int64"))
        self.ex1, self.ex2 = np.concatenate(ex1), np.concatenate(ex2)
        # the candidates' keys, sorted: looked up by binary search (a hash index of them is several times larger)
        self.pair_keys = np.sort(_dyad_key(np.minimum(u.ccode1, u.ccode2), np.maximum(u.ccode1, u.ccode2), u.year)[cand])

    def shared_counts(self, d: np.ndarray) -> tuple[int, int]:
        """(predicted pairs among candidates, true positives) for 'same danger' predictions."""
        d = np.where(d == self.ccode, -1, d)
        valid = d >= 0
        group = self.year[valid].astype("int64") * 1000 + d[valid]
        _, counts = np.unique(group, return_counts=True)
        total = int((counts * (counts - 1) // 2).sum())
        excluded = int(((d[self.ex1] == d[self.ex2]) & (d[self.ex1] >= 0)).sum())
        tp = (d[self.on1] == d[self.on2]) & (d[self.on1] >= 0)
        return total - excluded, tp

    def bandwagon_pairs(self, target: np.ndarray) -> tuple[int, np.ndarray]:
        """(predicted candidate pairs, onset hits) for 'align with your top threat' predictions."""
        rows = np.flatnonzero(target >= 0)
        if not len(rows):
            return 0, np.zeros(self.n_onsets, dtype=bool)
        a, b, y = self.ccode[rows], target[rows], self.year[rows]
        keys = np.unique(_dyad_key(np.minimum(a, b), np.maximum(a, b), y))
        predicted = int(_in_sorted(keys, self.pair_keys).sum())
        hit = (target[self.on1] == self.ccode[self.on2]) | (target[self.on2] == self.ccode[self.on1])
        return predicted, hit

    def table(self, predicted: int, hits: np.ndarray) -> dict:
        tp = int(hits.sum())
        fp, fn = predicted - tp, self.n_onsets - tp
        tn = self.n_candidates - predicted - fn
        return {"predicted": predicted, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                "precision": tp / predicted if predicted else np.nan, "recall": tp / self.n_onsets,
                "mcc": float(mcc(tp, fp, fn, tn))}


def _in_sorted(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``table`` (sorted ascending)."""
    if not len(table):
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(table, values)
    return table[np.minimum(pos, len(table) - 1)] == values


def _non_coexisting(sy: pd.DataFrame, coexist: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of rows of ``sy`` in the same year whose dyad-year key is not in ``coexist`` (sorted)."""
    out = []
    ccode, year = sy.ccode.to_numpy(), sy.year.to_numpy()
    for y in np.unique(year):
        rows = np.flatnonzero(year == y)
        c = ccode[rows]
        lo, hi = np.minimum.outer(c, c), np.maximum.outer(c, c)
        ii, jj = np.triu_indices(len(rows), 1)
        keys = _dyad_key(lo[ii, jj], hi[ii, jj], y)
        miss = ~_in_sorted(keys, coexist)
        out += list(zip(rows[ii[miss]], rows[jj[miss]]))
    return out


@functools.lru_cache(maxsize=1)  # one at a time: a context holds arrays of a million pairs
def _context(pledges: tuple[str, ...] = ("defense", "offense"), lag: int = 1) -> _Context:
    if lag not in (0, 1):
        raise ValueError(f"lag must be 0 (same year) or 1 (the year before), not {lag!r}.")
    return _Context(pledges, lag)


def _per_row(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column of a state-year frame, aligned to the context's rows (-1 where absent)."""
    s = pd.Series(frame[column].to_numpy(), index=_state_key(frame.ccode, frame.year))
    sy = theories._state_table()
    return s.reindex(_state_key(sy.ccode, sy.year)).fillna(-1).to_numpy("int64")


def classify_onsets(
    weights=None,
    form: str = _DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
    weakness: float = theories.DEFAULT_WEAKNESS,
    pledges: Sequence[str] = ("defense", "offense"),
    lag: int = 1,
    power_reach: str = "major_or_contiguous",
) -> pd.DataFrame:
    """Every alliance onset 1816-2016, classified (see the module docstring).

    Columns: ``ccode1``, ``ccode2``, ``year``, the partners' top threats (``threat1``,
    ``threat2``) and balance-of-power dangers (``power1``, ``power2``) as read, the flags
    ``with_threat``, ``shared_threat``, ``shared_power``, ``bandwagon_rule`` (the bandwagoning
    rule predicted this pair), ``label``, ``era``, ``region`` (the partners' COW region, or
    ``"cross-regional"``), and both partners' CINC (``cinc1``, ``cinc2``).
    """
    ctx = _context(_pledges(pledges), _lag(lag))
    bot = theories.balance_of_threat_dangers(weights, form, spec)
    dt = _per_row(bot, "danger")[ctx.assess]
    dp = _per_row(theories.balance_of_power_dangers(power_reach), "danger")[ctx.assess]
    theories._check_weakness(weakness)
    bw = theories._bandwagon_array(bot.danger.to_numpy(), weakness)[ctx.assess]
    a, b = ctx.on1, ctx.on2
    c1, c2 = ctx.ccode[a], ctx.ccode[b]
    with_threat = (dt[a] == c2) | (dt[b] == c1)
    shared_threat = (dt[a] == dt[b]) & (dt[a] >= 0)
    shared_power = (dp[a] == dp[b]) & (dp[a] >= 0)
    label = np.select([with_threat, shared_threat, shared_power], list(LABELS[:3]), default=LABELS[3])
    r1, r2 = region(c1), region(c2)
    cinc = ctx.sy.cinc.to_numpy()
    out = pd.DataFrame({
        "ccode1": c1, "ccode2": c2, "year": ctx.year[a],
        "threat1": dt[a], "threat2": dt[b], "power1": dp[a], "power2": dp[b],
        "with_threat": with_threat, "shared_threat": shared_threat, "shared_power": shared_power,
        "bandwagon_rule": (bw[a] == c2) | (bw[b] == c1),
        "label": pd.Categorical(label, categories=LABELS),
        "era": era(ctx.year[a]), "region": np.where(r1 == r2, r1, "cross-regional"),
        "cinc1": cinc[a], "cinc2": cinc[b],
    })
    out.attrs.update(form=form, weights=dict(zip(CRITERIA, threat.weights_array(weights))), lag=lag, pledges=_pledges(pledges))
    return out.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)


def shares(classified: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts and shares of each label, overall or by a column (``"era"``, ``"region"``, ...)."""
    _args.frame(classified, "classified", ["label"], hint="Use the output of classify_onsets().")
    if by is not None and not isinstance(by, str):
        raise _args.ArgumentError(f"by must be the name of one column (a string such as 'era'), not {by!r}.")
    if by is None:
        counts = classified.label.value_counts().reindex(list(LABELS), fill_value=0).to_frame("onsets").T
    else:
        if by not in classified.columns:
            raise ValueError(f"no column {by!r} to group by; the frame has {', '.join(classified.columns)}.")
        counts = pd.crosstab(classified[by], classified.label).reindex(columns=list(LABELS), fill_value=0)
    total = counts.sum(axis=1)
    out = counts.div(total, axis=0)
    out.columns = [f"share {c}" for c in out.columns]
    return pd.concat([counts.assign(total=total), out], axis=1)


def label_counts(
    classified: pd.DataFrame, groupings: Mapping[str, str], labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Counts and shares of each label within groups of onsets, for several groupings at once.

    ``groupings`` maps a display name to the column of ``classified`` holding each onset's group.
    ``labels`` fixes the labels and their order (default: the categories of a categorical
    ``label`` column, else the labels in order of first appearance); an onset with another label
    is an error. Groups follow a categorical column's categories (empty ones dropped), else sorted
    order. Returns one row per grouping, group and label (zero counts included): ``grouping``,
    ``group`` (the column's value), ``order`` (of the group within its grouping), ``label``,
    ``onsets``, ``total`` (onsets in the group) and ``share`` (``onsets / total``).
    """
    if not isinstance(classified, pd.DataFrame) or "label" not in classified.columns:
        raise ValueError("label_counts() needs the output of classify_onsets() (a frame with a label column).")
    _args.frame(classified, "classified", ["label"], hint="Use the output of classify_onsets().")
    if not isinstance(groupings, Mapping):
        raise _args.ArgumentError("groupings must map a display name to a column, e.g. {'Era': 'era'}, "
                                  f"not {groupings!r:.80}.")
    if not groupings:
        raise ValueError("give at least one grouping (display name -> column).")
    missing = [c for c in groupings.values() if c not in classified.columns]
    if missing:
        raise ValueError(f"classified is missing the column(s) {', '.join(map(repr, missing))}; it has "
                         f"{', '.join(map(repr, classified.columns))}.")
    if labels is None:
        lab = classified["label"]
        labels = list(lab.cat.categories) if isinstance(lab.dtype, pd.CategoricalDtype) else list(pd.unique(lab))
    labels = [str(v) for v in labels]
    if not labels or len(set(labels)) != len(labels):
        raise ValueError(f"labels must be distinct and not empty; got {labels!r}.")
    unknown = sorted(set(classified["label"].astype(str)) - set(labels))
    if unknown:
        raise ValueError(f"classified has labels {unknown} that are not in labels {labels}.")
    rows = []
    for name, column in groupings.items():
        values = classified[column]
        if values.isna().any():
            raise ValueError(f"column {column!r} (grouping {name!r}) has missing values; every onset needs a group.")
        order = _order_of(values)
        counts = pd.crosstab(values.astype(object), classified["label"].astype(str)).reindex(
            index=order, columns=labels, fill_value=0
        )
        total = counts.sum(axis=1)
        for i, group in enumerate(order):
            for label in labels:
                n = int(counts.loc[group, label])
                rows.append((name, group, i, label, n, int(total[group]), n / int(total[group])))
    return pd.DataFrame(rows, columns=["grouping", "group", "order", "label", "onsets", "total", "share"])


def score_region_rule(pledges: Sequence[str] = ("defense", "offense"), lag: int = 1) -> pd.Series:
    """A rule that knows nothing of threat, scored as :func:`score` scores the theories: every
    candidate pair of states in the same COW region (:func:`region`) is predicted to ally. The
    book's referees set it against both theories. Returns ``predicted``, ``tp``, ``fp``, ``fn``,
    ``tn``, ``precision``, ``recall``, ``mcc`` (no shuffled baseline: the rule has no danger to
    shuffle)."""
    ctx = _context(_pledges(pledges), _lag(lag))
    labels = region(ctx.ccode)
    known = sorted(set(labels) - {"unknown"})
    # a pseudo-danger per state: 901-906 are not COW codes, so no state is its own region's "danger"
    codes = {r: 901 + i for i, r in enumerate(known)}
    d = np.array([codes.get(r, -1) for r in labels], dtype="int64")
    predicted, hits = ctx.shared_counts(d)
    return pd.Series(ctx.table(predicted, hits), name="same region")


def score(
    weights=None,
    form: str = _DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
    weakness: float = theories.DEFAULT_WEAKNESS,
    permutations: int = 200,
    seed: int = 0,
    pledges: Sequence[str] = ("defense", "offense"),
    lag: int = 1,
    power_reach: str = "major_or_contiguous",
) -> pd.DataFrame:
    """Both theories' predictions scored against every onset (see the module docstring).

    One row per theory: ``predicted``, ``tp``, ``fp``, ``fn``, ``tn``, ``precision``,
    ``recall``, ``mcc``, and the shuffled-danger baseline: ``baseline_mcc`` (mean),
    ``baseline_sd`` and ``p_value``.
    """
    # bounded: each shuffle rescores every onset (about 10 ms), and 100,000 already give a p-value to 1e-5
    permutations = _args.whole(permutations, "permutations", 0, MAX_DRAWS)
    seed = _seed(seed)
    ctx = _context(_pledges(pledges), _lag(lag))
    bot = theories.balance_of_threat_dangers(weights, form, spec)
    dangers = {
        "balance of power": _per_row(theories.balance_of_power_dangers(power_reach), "danger")[ctx.assess],
        "balance of threat": _per_row(bot, "danger")[ctx.assess],
    }
    theories._check_weakness(weakness)
    bw_pred, bw_hit = ctx.bandwagon_pairs(theories._bandwagon_array(bot.danger.to_numpy(), weakness)[ctx.assess])
    extra = {"balance of power": (0, np.zeros(ctx.n_onsets, bool)), "balance of threat": (bw_pred, bw_hit)}
    rng = np.random.default_rng(seed)
    rows = []
    for name, d in dangers.items():
        pred, hit = ctx.shared_counts(d)
        row = ctx.table(pred + extra[name][0], hit | extra[name][1])
        null = []
        for _ in range(permutations):
            perm = np.lexsort((rng.random(len(d)), ctx.year))
            p, h = ctx.shared_counts(d[perm])
            null.append(ctx.table(p + extra[name][0], h | extra[name][1])["mcc"])
        null = np.array(null)
        row.update(theory=name, baseline_mcc=null.mean() if len(null) else np.nan,
                   baseline_sd=null.std(ddof=1) if len(null) > 1 else np.nan,
                   p_value=(1 + (null >= row["mcc"]).sum()) / (1 + len(null)) if len(null) else np.nan)
        rows.append(row)
    out = pd.DataFrame(rows).set_index("theory")
    out.attrs.update(candidates=ctx.n_candidates, onsets=ctx.n_onsets, form=form, power_reach=power_reach,
                     weights=dict(zip(CRITERIA, threat.weights_array(weights))), permutations=permutations)
    return out


def sweep(
    n: int = 1000,
    forms: Sequence[str] = threat.FORMS,
    spec: CriteriaSpec | None = None,
    weakness: float = theories.DEFAULT_WEAKNESS,
    seed: int = 0,
    pledges: Sequence[str] = ("defense", "offense"),
    lag: int = 1,
    weights=None,
    power_reach: str = "major_or_contiguous",
) -> pd.DataFrame:
    """Balance of threat against balance of power over ``n`` weightings of the criteria.

    The weightings are drawn uniformly from the simplex (a flat Dirichlet) with ``seed``, or
    given as ``weights`` (rows of four non-negative numbers; ``n`` is then ignored); each is
    scored under every form in ``forms``. One row per weighting and form: the four weights
    (``w_power`` ...), ``form``, ``mcc_threat``, ``mcc_power`` and ``margin`` (their
    difference). ``frame.attrs["share_threat_wins"]`` gives, per form and overall, the share of
    weightings for which balance of threat scores higher.
    """
    if weights is not None:
        if isinstance(weights, (Mapping, pd.Series)):
            rows_in = [weights]  # one weighting
        elif isinstance(weights, (str, bytes)) or not isinstance(weights, (Sequence, np.ndarray)):
            rows_in = None
        else:
            rows_in = list(weights)
            if rows_in and all(_args._is_real(v) for v in rows_in):
                rows_in = [weights]  # one weighting, as a flat row
        if not rows_in:
            raise _args.ArgumentError("weights must be weightings: rows of four numbers, or mappings, e.g. "
                                      f"[[1, 1, 1, 1], [2, 1, 0, 1]]; not {weights!r:.80}.")
        weights = np.array([_args.weights(w, CRITERIA, f"weights[{i}]") for i, w in enumerate(rows_in)])
        n = len(weights)
    else:  # bounded: n x 4 weights are drawn at once; the grid of steps 0.01 has 176,851 weightings
        n = _args.whole(n, "n", 1, MAX_DRAWS)
    forms = _args.names(forms, "forms", threat.FORMS, noun="functional forms")
    for f in forms:
        threat._check_form(f, threat.DEFAULT_FLOOR)
    seed = _seed(seed)
    ctx = _context(_pledges(pledges), _lag(lag))
    m = threat.model(spec)
    d_power = _per_row(theories.balance_of_power_dangers(power_reach), "danger")[ctx.assess]
    p, h = ctx.shared_counts(d_power)
    mcc_power = ctx.table(p, h)["mcc"]
    if weights is None:
        weights = np.random.default_rng(seed).dirichlet(np.ones(len(CRITERIA)), size=n)
    theories._check_weakness(weakness)
    theories._check_model_matches(m)
    rows = []
    for form in forms:
        for w in weights:
            top = m.top(m.threat(w, form), form)
            danger = np.where(top >= 0, m.ccode2[np.maximum(top, 0)], -1).astype("int64")
            pred, hit = ctx.shared_counts(danger[ctx.assess])
            bp, bh = ctx.bandwagon_pairs(theories._bandwagon_array(danger, weakness)[ctx.assess])
            rows.append((*w, form, ctx.table(pred + bp, hit | bh)["mcc"]))
    out = pd.DataFrame(rows, columns=[*(f"w_{c}" for c in CRITERIA), "form", "mcc_threat"])
    out["mcc_power"] = mcc_power
    out["margin"] = out.mcc_threat - out.mcc_power
    wins = out.assign(win=out.margin > 0).groupby("form").win.mean().to_dict()
    wins["all"] = float((out.margin > 0).mean())
    out.attrs.update(share_threat_wins=wins, n=n, seed=seed, power_reach=power_reach)
    return out


def shared_danger_share(dangers: pd.DataFrame, region: str | None = None, lag: int = 1) -> pd.Series:
    """Per year ``t``, the share of pairs of states that share a principal danger: the base rate
    against which to judge how often alliance partners share one.

    ``dangers`` is a state-year frame with columns ``ccode``, ``year`` and ``danger`` (a COW code,
    -1 for none), as :func:`bot_core.theories.balance_of_threat_dangers` and
    :func:`bot_core.theories.balance_of_power_dangers` return. Each state's danger is read as
    :func:`classify_onsets` with the same ``lag`` reads it for an onset in ``t``: with ``lag=1``
    its danger in ``t - 1``, or in ``t`` if the state is new; with ``lag=0`` its danger in ``t``. A
    state whose danger so read is itself has none. A pair shares a danger
    when both name the same state (none never matches). ``region`` (a key of :data:`REGIONS`)
    keeps only the pairs with at least one state in that region; ``None`` keeps every pair.

    Returns a float Series indexed by ``year`` (every year of ``dangers``).
    """
    _args.frame(dangers, "dangers", ["ccode", "year", "danger"], integer=["ccode", "year", "danger"],
                hint="Build it with bot_core.theories.balance_of_threat_dangers().")
    if dangers.duplicated(["ccode", "year"]).any():
        raise _args.ArgumentError("dangers has more than one row for some (ccode, year); give one danger per state-year.")
    if region is not None and region not in REGIONS:
        raise _args.ArgumentError(f"region must be one of {', '.join(map(repr, REGIONS))} or None, not {region!r}.")
    prev = dangers.assign(year=dangers.year + _lag(lag))
    d = dangers[["ccode", "year"]].merge(prev, on=["ccode", "year"], how="left")
    same_year = pd.Series(dangers.danger.to_numpy(), index=d.index)   # the left merge keeps the rows' order
    d["danger"] = d.danger.fillna(same_year).astype("int64").where(lambda s: s != d.ccode, -1)
    total, same = _pairs_sharing(d)
    if region is not None:   # subtract the pairs with no state in the region
        t_out, s_out = _pairs_sharing(d[_region(d.ccode) != region])
        total, same = total - t_out.reindex(total.index, fill_value=0), same - s_out.reindex(total.index, fill_value=0)
    return same / total


def _pairs_sharing(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per year, the number of pairs of states, and of pairs naming the same danger (not -1)."""
    def pairs(k):
        return k * (k - 1) / 2
    total = pairs(frame.groupby("year").size())
    same = pairs(frame[frame.danger >= 0].groupby(["year", "danger"]).size()).groupby("year").sum()
    return total, same.reindex(total.index, fill_value=0)
