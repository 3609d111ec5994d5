"""Figures of the present-day cases (Part III): Finlandization and its reversal, the Indo-Pacific,
and the years after 1991.

:func:`criteria_paths`
    The four criteria of one source of threat as seen by several perceiving states, year by
    year, with a menu that switches the perceiver and labelled rules at marked years: how much
    of a state's threat to its neighbours is power, proximity, offence or intent.
:func:`series_lines`
    A small family of yearly series (capability shares, counts of allies ...), one line per
    series, with a pointer that reads every series in the year it rests on.

Both builders take tidy frames, check them, and return altair charts whose interactivity lives
in Vega-Lite parameters, so that they work in the book's static pages.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import OKABE_ITO, finish, js, js_list, nearest_hover, require_columns, require_unique_keys, rounded, series_colour, series_dash, year_axis

__all__ = ["CRITERIA_LABELS", "TODAY_PARAMS", "criteria_paths", "series_lines"]

_CRITERIA = ("power", "proximity", "offense", "intent")
#: How the criteria are named in the legends.
CRITERIA_LABELS = {"power": "Aggregate power", "proximity": "Proximity",
                   "offense": "Offensive capabilities", "intent": "Offensive intentions"}
#: Names of the parameters in the specifications of this module's figures.
TODAY_PARAMS = {"perceiver": "today_perceiver", "year": "today_year"}


def _check_marks(marks, first: int, last: int) -> dict[int, str]:
    marks = {} if marks is None else {int(k): str(v) for k, v in dict(marks).items()}
    outside = [y for y in marks if not first <= y <= last]
    if outside:
        raise ValueError(f"marked years {outside} lie outside the data's years {first}-{last}.")
    return marks


def criteria_paths(
    history: pd.DataFrame,
    perceivers: Mapping[int, str],
    *,
    state: int,
    source: str = "the source of threat",
    marks: Mapping[int, str] | None = None,
    title: str | None = None,
    description: str | None = None,
    width: int = 560,
    height: int = 230,
) -> alt.LayerChart:
    """The four criteria of one source of threat as seen by each perceiver, by year.

    Parameters
    ----------
    history
        One row per perceiving state ``ccode1`` and ``year``, with the four criteria
        (``power``, ``proximity``, ``offense``, ``intent``; 0-1, ``NaN`` where missing: the
        line breaks there).
    perceivers
        COW code to label, in menu order; each must appear in ``history``.
    state
        The perceiver shown first.
    source
        The name of the state whose criteria these are (for the title and the tooltip).
    marks
        Optional years to mark with a dashed rule and a label (e.g. ``{2008: "Georgia"}``).
    title, description
        Title and alternative text (the SVG's ARIA description).

    Returns
    -------
    altair.LayerChart
        With the parameter ``today_perceiver`` (the menu) and ``today_year`` (the year the
        pointer rests on, whose four values the tooltip lists).

    Raises
    ------
    ValueError
        If a column is missing, a (perceiver, year) repeats, a criterion lies outside 0-1, a
        perceiver is absent from ``history``, ``state`` is not a perceiver, or a mark falls
        outside the years.
    """
    long, perceivers, marks, first, last, labels = _criteria_data(history, perceivers, state, marks)
    codes = list(perceivers)
    p_state = alt.param(name=TODAY_PARAMS["perceiver"], value=int(state), bind=alt.binding_select(
        options=codes, labels=list(perceivers.values()), name="Perceiving state  "))
    hover = nearest_hover(TODAY_PARAMS["year"])
    x = year_axis(domain=[first, last], nice=False)
    y = alt.Y("value:Q", title="Criterion (0 to 1; 1 = most threatening)", scale=alt.Scale(domain=[0, 1]))
    colour = series_colour("criterion:N", labels, title="Criterion", sort=labels, legend=alt.Legend(
        orient="top", symbolType="stroke", symbolStrokeWidth=3, symbolSize=400))
    dash = series_dash("criterion:N", labels, title="Criterion", sort=labels)
    base = alt.Chart(alt.InlineData(values=long.to_dict(orient="records"))).transform_filter(
        f"datum.ccode1 == {TODAY_PARAMS['perceiver']}")
    lines = base.mark_line(invalid="break-paths-filter-domains", strokeWidth=2.2).encode(
        x=x, y=y, color=colour, strokeDash=dash)
    points = base.mark_point(filled=True, size=45).encode(
        x=x, y=y, color=colour,
        opacity=alt.condition(hover, alt.value(1), alt.value(0)),
        tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("criterion:N", title="Criterion"),
                 alt.Tooltip("value:Q", format=".3f", title=f"Value ({source})")],
    ).add_params(hover)
    layers = _with_marks([lines, points], marks, x)
    state_names = js_list([str(v) for v in perceivers.values()], quote="'")  # labels stay text
    codes_js = js_list(codes)
    heading = title or f"The four criteria of {source}, as seen by the chosen state"
    return finish(
        alt.layer(*layers)
        .add_params(p_state)
        .properties(
            width=width, height=height, description=description or (
                f"Line chart by year, {first} to {last}: the four criteria of {source} as seen by the state chosen "
                "in the menu (" + ", ".join(perceivers.values()) + "), each between 0 and 1."),
            title=alt.TitleParams(alt.ExprRef(
                f"{js(str(heading), quote=chr(39))} + ' (perceiver: ' + {state_names}[indexof({codes_js}, {TODAY_PARAMS['perceiver']})] + ')'"),
                anchor="start", fontSize=14),
        ), grid=None
    )


def _with_marks(layers: list, marks: dict, x) -> list:
    """``layers`` between a dashed rule at each marked year (first) and the marks' labels (last)."""
    if marks:
        m = pd.DataFrame({"year": list(marks), "label": list(marks.values())})
        rules = alt.Chart(alt.InlineData(values=m.to_dict(orient="records")))
        layers.insert(0, rules.mark_rule(color="#666666", strokeDash=[4, 3]).encode(x=x))
        layers.append(rules.mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=11, color="#333333").encode(
            x=x, y=alt.value(0), text="label:N"))
    return layers


def _criteria_data(history, perceivers, state, marks):
    """The criteria of the perceivers (checked) in long form, the perceivers by code, the marks, the first and last year and the criteria's labels."""
    require_columns(history, ["ccode1", "year", *_CRITERIA], "history")
    require_unique_keys(history, ["ccode1", "year"], "history")
    crit = history[list(_CRITERIA)].to_numpy("float64")
    if ((crit < 0) | (crit > 1)).any():
        raise ValueError("the criteria must lie between 0 and 1 (NaN where missing).")
    perceivers = {int(k): str(v) for k, v in dict(perceivers).items()}
    if not perceivers:
        raise ValueError("give at least one perceiving state.")
    absent = sorted(set(perceivers) - set(history.ccode1.astype(int)))
    if absent:
        raise ValueError(f"perceivers {absent} have no rows in history.")
    if state not in perceivers:
        raise ValueError(f"state {state!r} is not among the perceivers {list(perceivers)}.")
    d = history[history.ccode1.isin(list(perceivers))]
    first, last = int(d.year.min()), int(d.year.max())
    marks = _check_marks(marks, first, last)

    labels = [CRITERIA_LABELS[c] for c in _CRITERIA]
    long = d.melt(id_vars=["ccode1", "year"], value_vars=list(_CRITERIA), var_name="key", value_name="value")
    long["criterion"] = long.key.map(CRITERIA_LABELS)
    long = long.assign(ccode1=long.ccode1.astype(int), year=long.year.astype(int),
                       value=rounded(long.value, 4).astype(object).where(long.value.notna(), None))
    long = long[["ccode1", "year", "criterion", "value"]].sort_values(["ccode1", "criterion", "year"])
    return long, perceivers, marks, first, last, labels


def series_lines(
    frame: pd.DataFrame,
    *,
    y_title: str,
    value_format: str = ".3f",
    order: list[str] | None = None,
    highlight_year: int | None = None,
    log: bool = False,
    title: str = "",
    description: str | None = None,
    width: int = 560,
    height: int = 260,
) -> alt.LayerChart:
    """A few yearly series, one line each, with a pointer that lists every series' value in the
    year it rests on.

    Parameters
    ----------
    frame
        One row per ``year`` and ``series`` with ``value`` (``NaN`` where missing: the line
        breaks). At most seven series (one colour and dash each).
    y_title
        Title of the vertical axis, with its unit.
    value_format
        d3 format of the values in the tooltip and the year's list (e.g. ``".1%"``, ``"d"``).
    order
        The series in legend order (default: as they first appear).
    highlight_year
        The year the pointer starts on (default: the last year).
    log
        A logarithmic vertical axis (values must then be positive).

    Returns
    -------
    altair.LayerChart
        With the parameter ``today_year`` (the year pointed at).

    Raises
    ------
    ValueError
        If a column is missing, a (year, series) repeats, there are more than seven series,
        ``order`` does not name exactly the series, or a value is not positive on a log axis.
    """
    d, order, years, highlight_year = _series_data(frame, order, log, highlight_year)
    hover = alt.selection_point(name=TODAY_PARAMS["year"], fields=["year"], nearest=True, on="pointerover",
                                clear=False, value=[{"year": int(highlight_year)}])
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[years[0], years[-1]], nice=False))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log") if log else alt.Scale(zero=True),
              axis=alt.Axis(format=value_format) if value_format.endswith("%") else alt.Axis())
    colour = series_colour("series:N", order, title=None, sort=order, legend=alt.Legend(
        orient="top", symbolType="stroke", symbolStrokeWidth=3, symbolSize=400, labelLimit=260))
    dash = series_dash("series:N", order, title=None, sort=order)
    base = alt.Chart(alt.InlineData(values=d.to_dict(orient="records")))
    tooltip = [alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("value:Q", format=value_format, title="Value")]
    lines = base.mark_line(invalid="break-paths-filter-domains", strokeWidth=2.2).encode(
        x=x, y=y, color=colour, strokeDash=dash)
    points = base.mark_point(filled=True, size=40).encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        opacity=alt.condition(hover, alt.value(1), alt.value(0))).add_params(hover)
    rule = base.transform_filter(hover).mark_rule(color="#666666", strokeDash=[3, 3]).encode(x=x)
    label = base.transform_filter(hover).transform_aggregate(year="min(year)").mark_text(
        align="left", baseline="top", dx=4, dy=2, fontSize=12, fontWeight="bold").encode(
        x=x, y=alt.value(0), text=alt.Text("year:Q", format="d"))
    return finish(
        alt.layer(rule, lines, points, label)
        .properties(width=width, height=height,
                    description=description or f"Line chart by year of {', '.join(order)}: {y_title}.",
                    title=alt.TitleParams(title, anchor="start", fontSize=14)), grid=None
    )


def _series_data(frame, order, log, highlight_year):
    """The series (checked; missing values as gaps) sorted by series and year, their order, the years and the year first shown."""
    require_columns(frame, ["year", "series", "value"], "frame")
    require_unique_keys(frame, ["year", "series"], "frame")
    present = list(dict.fromkeys(frame.series.astype(str)))
    order = present if order is None else [str(s) for s in order]
    if sorted(order) != sorted(present):
        raise ValueError(f"order must list exactly the series {present}; got {order}.")
    if len(order) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} series (one colour each); got {len(order)}.")
    values = frame.value.to_numpy("float64")
    if log and (values[~np.isnan(values)] <= 0).any():
        raise ValueError("a logarithmic axis needs positive values.")
    years = sorted(frame.year.astype(int).unique())
    if highlight_year is None:
        highlight_year = years[-1]
    if highlight_year not in years:
        raise ValueError(f"highlight_year {highlight_year!r} is not a year of frame.")
    d = frame.assign(year=frame.year.astype(int), series=frame.series.astype(str))[["year", "series", "value"]]
    d = d.assign(value=d.value.astype(object).where(d.value.notna(), None)).sort_values(["series", "year"])
    return d, order, years, highlight_year
