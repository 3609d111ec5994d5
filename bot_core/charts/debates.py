"""Figures of the Part IV chapters on the alliance debates (weak states and bandwagoning for profit;
interests, identity and domestic threats; soft balancing).

* :func:`rate_dots`: the share of rows for which an outcome holds, by group and by series (say,
  revisionist and status quo states), with Wilson intervals, as :func:`bot_core.stats.compare_rates`
  computes it (also importable from here, its old home); a menu switches between outcomes, a click
  on the legend highlights one series.
* :func:`leader_allies`: year by year, the share of the other great powers allied with each of
  two leading states (say, the leading land power and the leading sea power); a menu switches
  between readings of who leads, the pointer picks a year.
"""

from __future__ import annotations


import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import (faded_unless, finish, nearest_hover, require_colours, require_columns,
                                  require_unique_keys, series_colour, series_dash, shared_params)
from bot_core.stats import compare_rates, rate_table  # noqa: F401 (compare_rates also exported here, its old home)

__all__ = [
    "LEADER_HOVER_PARAM",
    "LEADER_READING_PARAM",
    "RATE_MEASURE_PARAM",
    "RATE_SERIES_PARAM",
    "compare_rates",
    "leader_allies",
    "rate_dots",
]

#: Name of the menu parameter of :func:`rate_dots` (the outcome shown).
RATE_MEASURE_PARAM = "rate_measure"
#: Name of the legend selection of :func:`rate_dots` (the highlighted series).
RATE_SERIES_PARAM = "rate_series"
#: Name of the menu parameter of :func:`leader_allies` (the reading of who leads).
LEADER_READING_PARAM = "leader_reading"
#: Name of the hover parameter of :func:`leader_allies` (the year under the pointer).
LEADER_HOVER_PARAM = "leader_year"

_SHAPES = ("circle", "diamond", "square", "triangle-up", "cross", "triangle-down", "wedge")


def rate_dots(
    rates: pd.DataFrame,
    *,
    x_title: str = "Share of the group",
    series_title: str | None = None,
    group_title: str | None = None,
    description: str | None = None,
    width: int = 420,
    height: int = 220,
) -> alt.LayerChart:
    """Dots with 95% intervals: a rate per group (rows) and series (colours), one outcome at a time.

    Parameters
    ----------
    rates
        The output of :func:`compare_rates` (columns ``measure``, ``group``, ``order``, ``series``,
        ``k``, ``n``, ``rate``, ``low``, ``high``), one row per measure, group and series.
    x_title, series_title, group_title
        Titles of the horizontal axis, the legend and the vertical axis.
    description
        Alternative text for the figure; a generic one is used if none is given.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``rates``. A menu (parameter :data:`RATE_MEASURE_PARAM`, starting on the first
        measure) chooses the outcome shown; clicking a legend entry (parameter
        :data:`RATE_SERIES_PARAM`) highlights that series; hovering over a dot shows its counts.
    """
    cols = ["measure", "group", "order", "series", "k", "n", "rate", "low", "high"]
    require_columns(rates, cols, "rates")
    require_unique_keys(rates, ["measure", "group", "series"], "rates")
    bad = rates[(rates["low"] > rates["rate"] + 1e-12) | (rates["high"] < rates["rate"] - 1e-12)
                | (rates["k"] > rates["n"]) | (rates["n"] <= 0)]
    if len(bad):
        raise ValueError("every rate must be k / n with n > 0 and lie within its interval; not so for "
                         f"{bad[['measure', 'group', 'series']].to_dict('records')[:3]}.")
    data = rates[cols].reset_index(drop=True).astype({"group": str, "series": str, "measure": str})
    measures = list(pd.unique(data["measure"]))
    serieses = list(pd.unique(data["series"]))
    require_colours(serieses, "series")

    measure = alt.param(name=RATE_MEASURE_PARAM, value=measures[0],
                        bind=alt.binding_select(options=measures, name="Outcome: "))
    pick = alt.selection_point(name=RATE_SERIES_PARAM, fields=["series"], bind="legend")
    # the scale follows the outcome shown (the data left after the menu's filter), from zero
    x_scale = alt.Scale(zero=True, nice=True)
    x = alt.X("rate:Q", title=x_title, scale=x_scale, axis=alt.Axis(format=".0%"))
    y = alt.Y("group:N", title=group_title, sort=alt.EncodingSortField("order", order="ascending"),
              axis=alt.Axis(labelLimit=260))
    offset = alt.YOffset("series:N", sort=serieses, scale=alt.Scale(domain=serieses, paddingOuter=0.6))
    colour = series_colour("series:N", serieses, title=series_title, sort=serieses, legend=alt.Legend(
        orient="top", direction="horizontal", labelFontSize=12, titleFontSize=12, labelLimit=320))
    shape = alt.Shape("series:N", sort=serieses, legend=None,
                      scale=alt.Scale(domain=serieses, range=list(_SHAPES[: len(serieses)])))
    opacity = faded_unless(pick, 0.2)
    tooltip = [alt.Tooltip("measure:N", title="Outcome"), alt.Tooltip("group:N", title="Group"),
               alt.Tooltip("series:N", title="Series"), alt.Tooltip("k:Q", title="Outcome holds", format=","),
               alt.Tooltip("n:Q", title="Of", format=","), alt.Tooltip("rate:Q", title="Share", format=".1%"),
               alt.Tooltip("low:Q", title="95% interval from", format=".1%"),
               alt.Tooltip("high:Q", title="95% interval to", format=".1%")]
    base = alt.Chart(data).transform_filter(f"datum.measure == {RATE_MEASURE_PARAM}")
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title=x_title, scale=x_scale, axis=alt.Axis(format=".0%")),
        x2="high:Q", y=y, yOffset=offset, color=colour, opacity=opacity,
    )
    dots = base.mark_point(filled=True, size=80).encode(
        x=x, y=y, yOffset=offset, color=colour, shape=shape, opacity=opacity, tooltip=tooltip,
    ).add_params(measure, pick)
    if description is None:
        description = ("Dots with 95% Wilson intervals: the share of each group in which an outcome holds, for each "
                       "series. A menu switches the outcome.")
    return finish(
        alt.layer(bars, dots)
        .properties(width=width, height=height, description=description)
    )


def _leader_readout(base, hover):
    """The line printed above the chart for the year under the pointer: each leader, its state, its allies."""
    return (
        base.transform_filter(hover)
        .transform_calculate(text="datum.leader + ': ' + datum.state + ', ' + datum.allies + ' of ' + datum.others")
        .transform_aggregate(lines="values(text)", groupby=["year"])
        .transform_calculate(readout="datum.year + ' \u2014 ' + join(pluck(datum.lines, 'text'), ' \u00b7 ')")
        .mark_text(align="left", baseline="bottom", fontSize=12, color="#333333")
        .encode(x=alt.value(0), y=alt.value(-4), text="readout:N")
    )


def leader_allies(
    frame: pd.DataFrame,
    *,
    y_title: str = "Share of the other great powers allied with it",
    description: str | None = None,
    width: int = 560,
    height: int = 240,
) -> alt.LayerChart:
    """Lines over the years: the share of the other great powers allied with each leading state.

    Parameters
    ----------
    frame
        One row per ``reading`` (a way of deciding who leads; the menu's options), ``leader`` (the
        kind of leader, e.g. "leading land power"; one line each) and ``year``, with columns
        ``state`` (the leading state's name that year), ``allies`` (great powers holding a pledge
        with it), ``others`` (the other great powers) and ``share`` (``allies / others``).
    y_title
        Title of the vertical axis.
    description
        Alternative text for the figure; a generic one is used if none is given.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``frame``'s columns ``reading``, ``leader``, ``year``, ``state``, ``allies``,
        ``others``, ``share``. A menu (parameter :data:`LEADER_READING_PARAM`, starting on the first
        reading) chooses the reading; moving the pointer (parameter :data:`LEADER_HOVER_PARAM`)
        picks a year, whose leaders and counts are shown.
    """
    cols = ["reading", "leader", "year", "state", "allies", "others", "share"]
    require_columns(frame, cols, "frame")
    require_unique_keys(frame, ["reading", "leader", "year"], "frame")
    if (frame["others"] <= 0).any() or (frame["allies"] < 0).any() or (frame["allies"] > frame["others"]).any():
        raise ValueError("need 0 <= allies <= others and others > 0 in every row.")
    if not np.allclose(frame["share"].to_numpy(float), (frame["allies"] / frame["others"]).to_numpy(float)):
        raise ValueError("share must equal allies / others in every row.")
    data = frame[cols].reset_index(drop=True).astype({"reading": str, "leader": str, "state": str})
    data["year"] = data["year"].astype("int64")
    readings = list(pd.unique(data["reading"]))
    leaders = list(pd.unique(data["leader"]))
    require_colours(leaders, "leaders")

    reading = alt.param(name=LEADER_READING_PARAM, value=readings[0],
                        bind=alt.binding_select(options=readings, name="Who leads: "))
    hover = nearest_hover(LEADER_HOVER_PARAM)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(nice=False))
    y = alt.Y("share:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    colour = series_colour("leader:N", leaders, title=None, sort=leaders, legend=alt.Legend(
        orient="top", direction="horizontal", symbolType="stroke", symbolStrokeWidth=2.5, labelFontSize=12))
    dash = series_dash("leader:N", leaders, sort=leaders, legend=None)
    base = alt.Chart(data).transform_filter(f"datum.reading == {LEADER_READING_PARAM}")
    lines = base.mark_line(strokeWidth=2, interpolate="step-after").encode(x=x, y=y, color=colour, strokeDash=dash)
    catcher = base.mark_point(opacity=0, size=30).encode(x=x, y=y).add_params(reading, hover)
    rule = base.mark_rule(color="#666666").encode(x=x).transform_filter(hover)
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("leader:N", title="Leader"),
                 alt.Tooltip("state:N", title="State"), alt.Tooltip("allies:Q", title="Great powers allied"),
                 alt.Tooltip("others:Q", title="Of"), alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).transform_filter(hover)
    if description is None:
        description = ("Step lines over the years: the share of the other great powers holding an alliance pledge "
                       "with each leading state. A menu switches the reading of who leads.")
    with shared_params():
        chart = alt.layer(lines, catcher, rule, dots, _leader_readout(base, hover))
    return finish(
        chart.properties(width=width, height=height, description=description)
    )
