"""The numbers of the sandbox page: every slider setting's answer to three questions at once.

The sandbox (chapter "The sandbox") has four weight sliders running over the whole numbers 0 to
``parts`` (only their ratios matter, as in :func:`bot_core.selection.weight_parts`) and the
functional form. For every setting :func:`grid` precomputes

* **whom each state fears**: the top three threats of a handful of perceivers in chosen years
  (:data:`CASES`), ranked as :func:`bot_core.threat.top_threats` ranks them (ties to the lower COW
  code; ``-1`` where no target scores above zero);
* **validity on the yardsticks**: the shares of ATOP named threats and ICB crisis triggers ranked
  first and in the top three, by era (:func:`bot_core.selection.validity_grid`);
* **how the test comes out**: the partner-choice model (:mod:`bot_core.choice`) with the weights
  held at the setting and every other coefficient re-estimated (:func:`bot_core.choice.profile`),
  scored in sample and on the two out-of-sample splits of :data:`bot_core.choice.SPLITS`, as the
  log loss it gains over the same model without the threat terms (``"controls"``).

The partner-choice model's shared threat is a weighted sum (the additive form) whatever the form
of the index, so its columns are the same under both forms. Fitting the choice model at some
hundreds of weightings takes minutes, so that part is kept on disk as
:func:`bot_core.choice.by_obligation` keeps its fits (named by the arguments and a digest of the
code, the data registry and the numerical libraries; ``BOT_CORE_CHOICE_CACHE=0`` computes afresh).
"""

from __future__ import annotations

from math import gcd

import numpy as np
import pandas as pd

from bot_core import _args, choice, criteria, panel, selection, threat
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.explorer import _grid_threat

__all__ = ["CASES", "CHOICE_SAMPLES", "PARTS", "case_column", "choice_grid", "fears", "grid"]

#: The perceivers and years whose fears the page shows: (COW code, year, label).
CASES = (
    (2, 1970, "United States, 1970"),
    (365, 1970, "Soviet Union, 1970"),
    (365, 2010, "Russia, 2010"),
    (710, 1975, "China, 1975"),
    (750, 1965, "India, 1965"),
    (630, 1985, "Iran, 1985"),
    (645, 1985, "Iraq, 1985"),
    (666, 1973, "Israel, 1973"),
    (255, 1995, "Germany, 1995"),
    (375, 1950, "Finland, 1950"),
)
#: The sliders' range (whole numbers 0 to PARTS).
PARTS = 3
#: How many threats per case.
TOP = 3
#: The samples of the choice columns: column suffix -> (what is shown, fitting years, scoring years).
CHOICE_SAMPLES = {
    "in": ("in sample, 1816–2018", None, None),
    **{f"oos{i}": (f"fitted {a[0]}–{a[1]}, scored {b[0]}–{b[1]}", a, b) for i, (_, a, b) in enumerate(choice.SPLITS)},
}


def case_column(ccode: int, year: int) -> str:
    """The column of :func:`grid` holding a case's top threats (``"t365_1970"``)."""
    return f"t{int(ccode)}_{int(year)}"


def _check_cases(cases) -> list[tuple[int, int, str]]:
    if isinstance(cases, (str, bytes)) or not hasattr(cases, "__iter__"):
        raise _args.ArgumentError(f"cases must be (COW code, year, label) triples, as CASES, not {_args._show(cases)}.")
    out = []
    for c in cases:
        if not isinstance(c, (tuple, list)) or len(c) != 3 or not isinstance(c[2], str):
            raise _args.ArgumentError(f"each case must be (COW code, year, label), not {_args._show(c)}.")
        out.append((_args.code(c[0], "case code"), _args.year(c[1], "case year"), c[2]))
    if not out or len({(a, b) for a, b, _ in out}) != len(out):
        raise _args.ArgumentError("cases must name at least one perceiver-year, each once.")
    members = set(zip(panel.state_years().ccode.tolist(), panel.state_years().year.tolist()))
    for c, y, label in out:
        if (c, y) not in members:
            raise _args.ArgumentError(f"case {label!r}: state {c} is not a system member in {y}; choose another year.")
    return out


def fears(parts: int = PARTS, cases=CASES, spec: CriteriaSpec | None = None, top: int = TOP) -> pd.DataFrame:
    """The top ``top`` threats of each case under every slider setting and form: one row per form
    and setting (the integer parts in the columns of :data:`~bot_core.criteria.CRITERIA`), one
    column per case (:func:`case_column`) holding the COW codes of its threats, first to last,
    separated by spaces (``-1`` where no further target scores above zero). The criteria are
    computed for the cases' perceiver-years alone, which gives the numbers of the whole panel (as
    :func:`bot_core.threat.top_threats` does)."""
    cases = _check_cases(cases)
    spec = criteria.CriteriaSpec() if spec is None else _args.spec(spec)
    top = _args.whole(top, "top", 1, 10)
    parts_grid = selection.weight_parts(parts)
    w = parts_grid / parts_grid.sum(axis=1, keepdims=True)
    frame = pd.concat([panel.dyad_years(y, y) for y in sorted({y for _, y, _ in cases})], ignore_index=True)
    want = {(c, y) for c, y, _ in cases}
    frame = frame[[(c, y) in want for c, y in zip(frame.ccode1, frame.year)]]
    m = threat.ThreatModel(criteria.compute(frame.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True),
                                            spec=spec))
    out = []
    for form in threat.FORMS:
        block = pd.DataFrame(parts_grid, columns=list(CRITERIA)).assign(form=form)
        cut = threat._none_cut(m.none_level(form))
        for c, y, label in cases:
            sl = m.rows(c, y)
            ok = m.valid[sl]
            t = threat.comparable(_grid_threat(m, sl, ok, w, form))  # targets x settings, targets in code order
            order = np.argsort(-t, axis=0, kind="stable")[:top]  # ties to the lower code, as top_threats
            codes = np.where(np.take_along_axis(t, order, axis=0) > cut, m.ccode2[sl][ok][order], -1)
            block[case_column(c, y)] = [" ".join(str(int(v)) for v in col) for col in codes.T]
        out.append(block)
    return pd.concat(out, ignore_index=True)[["form", *CRITERIA, *[case_column(c, y) for c, y, _ in cases]]]


def _rays(parts_grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct weightings (rays) of the slider settings, and each setting's ray."""
    keys = []
    for row in parts_grid:
        d = 0
        for v in row:
            d = gcd(d, int(v))
        keys.append(tuple(int(v) // d for v in row))
    uniq = sorted(set(keys))
    index = {k: i for i, k in enumerate(uniq)}
    return np.array(uniq, dtype="int64"), np.array([index[k] for k in keys])


def choice_grid(parts: int = PARTS, covariates=choice.MODELS["threat"][0], cache: bool = True) -> pd.DataFrame:
    """The partner-choice test at every slider setting (the same under both forms): one row per
    setting of :func:`bot_core.selection.weight_parts`, with ``gain_<sample>`` for each sample of
    :data:`CHOICE_SAMPLES`: the log loss (per decision) of the ``"controls"`` model minus that of
    the threat model at the setting's weights (positive: the threat terms predict the partners
    better), ``beta_shared`` (in sample) and ``converged``. ``attrs`` hold the controls' log
    losses and the free fit's log loss in sample (``free``: the weights estimated)."""
    parts = _args.whole(parts, "parts", 1, 10)
    covariates = tuple(_args.names(covariates, "covariates", list(choice.COVARIATES), allow_empty=True,
                                   noun="covariates"))
    return choice.disk_cached("sandbox", (parts, covariates, choice.SPLITS), lambda: _choice_grid(parts, covariates),
                              cache)


def _choice_grid(parts: int, covariates: tuple[str, ...]) -> pd.DataFrame:
    parts_grid = selection.weight_parts(parts)
    rays, which = _rays(parts_grid)
    data = choice.choice_data()
    prof = choice.profile(data, rays, covariates)
    controls = {"in": choice.score(choice.fit(data, covariates, False), data).log_loss}
    for i, (_, fit_years, score_years) in enumerate(choice.SPLITS):
        train, test = data.subset(years=fit_years), data.subset(years=score_years)
        controls[f"oos{i}"] = choice.score(choice.fit(train, covariates, False), test).log_loss
    free = choice.fit(data, covariates, True)
    out = pd.DataFrame(parts_grid, columns=list(CRITERIA))
    losses = {"in": prof.log_loss.to_numpy(),
              **{f"oos{i}": prof[f"log_loss {name}"].to_numpy() for i, (name, _, _) in enumerate(choice.SPLITS)}}
    for s in CHOICE_SAMPLES:
        out[f"gain_{s}"] = float(controls[s]) - losses[s][which]
    out["beta_shared"] = prof.beta_shared.to_numpy()[which]
    out["converged"] = prof.converged.to_numpy()[which]
    out.attrs.update(controls={k: float(v) for k, v in controls.items()}, parts=parts,
                     free={"log_loss": float(-free.loglik / data.groups.weight.sum()),
                           "weights": {c: float(free.params[f"w_{c}"]) for c in CRITERIA},
                           "converged": bool(free.converged)})
    return out


def grid(parts: int = PARTS, cases=CASES, spec: CriteriaSpec | None = None) -> pd.DataFrame:
    """Everything the sandbox page carries: one row per form and slider setting (the integer parts
    in the columns of :data:`~bot_core.criteria.CRITERIA`), with the cases' top threats
    (:func:`fears`), the validity shares of :func:`bot_core.selection.validity_grid`
    (``atop_1816–1945_top1`` ...) and the choice columns of :func:`choice_grid` (``gain_in`` ...).
    ``spec`` is the index's specification (default the book's, :class:`~bot_core.criteria.CriteriaSpec`); the choice
    model keeps its own, :data:`bot_core.choice.CHOICE_SPEC`."""
    spec = criteria.CriteriaSpec() if spec is None else _args.spec(spec)
    keys = ["form", *CRITERIA]
    valid = selection.validity_grid({"index": spec}, parts=parts).drop(columns="spec")
    ch = choice_grid(parts)
    out = fears(parts, cases, spec).merge(valid, on=keys, how="inner", validate="one_to_one")
    out = out.merge(ch, on=list(CRITERIA), how="inner", validate="many_to_one")
    if len(out) != 2 * len(selection.weight_parts(parts)):
        raise RuntimeError("the three parts of the sandbox grid do not cover the same slider settings.")
    out.attrs.update(ch.attrs)
    return out
