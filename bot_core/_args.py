"""One way to read the arguments of the public functions: weights, state codes, years, frames,
lists of names and numbers.

Every public function of :mod:`bot_core` that takes one of these reads it here, so that the same
input is accepted, or refused with the same message, everywhere. A refusal raises
:class:`ArgumentError`, whose message names the argument, says what was wrong and how to fix it.

The rules:

Weights
    A mapping (a ``dict``, a :class:`pandas.Series`) from criterion name to weight, read *by
    label* (a criterion left out weighs 0; an unknown label is refused), or a flat sequence or
    1-D array of exactly one number per criterion, in the criteria's order. A ``set`` (no
    order), a string, a scalar or a 2-D array is refused. Every weight must be a finite,
    non-negative real number (numpy scalars such as ``np.float32`` included; ``True`` is not a
    weight), and at least one must be positive. Only the ratios matter: :func:`normalised`
    divides by the sum after an exact power-of-two rescaling, so weights as large as ``1e308``
    or as small as ``1e-308`` give the same shares as ``1`` (the sum cannot overflow), and
    weights of ordinary size give exactly the bits of ``w / w.sum()``.
State codes
    Whole numbers (``int`` or a numpy integer) that are COW state codes. A float is refused even
    when integral (``2.0``): codes are never measured quantities, and a float code usually means
    a column that went through ``NaN``; convert with ``int()`` deliberately. Strings and ``bool``
    are refused.
Years
    Whole numbers (the same rule as codes: ``1962.0`` is refused), inside the span the function
    covers; the error names the valid span. Where a function documents a ``(first, last)``
    pair, a tuple of two whole numbers is read as that span (first no later than last);
    anything else is a collection of single years. A lone whole number is one year.
Frames
    A :class:`pandas.DataFrame` with unique column names and the required columns; key columns
    must hold integers without missing values, and criteria columns real numbers.
Lists of names
    A single string is *one* name (``"defense"`` is one pledge type, not seven letters); else
    an iterable of strings, each one of the allowed choices.
Grid steps
    A real number that divides 1 into whole parts, no finer than the function's bound (a finer
    grid tells nothing the data can and takes minutes or all the memory).
Switches and specifications
    A switch is ``True`` or ``False`` (a string such as ``"no"`` is refused, not read as true); a
    specification is a :class:`bot_core.criteria.CriteriaSpec` or ``None`` for the default.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from bot_core.errors import ArgumentError

__all__ = [
    "ArgumentError", "code", "codes", "duplicated_columns", "flag", "frame", "grid_parts", "names", "normalised", "number",
    "numeric", "require_columns", "require_counts", "require_shares", "require_unique_keys", "spec", "weight_values", "weights", "whole", "year", "years",
]


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))


def _show(value, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- numbers -----------------------------------------------------------------------------------


def _is_real(value) -> bool:
    return isinstance(value, (numbers.Real, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_whole_type(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def number(value, name: str, lo: float = -np.inf, hi: float = np.inf, *, lo_open: bool = False,
           hi_open: bool = False, rule: str | None = None) -> float:
    """``value`` as a Python float, checked to be a real number in the interval from ``lo`` to ``hi``.

    Accepts ``int``, ``float`` and numpy numbers (``np.float32`` too); refuses ``bool``, ``NaN``,
    strings and anything else. ``lo_open`` and ``hi_open`` exclude the ends. ``rule`` words the
    interval in the error (default: from the bounds).
    """
    ok = _is_real(value) and not np.isnan(float(value))
    if ok:
        v = float(value)
        ok = (lo < v if lo_open else lo <= v) and (v < hi if hi_open else v <= hi)
    if not ok:
        if rule is None:
            left, right = ("(" if lo_open else "[", ")" if hi_open else "]")
            rule = f"a number in {left}{lo:g}, {hi:g}{right}"
        raise ArgumentError(f"{name} must be {rule}, not {_show(value)}.")
    return float(value)


def whole(value, name: str, lo: int | None = None, hi: int | None = None, rule: str | None = None) -> int:
    """``value`` as an ``int``: a whole number (``int`` or numpy integer; not ``bool``, not a
    float) from ``lo`` to ``hi`` (inclusive; ``None`` for no bound)."""
    ok = _is_whole_type(value) and (lo is None or value >= lo) and (hi is None or value <= hi)
    if not ok:
        if rule is None:
            rule = "a whole number" + (
                f" from {lo} to {hi}" if lo is not None and hi is not None
                else f", at least {lo}" if lo is not None else f", at most {hi}" if hi is not None else ""
            )
        hint = f" (write {int(value)}, not {value!r})" if _is_real(value) and float(value).is_integer() and not _is_whole_type(value) else ""
        raise ArgumentError(f"{name} must be {rule}, not {_show(value)}{hint}.")
    return int(value)


def numeric(value, name: str) -> np.ndarray:
    """``value`` (a number, a list, an array or a column of numbers) as a numpy array of integers or
    floats; strings, ``None``, booleans and objects are refused, naming ``name``."""
    a = np.asarray(value)
    if a.dtype.kind not in "iuf":
        raise ArgumentError(f"{name} must be numbers (one number, or a list, array or column of them), "
                            f"not {_show(value)}.")
    return a


def grid_parts(step, name: str = "step", lo: float = 0.01) -> int:
    """The number of parts ``n`` into which ``step`` divides 1 (``step`` = 1/n): ``step`` must be a
    real number from ``lo`` to 1 whose reciprocal is a whole number (to within 1e-6)."""
    rule = f"a number from {lo:g} to 1 that divides 1 into whole parts (0.05, 0.1, 0.25 ...)"
    value = number(step, name, lo, 1, rule=rule)
    n = round(1 / value)
    if abs(n * value - 1) > 1e-6:
        raise ArgumentError(f"{name} must be {rule}, not {_show(step)}.")
    return n


def flag(value, name: str) -> bool:
    """A switch: ``True`` or ``False`` (numpy booleans too); anything else is refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentError(f"{name} must be True or False, not {_show(value)}.")
    return bool(value)


def spec(value, name: str = "spec"):
    """A :class:`bot_core.criteria.CriteriaSpec`, or ``None`` (the caller's default), unchanged; a
    falsy or other value (``0``, ``[]``, a string) is refused, never read as the default."""
    from bot_core.criteria import CriteriaSpec

    if value is not None and not isinstance(value, CriteriaSpec):
        raise ArgumentError(f"{name} must be a CriteriaSpec (or None for the default), not {type(value).__name__}; "
                            "make one with bot_core.criteria.CriteriaSpec(...).")
    return value


# --- weights -----------------------------------------------------------------------------------


def weight_values(value, labels: Sequence[str], name: str = "weights") -> np.ndarray:
    """The weights as given (not normalised), one per label in the order of ``labels``, checked
    (see the module docstring): a float64 array of finite, non-negative numbers, not all zero."""
    n = len(labels)
    listing = ", ".join(labels)
    if isinstance(value, (Mapping, pd.Series)):
        keys = list(value.keys())
        unknown = [k for k in keys if k not in labels]
        if unknown:
            raise ArgumentError(f"{name}: unknown criteria {unknown}; label each weight with one of {listing}.")
        if len(set(keys)) != len(keys):
            raise ArgumentError(f"{name}: a criterion is given more than once ({keys}); give each once.")
        values = [value[k] if k in keys else 0.0 for k in labels]
        shown = {k: value[k] for k in keys}
    elif isinstance(value, (str, bytes, set, frozenset)) or _is_real(value) or value is None:
        raise ArgumentError(
            f"{name} must be a mapping such as {{'{labels[0]}': 1, ...}} or {n} numbers in the order {listing}, "
            f"not {_show(value)}" + (" (a set has no order)" if isinstance(value, (set, frozenset)) else "") + "."
        )
    else:
        if isinstance(value, np.ndarray) and value.ndim != 1:
            raise ArgumentError(f"{name} must be {n} numbers in a flat (1-D) array, not an array of shape {value.shape}.")
        try:
            values = list(value)
        except TypeError:
            raise ArgumentError(f"{name} must be a mapping or {n} numbers in the order {listing}, not {_show(value)}.") from None
        if len(values) != n:
            raise ArgumentError(f"{name}: give {_count(n)} weights, one for each of {listing}; got {len(values)}.")
        shown = dict(zip(labels, values))
    bad = [v for v in values if not _is_real(v)]
    if bad:
        raise ArgumentError(f"{name} must be real numbers; got {_show(shown, 200)}.")
    w = np.array([float(v) for v in values], dtype="float64")
    if not np.isfinite(w).all():
        raise ArgumentError(f"{name} must be finite numbers (no NaN or infinity); got {_show(shown, 200)}.")
    if (w < 0).any():
        raise ArgumentError(f"{name} cannot be negative; got {_show(shown, 200)}.")
    if not (w > 0).any():
        raise ArgumentError(f"{name}: at least one weight must be positive; all {_count(n)} are zero.")
    return w


def scaled(w: np.ndarray) -> np.ndarray:
    """``w`` times the power of two that brings its largest value into [0.5, 1): exact (no
    rounding, bar parts below 2**-1022 of the largest), so ratios and every quotient of sums are
    unchanged, and a sum of the result cannot overflow."""
    _, e = np.frexp(np.max(w))
    return np.ldexp(w, -int(e))


def normalised(w: np.ndarray) -> np.ndarray:
    """Checked weights (:func:`weight_values`) as shares summing to 1, with no overflow: the
    same bits as ``w / w.sum()`` whenever that sum is finite."""
    v = scaled(np.asarray(w, dtype="float64"))
    return v / v.sum()


def weights(value, labels: Sequence[str], name: str = "weights") -> np.ndarray:
    """Checked weights (:func:`weight_values`) as shares summing to 1 (:func:`normalised`)."""
    return normalised(weight_values(value, labels, name))


# --- state codes and years ---------------------------------------------------------------------


@functools.cache
def _known_codes() -> frozenset:
    from bot_core import panel

    return frozenset(panel.state_years().ccode.unique().tolist())


def _items(value, is_one, refused: tuple, message: str) -> list:
    """``value`` as a list of items: ``[value]`` when ``is_one(value)`` (a lone item, e.g. one
    string), else its items; ``None``, a number, an instance of ``refused`` or a non-iterable
    raise :class:`ArgumentError` with ``message``."""
    if is_one(value):
        return [value]
    if value is None or isinstance(value, refused) or _is_real(value):
        raise ArgumentError(message)
    try:
        return list(value)
    except TypeError:
        raise ArgumentError(message) from None


def duplicated_columns(df: pd.DataFrame) -> list[str]:
    """The names that label more than one column of ``df``, sorted."""
    return sorted({str(c) for c in df.columns[df.columns.duplicated()]})


def code(value, name: str = "ccode") -> int:
    """One COW state code (see the module docstring)."""
    if not _is_whole_type(value):
        hint = ""
        if isinstance(value, str) and value.strip().lstrip("-").isascii() and value.strip().lstrip("-").isdigit():
            hint = f" (write {int(value)}, without quotes)"
        elif _is_real(value) and np.isfinite(float(value)) and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        raise ArgumentError(f"{name} must be a COW state code, a whole number such as 2 or 365, not {_show(value)}{hint}.")
    if int(value) not in _known_codes():
        raise ArgumentError(f"{name}: {int(value)} is not a COW state code; bot_core.explorer.names() lists them.")
    return int(value)


def codes(value, name: str = "states") -> list[int]:
    """COW state codes, in the order given: the keys of a mapping, an iterable of codes, or a
    lone code (one item). At least one is required."""
    message = f"{name} must be COW state codes, e.g. [2, 365] or {{2: 'USA'}}, not {_show(value)}."
    items = list(value.keys()) if isinstance(value, Mapping) else _items(value, _is_whole_type, (str, bytes), message)
    if not items:
        raise ArgumentError(f"{name}: give at least one state (a COW state code).")
    for v in items:
        if not _is_whole_type(v):
            code(v, f"{name} (item {_show(v)})")  # raises, saying why
    unknown = [int(v) for v in items if int(v) not in _known_codes()]
    if unknown:
        raise ArgumentError(f"{name}: {unknown} are not COW state codes; bot_core.explorer.names() lists them.")
    return [int(v) for v in items]


def year(value, name: str = "year", span: tuple[int, int] | None = None, what: str = "the data") -> int:
    """One year: a whole number inside ``span`` (default: the COW state system, 1816-2016)."""
    lo, hi = span if span is not None else _span()
    if not _is_whole_type(value):
        hint = ""
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            hint = f" (write {int(value)}, without quotes)"
        elif _is_real(value) and np.isfinite(float(value)) and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        raise ArgumentError(f"{name} must be a whole number, a year in {lo}-{hi}, not {_show(value)}{hint}.")
    if not lo <= int(value) <= hi:
        raise ArgumentError(f"{name} {int(value)} is outside {what} ({lo}-{hi}); choose a year in that range.")
    return int(value)


def _span() -> tuple[int, int]:
    from bot_core import panel

    return panel.FIRST_YEAR, panel.LAST_YEAR


def years(value, name: str = "years", span: tuple[int, int] | None = None, what: str = "the data",
          pair_is_span: bool = False) -> list[int]:
    """Years as a sorted list without repeats (see the module docstring). With ``pair_is_span``
    a tuple of two whole numbers is the span ``(first, last)``, both included."""
    lo, hi = span if span is not None else _span()
    if pair_is_span and isinstance(value, tuple) and len(value) == 2:
        first, last = (year(v, f"{name} ({label} year of the pair)", (lo, hi), what)
                       for v, label in zip(value, ("first", "last")))
        if first > last:
            raise ArgumentError(f"{name}: the pair ({first}, {last}) runs backwards; give (first, last) with the "
                                "earlier year first.")
        return list(range(first, last + 1))
    example = "(1946, 1991) or [1950, 1960]" if pair_is_span else "[1950, 1960] or range(1946, 1992)"
    items = _items(value, _is_whole_type, (str, bytes, Mapping), f"{name} must be whole years such as {example}, "
                   f"not {_show(value)}.")
    if not items:
        raise ArgumentError(f"{name}: give at least one year ({lo}-{hi}).")
    return sorted({year(v, f"{name} (item {_show(v)})", (lo, hi), what) for v in items})


# --- frames and names --------------------------------------------------------------------------


def require_columns(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise a clear error unless ``df`` is a non-empty DataFrame with ``columns``.

    The check of the frames the statistics (:mod:`bot_core.stats`) and the chart builders
    (:mod:`bot_core.charts`) take; its :class:`~bot_core.errors.ArgumentError` is a
    :class:`TypeError` for what is not a frame and a :class:`ValueError` for the rest, as the
    builders have always raised."""
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"{name} must be a pandas DataFrame, not {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ArgumentError(
            f"{name} is missing the column(s) {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(repr, df.columns)) or 'none'}."
        )
    if df.empty:
        raise ArgumentError(f"{name} has no rows.")


def require_unique_keys(df: pd.DataFrame, keys: list[str], name: str) -> None:
    """Raise a clear error if ``df`` has more than one row for some combination of ``keys``."""
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        examples = df.loc[dup, keys].drop_duplicates().head(3).to_dict("records")
        raise ArgumentError(f"{name} has more than one row for some ({', '.join(keys)}): {examples}.")


def require_shares(df: pd.DataFrame, column: str, name: str) -> None:
    """Raise a clear error unless ``df[column]`` holds numbers between 0 and 1, none missing."""
    v = pd.to_numeric(df[column], errors="coerce")
    if v.isna().any() or ((v < 0) | (v > 1)).any():
        raise ArgumentError(f"{name}[{column!r}] must hold numbers between 0 and 1.")


def require_counts(df: pd.DataFrame, column: str, name: str) -> None:
    """Raise a clear error unless ``df[column]`` holds positive whole numbers, none missing."""
    n = pd.to_numeric(df[column], errors="coerce")
    if n.isna().any() or (n < 1).any() or (n != np.round(n)).any():
        raise ArgumentError(f"{name}[{column!r}] must hold positive whole numbers.")


def frame(df, name: str, columns: Iterable[str] = (), *, integer: Iterable[str] = (), real: Iterable[str] = (),
          hint: str = "") -> pd.DataFrame:
    """``df`` checked: a DataFrame with unique column names and ``columns``; the ``integer``
    columns hold integers without missing values, the ``real`` columns real numbers (missing
    values allowed). ``hint`` says where a good frame comes from (added to the errors)."""
    more = f" {hint}" if hint else ""
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"{name} must be a pandas DataFrame, not {type(df).__name__}.{more}")
    dup = duplicated_columns(df)
    if dup:
        raise ArgumentError(f"{name} has more than one column named {', '.join(map(repr, dup))}; drop or rename the "
                            "copies first.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ArgumentError(f"{name} lacks the columns {', '.join(map(repr, missing))}; it has "
                            f"{', '.join(map(repr, map(str, df.columns))) or 'none'}.{more}")
    for c in integer:
        s = df[c]
        if not pd.api.types.is_integer_dtype(s) or s.isna().any():
            raise ArgumentError(f"{name}: column {c!r} must hold integers with no missing values, not {s.dtype}.{more}")
    for c in real:
        s = df[c]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            raise ArgumentError(f"{name}: column {c!r} must hold numbers, not {s.dtype}.{more}")
    return df


def names(value, name: str, choices: Sequence[str], *, allow_empty: bool = False, noun: str = "names") -> tuple[str, ...]:
    """Names from ``choices``, as a tuple in the order given: a single string is one name; else
    an iterable of strings. Unknown names are refused, listing the choices (``noun`` says what
    they are in the error, e.g. ``"pledge types"``)."""
    items = _items(value, lambda v: isinstance(v, str), (bytes, Mapping),
                   f"{name} must be one of {', '.join(choices)} or a list of them, not {_show(value)}.")
    bad = [v for v in items if not isinstance(v, str) or v not in choices]
    if bad:
        raise ArgumentError(f"{name}: unknown {noun} {_show(bad)}; choose from {', '.join(choices)}.")
    if not items and not allow_empty:
        raise ArgumentError(f"{name}: give at least one of {', '.join(choices)}.")
    return tuple(items)
