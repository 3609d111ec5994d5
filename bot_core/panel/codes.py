"""Country codes as each source writes them (private to the verbs that read those sources).

Every panel uses the Correlates of War codes of the state system (COW v2016). A few sources code a
state differently in some years; each function here maps a panel's COW codes (with the year) to
the source's, so that a verb reads the source's row for the right state:

``sdp_code``
    the surplus-domestic-product file (Anders, Fariss & Markowitz 2020) codes united Germany as 260
    (West Germany's code) after 1990, where COW uses 255;
``peace_code``
    the Goertz-Diehl-Balas peace scale codes Germany 255 throughout, West Germany included;
``gw_to_cow`` (public, re-exported as ``panel.gw_to_cow``)
    Gleditsch-Ward codes (as in Archigos) to COW codes, by date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.errors import PanelError

__all__ = ["GW_TO_COW", "gw_to_cow", "peace_code", "sdp_code"]


def sdp_code(ccode: np.ndarray, year: np.ndarray) -> np.ndarray:
    """COW codes as the SDP file writes them: united Germany (255) after 1990 is 260 there."""
    return np.where((ccode == 255) & (year >= 1991), 260, ccode)


def peace_code(ccode: np.ndarray, year: np.ndarray) -> np.ndarray:
    """The peace scale codes Germany 255 throughout: West Germany (COW 260) is read as 255."""
    return np.where(ccode == 260, 255, ccode)


#: Gleditsch-Ward codes that COW numbers differently: ``gw -> (cow, from)``, where the COW code
#: applies on and after the date ``from`` (``None``: always). Germany united on 3 October 1990 (GW
#: keeps 260, COW returns to 255), Yemen on 22 May 1990 (GW keeps 678, COW gives 679), and COW
#: numbers Serbia 345 throughout, where GW has 340 before 1918 and 345 after.
GW_TO_COW = {260: (255, "1990-10-03"), 340: (345, None), 678: (679, "1990-05-22")}


def gw_to_cow(gwcode, date) -> np.ndarray:
    """COW state codes for Gleditsch-Ward codes on given dates (as in Archigos, which uses GW codes).

    ``gwcode`` holds whole numbers and ``date`` dates (anything :func:`pandas.to_datetime` reads, no
    missing values), one each per row. A code in :data:`GW_TO_COW` becomes its COW code on and
    after the date given there; every other code is returned unchanged, as the two lists agree on
    it or COW does not list the state (GW 99, Great Colombia, stays 99: keep only COW members, e.g.
    with ``datasets.load("cow_states")``). Returns an int64 array.

    >>> gw_to_cow([260, 260, 340, 2], ["1989-01-01", "1991-01-01", "1900-01-01", "1900-01-01"]).tolist()
    [260, 255, 345, 2]
    """
    codes = _args.numeric(gwcode, "gwcode")
    if codes.ndim != 1 or not np.isfinite(codes).all() or (codes != np.round(codes)).any():
        raise PanelError("gw_to_cow: gwcode must be whole numbers with no missing values, one per row.")
    try:
        day = pd.to_datetime(pd.Series(date))
    except (ValueError, TypeError) as err:
        raise PanelError(f"gw_to_cow: date must hold dates ({err}).") from None
    if len(day) != len(codes):
        raise PanelError(f"gw_to_cow: gwcode has {len(codes)} values and date {len(day)}; give one date per code.")
    if day.isna().any():
        raise PanelError(f"gw_to_cow: {int(day.isna().sum())} dates are missing; every code needs its date.")
    day, out = day.to_numpy(), codes.astype("int64")
    for gw, (cow, start) in GW_TO_COW.items():
        hit = codes == gw
        if start is not None:
            hit &= day >= np.datetime64(start)
        out[hit] = cow
    return out
