"""International Crisis Behavior v14: ``icb_actors`` (crisis actors) and ``icb_crises`` (crises).

``datasets.load("icb_actors")`` returns ``icb2v14.csv``: one row per state that perceived a crisis,
1918-2017 (1,078 rows). ``datasets.load("icb_crises")`` returns ``icb1v14.csv``: one row per crisis
(487 rows). Both files start with a UTF-8 byte-order mark, which the reader drops, so the first
column is ``icb2`` (``icb1``), not ``\\ufefficb2``.

Columns
    every column of the file (95 each), whole numbers as integers (``Int64`` where blank), and:

    ``cracid`` (actors)
        COW code of the crisis actor, the state that perceived the crisis.
    ``trigent``
        the entity that triggered the crisis: a COW state code, or 995, 996, 997 for non-state,
        multiple or other triggering entities (the MANIFEST's reading); these codes are kept, as they
        are values, not missing.
    ``gravty`` (actors)
        gravity of the threat, 0 economic ... 7 threat to existence.
    ``trigger_date``, ``termination_date`` (both), ``system_trigger_date`` (actors), ``datetime64``
        from ``yrtrig``/``motrig``/``datrig``, ``yrterm``/``moterm``/``daterm`` and
        ``systrgyr``/``systrgmo``/``systrgda``.

Missing-value rules
    * blank cells are missing; the file has no -9 code, and the COW rule ``-9`` -> missing is
      **not** applied, since -9 is a real value of ``powdis`` (power discrepancy);
    * day fields hold codes 66, 77 and 88 besides days 1-31; they are kept in the day columns,
      but a date whose day is not a calendar day is missing (``NaT``): no day is guessed;
    * -99 in ``sizedu``, ``strcdu`` (actors) and ``momedst``, ``damedst``, ``damedend`` (crises)
      is kept as the file gives it (the codebook is not in the mirror to say what it means).

Coverage
    crises triggered 1918-2017, terminations to 2018.

References
    Brecher & Wilkenfeld (2000); Brecher, Wilkenfeld, Beardsley, James & Quinn (2021), ICB codebook
    v14 (``brecher2000crisis``, ``brecher2021icb``). Free for research with citation. The copy is
    hosted in a third party's repository: its SHA-256 is what guarantees it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bot_core.datasets import _formats, _tidy

ACTOR_DATES = (
    ("trigger_date", "yrtrig", "motrig", "datrig"),
    ("termination_date", "yrterm", "moterm", "daterm"),
    ("system_trigger_date", "systrgyr", "systrgmo", "systrgda"),
)
CRISIS_DATES = ACTOR_DATES[:2]


def read_actors(file: Path, ds=None) -> pd.DataFrame:
    """``icb_actors``: one row per crisis actor, with its dates."""
    return _with_dates(_formats.read_csv(file), ACTOR_DATES)


def read_crises(file: Path, ds=None) -> pd.DataFrame:
    """``icb_crises``: one row per crisis, with its dates."""
    return _with_dates(_formats.read_csv(file), CRISIS_DATES)


def _with_dates(raw: pd.DataFrame, dates) -> pd.DataFrame:
    frame = _tidy.tidy(raw, missing_code=None)
    for name, year, month, day in dates:
        frame[name] = _tidy.date_from_parts(frame[year], frame[month], frame[day])
    return frame
