"""Panel verbs for economic size and exchange: :func:`~bot_core.panel.add_gdp` and :func:`~bot_core.panel.add_trade`.

They follow :mod:`bot_core.panel`'s rules (same rows, order and index; the panel checked first;
no column overwritten; years a source does not cover are missing, never 0) and are called from
:mod:`bot_core.panel`: ``panel.add_gdp(df)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import datasets
from bot_core._pages import small_pages
from bot_core.panel import _tools as vt
from bot_core.panel import codes
from bot_core.panel._checks import PanelError, _kind, _with

__all__ = ["GDP_YEARS", "SDP_YEARS", "TRADE_YEARS", "add_gdp", "add_trade"]

#: Years with estimates: Fariss et al. 2022 (GDP, population), Anders et al. 2020 (SDP).
GDP_YEARS, SDP_YEARS = (1816, 2019), (1816, 2015)
#: Years of COW trade 4.0 (dyadic and national).
TRADE_YEARS = (1870, 2014)


@small_pages
def add_gdp(df: pd.DataFrame) -> pd.DataFrame:
    """Add economic size: GDP, GDP per capita, population and surplus domestic product.

    Columns
        Columns (float64; for dyad-year panels with suffix ``1`` for state 1 and ``2`` for state 2):

        ``gdp``, ``gdppc``, ``pop``
            real GDP (millions of US dollars at constant prices, the Penn World Table's scale), GDP per
            capita (dollars) and population (millions): the latent estimates of Fariss, Anders,
            Markowitz & Barnum (2022), ``pwtrgdp``, ``mrgdppc``, ``pwtpop`` of isard's ``cw_gdppop``;
        ``sdp``
            surplus domestic product, the income left after the population's subsistence (2011 US
            dollars; Anders, Fariss & Markowitz 2020), ``exp(sdpest)``: the source gives its log;
        ``gdp_share1``, ``gdp_share2``, ``sdp_share1``, ``sdp_share2`` (dyad-year panels)
            each side's share of the pair's GDP (SDP): ``gdp1 / (gdp1 + gdp2)``; the two add up to 1.

    Coverage
        GDP, GDP per capita and population 1816-2019, SDP 1816-2015: later years are ``NaN``, as
        are state-years the sources do not estimate (and a share where either side is missing).
        The SDP file codes united Germany as 260 (West Germany's code) after 1990, where COW uses
        255: Germany (255) from 1991 reads the file's 260 rows; in 1990, the year of unification,
        255 has no SDP value (the file's 1990 row is the Federal Republic's, 260).

    References
        Fariss, Anders, Markowitz & Barnum (2022) (``fariss2022gdp``), from S. V. Miller's isard
        (``miller_isard``); Anders, Fariss & Markowitz (2020) (``anders2020sdp``), as distributed by
        peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2000]})
        >>> out = panel.add_gdp(dy)
        >>> round(float(out.gdp_share1.iloc[0]), 3), float(out.gdp_share1.iloc[0] + out.gdp_share2.iloc[0])
        (0.925, 1.0)
    """
    kind = _kind(df, "add_gdp")
    gdp = datasets.load("gdp_population")
    sdp = datasets.load("sdp")
    sdp = sdp.assign(sdp=np.exp(sdp.sdpest.astype("float64")))
    new = vt.state_values(df, kind, gdp, {"gdp": "pwtrgdp", "gdppc": "mrgdppc", "pop": "pwtpop"}, *GDP_YEARS)
    new |= vt.state_values(df, kind, sdp, {"sdp": "sdp"}, *SDP_YEARS, code=codes.sdp_code)
    if kind == "dyad":
        order = ["gdp1", "gdp2", "gdppc1", "gdppc2", "pop1", "pop2", "sdp1", "sdp2"]
        new = {k: new[k] for k in order}
        for name in ("gdp", "sdp"):
            with np.errstate(invalid="ignore", divide="ignore"):
                total = new[f"{name}1"] + new[f"{name}2"]
                new[f"{name}_share1"] = new[f"{name}1"] / total
                new[f"{name}_share2"] = new[f"{name}2"] / total
    return _with(df, new, "add_gdp")


@small_pages
def add_trade(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW trade (Barbieri & Keshk 2016, COW Trade 4.0), in current million US dollars.

    Columns
        Dyad-year panels (from the non-directed dyadic file, read from each row's side):

        ``flow1``, ``flow2``
            imports of state 1 from state 2, and of state 2 from state 1;
        ``smoothflow1``, ``smoothflow2``
            the same, smoothed by COW (short gaps and outliers smoothed).

        State-year panels (COW national trade): ``imports``, ``exports``.

    Coverage
        1870-2014; other years are ``NaN``, and so are dyad-years (state-years) the file does not
        list or holds as missing: no flow is assumed to be 0.

    References
        Barbieri, Keshk & Pollins (2009) and Barbieri & Keshk (2016), COW Trade 4.0 (``barbieri2009trade``,
        ``barbieri2016trade``), as distributed by peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [2000, 2000]})
        >>> panel.add_trade(dy)[["flow1", "flow2"]].to_dict("list")
        {'flow1': [229191.0, 169068.0], 'flow2': [169068.0, 229191.0]}
    """
    kind = _kind(df, "add_trade")
    if kind == "state":
        sy = datasets.load("cow_trade_sy")
        new = vt.state_values(df, kind, sy, {"imports": "imports", "exports": "exports"}, *TRADE_YEARS)
        return _with(df, new, "add_trade")
    tr = datasets.load("trade")
    if not (tr.ccode1 < tr.ccode2).all():
        raise PanelError("add_trade: the trade file is no longer ordered ccode1 < ccode2; update the verb.")
    table = vt.pair_key(tr)
    pos = vt._positions(vt.pair_key(df), table)
    ok = vt.covered(df, *TRADE_YEARS)
    swap = df.ccode1.to_numpy() > df.ccode2.to_numpy()
    new = {}
    for name in ("flow", "smoothflow"):
        a = vt._take(tr[f"{name}1"].to_numpy("float64", na_value=np.nan), pos, np.nan)
        b = vt._take(tr[f"{name}2"].to_numpy("float64", na_value=np.nan), pos, np.nan)
        new[f"{name}1"] = np.where(ok, np.where(swap, b, a), np.nan)
        new[f"{name}2"] = np.where(ok, np.where(swap, a, b), np.nan)
    return _with(df, new, "add_trade")
