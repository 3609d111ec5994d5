"""The historical cases (Part III): threat rankings over time, alliance events, curated events.

A case is a handful of *perceiving* states, the states they might fear (the *focus*), and a span
of years. Three things are asked of the data for each:

:func:`rank_paths`
    where each focus state ranks among each perceiver's threats, year by year, under the chosen
    weights and form, ranked among *every* state in the system (exact, from
    :func:`bot_core.threat.model`);
:func:`face_validity`
    the model's top threat against the principal threat a cited source documents, per perceiver
    and span of years (median rank, share of years first and in the top three);
:func:`alliance_events`
    the ATOP pledges that began or ended among the case's states (Leeds et al. 2002): what
    the states actually did;
:func:`curated_events`
    events after the research data end (ATOP 2018, MIDs 2014, capabilities 2016 in this book)
    or outside what they code, from the project's own file ``data/curated_events.csv``: each row
    an event with its date, states, type and a source in the book's bibliography. These are
    *curated, not measured*: nothing in the threat index is computed from them.
:func:`documented_threats`
    the principal threats the case chapters score :func:`face_validity` against, from the
    project's own file ``data/documented_threats.csv``: each row a perceiver, its years, the
    threat a source documents (a key of the book's bibliography) and the chapter's label. One
    file for every chapter, so the case chapters and the cases' introduction read the same rows.

The static figure (:func:`bot_core.charts.cases.rank_paths_chart`) embeds the criteria of
:func:`page_data` and recomputes ranks in the reader's browser; the exactness argument is that of
:mod:`bot_core.explorer` (targets dominated by ``k`` or more others never reach the top ``k``).
:func:`browser_ranks` is the same computation in Python, so that tests can hold the page to the
full model.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from bot_core import _args, alliances, explorer, panel, theories, threat
from bot_core.errors import CuratedEventsError
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = [
    "ATOP_YEARS", "CURATED_CASES", "CURATED_COLUMNS", "CURATED_DATING_RULE", "CURATED_KINDS", "CURATED_TYPES",
    "CuratedEventsError", "DOCUMENTED_CHAPTERS", "DOCUMENTED_COLUMNS", "FACE_COLUMNS", "UNCODED_TYPES",
    "alliance_events", "browser_ranks", "curated_events", "curated_path", "documented_path", "documented_threats",
    "face_validity", "page_data", "pledge_years", "rank_paths", "treaties", "treaty_readings",
    "accession_readings", "coalition_shares", "treaty_labels",
]

#: Columns of ``data/curated_events.csv``, in order.
CURATED_COLUMNS = ("id", "date", "case", "type", "states", "summary", "source")
#: The event types the curated file may use.
CURATED_TYPES = (
    "alliance accession", "alliance application", "alliance formation", "alliance invocation", "alliance withdrawal",
    "security partnership", "summit", "invasion", "agreement withdrawal", "normalisation",
    "alignment without treaty", "crisis",
)
#: The types a curated row may have inside the measured years: acts no research data set codes
#: (an alignment made without a treaty, a crisis, a summit, a normalisation). A treaty inside ATOP's
#: years is read from ATOP, never curated.
UNCODED_TYPES = ("alignment without treaty", "crisis", "summit", "normalisation", "security partnership")
#: The case chapters a curated row may belong to.
CURATED_CASES = ("before_1914", "1930s", "cold_war", "middle_east", "gulf_iran", "revolutions", "after_1991",
                 "finlandization", "indo_pacific")
#: How every curated row is dated (the ``date`` column), one rule for the whole file.
CURATED_DATING_RULE = ("the day the recorded act took place (a signature, an announcement, an accession, the first "
                       "use of force), as the cited source gives it; not the day it took effect or was ratified")
#: The events panel's kind for a curated row: inside the measured years it marks an alignment or crisis no
#: treaty records; after them, an event the research data do not yet reach.
CURATED_KINDS = {"inside": "No treaty: alignment or crisis", "after": "Curated (after the data)"}

_CURATED_FILE = "curated_events.csv"

#: The case chapters whose documented threats ``data/documented_threats.csv`` holds.
DOCUMENTED_CHAPTERS = ("case_before_1914", "case_1930s", "case_cold_war", "case_middle_east", "case_gulf_iran",
                       "case_finlandization", "case_after_1991")
_DOCUMENTED_FILE = "documented_threats.csv"


# --- the perceivers' rankings ---------------------------------------------------------------------


def _codes(states, what: str) -> list[int]:
    return _args.codes(states, what)


#: The years ATOP covers in the peacesciencer file (1815 is read only as the year before 1816).
ATOP_YEARS = (1816, 2018)


def _years(years, span: tuple[int, int] = (panel.FIRST_YEAR, panel.LAST_YEAR), what: str = "the threat model") -> list[int]:
    """A sequence of years, or a ``(first, last)`` pair, as a sorted list within ``span``
    (``bot_core._args.years``; later events belong in :func:`curated_events`)."""
    return _args.years(years, "years", span, f"{what}'s span; later events belong in curated_events()",
                       pair_is_span=True)


def _segment_ranks(tt: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, int]:
    """The rank of each target of one perceiver-year (1 = top; threat descending, ties to the lower
    code, as :meth:`bot_core.threat.ThreatModel.top` breaks them), ``-1`` where the index is missing,
    and how many targets were ranked."""
    ok = ~np.isnan(tt)
    order = np.lexsort((targets[ok], -threat.comparable(tt[ok])))  # threat descending, then code
    rank = np.empty(ok.sum(), dtype="int64")
    rank[order] = np.arange(1, ok.sum() + 1)
    full = np.full(len(tt), -1, dtype="int64")
    full[ok] = rank
    return full, int(ok.sum())


def rank_paths(
    perceivers: Mapping[int, str] | Sequence[int],
    focus: Mapping[int, str] | Sequence[int],
    years: Sequence[int] | tuple[int, int],
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """Each focus state's rank among each perceiver's threats, year by year.

    ``years`` is a sequence of years or a ``(first, last)`` pair. Ranks are among every state
    in the system that year (1 = top threat; ties broken by the lower COW code, as in
    :func:`bot_core.threat.top_threats`). Rows: one per perceiver ``ccode1``, ``year`` and focus
    state ``ccode2`` in which both were system members (and differ), with ``threat``, ``rank``
    (``<NA>`` when a criterion is missing), ``of`` (how many states were ranked) and the four
    criteria.
    """
    p, f, ys = _codes(perceivers, "perceivers"), _codes(focus, "focus"), _years(years)
    w = threat.weights_array(weights)
    m = threat.model(spec)
    t = m.threat(w, form)
    out = []
    for y in ys:
        for c in p:
            rows = m.rows(c, y)
            if rows.stop == rows.start:
                continue
            tt, targets = t[rows], m.ccode2[rows]
            full, n = _segment_ranks(tt, targets)
            for j in f:
                hit = np.flatnonzero(targets == j)
                if not len(hit):
                    continue
                i = hit[0]
                out.append((c, y, j, tt[i], full[i], n, *m.x[rows][i]))
    frame = pd.DataFrame(out, columns=["ccode1", "year", "ccode2", "threat", "rank", "of", *CRITERIA])
    frame["rank"] = frame["rank"].astype("Int64").where(frame["rank"] > 0)
    frame.attrs.update(weights=dict(zip(CRITERIA, w)), form=form)
    return frame


def page_data(
    perceivers: Mapping[int, str] | Sequence[int],
    years: Sequence[int] | tuple[int, int],
    k: int = 5,
    spec: CriteriaSpec | None = None,
) -> pd.DataFrame:
    """The criteria a case figure embeds: :func:`bot_core.explorer.data` for these perceivers
    and years (every target that can reach a top ``k``, in every year of the span)."""
    return explorer.data(_codes(perceivers, "perceivers"), _years(years), k=k, spec=spec)


def browser_ranks(
    frame: pd.DataFrame,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    floor: float = threat.DEFAULT_FLOOR,
) -> pd.DataFrame:
    """The ranks the static figure computes from ``frame`` (:func:`page_data`), in Python:
    ``ccode1``, ``year``, ``ccode2``, ``threat``, ``rank`` (within the embedded targets)."""
    threat._check_form(form, floor)
    w_row = explorer._page_weights(weights)[None, :]
    explorer._check_page_frame(frame)
    d = frame.dropna(subset=list(CRITERIA))[["ccode1", "year", "ccode2", *CRITERIA]].copy()
    d["threat"] = explorer._page_threat(d[list(CRITERIA)].to_numpy("float64"), w_row, form, floor)[:, 0]
    d = d.sort_values(["ccode1", "year", "threat", "ccode2"], ascending=[True, True, False, True], kind="stable")
    d["rank"] = d.groupby(["ccode1", "year"]).cumcount() + 1
    return d[["ccode1", "year", "ccode2", "threat", "rank"]].reset_index(drop=True)


#: The fields of a row of :func:`face_validity`, in order.
FACE_COLUMNS = ("perceiver", "first", "last", "documented", "source", "label")
#: Columns of ``data/documented_threats.csv``, in order: the chapter, then :data:`FACE_COLUMNS`.
DOCUMENTED_COLUMNS = ("chapter", *FACE_COLUMNS)


def _year_spans(years: Sequence[int]) -> str:
    """Years as runs, the later year of a run shortened within its century: ``1902–07, 1911``."""
    ys = sorted(years)
    runs, start = [], ys[0]
    for a, b in zip(ys, ys[1:] + [None]):
        if b is not None and b == a + 1:
            continue
        if a == start:
            runs.append(f"{a}")
        else:
            runs.append(f"{start}–{a % 100:02d}" if start // 100 == a // 100 else f"{start}–{a}")
        start = b
    return ", ".join(runs)


def _face_rows(rows) -> list[tuple]:
    """The rows of :func:`face_validity` checked: a DataFrame with :data:`FACE_COLUMNS`, or a
    sequence of tuples (in that order) or mappings with those keys."""
    hint = f"give a DataFrame with the columns {', '.join(FACE_COLUMNS)}, or a list of tuples in that order"
    if isinstance(rows, pd.DataFrame):
        _args.frame(rows, "rows", FACE_COLUMNS, hint=f"({hint}).")
        items = [tuple(r) for r in rows[list(FACE_COLUMNS)].itertuples(index=False)]
    elif isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Sequence):
        raise _args.ArgumentError(f"rows must be a DataFrame or a list of rows, not {type(rows).__name__}; {hint}.")
    else:
        items = []
        for i, r in enumerate(rows):
            if isinstance(r, Mapping):
                missing = [c for c in FACE_COLUMNS if c not in r]
                if missing:
                    raise _args.ArgumentError(f"rows[{i}] lacks {', '.join(map(repr, missing))}; {hint}.")
                r = tuple(r[c] for c in FACE_COLUMNS)
            if not isinstance(r, (tuple, list)) or len(r) != len(FACE_COLUMNS):
                raise _args.ArgumentError(f"rows[{i}] must have {len(FACE_COLUMNS)} fields "
                                          f"({', '.join(FACE_COLUMNS)}), not {r!r}.")
            items.append(tuple(r))
    if not items:
        raise _args.ArgumentError(f"rows: give at least one row; {hint}.")
    keys = _bib_keys()
    out = []
    for i, (c, a, b, documented, source, label) in enumerate(items):
        where = f"rows[{i}]"
        c = _args.code(c, f"{where} perceiver")
        ys = _years((a, b), what="the threat model")
        doc = _codes(documented, f"{where} documented")
        if c in doc:
            raise _args.ArgumentError(f"{where}: the perceiver ({c}) cannot be its own documented threat.")
        if not isinstance(source, str) or not source.strip():
            raise _args.ArgumentError(f"{where} source must be a citation key of references.bib, not {source!r}.")
        if keys and source not in keys:
            raise _args.ArgumentError(f"{where} source {source!r} is not a key of references.bib; cite a source the "
                                      "book's bibliography holds.")
        if not isinstance(label, str) or not label.strip():
            raise _args.ArgumentError(f"{where} label must be a short text, not {label!r}.")
        out.append((c, ys, tuple(doc), source, label))
    return out


def face_validity(
    rows,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
    by_year: bool = False,
    names: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """The model's top threat against a documented principal threat, for each row of ``rows``.

    Each row names a perceiver (COW code), its ``first`` and ``last`` year, the ``documented``
    principal threat (one COW code, or several when the source names them together: the best
    ranked of them counts), the ``source`` (a citation key of the book's ``references.bib``) and a
    short ``label`` (:data:`FACE_COLUMNS`). The perceiver must be a system member in every year.

    Ranks are those of :func:`rank_paths` (among every state in the system, ties to the lower code)
    and the top threat that of :meth:`bot_core.threat.ThreatModel.top` (none where nothing scores
    above zero), under ``weights``, ``form`` and ``spec`` (by default the book's). Returns one row
    per input row: ``label``, ``perceiver``, ``years``, ``documented``, ``source``, ``model_top``
    (each top threat with its years, most years first, e.g. ``"Germany 1934–38; United Kingdom
    1933"``), ``median_rank`` of the documented threat, ``first`` and ``top3`` (the share of years
    it ranks first, and in the top three), ``n_years`` and ``unranked`` (years in which no
    documented state could be ranked: not a member, or a criterion missing; such a year counts
    as neither first nor top three, and is left out of the median). With ``by_year`` the yearly
    rows instead: ``label``, ``ccode1``, ``year``, ``top`` (COW code, ``-1`` for none) and
    ``rank`` (``<NA>`` when unranked). ``names`` (COW code to name) overrides the COW state names
    in the text columns, e.g. ``{365: "Soviet Union"}``.
    """
    checked = _face_rows(rows)
    by_year = _args.flag(by_year, "by_year")
    w = threat.weights_array(weights)
    m = threat.model(spec)
    t = m.threat(w, form)
    top = m.top(t, form)
    if names is not None and not isinstance(names, Mapping):
        raise _args.ArgumentError(f"names must map COW codes to names, e.g. {{365: 'Soviet Union'}}, not {names!r}.")
    names = {**explorer.names().set_index("ccode").name.to_dict(),
             **{_args.code(k, "names (a key)"): str(v) for k, v in (names or {}).items()}}
    yearly, summary = [], []
    for c, ys, doc, source, label in checked:
        absent = [y for y in ys if m.rows(c, y).stop == m.rows(c, y).start]
        if absent:
            raise _args.ArgumentError(f"{label}: {names[c]} ({c}) perceives no threat in {_year_spans(absent)} (not a "
                                      "system member, or outside the model's years); narrow the row's years.")
        ranks, tops = [], []
        for y in ys:
            rows_ = m.rows(c, y)
            full, _ = _segment_ranks(t[rows_], m.ccode2[rows_])
            hit = full[np.isin(m.ccode2[rows_], doc) & (full > 0)]
            ranks.append(int(hit.min()) if len(hit) else None)
            r = top[int(np.searchsorted(m.seg_key, y * 1000 + c))]
            tops.append(int(m.ccode2[r]) if r >= 0 else -1)
            yearly.append((label, c, y, tops[-1], ranks[-1]))
        ranked = [r for r in ranks if r is not None]
        runs = pd.Series(ys).groupby(pd.Series(tops)).agg(list)
        runs = runs.loc[sorted(runs.index, key=lambda k: (-len(runs[k]), runs[k][0]))]
        summary.append({
            "label": label, "perceiver": names[c], "years": _year_spans(ys),
            "documented": " or ".join(names[d] for d in doc), "source": source,
            "model_top": "; ".join(f"{names[k] if k >= 0 else 'none'} {_year_spans(v)}" for k, v in runs.items()),
            "median_rank": float(np.median(ranked)) if ranked else np.nan,
            "first": sum(r == 1 for r in ranked) / len(ys),
            "top3": sum(r <= 3 for r in ranked) / len(ys),
            "n_years": len(ys), "unranked": len(ys) - len(ranked),
        })
    if by_year:
        out = pd.DataFrame(yearly, columns=["label", "ccode1", "year", "top", "rank"])
        out["rank"] = out["rank"].astype("Int64")
    else:
        out = pd.DataFrame(summary)
    out.attrs.update(weights=dict(zip(CRITERIA, w)), form=form)
    return out


# --- what the states did: ATOP ---------------------------------------------------------------------

_PLEDGE_WORDS = {"defense": "defence", "offense": "offence", "neutral": "neutrality",
                 "nonagg": "non-aggression", "consul": "consultation"}


def alliance_events(
    states: Mapping[int, str] | Sequence[int],
    years: Sequence[int] | tuple[int, int],
    pledges: Sequence[str] = ("defense", "offense", "neutral", "nonagg", "consul"),
    among: bool = False,
) -> pd.DataFrame:
    """ATOP pledges that began or ended for the case's states (Leeds et al. 2002).

    A pledge *begins* in year *t* when a pair holds it in *t* and not in *t - 1*, and *ends*
    when the pair held it in *t - 1* and not in *t* (ATOP's years run 1815-2018). With
    ``among=True`` only pairs of two case states count; otherwise pairs with at least one.
    Returns ``year``, ``ccode1``, ``ccode2`` (``ccode1 < ccode2``), their names, ``pledge``
    (the type in words), ``event`` (``"begins"`` or ``"ends"``) and ``label``: one row per pair,
    year, pledge type and event.
    """
    codes = set(_codes(states, "states"))
    ys = _years(years, ATOP_YEARS, "ATOP")
    pledges = _args.names(pledges, "pledges", tuple(_PLEDGE_WORDS), noun="pledge types")
    if not isinstance(among, (bool, np.bool_)):
        raise _args.ArgumentError(f"among must be True or False, not {among!r}.")
    at = _atop_undirected()
    inside = at.ccode1.isin(codes) & at.ccode2.isin(codes) if among else at.ccode1.isin(codes) | at.ccode2.isin(codes)
    at = at[inside]
    rows = []
    key = at.ccode1.to_numpy() * 1000 + at.ccode2.to_numpy()
    for p in pledges:
        col = at[f"atop_{p}"].to_numpy()
        held = pd.Index(key[col == 1] * 10_000 + at.year.to_numpy()[col == 1])
        for y in ys:
            now = set((held[(held % 10_000) == y] // 10_000).tolist())
            before = set((held[(held % 10_000) == y - 1] // 10_000).tolist())
            rows += [(y, k // 1000, k % 1000, _PLEDGE_WORDS[p], "begins") for k in sorted(now - before)]
            rows += [(y, k // 1000, k % 1000, _PLEDGE_WORDS[p], "ends") for k in sorted(before - now)]
    out = pd.DataFrame(rows, columns=["year", "ccode1", "ccode2", "pledge", "event"])
    names = explorer.names().set_index("ccode")["name"]
    out.insert(3, "name1", names.reindex(out.ccode1).to_numpy())
    out.insert(4, "name2", names.reindex(out.ccode2).to_numpy())
    out["label"] = out.name1 + "–" + out.name2 + ": " + out.pledge + " pledge " + out.event
    return out.sort_values(["year", "event", "ccode1", "ccode2", "pledge"], ignore_index=True)


def treaty_labels(events: pd.DataFrame, names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """``events`` (from :func:`alliance_events`) with the treaty behind each pledge named in its label.

    For each row, the ATOP treaties (Leeds et al. 2002) in which both states hold a spell in ATOP's
    member file (:func:`bot_core.alliances.members`) carrying the row's pledge on either side, held in
    the row's year and not the year before (``"begins"``) or the year before and not the row's year
    (``"ends"``); a spell counts in every calendar year it touches, as ATOP's dyad-years count them.
    Adds ``treaties`` (a tuple of ATOP ids, empty where no member spell accounts for the change) and
    appends the treaties to ``label``, each by the name ``names`` gives its id (a chapter's names, as
    passed to :func:`treaties`) or else by ATOP's own treaty record (:func:`bot_core.alliances.treaties`):
    its id, the obligations its members undertake and its signature date, e.g. "ATOP 3225: non-aggression
    pact signed 1952-07-11" (the year alone where ATOP does not know the day). Rows whose change no spell
    accounts for keep their label unchanged, so that nothing is attributed by guess.
    """
    _args.frame(events, "events", ["year", "ccode1", "ccode2", "pledge", "event", "label"],
                integer=["year", "ccode1", "ccode2"], hint="Build it with bot_core.cases.alliance_events().")
    names = {} if names is None else names
    if not isinstance(names, Mapping) or any(not isinstance(v, str) or not v.strip() for v in names.values()):
        raise _args.ArgumentError("names must map ATOP ids to non-empty treaty names, e.g. {1415: 'Anglo-Japanese Alliance'}.")
    code_of = {w: p for p, w in _PLEDGE_WORDS.items()}
    unknown = sorted(set(events.pledge) - set(code_of))
    if unknown:
        raise _args.ArgumentError(f"events holds pledge types {unknown}; alliance_events gives {sorted(code_of)}.")
    states = set(events.ccode1) | set(events.ccode2)
    sp = alliances.members()
    sp = sp[sp.member.isin(states)].assign(y0=lambda d: d.start.dt.year,
                                           y1=lambda d: d.end.dt.year.fillna(ATOP_YEARS[1]).astype("int64"))
    by_member = {m: g for m, g in sp.groupby("member")}
    empty = sp.iloc[:0]

    def held(a, b, pledge, year):
        """The treaties in which a and b both hold a spell in ``year``, one of them carrying ``pledge``."""
        sa, sb = (by_member.get(m, empty) for m in (a, b))
        sa, sb = (s[(s.y0 <= year) & (s.y1 >= year)] for s in (sa, sb))
        both = set(sa.atopid) & set(sb.atopid)
        return {t for t in both if sa.loc[sa.atopid == t, pledge].eq(1).any() or sb.loc[sb.atopid == t, pledge].eq(1).any()}

    def recorded(t) -> str:
        """ATOP's own record of treaty ``t``, for an id the chapter gives no name."""
        words = [_PLEDGE_WORDS[o] for o in alliances.OBLIGATIONS if getattr(t, o) == 1]
        kind = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words) or "no-obligation"
        return f"ATOP {t.atopid}: {kind} pact signed " + (f"{t.begin:%Y-%m-%d}" if pd.notna(t.begin) else str(t.begyr))

    record = {t.atopid: recorded(t) for t in alliances.treaties().itertuples()}
    found, labels = [], []
    for r in events.itertuples(index=False):
        p = code_of[r.pledge]
        now, before = held(r.ccode1, r.ccode2, p, r.year), held(r.ccode1, r.ccode2, p, r.year - 1)
        ids = tuple(sorted(now - before if r.event == "begins" else before - now))
        found.append(ids)
        labels.append(r.label + (" (" + "; ".join(names.get(i) or record[i] for i in ids) + ")" if ids else ""))
    return events.assign(treaties=found, label=labels)


def coalition_shares(leaders: Mapping[int, str], years: tuple[int, int]) -> pd.DataFrame:
    """Each leader's coalition, itself and the states holding an ATOP defence pledge with it
    (Leeds et al. 2002) that year, as a share of the world's GDP and population.

    The world is every system member that year; GDP (:func:`bot_core.panel.add_gdp`, Fariss et al.
    2022) is summed over the states with an estimate, in the coalition and in the world alike.
    ``leaders`` maps COW codes to names; ``years`` is ``(first, last)``. One row per year and leader:
    ``year``, ``leader`` (name), ``members`` (the leader and its partners), ``gdp`` and ``pop``
    (shares, 0 to 1).
    """
    if not isinstance(leaders, Mapping) or not leaders:
        raise _args.ArgumentError("leaders must map COW codes to names, e.g. {2: 'United States'}.")
    codes = _codes(list(leaders), "leaders")
    ys = _years(years)
    first, last = min(ys), max(ys)
    dyads = panel.dyad_years(first, last).pipe(panel.add_alliances)
    in_force = dyads[dyads.ccode1.isin(codes) & (dyads.atop_defense == 1)][["year", "ccode1", "ccode2"]]
    economy = panel.state_years(first, last).pipe(panel.add_gdp)[["year", "ccode", "gdp", "pop"]]
    world = economy.groupby("year")[["gdp", "pop"]].sum()
    own = pd.DataFrame([(y, c, c) for y in range(first, last + 1) for c in codes], columns=["year", "ccode1", "ccode2"])
    coalition = pd.concat([own, in_force]).drop_duplicates()
    sums = (coalition.merge(economy, left_on=["year", "ccode2"], right_on=["year", "ccode"])
            .groupby(["year", "ccode1"]).agg(members=("ccode", "size"), gdp=("gdp", "sum"), pop=("pop", "sum")))
    shares = sums[["gdp", "pop"]].div(world, level="year")
    out = sums[["members"]].join(shares).reset_index()
    out.insert(1, "leader", out.pop("ccode1").map(leaders))
    return out.sort_values(["year", "leader"], ignore_index=True)


def pledge_years(a: int, b: int, pledge: str = "defense") -> list[int]:
    """The years (ATOP, 1815-2018) in which states ``a`` and ``b`` held a pledge of type
    ``pledge`` (``"defense"``, ``"offense"``, ``"neutral"``, ``"nonagg"`` or ``"consul"``) with
    each other, in order: where :func:`alliance_events` gives the changes, this gives the spells."""
    if not isinstance(pledge, str) or pledge not in _PLEDGE_WORDS:
        raise _args.ArgumentError(f"unknown pledge type {pledge!r}; choose from {', '.join(_PLEDGE_WORDS)}.")
    a, b = _codes([a, b], "the pair")
    at = _atop_undirected()
    lo, hi = min(a, b), max(a, b)
    rows = at[(at.ccode1 == lo) & (at.ccode2 == hi) & (at[f"atop_{pledge}"] == 1)]
    return sorted(int(y) for y in rows.year)


@functools.cache
def _atop_undirected() -> pd.DataFrame:
    """ATOP's pledges by pair (``ccode1 < ccode2``) and year, each pledge counted whichever side made
    it: ATOP's dyad-years are directed, and a guarantee (France's to defend Belgium, 1832) is a
    pledge one way only, which the pair holds all the same."""
    keys, columns = panel._alliances_by_dyad_year("either")
    c12, year = np.divmod(keys.to_numpy(), 10_000)
    return pd.DataFrame({"ccode1": c12 // 1_000, "ccode2": c12 % 1_000, "year": year, **columns})


# --- treaties by name ---------------------------------------------------------------------------------


def treaties(names: Mapping[int, str]) -> pd.DataFrame:
    """The ATOP treaties a chapter names, each with the name the prose gives it (Leeds et al. 2002).

    ``names`` maps ATOP ids to the instrument's name (``{1415: "Anglo-Japanese Alliance"}``). One row
    per treaty, in the order given: ``atopid``, ``name``, ``signed`` (ATOP's date of signature;
    ``NaT`` where ATOP does not know the day), ``begyr``, ``endyr`` (``<NA>`` in force at the end of
    2018), ``obligations`` (the pledges any member makes, in words, joined), ``members`` (the names
    of every state that was ever a member, joined) and ``n_members``. An id ATOP 5.1 does not hold
    is refused, naming it, so that a chapter cannot cite a treaty the data do not have.
    """
    if not isinstance(names, Mapping) or not names:
        raise _args.ArgumentError("names must be a non-empty mapping of ATOP ids to treaty names, e.g. "
                                  "{1415: 'Anglo-Japanese Alliance'}.")
    ids = list(names)
    for i in ids:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
            raise _args.ArgumentError(f"ATOP ids must be whole numbers; {i!r} is not.")
        if not isinstance(names[i], str) or not names[i].strip():
            raise _args.ArgumentError(f"the name of ATOP treaty {i} must be non-empty text, not {names[i]!r}.")
    t = alliances.treaties().set_index("atopid")
    missing = [int(i) for i in ids if int(i) not in t.index]
    if missing:
        raise _args.ArgumentError(f"ATOP 5.1 holds no treaty with id {missing}; check the id in "
                                  "alliances.treaties() .")
    t = t.loc[[int(i) for i in ids]]
    state = explorer.names().set_index("ccode")["name"]
    words = alliances.OBLIGATIONS
    return pd.DataFrame({
        "atopid": t.index.to_numpy(dtype="int64"),
        "name": [names[i].strip() for i in ids],
        "signed": t.begin.to_numpy(),
        "begyr": t.begyr.to_numpy(),
        "endyr": t.endyr.to_numpy(),
        "obligations": [", ".join(_PLEDGE_WORDS[w] for w in words if row[w] == 1) for _, row in t.iterrows()],
        "members": [", ".join(str(state.get(c, c)) for c in m) for m in t.members],
        "n_members": t.n_members.to_numpy(),
    })


# --- the curated file ----------------------------------------------------------------------------------


def _named_checked(named: pd.DataFrame, columns: list[str], integer: list[str]) -> tuple[pd.Series, pd.Series]:
    """Check a frame of :func:`treaties`; return every treaty's members by ATOP id and the default
    index's top threat by (``ccode``, ``year``)."""
    _args.frame(named, "named", columns, integer=integer, hint="Build it with bot_core.cases.treaties().")
    members_of = alliances.treaties().set_index("atopid").members
    unknown = sorted(set(named.atopid) - set(members_of.index))
    if unknown:
        raise _args.ArgumentError(f"named holds ATOP ids that ATOP 5.1 does not: {unknown}. Build it with "
                                  "bot_core.cases.treaties().")
    return members_of, theories.balance_of_threat_dangers().set_index(["ccode", "year"]).danger


def treaty_readings(named: pd.DataFrame) -> pd.DataFrame:
    """How the default index reads the members of each treaty of :func:`treaties`.

    Each member's top threat is read in the year before the treaty began
    (:func:`bot_core.theories.balance_of_threat_dangers`, the default index). One row per treaty, in
    the order of ``named``: ``treaty`` (its name), ``begins`` (``begyr``), ``pledges``
    (``obligations``); ``member allied with its own top threat``: each member whose top threat is
    another member, as ``"Member (its top threat)"`` joined by ``"; "`` (the book's rule for
    bandwagoning), ``"–"`` if none; ``top threat two members share``: the states outside the treaty
    that at least two members name as their top threat, ``"–"`` if none; ``members ranked`` (the
    members with a top threat read that year) and ``members`` (every state that was ever a member).
    """
    members_of, top = _named_checked(named, ["atopid", "name", "begyr", "obligations"], ["atopid", "begyr"])
    state_name = explorer.names().set_index("ccode")["name"]
    rows = []
    for r in named.itertuples():
        members = set(members_of[r.atopid])
        tops = {m: top.get((m, r.begyr - 1)) for m in sorted(members)}
        known = [t for t in tops.values() if pd.notna(t)]
        sided = [f"{state_name[m]} ({state_name[t]})" for m, t in tops.items() if t in members]
        shared = sorted({t for t in known if t not in members and known.count(t) >= 2})
        rows.append((r.name, r.begyr, r.obligations, "; ".join(sided) or "–",
                     "; ".join(state_name[t] for t in shared) or "–", len(known), len(members)))
    return pd.DataFrame(rows, columns=["treaty", "begins", "pledges", "member allied with its own top threat",
                                       "top threat two members share", "members ranked", "members"])


def accession_readings(named: pd.DataFrame) -> pd.DataFrame:
    """Each member of each treaty of :func:`treaties`, read in the year before it joined.

    Where :func:`treaty_readings` reads every member in the year before the treaty began, this
    reads each member in the year before its own accession, the first day ATOP's member file
    (:func:`bot_core.alliances.members`) holds it in the treaty: the test the book applies to
    states that joined an alliance after its founding. One row per treaty and member, treaties in
    the order of ``named``, members by accession: ``treaty`` (its name), ``member`` (name),
    ``ccode``, ``joined`` (the day), ``top threat`` (the default index's top threat in the year
    before, by name; ``None`` where that year has no reading) and ``top threat a member`` (True if
    that state was ever a member of the same treaty: the book's rule for bandwagoning).
    """
    members_of, top = _named_checked(named, ["atopid", "name"], ["atopid"])
    state_name = explorer.names().drop_duplicates("ccode").set_index("ccode")["name"]
    rows = []
    for r in named.itertuples():
        spells = alliances.members(atopid=int(r.atopid))
        joined = spells.groupby("member").start.min().sort_values(kind="stable")
        members = set(members_of[r.atopid])
        for m, day in joined.items():
            t = top.get((m, day.year - 1))
            known = pd.notna(t)
            rows.append((r.name, state_name.get(m, str(m)), int(m), day,
                         state_name.get(int(t), str(t)) if known else None, bool(known and int(t) in members)))
    return pd.DataFrame(rows, columns=["treaty", "member", "ccode", "joined", "top threat", "top threat a member"])


def _data_path(name: str) -> Path:
    """The project's own file ``data/<name>`` in a checkout of the repository, else the copy
    installed with the package."""
    checkout = Path(__file__).resolve().parent.parent / "data" / name
    if checkout.is_file():
        return checkout
    return Path(str(resources.files("bot_core").joinpath(name)))


def curated_path() -> Path:
    """Where the curated events file is read from: ``data/curated_events.csv`` in a checkout of
    the repository, else the copy installed with the package."""
    return _data_path(_CURATED_FILE)


def documented_path() -> Path:
    """Where the documented threats are read from: ``data/documented_threats.csv`` in a checkout
    of the repository, else the copy installed with the package."""
    return _data_path(_DOCUMENTED_FILE)


def _csv_rows(file: Path, columns: tuple[str, ...]) -> list[tuple[str, dict]]:
    """The rows of one of the project's CSV files, each with where it is (``"<file>, line <n>"``)
    and its fields stripped, after checking the encoding (UTF-8), the header (``columns``, in
    order), the number of fields and that none is empty; a break raises :class:`CuratedEventsError`."""
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise CuratedEventsError(f"{file.name}, line {line}: byte {raw[err.start]:#04x} is not UTF-8 text; save the "
                                 "file as UTF-8.") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(header) != columns:
        raise CuratedEventsError(f"{file}: the header must be {','.join(columns)}; found {header}.")
    out = []
    for n, row in enumerate(reader, start=2):
        where = f"{file.name}, line {n}"
        if len(row) != len(columns):
            raise CuratedEventsError(f"{where}: {len(row)} fields, expected {len(columns)} (quote commas).")
        r = dict(zip(columns, (v.strip() for v in row)))
        for col in columns:
            if not r[col]:
                raise CuratedEventsError(f"{where}: the field {col!r} is empty; every field is required.")
        out.append((where, r))
    return out


@functools.cache
def _bib_keys() -> frozenset:
    """Keys of the book's bibliography (the checkout's references.bib), if it is at hand."""
    bib = Path(__file__).resolve().parent.parent / "references.bib"
    if not bib.is_file():
        return frozenset()
    return frozenset(re.findall(r"^@\w+\{([^,\s]+),", bib.read_text(encoding="utf-8"), flags=re.M))


def curated_events(case: str | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """The project's curated events (see the module docstring), checked against their schema.

    Columns: ``id``, ``date`` (datetime, dated by :data:`CURATED_DATING_RULE`), ``year``, ``case``,
    ``type``, ``states`` (a tuple of COW codes), ``names`` (their names, joined), ``summary``,
    ``source`` (a BibTeX key of the book's bibliography), ``kind`` (the events panel's kind, from
    :data:`CURATED_KINDS`) and ``curated`` (always True: these rows are not measured). ``case`` keeps
    one case's rows (one of :data:`CURATED_CASES`).

    Raises :class:`CuratedEventsError` naming the row and field if the file breaks the schema:
    columns in order, unique ids, ISO dates, known types and cases, COW state codes
    separated by ``;``, a summary, and a source that is a key of ``references.bib`` (checked
    when the bibliography is at hand, i.e. in a checkout). A row dated inside the measured years
    (to 2016) must be of a type no research data set codes (:data:`UNCODED_TYPES`: an alignment
    without a treaty, a crisis...); a treaty in those years is read from ATOP, not curated.
    """
    if case is not None and case not in CURATED_CASES:
        raise ValueError(f"unknown case {case!r}; the curated file's cases are {', '.join(CURATED_CASES)}.")
    file = Path(path) if path is not None else curated_path()
    known = set(explorer.names().ccode.tolist())
    keys = _bib_keys()
    seen: set[str] = set()
    records = []
    for where, r in _csv_rows(file, CURATED_COLUMNS):
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["id"]) or r["id"] in seen:
            raise CuratedEventsError(f"{where}: id {r['id']!r} must be unique, lower case, words joined by '-'.")
        seen.add(r["id"])
        try:
            day = date.fromisoformat(r["date"])
        except ValueError:
            raise CuratedEventsError(f"{where}: date {r['date']!r} is not an ISO date (YYYY-MM-DD).") from None
        if r["case"] not in CURATED_CASES:
            raise CuratedEventsError(f"{where}: case {r['case']!r} is not one of {', '.join(CURATED_CASES)}.")
        if r["type"] not in CURATED_TYPES:
            raise CuratedEventsError(f"{where}: type {r['type']!r} is not one of {', '.join(CURATED_TYPES)}.")
        if day.year <= panel.LAST_YEAR and r["type"] not in UNCODED_TYPES:
            raise CuratedEventsError(f"{where}: a {r['type']} dated {r['date']} falls inside the measured years (to "
                                     f"{panel.LAST_YEAR}), where the research data code it; read it from ATOP instead. "
                                     f"Inside those years the file holds only {', '.join(UNCODED_TYPES)}.")
        try:
            codes = tuple(int(c) for c in r["states"].split(";"))
        except ValueError:
            raise CuratedEventsError(f"{where}: states {r['states']!r} must be COW codes separated by ';'.") from None
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CuratedEventsError(f"{where}: {unknown} are not COW state codes.")
        if keys and r["source"] not in keys:
            raise CuratedEventsError(f"{where}: source {r['source']!r} is not a key of references.bib; add the work there.")
        records.append({**r, "date": pd.Timestamp(day), "year": day.year, "states": codes})
    out = pd.DataFrame.from_records(records, columns=[*CURATED_COLUMNS, "year"])
    names = explorer.names().set_index("ccode")["name"]
    out.insert(5, "names", [", ".join(names[c] for c in s) for s in out.states])
    out["kind"] = np.where(out.year <= panel.LAST_YEAR, CURATED_KINDS["inside"], CURATED_KINDS["after"])
    out["curated"] = True
    if case is not None:
        out = out[out.case == case]
    return out.sort_values(["date", "id"], ignore_index=True)


def documented_threats(chapter: str | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """The principal threats the case chapters score :func:`face_validity` against, read from the
    project's own file ``data/documented_threats.csv`` (see the module docstring) and checked.

    Columns: ``chapter`` (one of :data:`DOCUMENTED_CHAPTERS`), then :data:`FACE_COLUMNS`:
    ``perceiver`` (COW code), ``first`` and ``last`` year, ``documented`` (a tuple of COW codes:
    one, or several where the source names them together; ``;``-separated in the file),
    ``source`` (a key of the book's ``references.bib``) and ``label`` (unique within a chapter),
    in the file's order; the frame is what :func:`face_validity` takes. ``chapter`` keeps one
    chapter's rows.

    Raises :class:`CuratedEventsError` naming the line and field if the file breaks the schema:
    the columns in order, every field given, a known chapter, whole numbers for the perceiver and
    years, COW codes for the states, a perceiver that is not its own threat, years inside the
    threat model's, a source in ``references.bib`` (when the bibliography is at hand), and a label
    used once per chapter.
    """
    if chapter is not None and chapter not in DOCUMENTED_CHAPTERS:
        raise _args.ArgumentError(f"unknown chapter {chapter!r}; the documented threats are those of "
                                  f"{', '.join(DOCUMENTED_CHAPTERS)}.")
    file = Path(path) if path is not None else documented_path()
    records, labels = [], set()
    for where, r in _csv_rows(file, DOCUMENTED_COLUMNS):
        if r["chapter"] not in DOCUMENTED_CHAPTERS:
            raise CuratedEventsError(f"{where}: chapter {r['chapter']!r} is not one of {', '.join(DOCUMENTED_CHAPTERS)}.")
        if (r["chapter"], r["label"]) in labels:
            raise CuratedEventsError(f"{where}: the label {r['label']!r} is already used in {r['chapter']}; give each "
                                     "row of a chapter its own label.")
        labels.add((r["chapter"], r["label"]))
        for col in ("perceiver", "first", "last"):
            if not re.fullmatch(r"[0-9]+", r[col]):
                raise CuratedEventsError(f"{where}: {col} {r[col]!r} must be a whole number.")
        if not re.fullmatch(r"[0-9]+(;[0-9]+)*", r["documented"]):
            raise CuratedEventsError(f"{where}: documented {r['documented']!r} must be COW codes separated by ';'.")
        row = (int(r["perceiver"]), int(r["first"]), int(r["last"]),
               tuple(int(c) for c in r["documented"].split(";")), r["source"], r["label"])
        try:
            _face_rows([row])
        except _args.ArgumentError as err:
            raise CuratedEventsError(f"{where}: {str(err).removeprefix('rows[0]').lstrip(' :')}") from None
        records.append((r["chapter"], *row))
    out = pd.DataFrame.from_records(records, columns=list(DOCUMENTED_COLUMNS))
    if chapter is not None:
        out = out[out.chapter == chapter].reset_index(drop=True)
    return out
