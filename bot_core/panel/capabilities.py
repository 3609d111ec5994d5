"""Verbs for material capabilities and status: :func:`~bot_core.panel.add_capabilities` (COW NMC) and
:func:`~bot_core.panel.add_major_powers` (COW major powers)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from bot_core import datasets
from bot_core._pages import small_pages
from bot_core.panel._checks import PanelError, _kind, _suffix, _with
from bot_core.panel._keys import _sorted_unique, _state_key, _state_positions, _take

__all__ = ["NMC_COMPONENTS", "add_capabilities", "add_major_powers"]

#: The National Material Capabilities columns, in NMC's order, and CINC.
NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


@small_pages
def add_capabilities(df: pd.DataFrame, components: Sequence[str] = NMC_COMPONENTS) -> pd.DataFrame:
    """Add COW National Material Capabilities.

    Columns
        float64; for dyad-year panels with suffix ``1`` for state 1 and ``2`` for state 2:
        ``milex`` military expenditure (thousands; pounds sterling to 1913, US dollars from 1914),
        ``milper`` military personnel (thousands), ``irst`` iron and steel production (thousand
        tons), ``pec`` primary energy consumption (thousand coal-ton equivalents), ``tpop`` total and
        ``upop`` urban population (thousands), ``cinc`` the Composite Index of National Capability,
        a state's average share of the system's total of the six components (the shares sum to
        about 1 per year). ``components`` picks a subset.

    Coverage
        every year of a panel (the NMC file runs 1816-2022); NMC's own missing values stay missing
        (``NaN``).

    References
        Singer, Bremer & Stuckey (1972) and Singer (1987) (``singer1972capability``,
        ``singer1987reconstructing``), NMC as distributed by peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> sy = pd.DataFrame({"ccode": [2, 365], "year": [1946, 1946]})
        >>> panel.add_capabilities(sy, components=["milper", "cinc"]).round(3).to_dict("records")
        [{'ccode': 2, 'year': 1946, 'milper': 3030.0, 'cinc': 0.364}, {'ccode': 365, 'year': 1946, 'milper': 2500.0, 'cinc': 0.123}]
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
    """Add COW major-power status.

    Columns
        ``majpow`` (``majpow1``, ``majpow2`` for dyads; int8): 1 if the state was a COW major
        power on any day of the year, else 0.

    Coverage
        1816-2016, every year of a panel.

    References
        COW State System Membership v2016, major powers list (``cow2017states``).

    Examples
        >>> from bot_core import panel
        >>> sy = panel.state_years(1946, 1946).pipe(panel.add_major_powers)
        >>> sy.loc[sy.majpow == 1, "ccode"].tolist()
        [2, 200, 220, 365]
    """
    kind = _kind(df, "add_major_powers")
    new = {
        "majpow" + sfx: (_major_keys().get_indexer(_state_key(df[key], df["year"])) >= 0).astype("int8")
        for key, sfx in _suffix(kind)
    }
    return _with(df, new, "add_major_powers")
