"""Does the index measure threat? Scoring a threat specification against independent evidence.

The threat index ranks, for every state and year, the states it should fear. This module holds the
ranking to evidence of who actually feared whom, evidence the index is not built from, and scores
any :class:`~bot_core.criteria.CriteriaSpec`, weights and functional form on it, beside simple
baselines. The evidence (the *yardsticks*, :func:`yardsticks`) is one row per case: a perceiver
(``ccode1``), the state it feared (``ccode2``) and the perception year (``year``), read as follows.

``atop``: named threats of alliance treaties (ATOP 5.1, Leeds et al. 2002)
    A treaty whose text names a state it is directed against (``statthr1``, ``statthr2`` > 0 in
    ``atop_treaties``): every member *at signature* feared each named state. Members at signature
    are the member spells (``atop_members``) whose entry date (year, month, day) is the treaty's
    signature date; states that acceded later are not cases (they joined an existing treaty and
    ATOP's named threat is the founders'). ``id`` = ``atopid``; the event year is the year of
    signature, the perception year the year before.
``icb``: crisis triggers (ICB v14, actor level, Brecher & Wilkenfeld 2000)
    Each crisis actor (``cracid``) perceived a threat from the entity that triggered its crisis
    (``trigent``, per actor, not the crisis-level field). ``trigent`` is a COW code, or 995, 996,
    997 for a non-state, multiple or other triggering entity: those are not states and are
    excluded. Two codes are recoded to COW's: ICB keeps 260 (the Federal Republic) for united
    Germany after 1990, COW uses 255 from 3 October 1990; ICB keeps 678 (Yemen Arab Republic) for
    united Yemen after May 1990, COW uses 679. ``id`` = ``crisno``; the event year is the year
    of the actor's trigger (``yrtrig``), the perception year the year before.
``rivalry``: principal strategic rivals (Thompson & Dreyer 2012, TSS as updated to 2020)
    The rivalries that ``tss_rivalries`` flags ``principal``; each side fears the other in the
    rivalry's years. Consecutive years of one rivalry are nearly the same case, so the yardstick
    samples the rivalry years divisible by :data:`RIVALRY_STEP` (5); the index is read in that
    year itself (an ongoing relationship, not an event). ``id`` = ``tssr_id``. **The rivalries
    are also an input** (``intent`` adds ``rivalry_weight`` for every TSS rivalry): this
    yardstick is always scored with that term switched off (``rivalry_weight=0``), and the
    output says so (column ``variant``).
``war``: war opponents (COW inter-state wars, ``cow_war_inter``)
    States on opposite sides of a war; each feared the other. A directed pair counts once per war,
    at the first year in which the two were at war with each other (a state that joined late is
    read at its own entry), and the perception year is the year before. ``id`` = ``warnum``.

``peace``: the peace scale (Goertz, Diehl & Balas 2016; v3.1), :func:`peace_pairs`
    Not a list of feared states but a contrast: in each year 1900-2016, a perceiver's *rivals*
    (``peace_level`` 0, severe rivalry, or 0.25, lesser rivalry) against its *friends* (0.75, warm
    peace, or 1, security community), both directions of each coded dyad. Negative peace (0.5)
    and uncoded or transition years (``NaN``) are neither and are left out (counted in the
    exclusions). The index is read in the same year, with the rivalry term switched off (the
    scale's rivalries and TSS's overlap). Scored by the AUC below.

Rules common to every yardstick (each exclusion is listed, with its reason, by
``yardsticks(with_excluded=True)`` and ``peace_pairs(with_excluded=True)``; nothing is dropped
silently):

* the perception year must lie in the threat model's years (1816-2016), so ATOP treaties of 1815
  and crises triggered after 2017 cannot be cases;
* perceiver and feared state must both be members of the COW state system in the perception
  year, at the same time (the ranking is of the perceiver's directed dyad-years in
  :func:`bot_core.panel.dyad_years`, which holds a pair only if both were members together), and
  must differ;
* a case appears once: a second treaty (crisis, war) giving the same perceiver, feared state and
  perception year is listed as a duplicate of the first (lowest ``id``) and excluded;
* **era** is that of the *event* year (signature, trigger, war entry; for rivalry and peace the
  year itself): ``"1816–1945"`` up to 1945, ``"1946–2016"`` from 1946 (so a crisis triggered in
  1946 is post-war though perceived in 1945);
* **region** is the perceiver's, by COW code range (the COW project's regions): Americas 2-199,
  Europe 200-399, Africa 400-629, Middle East 630-699, Asia 700-899, Oceania 900-999.

Scores (:func:`score`), per yardstick and era (and region, ``by=("era", "region")``)
    Each perceiver-year's targets (every other system member with a non-missing index) are
    ranked by the index as :func:`bot_core.threat.comparable` rounds it, ties going to the lower
    COW code: the book's tie rule, as in :func:`bot_core.threat.top_threats`. For a case with the
    feared state at rank ``r`` of ``n`` ranked targets:

    ``top1``, ``top3``
        the share of cases with ``r == 1`` and ``r <= 3``;
    ``median_rank``
        the median of ``r``;
    ``mean_percentile``
        the mean of ``(n - r) / (n - 1)``, the share of the perceiver's other targets that rank
        below the feared state: 1 at the top, 0 at the bottom, 0.5 expected of a random ranking;
    ``top1_ceiling``, ``top3_ceiling``
        the best ``top1`` and ``top3`` any ranking could reach: a perceiver-year that fears
        several states in one yardstick (a war with many opponents, two treaties of one year)
        can put only one of them first (and three in the top three);
    ``missing``
        cases whose feared state has a missing index (a missing criterion): left out of ``n``;
    ``top1_all``, ``top3_all``
        the shares of *all* cases, ``n + missing``, with an unranked case counted as missed: what
        :mod:`bot_core.selection` maximises, so that a specification cannot gain by leaving the
        hard cases unranked;
    ``auc`` (peace)
        the probability that a perceiver ranks a rival above a friend in the same year: the
        Mann-Whitney statistic over every (rival, friend) pair of the same perceiver-year, on the
        compared (rounded) index, an exact tie counting one half. 0.5 is no better than chance.
        (The ICB/ATOP/rivalry/war rows leave it empty; the peace row leaves the rank columns
        empty.) ``n`` is then the number of perceiver-years with at least one rival and one
        friend, ``pairs`` the number of pairs.

Baselines (:data:`BASELINES`, scored the same way by :func:`compare`)
    ``nearest``: rank by capital distance, nearest first; ``strongest``: by CINC (the
    ``power`` of :data:`~bot_core.criteria.ORIGINAL_SPEC`, CINC over the year's largest, which orders targets as CINC does);
    ``strongest_neighbour``: neighbours first (border distance, as
    :func:`bot_core.criteria.compute` measures it, no more than 400 miles, COW's widest
    contiguity by water), each group by CINC; ``intentions``: the specification's ``intent``
    alone (weights 0, 0, 0, 1); ``geography``: its ``proximity`` alone (0, 1, 0, 0).

Speed
    The criteria are computed (:func:`bot_core.criteria.compute`) only for the perceiver-years the
    yardsticks need (about 2,500 perceiver-years of all targets, and the peace pairs), once per
    specification (cached); a change of weights or form then costs a weighted sum and one sort.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bot_core import _args, criteria, datasets, panel, threat
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = [
    "BASELINES", "ERAS", "ICB_NON_STATE", "REGIONS", "RIVALRY_STEP", "YARDSTICKS", "compare", "era_of",
    "peace_pairs", "rank_cases", "region_of", "score", "yardsticks",
]

#: The yardsticks with a feared state per case, in the order the tables give them.
YARDSTICKS = ("atop", "icb", "rivalry", "war")
#: Every yardstick :func:`score` knows: the four above and the peace scale.
ALL_YARDSTICKS = (*YARDSTICKS, "peace")
#: The eras, by event year.
ERAS = ("1816–1945", "1946–2016")
#: The last event year of the first era.
ERA_BREAK = 1945
#: Regions by the perceiver's COW code: (name, first code, last code).
REGIONS = (
    ("Americas", 2, 199), ("Europe", 200, 399), ("Africa", 400, 629),
    ("Middle East", 630, 699), ("Asia", 700, 899), ("Oceania", 900, 999),
)
#: ICB ``trigent`` codes that name no state.
ICB_NON_STATE = {995: "non-state, multiple or other triggering entity (ICB 995)",
                 996: "non-state, multiple or other triggering entity (ICB 996)",
                 997: "non-state, multiple or other triggering entity (ICB 997)"}
#: ICB codes recoded to COW's after a year: (ICB code, from year, COW code, why).
ICB_RECODE = (
    (260, 1991, 255, "ICB 260 (GFR) for united Germany; COW 255 from 1990"),
    (678, 1991, 679, "ICB 678 (YAR) for united Yemen; COW 679 from 1990"),
)
#: Rivalry years sampled: those divisible by this.
RIVALRY_STEP = 5
#: Peace-scale levels read as rivalry and as friendship.
PEACE_RIVAL = (0.0, 0.25)
PEACE_FRIEND = (0.75, 1.0)
#: Border distance (km) within which a state is a neighbour: COW's widest contiguity, 400 miles.
NEIGHBOUR_KM = criteria.CONTIGUITY_KM[5]
#: The spec variant each yardstick is scored under: its own input switched off.
INPUT_OFF = {"rivalry": {"rivalry_weight": 0.0}, "peace": {"rivalry_weight": 0.0}}
#: The baselines of :func:`compare`.
BASELINES = ("nearest", "strongest", "strongest_neighbour", "intentions", "geography")

CASE_COLUMNS = ["source", "id", "ccode1", "ccode2", "year", "event_year", "era", "region", "note"]


def era_of(event_year) -> np.ndarray:
    """The era label of each event year (see the module docstring)."""
    y = _args.numeric(event_year, "event_year")
    return np.where(y <= ERA_BREAK, ERAS[0], ERAS[1]).astype(object)


def region_of(ccode) -> np.ndarray:
    """The region of each COW code (:data:`REGIONS`)."""
    c = _args.numeric(ccode, "ccode")
    out = np.full(c.shape, "unknown", dtype=object)
    for name, lo, hi in REGIONS:
        out[(c >= lo) & (c <= hi)] = name
    return out


# --- the yardsticks -------------------------------------------------------------------------------


@functools.cache
def _member_set() -> pd.Index:
    sy = panel.state_years()
    return pd.Index(sy.ccode.to_numpy("int64") * 10_000 + sy.year.to_numpy("int64"))


@functools.cache
def _dyad_years() -> pd.DataFrame:
    """The panel's directed dyad-years (both states members at the same time in the year)."""
    return panel.dyad_years()[["ccode1", "ccode2", "year"]]


@functools.cache
def _dyad_set() -> pd.Index:
    d = _dyad_years()
    return pd.Index(_dkey(d.ccode1, d.ccode2, d.year))


def _dkey(c1, c2, year) -> np.ndarray:
    return (np.asarray(year, dtype="int64") * 1_000_000 + np.asarray(c1, dtype="int64") * 1000
            + np.asarray(c2, dtype="int64"))


def _is_dyad(c1, c2, year) -> np.ndarray:
    return _dyad_set().get_indexer(_dkey(c1, c2, year)) >= 0


def _is_member(ccode, year) -> np.ndarray:
    keys = np.asarray(ccode, dtype="int64") * 10_000 + np.asarray(year, dtype="int64")
    return _member_set().get_indexer(keys) >= 0


def _atop_raw() -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    t = datasets.load("atop_treaties")
    m = datasets.load("atop_members")
    named = t[(t.statthr1.fillna(0) > 0) | (t.statthr2.fillna(0) > 0)]
    cols = ["atopid", "begyr", "begmo", "begday", "statthr1", "statthr2"]
    mm = m[["atopid", "member", "yrent", "moent", "dayent"]].merge(named[cols], on="atopid")
    same_day = (mm.dayent == mm.begday).fillna(False) | (mm.dayent.isna() & mm.begday.isna())
    at_sig = (mm.yrent == mm.begyr) & (mm.moent == mm.begmo) & same_day
    rows, late = [], []
    for col in ("statthr1", "statthr2"):
        has = mm[col].fillna(0) > 0
        part = mm[has].assign(feared=mm.loc[has, col].astype("int64"))
        frame = pd.DataFrame({
            "source": "atop", "id": part.atopid.astype("int64"), "ccode1": part.member.astype("int64"),
            "ccode2": part.feared, "event_year": part.begyr.astype("int64"), "note": "",
        })
        rows.append(frame[at_sig[has].to_numpy()])
        late.append(frame[~at_sig[has].to_numpy()].assign(reason="joined after signature (not a founding member)"))
    return pd.concat(rows, ignore_index=True), late


def _icb_raw() -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    a = datasets.load("icb_actors")
    base = pd.DataFrame({
        "source": "icb", "id": a.crisno.astype("int64"), "ccode1": a.cracid.astype("int64"),
        "ccode2": a.trigent.astype("Int64"), "event_year": a.yrtrig.astype("Int64"), "note": "",
    })
    bad = []
    undated = base.event_year.isna() | base.ccode2.isna()
    bad.append(base[undated].assign(reason="no trigger year or triggering entity in ICB"))
    base = base[~undated].astype({"ccode2": "int64", "event_year": "int64"})
    non_state = base.ccode2.isin(list(ICB_NON_STATE))
    bad.append(base[non_state].assign(reason=base.loc[non_state, "ccode2"].map(ICB_NON_STATE)))
    base = base[~non_state].copy()
    for icb, since, cow, why in ICB_RECODE:
        for side in ("ccode1", "ccode2"):
            hit = (base[side] == icb) & (base.event_year >= since)
            base.loc[hit, side] = cow
            base.loc[hit, "note"] = why
    return base, bad


def _rivalry_raw() -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    r = datasets.load("tss_rivalries")
    r = r[r.principal.fillna(0) == 1]
    rows = []
    for rid, a, b, s, e in zip(r.tssr_id, r.ccode1, r.ccode2, r.start, r.end):
        years = np.arange(max(int(s), panel.FIRST_YEAR), min(int(e), panel.LAST_YEAR) + 1)
        years = years[years % RIVALRY_STEP == 0]
        for p, f in ((a, b), (b, a)):
            rows.append(pd.DataFrame({"source": "rivalry", "id": int(rid), "ccode1": int(p), "ccode2": int(f),
                                      "event_year": years, "note": ""}))
    return pd.concat(rows, ignore_index=True), []


def _war_raw() -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    w = datasets.load("cow_war_inter")
    w = w[w.sidea1 != w.sidea2]  # opposite sides (every row of the file is)
    first = w.groupby(["warnum", "ccode1", "ccode2"], as_index=False).year.min()
    frame = pd.DataFrame({"source": "war", "id": first.warnum.astype("int64"), "ccode1": first.ccode1.astype("int64"),
                          "ccode2": first.ccode2.astype("int64"), "event_year": first.year.astype("int64"), "note": ""})
    return frame, []


#: How each yardstick reads the perception year from the event year.
_LAG = {"atop": 1, "icb": 1, "rivalry": 0, "war": 1}
_RAW = {"atop": _atop_raw, "icb": _icb_raw, "rivalry": _rivalry_raw, "war": _war_raw}


def _common_rules(raw: pd.DataFrame, lag: int) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Perception year, span, membership, self-pairs, duplicates: (kept, excluded)."""
    raw = raw.assign(year=raw.event_year - lag)
    bad = []
    rules = [
        (lambda f: (f.year < panel.FIRST_YEAR) | (f.year > panel.LAST_YEAR),
         f"perception year outside the threat model's years ({panel.FIRST_YEAR}-{panel.LAST_YEAR})"),
        (lambda f: f.ccode1 == f.ccode2, "the feared state is the perceiver itself"),
        (lambda f: ~_is_member(f.ccode1, f.year), "perceiver not a system member in the perception year"),
        (lambda f: ~_is_member(f.ccode2, f.year), "feared state not a system member in the perception year"),
        (lambda f: ~_is_dyad(f.ccode1, f.ccode2, f.year),
         "perceiver and feared state never members at the same time in the perception year (no dyad-year)"),
    ]
    for test, reason in rules:
        hit = np.asarray(test(raw), dtype=bool)
        bad.append(raw[hit].assign(reason=reason))
        raw = raw[~hit]
    raw = raw.sort_values(["id", "ccode1", "ccode2", "year"], kind="stable")
    dup = raw.duplicated(["ccode1", "ccode2", "year"], keep="first").to_numpy()
    first_id = raw[~dup].set_index(["ccode1", "ccode2", "year"]).id
    d = raw[dup]
    ids = first_id.reindex(pd.MultiIndex.from_frame(d[["ccode1", "ccode2", "year"]])).to_numpy()
    bad.append(d.assign(reason=[f"duplicate of case id {i} (same perceiver, feared state and year)" for i in ids]))
    return raw[~dup], bad


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(era=era_of(frame.event_year), region=region_of(frame.ccode1))
    return frame


@functools.cache
def _yardsticks() -> tuple[pd.DataFrame, pd.DataFrame]:
    kept, excluded = [], []
    for name in YARDSTICKS:
        raw, bad = _RAW[name]()
        lag = _LAG[name]
        excluded += [b.assign(year=b.event_year - lag) for b in bad]
        ok, bad = _common_rules(raw, lag)
        kept.append(ok)
        excluded += bad
    cases = _finish(pd.concat(kept, ignore_index=True))[CASE_COLUMNS]
    cases = cases.sort_values(["source", "year", "ccode1", "ccode2"], key=_source_order, kind="stable")
    excl = pd.concat([e for e in excluded if len(e)], ignore_index=True)
    excl = _finish(excl)[[*CASE_COLUMNS, "reason"]]
    return cases.reset_index(drop=True), excl.sort_values(["source", "reason", "id"], key=_source_order, kind="stable").reset_index(drop=True)


def _source_order(s: pd.Series) -> pd.Series:
    if s.name == "source":
        return s.map({n: i for i, n in enumerate(ALL_YARDSTICKS)})
    return s


def yardsticks(with_excluded: bool = False):
    """The cases: one row per yardstick (``source``), perceiver ``ccode1``, feared state
    ``ccode2`` and perception ``year``, with ``id`` (treaty, crisis, rivalry or war number),
    ``event_year``, ``era``, ``region`` (the perceiver's) and ``note`` (a recoded ICB code).

    With ``with_excluded=True``, returns ``(cases, excluded)``: ``excluded`` lists every case the
    rules of the module docstring left out, with the same columns and a ``reason``.
    """
    with_excluded = _args.flag(with_excluded, "with_excluded")
    cases, excluded = _yardsticks()
    cases = cases.copy()
    return (cases, excluded.copy()) if with_excluded else cases


@functools.cache
def _peace() -> tuple[pd.DataFrame, pd.DataFrame]:
    ps = datasets.load("peace_scale")
    both = pd.concat([
        ps[["ccode1", "ccode2", "year", "peace_level"]],
        ps[["ccode2", "ccode1", "year", "peace_level"]].rename(columns={"ccode2": "ccode1", "ccode1": "ccode2"}),
    ], ignore_index=True)
    lo, hi = np.minimum(both.ccode1, both.ccode2), np.maximum(both.ccode1, both.ccode2)
    frame = pd.DataFrame({
        "source": "peace", "id": (lo * 1000 + hi).astype("int64"), "ccode1": both.ccode1.astype("int64"),
        "ccode2": both.ccode2.astype("int64"), "event_year": both.year.astype("int64"), "note": "",
        "peace_level": both.peace_level.to_numpy(),
    })
    side = np.select([frame.peace_level.isin(PEACE_RIVAL), frame.peace_level.isin(PEACE_FRIEND)], ["rival", "friend"], "")
    frame["side"] = side
    bad = [
        frame[frame.peace_level.isna()].assign(reason="peace level missing (a transition or an uncoded period)"),
        frame[frame.peace_level == 0.5].assign(reason="negative peace (0.5): neither rival nor friend"),
    ]
    frame = frame[side != ""]
    ok, more = _common_rules(frame, 0)
    bad += more
    ok = _finish(ok)[[*CASE_COLUMNS, "peace_level", "side"]].sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)
    ex = _finish(pd.concat(bad, ignore_index=True).assign(year=lambda f: f.event_year))
    return ok, ex[[*CASE_COLUMNS, "peace_level", "side", "reason"]].reset_index(drop=True)


def peace_pairs(with_excluded: bool = False):
    """The peace-scale contrast: one row per perceiver ``ccode1``, other state ``ccode2`` and year
    1900-2016 with ``side`` ``"rival"`` (levels 0, 0.25) or ``"friend"`` (0.75, 1); with
    ``with_excluded=True`` also the rows left out, with a ``reason``."""
    with_excluded = _args.flag(with_excluded, "with_excluded")
    ok, ex = _peace()
    return (ok.copy(), ex.copy()) if with_excluded else ok.copy()


# --- the criteria of the rows the yardsticks need -------------------------------------------------


@functools.cache
def _needed() -> dict[str, pd.DataFrame]:
    """Directed dyad-year frames to compute criteria for: every target of the perceiver-years
    the ranked yardsticks need, split by the spec variant they are scored under, and the peace
    pairs (only their own rows: the AUC needs no full ranking)."""
    cases = yardsticks()
    out = {}
    off = cases.source.isin([s for s in YARDSTICKS if s in INPUT_OFF])
    dy = _dyad_years()
    seg = dy.year.to_numpy("int64") * 1000 + dy.ccode1.to_numpy("int64")
    for label, part in (("as_given", cases[~off]), ("input_off", cases[off])):
        want = np.unique(part.year.to_numpy("int64") * 1000 + part.ccode1.to_numpy("int64"))
        frame = dy[np.isin(seg, want)]
        out[label] = frame.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)
    pp = peace_pairs()
    out["peace"] = pp[["ccode1", "ccode2", "year"]].drop_duplicates().sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)
    return out


def _off(spec: CriteriaSpec) -> CriteriaSpec:
    return spec.replace(**INPUT_OFF["rivalry"])


@functools.lru_cache(maxsize=2)
def _frames(spec: CriteriaSpec) -> dict[str, pd.DataFrame]:
    """The criteria, with the inputs they were built from, for the dyad-years the yardsticks need,
    in the models' row order (year, ccode1, ccode2): what the baselines and ranking functions read
    (a :class:`~bot_core.threat.ThreatModel` keeps only the keys and the four criteria)."""
    need, off = _needed(), _off(spec)
    return {
        label: criteria.compute(need[label], spec=s).sort_values(["year", "ccode1", "ccode2"], kind="stable").reset_index(drop=True)
        for label, s in (("as_given", spec), ("input_off", off), ("peace", off))
    }


@functools.lru_cache(maxsize=8)
def _models(spec: CriteriaSpec) -> dict[str, threat.ThreatModel]:
    return {label: threat.ThreatModel(frame) for label, frame in _frames(spec).items()}


def _keys(m: threat.ThreatModel) -> np.ndarray:
    return m.year.astype("int64") * 1_000_000 + m.ccode1.astype("int64") * 1000 + m.ccode2.astype("int64")


@functools.lru_cache(maxsize=8)
def _case_rows(spec: CriteriaSpec) -> dict[str, np.ndarray]:
    """Row of each case (in :func:`yardsticks` order) and each peace pair in its model."""
    models, cases, pp = _models(spec), yardsticks(), peace_pairs()
    out = {}
    off = cases.source.isin([s for s in YARDSTICKS if s in INPUT_OFF]).to_numpy()
    rows = np.full(len(cases), -1, dtype="int64")
    for label, mask in (("as_given", ~off), ("input_off", off)):
        k = _keys(models[label])
        want = cases.year.to_numpy("int64")[mask] * 1_000_000 + cases.ccode1.to_numpy("int64")[mask] * 1000 + cases.ccode2.to_numpy("int64")[mask]
        pos = np.searchsorted(k, want)
        assert (k[pos] == want).all()
        rows[mask] = pos
    out["cases"], out["off"] = rows, off
    k = _keys(models["peace"])
    want = pp.year.to_numpy("int64") * 1_000_000 + pp.ccode1.to_numpy("int64") * 1000 + pp.ccode2.to_numpy("int64")
    out["peace"] = np.searchsorted(k, want)
    return out


# --- ranking and scoring --------------------------------------------------------------------------


def _segment_ranks(m: threat.ThreatModel, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank of every row within its perceiver-year (1 = highest; ties to the lower ``ccode2``;
    missing values last and unranked) and the number of ranked rows of its perceiver-year."""
    c = threat.comparable(values)
    order = np.lexsort((m.ccode2, np.where(np.isnan(c), np.inf, -c), m.seg_id))
    pos = np.empty(len(c), dtype="int64")
    pos[order] = np.arange(len(c))
    rank = pos - m.starts[m.seg_id] + 1
    n = np.add.reduceat((~np.isnan(c)).astype("int64"), m.starts)[m.seg_id]
    return rank, n


def _check_spec(spec) -> CriteriaSpec:
    spec = _args.spec(spec)
    return CriteriaSpec() if spec is None else spec


def _check_form(form) -> None:
    if not isinstance(form, str) or form not in threat.FORMS:
        raise _args.ArgumentError(f"unknown functional form {_args._show(form)}; choose one of {', '.join(threat.FORMS)}.")


def _check_yardsticks(which) -> tuple[str, ...]:
    if which is None:
        return ALL_YARDSTICKS
    which = _args.names(which, "yardstick", ALL_YARDSTICKS, noun="yardsticks")
    return _unique(which, "yardstick")


def _check_by(by) -> tuple[str, ...]:
    by = _args.names(by, "by", ("era", "region"), allow_empty=True, noun="groupings")
    return _unique(by, "by")


def _unique(names: tuple[str, ...], name: str) -> tuple[str, ...]:
    if len(set(names)) != len(names):
        raise _args.ArgumentError(f"{name} names {sorted({n for n in names if names.count(n) > 1})} more than once; "
                                  "give each once.")
    return names


#: The baselines that read the inputs of the criteria (capital and border distance, power).
BASELINE_INPUTS = ("nearest", "strongest", "strongest_neighbour")


def _check_ranking(ranking) -> None:
    if not callable(ranking) and (not isinstance(ranking, str) or (ranking != "model" and ranking not in BASELINES)):
        raise _args.ArgumentError(f"unknown ranking {ranking!r}; choose 'model', one of {', '.join(BASELINES)} or a function.")


def _values(m: threat.ThreatModel, ranking, w: np.ndarray, form: str, frame: pd.DataFrame | None) -> np.ndarray:
    """The values a ranking orders targets by, for every row of ``m``; ``frame`` holds the rows'
    criteria and inputs (for a baseline, under :data:`~bot_core.criteria.ORIGINAL_SPEC`, whose power is CINC; for a function, under ``spec``)."""
    if callable(ranking):
        v = np.asarray(ranking(frame.copy()), dtype="float64")
        if v.shape != (len(frame),):
            raise ValueError(f"a ranking function must return one number per row ({len(frame)}), not shape {v.shape}.")
        return v
    if ranking == "model":
        return m.threat(w, form)
    if ranking == "intentions":
        return m.threat((0, 0, 0, 1), "additive")
    if ranking == "geography":
        return m.threat((0, 1, 0, 0), "additive")
    f = frame
    if ranking == "nearest":
        return -f.capdist.to_numpy("float64")
    if ranking == "strongest":
        return f.power.to_numpy("float64")
    if ranking == "strongest_neighbour":
        return f.power.to_numpy("float64") + (f.border_km.to_numpy("float64") <= NEIGHBOUR_KM)
    raise ValueError(f"unknown ranking {ranking!r}; the baselines are {', '.join(BASELINES)}.")


def rank_cases(spec: CriteriaSpec | None = None, weights=None, form: str = _DEFAULT_FORM, ranking: str = "model") -> pd.DataFrame:
    """Every case of :func:`yardsticks` with the feared state's ``rank`` among its perceiver's
    targets that year (``<NA>`` if its index is missing), ``of`` (how many targets were ranked),
    ``percentile`` (``(of - rank) / (of - 1)``), ``threat`` (the value ranked) and ``variant``
    (the spec variant the case was scored under). ``ranking`` is ``"model"`` (``spec``,
    ``weights``, ``form``), one of :data:`BASELINES`, or a function that takes a frame of
    criteria (:func:`bot_core.criteria.compute`'s columns, one row per directed dyad-year) and
    returns one value per row, higher meaning more threatening (to score any other ranking)."""
    _check_ranking(ranking)
    spec = _check_spec(spec)
    _check_form(form)
    w = threat.weights_array(weights)
    cases = yardsticks()
    rows = _case_rows(spec)
    models = _models(spec)
    frames = _frames(criteria.ORIGINAL_SPEC) if ranking in BASELINE_INPUTS else _frames(spec) if callable(ranking) else None
    rank = np.zeros(len(cases), dtype="int64")
    of = np.zeros(len(cases), dtype="int64")
    value = np.full(len(cases), np.nan)
    for label, mask in (("as_given", ~rows["off"]), ("input_off", rows["off"])):
        if not mask.any():
            continue
        m = models[label]
        v = _values(m, ranking, w, form, frames[label] if frames else None)
        r, n = _segment_ranks(m, v)
        idx = rows["cases"][mask]
        rank[mask], of[mask], value[mask] = r[idx], n[idx], v[idx]
    ok = ~np.isnan(threat.comparable(value))
    out = cases.assign(
        threat=value,
        rank=pd.Series(rank, index=cases.index, dtype="Int64").where(ok),
        of=of,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        out["percentile"] = np.where(ok, (of - rank) / np.maximum(of - 1, 1), np.nan)
    out["variant"] = np.where(rows["off"], "rivalry term off (rivalry_weight=0)", "as given")
    out.attrs.update(ranking=ranking, form=form, weights=dict(zip(CRITERIA, w)), spec=spec)
    return out


def _peace_auc(spec: CriteriaSpec, w: np.ndarray, form: str, ranking: str, by: tuple[str, ...]) -> pd.DataFrame:
    pp = peace_pairs()
    m = _models(spec)["peace"]
    frames = _frames(criteria.ORIGINAL_SPEC) if ranking in BASELINE_INPUTS else _frames(spec) if callable(ranking) else None
    v = threat.comparable(_values(m, ranking, w, form, frames["peace"] if frames else None))[_case_rows(spec)["peace"]]
    frame = pp.assign(v=v)
    missing = frame.v.isna()
    frame = frame[~missing]
    rival = (frame.side == "rival").to_numpy()
    # Mann-Whitney per perceiver-year: for each rival, friends below + half the friends tied.
    g = frame.year.to_numpy("int64") * 1000 + frame.ccode1.to_numpy("int64")
    order = np.lexsort((frame.v.to_numpy(), g))
    g, val, riv = g[order], frame.v.to_numpy()[order], rival[order]
    # friends strictly below / tied within the group, by cumulative counts over sorted values
    fr = (~riv).astype("int64")
    # group-wise positions of value blocks
    key_block = np.concatenate([[True], (g[1:] != g[:-1]) | (val[1:] != val[:-1])])
    block = np.cumsum(key_block) - 1
    fr_in_block = np.bincount(block, weights=fr)
    gstart = np.concatenate([[True], g[1:] != g[:-1]])
    grp = np.cumsum(gstart) - 1
    cum_fr = np.cumsum(fr) - fr  # friends before this row, all groups
    grp_first = np.flatnonzero(gstart)
    before_grp = cum_fr[grp_first][grp]
    block_first = np.flatnonzero(key_block)
    below = cum_fr[block_first][block] - before_grp  # friends with a lower value, same group
    u = np.where(riv, below + 0.5 * fr_in_block[block], 0.0)
    n_r = np.bincount(grp, weights=riv.astype(float))
    n_f = np.bincount(grp, weights=fr)
    u_g = np.bincount(grp, weights=u)
    era = era_of(g[grp_first] // 1000)
    region = region_of(g[grp_first] % 1000)
    groups = pd.DataFrame({"era": era, "region": region, "u": u_g, "pairs": n_r * n_f})
    groups = groups[groups.pairs > 0]
    miss = pp[missing].assign(era=era_of(pp.year[missing]), region=region_of(pp.ccode1[missing]))
    keys = list(by)
    if keys:
        agg = groups.groupby(keys).agg(n=("u", "size"), u=("u", "sum"), pairs=("pairs", "sum")).reset_index()
        mc = miss.groupby(keys).size().rename("missing").reset_index()
        agg = agg.merge(mc, on=keys, how="left")
    else:
        agg = pd.DataFrame({"n": [len(groups)], "u": [groups.u.sum()], "pairs": [groups.pairs.sum()], "missing": [len(miss)]})
    agg["missing"] = agg.missing.fillna(0).astype("int64")
    agg["auc"] = agg.u / agg.pairs
    agg["pairs"] = agg.pairs.astype("int64")
    return agg.drop(columns="u").assign(yardstick="peace", variant="rivalry term off (rivalry_weight=0)")


def score(
    spec: CriteriaSpec | None = None,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    by: str | Sequence[str] = ("era",),
    yardstick: str | Sequence[str] | None = None,
    ranking: str = "model",
) -> pd.DataFrame:
    """Validity of a specification: one row per yardstick and era (``by=("era", "region")`` splits
    by region too; ``by=()`` pools the eras). Columns: ``yardstick``, the ``by`` columns,
    ``variant`` (the spec variant scored: "as given", or the yardstick's own input switched
    off), ``n``, ``missing``, ``top1``, ``top3``, ``median_rank``, ``mean_percentile``, ``auc``,
    ``pairs``, ``top1_ceiling``, ``top3_ceiling``, ``top1_all``, ``top3_all`` (see the module docstring). ``ranking`` scores a baseline (or a function, see
    :func:`rank_cases`) instead of the model."""
    spec = _check_spec(spec)
    _check_form(form)
    w = threat.weights_array(weights)
    which = _check_yardsticks(yardstick)
    by = _check_by(by)
    _check_ranking(ranking)
    parts = []
    ranked = [s for s in which if s != "peace"]
    if ranked:
        rc = rank_cases(spec, w, form, ranking)
        rc = rc[rc.source.isin(ranked)]
        ok = rc["rank"].notna()
        r = rc["rank"].astype("float64")
        frame = rc.assign(ok=ok, top1=(r == 1), top3=(r <= 3), r=r)
        keys = ["source", "variant", *by]
        good = frame[ok]
        # how many cases of a perceiver-year (in this yardstick) there are: only one can be first
        k = good.groupby(["source", "year", "ccode1"]).ccode2.transform("size")
        pos = good.groupby(["source", "year", "ccode1"]).cumcount() + 1
        good = good.assign(can1=(pos == 1), can3=(pos <= 3), kk=k)
        agg = good.groupby(keys, sort=False).agg(
            top1_ceiling=("can1", "mean"), top3_ceiling=("can3", "mean"),
        ).reset_index().merge(good.groupby(keys, sort=False).agg(
            n=("r", "size"), top1=("top1", "mean"), top3=("top3", "mean"),
            median_rank=("r", "median"), mean_percentile=("percentile", "mean"),
        ).reset_index(), on=keys)
        miss = frame[~ok].groupby(keys, sort=False).size().rename("missing").reset_index()
        agg = agg.merge(miss, on=keys, how="left").rename(columns={"source": "yardstick"})
        agg["missing"] = agg.missing.fillna(0).astype("int64")
        every = agg.n + agg.missing
        agg["top1_all"] = agg.top1 * agg.n / every
        agg["top3_all"] = agg.top3 * agg.n / every
        parts.append(agg)
    if "peace" in which:
        parts.append(_peace_auc(spec, w, form, ranking, by))
    out = pd.concat(parts, ignore_index=True)
    for col in ("top1", "top3", "median_rank", "mean_percentile", "auc", "pairs", "top1_ceiling", "top3_ceiling",
                "top1_all", "top3_all"):
        if col not in out:
            out[col] = np.nan
    out["pairs"] = out.pairs.astype("Int64")
    order = {n: i for i, n in enumerate(ALL_YARDSTICKS)}
    out = out.sort_values(["yardstick", *by], key=lambda s: s.map(order) if s.name == "yardstick" else s, kind="stable")
    out = out[["yardstick", *by, "variant", "n", "missing", "top1", "top3", "median_rank", "mean_percentile", "auc", "pairs",
               "top1_ceiling", "top3_ceiling", "top1_all", "top3_all"]]
    out = out.reset_index(drop=True)
    out.attrs.update(ranking=ranking, form=form, weights=dict(zip(CRITERIA, w)), spec=spec)
    return out


def compare(
    spec: CriteriaSpec | None = None,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    form: str = _DEFAULT_FORM,
    by: str | Sequence[str] = ("era",),
    yardstick: str | Sequence[str] | None = None,
    baselines: Sequence[str] = BASELINES,
) -> pd.DataFrame:
    """:func:`score` of the model beside each baseline: one table, with a ``ranking`` column
    (``"model"`` first, then the baselines)."""
    baselines = _unique(_args.names(baselines, "baselines", BASELINES, allow_empty=True, noun="baselines"), "baselines")
    frames = [score(spec, weights, form, by, yardstick, r).assign(ranking=r) for r in ("model", *baselines)]
    out = pd.concat(frames, ignore_index=True)
    return out[["ranking", *[c for c in out.columns if c != "ranking"]]]
