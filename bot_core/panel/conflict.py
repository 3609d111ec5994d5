"""Verbs for conflict: :func:`~bot_core.panel.add_disputes` (COW MIDs), :func:`~bot_core.panel.add_crises` (ICB) and :func:`~bot_core.panel.add_wars`
(COW inter-state wars).

They follow :mod:`bot_core.panel`'s rules (same rows, order and index; the panel checked first;
no column overwritten; "nothing happened" is 0 and years a source does not cover are ``<NA>``,
never 0) and are called from
:mod:`bot_core.panel`: ``panel.add_wars(df)``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import datasets
from bot_core._pages import small_pages
from bot_core.panel import _tools as vt
from bot_core.panel._checks import _kind, _with
from bot_core.panel._keys import _dyad_key, _positions, _state_key, _take

__all__ = ["ICB_YEARS", "MID_YEARS", "WAR_YEARS", "add_crises", "add_disputes", "add_wars"]

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
    """Add militarized interstate disputes between the two states that year.

    Columns
        nullable ``Int64``:

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

    Coverage
        1816-2014 (``MID_YEARS``); later years, which MID 5 does not cover, are ``<NA>``; a
        covered year with no dispute is 0. Dyad-year panels only.

    References
        COW MID 5, Palmer et al. (2022) (``palmer2022mid5``); directed dispute-years as prepared by
        peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [365, 365], "year": [1962, 2015]})
        >>> out = panel.add_disputes(dy)
        >>> out.mid_hostlev1.tolist(), out.mid_onset.isna().tolist()
        ([4, <NA>], [False, True])
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


#: Crises triggered in these years are in ICB v14.
ICB_YEARS = (1918, 2017)
#: COW Inter-State War data (v4.0, Sarkees & Wayman 2010).
WAR_YEARS = (1816, 2007)
#: ICB's codes for a trigger that is not one state (non-state, multiple, other).
_NOT_A_STATE = 900


@functools.cache
def _actors() -> pd.DataFrame:
    """Each crisis actor's ``crisno``, ``actor`` (COW code), ``trigger`` (ICB's ``trigent``) and first
    and last crisis year (``y0``, ``y1``). An actor with no termination year counts in its trigger
    year only (the Netherlands in crisis 161); the one actor with no year at all (Saudi Arabia in
    crisis 474, the Houthi rebellion, whose crisis record has none either) is left out."""
    a = datasets.load("icb_actors")
    a = a[a.yrtrig.notna()]
    return pd.DataFrame({
        "crisno": a.crisno.astype("int64"), "actor": a.cracid.astype("int64"),
        "trigger": a.trigent.astype("float64"),
        "y0": a.yrtrig.astype("int64"), "y1": a.yrterm.fillna(a.yrtrig).astype("int64"),
    }).reset_index(drop=True)


@functools.cache
def _crisis_records() -> pd.DataFrame:
    """Directed (state 1, state 2, crisis, year) records of ICB crises involving both."""
    c = datasets.load("icb_crises").set_index("crisno")
    act = _actors()
    onset = c.yrtrig.dropna().astype("int64")
    parts = []
    # both states crisis actors in the same crisis, in the years both were in it
    p = act.merge(act, on="crisno", suffixes=("1", "2"))
    p = p[p.actor1 != p.actor2]
    p = p.assign(y0=np.maximum(p.y01, p.y02), y1=np.minimum(p.y11, p.y12))
    p = p[p.y0 <= p.y1]
    parts.append(pd.DataFrame({"crisno": p.crisno, "c1": p.actor1, "c2": p.actor2, "y0": p.y0, "y1": p.y1,
                               "trig1": (p.trigger2 == p.actor1).astype("int64"),
                               "trig2": (p.trigger1 == p.actor2).astype("int64")}))
    # one an actor, the other the state that triggered its crisis (in both directions)
    t = act[act.trigger.notna() & (act.trigger < _NOT_A_STATE) & (act.trigger != act.actor)]
    trig = t.trigger.astype("int64")
    parts.append(pd.DataFrame({"crisno": t.crisno, "c1": trig, "c2": t.actor, "y0": t.y0, "y1": t.y1,
                               "trig1": 1, "trig2": 0}))
    parts.append(pd.DataFrame({"crisno": t.crisno, "c1": t.actor, "c2": trig, "y0": t.y0, "y1": t.y1,
                               "trig1": 0, "trig2": 1}))
    r = pd.concat(parts, ignore_index=True)
    rows, years = vt.spell_years(r, "y0", "y1")
    r = r.iloc[rows].assign(year=years)
    r["onset"] = (r.crisno.map(onset) == r.year).astype("int64")
    r["key"] = _dyad_key(r.c1, r.c2, r.year)
    # one record per dyad, crisis and year: a trigger in either role counts once
    return r.groupby(["key", "crisno"], sort=True)[["onset", "trig1", "trig2"]].max().reset_index()


@functools.cache
def _crises_by_dyad_year() -> pd.DataFrame:
    r = _crisis_records()
    g = r.groupby("key", sort=True)
    return pd.DataFrame({"icb_crisis": g.size(), "icb_onset": g.onset.sum(),
                         "icb_trig1": g.trig1.sum(), "icb_trig2": g.trig2.sum()})


@functools.cache
def _crises_by_state_year() -> pd.DataFrame:
    a = _actors()
    act = pd.DataFrame({"crisno": a.crisno, "ccode": a.actor, "y0": a.y0, "y1": a.y1})
    t = a[a.trigger.notna() & (a.trigger < _NOT_A_STATE)]
    trig = pd.DataFrame({"crisno": t.crisno, "ccode": t.trigger.astype("int64"), "y0": t.y0, "y1": t.y1})
    out = {}
    for name, frame in (("icb_actor", act), ("icb_trigger", trig)):
        rows, years = vt.spell_years(frame, "y0", "y1")
        keys = _state_key(frame.ccode.to_numpy("int64")[rows], years)
        crisis = frame.crisno.to_numpy("int64")[rows]
        out[name] = pd.DataFrame({"key": keys, "c": crisis}).drop_duplicates().groupby("key").size()
    return pd.DataFrame(out).fillna(0).astype("int64").sort_index()


@small_pages
def add_crises(df: pd.DataFrame) -> pd.DataFrame:
    """Add International Crisis Behavior crises (ICB v14; Brecher & Wilkenfeld 2000, Brecher et al. 2021).

    Columns
        ICB records, for each foreign-policy crisis, every state that perceived it (a *crisis actor*)
        and the entity that triggered each actor's crisis. A crisis *involves both* states of a dyad in
        a year if both were its actors that year, or one was an actor and the other the state that
        triggered that actor's crisis. An actor's years run from its trigger to its termination.

        Dyad-year columns (nullable ``Int64``):

        ``icb_crisis``
            crises in progress that year involving both states;
        ``icb_onset``
            of those, the crises triggered that year (the crisis's first trigger);
        ``icb_trig1``, ``icb_trig2``
            of those in progress, the crises in which state 1 (state 2) triggered the other's crisis.
            In the Cuban missile crisis (1962) the Soviet Union triggered the United States' crisis and
            the United States the Soviet Union's, so both are 1 for (2, 365, 1962).

        State-year columns: ``icb_actor`` (crises in progress in which the state was an actor),
        ``icb_trigger`` (crises in progress in which it triggered an actor's crisis).

    Coverage
        crises triggered 1918-2017: years before 1918 (and after 2017) are ``<NA>``; a covered year
        with no crisis is 0. Triggers that are not a single state (ICB's codes 995-997) involve no
        dyad.

    References
        Brecher & Wilkenfeld (2000) and Brecher et al. (2021), ICB v14 (``brecher2000crisis``,
        ``brecher2021icb``).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [365, 365], "year": [1962, 1910]})
        >>> out = panel.add_crises(dy)
        >>> out.icb_crisis.tolist(), out.icb_trig1.tolist(), out.icb_trig2.tolist()
        ([1, <NA>], [1, <NA>], [1, <NA>])
    """
    kind = _kind(df, "add_crises")
    ok = vt.covered(df, *ICB_YEARS)
    if kind == "state":
        table = _crises_by_state_year()
        keys = _state_key(df.ccode, df.year)
    else:
        table = _crises_by_dyad_year()
        keys = _dyad_key(df.ccode1, df.ccode2, df.year)
    new = {col: vt.as_nullable(vt.lookup(keys, table.index.to_numpy(), table[col].to_numpy("int64"), 0), ok)
           for col in table.columns}
    return _with(df, new, "add_crises")


@functools.cache
def _war_participants() -> pd.DataFrame:
    """(war, state, year, side) from COW's directed inter-state war dyad-years."""
    w = datasets.load("cow_war_inter")
    p = pd.DataFrame({"warnum": w.warnum, "ccode": w.ccode1, "year": w.year, "side": w.sidea1})
    return p.drop_duplicates().astype("int64").reset_index(drop=True)


@functools.cache
def _wars_by_dyad_year() -> pd.DataFrame:
    w = datasets.load("cow_war_inter")
    opp = pd.DataFrame({"key": _dyad_key(w.ccode1, w.ccode2, w.year),
                        "war_opposite": 1, "war_onset": w.cowinteronset.astype("int64")})
    opp = opp.groupby("key").max()
    p = _war_participants()
    s = p.merge(p, on=["warnum", "year"], suffixes=("1", "2"))
    s = s[(s.ccode1 != s.ccode2) & (s.side1 == s.side2)]
    same = pd.Series(1, index=pd.Index(np.unique(_dyad_key(s.ccode1, s.ccode2, s.year))), name="war_same_side")
    out = pd.concat([opp, same], axis=1).fillna(0).astype("int64").sort_index()
    return out[["war_opposite", "war_same_side", "war_onset"]]


@small_pages
def add_wars(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW inter-state wars (Sarkees & Wayman 2010, v4.0; directed war dyad-years as prepared by
    peacesciencer).

    Columns
        Dyad-year columns (nullable ``Int64``, 0 or 1):

        ``war_opposite``
            the two states fought each other that year, on opposite sides of a COW inter-state war;
        ``war_same_side``
            the two fought that year on the same side of a war (a war both took part in that year);
        ``war_onset``
            a war between them (opposite sides) began that year.

        France and Germany are on opposite sides in 1870, 1914-18 and 1939-40; France and Britain on the
        same side in 1914-18. Both columns can be 1 in one year when the two met in two wars.

        State-year columns: ``war`` (the state fought an inter-state war that year) and ``war_onset``
        (it entered one that year).

    Coverage
        1816-2007 (the COW inter-state war data); later years are ``<NA>``.

    References
        Sarkees & Wayman (2010), COW inter-state wars v4.0 (``sarkees2010resort``), as distributed by
        peacesciencer (Miller 2022).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 2], "ccode2": [740, 200], "year": [1942, 1942]})
        >>> panel.add_wars(dy)[["war_opposite", "war_same_side"]].to_dict("list")
        {'war_opposite': [1, 0], 'war_same_side': [0, 1]}
    """
    kind = _kind(df, "add_wars")
    ok = vt.covered(df, *WAR_YEARS)
    if kind == "dyad":
        table = _wars_by_dyad_year()
        keys = _dyad_key(df.ccode1, df.ccode2, df.year)
        new = {col: vt.as_nullable(vt.lookup(keys, table.index.to_numpy(), table[col].to_numpy("int64"), 0), ok)
               for col in table.columns}
        return _with(df, new, "add_wars")
    p = _war_participants()
    first = p.groupby(["warnum", "ccode"]).year.transform("min") == p.year
    st = pd.DataFrame({"key": _state_key(p.ccode, p.year), "war": 1, "war_onset": first.astype("int64")})
    st = st.groupby("key", sort=True).max()
    keys = _state_key(df.ccode, df.year)
    new = {col: vt.as_nullable(vt.lookup(keys, st.index.to_numpy(), st[col].to_numpy("int64"), 0), ok)
           for col in ("war", "war_onset")}
    return _with(df, new, "add_wars")

