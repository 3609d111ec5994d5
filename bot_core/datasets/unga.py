"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten), June 2024: ``unga_ideal_points``.

``datasets.load("unga_ideal_points")`` returns one row per state and General Assembly session,
sessions 1-78 (session 19, 1964-65, held no recorded votes and is absent): 11,238 rows.

Columns
    ``ccode`` (int64)
        COW state code (West Germany 260 and East Germany 265 from 1973 to 1990, Germany 255
        from 1991).
    ``session`` (int64), ``year`` (int64)
        the session, and ``year = session + 1945``: session 1 opened in 1946, session 78 in 2023.
        The file has no year column; the rule is the offline mirror's (``unga/MANIFEST.tsv``).
    ``NVotesAll`` (int64), ``IdealPointAll`` (float64)
        the number of votes and the ideal point estimated from all of them (the scale runs from
        about -3.1 to 3.2; the United States is the highest or near it in most sessions, between
        1.0 and 3.2, and the Soviet Union/Russia between -3.1 and 1.4).
    ``QO%All`` ... ``Q100%All`` (float64)
        quantiles of the ideal point's posterior; ``QO%All`` is spelt with a letter O in the file
        and kept so.
    ``iso3c``, ``Countryname`` (text)
        the ISO code and the name the file gives.
    ``USAgree``, ``RUSSAgree``, ``BrazilAgree``, ``ChinaAgree``, ``IndiaAgree``, ``IsraelAgree``
        (float64) share of votes agreeing with that state; ``NaN`` where the file has ``NA``.

Rules
    the file's first, unnamed column is R's row number (1 ... 11,238) and is dropped; no other
    column is changed, and there is no missing-value code.

Coverage
    1946-2023 (sessions 1-78).

References
    Bailey, Strezhnev & Voeten (2017); Voeten, Strezhnev & Bailey, Harvard Dataverse
    doi:10.7910/DVN/LEJUQZ (``bailey2017ideal``, ``voeten2024unga``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bot_core.datasets import _formats, _tidy
from bot_core.datasets._errors import DataError

#: year = session + FIRST_SESSION_YEAR - 1
FIRST_SESSION_YEAR = 1946


def read(file: Path, ds=None) -> pd.DataFrame:
    """``unga_ideal_points``: ideal points by state and session, with ``year``."""
    raw = _formats.read_csv(file)
    row_number = raw.columns[0]
    if not (raw[row_number] == pd.RangeIndex(1, len(raw) + 1)).all():
        raise DataError(f"{file.name}: the first column is not the row number; the reader needs updating.")
    frame = _tidy.tidy(raw.drop(columns=row_number), missing_code=None)
    frame.insert(frame.columns.get_loc("session") + 1, "year", frame.session + FIRST_SESSION_YEAR - 1)
    return frame
