"""Figure of Part I (the theory): where the two theories name the same danger.

:func:`bot_core.stats.agreement_table` (also importable from here, its old home) turns
:mod:`bot_core.theories` output into the tidy frame that :func:`danger_agreement` draws: per year
and region, the share of states whose balance-of-power danger is also their top threat (a line
chart; a menu highlights one series, the pointer picks a year). Part I's figure of classified alliance onsets is drawn by
:func:`bot_core.charts.evaluation.onset_label_shares`, which Part IV uses too.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import (faded_unless, finish, nearest_hover, picked_lines, pointer_catcher, require_colours,
                                  require_columns, require_unique_keys, series_colour, series_dash, year_axis)
from bot_core.stats import ALL_STATES, agreement_table  # noqa: F401 (also exported here, their old home)

__all__ = [
    "AGREEMENT_HOVER_PARAM",
    "ALL_STATES",
    "REGION_PARAM",
    "agreement_table",
    "danger_agreement",
]

#: Name of the menu parameter of :func:`danger_agreement` (the highlighted series).
REGION_PARAM = "region_pick"
#: Name of the hover parameter of :func:`danger_agreement` (the year under the pointer).
AGREEMENT_HOVER_PARAM = "agreement_hover"

_TOLERANCE = 1e-6


# --- where the theories agree ---------------------------------------------------------------------


def danger_agreement(
    frame: pd.DataFrame,
    *,
    min_states: int = 5,
    highlight: str | None = None,
    highlight_year: int | None = None,
    description: str | None = None,
    width: int = 600,
    height: int = 280,
) -> alt.LayerChart:
    """Lines over time: the share of states whose balance-of-power danger is their top threat.

    Parameters
    ----------
    frame
        One row per ``year`` and ``region`` (any series name) with ``share`` (0-1) and
        ``states`` (the number of states the share is taken over), as from
        :func:`agreement_table`. Series are drawn in order of first appearance.
    min_states
        Years in which a series rests on fewer states are left out (a share of one or two
        states jumps between 0 and 1 and says little).
    highlight
        The series the menu highlights when the chart first appears (default: none, every series
        drawn alike).
    highlight_year
        The year the hover rule marks when the chart first appears (default: the last year).
    description
        Alternative text for the figure; a generic one is used if none is given.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are the rows of ``frame`` with at least ``min_states`` states (columns ``year``,
        ``region``, ``share``, ``states``), sorted by series and year. A menu
        (parameter :data:`REGION_PARAM`, bound to a select input) highlights one series; the
        pointer picks the nearest year (parameter :data:`AGREEMENT_HOVER_PARAM`), marked by a
        rule whose tooltip lists every series in that year.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty (or empty after ``min_states``), a
        (``year``, ``region``) pair repeats, a share lies outside 0-1, there are more series
        than colours, or ``highlight`` or ``highlight_year`` is not in the data.
    """
    data, series, highlight_year = _agreement_data(frame, min_states, highlight_year, highlight)
    pick = alt.selection_point(
        name=REGION_PARAM, fields=["region"],
        bind=alt.binding_select(options=[None, *series], labels=["all series", *series], name="Highlight: "),
        **({"value": [{"region": highlight}]} if highlight is not None else {}))
    hover = nearest_hover(AGREEMENT_HOVER_PARAM, clear=False, value=highlight_year)
    x = year_axis(nice=False)
    y = alt.Y("share:Q", title="States whose two dangers coincide (%)", axis=alt.Axis(format=".0%"),
              scale=alt.Scale(domain=[0, 1]))
    colour = series_colour("region:N", series, title=None, legend=alt.Legend(
        orient="bottom", direction="horizontal", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400,
        labelFontSize=12, columns=min(len(series), 3)))
    dash = series_dash("region:N", series, title=None)
    base = alt.Chart(data)
    lines = picked_lines(base, pick, x=x, y=y, colour=colour, dash=dash, fade=0.2, width=2)
    catcher = pointer_catcher(base, x, hover)
    rule, readout = _agreement_readings(base, hover, series, x)
    dots = _agreement_dots(base, x, y, colour, pick, hover)
    if description is None:
        description = (
            "Line chart over years: for each series, the share of states whose balance-of-power "
            "danger is the same state as their top threat."
        )
    return finish(
        alt.layer(lines, catcher, rule, dots, readout)
        .properties(width=width, height=height, description=description,
                    autosize=alt.AutoSizeParams(type="pad", resize=True))
    )


def _agreement_dots(base, x, y, colour, pick, hover):
    """The dots at the hovered year, faded unless their series is highlighted."""
    dots = base.mark_point(filled=True, size=50).encode(
        x=x, y=y, color=colour,
        opacity=faded_unless(pick, 0.2),
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("region:N", title="Series"),
            alt.Tooltip("share:Q", title="Same danger", format=".0%"),
            alt.Tooltip("states:Q", title="States", format="d"),
        ],
    ).transform_filter(hover)
    return dots


def _agreement_readings(base, hover, series, x):
    """The rule at the hovered year (its tooltip lists every series) and the readout printed above the chart."""
    # the pivoted columns are named after the series; copy them to plain names for the tooltip
    tooltip = [alt.Tooltip("year:Q", title="Year", format="d")] + [
        alt.Tooltip(f"s{i}:Q", title=s, format=".0%") for i, s in enumerate(series)
    ]
    rule = (
        base.transform_filter(hover)
        .transform_pivot("region", value="share", groupby=["year"])
        .transform_calculate(**{f"s{i}": f"datum[{_js_string(s)}]" for i, s in enumerate(series)})
        .mark_rule(color="#555555", strokeWidth=1.5)
        .encode(x=x, tooltip=tooltip)
    )
    parts = [
        f"(isValid(datum[{_js_string(s)}]) ? {_js_string(s + ' ')} + format(datum[{_js_string(s)}], '.0%') "
        f": {_js_string(s + ' n/a')})"
        for s in series
    ]
    half = (len(parts) + 1) // 2
    readout_expr = (
        "datum.year + ':  ' + " + " + '  \u00b7  ' + ".join(parts[:half])
        + (" + '\\n' + " + " + '  \u00b7  ' + ".join(parts[half:]) if parts[half:] else "")
    )
    readout = (
        base.transform_filter(hover)
        .transform_pivot("region", value="share", groupby=["year"])
        .transform_calculate(readout=readout_expr)
        .mark_text(align="left", baseline="bottom", fontSize=12, color="#333333", lineBreak="\n", lineHeight=16)
        .encode(x=alt.value(0), y=alt.value(-6), text="readout:N")
    )
    return rule, readout


def _agreement_data(frame, min_states, highlight_year, highlight):
    """The series with at least ``min_states`` states (checked), sorted by series and year; the series and the year first shown."""
    require_columns(frame, ["year", "region", "share", "states"], "frame")
    require_unique_keys(frame, ["year", "region"], "frame")
    if isinstance(min_states, bool) or not isinstance(min_states, (int, np.integer)) or min_states < 1:
        raise ValueError(f"min_states must be a whole number, at least 1, not {min_states!r}.")
    share = pd.to_numeric(frame["share"], errors="coerce")
    if share.isna().any() or ((share < 0) | (share > 1)).any():
        raise ValueError("share must be a number between 0 and 1 in every row.")
    series = [str(s) for s in pd.unique(frame["region"])]
    require_colours(series, "series")
    order = {s: i for i, s in enumerate(series)}
    data = (
        frame.loc[frame["states"] >= min_states, ["year", "region", "share", "states"]]
        .assign(region=lambda d: d["region"].astype(str))
        .assign(_order=lambda d: d["region"].map(order))
        .sort_values(["_order", "year"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    if data.empty:
        raise ValueError(f"no series has {min_states} or more states in any year; lower min_states.")
    data["year"] = data["year"].astype("int64")
    data["states"] = data["states"].astype("int64")
    data["share"] = data["share"].astype("float64")
    series = [s for s in series if s in set(data["region"])]
    years = sorted(data["year"].unique().tolist())
    if highlight_year is None:
        highlight_year = years[-1]
    if highlight_year not in years:
        raise ValueError(f"highlight_year {highlight_year!r} is not in the data ({years[0]}–{years[-1]}).")
    if highlight is not None and highlight not in series:
        raise ValueError(f"highlight {highlight!r} is not a series in the data ({', '.join(series)}).")
    return data, series, highlight_year


def _js_string(text: str) -> str:
    """``text`` as a string literal of a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


# --- how onsets classify --------------------------------------------------------------------------
