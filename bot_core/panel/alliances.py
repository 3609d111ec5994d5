"""Verb for alliances: :func:`~bot_core.panel.add_alliances` (ATOP 5.1 directed dyad-years)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import datasets
from bot_core._pages import small_pages
from bot_core.panel._checks import PanelError, _kind, _with
from bot_core.panel._keys import _DyadLookup, _dyad_key

__all__ = ["ALLIANCE_DIRECTIONS", "ATOP_TYPES", "add_alliances"]

#: ATOP pledge types, as columns ``atop_<type>``.
ATOP_TYPES = ("defense", "offense", "neutral", "nonagg", "consul")

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

    Columns
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

    References
        Leeds, Ritter, Mitchell & Long (2002) (``leeds2002atop``), ATOP 5.1's directed dyad-years as
        distributed by peacesciencer (Miller 2022, ``miller2022peacesciencer``).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [220, 211], "ccode2": [211, 220], "year": [1832, 1832]})
        >>> panel.add_alliances(dy)[["atop_defense", "atop_any"]].to_dict("list")
        {'atop_defense': [1, 0], 'atop_any': [1, 1]}
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
