"""Choosing a specification by evidence, honestly: fit on one era, report on the other.

The threat index has many choices (:class:`~bot_core.criteria.CriteriaSpec`, the weights, the
functional form). This module chooses them by how well the index ranks the states that
:mod:`bot_core.validate`'s yardsticks say were feared, and keeps the choice honest by choosing on
one era and reporting on the other, never the era it was chosen on.

Objective
    For a fitting era (one of :data:`bot_core.validate.ERAS`), the mean over the ATOP named-threat
    and ICB trigger yardsticks (:data:`OBJECTIVE_YARDSTICKS`) of the share of cases whose feared
    state the index ranks first (``top1``), ranked as :func:`bot_core.validate.rank_cases` ranks it
    (the book's tie rule, :func:`bot_core.threat.comparable`). Unlike :func:`bot_core.validate.score`,
    which reports unranked cases apart (``missing``), the objective counts a case whose feared
    state a spec cannot rank (its data are missing) as missed: a spec must not gain by leaving
    the hard cases out. Ties between candidates go to the
    higher mean ``top3``, then to the candidate met first in the search (the original first).
    Only the fitting era's cases of those two yardsticks are read: :func:`fit` never sees the
    other era's cases, nor the other yardsticks.

Search (small enough to run in minutes)
    Coordinate search over the option settings of :data:`DIMENSIONS`, starting from the original
    spec: each dimension in turn is set to the value that scores best (with the other dimensions
    held), and rounds repeat until a round changes nothing (at most ``rounds``). Every candidate
    spec is scored at its best weights and form: every weighting on the simplex in steps of
    ``step`` (0.1: 286 weightings) under each form of :data:`bot_core.threat.FORMS`. The criteria of
    a spec are computed once (for the fitting era's perceiver-years only) and cached.

The results (:func:`fit`, :func:`report`) give the chosen spec, weights and form, the search log,
and the validity of the chosen specification on every yardstick and both eras, labelled in sample
(the fitting era) or out of sample (the other one).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bot_core import _args, criteria, threat, validate
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = [
    "CHOSEN_ERA", "CHOSEN_FORM", "CHOSEN_SPEC", "CHOSEN_WEIGHTS", "DIMENSIONS", "MIN_STEP", "OBJECTIVE_YARDSTICKS",
    "TEXTBOOK_CASES", "Fit", "fit", "report", "simplex", "textbook", "validity_grid", "weight_parts",
]

#: The yardsticks whose mean top-1 is the objective.
OBJECTIVE_YARDSTICKS = ("atop", "icb")

#: The option settings searched, by dimension: each a mapping of
#: :class:`~bot_core.criteria.CriteriaSpec` changes
#: (the first, no change, is the original specification, :data:`~bot_core.criteria.ORIGINAL_SPEC`).
DIMENSIONS: dict[str, tuple[dict, ...]] = {
    "power": (
        {}, {"power_relative": True}, {"power": "gdp", "power_relative": True},
        {"power": "sdp", "power_relative": True}, {"power": "gdp"},
    ),
    "offense": (
        {}, {"offense_measure": "burden"}, {"offense_distance": False},
        {"offense_measure": "burden", "offense_distance": False},
    ),
    "reach": ({}, {"reach_rule": "capability"}, {"reach_rule": "capability", "proximity_reach": True}),
    "gradient": (
        {}, {"half_distance_km": 250.0}, {"half_distance_km": 500.0}, {"half_distance_km": 2000.0},
        {"half_distance_km": 500.0, "half_distance_growth": 0.01},
    ),
    "aggression": ({}, {"aggression_weight": 0.5, "aggression_scale": 3.0},
                   {"aggression_weight": 1.0, "aggression_scale": 3.0}),
    "affinity": (
        {}, {"affinity_weight": 0.5}, {"affinity_weight": 0.9},
        {"affinity_weight": 0.9, "affinity_sources": ("alliance",)},
    ),
    # how distance is measured: capitals and territories equally (the original), territory only, or
    # mostly territory (large neighbours such as Russia and China then count as near)
    "distance": ({}, {"core_weight": 0.0}, {"core_weight": 0.25}),
}

#: The era the book's specification was chosen on: it is reported, out of sample, on the other.
CHOSEN_ERA = "1816–1945"
#: What ``fit(CHOSEN_ERA)`` chooses from the original specification
#: (:data:`~bot_core.criteria.ORIGINAL_SPEC`): economic power (GDP, scaled to the system's
#: largest), offensive capabilities without a second distance discount, a steeper loss-of-strength
#: gradient (half the effect at 250 km) and an affinity term (weight 0.5: alliance, UN voting and
#: regime). It is the package's default (``CriteriaSpec()``); ``tests/test_model_options.py``
#: re-runs the search and checks that it still chooses it.
CHOSEN_SPEC = CriteriaSpec()
#: The chosen weights (power, proximity, offense, intent) and form: the defaults of :mod:`bot_core.threat`.
CHOSEN_WEIGHTS = tuple(threat.DEFAULT_WEIGHTS[c] for c in CRITERIA)
CHOSEN_FORM = threat.DEFAULT_FORM

#: The textbook cases: relationships on which historians agree, each a perceiver, the states it
#: should rank first (``expected``; for ``kind="not"``, a state it should *not* rank first), the
#: years, and a label. Fixed as a list, successes and failures alike, and never used to choose a
#: specification: the referees' cases (the Iran-Iraq war, Israel after 1967, united Germany, the
#: United States and Canada) and the standard rivalries of each era.
TEXTBOOK_CASES = (
    (630, (645,), 1980, 1988, "fears", "Iran: Iraq, in the Iran-Iraq war"),
    (645, (630,), 1980, 1988, "fears", "Iraq: Iran, in the Iran-Iraq war"),
    (666, (651, 652, 663, 645), 1967, 1979, "fears", "Israel: an Arab neighbour, 1967-79"),
    (651, (666,), 1949, 1979, "fears", "Egypt: Israel, 1949-79"),
    (652, (666,), 1949, 2016, "fears", "Syria: Israel"),
    (2, (365,), 1947, 1989, "fears", "United States: the Soviet Union, Cold War"),
    (365, (2,), 1947, 1989, "fears", "Soviet Union: the United States, Cold War"),
    (710, (365,), 1969, 1989, "fears", "China: the Soviet Union, after the split"),
    (713, (710,), 1950, 2016, "fears", "Taiwan: China"),
    (732, (731,), 1950, 2016, "fears", "South Korea: North Korea"),
    (750, (770, 710), 1962, 2016, "fears", "India: Pakistan or China"),
    (770, (750,), 1948, 2016, "fears", "Pakistan: India"),
    (350, (640,), 1974, 2016, "fears", "Greece: Turkey, after Cyprus 1974"),
    (220, (255,), 1871, 1913, "fears", "France: Germany, 1871-1913"),
    (200, (255,), 1900, 1913, "fears", "Britain: Germany, 1900-13"),
    (255, (2,), 1992, 1998, "not", "united Germany: not the United States, 1992-98"),
    (2, (20,), 1946, 2016, "not", "United States: not Canada"),
    (20, (2,), 1946, 2016, "not", "Canada: not the United States"),
)


#: The finest grid :func:`simplex` builds (the same as ``bot_core.explorer.MIN_STEP``: 176,851 weightings;
#: a finer one tells nothing the cases can and would take hours to score).
MIN_STEP = 0.01


def simplex(step: float = 0.1) -> np.ndarray:
    """Every weighting of the four criteria on the simplex in steps of ``step`` (1/step must be a
    whole number, ``step`` at least :data:`MIN_STEP`), each row normalised as
    :func:`bot_core.threat.weights_array` normalises it, in the order of
    ``itertools.product(range(k + 1), repeat=4)`` (``k = 1/step``)."""
    k = _args.grid_parts(step, "step", MIN_STEP)
    a, b, c = np.indices((k + 1,) * 3).reshape(3, -1)  # product's order: the fourth part follows from the three
    keep = a + b + c <= k
    parts = np.stack([a[keep], b[keep], c[keep], k - a[keep] - b[keep] - c[keep]], axis=1)
    v = parts / k  # the bits of c / k
    # weights_array's normalisation, row by row (an exact power-of-two rescaling, then the sum)
    _, e = np.frexp(v.max(axis=1))
    v = np.ldexp(v, -e[:, None])
    return v / (((v[:, 0] + v[:, 1]) + v[:, 2]) + v[:, 3])[:, None]


def _check_era(era) -> str:
    if not isinstance(era, str) or era not in validate.ERAS:
        raise _args.ArgumentError(f"era must be one of {', '.join(validate.ERAS)}, not {era!r}.")
    return era


# --- fast scoring of one era's objective -------------------------------------------------------


class _EraScorer:
    """Ranks of the feared states of one era's ATOP and ICB cases under one spec, for many
    weightings at once (the same ranks as :func:`bot_core.validate.rank_cases`)."""

    def __init__(self, cases: pd.DataFrame, spec: CriteriaSpec):
        dy = validate._dyad_years()
        seg = dy.year.to_numpy("int64") * 1000 + dy.ccode1.to_numpy("int64")
        want = np.unique(cases.year.to_numpy("int64") * 1000 + cases.ccode1.to_numpy("int64"))
        frame = dy[np.isin(seg, want)].sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)
        m = threat.ThreatModel(criteria.compute(frame, spec=spec))
        keys = validate._keys(m)
        case_keys = validate._dkey(cases.ccode1, cases.ccode2, cases.year)
        row = np.searchsorted(keys, case_keys)
        if not (keys[row] == case_keys).all():
            raise RuntimeError("a case's dyad-year is not in the model; the yardsticks and the panel disagree.")
        seg_id = m.seg_id[row]
        lo, n = m.starts[seg_id], m.seg_len[seg_id]
        self.pair_case = np.repeat(np.arange(len(row)), n)
        self.pair_row = np.concatenate([np.arange(a, a + b) for a, b in zip(lo, n)])
        self.case_row, self.m = row, m
        self.source = cases.source.to_numpy()

    def ranks(self, w: np.ndarray, form: str) -> np.ndarray:
        """``(cases, weightings)`` ranks (``NaN`` where the feared state's index is missing)."""
        m = self.m
        logx = m.logx if form == "geometric" else None
        t = threat.comparable(threat._combine(m.x, w, form, m.floor, logx))  # (rows, weightings)
        own = t[self.case_row][self.pair_case]
        other = t[self.pair_row]
        c2 = m.ccode2.astype("int64")
        lower = (c2[self.pair_row] < c2[self.case_row][self.pair_case])[:, None]
        ahead = (other > own) | ((other == own) & lower)  # NaN rows compare False: never ahead
        rank = np.zeros((len(self.case_row), w.shape[0]))
        np.add.at(rank, self.pair_case, ahead.astype("float64"))
        rank += 1
        rank[np.isnan(t[self.case_row])] = np.nan
        return rank

    def scores(self, w: np.ndarray, form: str, chunk: int = 64) -> pd.DataFrame:
        """Per weighting: ``top1`` and ``top3`` of each objective yardstick and their means."""
        out = []
        for s in range(0, w.shape[0], chunk):
            r = self.ranks(w[s:s + chunk], form)
            cols = {}
            for y in OBJECTIVE_YARDSTICKS:
                ry = r[self.source == y]
                n = len(ry)  # a case the spec cannot rank counts as missed, never as absent
                cols[f"{y}_top1"] = (ry == 1).sum(axis=0) / n
                cols[f"{y}_top3"] = (ry <= 3).sum(axis=0) / n
            out.append(pd.DataFrame(cols))
        frame = pd.concat(out, ignore_index=True)
        frame["top1"] = frame[[f"{y}_top1" for y in OBJECTIVE_YARDSTICKS]].mean(axis=1)
        frame["top3"] = frame[[f"{y}_top3" for y in OBJECTIVE_YARDSTICKS]].mean(axis=1)
        return frame


def _fitting_cases(era: str) -> pd.DataFrame:
    """The fitting era's cases of the objective yardsticks: all that :func:`fit` reads."""
    cases = validate.yardsticks()
    return cases[cases.source.isin(OBJECTIVE_YARDSTICKS) & (cases.era == era)].reset_index(drop=True)


# --- the search --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """The outcome of :func:`fit`: the chosen ``spec``, ``weights`` (in the order of
    :data:`~bot_core.criteria.CRITERIA`) and ``form``, the fitting ``era``, the chosen options
    by dimension (``choice``), the objective ``top1`` and ``top3`` it reached there, and the
    ``log`` of every candidate spec scored (at its best weights and form)."""

    era: str
    spec: CriteriaSpec
    weights: tuple
    form: str
    choice: dict
    top1: float
    top3: float
    log: pd.DataFrame = dataclasses.field(compare=False, repr=False)


def _spec_of(choice: dict[str, int], dims: dict[str, tuple[dict, ...]] = DIMENSIONS) -> CriteriaSpec:
    changes = {}
    for dim, i in choice.items():
        changes.update(dims[dim][i])
    return criteria.ORIGINAL_SPEC.replace(**changes)


def fit(era: str = validate.ERAS[0], step: float = 0.1, rounds: int = 3,
        dimensions: dict[str, tuple[dict, ...]] | None = None) -> Fit:
    """Choose the spec, weights and form that maximise the objective (see the module docstring) on
    the cases of ``era`` alone. ``dimensions`` replaces :data:`DIMENSIONS` (a smaller search)."""
    era = _check_era(era)
    rounds = _args.whole(rounds, "rounds", 0, 100)
    dims = DIMENSIONS if dimensions is None else dimensions
    if not isinstance(dims, Mapping) or not all(isinstance(v, (tuple, list)) and all(isinstance(c, dict) for c in v)
                                                for v in dims.values()):
        raise _args.ArgumentError("dimensions must map a name to a tuple of settings (dicts of CriteriaSpec changes), "
                                  "the first one {} (no change), as DIMENSIONS does.")
    for name, values in dims.items():
        if not values or values[0] != {}:
            raise ValueError(f"dimension {name!r} must start with the original setting (no change), {{}}.")
    cases = _fitting_cases(era)
    grid = simplex(step)
    scored: dict[CriteriaSpec, tuple] = {}
    log = []

    def best(choice: dict[str, int]) -> tuple:
        spec = _spec_of(choice, dims)
        if spec not in scored:
            scorer = _EraScorer(cases, spec)
            top = None
            for form in threat.FORMS:
                s = scorer.scores(grid, form)
                i = int(np.lexsort((-s.top3.to_numpy(), -s.top1.to_numpy()))[0])  # first of the best
                cand = (s.top1[i], s.top3[i], form, tuple(grid[i]))
                if top is None or (cand[0], cand[1]) > (top[0], top[1]):
                    top = cand
            scored[spec] = top
            log.append({**{d: i for d, i in choice.items()}, "top1": top[0], "top3": top[1], "form": top[2],
                        **{f"w_{c}": v for c, v in zip(CRITERIA, top[3])}})
        return scored[spec]

    choice = {d: 0 for d in dims}
    current = best(choice)
    for _ in range(rounds):
        changed = False
        for dim, values in dims.items():
            for i in range(len(values)):
                trial = {**choice, dim: i}
                got = best(trial)
                if (got[0], got[1]) > (current[0], current[1]):
                    choice, current, changed = trial, got, True
        if not changed:
            break
    spec = _spec_of(choice, dims)
    return Fit(era=era, spec=spec, weights=current[3], form=current[2],
               choice={d: dims[d][i] for d, i in choice.items()}, top1=float(current[0]),
               top3=float(current[1]), log=pd.DataFrame(log))


def report(result: Fit, by=("era",)) -> pd.DataFrame:
    """The validity of a :class:`Fit`'s choice on every yardstick and era
    (:func:`bot_core.validate.score`), with ``sample``: ``"in"`` for the fitting era, ``"out"``
    for the other. Computed after the choice, from the choice alone."""
    if not isinstance(result, Fit):
        raise _args.ArgumentError(f"result must be a Fit (from bot_core.selection.fit()), not {type(result).__name__}.")
    if "era" not in validate._check_by(by):
        raise _args.ArgumentError(f"by must include 'era' (the report marks the fitting era in and the other out), not {by!r}.")
    s = validate.score(result.spec, result.weights, result.form, by=by)
    return s.assign(sample=np.where(s.era == result.era, "in", "out"))


@functools.cache
def _textbook_model_panel() -> pd.DataFrame:
    from bot_core import panel
    want = {(c, y) for c, _, a, b, _, _ in TEXTBOOK_CASES for y in range(a, b + 1)}
    years = sorted({y for _, y in want})
    rows = [panel.dyad_years(y, y) for y in years]
    frame = pd.concat(rows, ignore_index=True)
    keep = [(c, y) in want for c, y in zip(frame.ccode1, frame.year)]
    return frame[keep].sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)


def textbook(spec: CriteriaSpec | None = None, weights=None, form: str = _DEFAULT_FORM) -> pd.DataFrame:
    """The top threat of each textbook case's perceiver in each of its years (:data:`TEXTBOOK_CASES`):
    columns ``case``, ``kind``, ``ccode1``, ``year``, ``top`` (the COW code of the top threat, ties
    to the lower code, ``-1`` if none), ``threat`` and ``right`` (``top`` is one of the expected
    states, or for ``kind="not"`` is not the named one; a year with no top threat is not right)."""
    spec = validate._check_spec(spec)
    m = threat.ThreatModel(criteria.compute(_textbook_model_panel(), spec=spec))
    t = m.threat(weights, form)
    top = m.top(t, form)
    keys = m.seg_key
    out = []
    for c, expected, a, b, kind, label in TEXTBOOK_CASES:
        for y in range(a, b + 1):
            i = int(np.searchsorted(keys, y * 1000 + c))
            r = top[i] if i < len(keys) and keys[i] == y * 1000 + c else -1
            code = int(m.ccode2[r]) if r >= 0 else -1
            named = code in expected
            out.append({"case": label, "kind": kind, "ccode1": c, "year": y, "top": code,
                        "threat": float(t[r]) if r >= 0 else np.nan,
                        "right": code >= 0 and (named if kind == "fears" else not named)})
    return pd.DataFrame(out)


def weight_parts(parts: int = 4) -> np.ndarray:
    """Every weighting that four sliders running over the whole numbers 0 to ``parts`` can set, as
    integer parts (``(k, 4)``, in the order of :data:`~bot_core.criteria.CRITERIA`), all-zero
    excluded. Rays repeat (1, 1, 1, 1 and 2, 2, 2, 2 weigh alike), so a page can look any slider
    setting up directly."""
    if isinstance(parts, bool) or not isinstance(parts, (int, np.integer)) or not 1 <= parts <= 10:
        raise ValueError(f"parts must be a whole number from 1 to 10, not {parts!r}.")
    grid = np.array(list(itertools.product(range(parts + 1), repeat=len(CRITERIA))), dtype="int64")
    return grid[grid.sum(axis=1) > 0]


def validity_grid(specs: dict[str, CriteriaSpec], parts: int = 4) -> pd.DataFrame:
    """The objective's scores (``top1`` and ``top3`` of each of :data:`OBJECTIVE_YARDSTICKS`, an
    unranked case counted as missed) of every slider weighting of :func:`weight_parts`, under each
    form and each labelled spec of ``specs``, in both eras: one row per spec, form and weighting,
    with the integer parts in the columns of :data:`~bot_core.criteria.CRITERIA` and one column
    per yardstick, era and share (``atop_1816–1945_top1`` ...). The data of the chapter's figure
    in which the reader moves the weights and sees validity change."""
    if not isinstance(specs, Mapping) or not specs or not all(isinstance(v, CriteriaSpec) for v in specs.values()):
        raise _args.ArgumentError("specs must map a label to a CriteriaSpec, at least one.")
    grid = weight_parts(parts)
    w = grid / grid.sum(axis=1, keepdims=True)
    out = []
    for label, spec in specs.items():
        scorers = {era: _EraScorer(_fitting_cases(era), spec) for era in validate.ERAS}
        for form in threat.FORMS:
            frame = pd.DataFrame(grid, columns=list(CRITERIA)).assign(spec=label, form=form)
            for era, scorer in scorers.items():
                s = scorer.scores(w, form)
                for y in OBJECTIVE_YARDSTICKS:
                    for k in ("top1", "top3"):
                        frame[f"{y}_{era}_{k}"] = s[f"{y}_{k}"].to_numpy()
            out.append(frame)
    return pd.concat(out, ignore_index=True)
