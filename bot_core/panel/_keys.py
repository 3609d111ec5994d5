"""The panels' shared private keys and lookups, and the state system they live in.

Every domain module (``criteria``, ``theories``, ``evaluate``, the verb families of
:mod:`bot_core.panel`) imports them from here: integer keys of state-years and dyad-years
(:func:`_state_key`, :func:`_dyad_key`), lookups of a panel's rows in a table (:func:`_positions`,
:func:`_take`, and the dense-table lookups :func:`_state_positions` and :class:`_DyadLookup`), and
the COW state system's membership (:func:`_membership`), from which the dense tables are sized.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import datasets

#: First and last year of the COW state system (v2016) that every panel lives in.
FIRST_YEAR, LAST_YEAR = 1816, 2016


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
