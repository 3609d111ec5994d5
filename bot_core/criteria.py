"""Walt's four sources of threat, measured for every directed dyad-year.

Walt (1985; 1987) names four sources of threat: aggregate power, geographic proximity, offensive
capabilities and offensive intentions. He gives no way of measuring them. This module gives one,
with every choice a named, documented parameter of :class:`CriteriaSpec`, so that a reader can
change it and see what follows. In a directed dyad-year ``(ccode1, ccode2, year)`` state 1 (*i*)
is the one perceiving and state 2 (*j*) the possible source of threat.

Each criterion is scaled to the range 0 to 1 (1 = the most threatening value). The descriptions
below are those of the book's first specification (:data:`ORIGINAL_SPEC`); the default changes four
of its settings, on the evidence (see *Options* below):

``power``
    Aggregate power of *j*: its CINC (or one NMC component) divided by the largest value of any
    system member that year, so the strongest state scores 1. With ``power_relative=True``,
    *j*'s share of the pair's combined capability, ``p_j / (p_i + p_j)``, instead.
``proximity``
    How close *j* is to *i*. The effective distance mixes the distance between capitals (the
    states' cores) and the distance between their territories (CShapes minimum distance; before
    1886, or where CShapes has no value, the COW contiguity bound: 0 for a land border, 12, 24,
    150 or 400 miles for contiguity by water; failing both, the capital distance):
    ``d = core_weight * capdist + (1 - core_weight) * border``. Proximity then decays with ``d``
    at a constant rate, a smooth version of Boulding's (1962) loss-of-strength gradient:
    ``proximity = 2 ** (-d / half_distance_km)``, 1 at distance 0 and one half at
    ``half_distance_km``.
``offense``
    Offensive capabilities of *j* against *i*: *j*'s military capability (the mean of its
    shares of the system's military expenditure and military personnel, divided by the largest
    such mean that year) projected over the distance to *i* with the same gradient, except that
    a COW major power's gradient is ``reach`` times flatter (global reach).
``intent``
    Offensive intentions of *j* toward *i*, read from behaviour: each militarized interstate
    dispute between them counts in the year the dyad entered it, weighted by the highest
    hostility level *j* reached (level / 5: 0.2 no militarized action ... 1.0 war), by
    ``initiator_weight`` if *j* was on side A (the side that took the first militarized action)
    or ``target_weight`` otherwise, and by ``1 + revisionist_bonus`` if the Gibler-Miller-Little
    data code *j* as a revisionist state in that dispute. Events decay with a half-life of
    ``half_life`` years over a trailing window of ``window`` years, and an ongoing strategic
    rivalry (Thompson and Dreyer's (2012) rivalries as updated to 2020 and distributed with
    peacesciencer, ``tss_rivalries``) adds ``rivalry_weight``. The sum ``h`` maps to ``intent = 1 - exp(-h)``: one fresh war-level
    dispute initiated by *j* gives 0.63.

The default sets four of the options below, chosen on the evidence of 1816-1945 by
:func:`bot_core.selection.fit`: ``power="gdp"``, ``offense_distance=False``,
``half_distance_km=250`` and ``affinity_weight=0.5``. :data:`ORIGINAL_SPEC` sets none of them and
keeps CINC, a 1,000 km half distance, distance-discounted offense and no affinity term.

Options
    ``power="gdp"`` or ``power="sdp"``
        An economic measure of aggregate power beside CINC: real GDP (Fariss, Anders, Markowitz &
        Barnum 2022) or surplus domestic product, the income above the population's subsistence
        (Anders, Fariss & Markowitz 2020), read from :func:`bot_core.panel.add_gdp`. Scaled as CINC
        is (over the year's largest, or with ``power_relative=True`` as *j*'s share of the pair's
        sum, which makes power relative to the perceiver). SDP ends in 2015: later years are
        ``NaN``.
    ``offense_measure="burden"``
        *j*'s offensive capability without CINC's military components: the mean of two
        percentiles among the year's system members, of military expenditure per unit of GDP and
        of military personnel per head of population (the military participation ratio). Both
        are ratios of *j*'s own numbers, so a large state does not score high for its size; the
        size is left to ``power`` (Walt 1987 treats offensive capabilities as a source of threat
        separate from aggregate power). ``NaN`` where both ratios are missing.
    ``offense_distance=False``
        ``offense`` without the distance decay: distance then enters the index once, through
        ``proximity``.
    ``reach_rule="capability"``
        A state's reach depends on its power: the gradient of *j* is
        ``1 + (reach - 1) * m_j`` times flatter, where ``m_j`` is *j*'s military capability
        (the ``"military"`` measure, 1 for the year's strongest). The strongest state reaches
        ``reach`` times farther and a small one hardly farther than the base gradient, instead of
        the default's ``reach`` for every COW major power and none for others. Boulding's (1962)
        loss-of-strength gradient: a state's strength is greatest at home and falls with distance,
        so that a stronger state is still strong farther away.
    ``proximity_reach=True``
        ``proximity`` decays with *j*'s reach, not the base gradient (with
        ``offense_distance=False`` this moves the one count of distance into proximity, where
        the reach rule then applies).
    ``half_distance_growth``
        Reach that changes with the era: the half distance grows by this rate a year from 1816,
        ``half_distance_km * (1 + g) ** (year - 1816)`` (transport and logistics lengthen reach;
        the idea of Boulding's gradient falling with the cost of transport). The half distance and
        its growth are meant to be estimated from evidence (:mod:`bot_core.selection` fits them on
        one era's yardsticks) rather than fixed.
    ``aggression_weight``, ``aggression_scale``
        General aggressiveness of *j*, beside the dyadic history: every dispute *j* entered
        against anyone counts once (its largest weight over its opponents, weighted by
        hostility, side and revisionism as the dyadic events are), decaying with ``half_life``
        over ``window`` years. The sum ``g`` maps to ``aggression = 1 - exp(-g /
        aggression_scale)``, and ``aggression_weight * aggression`` is added to ``h`` before
        ``intent = 1 - exp(-h)``. Walt's (1987) offensive intentions include a state's general
        aggressiveness (a state that alarms everyone), not only its hostility toward the
        perceiver. Output column ``aggression``.
    ``affinity_weight``, ``affinity_sources``, ``alliance_lag``
        Alignment lowers threat: ``affinity`` (0 to 1) is the mean of the components in
        ``affinity_sources`` that have a value for the dyad-year: ``"alliance"``, 1 if ATOP (Leeds
        et al. 2002) records an alliance of any type in force between the two states
        ``alliance_lag`` years earlier (default 1, the year before; 0 the same year), else 0
        (``NaN`` before ATOP's first year, 1815); ``"un"``, ``exp(-d)`` of the distance between
        their UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017; 1946-2023 only);
        ``"regime"``, one minus the difference of their V-Dem polyarchy scores (shared regime;
        Lai & Reiter 2000 find states of similar regime more likely to ally after 1945). Every
        criterion is multiplied by ``1 - affinity_weight * affinity``, so the additive index falls
        by that factor and a pair with ``affinity`` 0 is unchanged. A dyad-year with no component
        available has ``NaN`` affinity, and so ``NaN`` criteria (the index is then missing, never
        undiscounted). To test alliance formation without reading the alliance tested as an
        input, lag it (``alliance_lag``) or leave it out (``affinity_sources=("un", "regime")``).
        Output column ``affinity``.

Missing data, and the rule for each
    * CINC is never missing; a single NMC component can be: then ``power`` is ``NaN``.
    * Military capability uses whichever of expenditure and personnel exists (``offense_partial``
      is True where only one does); with neither, ``offense`` is ``NaN``.
    * ``border_source`` says where the border distance came from: ``"cshapes"``,
      ``"contiguity"`` or ``"capital"`` (no better information).
    * No recorded dispute and no rivalry means ``intent`` is 0: the dispute data aim to record
      every militarized dispute. After the last year of the dispute data (2014)
      ``intent_censored`` is True: later disputes are not seen, only earlier ones decaying.

    A ``NaN`` criterion makes the threat index ``NaN`` for that dyad-year (:mod:`bot_core.threat`
    reports and drops such rows; it never reads them as zero).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bot_core import _args, datasets, panel
from bot_core.panel._keys import _dyad_key, _positions, _state_key, _take

__all__ = [
    "AFFINITY_SOURCES", "CRITERIA", "CriteriaSpec", "OFFENSE_MEASURES", "ORIGINAL_SPEC", "POWER_MEASURES", "REACH_RULES",
    "compute", "proximity_decay",
]

#: The four criteria, in Walt's order.
CRITERIA = ("power", "proximity", "offense", "intent")
#: Where ``border_km`` comes from, the categories of ``border_source`` (see the module docstring).
BORDER_SOURCES = ("cshapes", "contiguity", "capital")
#: Kilometres in a statute mile; the COW contiguity bounds are given in miles.
KM_PER_MILE = 1.609344
#: Measures of aggregate power: the NMC components and CINC, and two economic ones (``gdp``, ``sdp``).
POWER_MEASURES = (*panel.NMC_COMPONENTS, "gdp", "sdp")
#: How far a state's offensive capability reaches (see :class:`CriteriaSpec`).
REACH_RULES = ("major_power", "capability")
#: What ``offense`` measures (see :class:`CriteriaSpec`).
OFFENSE_MEASURES = ("military", "burden")
#: The evidence of alignment the affinity term can read (see :class:`CriteriaSpec`).
AFFINITY_SOURCES = ("alliance", "un", "regime")
#: First year of the ATOP alliance data.
ATOP_FIRST_YEAR = 1815
#: COW contiguity types 1-5 as upper bounds on the distance between the territories, km.
CONTIGUITY_KM = {1: 0.0, 2: 12 * KM_PER_MILE, 3: 24 * KM_PER_MILE, 4: 150 * KM_PER_MILE, 5: 400 * KM_PER_MILE}


@dataclass(frozen=True)
class CriteriaSpec:
    """Every modelling choice behind the four criteria (see the module docstring, which describes
    each option). The defaults are the book's specification, chosen on the evidence of 1816-1945
    by :func:`bot_core.selection.fit` and reported out of sample on 1946-2016 (the chapter "Does
    the index measure threat?"); :data:`ORIGINAL_SPEC` is the book's first specification."""

    power: str = "gdp"
    power_relative: bool = False
    half_distance_km: float = 250.0
    half_distance_growth: float = 0.0
    core_weight: float = 0.5
    reach: float = 4.0
    reach_rule: str = "major_power"
    proximity_reach: bool = False
    offense_measure: str = "military"
    offense_distance: bool = False
    half_life: float = 10.0
    window: int = 30
    initiator_weight: float = 1.0
    target_weight: float = 0.5
    revisionist_bonus: float = 0.5
    rivalry_weight: float = 1.0
    aggression_weight: float = 0.0
    aggression_scale: float = 1.0
    affinity_weight: float = 0.5
    affinity_sources: tuple = AFFINITY_SOURCES
    alliance_lag: int = 1

    def __post_init__(self):
        if self.power not in POWER_MEASURES:
            raise ValueError(f"power must be one of {', '.join(POWER_MEASURES)}, not {self.power!r}.")
        for name in ("power_relative", "proximity_reach", "offense_distance"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise ValueError(f"{name} must be True or False, not {getattr(self, name)!r}.")
        for name, allowed in (("reach_rule", REACH_RULES), ("offense_measure", OFFENSE_MEASURES)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}.")
        span = panel.LAST_YEAR - panel.FIRST_YEAR + 1  # a longer window means nothing more, and costs memory
        if isinstance(self.window, bool) or not isinstance(self.window, (int, np.integer)) or not 1 <= self.window <= span:
            raise ValueError(f"window must be a whole number of years from 1 to {span} (the data's span), not {self.window!r}.")
        lag = self.alliance_lag
        if isinstance(lag, bool) or not isinstance(lag, (int, np.integer)) or not 0 <= lag <= 10:
            raise ValueError(f"alliance_lag must be a whole number of years from 0 to 10, not {lag!r}.")
        sources = self.affinity_sources
        if isinstance(sources, str) or not isinstance(sources, (tuple, list)):
            raise ValueError(f"affinity_sources must be a tuple of names from {AFFINITY_SOURCES}, not {sources!r}.")
        sources = tuple(sources)
        bad = [x for x in sources if x not in AFFINITY_SOURCES]
        if bad or not sources or len(set(sources)) != len(sources):
            raise ValueError(
                f"affinity_sources must name one or more of {', '.join(AFFINITY_SOURCES)}, each once; got {sources!r}."
            )
        object.__setattr__(self, "affinity_sources", sources)  # a list becomes a tuple (the spec is hashed)
        for name, (ok, rule) in _RULES.items():
            value = getattr(self, name)
            number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
            if not number or np.isnan(value) or not ok(value):
                raise ValueError(f"{name} must be {rule}, not {value!r}.")

    def replace(self, **changes) -> CriteriaSpec:
        """A copy with some choices changed (unknown names raise)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown criteria settings {sorted(unknown)}; known: {[f.name for f in dataclasses.fields(self)]}")
        return dataclasses.replace(self, **changes)


_RULES = {
    "half_distance_km": (lambda v: 0 < v < np.inf, "a positive number of km"),
    "core_weight": (lambda v: 0 <= v <= 1, "between 0 and 1"),
    "reach": (lambda v: 1 <= v < np.inf, "at least 1"),
    "half_life": (lambda v: 0 < v < np.inf, "a positive number of years"),
    "initiator_weight": (lambda v: 0 <= v < np.inf, "a non-negative number"),
    "target_weight": (lambda v: 0 <= v < np.inf, "a non-negative number"),
    "revisionist_bonus": (lambda v: 0 <= v < np.inf, "a non-negative number"),
    "rivalry_weight": (lambda v: 0 <= v < np.inf, "a non-negative number"),
    "half_distance_growth": (lambda v: -0.01 <= v <= 0.05, "a yearly rate between -0.01 and 0.05"),
    "aggression_weight": (lambda v: 0 <= v < np.inf, "a non-negative number"),
    "aggression_scale": (lambda v: 0 < v < np.inf, "a positive number"),
    "affinity_weight": (lambda v: 0 <= v <= 1, "between 0 and 1"),
}


#: The book's first specification, before it was validated: CINC power, a 1,000 km half distance,
#: offensive capabilities discounted for distance, no affinity term. The chapter "Does the index
#: measure threat?" scores it beside the default, and :func:`bot_core.selection.fit` starts its
#: search from it.
ORIGINAL_SPEC = CriteriaSpec(power="cinc", half_distance_km=1000.0, offense_distance=True, affinity_weight=0.0)


def proximity_decay(distance_km, half_distance_km: float = CriteriaSpec.half_distance_km):
    """Boulding's loss-of-strength gradient as a constant-rate decay: ``2 ** (-d / half)``.

    Distances must be numbers, 0 or more (NaN, a missing distance, gives NaN); the half
    distance a positive, finite number, or an array of them, one per distance (a half distance
    that changes with the year, ``half_distance_growth``)."""
    d = np.asarray(distance_km)
    if d.dtype.kind not in "iuf" or (d < 0).any():
        raise ValueError(f"distance_km must be distances in km (numbers, 0 or more), not {distance_km!r:.80}.")
    half = half_distance_km
    if isinstance(half, np.ndarray):
        if half.dtype.kind not in "iuf" or half.shape not in ((), d.shape) or not ((0 < half) & (half < np.inf)).all():
            raise ValueError("half_distance_km must be positive numbers of km, one per distance, not "
                             f"{half!r:.80}.")
    elif isinstance(half, bool) or not isinstance(half, (int, float, np.integer, np.floating)) or not 0 < half < np.inf:
        raise ValueError(f"half_distance_km must be a positive number of km, not {half!r}.")
    return np.exp2(-np.asarray(distance_km, dtype="float64") / half_distance_km)


# --- state-year inputs -------------------------------------------------------------------------


@functools.cache
def _state_inputs() -> pd.DataFrame:
    """Per state-year: NMC, major-power status, and the year's maxima and totals."""
    sy = panel.state_years().pipe(panel.add_capabilities).pipe(panel.add_major_powers)
    by_year = sy.groupby("year")
    shares = []
    for col in ("milex", "milper"):
        shares.append(sy[col] / by_year[col].transform("sum"))
    mil = pd.concat(shares, axis=1).mean(axis=1, skipna=True)  # NaN only when both are missing
    sy["mil_partial"] = pd.concat(shares, axis=1).notna().sum(axis=1) == 1
    sy["mil"] = mil / mil.groupby(sy.year).transform("max")
    return sy


def _power_score(sy: pd.DataFrame, component: str) -> np.ndarray:
    values = sy[component]
    return (values / values.groupby(sy.year).transform("max")).to_numpy("float64")


# --- intentions --------------------------------------------------------------------------------


@functools.cache
def _revisionist_pairs() -> pd.Index:
    """(dispnum, i, j) where GML codes j (state 2) as a revisionist state in the dispute."""
    g = datasets.load("gml_dirdisp")
    g = g[g.revstate2.fillna(0) == 1]
    return pd.MultiIndex.from_arrays([g.dispnum, g.ccode1, g.ccode2]).unique()


@functools.cache
def _dispute_events() -> pd.DataFrame:
    """One row per dispute and directed dyad: the year the dyad entered it, j's side and hostility."""
    m = datasets.load("cow_mid_dirdisps")
    first = m.sort_values("year").drop_duplicates(["dispnum", "ccode1", "ccode2"], keep="first")
    rev = pd.MultiIndex.from_arrays([first.dispnum, first.ccode1, first.ccode2]).isin(_revisionist_pairs())
    return pd.DataFrame(
        {
            "ccode1": first.ccode1.to_numpy(),
            "ccode2": first.ccode2.to_numpy(),
            "year": first.year.to_numpy(),
            "j_side_a": first.sidea2.to_numpy() == 1,
            "j_hostility": first.hostlev2.to_numpy("float64") / 5.0,
            "j_revisionist": rev,
            "dispnum": first.dispnum.to_numpy(),
        }
    )


@functools.cache
def _rivalry_keys() -> pd.Index:
    r = datasets.load("tss_rivalries")
    keys = []
    for a, b, s, e in zip(r.ccode1, r.ccode2, r.start, r.end):
        years = np.arange(max(s, panel.FIRST_YEAR), min(e, panel.LAST_YEAR) + 1)
        keys += [_dyad_key(a, b, years), _dyad_key(b, a, years)]
    return pd.Index(panel._sorted_unique(np.concatenate(keys)))


@functools.cache
def _intent_table(spec: CriteriaSpec) -> tuple[np.ndarray, np.ndarray]:
    """Sorted dyad-year keys with a non-zero hostility sum ``h``, and ``h`` (before rivalry)."""
    ev = _dispute_events()
    weight = ev.j_hostility.to_numpy() * np.where(ev.j_side_a, spec.initiator_weight, spec.target_weight)
    weight = weight * np.where(ev.j_revisionist, 1 + spec.revisionist_bonus, 1.0)
    lags = np.arange(spec.window)
    rows = np.repeat(np.arange(len(ev)), spec.window)
    lag = np.tile(lags, len(ev))
    year = ev.year.to_numpy()[rows] + lag
    keep = year <= panel.LAST_YEAR
    rows, lag, year = rows[keep], lag[keep], year[keep]
    contrib = weight[rows] * np.exp2(-lag / spec.half_life)
    key = _dyad_key(ev.ccode1.to_numpy()[rows], ev.ccode2.to_numpy()[rows], year)
    summed = pd.Series(contrib).groupby(key).sum()
    return summed.index.to_numpy(), summed.to_numpy()


@functools.cache
def _state_extras() -> pd.DataFrame:
    """Per state-year, in :func:`_state_inputs`' rows: GDP and SDP (Fariss et al. 2022; Anders,
    Fariss & Markowitz 2020), V-Dem's polyarchy, the military burden percentiles behind
    ``offense_measure="burden"`` and the military capability behind ``reach_rule="capability"``."""
    sy = _state_inputs()
    econ = panel.add_gdp(sy[["ccode", "year"]])
    dem = panel.add_democracy(sy[["ccode", "year"]])
    out = pd.DataFrame({"gdp": econ.gdp.to_numpy(), "sdp": econ.sdp.to_numpy(),
                        "polyarchy": dem.v2x_polyarchy.to_numpy()}, index=sy.index)
    with np.errstate(invalid="ignore", divide="ignore"):
        # military expenditure (thousands of current dollars) per unit of GDP, and military personnel
        # per head (the military participation ratio): ratios of a state's own numbers, not shares
        # of the system's, so neither is a component of CINC
        ratios = [sy.milex / econ.gdp.to_numpy(), sy.milper / sy.tpop]
    pct = []
    for r in ratios:
        r = r.where(np.isfinite(r))
        rank = r.groupby(sy.year).rank(method="average")
        n = r.groupby(sy.year).transform("count")
        pct.append((rank - 1) / (n - 1).where(n > 1))
    both = pd.concat(pct, axis=1)
    out["burden"] = both.mean(axis=1, skipna=True)  # NaN only when both are missing
    out["burden_partial"] = both.notna().sum(axis=1) == 1
    return out


@functools.cache
def _aggression_table(spec: CriteriaSpec) -> tuple[np.ndarray, np.ndarray]:
    """Sorted state-year keys of the states with a non-zero general hostility ``g`` and ``g``.

    Each dispute counts once per state (its largest weight in that dispute, over its opponents),
    weighted as the dyadic intent weights it, and decays with the same half-life and window."""
    ev = _dispute_events()
    weight = ev.j_hostility.to_numpy() * np.where(ev.j_side_a, spec.initiator_weight, spec.target_weight)
    weight = weight * np.where(ev.j_revisionist, 1 + spec.revisionist_bonus, 1.0)
    per = pd.DataFrame({"dispnum": ev.dispnum.to_numpy(), "ccode": ev.ccode2.to_numpy(),
                        "year": ev.year.to_numpy(), "w": weight})
    per = per.groupby(["dispnum", "ccode"], as_index=False).agg(year=("year", "min"), w=("w", "max"))
    rows = np.repeat(np.arange(len(per)), spec.window)
    lag = np.tile(np.arange(spec.window), len(per))
    year = per.year.to_numpy()[rows] + lag
    keep = year <= panel.LAST_YEAR
    rows, lag, year = rows[keep], lag[keep], year[keep]
    contrib = per.w.to_numpy()[rows] * np.exp2(-lag / spec.half_life)
    summed = pd.Series(contrib).groupby(_state_key(per.ccode.to_numpy()[rows], year)).sum()
    return summed.index.to_numpy(), summed.to_numpy()


def _affinity(c1: np.ndarray, c2: np.ndarray, year: np.ndarray, p1: np.ndarray, p2: np.ndarray,
              spec: CriteriaSpec) -> np.ndarray:
    """The mean of the affinity components ``spec.affinity_sources`` has for each row (``NaN``
    where none has a value)."""
    parts = []
    if "alliance" in spec.affinity_sources:
        keys, _ = panel._alliances_by_dyad_year("either")
        then = year.astype("int64") - spec.alliance_lag
        lo, hi = np.minimum(c1, c2), np.maximum(c1, c2)
        allied = (keys.get_indexer(_dyad_key(lo, hi, then)) >= 0).astype("float64")
        allied[then < ATOP_FIRST_YEAR] = np.nan  # before ATOP: unknown, not "no alliance"
        parts.append(allied)
    if "un" in spec.affinity_sources:
        frame = pd.DataFrame({"ccode1": c1, "ccode2": c2, "year": year})
        un = panel.add_un_affinity(frame).unga_distance.to_numpy("float64")
        parts.append(np.exp(-un))
    if "regime" in spec.affinity_sources:
        poly = _state_extras().polyarchy.to_numpy("float64")
        with np.errstate(invalid="ignore"):
            parts.append(1 - np.abs(_take(poly, p1, np.nan) - _take(poly, p2, np.nan)))
    stack = np.vstack(parts)
    have = (~np.isnan(stack)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(have > 0, np.nansum(stack, axis=0) / np.maximum(have, 1), np.nan)


# --- the criteria ------------------------------------------------------------------------------




def _power(spec: CriteriaSpec, sy: pd.DataFrame, table: np.ndarray, c1: np.ndarray, year: np.ndarray,
           p2: np.ndarray) -> np.ndarray:
    """1. Aggregate power of *j*: scaled by the year's largest, or *j*'s share of the pair's sum."""
    source = sy if spec.power in panel.NMC_COMPONENTS else _state_extras().assign(year=sy.year.to_numpy())
    if not spec.power_relative:
        return _take(_power_score(source, spec.power), p2, np.nan)
    raw = source[spec.power].to_numpy("float64")
    a, b = _take(raw, _positions(_state_key(c1, year), table), np.nan), _take(raw, p2, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        power = np.where(a + b > 0, b / (a + b), 0.5)
    power[np.isnan(a) | np.isnan(b)] = np.nan
    return power


def _border(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The capital distance, the border distance and the codes of :data:`BORDER_SOURCES` it came from."""
    capdist = panel._capital_distance(c1, c2, year)
    contig = panel._contiguity(c1, c2, year)
    contig_km = np.select([contig == k for k in CONTIGUITY_KM], list(CONTIGUITY_KM.values()), default=np.nan)
    del contig
    mindist = panel._min_distance(c1, c2, year)
    has_mindist, has_contig = ~np.isnan(mindist), ~np.isnan(contig_km)
    border = np.where(has_mindist, mindist, np.where(has_contig, contig_km, capdist))
    source = np.where(has_mindist, 0, np.where(has_contig, 1, 2)).astype("int8")  # codes of BORDER_SOURCES
    return capdist, border, source


def _reach(spec: CriteriaSpec, sy: pd.DataFrame, year: np.ndarray, p2: np.ndarray):
    """The half distance of the base gradient, *j*'s major-power status and *j*'s half distance
    after its reach (``reach_rule``)."""
    half = spec.half_distance_km
    if spec.half_distance_growth:  # the gradient flattens (or steepens) year by year
        half = half * (1 + spec.half_distance_growth) ** (year.astype("float64") - panel.FIRST_YEAR)
    major2 = _take(sy.majpow.to_numpy("int8"), p2, 0).astype(bool)
    if spec.reach_rule == "major_power":
        return half, major2, np.where(major2, half * spec.reach, half)
    # graded by j's military capability: the strongest reaches `reach` times farther
    milcap = _take(sy.mil.to_numpy("float64"), p2, np.nan)
    return half, major2, half * (1 + (spec.reach - 1) * np.nan_to_num(milcap, nan=0.0))


def _offense(spec: CriteriaSpec, sy: pd.DataFrame, p2: np.ndarray, distance: np.ndarray,
             reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """3. Offensive capabilities of *j* (``offense_measure``, over the distance if
    ``offense_distance``) and whether only one of their two components was there."""
    if spec.offense_measure == "military":
        mil2 = _take(sy.mil.to_numpy("float64"), p2, np.nan)
        partial = _take(sy.mil_partial.to_numpy(), p2, False).astype(bool)
    else:
        extras = _state_extras()
        mil2 = _take(extras.burden.to_numpy("float64"), p2, np.nan)
        partial = _take(extras.burden_partial.to_numpy(), p2, False).astype(bool)
    return (mil2 * np.exp2(-distance / reach) if spec.offense_distance else mil2), partial


def _intent(spec: CriteriaSpec, c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> tuple[np.ndarray, dict]:
    """4. Offensive intentions of *j* toward *i*, and ``{"aggression": ...}`` if the spec weighs
    *j*'s general aggressiveness (else ``{}``)."""
    keys = _dyad_key(c1, c2, year)
    ikeys, hsum = _intent_table(spec)
    h = _take(hsum, _positions(keys, ikeys), 0.0)
    if spec.rivalry_weight:
        h = h + spec.rivalry_weight * (_rivalry_keys().get_indexer(keys) >= 0)
    del keys
    extra = {}
    if spec.aggression_weight:
        akeys, gsum = _aggression_table(spec)
        aggression = -np.expm1(-_take(gsum, _positions(_state_key(c2, year), akeys), 0.0) / spec.aggression_scale)
        h = h + spec.aggression_weight * aggression
        extra["aggression"] = aggression
    return -np.expm1(-h), extra


def compute(df: pd.DataFrame | None = None, spec: CriteriaSpec | None = None, **changes) -> pd.DataFrame:
    """The four criteria for every row of a directed dyad-year panel.

    ``df`` defaults to every directed dyad-year 1816-2016. ``spec`` (or keyword changes to the
    default spec, e.g. ``half_life=5``) sets the modelling choices. Returns a new frame with the
    panel's key columns, the four criteria (:data:`CRITERIA`), the inputs they were built from
    (``capdist``, ``border_km``, ``distance_km``, ``majpow2``) and the missing-data flags
    (``border_source``, ``offense_partial``, ``intent_censored``), rows in the panel's order.
    """
    _args.spec(spec)
    spec = spec if spec is not None else CriteriaSpec()
    spec = spec.replace(**changes) if changes else spec
    if df is None:
        df = panel.dyad_years()
    panel._kind(df, "criteria.compute", allowed=("dyad",))
    # key arrays, no copy of the panel: a full panel has two million rows
    c1, c2, year = (df[c].to_numpy() for c in ("ccode1", "ccode2", "year"))

    sy = _state_inputs()
    table = _state_key(sy.ccode, sy.year)
    p2 = _positions(_state_key(c2, year), table)
    power = _power(spec, sy, table, c1, year, p2)
    # 2. proximity, over the effective distance with the base gradient or j's reach
    capdist, border, source = _border(c1, c2, year)
    distance = spec.core_weight * capdist + (1 - spec.core_weight) * border
    half, major2, reach = _reach(spec, sy, year, p2)
    proximity = np.exp2(-distance / reach) if spec.proximity_reach else proximity_decay(distance, half)
    offense, partial = _offense(spec, sy, p2, distance, reach)
    del reach
    intent, extra = _intent(spec, c1, c2, year)

    # 5. affinity: a discount on every criterion, so the additive index falls by the same factor
    if spec.affinity_weight:
        p1 = _positions(_state_key(c1, year), table)
        affinity = _affinity(c1, c2, year, p1, p2, spec)
        factor = 1 - spec.affinity_weight * affinity
        power, proximity, offense, intent = (v * factor for v in (power, proximity, offense, intent))
        extra["affinity"] = affinity
    del p2

    out = {
        "ccode1": c1.copy(),
        "ccode2": c2.copy(),
        "year": year.copy(),
        "power": power,
        "proximity": proximity,
        "offense": offense,
        "intent": intent,
        "capdist": capdist,
        "border_km": border,
        "distance_km": distance,
        "majpow2": major2.astype("int8"),
        "border_source": pd.Categorical.from_codes(source, categories=list(BORDER_SOURCES)),
        "offense_partial": partial,
        "intent_censored": year > panel.MID_YEARS[1],
        **extra,
    }
    # every array is new and this frame's own (the keys copied from the panel): no second copy
    return pd.DataFrame(out, index=df.index, copy=False)
