"""Walt's Middle East, 1955-1979, at the treaty level: each alliance decision and each theory's call.

Walt (1987) built balance-of-threat theory on the alliances of the Middle East from 1955 to 1979.
This module reads those years from ATOP 5.1's treaty and member files (Leeds et al. 2002;
:mod:`bot_core.alliances`) and asks, decision by decision and member by member, what the book's
measures call each one. It types no list of alliances: every row comes from ATOP, so the table is
ATOP's Middle East, not Walt's own list (his appendix is not checked against it here).

The decisions (:func:`decisions`)
    Every ATOP treaty event (:func:`bot_core.alliances.events`) of kind ``"signed"`` or
    ``"accession"`` dated ``first``-``last`` (default 1955-1979), of a treaty whose members (ever)
    include at least two states of the Middle East (COW codes :data:`REGION`, the COW region of
    :data:`bot_core.validate.REGIONS`: Iran, Turkey, Iraq, Egypt, Syria, Lebanon, Jordan, Israel, the
    Arabian peninsula) or one of them and a superpower (:data:`SUPERPOWERS`), and at least half of
    whose members are Middle East states or superpowers. One row per event and
    state entering the treaty (each founding member at a signature; each acceding state at an
    accession), with its *partners*: the other founders at a signature, the members in force on the
    day at an accession.

The readings, for the state entering (the *member*), read in the year before the event
    (``lag=1``, the book's rule: a state chooses on what it saw, and in the signing year the new
    treaty itself would enter the index's alliance discount; a member new to the system that year is
    read in the event year)

    ``top_threat`` and ``index_call``
        the member's top threat under the book's validated index (:func:`bot_core.threat.top_threats`'
        default specification, weights and form); ``"bandwagoning"`` if the top threat is among the
        partners, ``"balancing"`` if not (``"unknown"`` if the index cannot rank);
    ``named`` and ``named_call``
        the states the treaty names as its threat (ATOP ``specthrt``/``statthr1``/``statthr2``;
        :func:`bot_core.alliances.treaties`); ``"bandwagoning"`` if a named state is among the
        partners, ``"balancing"`` if none is, ``"no state named"`` if the treaty names none,
        ``"unknown"`` if ATOP has not found the text; ``named_is_top`` says whether the index's top
        threat is a named state;
    ``bop_danger`` and ``bop_call``
        balance of power as the book's first test reads it (:func:`bot_core.theories.balance_of_power_dangers`):
        the strongest state (CINC) that can reach the member, a COW major power or a directly
        contiguous state; ``"bandwagoning"`` if it is among the partners, ``"balancing"`` if not.

:func:`summary` counts the calls of each reading.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import _args, alliances, criteria, panel, theories, threat
from bot_core.errors import WaltError
from bot_core.alliances import OBLIGATIONS

__all__ = ["CALLS", "REGION", "SUPERPOWERS", "WaltError", "decisions", "summary", "treaties"]

#: The COW codes of the Middle East (COW's region 630-699, as :data:`bot_core.validate.REGIONS`).
REGION = (630, 699)
#: The United States and the Soviet Union.
SUPERPOWERS = (2, 365)
#: The calls a reading can make.
CALLS = ("balancing", "bandwagoning", "no state named", "unknown")


def _qualifies(members: tuple[int, ...]) -> bool:
    """A treaty of the region: two Middle East members, or one and a superpower, and at least half
    of its members Middle East states or superpowers (which leaves out the Helsinki Final Act and
    other treaties of dozens of states with one Middle East signatory)."""
    me = [c for c in members if REGION[0] <= c <= REGION[1]]
    sp = [c for c in members if c in SUPERPOWERS]
    return (len(me) >= 2 or (len(me) >= 1 and len(sp) >= 1)) and 2 * (len(me) + len(sp)) >= len(members)


def _check_years(first, last) -> tuple[int, int]:
    first = _args.whole(first, "first", lo=panel.FIRST_YEAR + 1, hi=panel.LAST_YEAR)
    last = _args.whole(last, "last", lo=panel.FIRST_YEAR + 1, hi=panel.LAST_YEAR)
    if first > last:
        raise WaltError(f"first ({first}) must not be after last ({last}).")
    return first, last


def treaties(first: int = 1955, last: int = 1979) -> pd.DataFrame:
    """The qualifying ATOP treaties signed ``first``-``last`` (see the module docstring): one row
    each, with ``atopid``, ``begin``, ``begyr``, ``members`` (every state ever a member), the five
    obligations, ``specthrt`` and ``threats`` (:func:`bot_core.alliances.treaties`' columns)."""
    first, last = _check_years(first, last)
    t = alliances.treaties()
    keep = t.begyr.between(first, last) & t.members.map(_qualifies)
    cols = ["atopid", "begin", "begyr", "members", "n_members", *OBLIGATIONS, "specthrt", "threat_kind", "threats"]
    return t.loc[keep, cols].sort_values(["begin", "atopid"], kind="stable").reset_index(drop=True)


@functools.cache
def _top_threats(t0: int, t1: int, weights: tuple, form: str) -> pd.Series:
    """Each member's top threat, by (ccode, year), years ``t0``-``t1``: the validated index."""
    d = panel.dyad_years(t0, t1)
    c = criteria.compute(d)
    tv = threat.index(c, weights=list(weights), form=form).to_numpy("float64")
    keep = ~np.isnan(tv)
    c1, c2, yr, tv = d.ccode1.to_numpy()[keep], d.ccode2.to_numpy()[keep], d.year.to_numpy()[keep], tv[keep]
    order = np.lexsort((c2, -threat.comparable(tv), c1, yr))  # per state-year: highest first, ties to the lower code
    c1, c2, yr = c1[order], c2[order], yr[order]
    first = np.concatenate([[True], (c1[1:] != c1[:-1]) | (yr[1:] != yr[:-1])])
    return pd.Series(c2[first].astype("int64"), index=pd.MultiIndex.from_arrays([c1[first], yr[first]],
                                                                                names=["ccode", "year"]))


def _call(target, partners: set[int]) -> str:
    return "bandwagoning" if target in partners else "balancing"


def decisions(first: int = 1955, last: int = 1979, lag: int = 1) -> pd.DataFrame:
    """One row per qualifying treaty event and state entering, with each reading's call.

    Parameters
    ----------
    first, last : int
        The event years (inclusive); 1817 to 2016.
    lag : int
        0 or 1: read the measures in the event year or the year before (default; see the module
        docstring).

    Returns
    -------
    pandas.DataFrame
        ``atopid``, ``date``, ``year``, ``event``, ``member``, ``partners`` (tuple of COW codes),
        ``read_year``, ``obligations`` (text), ``top_threat``, ``index_call``, ``named`` (tuple, or
        ``None`` when ATOP does not know), ``named_call``, ``named_is_top``, ``bop_danger``,
        ``bop_call``. Codes are COW codes; -1 where a reading names no state.
    """
    first, last = _check_years(first, last)
    if isinstance(lag, (bool, np.bool_)) or lag not in (0, 1):
        raise WaltError(f"lag must be 0 (the event year) or 1 (the year before), not {lag!r}.")
    tr = alliances.treaties().set_index("atopid")
    qualifying = set(tr.index[tr.members.map(_qualifies)])
    ev = alliances.events()
    ev = ev[ev.event.isin(["signed", "accession"]) & ev.year.between(first, last) & ev.atopid.isin(qualifying)]
    members = panel._member_keys()
    rows = []
    for e in ev.itertuples(index=False):
        if e.event == "signed":
            present = set(e.states)
        else:
            m = alliances.members(on=e.date, atopid=int(e.atopid))
            present = set(m.member.astype("int64")) | set(e.states)
        for member in e.states:
            partners = tuple(sorted(c for c in present if c != member))
            if e.event == "accession":
                partners = tuple(sorted(c for c in present if c != member and c not in e.states))
            read = e.year - lag
            if members.get_indexer([member * 10_000 + read])[0] < 0:
                read = e.year
            rows.append({"atopid": int(e.atopid), "date": e.date, "year": int(e.year), "event": e.event,
                         "member": int(member), "partners": partners, "read_year": int(read)})
    out = pd.DataFrame(rows, columns=["atopid", "date", "year", "event", "member", "partners", "read_year"])
    if out.empty:
        raise WaltError(f"no qualifying ATOP treaty event in {first}-{last}.")
    t0, t1 = int(out.read_year.min()), int(out.read_year.max())
    top = _top_threats(t0, t1, tuple(threat.weights_array(threat.DEFAULT_WEIGHTS)), threat.DEFAULT_FORM)
    key = pd.MultiIndex.from_arrays([out.member, out.read_year])
    out["top_threat"] = top.reindex(key).fillna(-1).to_numpy("int64")
    bop = theories.balance_of_power_dangers().set_index(["ccode", "year"]).danger
    out["bop_danger"] = bop.reindex(key).fillna(-1).to_numpy("int64")
    words = {"defense": "defence", "offense": "offence", "neutral": "neutrality", "nonagg": "non-aggression",
             "consul": "consultation"}
    t = tr.loc[out.atopid]
    out["obligations"] = [", ".join(words[o] for o in OBLIGATIONS if r[o] == 1) for _, r in t.iterrows()]
    out["named"] = list(t.threats)
    partners = [set(p) for p in out.partners]
    out["index_call"] = [("unknown" if tt < 0 else _call(tt, p)) for tt, p in zip(out.top_threat, partners)]
    out["named_call"] = [
        "unknown" if n is None else ("no state named" if not n else
                                     ("bandwagoning" if any(c in p for c in n) else "balancing"))
        for n, p in zip(out.named, partners)]
    out["named_is_top"] = [bool(n) and tt in n for n, tt in zip(out.named, out.top_threat)]
    out["bop_call"] = [("unknown" if b < 0 else _call(b, p)) for b, p in zip(out.bop_danger, partners)]
    out.attrs.update(first=first, last=last, lag=lag)
    return out


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """How many rows of :func:`decisions` each reading calls each way: one row per reading
    (``index``, ``named``, ``bop``) and call (:data:`CALLS`), with ``rows`` and ``treaties``."""
    _args.frame(frame, "frame", ["atopid", "index_call", "named_call", "bop_call"],
                hint="Build it with bot_core.walt_middle_east.decisions().")
    out = []
    for reading in ("index", "named", "bop"):
        col = frame[f"{reading}_call"]
        odd = sorted(set(col) - set(CALLS))
        if odd:
            raise WaltError(f"frame.{reading}_call holds values {odd} that are not calls ({', '.join(CALLS)}).")
        for call in CALLS:
            m = col == call
            out.append({"reading": reading, "call": call, "rows": int(m.sum()),
                        "treaties": int(frame.atopid[m].nunique())})
    return pd.DataFrame(out)
