"""Shared steps of the verb families of :mod:`bot_core.panel` (private): a state-year source's values
for each side of a panel, non-directed pair keys, spells expanded to years, nullable columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core.panel._checks import _suffix
from bot_core.panel._keys import _dyad_key, _positions, _state_key, _take

__all__ = ["covered", "pair_key", "spell_years", "state_values", "as_nullable"]


def covered(df: pd.DataFrame, first: int, last: int) -> np.ndarray:
    """True for the rows whose year a source covers (``first``-``last``, inclusive)."""
    y = df["year"].to_numpy()
    return (y >= first) & (y <= last)


def state_values(df, kind: str, table: pd.DataFrame, columns: dict[str, str], first: int, last: int,
                 code=None) -> dict[str, np.ndarray]:
    """Float columns of a state-year source (``ccode``, ``year``, ...) for each side of the panel:
    ``{new name + suffix: values}``, ``NaN`` where the source has no row or the year is outside
    ``first``-``last``. ``code`` maps the panel's codes to the source's (an array function)."""
    keys = _state_key(table.ccode, table.year)
    ok = covered(df, first, last)
    out = {}
    for key, sfx in _suffix(kind):
        ccode = df[key].to_numpy() if code is None else code(df[key].to_numpy(), df["year"].to_numpy())
        pos = _positions(_state_key(ccode, df["year"]), keys)
        for new, col in columns.items():
            v = _take(table[col].to_numpy("float64", na_value=np.nan), pos, np.nan)
            out[new + sfx] = np.where(ok, v, np.nan)
    return out


def pair_key(df: pd.DataFrame, code=None) -> np.ndarray:
    """Non-directed dyad-year keys of a dyad panel (the lower code first)."""
    c1, c2, y = df.ccode1.to_numpy(), df.ccode2.to_numpy(), df.year.to_numpy()
    if code is not None:
        c1, c2 = code(c1, y), code(c2, y)
    return _dyad_key(np.minimum(c1, c2), np.maximum(c1, c2), y)


def spell_years(frame: pd.DataFrame, start: str, end: str) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers of ``frame`` repeated once per year of its spell, and those years."""
    a, b = frame[start].to_numpy("int64"), frame[end].to_numpy("int64")
    n = b - a + 1
    rows = np.repeat(np.arange(len(frame)), n)
    years = np.concatenate([np.arange(x, y + 1) for x, y in zip(a, b)]) if len(frame) else np.empty(0, "int64")
    return rows, years


def as_nullable(values: np.ndarray, ok: np.ndarray, dtype: str = "Int64") -> pd.api.extensions.ExtensionArray:
    """Integer values as a nullable array, ``<NA>`` where ``ok`` is False (years not covered)."""
    arr = pd.array(np.asarray(values, dtype="int64"), dtype=dtype)
    arr[~ok] = pd.NA
    return arr


def lookup(keys: np.ndarray, table_keys: np.ndarray, values: np.ndarray, absent) -> np.ndarray:
    """``values`` at the rows of ``table_keys`` (unique) matching ``keys``, ``absent`` elsewhere."""
    return _take(values, _positions(keys, table_keys), absent)
