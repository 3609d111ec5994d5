"""The Goertz-Diehl-Balas peace scale v3.1 as dyad-years: ``peace_scale`` (and the authors'
dyad-year means, ``peace_scale_year_means``).

The raw file ``peacedata3.1.csv`` has no header: each line is a dyad id (the smaller COW code
times 1000 plus the larger; Germany is 255 throughout, Russia 365) followed by pairs of a period
``YYYYMMDD-YYYYMMDD`` and the level in force in it: 0 severe rivalry, 0.25 lesser rivalry, 0.5
negative peace, 0.75 warm peace, 1 security community, -9 a transition between levels.
``datasets.load("peace_scale")`` turns these spells into one row per dyad and calendar year in
which the dyad is coded.

Columns
    ``ccode1``, ``ccode2``, ``year`` (int64)
        the dyad (``ccode1`` < ``ccode2`` as the file orders them, but for one dyad, see below)
        and the year.
    ``peace_level`` (float64)
        the level on the last day of the year on which the dyad is coded (31 December, or the day
        its relationship ended); ``NaN`` if that day falls in a transition (-9) or in a period
        whose level the file leaves blank (".").
    ``peace_level_mean`` (float64)
        the mean level over the year's coded days, weighted by days, transition days left out;
        ``NaN`` if every coded day of the year is in a transition.
    ``transition_days`` (int64)
        days of the year in a transition.
    ``imprecise`` (bool)
        a period that touches the year has a date with an unknown day or month (see below).

Rules
    * ``19009999`` opens a left-censored period (taken from 1 January 1900), ``20209999`` closes a
      right-censored one (to 31 December 2020), as the readme says;
    * 33 period dates have day ``00``, month ``00`` or an impossible day (``19620086``): a start
      is taken from the first day of its month (year), an end to the last day, and every year
      the period touches is flagged ``imprecise``; no row is dropped;
    * five periods overlap the one before them (dyads 200713, 255350, 370701, 435600, 484540);
      both count in the mean, and where both cover a year's last day the later one in the file
      gives ``peace_level``;
    * one dyad id has the larger code first (435403: Mauritania, Sao Tome and Principe); it is
      kept as the file gives it, so there ``ccode1`` > ``ccode2`` (one row, 2008);
    * one line (dyad 255530, Germany-Ethiopia) ends with a stray "." after its last period; it is
      not a level of any period and is ignored;
    * transitions are never numbers: they are missing in ``peace_level`` and left out of
      ``peace_level_mean``.

    The authors' own dyad-year file (``peace_scale_year_means``) is **not** used to build this
    frame: its means count a transition month as 9 (the "miscoded 3/9 values", 496 rows above 1),
    and a year with only one or two transition months can still come out between 0 and 1 and look
    valid (USA-Russia 1992: 0.979, eleven months of lesser rivalry and one transition month).

Coverage
    1900-2020, only dyads with a relationship (the others are absent, not "negative peace").

References
    Goertz, Diehl & Balas (2016); Diehl, Goertz & Gallegos (2021) (``goertz2016puzzle``,
    ``diehl2021peace``). **Terms: free for non-commercial use only**; for commercial use, contact
    the authors.
"""

from __future__ import annotations

import calendar
from pathlib import Path

import numpy as np
import pandas as pd

from bot_core.datasets import _formats
from bot_core.datasets._errors import DataError

TRANSITION = -9.0
FIRST_DAY, LAST_DAY = pd.Timestamp("1900-01-01"), pd.Timestamp("2020-12-31")


def read_spells(file: Path, ds=None) -> pd.DataFrame:
    """``peace_scale``: dyad-years built from the spells file (see the module docstring)."""
    return dyad_years(spells(file))


def spells(file: Path) -> pd.DataFrame:
    """One row per dyad and period: ``dyad``, ``start``, ``end``, ``level`` (-9 transition, NaN
    blank) and ``imprecise``."""
    rows = []
    for fields in _formats.read_lines(file):
        dyad, pairs = int(fields[0]), fields[1:]
        if len(pairs) % 2 and pairs[-1].strip() == ".":  # 255530 ends with a stray "."
            pairs = pairs[:-1]
        if len(pairs) % 2:
            raise DataError(f"{file.name}: dyad {dyad} has a period without a level: {pairs}")
        for period, level in zip(pairs[::2], pairs[1::2]):
            (start, p1), (end, p2) = (_date(d, first=f) for d, f in zip(period.split("-"), (True, False)))
            rows.append((dyad, start, end, _level(level), p1 or p2))
    return pd.DataFrame(rows, columns=["dyad", "start", "end", "level", "imprecise"])


def _level(text: str) -> float:
    return np.nan if text.strip() in ("", ".") else float(text)


def _date(text: str, first: bool) -> tuple[pd.Timestamp, bool]:
    """A period date and whether it was imprecise; 9999 is the readme's censoring mark."""
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    if text[4:] == "9999":
        return (FIRST_DAY if first else LAST_DAY), False
    if not 1 <= month <= 12:
        return pd.Timestamp(year, 1 if first else 12, 1 if first else 31), True
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return pd.Timestamp(year, month, 1 if first else last), True
    return pd.Timestamp(year, month, day), False


def dyad_years(sp: pd.DataFrame) -> pd.DataFrame:
    """Dyad-years from spells: the year-end level, the mean over coded days, transition days."""
    years = sp.end.dt.year - sp.start.dt.year + 1
    rep = sp.loc[sp.index.repeat(years)].copy()
    rep["year"] = rep.start.dt.year + rep.groupby(level=0).cumcount()
    lo = np.maximum(rep.start, pd.to_datetime(rep.year.astype(str) + "-01-01"))
    hi = np.minimum(rep.end, pd.to_datetime(rep.year.astype(str) + "-12-31"))
    rep["days"] = (hi - lo).dt.days + 1
    rep["hi"] = hi
    transition = rep.level == TRANSITION
    rep["t_days"] = np.where(transition, rep.days, 0)
    rep["w"] = np.where(transition | rep.level.isna(), 0, rep.days)
    rep["wl"] = rep.w * rep.level.where(~transition, 0).fillna(0)
    g = rep.sort_values(["dyad", "year", "hi"], kind="stable").groupby(["dyad", "year"], sort=True)
    out = g.agg(last=("level", "last"), w=("w", "sum"), wl=("wl", "sum"),
                transition_days=("t_days", "sum"), imprecise=("imprecise", "any")).reset_index()
    dyad = out.pop("dyad")
    return pd.DataFrame({
        "ccode1": (dyad // 1000).astype("int64"), "ccode2": (dyad % 1000).astype("int64"),
        "year": out.year.astype("int64"),
        "peace_level": out["last"].where(out["last"] != TRANSITION),
        "peace_level_mean": (out.wl / out.w.replace(0, np.nan)).astype("float64"),
        "transition_days": out.transition_days.astype("int64"),
        "imprecise": out.imprecise.astype(bool),
    })


def read_year_means(file: Path, ds=None) -> pd.DataFrame:
    """``peace_scale_year_means``: the authors' dyad-year means, ``ccode1``, ``ccode2``, ``year``,
    ``peacelevel``; values above 1 (the 3 and 9 that flag transition months) become ``NaN``.
    Years with a few transition months can still be wrong below 1: prefer ``peace_scale``."""
    raw = _formats.read_csv(file)
    return pd.DataFrame({
        "ccode1": (raw.dyad // 1000).astype("int64"), "ccode2": (raw.dyad % 1000).astype("int64"),
        "year": raw.yearmonth.astype("int64"),
        "peacelevel": raw.peacelevel.where(raw.peacelevel <= 1).astype("float64"),
    })
