"""What every chart builder shares: the palette, dash patterns and checks of its input.

Every builder takes tidy :class:`pandas.DataFrame` objects, checks that they hold the columns it
needs (raising :class:`ValueError` that names what is missing), and *returns* an altair chart. It
never displays anything: the caller shows the chart, saves it, or composes it with others.

Interactivity lives in Vega-Lite parameters inside the returned specification, so a figure keeps
working in the book's static HTML pages with no running kernel.

Colours follow the Okabe–Ito palette, which stays distinguishable under the common forms of
colour-vision deficiency; each series also gets its own dash pattern, so the figures read in
greyscale too.
"""

from __future__ import annotations

import json
import math
import numbers

import numpy as np
import pandas as pd

from bot_core._args import require_columns, require_unique_keys  # the shared frame checks

__all__ = ["DASHES", "NOISE_DECIMALS", "OKABE_ITO", "js", "js_list", "require_columns", "require_unique_keys",
           "rounded"]

#: Decimal places below which two values count as the same (float noise): the places at which
#: :mod:`bot_core.threat` compares indices (``TIE_DECIMALS``; a test keeps the two equal).
NOISE_DECIMALS = 9

#: The Okabe–Ito palette without black (blue, vermillion, bluish green, orange, reddish purple,
#: sky blue, yellow), in the order the book assigns it to series.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442")
#: Dash patterns paired with :data:`OKABE_ITO` (solid first).
DASHES = ((1, 0), (6, 3), (2, 2), (8, 3, 2, 3), (1, 3), (10, 4), (4, 1))


def js(value, quote: str = '"') -> str:
    """``value`` as a literal of a Vega expression: the one way the chart builders write a value
    into an expression or spec text.

    Numbers (numpy scalars included) become plain JSON numbers, so that ``np.float64(0.01)`` is
    written ``0.01`` (Python's ``repr`` would write ``np.float64(0.01)``, which Vega cannot
    parse); strings are JSON-encoded, so that quotes, backslashes and expression syntax in a
    label stay text (the line and paragraph separators U+2028 and U+2029, which JSON allows raw
    but Vega's expression parser reads as line ends, are written as escapes). ``quote="'"`` gives a single-quoted string (the same characters as Python's
    ``repr`` for a plain label). Infinite or missing numbers raise ``ValueError``.
    """
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (numbers.Integral, np.integer)):
        return json.dumps(int(value))
    if isinstance(value, (numbers.Real, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            raise ValueError(f"cannot write the number {value!r} into a chart expression: it is not finite.")
        return json.dumps(v)
    if isinstance(value, str):
        # U+2028 and U+2029 are valid in JSON strings but end a line for Vega's expression parser
        text = json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        if quote == "'":
            text = "'" + text[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
        return text
    raise TypeError(f"cannot write {type(value).__name__} {value!r} into a chart expression; give a number or a string.")


def js_list(values, quote: str = '"') -> str:
    """A Vega expression array of ``values``, each written by :func:`js`."""
    return "[" + ", ".join(js(v, quote) for v in values) + "]"


def rounded(values, decimals: int):
    """``values`` (an array, Series or frame) rounded to ``decimals`` places for a chart, the same
    on every processor: first to :data:`NOISE_DECIMALS` places, then to ``decimals``. Rounding once
    would let float noise carry a value lying on a rounding boundary (0.01875, an exact fraction
    of the data) to either side (0.0187 or 0.0188); the first rounding absorbs the noise."""
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or not 0 <= decimals < NOISE_DECIMALS:
        raise ValueError(f"decimals must be a whole number from 0 to {NOISE_DECIMALS - 1}, not {decimals!r}.")
    return np.round(np.round(values, NOISE_DECIMALS), int(decimals))
