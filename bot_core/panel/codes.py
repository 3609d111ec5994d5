"""Country codes as each source writes them (private to the verbs that read those sources).

Every panel uses the Correlates of War codes of the state system (COW v2016). A few sources code a
state differently in some years; each function here maps a panel's COW codes (with the year) to
the source's, so that a verb reads the source's row for the right state:

``sdp_code``
    the surplus-domestic-product file (Anders, Fariss & Markowitz 2020) codes united Germany as 260
    (West Germany's code) after 1990, where COW uses 255;
``peace_code``
    the Goertz-Diehl-Balas peace scale codes Germany 255 throughout, West Germany included.
"""

from __future__ import annotations

import numpy as np

__all__ = ["peace_code", "sdp_code"]


def sdp_code(ccode: np.ndarray, year: np.ndarray) -> np.ndarray:
    """COW codes as the SDP file writes them: united Germany (255) after 1990 is 260 there."""
    return np.where((ccode == 255) & (year >= 1991), 260, ccode)


def peace_code(ccode: np.ndarray, year: np.ndarray) -> np.ndarray:
    """The peace scale codes Germany 255 throughout: West Germany (COW 260) is read as 255."""
    return np.where(ccode == 260, 255, ccode)
