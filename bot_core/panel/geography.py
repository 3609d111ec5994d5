"""Verbs for geography: :func:`~bot_core.panel.add_capital_distance`, :func:`~bot_core.panel.add_contiguity` (COW direct
contiguity) and :func:`~bot_core.panel.add_min_distance` (CShapes 2.0)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import datasets
from bot_core._pages import small_pages
from bot_core.geography import Places
from bot_core.panel._checks import _kind, _with
from bot_core.panel._keys import _DyadLookup, _dyad_key, _membership, _positions, _state_positions, _take

__all__ = ["MINDIST_YEARS", "add_capital_distance", "add_contiguity", "add_min_distance"]


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

    Columns
        ``capdist`` (float64, km). The capital of a state-year is the one in force at the end of
        the year (or on the state's last day in the system that year), so a move changes the
        distance in the year it happens: Brazil's move to Brasília (21 April 1960) counts from 1960.

    Coverage
        1816-2016, every year of a panel. Dyad-year panels only.

    References
        peacesciencer's capitals list, with the dates of each capital (Miller 2022,
        ``miller2022peacesciencer``).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [200, 20], "year": [1946, 1946]})
        >>> panel.add_capital_distance(dy).capdist.round().tolist()
        [5898.0, 734.0]
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
    """Add ``conttype``, the COW Direct Contiguity type in force that year.

    Columns
        ``conttype`` (int8): 1 land border; 2, 3, 4, 5 separated by at most 12, 24, 150 or 400
        miles of water; 0 none of these. When a dyad's contiguity changed during a year, the most
        direct type in force at any time in the year is kept (lowest non-zero code).

    Coverage
        1816-2016, every year of a panel (the file's spells run to 2016). Dyad-year panels only.

    References
        Stinnett, Tir, Schafer, Diehl & Gochman (2002) (``stinnett2002contiguity``), as distributed
        by peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [200, 20], "year": [1946, 1946]})
        >>> panel.add_contiguity(dy).conttype.tolist()
        [0, 1]
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
    1 January of the year.

    Columns
        ``mindist`` (float64, km); 0 for states that share a border. The source lists each pair
        once (``ccode1 < ccode2``); the distance is symmetric, so both directions get it.

    Coverage
        CShapes starts in 1886 (``MINDIST_YEARS``), so earlier years are ``NaN``; so are the
        dyad-years it does not list, mostly the year a state entered the system (CShapes measures
        on 1 January, before the entry). Dyad-year panels only.

    References
        CShapes 2.0, Schvitz et al. (2022) (``schvitz2022cshapes``), as distributed by
        peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2, 2], "ccode2": [200, 20, 200], "year": [1946, 1946, 1850]})
        >>> panel.add_min_distance(dy).mindist.round().tolist()
        [4120.0, 0.0, nan]
    """
    _kind(df, "add_min_distance", allowed=("dyad",))
    return _with(df, {"mindist": _min_distance(df.ccode1, df.ccode2, df.year)}, "add_min_distance")


def _min_distance(ccode1, ccode2, year) -> np.ndarray:
    """:func:`add_min_distance`'s column, for key arrays already checked."""
    md = datasets.load("cow_mindist")
    lo, hi = np.minimum(ccode1, ccode2), np.maximum(ccode1, ccode2)
    pos = _positions(_dyad_key(lo, hi, year), _dyad_key(md.ccode1, md.ccode2, md.year))
    return _take(md.mindist.to_numpy("float64"), pos, np.nan)
