"""Units of analysis: every state-year (:func:`~bot_core.panel.state_years`) and every dyad-year
(:func:`~bot_core.panel.dyad_years`) of the COW state system."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core._pages import small_pages
from bot_core.panel._checks import PanelError, _check_span
from bot_core.panel._keys import FIRST_YEAR, LAST_YEAR, _membership, _sorted_unique

__all__ = ["dyad_years", "state_years"]


@small_pages
def state_years(start: int = FIRST_YEAR, end: int = LAST_YEAR) -> pd.DataFrame:
    """Every state-year of the COW state system from ``start`` to ``end`` (inclusive).

    A state belongs to a year if it was a system member on any day of it.

    Columns
        ``ccode``, ``year`` (int64), ``stateabb``, ``statenme`` (the COW abbreviation and name);
        sorted by ``ccode`` then ``year``.

    Coverage
        the state system's years, :data:`FIRST_YEAR`-:data:`LAST_YEAR` (1816-2016); other years
        are refused.

    References
        COW State System Membership v2016 (``cow2017states``), as distributed by peacesciencer
        (Miller 2022, ``miller2022peacesciencer``).

    Examples
        >>> from bot_core import panel
        >>> sy = panel.state_years(1946, 1946)
        >>> len(sy), sy.statenme.iloc[0]
        (66, 'United States of America')
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

    Columns
        ``ccode1``, ``ccode2``, ``year`` (int64); sorted by ``ccode1``, ``ccode2``, ``year``.

    Coverage
        the state system's years, 1816-2016. For 1816-2016 the directed panel has 1,912,290 rows.

    References
        COW State System Membership v2016 (``cow2017states``); the rule is peacesciencer's
        (Miller 2022, ``miller2022peacesciencer``).

    Examples
        >>> from bot_core import panel
        >>> len(panel.dyad_years(1946, 1946)), len(panel.dyad_years(1946, 1946, directed=False))
        (4290, 2145)
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
    # a day in common: certain when either spell covers the whole year, so the days are compared
    # only for pairs of two part-year spells (about 1 pair in 200)
    years = (yr.astype("int64") + (start - 1970)).astype("datetime64[Y]")
    jan1 = years.astype("datetime64[D]").astype("int64")
    dec31 = (years + 1).astype("datetime64[D]").astype("int64") - 1
    part = (first > jan1) | (last < dec31)
    both = np.flatnonzero(part[i] & part[j])
    ib, jb = i[both], j[both]
    keep[both] &= np.maximum(first[ib], first[jb]) <= np.minimum(last[ib], last[jb])
    # code 1, code 2 and year packed in 28 bits (10 + 10 + 8), in that order of significance, so
    # that sorting the keys sorts the rows; a state with two spells in a year gives one row
    key = c1[keep] << 18
    key |= c2[keep] << 8
    key |= yr[i[keep]]
    key = _sorted_unique(key)
    out = np.empty((3, len(key)), dtype="int64")  # the frame's one block, filled in place
    out[0], out[1], out[2] = key >> 18, (key >> 8) & 1023, (key & 255) + start
    return pd.DataFrame(out.T, columns=["ccode1", "ccode2", "year"], copy=False)
