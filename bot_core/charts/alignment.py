"""Figure: the superpowers' capabilities beside their alliance partners (the introduction)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from bot_core.charts.base import (finish, nearest_hover, pointer_catcher, require_colours, require_columns,
                                  require_unique_keys, series_colour, series_dash, shared_params, year_axis)

__all__ = ["YEAR_PARAM", "superpower_alignment"]

#: Name of the hover parameter in :func:`superpower_alignment`'s specification.
YEAR_PARAM = "year_hover"


def superpower_alignment(
    capabilities: pd.DataFrame,
    pledges: pd.DataFrame,
    *,
    highlight_year: int | None = None,
    description: str | None = None,
    partners_of: str = "each superpower",
    width: int = 560,
    height: int = 190,
) -> alt.VConcatChart:
    """Two stacked panels, year by year: (a) each state's share of world capabilities and
    (b) the number of states holding a defense pledge with it.

    Parameters
    ----------
    capabilities
        One row per ``year`` and ``state`` with column ``cinc``: the state's Composite Index of
        National Capability, a share of the system total between 0 and 1.
    pledges
        One row per ``year`` and ``state`` with column ``partners``: how many states held a
        defense pledge with ``state`` that year. It must cover the same (``year``, ``state``)
        pairs as ``capabilities``.
    highlight_year
        The year highlighted when the chart first appears (a vertical rule across both panels,
        the values printed above each panel). Default: the last year in the data.
    partners_of
        Who the states of panel (b) are allied with, in its title ("each superpower" by default;
        e.g. "each great power" for other states).
    description
        Alternative text for the figure (the SVG's ARIA description). A generic one is used if
        none is given; a caller that knows what the data show should say it.
    width, height
        Size of each panel in pixels.

    Returns
    -------
    altair.VConcatChart
        Its data are ``capabilities`` and ``pledges`` merged on ``year`` and ``state`` (columns
        ``year``, ``state``, ``cinc``, ``partners``), sorted by state (in order of first
        appearance in ``capabilities``) and year. Moving the pointer over either panel moves
        the highlighted year in both; the parameter is named :data:`YEAR_PARAM`.

    Raises
    ------
    ValueError
        If a column is missing, a frame is empty, a (``year``, ``state``) pair repeats, the two
        frames cover different pairs, or ``highlight_year`` is not in the data.
    """
    data, states, highlight_year = _alignment_data(capabilities, pledges, highlight_year)
    hover = nearest_hover(YEAR_PARAM, clear=False, value=highlight_year)
    colour = series_colour("state:N", states, title=None, legend=alt.Legend(
        orient="top", direction="horizontal", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=500,
        labelFontSize=12))
    dash = series_dash("state:N", states, title=None)
    scales = dict(states=states, hover=hover, colour=colour, dash=dash, width=width, height=height)
    top = _panel("cinc", "(a) Share of world material capabilities (CINC)", "Share of world capabilities", ".0%",
                 ".1%", "capabilities_panel", None, **scales)
    bottom = _panel("partners", f"(b) States holding a defense pledge with {partners_of} (ATOP)", "Number of states",
                    "d", "d", "pledges_panel", "Year", **scales)
    if description is None:
        description = (
            "Two line charts sharing a horizontal axis of years. The upper panel shows each state's "
            "share of world material capabilities (CINC); the lower panel shows how many states held "
            "a defense pledge with it."
        )
    with shared_params():  # the one hover parameter is deliberately shared by both panels
        chart = alt.vconcat(top, bottom, data=data, spacing=28)
    return finish(
        chart
        .resolve_scale(color="shared", strokeDash="shared")
        .properties(description=description)
    )


def _alignment_data(capabilities, pledges, highlight_year):
    """The two frames merged (checked: the same pairs), sorted by state and year; the states and the year first shown."""
    require_columns(capabilities, ["year", "state", "cinc"], "capabilities")
    require_columns(pledges, ["year", "state", "partners"], "pledges")
    keys = ["year", "state"]
    require_unique_keys(capabilities, keys, "capabilities")
    require_unique_keys(pledges, keys, "pledges")

    data = capabilities[keys + ["cinc"]].merge(
        pledges[keys + ["partners"]], on=keys, how="outer", indicator=True, validate="one_to_one"
    )
    unmatched = data[data["_merge"] != "both"]
    if len(unmatched):
        examples = unmatched[keys].head(3).to_dict("records")
        raise ValueError(
            f"capabilities and pledges cover different (year, state) pairs, e.g. {examples}; "
            "give both frames the same years and states."
        )
    states = list(pd.unique(capabilities["state"]))
    order = {s: i for i, s in enumerate(states)}
    data = (
        data.drop(columns="_merge")
        .assign(_order=lambda d: d["state"].map(order))
        .sort_values(["_order", "year"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    data["year"] = data["year"].astype("int64")
    data["state"] = data["state"].astype(object)

    years = sorted(data["year"].unique().tolist())
    if highlight_year is None:
        highlight_year = years[-1]
    if highlight_year not in years:
        raise ValueError(f"highlight_year {highlight_year!r} is not in the data ({years[0]}–{years[-1]}).")
    require_colours(states, "states")
    return data, states, highlight_year


def _panel(field: str, title: str, y_title: str, y_format: str, readout_format: str, name: str, x_title, *,
           states, hover, colour, dash, width, height):
    """One panel: the lines, an invisible layer that catches the pointer (nearest year), and three
    layers that show only the selected year (rule, dots, a printed readout)."""
    base = alt.Chart()
    x = year_axis(title=x_title, nice=False)
    y = alt.Y(f"{field}:Q", title=y_title, axis=alt.Axis(format=y_format, minExtent=44))
    lines = base.mark_line(strokeWidth=2.2).encode(x=x, y=y, color=colour, strokeDash=dash)
    catcher = pointer_catcher(base, x, hover)
    rule = base.mark_rule(color="#666666", strokeWidth=1).encode(x=x).transform_filter(hover)
    dots = base.mark_point(filled=True, size=60, opacity=1).encode(
        x=x,
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("state:N", title="State"),
            alt.Tooltip(f"{field}:Q", title=y_title, format=readout_format),
        ],
    ).transform_filter(hover)
    parts = [
        f"{json.dumps(s)} + ' ' + format(datum[{json.dumps(s)}], {json.dumps(readout_format)})" for s in states
    ]
    label = "datum.year + ' \u2014 ' + " + " + ' \u00b7 ' + ".join(parts)
    readout = (
        base.transform_filter(hover)
        .transform_pivot("state", value=field, groupby=["year"])
        .transform_calculate(readout=label)
        .mark_text(align="left", baseline="bottom", fontSize=12, color="#333333")
        .encode(x=alt.value(0), y=alt.value(-4), text="readout:N")
    )
    return alt.layer(lines, catcher, rule, dots, readout).properties(
        name=name,
        width=width,
        height=height,
        title=alt.TitleParams(title, anchor="start", offset=22, fontSize=13),
    )
