"""The threat index explorer: the data behind it, its charts, and a live widget.

The explorer answers one question for any setting of the model: *which states threaten a given
state most in a given year, and why?* It comes in two versions.

Static (the book's HTML page, no kernel)
    :func:`data` prepares a small table of criteria and :func:`chart` turns it into an altair
    chart whose parameters (state menu, year slider, four weight sliders, form buttons) run in
    the reader's browser, computing the threat index with the formula of :mod:`bot_core.threat`
    (see :func:`bot_core.charts.explorer.threat_explorer`). :func:`rank` is the same
    computation in Python, and :func:`agreement` checks it against the full model.
Live (Jupyter, Binder)
    :func:`widget` returns an :class:`ipywidgets.VBox` that recomputes from
    :func:`bot_core.threat.top_threats` for any state and year, 1816-2016.

Which targets the static page needs
    The page cannot hold every target of every state-year, but it need not: it keeps, for each
    perceiving state-year, every target that fewer than ``k`` others *dominate*. Target *l*
    dominates target *j* when *l* scores at least as high as *j* on all four criteria and, if
    they tie under some weighting, *l* comes first in the ranking's tie-break (the lower COW
    code), i.e. when *l*'s criteria are all strictly higher or *l*'s code is lower. Both forms
    of the index rise with every criterion, so a dominating target ranks ahead under *every*
    weighting, both forms and any floor; a target that ``k`` or more others dominate can never
    reach the top ``k``, and leaving it out changes no top-``k`` ranking. For the panels that
    trace a dyad over time, a pair kept in one year is kept in every year of the grid.
"""

from __future__ import annotations

import functools
import html
import time
from collections.abc import Mapping, Sequence

import altair as alt
from altair.utils.data import to_values
import numpy as np
import pandas as pd

from bot_core import _args, charts, panel, threat
from bot_core.charts import explorer as _xcharts
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = [
    "STATES", "YEARS", "ThreatExplorer", "agreement", "candidates", "chart", "data", "history",
    "names", "rank", "segments", "simplex_grid", "top_shares", "top_weightings", "widget",
]

#: Perceiving states of the static explorer: COW code -> label (menu order).
STATES = {
    2: "United States",
    200: "United Kingdom",
    220: "France",
    255: "Germany",
    260: "West Germany",
    365: "Russia / Soviet Union",
    710: "China",
    740: "Japan",
    750: "India",
    666: "Israel",
    651: "Egypt",
}
#: Years of the static explorer: every fifth year, 1820-2015.
YEARS = tuple(range(1820, 2016, 5))
#: The finest grid step of :func:`simplex_grid`.
MIN_STEP = 0.01
#: Decimals of the criteria embedded in the static page (see :func:`data`).
DECIMALS = 6


def names() -> pd.DataFrame:
    """Every COW state: ``ccode``, ``stateabb``, ``name`` and its first and last year as a member
    (a new frame on every call: editing it changes nothing else)."""
    return _names().copy()


@functools.cache
def _names() -> pd.DataFrame:
    st = panel.state_years()
    span = st.groupby("ccode").year.agg(first="min", last="max")
    out = st.drop_duplicates("ccode").set_index("ccode")[["stateabb", "statenme"]].join(span)
    return out.rename(columns={"statenme": "name"}).reset_index().sort_values("ccode", ignore_index=True)


def candidates(frame: pd.DataFrame, k: int = 10) -> pd.Series:
    """Which rows can reach their state-year's top ``k`` under some weighting (see the module
    docstring): True where fewer than ``k`` other targets of the same ``ccode1`` and ``year``
    dominate the row's target. Rows with a missing criterion are never candidates. Criteria are
    compared as rankings compare indices (:func:`bot_core.threat.comparable`), so that float
    noise in the last digits cannot decide which rows a page embeds."""
    _check_k(k)
    charts.base.require_columns(frame, ["ccode1", "year", "ccode2", *CRITERIA], "frame")
    out = np.zeros(len(frame), dtype=bool)
    positions = np.arange(len(frame))
    x_all = threat.comparable(frame[list(CRITERIA)].to_numpy("float64"))
    code_all = frame.ccode2.to_numpy()
    for _, rows in frame.groupby(["ccode1", "year"], sort=False).indices.items():
        x, code = x_all[rows], code_all[rows]
        ok = ~np.isnan(x).any(axis=1)
        x, code, rows = x[ok], code[ok], rows[ok]
        at_least = (x[:, None, :] >= x[None, :, :]).all(axis=2)  # [l, j]: l >= j everywhere
        above = (x[:, None, :] > x[None, :, :]).all(axis=2)
        first = code[:, None] < code[None, :]
        dominates = at_least & (above | first)
        np.fill_diagonal(dominates, False)
        out[positions[rows]] = dominates.sum(axis=0) < k
    return pd.Series(out, index=frame.index, name="candidate")


def _check_k(k) -> None:
    _args.whole(k, "k", 1, rule="a positive whole number")


def data(
    states: Mapping[int, str] | Sequence[int] = STATES,
    years: Sequence[int] = YEARS,
    k: int = 10,
    decimals: int = DECIMALS,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """The criteria the static explorer embeds: a tidy frame with one row per perceiving state
    ``ccode1``, ``year`` and target ``ccode2``, and the four criteria rounded to ``decimals``.

    Rows: for each state in ``states`` and year in ``years`` in which it was a system member,
    every target that can reach its top ``k`` (:func:`candidates`), and, for the over-time
    panels, the same pairs in all the other years of ``years`` (rows with a missing criterion
    included: the page never ranks them). ``frame.attrs`` records ``rows_all`` (every target
    of those state-years), ``rows_candidates`` and ``pairs``.

    Six decimals by default: the in-browser ranking then equals :func:`bot_core.threat.top_threats`
    in all but about one ranking in a thousand that :func:`agreement` tests, each a swap of targets
    whose threats differ by less than 1e-6 (with a 250 km half distance, proximity alone leaves
    distant states below that); at four, about one in a hundred. Values are rounded first as
    rankings compare them (:func:`bot_core.threat.comparable`), so that their last bits cannot
    decide the page's rounding.
    """
    _check_k(k)
    _args.whole(decimals, "decimals", 0, 9)
    codes = _args.codes(states, "states")
    years = _args.years(years, "years")
    frame = threat.model(spec).frame
    sub = frame[frame.ccode1.isin(codes) & frame.year.isin(years)][["ccode1", "year", "ccode2", *CRITERIA]]
    sub = sub.astype(dict.fromkeys(["ccode1", "year", "ccode2"], "int64"))  # the model keeps int16 keys
    keep = candidates(sub, k)
    pairs = sub.loc[keep, ["ccode1", "ccode2"]].drop_duplicates()
    out = sub.merge(pairs, on=["ccode1", "ccode2"]).sort_values(["ccode1", "year", "ccode2"], ignore_index=True)
    # rounded at the tie rule's places first, so that a value on a half-way point (0.0040875, 0.0148365)
    # rounds the same on every processor: its last bits cannot decide the page's digit
    out[list(CRITERIA)] = np.round(threat.comparable(out[list(CRITERIA)].to_numpy("float64")), decimals)
    out.attrs.update(rows_all=len(sub), rows_candidates=int(keep.sum()), pairs=len(pairs), k=k, decimals=decimals)
    return out


def rank(
    frame: pd.DataFrame,
    ccode: int,
    year: int,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    k: int = 10,
    floor: float = threat.DEFAULT_FLOOR,
) -> pd.DataFrame:
    """The top ``k`` of one state-year computed exactly as the static page computes it: the
    unnormalised slider weights in ``(w_p p + w_x x + w_o o + w_i n) / (w_p + w_x + w_o + w_i)`` or
    ``exp((w_p log(f + (1 - f) p) + ...) / (w_p + ...))``, ranked by threat, then by COW code.
    Columns ``rank``, ``ccode2``, ``threat``."""
    threat._check_form(form, floor)
    _check_k(k)
    w_row = _page_weights(weights)[None, :]
    _check_page_frame(frame)
    ccode = _args.whole(ccode, "ccode", rule="a state code (a whole number) of the frame's ccode1")
    year = _args.whole(year, "year", rule="a whole year of the frame")
    here = (frame.ccode1 == ccode) & (frame.year == year)
    if not here.any():
        _absent(frame, ccode, year)
    rows = frame[here].dropna(subset=list(CRITERIA))
    t = _page_threat(rows[list(CRITERIA)].to_numpy("float64"), w_row, form, floor)[:, 0]
    out = pd.DataFrame({"ccode2": rows.ccode2.to_numpy(), "threat": t})
    out = out.sort_values(["threat", "ccode2"], ascending=[False, True], kind="stable").head(k).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def _page_weights(weights) -> np.ndarray:
    """Weights as set on the page's sliders (unnormalised), checked, in the order of the criteria;
    rescaled by a power of two (exact: the page's quotients keep their bits) so that no sum of
    them can overflow."""
    return _args.scaled(_args.weight_values(threat.DEFAULT_WEIGHTS if weights is None else weights, CRITERIA))


def _check_page_frame(frame, name: str = "frame") -> None:
    _args.frame(frame, name, ["ccode1", "year", "ccode2", *CRITERIA], integer=("ccode1", "year", "ccode2"),
                real=CRITERIA, hint="Make it with bot_core.explorer.data().")


def _absent(frame: pd.DataFrame, ccode: int, year: int, name: str = "frame"):
    """Raise: ``frame`` holds no rows of ``ccode`` perceiving in ``year``; say what it holds."""
    if not (frame.ccode1 == ccode).any():
        held = sorted(set(frame.ccode1.tolist()))
        raise _args.ArgumentError(f"ccode: {name} holds no rows of state {ccode}; it holds {held[:12]}"
                                  f"{' ...' if len(held) > 12 else ''}. Make the frame with that state.")
    held = sorted(set(frame.year[frame.ccode1 == ccode].tolist()))
    raise _args.ArgumentError(f"year: {name} holds no rows of state {ccode} in {year}; its years are "
                              f"{held[0]}-{held[-1]} ({len(held)} years). Choose one of them.")


def _page_threat(x: np.ndarray, w: np.ndarray, form: str, floor: float) -> np.ndarray:
    """The page's formula for rows ``x`` (n x 4) and weightings ``w`` (m x 4, as set on the
    sliders), term by term in the page's order: an n x m array."""
    acc = np.zeros((len(x), len(w)))
    total = np.zeros(len(w))
    for k in range(len(CRITERIA)):
        term = x[:, k] if form == "additive" else np.log(floor + (1 - floor) * x[:, k])
        acc = acc + w[None, :, k] * term[:, None]
        total = total + w[:, k]
    return acc / total if form == "additive" else np.exp(acc / total)


def _top(t: np.ndarray, codes: np.ndarray, k: int) -> np.ndarray:
    """Column by column, the rows of the ``k`` highest values (ties: lower code first)."""
    return np.stack([np.lexsort((codes, -col))[:k] for col in t.T], axis=1)


def agreement(
    frame: pd.DataFrame,
    weightings: Sequence[Sequence[float]],
    forms: Sequence[str] = threat.FORMS,
    k: int = 10,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """How often the page's top ``k`` (the formula of :func:`rank`, on ``frame``) equals the full
    model's (every target, unrounded criteria, ranked as :func:`bot_core.threat.top_threats`
    ranks them), for every state-year of ``frame`` and every weighting.

    One row per form: ``rankings`` compared, ``identical`` (same targets, same order),
    ``same_set``, ``share_identical`` and ``max_gap``: the largest difference, rank by rank,
    between the full model's threat of the page's target and of the model's own (0 when all
    agree; a swap of two near-tied targets shows as a tiny gap).
    """
    _check_k(k)
    _check_page_frame(frame)
    forms = _args.names(forms, "forms", threat.FORMS, noun="functional forms")
    if isinstance(weightings, (Mapping, pd.Series, str)) or not isinstance(weightings, (Sequence, np.ndarray)):
        raise _args.ArgumentError("weightings must be a list of weightings, each a mapping or four numbers "
                                  f"(power, proximity, offense, intent), not {type(weightings).__name__}.")
    if not len(weightings):
        raise _args.ArgumentError("weightings: give at least one weighting.")
    raw = [_args.weight_values(w, CRITERIA, f"weightings[{i}]") for i, w in enumerate(weightings)]
    w_raw = np.array([_args.scaled(w) for w in raw])  # read by label; exact rescaling (see _page_weights)
    w_norm = np.array([_args.normalised(w) for w in raw])
    m = threat.model(spec)
    rows = []
    for form in forms:
        threat._check_form(form, m.floor)
        same = same_set = total = 0
        gap = 0.0
        for (i, y), g in frame.groupby(["ccode1", "year"], sort=True):
            g = g.dropna(subset=list(CRITERIA))
            sl = m.rows(int(i), int(y))
            ok = m.valid[sl]
            full_codes = m.ccode2[sl][ok]
            x = m.x[sl][ok]
            full_t = _grid_threat(m, sl, ok, w_norm, form)
            full_top = full_codes[_top(threat.comparable(full_t), full_codes, k)]
            page_codes = g.ccode2.to_numpy()
            page_t = _page_threat(g[list(CRITERIA)].to_numpy("float64"), w_raw, form, m.floor)
            page_top = page_codes[_top(page_t, page_codes, k)]
            where = pd.Index(full_codes)
            for c in range(len(w_raw)):
                a, b = page_top[:, c], full_top[:, c]
                total += 1
                if np.array_equal(a, b):
                    same += 1
                    same_set += 1
                    continue
                same_set += set(a.tolist()) == set(b.tolist())
                ta, tb = full_t[where.get_indexer(a), c], full_t[where.get_indexer(b), c]
                gap = max(gap, float(np.abs(ta - tb).max()))
        rows.append({"form": form, "rankings": total, "identical": same, "same_set": same_set,
                     "share_identical": same / total if total else np.nan, "max_gap": gap})
    return pd.DataFrame(rows).set_index("form")


def segments(top: pd.DataFrame, floor: float = threat.DEFAULT_FLOOR) -> pd.DataFrame:
    """The bars of :func:`bot_core.charts.explorer.threat_ranking` from a
    :func:`bot_core.threat.top_threats` frame (its ``attrs`` give the weights and form).

    Additive: each segment is the contribution ``w_k c_k`` (normalised weights) and the bar ends
    at the threat. Geometric: the segment is ``(contrib_k - w_k log f) / log(1 / f)``, criterion
    *k*'s factor on a logarithmic axis from ``f`` to 1, and the bar ends at
    ``log(threat / f) / log(1 / f)``."""
    charts.base.require_columns(top, ["rank", "statenme", "threat", *(f"contrib_{c}" for c in CRITERIA)], "top")
    if "form" not in top.attrs or "weights" not in top.attrs:
        raise _args.ArgumentError(
            "top has lost the attrs 'form' and 'weights' that top_threats() sets (pandas drops them in some "
            "operations), so its bars cannot be drawn: pass the frame top_threats() returned, or restore them "
            "with top.attrs.update(form=..., weights=...).")
    form = top.attrs["form"]
    w = dict(zip(CRITERIA, threat.weights_array(top.attrs["weights"])))
    threat._check_form(form, floor)
    span = np.log(1 / floor)
    parts = []
    for c in CRITERIA:
        contrib = top[f"contrib_{c}"].to_numpy("float64")
        seg = contrib if form == "additive" else (contrib - w[c] * np.log(floor)) / span
        parts.append(pd.DataFrame({
            "rank": top["rank"].to_numpy(), "ccode2": top.ccode2.to_numpy(), "name": top.statenme.to_numpy(),
            "criterion": c, "value": top[c].to_numpy("float64"), "segment": seg,
            "threat": top.threat.to_numpy("float64"),
        }))
    out = pd.concat(parts, ignore_index=True)
    out["position"] = out.threat if form == "additive" else np.log(out.threat / floor) / span
    return out.sort_values(["rank", "criterion"], ignore_index=True)


def history(
    ccode1: int,
    ccode2: int,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """One directed dyad's criteria and threat index in every year both were members:
    columns ``year``, the four criteria, ``threat``. Codes that are not COW states, or a pair
    that was never in the system together, raise ``ArgumentError`` (a ``ValueError``)."""
    ccode1, ccode2 = _args.code(ccode1, "ccode1"), _args.code(ccode2, "ccode2")
    if ccode1 == ccode2:
        raise _args.ArgumentError(f"ccode1 and ccode2 are both {ccode1}: a state is not its own threat; give two states.")
    threat._check_form(form, threat.DEFAULT_FLOOR)
    threat.weights_array(weights)
    m = threat.model(spec)
    mask = (m.ccode1 == ccode1) & (m.ccode2 == ccode2)
    if not mask.any():
        raise _args.ArgumentError(f"ccode1 {ccode1} and ccode2 {ccode2} were never system members in the same year; "
                                  "bot_core.explorer.names() gives each state's years.")
    rows = m.frame.loc[mask, ["year", *CRITERIA]].astype({"year": "int64"}).reset_index(drop=True)
    rows["threat"] = threat.index(rows, weights, form).to_numpy()
    return rows


def simplex_grid(step: float = 0.05) -> np.ndarray:
    """Every weighting whose four weights are multiples of ``step`` summing to 1 (rows of four).

    ``step`` must divide 1 into whole parts and be at least ``MIN_STEP`` (0.01: 176,851
    weightings; finer grids tell nothing the data can and take minutes)."""
    rule = f"a number from {MIN_STEP} to 1 that divides 1 into whole parts (0.05, 0.1, 0.25 ...)"
    value = _args.number(step, "step", MIN_STEP, 1, rule=rule)
    n = round(1 / value)
    if abs(n * value - 1) > 1e-6:
        raise _args.ArgumentError(f"step must be {rule}, not {step!r}.")
    a, b, c = np.indices((n + 1,) * 3).reshape(3, -1)  # the order of np.ndindex
    keep = a + b + c <= n
    a, b, c = a[keep], b[keep], c[keep]
    return np.stack([a, b, c, n - a - b - c], axis=1).astype("float64") / n


def _grid_threat(m: threat.ThreatModel, sl: slice, ok: np.ndarray, grid: np.ndarray, form: str) -> np.ndarray:
    """The full model's index of the rows ``sl`` (where ``ok``) under each weighting of ``grid``
    (normalised, m x 4): an n x m array, summed term by term as :func:`bot_core.threat.weighted_sum`
    sums, so that its bits do not depend on the processor."""
    if form == "additive":
        return threat.weighted_sum(m.x[sl][ok], grid)
    return np.exp(threat.weighted_sum(m.logx[sl][ok], grid))


def _winners(m: threat.ThreatModel, ccode: int, year: int, form: str, grid: np.ndarray) -> np.ndarray:
    """The top threat of ``ccode`` in ``year`` under each weighting of ``grid`` (ties to the lower
    COW code: a segment's rows are sorted by code and argmax takes the first); -1 under a
    weighting for which no target scores above zero (see :meth:`bot_core.threat.ThreatModel.top`)."""
    ccode, year = threat._check_state_year(ccode, year)
    threat._check_form(form, m.floor)
    sl = m.rows(ccode, year)
    ok = m.valid[sl]
    t = threat.comparable(_grid_threat(m, sl, ok, grid, form))
    best = np.argmax(t, axis=0)  # the first maximum: rows are in code order, so ties go to the lower code
    none = t[best, np.arange(t.shape[1])] <= threat._none_cut(m.none_level(form))
    return np.where(none, -1, m.ccode2[sl][ok][best])


def top_shares(
    ccode: int,
    years: Sequence[int],
    step: float = 0.05,
    forms: Sequence[str] = threat.FORMS,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """For each year and form, the share of the weightings on a grid (:func:`simplex_grid`)
    under which each target is ``ccode``'s top threat (ties to the lower COW code, as in
    :func:`bot_core.threat.top_threats`). Columns ``year``, ``form``, ``ccode2``, ``name``,
    ``share``; targets that are never top are left out, and so are the weightings under which
    no target scores above zero (the shares of a year then sum to less than 1)."""
    ccode = _args.code(ccode, "ccode")
    years = _args.years(years, "years")
    forms = _args.names(forms, "forms", threat.FORMS, noun="functional forms")
    grid = simplex_grid(step)
    m = threat.model(spec)
    rows = []
    for year in years:
        for form in forms:
            winners, counts = np.unique(_winners(m, ccode, int(year), form, grid), return_counts=True)
            rows += [(int(year), form, int(c), n / len(grid)) for c, n in zip(winners, counts) if c >= 0]
    out = pd.DataFrame(rows, columns=["year", "form", "ccode2", "share"])
    out.insert(3, "name", out.ccode2.map(names().set_index("ccode")["name"]))
    out.attrs.update(ccode=ccode, step=step, weightings=len(grid))
    return out


def top_weightings(
    ccode: int,
    year: int,
    target: int,
    form: str = _DEFAULT_FORM,
    step: float = 0.05,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """The weightings on the grid (:func:`simplex_grid`) under which ``target`` is ``ccode``'s
    top threat in ``year``: one row per weighting, one column per criterion (shares summing to 1).
    ``target`` must be a state ``ccode`` faced in ``year`` (else the answer would be empty for no
    reason the data give)."""
    grid = simplex_grid(step)
    ccode, year = threat._check_state_year(ccode, year)
    target = _args.code(target, "target")
    m = threat.model(spec)
    if target not in set(m.ccode2[m.rows(ccode, year)].tolist()):
        raise _args.ArgumentError(f"target {target} is not among the states {ccode} faced in {year} (it was not a "
                                  "system member that year, or it is the state itself); choose another target.")
    winners = _winners(m, ccode, year, form, grid)
    return pd.DataFrame(grid[winners == target], columns=list(CRITERIA))


def chart(
    frame: pd.DataFrame | None = None,
    *,
    state: int = 2,
    year: int = 1970,
    target: int | None = 365,
    weights: Mapping[str, float] | None = None,
    form: str = _DEFAULT_FORM,
    description: str | None = None,
    states: Mapping[int, str] = STATES,
) -> alt.VConcatChart:
    """The static explorer (:func:`bot_core.charts.explorer.threat_explorer`) on ``frame``
    (default :func:`data`), opening on ``state``, ``year`` and ``target``."""
    frame = data(states) if frame is None else frame
    _check_page_frame(frame)
    if weights is not None and not isinstance(weights, Mapping):
        weights = dict(zip(CRITERIA, (float(v) for v in _args.weight_values(weights, CRITERIA))))
    decimals = frame.attrs.get("decimals", DECIMALS)
    here = {c: lab for c, lab in states.items() if c in set(frame.ccode1.unique().tolist())}
    return _xcharts.threat_explorer(
        frame, names(), here, state=state, year=year, target=target, weights=weights, form=form,
        floor=threat.DEFAULT_FLOOR, decimals=decimals, description=description,
    )


# --- the live widget ---------------------------------------------------------------------------


def _bundle(spec: dict) -> dict:
    """An Output widget's display entry for a Vega-Lite spec, from the active altair renderer."""
    out = alt.renderers.get()(spec)
    data_, meta = out if isinstance(out, tuple) else (out, {})
    return {"output_type": "display_data", "data": data_, "metadata": meta or {}}


class _Specs:
    """The live explorer's two specifications, built once per layout and then refilled.

    Building an altair chart and validating it takes longer than the widget may spend on an
    update, so each chart is built once (per form and number of bars) by its builder, and every
    later update copies that specification with new data and new titles. The result is the same
    specification the builder would return (tests/test_explorer.py checks it)."""

    def __init__(self):
        self.cache: dict = {}

    @staticmethod
    def _fill(template: dict, frame: pd.DataFrame) -> dict:
        spec = dict(template)
        (name,) = spec["datasets"]
        spec["datasets"] = {name: to_values(frame)["values"]}
        return spec

    def ranking(self, segs: pd.DataFrame, form: str, title: str, subtitle: str, description: str) -> dict:
        frame = _xcharts.ranking_frame(segs)
        key = ("ranking", form, frame["rank"].nunique())
        if key not in self.cache:
            self.cache[key] = _xcharts.threat_ranking(segs, form=form, floor=threat.DEFAULT_FLOOR).to_dict(validate=False)
        spec = self._fill(self.cache[key], frame)
        spec["title"] = {**spec["title"], "text": title, "subtitle": subtitle}
        spec["description"] = description
        return spec

    def history(self, hist: pd.DataFrame, year: int, title: str, description: str) -> dict:
        frame = _xcharts.history_frame(hist, year if year in set(hist.year.tolist()) else None)
        if "history" not in self.cache:
            self.cache["history"] = _xcharts.dyad_history(hist).to_dict(validate=False)
        spec = self._fill(self.cache["history"], frame)
        first = dict(spec["vconcat"][0])
        first["title"] = {**first["title"], "text": title}
        spec["vconcat"] = [first, *spec["vconcat"][1:]]
        spec["description"] = description
        return spec


def _text(message: str) -> dict:
    return {"output_type": "display_data", "data": {"text/plain": message, "text/html": f"<p>{html.escape(message)}</p>"}, "metadata": {}}




class ThreatExplorer:
    """The live explorer's controls and their callback (use :func:`widget` to get the box).

    Attributes: ``state`` (Dropdown of every COW state), ``year`` (IntSlider, limited to the
    state's years as a member), ``weights`` (criterion -> FloatSlider), ``form``
    (ToggleButtons), ``target`` (Dropdown of the current top ten: whose history to trace),
    ``output`` (Output holding the two charts), ``box`` (the VBox of all of them),
    ``last_seconds`` (how long the last update took) and ``updates`` (how many ran).
    """

    def __init__(self, state: int = 2, year: int = 1970, weights=None, form: str = _DEFAULT_FORM, k: int = 10,
                 spec: CriteriaSpec | None = None):
        import ipywidgets as w

        _check_k(k)
        threat._check_form(form, threat.DEFAULT_FLOOR)
        state = _args.code(state, "state")
        year = _args.year(year, "year")
        self.k, self.spec = k, spec
        threat.model(spec)  # build once, before the first callback
        table = names()
        self._span = table.set_index("ccode")[["first", "last"]]
        lo, hi = (int(v) for v in self._span.loc[state])
        if not lo <= year <= hi:
            raise _args.ArgumentError(f"year {year} is outside {table.set_index('ccode').name[state]}'s years as a "
                                      f"system member ({lo}-{hi}); choose a year in that range.")
        self._names = table.set_index("ccode")["name"]
        options = sorted(((f"{n} ({a})", int(c)) for c, a, n in zip(table.ccode, table.stateabb, table.name)))
        style = {"description_width": "150px"}
        layout = w.Layout(width="460px")
        self.state = w.Dropdown(options=options, value=state, description="Perceiving state", style=style, layout=layout)
        first, last = (int(v) for v in self._span.loc[state])
        self.year = w.IntSlider(value=year, min=first, max=last, step=1, description="Year", style=style,
                                layout=layout, continuous_update=False)
        start = threat.DEFAULT_WEIGHTS if weights is None else dict(zip(CRITERIA, threat.weights_array(weights)))
        self.weights = {
            c: w.FloatSlider(value=float(start[c]), min=0, max=1, step=0.05, description=f"Weight: {c}",
                             style=style, layout=layout, continuous_update=False, readout_format=".2f")
            for c in CRITERIA
        }
        self.form = w.ToggleButtons(options=list(threat.FORMS), value=form, description="Functional form", style=style)
        self.target = w.Dropdown(options=[], description="Trace over time", style=style, layout=layout)
        self.output = w.Output()
        self.last_seconds = float("nan")
        self.updates = 0
        self._busy = False
        self._specs = _Specs()
        self.box = w.VBox([self.state, self.year, *self.weights.values(), self.form, self.target, self.output])
        self.box.explorer = self  # the controls stay reachable from the box
        self.state.observe(self._state_changed, names="value")
        for control in (self.year, *self.weights.values(), self.form, self.target):
            control.observe(self._changed, names="value")
        self.update()

    def _state_changed(self, change) -> None:
        first, last = (int(v) for v in self._span.loc[change["new"]])
        self._busy = True
        try:  # widen first, so that min <= max at every step
            self.year.min, self.year.max = min(self.year.min, first), max(self.year.max, last)
            self.year.value = min(max(self.year.value, first), last)
            self.year.min, self.year.max = first, last
        finally:
            self._busy = False
        self.update()

    def _changed(self, change) -> None:
        if not self._busy:
            self.update(traced=self.target.value if change["owner"] is self.target else None)

    def settings(self) -> dict:
        """The current weights (as set on the sliders) and form."""
        return {"weights": {c: s.value for c, s in self.weights.items()}, "form": self.form.value}

    def update(self, traced: int | None = None) -> None:
        """Recompute the ranking and the traced dyad's history; redraw the output."""
        t0 = time.perf_counter()
        ccode, year, s = self.state.value, self.year.value, self.settings()
        try:
            top = threat.top_threats(ccode, year, s["weights"], s["form"], k=self.k, spec=self.spec)
        except ValueError as err:
            self.output.outputs = (_text(str(err)),)
        else:
            options = [(f"{r}. {n}", int(c)) for r, n, c in zip(top["rank"], top.statenme, top.ccode2)]
            keep = traced if traced is not None else self.target.value
            if keep not in [c for _, c in options]:
                keep = options[0][1] if options else None
            self._busy = True
            try:
                self.target.options = options
                self.target.value = keep
            finally:
                self._busy = False
            who = self._names.loc[ccode]
            w_text = ", ".join(f"{c} {v:.0%}" for c, v in top.attrs["weights"].items())
            leader = f"{top.statenme.iloc[0]} ({top.threat.iloc[0]:.3f})" if len(top) else "none"
            outputs = [_bundle(self._specs.ranking(
                segments(top), s["form"],
                title=f"Top {len(top)} threats to {who} in {year}",
                subtitle=f"{s['form'].capitalize()} form; weights as shares: {w_text}",
                description=f"Horizontal bars: the top {len(top)} threats to {who} in {year}, each divided into "
                            f"the four criteria's contributions; the first is {leader}.",
            ))]
            if keep is not None:
                hist = history(ccode, keep, s["weights"], s["form"], self.spec)
                pair = f"{who} from {self._names.loc[keep]}"
                outputs.append(_bundle(self._specs.history(
                    hist, year, title=f"Threat to {pair}, by year",
                    description=f"Two line charts by year: the threat to {pair} and its four criteria.")))
            self.output.outputs = tuple(outputs)
        self.updates += 1
        self.last_seconds = time.perf_counter() - t0


def widget(state: int = 2, year: int = 1970, weights=None, form: str = _DEFAULT_FORM, k: int = 10,
           spec: CriteriaSpec | None = None):
    """The live explorer as an :class:`ipywidgets.VBox`: a menu of every COW state, a year slider
    limited to the state's membership, four weight sliders, the form buttons, a menu of the
    target to trace, and an Output showing the ranking and the traced dyad's history. Its
    attribute ``explorer`` is the :class:`ThreatExplorer` holding the controls."""
    return ThreatExplorer(state, year, weights, form, k, spec).box
