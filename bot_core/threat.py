"""The threat index: the four criteria combined with explicit weights and functional form.

Walt (1987) says that power, proximity, offensive capabilities and offensive intentions all
raise the threat a state poses, but not how they combine. Two forms are offered, both weighted
means of the criteria of :mod:`bot_core.criteria` (each in 0-1), so the index is in 0-1 too:

``"additive"``
    ``T = sum_k w_k c_k / sum_k w_k``. The sources substitute for one another: a distant but
    very hostile state can be as threatening as a near, indifferent giant. Walt's statement that
    each source raises threat "other things being equal" implies only that the index rises with
    each source, which both forms satisfy; it does not favour adding them. The additive form was
    the book's first default (:data:`ORIGINAL_FORM`).
``"geometric"`` (the default)
    ``T = prod_k (f + (1 - f) c_k) ** (w_k / sum_k w_k)``, a weighted geometric mean with a floor
    ``f`` (default 0.01). The sources complement one another: a state weak in one criterion
    cannot make up for it with the others, so a powerful state with no record of hostility
    threatens little. The floor keeps a single zero from erasing the rest entirely.

The default weights (power 0.1, proximity 0.3, offense 0.1, intent 0.5) and form (geometric) were
chosen, with the default :class:`~bot_core.criteria.CriteriaSpec`, on the evidence of 1816-1945
and reported out of sample on 1946-2016 (:mod:`bot_core.selection`; the chapter "Does the index
measure threat?"). The book's first choice, equal weights (:data:`ORIGINAL_WEIGHTS`), followed Walt
in ranking none of the four above the others, though equal nominal weights are not equal effective
weights when the criteria differ in spread and move together; it ranked the feared state first less
often. Only the weights' ratios matter: scaling all of them by a constant changes
nothing.

A dyad-year with a missing criterion (see :mod:`bot_core.criteria`) has a missing threat
(``NaN``); rankings leave it out and :func:`top_threats` says how many were left out.

Every ranking gives the same answer on every computer. Two rules see to it:

* the weighted sum is taken term by term, in the order of :data:`~bot_core.criteria.CRITERIA`
  (:func:`weighted_sum`), not by a BLAS matrix product, whose kernels, and so whose last bits,
  depend on the processor;
* scores are *compared* at :data:`TIE_DECIMALS` decimal places (:func:`comparable`): two targets
  whose indices agree to 1e-9 are tied, and a tie goes to the lower COW code. The criteria are
  measured far less finely than that, so the rule never separates states the data can tell
  apart; it only keeps a difference in the sixteenth digit (the rounding of one processor's
  ``log`` or ``exp`` against another's) from deciding which state is named.

The indices themselves are reported unrounded.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bot_core import _args
from bot_core import criteria as _criteria
from bot_core import panel
from bot_core.criteria import CRITERIA, CriteriaSpec

__all__ = [
    "DEFAULT_FORM", "DEFAULT_WEIGHTS", "FORMS", "ORIGINAL_FORM", "ORIGINAL_WEIGHTS", "TIE_DECIMALS", "ThreatModel", "comparable", "index", "model", "rank_of", "top_threat_by_state", "top_threats",
    "weighted_sum", "weights_array",
]

#: The default weights, chosen on the evidence (see the module docstring).
DEFAULT_WEIGHTS = {"power": 0.1, "proximity": 0.3, "offense": 0.1, "intent": 0.5}
#: The book's first weights: equal.
ORIGINAL_WEIGHTS = {"power": 0.25, "proximity": 0.25, "offense": 0.25, "intent": 0.25}
#: The functional forms.
FORMS = ("additive", "geometric")
#: The default form, chosen with the default weights.
DEFAULT_FORM = "geometric"
#: The book's first form.
ORIGINAL_FORM = "additive"
#: Floor of the geometric form.
DEFAULT_FLOOR = 0.01
#: Rankings compare indices rounded to this many decimal places (see the module docstring).
TIE_DECIMALS = 9


def weights_array(weights: Mapping[str, float] | Sequence[float] | None = None) -> np.ndarray:
    """Validated weights as an array in the order of :data:`bot_core.criteria.CRITERIA`, summing to 1.

    Accepts a mapping from criterion name to weight, a :class:`pandas.Series` included (read by
    label; criteria left out weigh 0; unknown labels raise), or a flat sequence of exactly four
    numbers in the order of the criteria. Negative, missing (NaN), infinite or all-zero weights,
    sets, strings and 2-D arrays raise ``bot_core._args.ArgumentError`` (a ``ValueError``).
    Only the ratios matter: weights of any magnitude, ``1e308`` or ``1e-308`` included, give the
    same shares as their ratios (see ``bot_core._args.normalised``).
    """
    if weights is None:
        weights = DEFAULT_WEIGHTS
    return _args.weights(weights, CRITERIA)


def _check_form(form: str, floor: float) -> None:
    if not isinstance(form, str) or form not in FORMS:
        raise _args.ArgumentError(f"form: unknown functional form {form!r}; choose one of {', '.join(FORMS)}.")
    _args.number(floor, "floor", 0, 1, lo_open=True, hi_open=True, rule="a number between 0 and 1 (exclusive)")


def weighted_sum(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``sum_k x[:, k] * w[..., k]``, term by term in a fixed order, with no BLAS call.

    ``x`` is ``(n, K)``; ``w`` is one weighting ``(K,)`` (the result is ``(n,)``) or ``m``
    weightings ``(m, K)`` (the result is ``(n, m)``). Each product and each sum is a single IEEE
    operation, so the result has the same bits on every processor, which ``x @ w`` does not
    promise (BLAS picks its kernels, and its order of summation, by CPU).
    """
    w = np.asarray(w, dtype="float64")
    cols = [x[:, k] if w.ndim == 1 else x[:, k, None] for k in range(x.shape[1])]
    wk = [w[k] if w.ndim == 1 else w[None, :, k] for k in range(x.shape[1])]
    acc = cols[0] * wk[0]
    for col, weight in zip(cols[1:], wk[1:]):
        acc += col * weight
    return acc


def comparable(t: np.ndarray) -> np.ndarray:
    """Indices as rankings compare them: rounded to :data:`TIE_DECIMALS` decimal places, so that
    float noise cannot order two targets the data do not tell apart (``NaN`` stays ``NaN``)."""
    return np.round(np.asarray(t, dtype="float64"), TIE_DECIMALS)


def _combine(x: np.ndarray, w: np.ndarray, form: str, floor: float, logx: np.ndarray | None = None) -> np.ndarray:
    if form == "additive":
        return weighted_sum(x, w)
    if logx is None:
        logx = np.log(floor + (1 - floor) * x)
    return np.exp(weighted_sum(logx, w))


def index(
    crit: pd.DataFrame,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = DEFAULT_FORM,
    floor: float = DEFAULT_FLOOR,
) -> pd.Series:
    """The threat index for every row of a frame of criteria (from :func:`bot_core.criteria.compute`).

    The criteria must be numbers in 0-1 (missing values give a missing index)."""
    _check_form(form, floor)
    _args.frame(crit, "crit", CRITERIA, real=CRITERIA, hint="Make it with bot_core.criteria.compute().")
    x = crit[list(CRITERIA)].to_numpy("float64")
    outside = (x < 0) | (x > 1)  # NaN (a missing criterion) is neither
    if outside.any():
        bad = sorted({CRITERIA[k] for k in np.flatnonzero(outside.any(axis=0))})
        raise _args.ArgumentError(
            f"crit: the criteria {bad} have values outside 0-1 (e.g. {x[outside][0]!r}); every criterion is a "
            "share in 0-1 (bot_core.criteria.compute() makes them so). Rescale them first.")
    return pd.Series(_combine(x, weights_array(weights), form, floor), index=crit.index, name="threat")


#: The largest COW state code (codes run 2-990); segments are keyed by ``year * 1000 + ccode``.
_MAX_CODE = 999

#: The columns a :class:`ThreatModel` needs, and the only ones its :attr:`~ThreatModel.frame` keeps.
MODEL_COLUMNS = ("ccode1", "ccode2", "year", *CRITERIA)


class ThreatModel:
    """The criteria of every directed dyad-year, arranged to recompute the index fast.

    Rows are sorted by ``year``, ``ccode1``, ``ccode2`` (a frame already in that order is not
    sorted again), so that each perceiving state-year is one contiguous segment. :meth:`threat`
    recomputes the whole index after a change of weights or form; :meth:`top` finds each
    state-year's top threat.

    Built to be small (the full model holds two million rows): ``frame`` keeps only the keys
    (``int16``) and the four criteria, and its criteria are the same memory as ``x`` (read-only:
    copy the frame to change it); ``logx``, which only the geometric form needs, is computed on
    first use.
    """

    def __init__(self, crit: pd.DataFrame, floor: float = DEFAULT_FLOOR):
        _check_form("additive", floor)
        _args.frame(crit, "crit", MODEL_COLUMNS, integer=("year", "ccode1", "ccode2"), real=CRITERIA,
                    hint="Make it with bot_core.criteria.compute().")
        keys = {c: crit[c].to_numpy() for c in ("year", "ccode1", "ccode2")}
        for c, v in keys.items():
            top = np.iinfo("int16").max if c == "year" else _MAX_CODE
            if len(v) and (v.min() < 0 or v.max() > top):
                raise _args.ArgumentError(f"crit: column {c!r} holds values outside 0-{top}: not COW codes or years.")
        year, ccode1, ccode2 = keys["year"], keys["ccode1"], keys["ccode2"]
        order = None if _is_sorted(year, ccode1, ccode2) else np.lexsort((ccode2, ccode1, year))

        def arranged(v: np.ndarray, dtype: str) -> np.ndarray:
            return (v if order is None else v[order]).astype(dtype, copy=False)

        # column-major: each criterion is one contiguous column, the layout of a DataFrame block
        x = np.empty((len(crit), len(CRITERIA)), dtype="float64", order="F")
        for k, c in enumerate(CRITERIA):
            x[:, k] = arranged(crit[c].to_numpy("float64"), "float64")
        x.flags.writeable = False
        self.x = x
        self.floor = floor
        self.ccode1, self.ccode2, self.year = (arranged(keys[c], "int16") for c in ("ccode1", "ccode2", "year"))
        self.frame = pd.DataFrame(x, columns=list(CRITERIA), copy=False)
        for i, c in enumerate(("ccode1", "ccode2", "year")):
            self.frame.insert(i, c, getattr(self, c))
        self.valid = ~np.isnan(x).any(axis=1)
        seg = self.year.astype("int64") * 1000 + self.ccode1
        self.starts = np.flatnonzero(np.concatenate([[True], seg[1:] != seg[:-1]]))
        self.seg_key = seg[self.starts]
        self.seg_len = np.diff(np.append(self.starts, len(seg)))
        self.seg_id = np.repeat(np.arange(len(self.starts), dtype="int32"), self.seg_len)
        for a in (self.ccode1, self.ccode2, self.year, self.valid, self.starts, self.seg_key, self.seg_len, self.seg_id):
            a.flags.writeable = False  # shared by every caller of model(): nobody may edit them
        self._shared: dict = {}  # logx, computed once and shared with every view (see _view)

    def _view(self) -> ThreatModel:
        """The same model for one caller: the arrays (read-only) are shared, the ``frame`` is the
        caller's own (a lazy copy: editing it copies, and never reaches the cached model)."""
        view = object.__new__(ThreatModel)
        view.__dict__.update(self.__dict__)
        view.frame = self.frame.copy(deep=False)
        return view

    @property
    def logx(self) -> np.ndarray:
        """``log(floor + (1 - floor) * x)``, the terms of the geometric form (computed on first
        use, read-only)."""
        if "logx" not in self._shared:
            logx = np.log(self.floor + (1 - self.floor) * self.x)
            logx.flags.writeable = False
            self._shared["logx"] = logx
        return self._shared["logx"]

    def threat(self, weights=None, form: str = DEFAULT_FORM) -> np.ndarray:
        """The index for every row (``NaN`` where a criterion is missing)."""
        _check_form(form, self.floor)
        logx = self.logx if form == "geometric" else None  # computed only when needed
        return _combine(self.x, weights_array(weights), form, self.floor, logx)

    def rows(self, ccode: int, year: int) -> slice:
        """The rows where ``ccode`` perceives, in ``year`` (an empty slice if it does not)."""
        ccode = _args.whole(ccode, "ccode", 0, _MAX_CODE, rule=f"a COW state code (a whole number 0-{_MAX_CODE})")
        year = _args.whole(year, "year", 0, int(np.iinfo("int16").max), rule="a whole year")
        pos = np.searchsorted(self.seg_key, year * 1000 + ccode)
        if pos == len(self.seg_key) or self.seg_key[pos] != year * 1000 + ccode:
            return slice(0, 0)
        return slice(self.starts[pos], self.starts[pos] + self.seg_len[pos])

    def none_level(self, form: str) -> float:
        """The index of a target scoring 0 on every weighted criterion: 0 under the additive
        form, the floor under the geometric one. A state-year whose best is no higher has no
        top threat (nothing it faces scores above zero on what the weights count)."""
        _check_form(form, self.floor)
        return 0.0 if form == "additive" else self.floor

    def top(self, threat: np.ndarray, form: str | None = None) -> np.ndarray:
        """Row of the top threat of every perceiving state-year (-1 for a state-year whose every
        row is missing). Indices are compared as :func:`comparable` rounds them, and a tie goes
        to the lower ``ccode2``. Given the ``form`` that made ``threat``, also -1 where the best
        is no higher than :meth:`none_level`: every target then ties at zero, and naming one
        would be arbitrary."""
        threat = comparable(threat)
        if threat.shape != (len(self.x),):
            raise _args.ArgumentError(
                f"threat must hold one index per row of the model ({len(self.x)}), as threat() returns; "
                f"got shape {threat.shape}.")
        best = np.fmax.reduceat(threat, self.starts)  # NaN only where the whole segment is NaN
        hit = np.flatnonzero(threat == best[self.seg_id])
        seg_of_hit = self.seg_id[hit]
        first = np.concatenate([[True], seg_of_hit[1:] != seg_of_hit[:-1]]) if len(hit) else np.zeros(0, bool)
        out = np.full(len(self.starts), -1, dtype="int64")
        out[seg_of_hit[first]] = hit[first]
        if form is not None:
            out[best <= _none_cut(self.none_level(form))] = -1
        return out


def _is_sorted(year: np.ndarray, ccode1: np.ndarray, ccode2: np.ndarray) -> bool:
    """Whether rows are in (year, ccode1, ccode2) order, ties allowed."""
    if len(year) < 2:
        return True
    dy, d1, d2 = (np.diff(v.astype("int64")) for v in (year, ccode1, ccode2))
    return bool(((dy > 0) | ((dy == 0) & ((d1 > 0) | ((d1 == 0) & (d2 >= 0))))).all())


def _none_cut(level: float) -> float:
    """Highest index still counted as 'no threat': the level, compared as :func:`comparable`
    compares indices (an index that rounds to it ties with a target that scores zero)."""
    return float(comparable(level))


def model(spec: CriteriaSpec | None = None) -> ThreatModel:
    """The :class:`ThreatModel` of every directed dyad-year 1816-2016 under ``spec``.

    One model is cached, the last one asked for: a model of another spec replaces it (the old
    one is let go before the new one is built, so that two never share the memory).

    Each call returns its own view of the cached model: its arrays are read-only and its
    ``frame`` is the caller's own, so editing what one call returns never changes a later result."""
    _args.spec(spec)
    return _model(spec if spec is not None else CriteriaSpec())._view()


#: The cached model: ``{spec: model}``, one entry at most.
_CACHE: dict[CriteriaSpec, ThreatModel] = {}


def _model(spec: CriteriaSpec) -> ThreatModel:
    if spec not in _CACHE:
        _CACHE.clear()
        _CACHE[spec] = ThreatModel(_criteria.compute(spec=spec))
    return _CACHE[spec]


def _cached(spec: CriteriaSpec | None) -> bool:
    """Whether :func:`model` holds the model of ``spec`` already."""
    return (spec or CriteriaSpec()) in _CACHE


@functools.cache
def _names() -> pd.DataFrame:
    st = panel.state_years()
    return st.drop_duplicates("ccode").set_index("ccode")[["stateabb", "statenme"]]


def _check_state_year(ccode, year, names_: tuple[str, str] = ("ccode", "year")) -> tuple[int, int]:
    """``ccode`` and ``year`` checked (``bot_core._args``), and ``ccode`` a system member in ``year``."""
    ccode = _args.code(ccode, names_[0])
    year = _args.year(year, names_[1])
    names = _names()
    if panel._member_keys().get_indexer([ccode * 10_000 + year])[0] < 0:
        years = panel.state_years().query("ccode == @ccode").year
        raise _args.ArgumentError(
            f"{names_[0]}: {names.loc[ccode, 'statenme']} ({ccode}) was not a system member in {year}; "
            f"it was in {_spans(years.to_numpy())}."
        )
    return ccode, year


def _spans(years: np.ndarray) -> str:
    breaks = np.flatnonzero(np.diff(years) > 1)
    starts = np.concatenate([[years[0]], years[breaks + 1]])
    ends = np.concatenate([years[breaks], [years[-1]]])
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in zip(starts, ends))


def top_threats(
    ccode: int,
    year: int,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = DEFAULT_FORM,
    k: int = 5,
    spec: CriteriaSpec | None = None,
    floor: float = DEFAULT_FLOOR,
) -> pd.DataFrame:
    """The ``k`` states that threaten ``ccode`` most in ``year``, ranked.

    Columns: ``rank``, ``ccode2``, ``stateabb``, ``statenme``, ``threat``, the four criteria,
    and ``contrib_<criterion>``: each criterion's contribution. For the additive form the
    contributions are ``w_k c_k`` and sum to ``threat``; for the geometric form they are
    ``w_k log(f + (1 - f) c_k)`` and sum to ``log(threat)``. ``frame.attrs["missing"]`` counts
    the states left out because a criterion was missing.

    >>> top_threats(2, 1962, k=3)          # doctest: +SKIP
    """
    ccode, year = _check_state_year(ccode, year)
    k = _args.whole(k, "k", 1, rule="a positive whole number")
    _check_form(form, floor)
    w = weights_array(weights)
    _args.spec(spec)
    if _cached(spec):
        m = model(spec)
        frame = m.frame.iloc[m.rows(ccode, year)][["ccode2", *CRITERIA]].reset_index(drop=True)
        frame["ccode2"] = frame.ccode2.astype("int64")  # as the panel's codes are
    else:  # only this state-year's criteria: the same numbers, without building the whole model
        frame = _criteria.compute(panel.dyad_years(year, year).query("ccode1 == @ccode"), spec=spec)
        frame = frame.sort_values("ccode2", kind="stable")[["ccode2", *CRITERIA]].reset_index(drop=True)
    x = frame[list(CRITERIA)].to_numpy("float64")
    parts = x * w if form == "additive" else np.log(floor + (1 - floor) * x) * w
    threat = _combine(x, w, form, floor)
    frame.insert(1, "threat", threat)
    for i, c in enumerate(CRITERIA):
        frame[f"contrib_{c}"] = parts[:, i]
    missing = int(frame.threat.isna().sum())
    frame = frame.dropna(subset=["threat"])
    order = np.lexsort((frame.ccode2.to_numpy(), -comparable(frame.threat.to_numpy())))  # ties: lower code
    frame = frame.iloc[order[:k]].reset_index(drop=True)
    names = _names().reindex(frame.ccode2)
    frame.insert(1, "stateabb", names.stateabb.to_numpy())
    frame.insert(2, "statenme", names.statenme.to_numpy())
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    frame.attrs.update(ccode=ccode, year=year, form=form, weights=dict(zip(CRITERIA, w)), missing=missing)
    return frame


def top_threat_by_state(
    year: int,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
    **changes,
) -> pd.Series:
    """Every state's top threat in ``year``, computed from that year's criteria alone.

    ``spec`` (or keyword changes to the default spec, e.g. ``half_distance_km=4000``, as
    :func:`bot_core.criteria.compute` takes them) sets the modelling choices, ``weights`` and
    ``form`` the index. Indices are compared as :func:`comparable` rounds them and a tie goes to the
    lower ``ccode2``, as in :meth:`ThreatModel.top`; a target whose index is missing is left out of
    its perceiver's ranking. Unlike :meth:`ThreatModel.top` given a form, a state whose every target
    scores zero still gets one (the lowest code): this compares whole rankings under two
    specifications, not whether a state faces a threat.

    Returns a Series of COW codes named ``ccode2``, indexed by the perceiving state (``ccode1``),
    in order of ``ccode1``; a state with no target left has no row.

    >>> top_threat_by_state(1962)[2]          # doctest: +SKIP
    365
    """
    year = _args.year(year)
    weights_array(weights)
    _check_form(form, DEFAULT_FLOOR)
    _args.spec(spec)
    crit = _criteria.compute(panel.dyad_years(year, year), spec=spec, **changes)
    t = crit[["ccode1", "ccode2"]].assign(threat=comparable(index(crit, weights, form).to_numpy())).dropna()
    t = t.sort_values(["ccode1", "threat", "ccode2"], ascending=[True, False, True])
    return t.drop_duplicates("ccode1").set_index("ccode1").ccode2


def rank_of(
    target: int,
    first: int,
    last: int,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """Where ``target`` stands in every other state's threat ranking, each year from ``first`` to ``last``.

    The ranking is :func:`top_threats`'s (indices compared as :func:`comparable` rounds them, a tie
    to the lower code, targets with a missing index left out), computed from the criteria of those
    years alone under ``spec``, ``weights`` and ``form``.

    Returns one row per state-year in which the state and ``target`` are both system members,
    in order of ``year`` and ``ccode``: ``ccode``, ``year``, ``rank`` (``Int64``; 1 if ``target`` is the
    top threat; ``<NA>`` where ``target``'s own index is missing, so that it is not ranked),
    ``ranked`` (the targets with a known index) and ``threat`` (``target``'s index).

    >>> rank_of(2, 2000, 2000).query("ccode == 20")["rank"].item()          # doctest: +SKIP
    """
    target = _args.code(target, "target")
    first, last = (_args.year(v, name) for v, name in ((first, "first"), (last, "last")))
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    weights_array(weights)
    _check_form(form, DEFAULT_FLOOR)
    _args.spec(spec)
    crit = _criteria.compute(panel.dyad_years(first, last), spec=spec)
    t = comparable(index(crit, weights, form).to_numpy())
    c1, c2 = crit.ccode1.to_numpy("int64"), crit.ccode2.to_numpy("int64")
    key = crit.year.to_numpy("int64") * 1000 + c1
    own = c2 == target
    pos = pd.Index(key[own]).get_indexer(key)  # the row of (perceiver, target) in each perceiver-year
    keep = pos >= 0
    if not keep.any():
        raise _args.ArgumentError(f"target {target} was not a system member in {first}-{last}, so no state ranks it.")
    mine = t[own][pos[keep]]
    ahead = (t[keep] > mine) | ((t[keep] == mine) & (c2[keep] < target))  # NaN compares False
    out = pd.DataFrame({"key": key[keep], "ahead": ahead, "known": ~np.isnan(t[keep])})
    out = out.groupby("key", sort=True).agg(ahead=("ahead", "sum"), ranked=("known", "sum"))
    k = out.index.to_numpy()
    threat = pd.Series(t[own], index=key[own]).reindex(k).to_numpy()
    rank = pd.array(out.ahead.to_numpy() + 1, dtype="Int64")
    rank[np.isnan(threat)] = pd.NA
    return pd.DataFrame({"ccode": k % 1000, "year": k // 1000, "rank": rank, "ranked": out.ranked.to_numpy("int64"),
                         "threat": threat})
