"""Figures of the chapter on geographic proximity: the distance decay, and the distances behind it."""

from __future__ import annotations

import json
import math

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import DASHES, OKABE_ITO, finish, js, nearest_hover, require_columns, require_unique_keys, shared_params, year_axis
from bot_core.criteria import CriteriaSpec

__all__ = [
    "BORDER_SOURCES",
    "CORE_PARAM",
    "DYAD_PARAM",
    "HALF_PARAM",
    "SOURCE_COLOURS",
    "border_sources",
    "decay_curve",
    "distance_history",
]

#: Name of the slider parameter for the half distance (km) in :func:`decay_curve`.
HALF_PARAM = "half_distance_km"
#: Name of the slider parameter for the weight of the capitals in :func:`decay_curve`.
CORE_PARAM = "core_weight"
#: Name of the dropdown parameter of :func:`distance_history` (the pair shown).
DYAD_PARAM = "proximity_dyad"
#: Where a border distance comes from (``criteria.compute``'s ``border_source``), with the names
#: the figures give them, in order of preference.
BORDER_SOURCES = {
    "cshapes": "CShapes minimum distance",
    "contiguity": "COW contiguity bound",
    "capital": "capital distance (no border data)",
}

#: Colours of the three sources: sky blue, orange, and a neutral grey for "no border data".
SOURCE_COLOURS = (OKABE_ITO[5], OKABE_ITO[3], "#BBBBBB")

_HOVER_DYAD = "proximity_dyad_hover"
_HOVER_YEAR = "proximity_year_hover"
def _check_distances(df: pd.DataFrame, columns, name: str) -> pd.DataFrame:
    out = df.copy()
    for col in columns:
        v = pd.to_numeric(out[col], errors="coerce")
        if v.isna().any() or (v < 0).any() or np.isinf(v).any():
            raise ValueError(f"{name}[{col!r}] must hold distances in km: finite numbers, at least 0, none missing.")
        out[col] = v.astype("float64")
    return out


def _slider_value(value, name: str, low: float, high: float) -> float:
    number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not number or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}, not {value!r}.")
    return float(value)


def decay_curve(
    dyads: pd.DataFrame,
    *,
    half_distance_km: float = CriteriaSpec.half_distance_km,
    core_weight: float = CriteriaSpec.core_weight,
    half_range: tuple[float, float] = (100.0, 5000.0),
    max_km: float | None = None,
    description: str | None = None,
    width: int = 320,
    height: int = 300,
) -> alt.HConcatChart:
    """Proximity as a function of distance, with real pairs of states on the curve.

    Left, the curve ``proximity = 2 ** (-d / half_distance_km)`` and the pairs placed on it at
    their effective distance ``d = core_weight * capdist + (1 - core_weight) * border_km``;
    right, the same pairs ranked by proximity. Two sliders set ``half_distance_km`` and
    ``core_weight``; the curve, the points and the ranking follow in the browser.

    Parameters
    ----------
    dyads
        One row per pair of states: ``dyad`` (its name), ``capdist`` (km between the capitals) and
        ``border_km`` (km between the territories), as :func:`bot_core.criteria.compute` gives them.
    half_distance_km, core_weight
        The sliders' starting values.
    half_range
        The half-distance slider's range in km.
    max_km
        The right end of the distance axis (default: the largest capital distance, rounded up to
        a thousand km).
    description
        Alternative text for the figure.
    width, height
        Size of each panel in pixels.

    Returns
    -------
    altair.HConcatChart
        Its data are ``dyads`` (columns ``dyad``, ``capdist``, ``border_km``) and a sequence of
        distances generated in the browser for the curve. The sliders are the parameters
        :data:`HALF_PARAM` and :data:`CORE_PARAM`; ``calculate`` transforms compute the effective
        distance and ``pow(2, -distance / half_distance_km)``. Pointing at a pair in either
        panel picks it out in both.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a pair repeats, a distance is missing or
        negative, or a starting value is outside its slider's range.
    """
    data, half_distance_km, core_weight, max_km = _decay_data(dyads, half_range, half_distance_km, core_weight, max_km)
    low, high = half_range
    half = alt.param(
        name=HALF_PARAM,
        value=half_distance_km,
        bind=alt.binding_range(min=low, max=high, step=50, name="Half distance (km): "),
    )
    core = alt.param(
        name=CORE_PARAM,
        value=core_weight,
        bind=alt.binding_range(min=0, max=1, step=0.05, name="Weight of the capital distance: "),
    )
    hover = alt.selection_point(name=_HOVER_DYAD, fields=["dyad"], on="pointerover", clear="pointerout", empty=False)

    pairs, colour, tooltip, left = _decay_panel(data, hover, max_km, width, height)
    right = _ranked_panel(pairs, colour, tooltip, hover, width, height)
    if description is None:
        description = (
            "Left: a curve of proximity against distance, falling from 1 at distance 0 by half every "
            "half distance, with pairs of states as points on it. Right: the same pairs ranked by "
            "proximity. Two sliders set the half distance and the weight of the capital distance."
        )
    with shared_params():
        chart = alt.hconcat(left, right, spacing=20).add_params(half, core)
    return finish(chart.properties(description=description))


def _ranked_panel(pairs, colour, tooltip, hover, width, height):
    """Panel (b): the pairs ranked by proximity, each bar with its value."""
    ranked = alt.EncodingSortField(field="proximity", op="max", order="descending")
    bars = pairs.mark_bar().encode(
        x=alt.X("proximity:Q", title="Proximity (0 to 1)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("dyad:N", title=None, sort=ranked),
        color=colour,
        tooltip=tooltip,
    ).add_params(hover).properties(name="proximity_bars")
    # each bar's value: inside its end when the bar is long enough, just past it otherwise
    value = dict(x="proximity:Q", y=alt.Y("dyad:N", sort=ranked), text=alt.Text("proximity:Q", format=".2f"))
    inside = pairs.transform_filter("datum.proximity >= 0.2").mark_text(
        align="right", dx=-3, fontSize=11, color="#FFFFFF"
    ).encode(**value)
    outside = pairs.transform_filter("datum.proximity < 0.2").mark_text(
        align="left", dx=3, fontSize=11, color="#333333"
    ).encode(**value)
    right = alt.layer(bars, inside, outside).properties(
        width=round(width * 0.55), height=height, title=alt.TitleParams("(b) The pairs ranked", anchor="start", fontSize=13)
    )
    return right


def _decay_panel(data, hover, max_km, width, height):
    """Panel (a): the decay curve, the half-distance rule, the pairs as points (named when hovered)."""
    proximity_expr = f"pow(2, -datum.distance / {HALF_PARAM})"
    x = alt.X("distance:Q", title="Effective distance (km)", scale=alt.Scale(domain=[0, max_km], nice=False))
    y = alt.Y("proximity:Q", title="Proximity (0 to 1)", scale=alt.Scale(domain=[0, 1]))
    curve = (
        alt.Chart(alt.sequence(0, max_km + max_km / 200, max_km / 200, as_="distance"))
        .transform_calculate(proximity=proximity_expr)
        .mark_line(color="#555555", strokeWidth=2)
        .encode(x=x, y=y)
    )
    half_rule = (
        alt.Chart(alt.sequence(0, 1, 1, as_="k"))
        .transform_calculate(distance=HALF_PARAM, proximity="0.5")
        .mark_rule(color="#999999", strokeDash=[4, 3])
        .encode(x=x, y=alt.Y("proximity:Q"), y2=alt.datum(0))
    )
    pairs = alt.Chart(data).transform_calculate(
        distance=f"{CORE_PARAM} * datum.capdist + (1 - {CORE_PARAM}) * datum.border_km"
    ).transform_calculate(proximity=proximity_expr)
    tooltip = [
        alt.Tooltip("dyad:N", title="Pair"),
        alt.Tooltip("capdist:Q", title="Capital distance (km)", format=",.0f"),
        alt.Tooltip("border_km:Q", title="Border distance (km)", format=",.0f"),
        alt.Tooltip("distance:Q", title="Effective distance (km)", format=",.0f"),
        alt.Tooltip("proximity:Q", title="Proximity", format=".3f"),
    ]
    colour = alt.condition(hover, alt.value(OKABE_ITO[1]), alt.value(OKABE_ITO[0]))
    points = pairs.mark_point(filled=True, size=80, opacity=0.9).encode(
        x=x, y=y, color=colour, tooltip=tooltip
    ).add_params(hover).properties(name="proximity_points")
    point_label = pairs.transform_filter(hover).mark_text(align="left", dx=8, dy=-8, fontSize=12).encode(
        x=x, y=y, text="dyad:N"
    )
    left = alt.layer(curve, half_rule, points, point_label).properties(
        width=width, height=height, title=alt.TitleParams("(a) The decay curve", anchor="start", fontSize=13)
    )
    return pairs, colour, tooltip, left


def _decay_data(dyads, half_range, half_distance_km, core_weight, max_km):
    """The pairs' distances (checked) and the sliders' opening values (checked; the axis's end by default from the data)."""
    require_columns(dyads, ["dyad", "capdist", "border_km"], "dyads")
    require_unique_keys(dyads, ["dyad"], "dyads")
    data = _check_distances(dyads[["dyad", "capdist", "border_km"]], ["capdist", "border_km"], "dyads")
    data = data.reset_index(drop=True)
    low, high = half_range
    if not 0 < low < high:
        raise ValueError(f"half_range must be two increasing positive numbers of km, not {half_range!r}.")
    half_distance_km = _slider_value(half_distance_km, "half_distance_km", low, high)
    core_weight = _slider_value(core_weight, "core_weight", 0.0, 1.0)
    if max_km is None:
        max_km = max(1000.0, math.ceil(data["capdist"].max() / 1000.0) * 1000.0)
    max_km = _slider_value(max_km, "max_km", 1.0, 50_000.0)
    return data, half_distance_km, core_weight, max_km


def _spell(df: pd.DataFrame, by: str) -> pd.Series:
    """Runs of consecutive years within each group (the frame sorted by group and year)."""
    gap = df.groupby(by, sort=False)["year"].diff().fillna(1) != 1
    return gap.groupby(df[by], sort=False).cumsum().astype("int64")


def distance_history(
    history: pd.DataFrame,
    *,
    initial: str | None = None,
    core_weight: float = 0.5,
    description: str | None = None,
    width: int = 600,
    height: int = 240,
) -> alt.VConcatChart:
    """For one pair of states at a time, the distances behind proximity, year by year.

    The upper panel draws the capital distance, the border distance and the effective distance
    (at ``core_weight``); the strip below says, for each year, where the border distance came
    from. A dropdown chooses the pair.

    Parameters
    ----------
    history
        One row per ``dyad`` and ``year`` with ``capdist`` and ``border_km`` (km) and
        ``border_source`` (one of the keys of :data:`BORDER_SOURCES`), as
        :func:`bot_core.criteria.compute` gives them. Years a pair did not exist are absent; its
        lines break there.
    initial
        The pair shown first (default: the first in ``history``).
    core_weight
        The weight of the capital distance in the effective distance drawn.
    description
        Alternative text for the figure.
    width, height
        Size of the upper panel in pixels.

    Returns
    -------
    altair.VConcatChart
        Its data are ``history`` (those five columns, sorted by pair in order of first
        appearance, then year) plus ``spell``, runs of consecutive years. The dropdown is the
        parameter :data:`DYAD_PARAM`.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``dyad``, ``year``) pair repeats, a
        distance is missing or negative, a source is unknown, ``initial`` is not a pair, or
        ``core_weight`` is outside 0 to 1.
    """
    data, dyads, initial, core_weight = _history_data(history, initial, core_weight)
    pick = alt.param(
        name=DYAD_PARAM, value=initial, bind=alt.binding_select(options=dyads, name="Pair of states: ")
    )
    measures = {
        "capdist": "capital distance",
        "border_km": "border distance",
        "effective": f"effective distance (weight {core_weight:g} on the capitals)",
    }
    base = alt.Chart(data).transform_filter(f"datum.dyad == {DYAD_PARAM}")
    x = alt.X("year:Q", title=None, axis=alt.Axis(labels=False, ticks=False), scale=alt.Scale(nice=False))
    lines = _distance_lines(base, x, measures, pick, core_weight, width, height)
    strip = _source_strip(base, width)
    if description is None:
        description = (
            "Two panels for one pair of states chosen in a dropdown: lines of the capital distance, "
            "the border distance and the effective distance by year; below, a strip saying where the "
            "border distance came from each year."
        )
    return finish(
        alt.vconcat(lines, strip, spacing=6)
        .resolve_scale(color="independent", strokeDash="independent", stroke="independent", x="shared")
        .properties(description=description)
    )


def _source_strip(base, width):
    """The lower panel: a strip saying where the border distance came from each year."""
    source_scale = alt.Scale(domain=list(BORDER_SOURCES.values()), range=list(SOURCE_COLOURS))
    source_legend = alt.Legend(orient="bottom", direction="horizontal", labelFontSize=11, labelLimit=300)
    strip = (
        base.transform_calculate(
            source_label=json.dumps(BORDER_SOURCES) + "[datum.border_source]", year_end="datum.year + 1"
        )
        .mark_rect(strokeWidth=0.6)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False)),
            x2="year_end:Q",
            color=alt.Color(
                "source_label:N",
                title="Border distance from",
                scale=source_scale,
                legend=source_legend,
            ),
            # an outline in the fill's colour hides the hairline seams between neighbouring years
            stroke=alt.Stroke("source_label:N", title="Border distance from", scale=source_scale, legend=source_legend),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("source_label:N", title="Border distance from"),
            ],
        )
        .properties(width=width, height=22)
    )
    return strip


def _distance_lines(base, x, measures, pick, core_weight, width, height):
    """The upper panel: the capital, border and effective distances of the chosen pair, year by year."""
    legend = alt.Legend(
        orient="top", direction="horizontal", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400,
        labelFontSize=12, labelLimit=400,
    )
    label_expr = json.dumps(measures) + "[datum.measure]"
    lines = (
        base.transform_calculate(effective=f"{js(core_weight)} * datum.capdist + (1 - {js(core_weight)}) * datum.border_km")
        .transform_fold(list(measures), as_=["measure", "km"])
        .transform_calculate(measure_label=label_expr)
        .mark_line(strokeWidth=2.2, interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("km:Q", title="Distance (km)", axis=alt.Axis(format=",.0f", minExtent=44)),
            color=alt.Color(
                "measure_label:N",
                title=None,
                scale=alt.Scale(domain=list(measures.values()), range=list(OKABE_ITO[:3])),
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "measure_label:N",
                title=None,
                scale=alt.Scale(domain=list(measures.values()), range=[list(d) for d in DASHES[:3]]),
                legend=legend,
            ),
            detail="spell:N",
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("measure_label:N", title="Measure"),
                alt.Tooltip("km:Q", title="km", format=",.0f"),
            ],
        )
        .add_params(pick)
        .properties(width=width, height=height)
    )
    return lines


def _history_data(history, initial, core_weight):
    """The pairs' distances by year (checked; sorted by pair and year, with spells), the pairs, the one shown first and the capitals' weight."""
    cols = ["dyad", "year", "capdist", "border_km", "border_source"]
    require_columns(history, cols, "history")
    require_unique_keys(history, ["dyad", "year"], "history")
    data = _check_distances(history[cols], ["capdist", "border_km"], "history")
    data["border_source"] = data["border_source"].astype(str)
    unknown = sorted(set(data["border_source"]) - set(BORDER_SOURCES))
    if unknown:
        raise ValueError(f"history has unknown border sources {unknown}; known: {list(BORDER_SOURCES)}.")
    dyads = list(pd.unique(data["dyad"]))
    if initial is None:
        initial = dyads[0]
    if initial not in dyads:
        raise ValueError(f"initial pair {initial!r} is not in history ({dyads}).")
    core_weight = _slider_value(core_weight, "core_weight", 0.0, 1.0)
    order = {d: i for i, d in enumerate(dyads)}
    data = (
        data.assign(_o=data["dyad"].map(order)).sort_values(["_o", "year"], kind="stable").drop(columns="_o")
        .reset_index(drop=True)
    )
    data["year"] = data["year"].astype("int64")
    data["spell"] = _spell(data, "dyad")
    return data, dyads, initial, core_weight


def border_sources(
    counts: pd.DataFrame,
    *,
    mark_year: int | None = 1886,
    description: str | None = None,
    width: int = 600,
    height: int = 240,
) -> alt.LayerChart:
    """The share of pairs of states whose border distance comes from each source, year by year.

    Parameters
    ----------
    counts
        One row per ``year`` and ``border_source`` (keys of :data:`BORDER_SOURCES`) with
        ``dyads``, the number of pairs (a whole number, at least 0).
    mark_year
        A year marked with a labelled vertical rule (the first year of CShapes); ``None`` for none.
    description
        Alternative text for the figure.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``counts`` pivoted to one row per year with one column per source (0 where
        a source has no row). Shares are computed in the browser; pointing at the plot prints the
        nearest year's counts above it.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``year``, ``border_source``) pair repeats,
        a count is negative or not whole, a source is unknown, or a year has no pairs.
    """
    wide = _sources_wide(counts, mark_year)
    hover = nearest_hover(_HOVER_YEAR)
    labels = list(BORDER_SOURCES.values())
    base = alt.Chart(wide)
    span = [int(wide["year"].min()), int(wide["year"].max())]  # fixed, so an empty layer has no infinite extent
    x = year_axis(domain=span, nice=False)
    area = (
        base.transform_fold(list(BORDER_SOURCES), as_=["border_source", "dyads"])
        .transform_calculate(source_label=json.dumps(BORDER_SOURCES) + "[datum.border_source]",
                             order=json.dumps({k: i for i, k in enumerate(BORDER_SOURCES)}) + "[datum.border_source]")
        .mark_area(interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("dyads:Q", stack="normalize", title="Share of pairs of states", axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "source_label:N",
                title="Border distance from",
                scale=alt.Scale(domain=labels, range=list(SOURCE_COLOURS)),
                legend=alt.Legend(orient="bottom", direction="horizontal", labelFontSize=11, labelLimit=300),
            ),
            order=alt.Order("order:Q"),
        )
    )
    readout = _sources_readout(base, hover)
    catcher = base.mark_rule(opacity=0).encode(x=x).add_params(hover)
    rule = base.mark_rule(color="#333333", strokeWidth=1).encode(x=x).transform_filter(hover)
    layers = [area, catcher, rule, readout]
    if mark_year is not None:
        mark = alt.Chart(pd.DataFrame({"year": [int(mark_year)]}))
        layers.append(mark.mark_rule(color="#000000", strokeDash=[4, 3]).encode(x=x))
        layers.append(mark.mark_text(align="left", dx=4, dy=10, fontSize=11, color="#000000")
                      .encode(x=x, y=alt.value(0), text=alt.value(f"CShapes begins, {mark_year}")))
    if description is None:
        description = ("A stacked area chart by year: the share of pairs of states whose border distance comes "
                       "from CShapes, from the COW contiguity bound, or from the capital distance.")
    return finish(
        alt.layer(*layers)
        .properties(
            width=width,
            height=height,
            description=description,
            # the title leaves room above the plot for the hovered year's counts
            title=alt.TitleParams("Where the border distance comes from", anchor="start", offset=22, fontSize=13),
        )
    )


def _sources_readout(base, hover):
    """The hovered year's counts, printed above the chart."""
    total = "(datum.cshapes + datum.contiguity + datum.capital)"
    readout = (
        base.transform_filter(hover)
        .transform_calculate(
            text=f"datum.year + ': ' + {total} + ' pairs; ' + format(datum.cshapes / {total}, '.0%') + ' CShapes, '"
            f" + format(datum.contiguity / {total}, '.0%') + ' contiguity, ' + format(datum.capital / {total}, '.0%')"
            " + ' capital distance'"
        )
        .mark_text(align="left", baseline="bottom", fontSize=12, color="#333333")
        .encode(x=alt.value(0), y=alt.value(-4), text="text:N")
    )
    return readout


def _sources_wide(counts, mark_year):
    """One row per year, one column per border source (checked: whole counts, every year some pairs)."""
    require_columns(counts, ["year", "border_source", "dyads"], "counts")
    require_unique_keys(counts, ["year", "border_source"], "counts")
    c = counts[["year", "border_source", "dyads"]].copy()
    c["border_source"] = c["border_source"].astype(str)
    unknown = sorted(set(c["border_source"]) - set(BORDER_SOURCES))
    if unknown:
        raise ValueError(f"counts has unknown border sources {unknown}; known: {list(BORDER_SOURCES)}.")
    n = pd.to_numeric(c["dyads"], errors="coerce")
    if n.isna().any() or (n < 0).any() or (n != np.floor(n)).any():
        raise ValueError("counts['dyads'] must hold whole numbers, at least 0.")
    wide = (
        c.assign(dyads=n.astype("int64"))
        .pivot(index="year", columns="border_source", values="dyads")
        .reindex(columns=list(BORDER_SOURCES))
        .fillna(0)
        .astype("int64")
        .reset_index()
        .sort_values("year")
        .reset_index(drop=True)
    )
    wide.columns.name = None
    wide["year"] = wide["year"].astype("int64")
    if (wide[list(BORDER_SOURCES)].sum(axis=1) == 0).any():
        raise ValueError("counts has a year with no pairs at all.")
    if mark_year is not None and mark_year not in set(wide["year"]):
        raise ValueError(f"mark_year {mark_year!r} is not in the data.")
    return wide
