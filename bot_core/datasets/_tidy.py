"""Tidying rules shared by every reader: whole numbers become integers, a missing-value code becomes
missing, R dates and date parts become ``datetime64``.

* numeric columns that hold only whole numbers (state codes, years, dispute numbers, levels, 0/1
  indicators, counts) become integers: ``int64`` when complete, the nullable ``Int64`` otherwise;
  measured quantities (:data:`QUANTITIES`) stay ``float64`` with ``NaN`` for missing, even where the
  source rounded them to integers;
* in those whole-number columns the source's missing-value code (``-9`` unless a reader says
  otherwise) becomes missing (``<NA>``);
* R ``Date`` columns become ``datetime64``; text stays text.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

#: The missing-value code of the COW-family files.
MISSING_CODE = -9
#: Columns that measure a quantity (or a score on which -9 is a real value, such as ``polity2``):
#: kept as float64 even where every value is a whole number.
QUANTITIES = frozenset({
    "milex", "milper", "irst", "pec", "tpop", "upop", "cinc", "mindist", "imports", "exports", "lat", "lng",
    "polity2", "flow1", "flow2", "smoothflow1", "smoothflow2",
})


def tidy(frame: pd.DataFrame, quantities=QUANTITIES, missing_code: int | None = MISSING_CODE) -> pd.DataFrame:
    """A new frame with the module's rules applied to every column of ``frame``.

    ``quantities`` names the columns kept as floats; ``missing_code`` is the whole-number code
    that means missing (``None``: the source has none, every value is a value).
    """
    out = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype.kind == "f" and col not in quantities:
            s = as_integer_if_whole(s, missing_code)
        elif s.dtype == object and _holds_dates(s):
            s = pd.to_datetime(s)
        out[col] = s
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def as_integer_if_whole(s: pd.Series, missing_code: int | None = MISSING_CODE) -> pd.Series:
    """``s`` as ``int64`` (complete) or ``Int64`` (with missing) if it holds only whole numbers;
    ``missing_code`` becomes ``<NA>``. Any other float column is returned unchanged."""
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(values)
    if not present.any() or not np.all(values[present] == np.round(values[present])):
        return s
    if np.abs(values[present]).max() >= 2**53:
        return s
    coded = values == missing_code if missing_code is not None else np.zeros(len(values), bool)
    if coded.any() or not present.all():
        return pd.Series(pd.array(np.where(coded | ~present, np.nan, values), dtype="Float64").astype("Int64"),
                         index=s.index, name=s.name)
    return s.astype("int64")


def _holds_dates(s: pd.Series) -> bool:
    first = s.dropna()
    return len(first) > 0 and isinstance(first.iloc[0], _dt.date)


def date_from_parts(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """``datetime64`` dates from year, month and day columns.

    A date is missing (``NaT``) when any part is missing or is not a calendar date: day 0 or a day
    code above the month's length (ICB's 66/77/88, for instance), month 0. Partial dates are
    never completed with a guessed day or month; the part columns stay in the frame.
    """
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).astype("Float64")
    valid = parts.notna().all(axis=1) & parts.month.between(1, 12) & parts.day.between(1, 31)
    out = pd.Series(pd.NaT, index=year.index, dtype="datetime64[ns]")
    if valid.any():
        ok = parts[valid.fillna(False)].astype("int64")
        out[ok.index] = pd.to_datetime(ok, errors="coerce")
    return out


def codes_to_missing(s: pd.Series, codes) -> pd.Series:
    """``s`` with every value in ``codes`` made missing (``<NA>``), as a nullable integer if whole."""
    out = s.astype("Float64").mask(s.isin(list(codes)))
    return as_integer_if_whole(out.astype("float64"), missing_code=None)
