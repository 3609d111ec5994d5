"""What every chart builder shares: the palette, dash patterns and checks of its input.

Every builder takes tidy :class:`pandas.DataFrame` objects, checks that they hold the columns it
needs (raising :class:`ValueError` that names what is missing), and *returns* an altair chart. It
never displays anything: the caller shows the chart, saves it, or composes it with others.

Interactivity lives in Vega-Lite parameters inside the returned specification, so a figure keeps
working in the book's static HTML pages with no running kernel.

Colours follow the Okabe–Ito palette, which stays distinguishable under the common forms of
colour-vision deficiency; each series also gets its own dash pattern, so the figures read in
greyscale too.

The kit every builder is written from (check → data → one function per panel → compose):

* :func:`finish`: the figures' frame and axis style, applied once to the composed chart;
* :func:`series_colour` and :func:`series_dash`: one Okabe–Ito colour and one dash pattern per
  series, in order; :func:`require_colours`, the check that the series are few enough for them;
* :func:`year_axis`: a horizontal axis of whole years;
* :func:`nearest_hover`: the pointer selection that picks the nearest year (or other field), and
  :func:`pointer_catcher`, the invisible layer that feeds it;
* :func:`faded_unless`: full strength where a selection holds, faded elsewhere (a series picked
  out in the legend or a menu), and :func:`picked_lines`, the series lines drawn that way;
* :func:`opening_choice`: the option a menu opens on, checked;
* :func:`shared_params`: compose panels that share one parameter (altair merges the copies);
* :func:`interval_dots`: a dot with its interval bar, the layer pair of the coefficient figures;
* :func:`weights_note`: the line above a weights figure that gives the chosen weights as shares.
"""

from __future__ import annotations

import contextlib
import json
import math
import numbers
import warnings

import altair as alt

import numpy as np

from bot_core._args import require_columns, require_counts, require_shares, require_unique_keys  # the shared frame checks

__all__ = ["DASHES", "NOISE_DECIMALS", "OKABE_ITO", "faded_unless", "finish", "interval_dots", "js", "js_list",
           "nearest_hover", "opening_choice", "picked_lines", "pointer_catcher", "require_colours", "require_columns", "require_counts", "require_shares",
           "require_unique_keys", "rounded", "series_colour", "series_dash", "shared_params",
           "weights_note", "year_axis"]

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


def finish(chart, *, grid: bool | None = True, fonts: bool = True, grid_opacity: float | None = 0.4):
    """``chart`` in the book's frame and axis style: no frame around the view; axis labels at 11
    and titles at 12 points (unless ``fonts`` is false); grid lines shown (``grid=True``), hidden
    (``False``) or left to Vega-Lite (``None``); grid lines at ``grid_opacity`` (``None``: Vega-Lite's)."""
    axis = {"labelFontSize": 11, "titleFontSize": 12} if fonts else {}
    if grid is not None:
        axis["grid"] = grid
    if grid_opacity is not None:
        axis["gridOpacity"] = grid_opacity
    chart = chart.configure_view(stroke=None)
    return chart.configure_axis(**axis) if axis else chart


def require_colours(values, what: str) -> None:
    """Raise a clear error if ``values`` (one per series) are more than the Okabe–Ito colours can
    tell apart; ``what`` names them in the message (``"series"``, ``"forms"``...)."""
    if len(values) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} {what} can be told apart; got {len(values)}.")


def series_colour(field: str, domain: list, **kwargs) -> alt.Color:
    """The colour channel of ``field``: the i-th value of ``domain`` in the i-th Okabe–Ito colour
    (at most seven series). ``kwargs`` (title, legend, sort...) go to :class:`altair.Color`."""
    if len(domain) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} series can be told apart by colour; got {len(domain)}.")
    return alt.Color(field, scale=alt.Scale(domain=list(domain), range=list(OKABE_ITO[: len(domain)])), **kwargs)


def series_dash(field: str, domain: list, **kwargs) -> alt.StrokeDash:
    """The dash channel of ``field``, paired with :func:`series_colour`: the i-th value of
    ``domain`` in the i-th pattern of :data:`DASHES`. ``kwargs`` go to :class:`altair.StrokeDash`."""
    if len(domain) > len(DASHES):
        raise ValueError(f"at most {len(DASHES)} series can be told apart by dash; got {len(domain)}.")
    return alt.StrokeDash(field, scale=alt.Scale(domain=list(domain), range=[list(d) for d in DASHES[: len(domain)]]),
                          **kwargs)


def year_axis(field: str = "year:Q", title: str | None = "Year", **scale) -> alt.X:
    """A horizontal axis of whole years (no fractional ticks); ``scale`` (domain, nice, zero...)
    goes to :class:`altair.Scale`."""
    return alt.X(field, title=title, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(**scale))


def nearest_hover(name: str, fields=("year",), *, clear="pointerout", value=None, nearest: bool = True):
    """The pointer selection named ``name`` that picks the datum nearest the pointer (by
    ``fields``), empty until the pointer comes; ``clear``: the event that empties it (``False``:
    it stays); ``value``: the year (or record) it starts on."""
    kwargs = {} if value is None else {"value": [{"year": int(value)}] if not isinstance(value, (list, dict)) else value}
    if nearest:
        kwargs["nearest"] = True
    return alt.selection_point(name=name, fields=list(fields), on="pointerover", clear=clear, empty=False, **kwargs)


def pointer_catcher(base, x, hover):
    """An invisible point at every datum of ``base`` along ``x``: the layer that lets ``hover``
    (a :func:`nearest_hover` selection) find the year nearest the pointer."""
    return base.mark_point(opacity=0, size=1).encode(x=x).add_params(hover)


def faded_unless(selection, fade: float):
    """The opacity of marks whose series can be picked out: full (1.0) where ``selection`` holds
    (or while it is empty), ``fade`` elsewhere."""
    return alt.condition(selection, alt.value(1.0), alt.value(fade))


def picked_lines(base, pick, *, x, y, colour, dash, fade: float, width: float, params=(), **channels):
    """The series lines of a figure whose legend (or menu) picks one out: lines ``width`` wide in
    each series' ``colour`` and ``dash``, faded to ``fade`` unless picked (:func:`faded_unless`).
    The layer carries ``pick``, after any other ``params``; ``channels`` (``detail``...) go to the
    encoding."""
    return (
        base.mark_line(strokeWidth=width)
        .encode(x=x, y=y, color=colour, strokeDash=dash, **channels, opacity=faded_unless(pick, fade))
        .add_params(*params, pick)
    )


def opening_choice(value, options: list, what: str):
    """The option a menu opens on: ``value``, or the first of ``options`` if ``value`` is None;
    ``ValueError`` (naming ``what`` and the options) if it is not one of them."""
    if value is None:
        value = options[0]
    if value not in options:
        raise ValueError(f"{what} {value!r} is not in the data; the {what}s are {options}.")
    return value


@contextlib.contextmanager
def shared_params():
    """Compose panels that share a parameter: altair merges the copies into one top-level
    parameter and warns that it did so; the sharing is deliberate, so the warning is silenced."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Automatically deduplicated selection parameter")
        yield


def interval_dots(base, *, x, y, colour, tooltip, x_lo="x_lo:Q", x_hi="x_hi:Q", y_offset=None):
    """A dot per estimate with its interval bar: the pair of layers ``(bars, dots)`` drawn from
    ``base`` (which holds the estimate ``x`` and the interval ``x_lo`` to ``x_hi``). ``x`` is the
    dots' channel; the bars' channel is ``x_lo`` (a channel, or a field as text), ``y`` and
    ``colour`` are shared, ``y_offset`` (if given) sets series apart within a row."""
    offset = {} if y_offset is None else {"yOffset": y_offset}
    bars = base.mark_rule(strokeWidth=2).encode(x=x_lo, x2=x_hi, y=y, **offset, color=colour)
    dots = base.mark_point(filled=True, size=60).encode(x=x, y=y, **offset, color=colour, tooltip=tooltip)
    return bars, dots


def weights_note(weights, width: int, suffix: str = "") -> alt.Chart:
    """The line above a figure driven by four weight sliders that gives the chosen weights as
    shares of their sum: ``weights`` maps each slider's parameter name to the label of its
    weight, in order; ``suffix``, an expression added to the line after the shares (the line asks
    for a non-zero weight when all are zero)."""
    wsum = " + ".join(weights)
    shares = " + ', ' + ".join(f"'{label} ' + format({name} / ({wsum}), '.0%')" for name, label in weights.items())
    return (
        alt.Chart(alt.InlineData(values=[{"n": 1}]))
        .transform_calculate(message=f"{wsum} > 0 ? 'Weights as shares: ' + {shares}{suffix} "
                                     f": 'All four weights are zero: raise at least one.'")
        .mark_text(align="left", baseline="top", fontSize=12, color="#333333")
        .encode(x=alt.value(0), y=alt.value(0), text="message:N")
        .properties(width=width, height=16)
    )
