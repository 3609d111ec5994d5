"""Great powers against a would-be hegemon: Levy and Thompson's test, replicated on ATOP.

Levy and Thompson (2005) find that European great powers from 1495 to 1999 tended to form
alliances against a state holding a third or more of the system's military (army) capability,
but not at lower concentrations, and that balancing is a tendency rather than a law. This module
asks the same question of the COW major powers and the ATOP treaties, 1816 onwards:

* the **leader** of each year is the major power with the largest share of the major powers'
  military personnel (:func:`bot_core.choice.military_leaders`; COW's nearest measure to army
  size), read in the year before the treaties it may provoke;
* a year is **hegemonic** when the leader's share is at least one third
  (:data:`bot_core.choice.HEGEMON_SHARE`);
* a **balancing treaty** is a treaty signed that year (:func:`bot_core.alliances.events`) with
  one of ``obligations`` among its members, whose founding members include at least two major
  powers and not the leader; a **treaty with the leader** has the leader and at least one other
  major power among its founders (alignment with the leading power).

:func:`years` gives one row per year; :func:`summary` the share of years with a balancing treaty
(and with a treaty with the leader) in hegemonic and other years, with Wilson intervals. The
differences from Levy and Thompson's design are real and listed in the book: the whole COW system
of major powers, not Europe alone; military personnel, not army size; ATOP treaties, not their
great-power alliance data; and years from 1816, not 1495.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import _args, alliances, choice, panel
from bot_core.alliances import OBLIGATIONS

__all__ = ["summary", "years"]


def _majors(first: int, last: int) -> set[tuple[int, int]]:
    sy = panel.state_years(first, last)[["ccode", "year"]].pipe(panel.add_major_powers)
    major = sy[sy.majpow.fillna(0).astype(bool)]
    return set(zip(major.ccode.astype("int64"), major.year.astype("int64")))


def years(first: int = 1817, last: int = 1999, obligations=("defense", "offense")) -> pd.DataFrame:
    """One row per year ``first`` to ``last`` (treaties signed that year; the leader and the
    major powers read the year before): ``year``, ``leader``, ``share``, ``hegemonic``,
    ``balancing`` (how many balancing treaties), ``with_leader`` (how many treaties with the
    leader), and ``treaties`` (how many treaties with a listed obligation were signed)."""
    bounds, what = (panel.FIRST_YEAR + 1, alliances.LAST_YEAR), "the years with a year before in the data"
    first, last = _args.year(first, "first", bounds, what), _args.year(last, "last", bounds, what)
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    span = list(range(first, last + 1))
    obligations = _args.names(obligations, "obligations", OBLIGATIONS, noun="obligations")
    lead = choice.military_leaders(span[0] - 1, min(span[-1] - 1, panel.LAST_YEAR)).set_index("year")
    majors = _majors(span[0] - 1, min(span[-1] - 1, panel.LAST_YEAR))
    t = alliances.treaties().set_index("atopid")
    ev = alliances.events()
    ev = ev[(ev.event == "signed") & ev.year.between(span[0], span[-1])]
    ev = ev[ev.atopid.map(lambda a: bool(t.loc[a, list(obligations)].fillna(0).astype(int).any()))]
    rows = []
    for y in span:
        before = y - 1
        leader = int(lead.leader.get(before, -1)) if before in lead.index else -1
        share = float(lead.share.get(before, np.nan)) if before in lead.index else np.nan
        signed = ev[ev.year == y]
        bal = with_leader = 0
        for states in signed.states:
            big = [s for s in states if (int(s), before) in majors]
            if leader in big:
                with_leader += len(big) >= 2
            else:
                bal += len(big) >= 2
        rows.append({"year": y, "leader": leader, "share": share,
                     "hegemonic": bool(share >= choice.HEGEMON_SHARE) if np.isfinite(share) else pd.NA,
                     "balancing": bal, "with_leader": with_leader, "treaties": len(signed)})
    out = pd.DataFrame(rows)
    out["hegemonic"] = out.hegemonic.astype("boolean")
    out.attrs.update(obligations=obligations)
    return out


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    if n == 0:
        return np.nan, np.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per outcome (``balancing``, ``with_leader``) and kind of year (hegemonic or not): ``years``,
    ``with_treaty`` (years with at least one such treaty), ``share`` and its 95% Wilson interval
    (``low``, ``high``), and ``per_year`` (treaties per year). Years whose leader is unknown are
    left out and counted in ``attrs["unknown"]``."""
    _args.frame(frame, "frame", ["year", "hegemonic", "balancing", "with_leader"])
    known = frame[frame.hegemonic.notna()]
    rows = []
    for outcome in ("balancing", "with_leader"):
        for kind, g in known.groupby(known.hegemonic.astype(bool), sort=True):
            k, n = int((g[outcome] > 0).sum()), len(g)
            lo, hi = _wilson(k, n)
            rows.append({"outcome": outcome, "hegemonic": bool(kind), "years": n, "with_treaty": k,
                         "share": k / n, "low": lo, "high": hi, "per_year": float(g[outcome].mean())})
    out = pd.DataFrame(rows)
    out.attrs["unknown"] = int(frame.hegemonic.isna().sum())
    return out
