"""Figure of the Cold War case (Part III): why composite power indices disagree about the superpowers.

:func:`component_ratios`
    One state's value of each capability component divided by another's, year by year, on a
    logarithmic axis with parity marked: above the line the first state leads, below it the
    second. Clicking a component in the legend picks it out (the others fade); pointing at a
    year prints every ratio in it.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import (finish, nearest_hover, picked_lines, pointer_catcher, require_colours,
                                  require_columns, require_unique_keys, series_colour, series_dash, year_axis)

__all__ = ["COMPONENT_PARAM", "RATIO_YEAR_PARAM", "component_ratios"]

#: Name of the legend selection (which components are picked out).
COMPONENT_PARAM = "ratio_component"
#: Name of the hover parameter (the year whose ratios are printed).
RATIO_YEAR_PARAM = "ratio_year"


def component_ratios(
    ratios: pd.DataFrame,
    *,
    first: str,
    second: str,
    highlight_year: int | None = None,
    title: str | None = None,
    description: str | None = None,
    width: int = 560,
    height: int = 280,
) -> alt.LayerChart:
    """Ratios of two states' capability components over time, parity marked.

    Parameters
    ----------
    ratios
        One row per ``year`` and ``component`` (a label, e.g. ``"iron and steel"``) with
        ``ratio``: the first state's value divided by the second's, a positive number. At most
        seven components (one colour and dash pattern each), drawn in order of first appearance.
    first, second
        Labels of the two states (the numerator and the denominator), used in the axis title,
        the parity labels and the readout.
    highlight_year
        The year printed when the chart first appears (default: the last year in the data).
    title, description
        The figure's title and alternative text (the SVG's ARIA description).
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``ratios`` (columns ``year``, ``component``, ``ratio``) sorted by component
        and year. Parameters: :data:`COMPONENT_PARAM` (bound to the legend) and
        :data:`RATIO_YEAR_PARAM` (the year under the pointer).

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``year``, ``component``) pair repeats, a
        ratio is not a positive finite number, there are more than seven components, or
        ``highlight_year`` is not in the data.
    """
    data, values, components, highlight_year = _ratios_data(ratios, first, second, highlight_year)
    picked = alt.selection_point(name=COMPONENT_PARAM, fields=["component"], bind="legend")
    hover = nearest_hover(RATIO_YEAR_PARAM, clear=False, value=highlight_year)
    low, high = float(values.min()), float(values.max())
    span = max(high, 1 / low, 2.0)
    x = year_axis(nice=False)
    y = alt.Y("ratio:Q", title=f"{first} ÷ {second} (log scale; 1 = parity)",
              scale=alt.Scale(type="log", domain=[1 / span, span]),
              axis=alt.Axis(values=[v for v in (0.25, 0.5, 1, 2, 4, 8) if 1 / span <= v <= span], format="~g"))
    colour = series_colour("component:N", components, title="Component (click to pick out)", legend=alt.Legend(
        orient="right", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400))
    dash = series_dash("component:N", components, title="Component (click to pick out)")
    base = alt.Chart(data)
    lines = picked_lines(base, picked, x=x, y=y, colour=colour, dash=dash, fade=0.15, width=2.2)
    catcher = pointer_catcher(base, x, hover)
    rule = base.mark_rule(color="#666666", strokeWidth=1).encode(x=x).transform_filter(hover)
    dots = base.mark_point(filled=True, size=55, opacity=1).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("component:N", title="Component"),
                 alt.Tooltip("ratio:Q", title=f"{first} ÷ {second}", format=".2f")],
    ).transform_filter(hover).transform_filter(picked)
    parity, side_labels = _parity_layers(y, span, first, second, width)
    values_at_year, readout = _year_readings(base, x, y, colour, hover, picked, first, second)
    if title is None:
        title = f"{first} ÷ {second}, component by component"
    if description is None:
        description = (f"Line chart of years against the ratio {first} ÷ {second} for each capability component, "
                       "on a logarithmic axis with a dashed line at parity.")
    return finish(
        alt.layer(parity, *side_labels, lines, catcher, rule, dots, values_at_year, readout)
        .properties(width=width, height=height, description=description,
                    title=alt.TitleParams(title, anchor="start", offset=22, fontSize=13))
    )


def _year_readings(base, x, y, colour, hover, picked, first, second):
    """The values printed beside the dots at the hovered year, and the line naming that year."""
    values_at_year = base.mark_text(align="left", dx=7, fontSize=11).encode(
        x=x, y=y, color=colour, text=alt.Text("ratio:Q", format=".2f"),
    ).transform_filter(hover).transform_filter(picked)
    readout = (
        base.transform_filter(hover)
        .transform_aggregate(year="min(year)")
        .transform_calculate(readout=f"'Ratios in ' + datum.year + {json.dumps(' (' + first + ' ÷ ' + second + ')')}")
        .mark_text(align="left", baseline="bottom", fontSize=11, color="#333333")
        .encode(x=alt.value(0), y=alt.value(-4), text="readout:N")
    )
    return values_at_year, readout


def _parity_layers(y, span, first, second, width):
    """The dashed line at parity and, at either end of the axis, which side is ahead."""
    parity = alt.Chart(pd.DataFrame({"ratio": [1.0]})).mark_rule(color="#333333", strokeDash=[3, 3]).encode(y=y)
    sides = pd.DataFrame({"ratio": [span / 1.15, 1.15 / span], "text": [f"{first} ahead", f"{second} ahead"],
                          "baseline": ["top", "bottom"]})
    side_labels = [
        alt.Chart(sides.iloc[[i]]).mark_text(align="right", baseline=b, fontSize=11, color="#555555",
                                              fontStyle="italic").encode(x=alt.value(width - 4), y=y, text="text:N")
        for i, b in enumerate(sides.baseline)
    ]
    return parity, side_labels


def _ratios_data(ratios, first, second, highlight_year):
    """The ratios (checked: positive, finite) sorted by component and year, as numbers; the components and the year first shown."""
    require_columns(ratios, ["year", "component", "ratio"], "ratios")
    require_unique_keys(ratios, ["year", "component"], "ratios")
    for label, value in (("first", first), ("second", second)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{label} must be a non-empty label, not {value!r}.")
    values = pd.to_numeric(ratios["ratio"], errors="coerce").to_numpy("float64")
    if not np.isfinite(values).all() or (values <= 0).any():
        raise ValueError("every ratio must be a positive, finite number (the axis is logarithmic).")
    components = list(pd.unique(ratios["component"].astype(str)))
    require_colours(components, "components")
    order = {c: i for i, c in enumerate(components)}
    data = (
        ratios[["year", "component", "ratio"]]
        .assign(component=lambda d: d["component"].astype(str), ratio=values)
        .assign(_order=lambda d: d["component"].map(order))
        .sort_values(["_order", "year"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    data["year"] = data["year"].astype("int64")
    years = sorted(data["year"].unique().tolist())
    if highlight_year is None:
        highlight_year = years[-1]
    if highlight_year not in years:
        raise ValueError(f"highlight_year {highlight_year!r} is not in the data ({years[0]}–{years[-1]}).")
    return data, values, components, highlight_year
