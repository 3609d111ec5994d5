"""The checks every panel verb runs first, and the way it adds its columns (private).

:func:`_kind` checks a panel and says whether it is one of state-years or of dyad-years;
:func:`_with` adds a verb's columns, refusing to overwrite; :func:`_suffix` names each side's
columns. Their rules are :mod:`bot_core.panel`'s (see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.errors import PanelError
from bot_core.panel._keys import FIRST_YEAR, LAST_YEAR, _member_slots, _state_slots


def _check_span(start, end) -> tuple[int, int]:
    for label, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise PanelError(f"{label} must be a whole year such as 1946, not {value!r}.")
    start, end = int(start), int(end)
    if start > end:
        raise PanelError(f"start ({start}) is after end ({end}); give the earlier year first.")
    if start < FIRST_YEAR or end > LAST_YEAR:
        raise PanelError(
            f"the years {start}–{end} are not all in the COW state system, which runs from "
            f"{FIRST_YEAR} to {LAST_YEAR}; choose years in that range."
        )
    return start, end


_KEYS = {"state": ("ccode", "year"), "dyad": ("ccode1", "ccode2", "year")}


def _kind(df, verb: str, allowed: Sequence[str] = ("state", "dyad")) -> str:
    if not isinstance(df, pd.DataFrame):
        raise PanelError(f"{verb} needs a pandas DataFrame, not {type(df).__name__}.")
    dup = _args.duplicated_columns(df)
    if dup:
        raise PanelError(f"{verb}: the panel has more than one column named {', '.join(map(repr, dup))}; "
                         "drop or rename the copies first.")
    cols = set(df.columns)
    kind = "dyad" if {"ccode1", "ccode2", "year"} <= cols else "state" if {"ccode", "year"} <= cols else None
    if kind is None or kind not in allowed:
        need = " or ".join(", ".join(_KEYS[k]) for k in allowed)
        raise PanelError(
            f"{verb} needs a panel with columns {need}; this one has {', '.join(map(str, df.columns)) or 'none'}. "
            "Start from bot_core.panel.state_years() or dyad_years()."
        )
    for col in _KEYS[kind]:
        s = df[col]
        # a numpy integer column cannot hold a missing value: no need to look for one
        if not (isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu") and s.isna().any():
            raise PanelError(f"{verb}: column {col!r} has {int(s.isna().sum())} missing values; drop those rows first.")
        if not pd.api.types.is_integer_dtype(s):
            raise PanelError(f"{verb}: column {col!r} must hold integers (COW codes, years), not {s.dtype}.")
    # whole numbers with no missing value: as int64 arrays (a view for int64 columns); numpy's
    # reductions, several times faster than pandas' on a panel of two million rows
    key = {col: df[col].to_numpy("int64") for col in _KEYS[kind]}
    years = key["year"]
    if len(df) and (years.min() < FIRST_YEAR or years.max() > LAST_YEAR):
        # shown as given (a uint64 beyond 2**63 wraps to a negative int64 in the key)
        bad = sorted(set(df["year"].to_numpy()[(years < FIRST_YEAR) | (years > LAST_YEAR)].tolist()))
        raise PanelError(
            f"{verb}: the panel has years outside the COW state system ({FIRST_YEAR}–{LAST_YEAR}): "
            f"{_some(bad)}. Drop them first."
        )
    sides = [("ccode",)] if kind == "state" else [("ccode1",), ("ccode2",)]
    for (col,) in sides:  # before any key is built: a huge code would wrap around in the int64 key
        codes = key[col]
        if len(df) and (codes.min() < 0 or codes.max() > 999):
            bad = sorted(set(df[col].to_numpy()[(codes < 0) | (codes > 999)].tolist()))
            raise PanelError(f"{verb}: column {col!r} has values that are not COW codes (0-999): {_some(bad)}. "
                             "Check the codes (bot_core.panel.state_years() lists members).")
    if kind == "dyad":
        same = key["ccode1"] == key["ccode2"]
        if same.any():
            raise PanelError(f"{verb}: {int(same.sum())} rows pair a state with itself (ccode1 == ccode2), e.g. "
                             f"{int(key['ccode1'][same][0])}; a dyad needs two states. Drop those rows.")
    for (col,) in sides:
        member = _member_slots()[_state_slots(key[col], years, checked=True)]
        if not member.all():
            unknown = ~member
            pairs = sorted(set(zip(key[col][unknown].tolist(), years[unknown].tolist())))
            raise PanelError(
                f"{verb}: {int(unknown.sum())} rows have a {col} that was not a COW system member that year "
                f"(code, year): {_some(pairs)}. Check the codes (bot_core.panel.state_years() lists members)."
            )
    return kind


def _some(items: Iterable, n: int = 8) -> str:
    items = list(items)
    shown = ", ".join(map(str, items[:n]))
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def _with(df: pd.DataFrame, columns: dict[str, np.ndarray], verb: str) -> pd.DataFrame:
    clash = [c for c in columns if c in df.columns]
    if clash:
        raise PanelError(f"{verb}: the panel already has columns {', '.join(clash)}; drop them first.")
    # copy=False: the arrays are new, made for this frame; a copy would only cost time and memory
    return df.assign(**{name: pd.Series(values, index=df.index, copy=False) for name, values in columns.items()})


def _suffix(kind: str) -> list[tuple[str, str]]:
    """(key column, suffix) pairs: ("ccode", "") for states, ("ccode1", "1"), ("ccode2", "2") for dyads."""
    return [("ccode", "")] if kind == "state" else [("ccode1", "1"), ("ccode2", "2")]
