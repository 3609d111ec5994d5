"""Panel verbs for rivalry and peace: :func:`~bot_core.panel.add_rivalries` (strategic rivalries),
:func:`~bot_core.panel.add_peace_scale` (the Goertz-Diehl-Balas peace scale) and :func:`~bot_core.panel.add_arms_races`.

They follow :mod:`bot_core.panel`'s rules (same rows, order and index; the panel checked first;
no column overwritten; "no rivalry" is 0 and years a source does not cover are ``<NA>``/``NaN``,
never 0) and are called from
:mod:`bot_core.panel`: ``panel.add_rivalries(df)``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import datasets
from bot_core._pages import small_pages
from bot_core.panel import _tools as vt
from bot_core.panel import codes
from bot_core.panel._checks import PanelError, _kind, _with
from bot_core.panel._keys import _dyad_key, _state_key

__all__ = ["ARMS_RACE_YEARS", "PEACE_YEARS", "RIVALRY_TYPES", "TD_YEARS", "TSS_YEARS",
           "add_arms_races", "add_peace_scale", "add_rivalries"]

#: Years covered: Thompson, Sakuwa & Suhas (2022) to 2020, Thompson & Dreyer (2012) to 2010.
TSS_YEARS, TD_YEARS = (1816, 2020), (1816, 2010)
#: The peace scale v3.1, and Gibler, Rider & Hutchison's (2005) arms races (their study, 1816-1993).
PEACE_YEARS, ARMS_RACE_YEARS = (1900, 2020), (1816, 1993)
#: The four kinds of strategic rivalry.
RIVALRY_TYPES = ("positional", "spatial", "ideological", "interventionary")


@functools.cache
def _rivalries_by_pair_year() -> pd.DataFrame:
    tss, td = datasets.load("tss_rivalries"), datasets.load("td_rivalries")
    if not ((tss.ccode1 < tss.ccode2).all() and (td.ccode1 < td.ccode2).all()):
        raise PanelError("add_rivalries: a rivalry file is no longer ordered ccode1 < ccode2; update the verb.")
    rows, years = vt.spell_years(tss, "start", "end")
    a = pd.DataFrame({"key": _dyad_key(tss.ccode1.to_numpy()[rows], tss.ccode2.to_numpy()[rows], years),
                      "tss_rivalry": 1,
                      "tss_principal": tss.principal.fillna(0).to_numpy("int64")[rows],
                      **{f"tss_{t}": tss[t].fillna(0).to_numpy("int64")[rows] for t in RIVALRY_TYPES}})
    rows, years = vt.spell_years(td, "styear", "endyear")
    types = td[["type1", "type2", "type3"]]
    b = pd.DataFrame({"key": _dyad_key(td.ccode1.to_numpy()[rows], td.ccode2.to_numpy()[rows], years),
                      "td_rivalry": 1,
                      **{f"td_{t}": (types == t).any(axis=1).to_numpy("int64")[rows] for t in RIVALRY_TYPES}})
    out = pd.concat([a.groupby("key").max(), b.groupby("key").max()], axis=1)
    return out.fillna(0).astype("int64").sort_index()


@small_pages
def add_rivalries(df: pd.DataFrame) -> pd.DataFrame:
    """Add strategic rivalries: states that regard each other as competitors, sources of threat and
    enemies (Thompson, Sakuwa & Suhas 2022, ``tss_``; Thompson & Dreyer 2012, ``td_``; as
    distributed by peacesciencer).

    Columns
        Dyad-year columns (nullable ``Int64``, 0 or 1; the same for both directions of a pair):

        ``tss_rivalry``, ``tss_principal``
            a strategic rivalry in progress that year, and one the authors call a *principal* rivalry
            (the rivals' primary one: USA-USSR 1945-89, for example);
        ``tss_positional``, ``tss_spatial``, ``tss_ideological``, ``tss_interventionary``
            the kinds of rivalry the authors see in it (status, territory, ideology, intervention);
        ``td_rivalry``, ``td_positional``, ``td_spatial``, ``td_ideological``, ``td_interventionary``
            the same from Thompson and Dreyer's handbook (any of its three listed types).

        State-year columns: ``tss_rivalries`` and ``tss_principal`` (how many rivalries, and how many
        principal ones, the state was in that year), ``td_rivalries``.

        Codes are as the files give them (no adjustment for states that changed code, such as
        Austria-Hungary becoming Austria, or West Germany's 260 within a Germany rivalry).

    Coverage
        TSS 1494-2020 and TD 1494-2010, so in a panel TSS covers every year and TD's columns are
        ``<NA>`` after 2010.

    References
        Thompson, Sakuwa & Suhas (``thompson2021analyzing``); Thompson & Dreyer (2012)
        (``thompson2012rivalries``); as distributed by peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [365, 20], "year": [1962, 1962]})
        >>> panel.add_rivalries(dy)[["tss_rivalry", "tss_principal"]].to_dict("list")
        {'tss_rivalry': [1, 0], 'tss_principal': [1, 0]}
    """
    kind = _kind(df, "add_rivalries")
    table = _rivalries_by_pair_year()
    ok = {"tss": vt.covered(df, *TSS_YEARS), "td": vt.covered(df, *TD_YEARS)}
    if kind == "dyad":
        keys = vt.pair_key(df)
        new = {col: vt.as_nullable(vt.lookup(keys, table.index.to_numpy(), table[col].to_numpy("int64"), 0),
                                   ok[col.split("_")[0]]) for col in table.columns}
        return _with(df, new, "add_rivalries")
    # state-years: count the pairs the state is in
    c12, year = np.divmod(table.index.to_numpy(), 10_000)
    c1, c2 = np.divmod(c12, 1_000)
    long = pd.DataFrame({"key": np.concatenate([_state_key(c1, year), _state_key(c2, year)]),
                         **{c: np.tile(table[c].to_numpy(), 2) for c in ("tss_rivalry", "tss_principal", "td_rivalry")}})
    st = long.groupby("key", sort=True).sum()
    keys = _state_key(df.ccode, df.year)
    names = {"tss_rivalries": "tss_rivalry", "tss_principal": "tss_principal", "td_rivalries": "td_rivalry"}
    new = {new_: vt.as_nullable(vt.lookup(keys, st.index.to_numpy(), st[col].to_numpy("int64"), 0),
                                ok[new_.split("_")[0]]) for new_, col in names.items()}
    return _with(df, new, "add_rivalries")


@small_pages
def add_peace_scale(df: pd.DataFrame) -> pd.DataFrame:
    """Add the Goertz-Diehl-Balas peace scale (v3.1; Goertz, Diehl & Balas 2016, Diehl, Goertz &
    Gallegos 2021). **Non-commercial use only.**

    Columns
        Dyad-year columns (float64; the same for both directions of a pair):

        ``peace_level``
            the relationship on the year's last coded day: 0 severe rivalry, 0.25 lesser rivalry, 0.5
            negative peace, 0.75 warm peace, 1 security community (USA-Canada, for example);
        ``peace_level_mean``
            the mean level over the year's coded days (:mod:`bot_core.datasets.peace_scale`).

        Transitions between levels are ``NaN``, never a number. West Germany (COW 260) takes the
        scale's Germany (255), which the scale uses throughout.

    Coverage
        1900-2020, and only dyads with a relationship the authors code (mostly neighbours, rivals
        and great powers): earlier years, and dyads the scale does not code, are ``NaN``.
        Dyad-year panels only.

    References
        Goertz, Diehl & Balas (2016) and Diehl, Goertz & Gallegos (2021) (``goertz2016puzzle``,
        ``diehl2021peace``).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 365], "year": [2000, 1962]})
        >>> panel.add_peace_scale(dy).peace_level.tolist()
        [1.0, 0.0]
    """
    _kind(df, "add_peace_scale", allowed=("dyad",))
    ps = datasets.load("peace_scale")
    table = vt.pair_key(ps)
    order = np.argsort(table, kind="stable")
    if len(np.unique(table)) != len(table):
        raise PanelError("add_peace_scale: the peace scale lists a dyad-year twice; update the verb.")
    pos = vt._positions(vt.pair_key(df, code=codes.peace_code), table[order])
    ok = vt.covered(df, *PEACE_YEARS)
    new = {c: np.where(ok, vt._take(ps[c].to_numpy("float64")[order], pos, np.nan), np.nan)
           for c in ("peace_level", "peace_level_mean")}
    return _with(df, new, "add_peace_scale")


@functools.cache
def _arms_race_years() -> pd.Index:
    a = datasets.load("grh_arms_races")
    lo, hi = np.minimum(a.ccode1, a.ccode2).to_numpy(), np.maximum(a.ccode1, a.ccode2).to_numpy()
    rows, years = vt.spell_years(a, "styear", "endyear")
    return pd.Index(np.unique(_dyad_key(lo[rows], hi[rows], years)))


@small_pages
def add_arms_races(df: pd.DataFrame) -> pd.DataFrame:
    """Add arms races (Gibler, Rider & Hutchison 2005, "Taking Arms Against a Sea of Troubles:
    Conventional Arms Races During Periods of Rivalry", *Journal of Peace Research* 42(2): 131-147,
    ``gibler2005taking`` in ``bot_core/data_sources.bib``; the races listed in the article's
    appendix, as distributed by peacesciencer: 71 races, 1854-1984, among strategic rivals).

    Columns
        ``arms_race`` (dyad-year panels; nullable ``Int64``): 1 if the two states were in an arms race
        that year, else 0. ``arms_races`` (state-year panels): the number of arms races the state was in.

    Coverage
        the study's years, 1816-1993: later years are ``<NA>``.

    References
        Gibler, Rider & Hutchison (2005) (``gibler2005taking``), as distributed by peacesciencer
        (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [365, 365], "year": [1962, 2000]})
        >>> panel.add_arms_races(dy).arms_race.tolist()
        [0, <NA>]
    """
    kind = _kind(df, "add_arms_races")
    keys = _arms_race_years()
    ok = vt.covered(df, *ARMS_RACE_YEARS)
    if kind == "dyad":
        hit = keys.get_indexer(vt.pair_key(df)) >= 0
        return _with(df, {"arms_race": vt.as_nullable(hit.astype("int64"), ok)}, "add_arms_races")
    c12, year = np.divmod(keys.to_numpy(), 10_000)
    c1, c2 = np.divmod(c12, 1_000)
    counts = pd.Series(np.concatenate([_state_key(c1, year), _state_key(c2, year)])).value_counts().sort_index()
    n = vt.lookup(_state_key(df.ccode, df.year), counts.index.to_numpy(), counts.to_numpy("int64"), 0)
    return _with(df, {"arms_races": vt.as_nullable(n, ok)}, "add_arms_races")
