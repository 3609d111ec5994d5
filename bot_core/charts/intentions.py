"""Figures: offensive intentions (the chapter "Offensive intentions").

Both builders take the *hostility sum* ``h`` of :mod:`bot_core.criteria` before the rivalry term
(what :func:`bot_core.criteria.compute` gives with ``rivalry_weight=0``, as ``-log(1 - intent)``)
and a 0/1 rivalry flag, and compute the criterion in the browser,
``intent = 1 - exp(-(h + rivalry_weight * rivalry))``, so that the rivalry weight is a slider
with exact values.

:func:`intent_explorer`
    Intent over time in both directions of one dyad, chosen from a drop-down, with the
    half-life chosen among a few precomputed values and a slider over the rivalry weight.
:func:`intent_heatmap`
    One state's intent toward several others (or theirs toward it), year by year, with
    markers where something happened (for instance, the start of a war).
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import DASHES, OKABE_ITO, finish, opening_choice, require_columns, require_unique_keys, rounded

__all__ = [
    "DYAD_PARAM",
    "HALF_LIFE_PARAM",
    "HEATMAP_VIEW_PARAM",
    "RIVALRY_PARAM",
    "intent_explorer",
    "intent_heatmap",
]

#: Name of the drop-down that picks the dyad in :func:`intent_explorer`.
DYAD_PARAM = "dyad"
#: Name of the half-life buttons in :func:`intent_explorer`.
HALF_LIFE_PARAM = "half_life"
#: Name of the rivalry-weight slider in both builders.
RIVALRY_PARAM = "rivalry_weight"
#: Name of the buttons that pick the direction in :func:`intent_heatmap`.
HEATMAP_VIEW_PARAM = "direction"


def _check_hostility(df: pd.DataFrame, name: str) -> None:
    h = pd.to_numeric(df["hostility"], errors="coerce")
    if h.isna().any() or not np.isfinite(h).all() or (h < 0).any():
        raise ValueError(f"{name}: column 'hostility' must hold finite numbers of at least 0 (no missing values).")
    if not df["rivalry"].isin([0, 1, True, False]).all():
        raise ValueError(f"{name}: column 'rivalry' must hold 0 or 1 (1 in the years of a strategic rivalry).")


def _rivalry_slider(rivalry_weight: float, rivalry_range: tuple[float, float]) -> alt.Parameter:
    lo, hi = rivalry_range
    if not (0 <= lo < hi < np.inf):
        raise ValueError(f"rivalry_range must be two numbers 0 <= low < high, not {rivalry_range!r}.")
    if not (lo <= rivalry_weight <= hi):
        raise ValueError(f"rivalry_weight {rivalry_weight!r} is outside rivalry_range {rivalry_range!r}.")
    return alt.param(
        name=RIVALRY_PARAM,
        value=float(rivalry_weight),
        bind=alt.binding_range(min=float(lo), max=float(hi), step=0.1, name="Rivalry weight: "),
    )


def _intent_expr(h: str) -> str:
    return f"1 - exp(-({h} + {RIVALRY_PARAM} * datum.rivalry))"


def intent_explorer(
    series: pd.DataFrame,
    disputes: pd.DataFrame | None = None,
    *,
    half_life: float = 10.0,
    rivalry_weight: float = 1.0,
    rivalry_range: tuple[float, float] = (0.0, 3.0),
    censored_after: int | None = 2014,
    dyad: str | None = None,
    description: str | None = None,
    width: int = 560,
    height: int = 240,
) -> alt.LayerChart:
    """Intent in both directions of a dyad, year by year, with controls for the half-life and
    the rivalry weight.

    Parameters
    ----------
    series
        One row per ``dyad``, ``perceiver``, ``source``, ``year`` and ``half_life``: ``hostility``
        is the hostility sum ``h`` of ``source``'s disputes with ``perceiver`` (before the rivalry
        term) under that half-life, ``rivalry`` 1 in the years of a strategic rivalry between
        them, else 0 (the same for every half-life). ``dyad`` labels a pair, e.g.
        ``"India–Pakistan"``; each (``perceiver``, ``source``) direction is one line, labelled
        "``source`` toward ``perceiver``". Every direction-year must have every half-life.
    disputes
        Optional: one row per ``dyad`` and ``year`` in which a dispute between the pair began,
        with a ``label`` for the tooltip; drawn as ticks along the bottom of the plot.
    half_life
        The half-life shown first; one of the values in ``series``.
    rivalry_weight, rivalry_range
        The slider's first value and its range.
    censored_after
        The last year of the dispute data: later years are shaded (``None``: no shading).
    dyad
        The dyad shown first (default: the first in ``series``).
    description
        Alternative text for the figure. A generic one is used if none is given.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its main data set is ``series`` made wide and compact: one row per ``dyad``, ``dir`` and
        ``year``, with ``run`` (the number of the unbroken run of years the row belongs to: a
        line breaks where years are missing), ``rivalry`` and one column ``h0``, ``h1``, ... per half-life (in increasing
        order of half-life, rounded to 4 decimals). ``dyad`` is the dyad's position among the
        dyads (in order of first appearance) and ``dir`` the direction's position within its
        dyad; a second, small data set (``key`` = 100 * dyad + dir, ``line``) holds the labels,
        joined in the browser. Parameters: :data:`DYAD_PARAM` (a drop-down whose value is the
        dyad's position, labelled with its name), :data:`HALF_LIFE_PARAM` (radio buttons over
        the half-lives) and :data:`RIVALRY_PARAM` (slider).

    Raises
    ------
    ValueError
        If a column is missing, a frame is empty, a key repeats, a value is missing or out of
        range, a direction-year lacks a half-life, rivalry differs across half-lives, or a
        setting is not in the data.
    """
    data, lines_table, half_lives, dyads, dyad, lines_per_dyad = _intent_data(series, half_life, dyad)
    pick = alt.param(name=DYAD_PARAM, value=dyads.index(dyad),
                     bind=alt.binding_select(options=list(range(len(dyads))), labels=dyads, name="Dyad: "))
    labels = [f"{v:g}\u2003" for v in half_lives]  # an em space keeps the buttons apart
    choose = alt.param(name=HALF_LIFE_PARAM, value=float(half_life),
                       bind=alt.binding_radio(options=half_lives, labels=labels, name="Half-life (years): "))
    rivalry = _rivalry_slider(rivalry_weight, rivalry_range)
    x, base = _intent_base(data, lines_table, half_lives)
    layers = []
    _censored_band(layers, data, censored_after)
    layers += _intent_lines(base, x, lines_per_dyad)
    _dispute_ticks(layers, disputes, dyads, x, height)
    if description is None:
        description = ("Line chart of the intent criterion over time in both directions of the chosen dyad, recomputed "
                       "for the chosen half-life and rivalry weight; ticks along the bottom mark years in which a "
                       "dispute began.")
    return finish(alt.layer(*layers).add_params(pick, choose, rivalry)
                  .properties(width=width, height=height, description=description))


def _intent_base(data, lines_table, half_lives):
    """The year axis and the chosen dyad's rows, each with its direction's name and its intent at the chosen half-life."""
    h_expr = "".join(f"{HALF_LIFE_PARAM} == {json.dumps(v)} ? datum.h{i} : " for i, v in enumerate(half_lives[:-1]))
    h_expr += f"datum.h{len(half_lives) - 1}"

    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False, zero=False))
    base = (
        alt.Chart(data)
        .transform_filter(f"datum.dyad == {DYAD_PARAM}")
        .transform_calculate(key="datum.dyad * 100 + datum.dir")
        .transform_lookup(lookup="key", from_=alt.LookupData(lines_table[["key", "line"]], key="key", fields=["line"]))
        .transform_calculate(h=h_expr)
        .transform_calculate(intent=_intent_expr("datum.h"))
    )
    return x, base


def _dispute_ticks(layers, disputes, dyads, x, height):
    """A tick at each year in which a dispute began (added to ``layers``), if ``disputes`` is given."""
    if disputes is not None:
        require_columns(disputes, ["dyad", "year", "label"], "disputes")
        require_unique_keys(disputes, ["dyad", "year"], "disputes")
        unknown = sorted(set(disputes["dyad"].astype(str)) - set(dyads))
        if unknown:
            raise ValueError(f"disputes: dyads {unknown} are not in series.")
        d = disputes[["dyad", "year", "label"]].copy()
        d["dyad"] = d["dyad"].astype(str).map({name: i for i, name in enumerate(dyads)})
        d["year"], d["label"] = d["year"].astype("int64"), d["label"].astype(str)
        layers.append(
            alt.Chart(d.reset_index(drop=True))
            .transform_filter(f"datum.dyad == {DYAD_PARAM}")
            .mark_tick(color="#333333", thickness=1.5, size=12)
            .encode(
                x=x,
                y=alt.value(height - 6),
                tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("label:N", title="Disputes begun")],
            )
        )


def _censored_band(layers, data, censored_after):
    """A grey band over the years after ``censored_after`` (added to ``layers``), if the data reach them."""
    if censored_after is not None:
        last = int(data["year"].max())
        if last > censored_after:
            band = pd.DataFrame({"start": [censored_after + 0.5], "end": [last + 0.5], "note": ["after the MID data"]})
            layers.append(
                alt.Chart(band).mark_rect(color="#bbbbbb", opacity=0.35).encode(
                    x=alt.X("start:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                            scale=alt.Scale(nice=False, zero=False)),
                    x2="end:Q",
                    tooltip=[alt.Tooltip("note:N", title="Shaded")],
                )
            )


def _intent_lines(base, x, lines_per_dyad):
    """The intent in each direction of the chosen dyad, and the points that carry its tooltip."""
    y = alt.Y("intent:Q", title="Intent (0 to 1)", scale=alt.Scale(domain=[0, 1]))
    legend = alt.Legend(orient="top", direction="horizontal", labelFontSize=12, symbolType="stroke",
                        symbolStrokeWidth=2.5, symbolSize=500, labelLimit=320)
    colour = alt.Color("line:N", title=None, scale=alt.Scale(range=list(OKABE_ITO[:lines_per_dyad])), legend=legend)
    dash = alt.StrokeDash(
        "line:N", title=None, scale=alt.Scale(range=[list(d) for d in DASHES[:lines_per_dyad]]), legend=legend
    )
    lines = base.mark_line(strokeWidth=2, interpolate="linear").encode(
        x=x, y=y, color=colour, strokeDash=dash, detail="run:N"
    )
    points = base.mark_point(opacity=0, size=50, filled=True).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("line:N", title="Intent of"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("intent:Q", title="Intent", format=".3f"),
            alt.Tooltip("h:Q", title="Hostility sum h (disputes)", format=".3f"),
            alt.Tooltip("rivalry:Q", title="Strategic rivalry (1 = yes)", format="d"),
        ],
    )
    return lines, points


def _intent_data(series, half_life, dyad):
    """One row per direction and year with the hostility at every half-life (checked), the table naming each direction, the half-lives, the dyads, the one shown first and the most directions a dyad has."""
    require_columns(series, ["dyad", "perceiver", "source", "year", "half_life", "hostility", "rivalry"], "series")
    keys = ["dyad", "perceiver", "source", "year"]
    require_unique_keys(series, keys + ["half_life"], "series")
    _check_hostility(series, "series")
    hl = pd.to_numeric(series["half_life"], errors="coerce")
    if hl.isna().any() or (hl <= 0).any() or not np.isfinite(hl).all():
        raise ValueError("series: column 'half_life' must hold positive numbers of years.")
    half_lives = sorted(float(v) for v in hl.unique())
    if float(half_life) not in half_lives:
        raise ValueError(f"half_life {half_life!r} is not in the data ({', '.join(f'{v:g}' for v in half_lives)}).")

    s = series[keys + ["half_life", "hostility", "rivalry"]].copy()
    s["half_life"] = hl.astype("float64")
    s["rivalry"] = s["rivalry"].astype("int64")
    if (s.groupby(keys)["rivalry"].nunique() > 1).any():
        raise ValueError("series: 'rivalry' must be the same for every half-life of a direction-year.")
    wide = s.pivot(index=keys, columns="half_life", values="hostility")
    if wide.isna().any().any():
        example = wide[wide.isna().any(axis=1)].index[0]
        raise ValueError(f"series: every direction-year needs every half-life; {dict(zip(keys, example))} lacks some.")
    h_cols = [f"h{i}" for i in range(len(half_lives))]
    wide.columns = h_cols
    wide = wide.join(s.groupby(keys)["rivalry"].first()).reset_index()
    dyads = [str(d) for d in pd.unique(series["dyad"])]
    wide["dyad"] = wide["dyad"].astype(str).map({d: i for i, d in enumerate(dyads)})
    wide["line"] = wide["source"].astype(str) + " toward " + wide["perceiver"].astype(str)
    # each direction of each dyad, numbered in order of first appearance in ``series``
    first_seen = series[["dyad", "perceiver", "source"]].astype(str).drop_duplicates()
    first_seen["line"] = first_seen["source"] + " toward " + first_seen["perceiver"]
    first_seen["dyad"] = first_seen["dyad"].map({d: i for i, d in enumerate(dyads)})
    first_seen["dir"] = first_seen.groupby("dyad").cumcount()
    lines_table = first_seen[["dyad", "dir", "line"]].reset_index(drop=True)
    lines_table.insert(0, "key", lines_table["dyad"] * 100 + lines_table["dir"])
    data = wide.merge(lines_table[["dyad", "line", "dir"]], on=["dyad", "line"])
    data = data.sort_values(["dyad", "dir", "year"], kind="stable").reset_index(drop=True)
    data["year"] = data["year"].astype("int64")
    # a line breaks where years are missing (a state out of the system): number the unbroken runs
    data["run"] = (data.groupby(["dyad", "dir"])["year"].diff() != 1).astype("int64").groupby(
        [data["dyad"], data["dir"]]).cumsum()
    data = data[["dyad", "dir", "run", "year", "rivalry", *h_cols]]
    for c in h_cols:
        data[c] = rounded(data[c].astype("float64"), 4)
    dyad = opening_choice(dyad, dyads, "dyad")
    lines_per_dyad = int(lines_table.groupby("dyad").size().max())
    if lines_per_dyad > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} directions per dyad can be told apart; got {lines_per_dyad}.")
    return data, lines_table, half_lives, dyads, dyad, lines_per_dyad


def intent_heatmap(
    cells: pd.DataFrame,
    markers: pd.DataFrame | None = None,
    *,
    rivalry_weight: float = 1.0,
    rivalry_range: tuple[float, float] = (0.0, 3.0),
    view: str | None = None,
    marker_title: str = "Event",
    description: str | None = None,
    width: int = 520,
    height: int | None = None,
) -> alt.LayerChart:
    """A grid of intent values, one row per state and one column per year, for one of several
    views (e.g. one state's intent toward its neighbours, or theirs toward it).

    Parameters
    ----------
    cells
        One row per ``view``, ``state`` and ``year``: ``hostility`` (the hostility sum before the
        rivalry term, as in :func:`intent_explorer`) and ``rivalry`` (0 or 1). Rows are drawn in
        order of first appearance of ``state``.
    markers
        Optional: one row per ``state`` and ``year`` to mark in every view, with a ``label``
        for the tooltip (what happened).
    rivalry_weight, rivalry_range
        The slider's first value and its range.
    view
        The view shown first (default: the first in ``cells``).
    marker_title
        The tooltip title of a marker's label.
    description
        Alternative text for the figure. A generic one is used if none is given.
    width, height
        Size of the grid in pixels (height defaults to 20 pixels a state).

    Returns
    -------
    altair.LayerChart
        Its data are the rows of ``cells`` (columns ``view``, ``state``, ``year``, ``hostility``
        rounded to 4 decimals, ``rivalry``), with ``view`` replaced by its position among the
        views (in order of first appearance), and ``markers`` as a second data set. Parameters:
        :data:`HEATMAP_VIEW_PARAM` (radio buttons whose value is the view's position, labelled
        with its name) and :data:`RIVALRY_PARAM`.

    Raises
    ------
    ValueError
        If a column is missing, a frame is empty, a key repeats, a value is missing or out of
        range, a marker's state is not in ``cells``, or a setting is not in the data.
    """
    data, views, view, height, states, years = _heatmap_data(cells, view, height)
    pick = alt.param(
        name=HEATMAP_VIEW_PARAM,
        value=views.index(view),
        bind=alt.binding_radio(options=list(range(len(views))), labels=[f"{v}\u2003" for v in views], name="Show: "),
    )
    rivalry = _rivalry_slider(rivalry_weight, rivalry_range)
    step = 5 if len(years) > 20 else 1
    x = alt.X(
        "year:O",
        title="Year",
        scale=alt.Scale(domain=years),
        axis=alt.Axis(values=[y for y in years if y % step == 0], labelAngle=0),
    )
    y = alt.Y("state:N", title=None, sort=states, scale=alt.Scale(domain=states))
    grid = _heatmap_grid(data, x, y)
    layers = [grid]
    _marker_layer(layers, markers, states, years, x, y, marker_title)
    if description is None:
        description = (
            "Grid of intent values, one row per state and one column per year, for the chosen view; "
            "white diamonds mark events."
        )
    return finish(
        alt.layer(*layers)
        .add_params(pick, rivalry)
        .properties(width=width, height=height, description=description), grid=None, grid_opacity=None
    )


def _marker_layer(layers, markers, states, years, x, y, marker_title):
    """White diamonds at the marked cells (added to ``layers``), if ``markers`` is given."""
    if markers is not None:
        require_columns(markers, ["state", "year", "label"], "markers")
        require_unique_keys(markers, ["state", "year"], "markers")
        m = markers[["state", "year", "label"]].copy().reset_index(drop=True)
        m["state"], m["year"], m["label"] = m["state"].astype(str), m["year"].astype("int64"), m["label"].astype(str)
        unknown = sorted(set(m["state"]) - set(states))
        if unknown:
            raise ValueError(f"markers: states {unknown} are not in cells.")
        outside = sorted(set(m["year"]) - set(years))
        if outside:
            raise ValueError(f"markers: years {outside} are not in cells.")
        layers.append(
            alt.Chart(m)
            .mark_point(shape="diamond", filled=True, fill="white", stroke="black", strokeWidth=1.2, size=70, opacity=1)
            .encode(
                x=x,
                y=y,
                tooltip=[
                    alt.Tooltip("state:N", title="State"),
                    alt.Tooltip("year:O", title="Year"),
                    alt.Tooltip("label:N", title=marker_title),
                ],
            )
        )


def _heatmap_grid(data, x, y):
    """The grid of intent values, recomputed for the chosen rivalry weight."""
    grid = (
        alt.Chart(data)
        .transform_filter(f"datum.view == {HEATMAP_VIEW_PARAM}")
        .transform_calculate(intent=_intent_expr("datum.hostility"))
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "intent:Q",
                title="Intent (0 to 1)",
                scale=alt.Scale(domain=[0, 1], scheme="viridis"),
                legend=alt.Legend(orient="right", gradientLength=120, format=".1f"),
            ),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("intent:Q", title="Intent", format=".2f"),
                alt.Tooltip("hostility:Q", title="Hostility sum h (disputes)", format=".2f"),
                alt.Tooltip("rivalry:Q", title="Strategic rivalry (1 = yes)", format="d"),
            ],
        )
    )
    return grid


def _heatmap_data(cells, view, height):
    """The cells (checked) as drawn, the views, the one shown first, the height, the states and the years."""
    require_columns(cells, ["view", "state", "year", "hostility", "rivalry"], "cells")
    require_unique_keys(cells, ["view", "state", "year"], "cells")
    _check_hostility(cells, "cells")
    data = cells[["view", "state", "year", "hostility", "rivalry"]].copy().reset_index(drop=True)
    views = [str(v) for v in pd.unique(data["view"])]
    data["view"] = data["view"].astype(str).map({v: i for i, v in enumerate(views)})
    data["state"] = data["state"].astype(str)
    data["year"] = data["year"].astype("int64")
    data["hostility"] = rounded(data["hostility"].astype("float64"), 4)
    data["rivalry"] = data["rivalry"].astype("int64")
    states = list(pd.unique(data["state"]))
    view = opening_choice(view, views, "view")
    if height is None:
        height = 20 * len(states)
    years = sorted(data["year"].unique().tolist())
    return data, views, view, height, states, years
