"""ATOP 5.1 at the treaty and member level: ``atop_treaties`` and ``atop_members``.

The Alliance Treaty Obligations and Provisions project codes every written alliance signed
1815-2018 (Leeds et al. 2002; codebook v5.1, Leeds 2022). ``datasets.load("atop_treaties")``
returns one row per treaty (``atop5_1a.csv``), ``datasets.load("atop_members")`` one row per
member spell of a treaty phase (``atop5_1m.csv``).

Columns
    every column of the file, with the tidying rules of :mod:`bot_core.datasets` (whole numbers
    as integers, ``Int64`` where missing; the ATOP files have no ``-9`` code), and two dates:

    ``begin``, ``end`` (treaties) / ``entry``, ``exit`` (members), ``datetime64``
        the signature date and the end date, built from ``begyr``/``begmo``/``begday`` and
        ``endyr``/``endmo``/``endday`` (members: ``yrent``... and ``yrexit``...).
    ``specthrt``, ``statthr1``, ``statthr2``
        whether the treaty names a specific threat, and the COW codes of up to two states it
        names as the threat: 0 means "no state named" (a code the codebook gives), ``<NA>`` that
        ATOP could not locate the text and does not know.
    ``mem1`` ... ``mem59`` (treaties), ``member`` (members)
        COW state codes of the members.

Missing-value rules (from the codebook, v5.1 of 9 Aug 2022)
    * an unknown day is blank in the file (``begday``, ``endday``, ``dayent``, ``dayexit``): it
      stays ``<NA>`` and the date is missing (``NaT``); year and month stay in their columns.
      No day is guessed. In the files: 1 treaty begin day, 12 treaty end days, 5 member entry days
      and 31 member exit days;
    * ``endyr``/``endmo``/``endday`` (``yrexit``/``moexit``/``dayexit``) = 0 means "still in effect
      on 31 December 2018" (``ineffect`` = 1): the three become ``<NA>`` and the end date ``NaT``.
      Nothing else changes, so no row is dropped or added.

Coverage
    treaties signed 1815-2018; 789 treaties, 2,510 member spells.

References
    Leeds, Ritter, Mitchell & Long (2002); Leeds (2022), the ATOP codebook shipped with v5.1 (``leeds2002atop``,
    ``leeds2022atop`` in ``bot_core/data_sources.bib``). Free for research use, citation requested.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bot_core.datasets import _formats, _tidy

#: The date parts of each file: (date column, year, month, day).
TREATY_DATES = (("begin", "begyr", "begmo", "begday"), ("end", "endyr", "endmo", "endday"))
MEMBER_DATES = (("entry", "yrent", "moent", "dayent"), ("exit", "yrexit", "moexit", "dayexit"))


def read_treaties(file: Path, ds=None) -> pd.DataFrame:
    """``atop_treaties``: one row per ATOP treaty, with ``begin`` and ``end`` dates."""
    return _with_dates(_formats.read_csv(file), TREATY_DATES)


def read_members(file: Path, ds=None) -> pd.DataFrame:
    """``atop_members``: one row per member spell, with ``entry`` and ``exit`` dates."""
    return _with_dates(_formats.read_csv(file), MEMBER_DATES)


def _with_dates(raw: pd.DataFrame, dates) -> pd.DataFrame:
    frame = _tidy.tidy(raw, missing_code=None)
    end_year, end_month, end_day = dates[1][1:]
    in_effect = frame[end_year] == 0  # the codebook's "no end date: in effect at the end of 2018"
    for col in (end_year, end_month, end_day):
        frame[col] = _tidy.as_integer_if_whole(frame[col].astype("float64").mask(in_effect), None).astype("Int64")
    for name, year, month, day in dates:
        frame[name] = _tidy.date_from_parts(frame[year], frame[month], frame[day])
    return frame
