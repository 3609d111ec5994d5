"""Units of analysis and the verbs that add columns to them.

The idea is peacesciencer's (Miller 2022), written for pandas: a *create* function makes the
unit of analysis, and each ``add_*`` verb adds one documented group of columns from one source::

    from bot_core import panel
    ddy = (panel.dyad_years(1946, 1991)
           .pipe(panel.add_capabilities)
           .pipe(panel.add_capital_distance)
           .pipe(panel.add_contiguity)
           .pipe(panel.add_alliances))

Panels
    A *state-year* panel has integer columns ``ccode`` and ``year``; a *dyad-year* panel has
    ``ccode1``, ``ccode2`` and ``year`` (directed: state 1 is the one whose view we take, so
    ``(2, 365, 1950)`` and ``(365, 2, 1950)`` are different rows). Any other columns are kept.

Rules every verb follows
    * it returns a new DataFrame with the same rows, in the same order, with the same index;
    * it checks the panel first: the key columns exist, hold integers with no missing values, lie
      in the COW state system's years (:data:`FIRST_YEAR`–:data:`LAST_YEAR`), and every state is a
      system member in that year; otherwise it raises :class:`PanelError` saying what is wrong;
    * it refuses to overwrite a column the panel already has;
    * where the source says "nothing" (no alliance, no dispute, no direct contiguity) the value is 0;
      where the source does not cover a year (CShapes before 1886, MIDs after 2014) or has a gap,
      the value is missing (``NaN`` / ``<NA>``), never 0.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from bot_core import _args, datasets
from bot_core._pages import small_pages
from bot_core.geography import Places

__all__ = [
    "ALLIANCE_DIRECTIONS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "NMC_COMPONENTS",
    "PanelError",
    "add_alliances",
    "add_arms_races",
    "add_capabilities",
    "add_capital_distance",
    "add_contiguity",
    "add_crises",
    "add_democracy",
    "add_disputes",
    "add_gdp",
    "add_major_powers",
    "add_min_distance",
    "add_peace_scale",
    "add_rivalries",
    "add_trade",
    "add_un_affinity",
    "add_wars",
    "dyad_years",
    "state_years",
]

#: First and last year of the COW state system (v2016) that every panel lives in.
FIRST_YEAR, LAST_YEAR = 1816, 2016
#: The National Material Capabilities columns, in NMC's order, and CINC.
NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
#: ATOP pledge types, as columns ``atop_<type>``.
ATOP_TYPES = ("defense", "offense", "neutral", "nonagg", "consul")


class PanelError(ValueError):
    """A panel, or an argument describing one, is not what a function needs."""


# --- keys and lookups --------------------------------------------------------------------------


def _state_key(ccode, year) -> np.ndarray:
    return np.asarray(ccode, dtype="int64") * 10_000 + np.asarray(year, dtype="int64")


def _dyad_key(ccode1, ccode2, year) -> np.ndarray:
    return (np.asarray(ccode1, dtype="int64") * 1_000 + np.asarray(ccode2, dtype="int64")) * 10_000 + np.asarray(
        year, dtype="int64"
    )


def _positions(keys: np.ndarray, table_keys: np.ndarray) -> np.ndarray:
    """Row of ``table_keys`` holding each of ``keys`` (-1 where absent); table keys are unique."""
    return pd.Index(table_keys).get_indexer(keys)


def _take(values: np.ndarray, pos: np.ndarray, absent) -> np.ndarray:
    """``values[pos]``, with ``absent`` where ``pos`` is -1 (the dtype widens if it must).

    One array of ``len(pos)`` is allocated, the result: ``absent`` is appended to a copy of the
    (small) table and ``-1`` indexes it."""
    pos = np.asarray(pos)
    if not len(pos) or pos.min() >= 0:
        return values[pos]
    table = np.empty(len(values) + 1, dtype=np.result_type(values.dtype, np.min_scalar_type(absent)))
    table[:-1] = values
    table[-1] = absent
    return table[pos]


#: Years of the COW state system: the width of a dense table of state-years.
_SPAN = LAST_YEAR - FIRST_YEAR + 1
#: COW codes run from 0 to 999 (:func:`_kind` refuses others).
_CODES = 1_000


def _state_slots(ccode, year, checked: bool = False) -> np.ndarray:
    """Slot of each state-year in a dense table of every code (0-999) and year of the state system
    (the keys :func:`_kind` accepts): looking a slot up is plain indexing, with no hashing.
    ``checked=True``: the caller has just checked that codes and years are in that range."""
    slots = np.array(ccode, dtype="int64")  # a copy: changed in place below
    year = np.asarray(year, dtype="int64")
    if not checked and len(slots) and (slots.min() < 0 or slots.max() >= _CODES or year.min() < FIRST_YEAR or year.max() > LAST_YEAR):
        raise ValueError(f"state-years outside codes 0-{_CODES - 1} and years {FIRST_YEAR}-{LAST_YEAR} have no slot; "
                         "check the panel first (_kind)")
    slots *= _SPAN
    slots += year
    slots -= FIRST_YEAR
    return slots


def _state_positions(ccode, year, table_ccode, table_year) -> np.ndarray:
    """Row of the table (key columns ``table_ccode``, ``table_year``; no state-year twice) holding
    each state-year of a checked panel (``ccode``, ``year``), -1 where absent: what
    :func:`_positions` gives for state keys, through a dense table instead of a hash table."""
    c, y = np.asarray(table_ccode, dtype="int64"), np.asarray(table_year, dtype="int64")
    inside = np.flatnonzero((c >= 0) & (c < _CODES) & (y >= FIRST_YEAR) & (y <= LAST_YEAR))
    slots = _state_slots(c[inside], y[inside])
    if len(_sorted_unique(slots)) != len(slots):
        raise ValueError("the table holds a state-year twice; its keys must be unique")
    dense = np.full(_CODES * _SPAN, -1, dtype=np.intp)
    dense[slots] = inside
    return dense[_state_slots(ccode, year)]


@functools.cache
def _state_numbers() -> np.ndarray:
    """For each code 0-999, its number among the states that were ever system members (0, 1, ...),
    -1 for a code that never was (read-only)."""
    codes = _sorted_unique(_membership().ccode.to_numpy("int64"))
    numbers = np.full(_CODES, -1, dtype="int64")
    numbers[codes] = np.arange(len(codes))
    numbers.flags.writeable = False
    return numbers


def _dyad_slots(ccode1, ccode2, year) -> np.ndarray:
    """Slot of each dyad-year in a dense table of every pair of system states and every year (217 x
    217 x 201 slots): looking a slot up is plain indexing, with no hashing. Both states must have
    been system members (as :func:`_kind` checks) and the year in the state system."""
    numbers = _state_numbers()
    n = int(numbers.max()) + 1
    c1, c2 = np.asarray(ccode1, dtype="int64"), np.asarray(ccode2, dtype="int64")
    year = np.asarray(year, dtype="int64")
    if len(c1) and (min(c1.min(), c2.min()) < 0 or max(c1.max(), c2.max()) >= _CODES
                    or year.min() < FIRST_YEAR or year.max() > LAST_YEAR):
        raise ValueError("dyad-years outside codes 0-999 and the state system's years have no slot; "
                         "check the panel first (_kind)")
    slots = numbers[c1]
    second = numbers[c2]
    if len(slots) and min(slots.min(), second.min()) < 0:
        raise ValueError("a state that was never a system member has no slot; check the panel first (_kind)")
    slots *= n
    slots += second
    slots *= _SPAN
    slots += year
    slots -= FIRST_YEAR
    return slots


class _DyadLookup:
    """Small-integer columns of a dyad-year table (unique keys), looked up for the rows of a checked
    panel through a dense table of dyad slots (:func:`_dyad_slots`) instead of a hash table.

    The dense table holds, per slot, the number of the slot's *combination* of column values (at
    most 254 distinct ones: ATOP's five 0/1 pledges, a contiguity type), so it takes one byte per
    slot (9.5 MB); the table's rows outside the state system (other codes, other years) are left
    out, as no panel row can ask for them."""

    def __init__(self, ccode1, ccode2, year, columns: dict[str, np.ndarray], absent: int = 0):
        c1, c2, y = (np.asarray(a, dtype="int64") for a in (ccode1, ccode2, year))
        numbers = _state_numbers()
        inside = np.flatnonzero((c1 >= 0) & (c1 < _CODES) & (c2 >= 0) & (c2 < _CODES)
                                & (y >= FIRST_YEAR) & (y <= LAST_YEAR))
        inside = inside[(numbers[c1[inside]] >= 0) & (numbers[c2[inside]] >= 0)]
        slots = _dyad_slots(c1[inside], c2[inside], y[inside])
        if len(_sorted_unique(slots)) != len(slots):
            raise ValueError("the table holds a dyad-year twice; its keys must be unique")
        packed = np.zeros(len(inside), dtype="int64")  # the row's values, 8 bits each
        for k, values in enumerate(columns.values()):
            packed |= (np.asarray(values, dtype="int8")[inside].astype("int64") + 128) << (8 * k)
        combination, distinct = pd.factorize(packed)
        if len(distinct) > 254:
            raise ValueError(f"{len(distinct)} combinations of values; a dyad lookup holds at most 254")
        self.absent_number = len(distinct)
        n = int(numbers.max()) + 1
        self.dense = np.full(n * n * _SPAN, self.absent_number, dtype="uint8")
        self.dense[slots] = combination
        self.values = {  # per column: its value in each combination, then ``absent``
            name: np.append(((distinct >> (8 * k)) & 255) - 128, absent).astype("int8")
            for k, name in enumerate(columns)
        }

    def __call__(self, ccode1, ccode2, year) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each column (int8) for the rows of a checked panel, ``absent`` where the table has no row;
        and whether it has one (bool)."""
        number = self.dense[_dyad_slots(ccode1, ccode2, year)].astype(np.intp)
        return {name: v[number] for name, v in self.values.items()}, number != self.absent_number


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (``np.unique`` hashes, which is several times slower here)."""
    a = np.sort(a, kind="stable")
    return a[np.concatenate([[True], a[1:] != a[:-1]])] if len(a) else a


# --- the state system --------------------------------------------------------------------------


def _check_span(start, end) -> tuple[int, int]:
    for label, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise PanelError(f"{label} must be a whole year such as 1946, not {value!r}.")
    start, end = int(start), int(end)
    if start > end:
        raise PanelError(f"start ({start}) is after end ({end}); give the earlier year first.")
    if start < FIRST_YEAR or end > LAST_YEAR:
        raise PanelError(
            f"the years {start}–{end} are not all in the COW state system, which runs from "
            f"{FIRST_YEAR} to {LAST_YEAR}; choose years in that range."
        )
    return start, end


@functools.cache
def _membership() -> pd.DataFrame:
    """One row per state, year and membership spell: the days of the year the state was a member."""
    st = datasets.load("cow_states")
    first = pd.to_datetime(dict(year=st.styear, month=st.stmonth, day=st.stday))
    last = pd.to_datetime(dict(year=st.endyear, month=st.endmonth, day=st.endday))
    years = [np.arange(a, b + 1) for a, b in zip(st.styear, st.endyear)]
    n = np.array([len(y) for y in years])
    rows = np.repeat(np.arange(len(st)), n)
    year = np.concatenate(years)
    jan1 = pd.to_datetime(pd.DataFrame(dict(year=year, month=1, day=1)))
    dec31 = pd.to_datetime(pd.DataFrame(dict(year=year, month=12, day=31)))
    out = pd.DataFrame(
        {
            "ccode": st.ccode.to_numpy()[rows],
            "year": year.astype("int64"),
            "stateabb": st.stateabb.to_numpy()[rows],
            "statenme": st.statenme.to_numpy()[rows],
            # the spell's days within this year, as day numbers
            "first": np.maximum(first.to_numpy()[rows], jan1.to_numpy()).astype("datetime64[D]").astype("int64"),
            "last": np.minimum(last.to_numpy()[rows], dec31.to_numpy()).astype("datetime64[D]").astype("int64"),
        }
    )
    return out.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)


@functools.cache
def _member_keys() -> pd.Index:
    m = _membership()
    return pd.Index(_sorted_unique(_state_key(m.ccode, m.year)))


@functools.cache
def _member_slots() -> np.ndarray:
    """For each slot of the dense state-year table (:func:`_state_slots`), whether that state was a
    system member in that year (read-only)."""
    m = _membership()
    member = np.zeros(_CODES * _SPAN, dtype=bool)
    member[_state_slots(m.ccode, m.year)] = True
    member.flags.writeable = False
    return member


@small_pages
def state_years(start: int = FIRST_YEAR, end: int = LAST_YEAR) -> pd.DataFrame:
    """Every state-year of the COW state system from ``start`` to ``end`` (inclusive).

    A state belongs to a year if it was a system member on any day of it (COW State System
    Membership, v2016). Columns: ``ccode``, ``year``, ``stateabb``, ``statenme``; sorted by
    ``ccode`` then ``year``.
    """
    start, end = _check_span(start, end)
    m = _membership()
    m = m[(m.year >= start) & (m.year <= end)]
    out = m.drop_duplicates(["ccode", "year"])[["ccode", "year", "stateabb", "statenme"]]
    return out.reset_index(drop=True)


@small_pages
def dyad_years(start: int = FIRST_YEAR, end: int = LAST_YEAR, directed: bool = True) -> pd.DataFrame:
    """Every dyad-year of the COW state system from ``start`` to ``end`` (inclusive).

    Two states form a dyad in a year if they were system members *on the same day* of that year,
    which excludes pairs whose memberships merely fall in the same calendar year (Germany and the
    Netherlands in 1945, say); this is peacesciencer's ``cow_ddy`` rule. With ``directed=True``
    each pair appears twice, once from each side; with ``directed=False`` once, ``ccode1 < ccode2``.
    Columns: ``ccode1``, ``ccode2``, ``year``; sorted by ``ccode1``, ``ccode2``, ``year``.

    For 1816–2016 the directed panel has 1,912,290 rows.
    """
    start, end = _check_span(start, end)
    if not isinstance(directed, (bool, np.bool_)):
        raise PanelError(f"directed must be True or False, not {directed!r}.")
    m = _membership()
    m = m[(m.year >= start) & (m.year <= end)]
    order = np.argsort(m.year.to_numpy(), kind="stable")  # by year, then code (m is sorted by code)
    yr = (m.year.to_numpy()[order] - start).astype("int32")  # 0 ... 200
    cc, first, last = (m[c].to_numpy()[order].astype("int32") for c in ("ccode", "first", "last"))
    # all ordered pairs of spells within each year (int32 row numbers: half the memory of int64)
    starts = np.flatnonzero(np.diff(yr, prepend=-1)).astype("int32")
    sizes = np.diff(np.append(starts, len(yr))).astype("int32")
    i = np.repeat(np.arange(len(yr), dtype="int32"), np.repeat(sizes, sizes))
    j = np.concatenate([np.tile(np.arange(s, s + n, dtype="int32"), n) for s, n in zip(starts, sizes)]
                       ) if len(yr) else np.empty(0, dtype="int32")
    c1, c2 = cc[i], cc[j]
    keep = c1 < c2 if not directed else c1 != c2
    keep &= np.maximum(first[i], first[j]) <= np.minimum(last[i], last[j])  # a day in common
    # code 1, code 2 and year packed in 28 bits (10 + 10 + 8), in that order of significance, so
    # that sorting the keys sorts the rows; a state with two spells in a year gives one row
    key = c1[keep] << 18
    key |= c2[keep] << 8
    key |= yr[i[keep]]
    key = _sorted_unique(key)
    out = np.empty((3, len(key)), dtype="int64")  # the frame's one block, filled in place
    out[0], out[1], out[2] = key >> 18, (key >> 8) & 1023, (key & 255) + start
    return pd.DataFrame(out.T, columns=["ccode1", "ccode2", "year"], copy=False)


# --- checking panels ---------------------------------------------------------------------------

_KEYS = {"state": ("ccode", "year"), "dyad": ("ccode1", "ccode2", "year")}


def _kind(df, verb: str, allowed: Sequence[str] = ("state", "dyad")) -> str:
    if not isinstance(df, pd.DataFrame):
        raise PanelError(f"{verb} needs a pandas DataFrame, not {type(df).__name__}.")
    dup = _args.duplicated_columns(df)
    if dup:
        raise PanelError(f"{verb}: the panel has more than one column named {', '.join(map(repr, dup))}; "
                         "drop or rename the copies first.")
    cols = set(df.columns)
    kind = "dyad" if {"ccode1", "ccode2", "year"} <= cols else "state" if {"ccode", "year"} <= cols else None
    if kind is None or kind not in allowed:
        need = " or ".join(", ".join(_KEYS[k]) for k in allowed)
        raise PanelError(
            f"{verb} needs a panel with columns {need}; this one has {', '.join(map(str, df.columns)) or 'none'}. "
            "Start from bot_core.panel.state_years() or dyad_years()."
        )
    for col in _KEYS[kind]:
        s = df[col]
        # a numpy integer column cannot hold a missing value: no need to look for one
        if not (isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu") and s.isna().any():
            raise PanelError(f"{verb}: column {col!r} has {int(s.isna().sum())} missing values; drop those rows first.")
        if not pd.api.types.is_integer_dtype(s):
            raise PanelError(f"{verb}: column {col!r} must hold integers (COW codes, years), not {s.dtype}.")
    # whole numbers with no missing value: as int64 arrays (a view for int64 columns); numpy's
    # reductions, several times faster than pandas' on a panel of two million rows
    key = {col: df[col].to_numpy("int64") for col in _KEYS[kind]}
    years = key["year"]
    if len(df) and (years.min() < FIRST_YEAR or years.max() > LAST_YEAR):
        # shown as given (a uint64 beyond 2**63 wraps to a negative int64 in the key)
        bad = sorted(set(df["year"].to_numpy()[(years < FIRST_YEAR) | (years > LAST_YEAR)].tolist()))
        raise PanelError(
            f"{verb}: the panel has years outside the COW state system ({FIRST_YEAR}–{LAST_YEAR}): "
            f"{_some(bad)}. Drop them first."
        )
    sides = [("ccode",)] if kind == "state" else [("ccode1",), ("ccode2",)]
    for (col,) in sides:  # before any key is built: a huge code would wrap around in the int64 key
        codes = key[col]
        if len(df) and (codes.min() < 0 or codes.max() > 999):
            bad = sorted(set(df[col].to_numpy()[(codes < 0) | (codes > 999)].tolist()))
            raise PanelError(f"{verb}: column {col!r} has values that are not COW codes (0-999): {_some(bad)}. "
                             "Check the codes (bot_core.panel.state_years() lists members).")
    if kind == "dyad":
        same = key["ccode1"] == key["ccode2"]
        if same.any():
            raise PanelError(f"{verb}: {int(same.sum())} rows pair a state with itself (ccode1 == ccode2), e.g. "
                             f"{int(key['ccode1'][same][0])}; a dyad needs two states. Drop those rows.")
    for (col,) in sides:
        member = _member_slots()[_state_slots(key[col], years, checked=True)]
        if not member.all():
            unknown = ~member
            pairs = sorted(set(zip(key[col][unknown].tolist(), years[unknown].tolist())))
            raise PanelError(
                f"{verb}: {int(unknown.sum())} rows have a {col} that was not a COW system member that year "
                f"(code, year): {_some(pairs)}. Check the codes (bot_core.panel.state_years() lists members)."
            )
    return kind


def _some(items: Iterable, n: int = 8) -> str:
    items = list(items)
    shown = ", ".join(map(str, items[:n]))
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def _with(df: pd.DataFrame, columns: dict[str, np.ndarray], verb: str) -> pd.DataFrame:
    clash = [c for c in columns if c in df.columns]
    if clash:
        raise PanelError(f"{verb}: the panel already has columns {', '.join(clash)}; drop them first.")
    # copy=False: the arrays are new, made for this frame; a copy would only cost time and memory
    return df.assign(**{name: pd.Series(values, index=df.index, copy=False) for name, values in columns.items()})


def _suffix(kind: str) -> list[tuple[str, str]]:
    """(key column, suffix) pairs: ("ccode", "") for states, ("ccode1", "1"), ("ccode2", "2") for dyads."""
    return [("ccode", "")] if kind == "state" else [("ccode1", "1"), ("ccode2", "2")]


# --- capabilities and status -------------------------------------------------------------------


@small_pages
def add_capabilities(df: pd.DataFrame, components: Sequence[str] = NMC_COMPONENTS) -> pd.DataFrame:
    """Add COW National Material Capabilities (Singer, Bremer and Stuckey 1972; Singer 1987).

    Columns (float64; for dyad-year panels with suffix ``1`` for state 1 and ``2`` for state 2):
    ``milex`` military expenditure (thousands; pounds sterling to 1913, US dollars from 1914),
    ``milper`` military personnel (thousands), ``irst`` iron and steel production (thousand tons),
    ``pec`` primary energy consumption (thousand coal-ton equivalents), ``tpop`` total and ``upop``
    urban population (thousands), ``cinc`` the Composite Index of National Capability, a state's
    average share of the system's total of the six components (the shares sum to about 1 per year).
    NMC's own missing values stay missing. ``components`` picks a subset.
    """
    kind = _kind(df, "add_capabilities")
    if isinstance(components, str):
        components = (components,)  # one component, not its letters
    if components is None or not isinstance(components, Iterable):
        raise PanelError(f"components must be NMC component names, e.g. ['cinc'], not {components!r}.")
    components = list(components)
    unknown = [c for c in components if not isinstance(c, str) or c not in NMC_COMPONENTS]
    if unknown or not components:
        raise PanelError(f"unknown NMC components {unknown}; choose from {', '.join(NMC_COMPONENTS)}.")
    nmc = datasets.load("cow_nmc")
    new = {}
    for key, sfx in _suffix(kind):
        pos = _state_positions(df[key], df["year"], nmc.ccode, nmc.year)
        for c in components:
            new[c + sfx] = _take(nmc[c].to_numpy("float64", na_value=np.nan), pos, np.nan)
    return _with(df, new, "add_capabilities")


@functools.cache
def _major_keys() -> pd.Index:
    mj = datasets.load("cow_majors")
    keys = [_state_key(c, np.arange(a, b + 1)) for c, a, b in zip(mj.ccode, mj.styear, mj.endyear)]
    return pd.Index(_sorted_unique(np.concatenate(keys)))


@small_pages
def add_major_powers(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``majpow`` (``majpow1``, ``majpow2`` for dyads): 1 if the state was a COW major power
    on any day of the year, else 0 (COW State System Membership v2016, major powers list)."""
    kind = _kind(df, "add_major_powers")
    new = {
        "majpow" + sfx: (_major_keys().get_indexer(_state_key(df[key], df["year"])) >= 0).astype("int8")
        for key, sfx in _suffix(kind)
    }
    return _with(df, new, "add_major_powers")


# --- geography ---------------------------------------------------------------------------------


@functools.cache
def _capital_by_state_year() -> pd.DataFrame:
    """The capital of every state-year: the one in force at the end of the year, or on the last
    day of the year the state was a member (so a move takes effect in the year it happens)."""
    cap = datasets.load("cow_capitals")
    m = _membership()
    day = lambda s: s.to_numpy().astype("datetime64[D]").astype("int64")  # noqa: E731
    spells = pd.DataFrame({"ccode": cap.ccode, "c_first": day(cap.stdate), "c_last": day(cap.enddate),
                           "capital": cap.capital, "lat": cap.lat, "lng": cap.lng})
    x = m[["ccode", "year", "first", "last"]].merge(spells, on="ccode", how="left")
    x = x[(x.c_first <= x["last"]) & (x.c_last >= x["first"])]
    # latest capital spell in force during the state's days in the year; then the state's last spell
    x = x.sort_values(["ccode", "year", "last", "c_first"]).drop_duplicates(["ccode", "year"], keep="last")
    return x[["ccode", "year", "capital", "lat", "lng"]].reset_index(drop=True)


@small_pages
def add_capital_distance(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``capdist``: great-circle distance in km between the two states' capitals that year.

    Capitals and their coordinates come from peacesciencer's capitals list (Miller 2022), with
    the dates of each capital. The capital of a state-year is the one in force at the end of the
    year (or on the state's last day in the system that year), so a move changes the distance in
    the year it happens: Brazil's move to Brasília (21 April 1960) counts from 1960. Dyad-year
    panels only.
    """
    _kind(df, "add_capital_distance", allowed=("dyad",))
    return _with(df, {"capdist": _capital_distance(df.ccode1, df.ccode2, df.year)}, "add_capital_distance")


@functools.cache
def _capital_places() -> tuple[pd.DataFrame, Places]:
    """The capitals of :func:`_capital_by_state_year` as :class:`~bot_core.geography.Places` (the
    distance between two capitals is computed once, not once per dyad-year)."""
    caps = _capital_by_state_year()
    return caps, Places.of(caps.lat.to_numpy("float64"), caps.lng.to_numpy("float64"))


def _capital_distance(ccode1, ccode2, year) -> np.ndarray:
    """:func:`add_capital_distance`'s column, for key arrays already checked."""
    caps, points = _capital_places()
    p1 = _state_positions(ccode1, year, caps.ccode, caps.year)
    p2 = _state_positions(ccode2, year, caps.ccode, caps.year)
    return points.distance_km(p1, p2)


@functools.cache
def _contiguity_lookup() -> _DyadLookup:
    keys, types = _contiguity_by_dyad_year()
    c12, year = np.divmod(keys, 10_000)
    return _DyadLookup(c12 // 1_000, c12 % 1_000, year, {"conttype": types})


@functools.cache
def _contiguity_by_dyad_year() -> tuple[np.ndarray, np.ndarray]:
    cd = datasets.load("cow_contdir")
    cd = cd[cd.conttype > 0]
    first, last = cd.stdate.dt.year.to_numpy(), cd.enddate.dt.year.to_numpy()
    n = last - first + 1
    rows = np.repeat(np.arange(len(cd)), n)
    year = np.concatenate([np.arange(a, b + 1) for a, b in zip(first, last)])
    key = _dyad_key(cd.ccode1.to_numpy()[rows], cd.ccode2.to_numpy()[rows], year)
    kind = cd.conttype.to_numpy()[rows]
    # the most direct contiguity in force at any time in the year
    frame = pd.DataFrame({"key": key, "conttype": kind}).groupby("key", sort=True)["conttype"].min()
    return frame.index.to_numpy(), frame.to_numpy().astype("int8")


@small_pages
def add_contiguity(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``conttype``, the COW Direct Contiguity type in force that year (Stinnett et al. 2002).

    1 land border; 2, 3, 4, 5 separated by at most 12, 24, 150 or 400 miles of water; 0 none of
    these. When a dyad's contiguity changed during a year, the most direct type in force at any
    time in the year is kept (lowest non-zero code). Dyad-year panels only.
    """
    _kind(df, "add_contiguity", allowed=("dyad",))
    return _with(df, {"conttype": _contiguity(df.ccode1, df.ccode2, df.year)}, "add_contiguity")


def _contiguity(ccode1, ccode2, year) -> np.ndarray:
    """:func:`add_contiguity`'s column, for key arrays already checked."""
    columns, _ = _contiguity_lookup()(ccode1, ccode2, year)
    return columns["conttype"]


#: First and last year of CShapes 2.0's minimum distances in the data.
MINDIST_YEARS = (1886, 2019)


@small_pages
def add_min_distance(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``mindist``: the minimum distance in km between the two states' territories on
    1 January of the year (CShapes 2.0, Schvitz et al. 2022); 0 for states that share a border.

    The source lists each pair once (``ccode1 < ccode2``); the distance is symmetric, so both
    directions get it. CShapes starts in 1886, so earlier years are ``NaN``; so are the
    dyad-years it does not list, mostly the year a state entered the system (CShapes measures on
    1 January, before the entry). Dyad-year panels only.
    """
    _kind(df, "add_min_distance", allowed=("dyad",))
    return _with(df, {"mindist": _min_distance(df.ccode1, df.ccode2, df.year)}, "add_min_distance")


def _min_distance(ccode1, ccode2, year) -> np.ndarray:
    """:func:`add_min_distance`'s column, for key arrays already checked."""
    md = datasets.load("cow_mindist")
    lo, hi = np.minimum(ccode1, ccode2), np.maximum(ccode1, ccode2)
    pos = _positions(_dyad_key(lo, hi, year), _dyad_key(md.ccode1, md.ccode2, md.year))
    return _take(md.mindist.to_numpy("float64"), pos, np.nan)


# --- alliances and disputes --------------------------------------------------------------------


#: The ways :func:`add_alliances` reads ATOP's directed pledges onto a dyad.
ALLIANCE_DIRECTIONS = ("directed", "either")


@functools.cache
def _alliances_by_dyad_year(direction: str) -> tuple[pd.Index, dict[str, np.ndarray]]:
    """ATOP's dyad-year keys and the pledge columns (int8) under ``direction``: as ATOP codes them
    (``"directed"``), or keyed by the pair in code order with the larger value of the two directions
    (``"either"``)."""
    at = datasets.load("atop_alliance")
    cols = [f"atop_{t}" for t in ATOP_TYPES]
    if direction == "directed":
        keys, values = _dyad_key(at.ccode1, at.ccode2, at.year), at[cols]
    else:
        lo, hi = np.minimum(at.ccode1, at.ccode2), np.maximum(at.ccode1, at.ccode2)
        values = at[cols].groupby(_dyad_key(lo, hi, at.year), sort=True).max()
        keys = values.index.to_numpy()
    return pd.Index(keys), {c: values[c].to_numpy("int8") for c in cols}


@small_pages
def add_alliances(df: pd.DataFrame, direction: str | None = None) -> pd.DataFrame:
    """Add the ATOP alliances in force between the two states that year (ATOP 5.1, Leeds et al. 2002;
    directed dyad-years as prepared by peacesciencer).

    Columns (``int8``, 0 or 1):

    ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul``
        1 if an alliance in force that year holds a pledge of defence, offence, neutrality,
        non-aggression or consultation, read in the direction described below; else 0;
    ``atop_any``
        1 if ATOP records an alliance of any type in force between the two states that year, else 0.
        It can be 1 with all five pledge columns 0: ATOP lists some dyad-years with an alliance but
        none of the five obligations toward that partner (159 directed dyad-years of 1816–2016; 23
        non-directed ones when either direction counts).

    Direction
        ATOP's dyad-year file is directed: the row (state A, state B, year) records the obligations
        state A has undertaken toward state B in alliances in force that year, and the reverse row
        may differ. In 1832 France had pledged to defend Belgium but Belgium had made no such pledge
        to France, so ATOP codes (220, 211, 1832) with a defence pledge and (211, 220, 1832) without.

        ``direction="directed"`` reads the row (``ccode1``, ``ccode2``, ``year``) as ATOP codes it:
        state 1's pledges toward state 2. ``direction="either"`` counts a pledge made in either
        direction (each column is the larger of the two directed rows), peacesciencer's default for
        non-directed data (``add_atop_alliance(ndir = TRUE)``); it is meant for non-directed panels
        and refused on a panel with any row where ``ccode1 > ccode2``, where it would give both
        rows of a pair the same value and hide who pledged what. The default (``None``) follows the
        panel: ``"either"`` when no row has ``ccode1 > ccode2`` (a non-directed panel, as
        :func:`dyad_years` makes with ``directed=False``), ``"directed"`` otherwise. A directed
        panel cut down to rows with ``ccode1 < ccode2`` looks non-directed: pass
        ``direction="directed"`` to keep state 1's view. ``atop_any`` does not depend on the
        direction: ATOP lists every dyad-year with an alliance in both directions.

    Coverage
        ATOP 5.1 runs from 1815 to 2018, so every year of a panel (1816–2016) is covered; a pair
        that ATOP does not list in a year had no alliance in force and gets 0 in every column.

    Dyad-year panels only.
    """
    _kind(df, "add_alliances", allowed=("dyad",))
    ordered = not len(df) or bool((df.ccode1.to_numpy() <= df.ccode2.to_numpy()).all())
    if direction is None:
        direction = "either" if ordered else "directed"
    elif not isinstance(direction, str) or direction not in ALLIANCE_DIRECTIONS:
        raise PanelError(
            f"add_alliances: direction must be one of {', '.join(map(repr, ALLIANCE_DIRECTIONS))} "
            f"(or None, to follow the panel), not {direction!r}."
        )
    elif direction == "either" and not ordered:
        flipped = int((df.ccode1.to_numpy() > df.ccode2.to_numpy()).sum())
        raise PanelError(
            f"add_alliances: direction='either' is for non-directed panels (ccode1 < ccode2 in every row), "
            f"but {flipped} rows have ccode1 > ccode2. On a directed panel each row already holds one side's "
            "pledges: use direction='directed', or build the panel with dyad_years(directed=False)."
        )
    # under "either", keyed by (lower, higher code): the panel's order here
    new, listed = _alliance_lookup(direction)(df.ccode1, df.ccode2, df.year)
    new["atop_any"] = listed.astype("int8")
    return _with(df, new, "add_alliances")


@functools.cache
def _alliance_lookup(direction: str) -> _DyadLookup:
    keys, columns = _alliances_by_dyad_year(direction)
    c12, year = np.divmod(keys.to_numpy(), 10_000)
    return _DyadLookup(c12 // 1_000, c12 % 1_000, year, columns)


#: First and last year of the COW MID data (version 5).
MID_YEARS = (1816, 2014)


@functools.cache
def _disputes_by_dyad_year() -> pd.DataFrame:
    d = datasets.load("cow_mid_dirdisps")
    d = d.assign(
        key=_dyad_key(d.ccode1, d.ccode2, d.year),
        onset=d.disponset.astype("int64"),
        onset_a1=(d.disponset * d.sidea1).astype("int64"),
        onset_a2=(d.disponset * d.sidea2).astype("int64"),
    )
    g = d.groupby("key", sort=True)
    return pd.DataFrame(
        {
            "mid_onset": g.onset.sum(),
            "mid_ongoing": g.size(),
            "mid_sidea1": g.onset_a1.sum(),
            "mid_sidea2": g.onset_a2.sum(),
            "mid_hostlev1": g.hostlev1.max(),
            "mid_hostlev2": g.hostlev2.max(),
        }
    )


@small_pages
def add_disputes(df: pd.DataFrame) -> pd.DataFrame:
    """Add militarized interstate disputes between the two states that year (COW MID 5,
    Palmer et al. 2022; directed dispute-years as prepared by peacesciencer).

    Columns (nullable ``Int64``):

    ``mid_onset``
        MIDs between state 1 and state 2 that began this year;
    ``mid_ongoing``
        MIDs between them in progress this year (onsets included);
    ``mid_sidea1``, ``mid_sidea2``
        of the MIDs that began this year, those in which state 1 (state 2) was on side A, the
        side that took the first militarized action; they sum to ``mid_onset``;
    ``mid_hostlev1``, ``mid_hostlev2``
        the highest hostility level state 1 (state 2) reached in any of those ongoing MIDs
        (1 no militarized action, 2 threat, 3 display, 4 use of force, 5 war); 0 when none.

    Years after 2014, which MID 5 does not cover, are ``<NA>``. Dyad-year panels only.
    """
    _kind(df, "add_disputes", allowed=("dyad",))
    table = _disputes_by_dyad_year()
    pos = _positions(_dyad_key(df.ccode1, df.ccode2, df.year), table.index.to_numpy())
    covered = (df.year >= MID_YEARS[0]).to_numpy() & (df.year <= MID_YEARS[1]).to_numpy()
    new = {}
    for col in table.columns:
        values = _take(table[col].to_numpy("int64"), pos, 0)
        new[col] = pd.array(values, dtype="Int64")
        new[col][~covered] = pd.NA
    return _with(df, new, "add_disputes")


# --- verbs from other sources, one module per idea (re-exported: ``panel.add_wars(df)``) ----------
# Imported last: those modules use the checks above.
from bot_core.verbs_affinity import add_democracy, add_un_affinity  # noqa: E402
from bot_core.verbs_conflict import add_crises, add_wars  # noqa: E402
from bot_core.verbs_economy import add_gdp, add_trade  # noqa: E402
from bot_core.verbs_rivalry import add_arms_races, add_peace_scale, add_rivalries  # noqa: E402
