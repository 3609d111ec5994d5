"""Figures of the chapter *The measurement problem* (Part IV): how a ranking of threats moves with
the modeller's choices.

:func:`ranking_explorer`
    one state's top threats in one year, recomputed under a grid of choices (how fast proximity
    decays, which indicator measures power, the functional form), picked with inputs in the page.
:func:`agreement_dots`
    for each single change of a choice, the share of states whose top threat stays the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from bot_core.charts.base import (DASHES, OKABE_ITO, faded_unless, finish, require_colours, require_columns,
                                  require_counts, require_shares, require_unique_keys, series_colour)

__all__ = ["AGREE_GROUP_PARAM", "AGREE_YEAR_PARAM", "EXPLORER_PARAMS", "agreement_dots", "ranking_explorer"]

#: Names of the parameters in :func:`ranking_explorer`'s specification.
EXPLORER_PARAMS = {"case": "m_case", "half_distance_km": "m_half", "power": "m_power", "form": "m_form",
                   "state": "m_state"}
#: Name of the year menu in :func:`agreement_dots`'s specification.
AGREE_YEAR_PARAM = "agree_year"
#: Name of the legend selection (the group highlighted) in :func:`agreement_dots`'s specification.
AGREE_GROUP_PARAM = "agree_group"


def _labels(options: Sequence, labels: Mapping | None) -> list[str]:
    labels = labels or {}
    return [str(labels.get(o, o)) for o in options]


def ranking_explorer(
    grid: pd.DataFrame,
    *,
    defaults: Mapping[str, object] | None = None,
    power_labels: Mapping[str, str] | None = None,
    description: str | None = None,
    width: int = 420,
    bar_height: int = 26,
) -> alt.Chart:
    """A state's top threats under a grid of modelling choices, one grid point shown at a time.

    Parameters
    ----------
    grid
        One row per ``case`` (a label such as "United Kingdom, 1905"), ``half_distance_km``,
        ``power`` (the indicator of aggregate power), ``form`` and ``rank`` (1 = top threat), with
        ``state`` (the threatening state's name) and ``threat`` (the index, 0 to 1). Every case
        must have the same ranks under every combination of choices.
    defaults
        The choices shown first, by key ``case``, ``half_distance_km``, ``power``, ``form``
        (default: the first value of each in the grid).
    power_labels
        Display names of the power indicators in the menu.
    description
        Alternative text (the SVG's ARIA description).

    Returns
    -------
    altair.Chart
        Its data are ``grid``'s seven columns, sorted by case, choices and rank. Four inputs
        below the chart (parameters named in :data:`EXPLORER_PARAMS`) pick the case (radio), the
        half-distance (radio), the power indicator (menu) and the form (radio); clicking a bar
        highlights that state under every choice (parameter ``EXPLORER_PARAMS["state"]``).

    Raises
    ------
    ValueError
        If a column is missing, a row repeats, a threat is outside 0-1, a rank is not a positive
        whole number, some combination of choices lacks ranks that others have, or a default is
        not in the grid.
    """
    data, options, start = _grid_data(grid, defaults)
    P = EXPLORER_PARAMS
    p_case = alt.param(name=P["case"], value=start["case"],
                       bind=alt.binding_radio(options=options["case"], name="Perceiving state: "))
    halves = [float(h) for h in options["half_distance_km"]]
    p_half = alt.param(name=P["half_distance_km"], value=float(start["half_distance_km"]),
                       bind=alt.binding_radio(options=halves, labels=[f"{h:,.0f} km" for h in halves],
                                              name="Half-distance of proximity: "))
    p_power = alt.param(name=P["power"], value=start["power"],
                        bind=alt.binding_select(options=options["power"], labels=_labels(options["power"], power_labels),
                                                name="Indicator of aggregate power: "))
    p_form = alt.param(name=P["form"], value=start["form"],
                       bind=alt.binding_radio(options=options["form"], name="Functional form: "))
    pick = alt.selection_point(name=P["state"], fields=["state"], on="click", clear="dblclick", empty=False)
    flt = (f"datum.case == {P['case']} && datum.half_distance_km == {P['half_distance_km']} && "
           f"datum.power == {P['power']} && datum.form == {P['form']}")
    base = alt.Chart(data).transform_filter(flt)
    y = alt.Y("rank:O", title="Rank among the state's threats", axis=alt.Axis(labelAngle=0))
    x = alt.X("threat:Q", title="Threat index (0 to 1)", scale=alt.Scale(domain=[0, 1]))
    tip = [alt.Tooltip("rank:O", title="Rank"), alt.Tooltip("state:N", title="State"),
           alt.Tooltip("threat:Q", title="Threat index", format=".3f")]
    bars = base.mark_bar(height=bar_height * 0.75).encode(
        y=y, x=x, tooltip=tip,
        color=alt.condition(pick, alt.value(OKABE_ITO[1]), alt.value(OKABE_ITO[0])),
        stroke=alt.condition(pick, alt.value("#000000"), alt.value(None)),
    ).add_params(pick)
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        y=y, x=x, text=alt.Text("state:N"), tooltip=tip)
    n_ranks = int(data["rank"].max())
    chart = alt.layer(bars, text).add_params(p_case, p_half, p_power, p_form)
    if description is None:
        description = ("Horizontal bar chart of a state's top threats under chosen settings of the threat index; "
                       "inputs below the chart change the perceiving state, the half-distance of proximity, the "
                       "indicator of power and the functional form.")
    return finish(chart.properties(width=width, height=bar_height * n_ranks, description=description), grid=None)


def _grid_data(grid, defaults):
    """The grid (checked: every combination of choices ranked alike) sorted by its keys, the options of each menu and the ones it opens on."""
    keys = ["case", "half_distance_km", "power", "form", "rank"]
    require_columns(grid, [*keys, "state", "threat"], "grid")
    require_unique_keys(grid, keys, "grid")
    require_shares(grid, "threat", "grid")
    require_counts(grid, "rank", "grid")
    choices = ["half_distance_km", "power", "form"]
    options = {c: list(pd.unique(grid[c])) for c in ["case", *choices]}
    for case, g in grid.groupby("case", sort=False):
        ranks = g.groupby(choices).size()
        full = pd.MultiIndex.from_product([options[c] for c in choices])
        if len(ranks) != len(full) or ranks.nunique() != 1:
            raise ValueError(f"case {case!r} lacks ranks for some combination of choices; give every "
                             "combination the same number of ranks.")
    defaults = dict(defaults or {})
    unknown = set(defaults) - set(options)
    if unknown:
        raise ValueError(f"unknown defaults {sorted(unknown)}; use {', '.join(options)}.")
    start = {c: defaults.get(c, options[c][0]) for c in options}
    for c, v in start.items():
        if v not in options[c]:
            raise ValueError(f"default {c}={v!r} is not in the grid ({options[c]}).")

    data = grid[[*keys, "state", "threat"]].copy()
    data["half_distance_km"] = data["half_distance_km"].astype("float64")
    data["rank"] = data["rank"].astype("int64")
    data["threat"] = data["threat"].astype("float64")
    for c in ("case", "power", "form", "state"):
        data[c] = data[c].astype(object)
    data = data.sort_values(keys, kind="stable").reset_index(drop=True)
    return data, options, start


def agreement_dots(
    table: pd.DataFrame,
    *,
    description: str | None = None,
    width: int = 420,
    row_height: int = 20,
) -> alt.Chart:
    """For each single change of a modelling choice, the share of states whose top threat is the
    same as under the defaults; a menu picks the year.

    Parameters
    ----------
    table
        One row per ``year`` and ``setting`` (a label such as "half-distance 250 km"; shown in
        order of first appearance), with ``group`` (which part of the model the setting changes),
        ``share_same`` (0 to 1) and ``states`` (how many perceiving states were compared).

    Returns
    -------
    altair.Chart
        Its data are ``table``'s five columns, rows in the order given. A menu (parameter
        :data:`AGREE_YEAR_PARAM`) picks the year; clicking a group in the legend (parameter
        :data:`AGREE_GROUP_PARAM`) highlights its settings.

    Raises
    ------
    ValueError
        If a column is missing, a (year, setting) row repeats, a share is outside 0-1, a setting
        belongs to two groups, ``states`` is not a positive whole number, or there are more
        groups than colours.
    """
    cols = ["year", "setting", "group", "share_same", "states"]
    require_columns(table, cols, "table")
    require_unique_keys(table, ["year", "setting"], "table")
    require_shares(table, "share_same", "table")
    require_counts(table, "states", "table")
    if (table.groupby("setting")["group"].nunique() > 1).any():
        raise ValueError("each setting must belong to one group.")
    groups = list(pd.unique(table["group"]))
    require_colours(groups, "groups")
    settings = list(pd.unique(table["setting"]))
    years = sorted(int(y) for y in pd.unique(table["year"]))
    data = table[cols].copy().reset_index(drop=True)
    data["year"] = data["year"].astype("int64")
    data["states"] = data["states"].astype("int64")
    data["share_same"] = data["share_same"].astype("float64")
    for c in ("setting", "group"):
        data[c] = data[c].astype(object)

    p_year = alt.param(name=AGREE_YEAR_PARAM, value=years[0],
                       bind=alt.binding_select(options=years, name="Year: "))
    pick = alt.selection_point(name=AGREE_GROUP_PARAM, fields=["group"], bind="legend")
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge"]
    base = alt.Chart(data).transform_filter(f"datum.year == {AGREE_YEAR_PARAM}")
    y = alt.Y("setting:N", sort=settings, title=None, axis=alt.Axis(labelLimit=260))
    x = alt.X("share_same:Q", title="Share of states whose top threat is unchanged",
              scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    colour = series_colour("group:N", groups, title="Choice changed", legend=alt.Legend(orient="top", columns=3))
    shape = alt.Shape("group:N", scale=alt.Scale(domain=groups, range=shapes[: len(groups)]), legend=None)
    tip = [alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("setting:N", title="Change"),
           alt.Tooltip("share_same:Q", title="Top threat unchanged", format=".1%"),
           alt.Tooltip("states:Q", title="States compared", format=",")]
    stems = base.transform_calculate(all_same="1").mark_rule(strokeDash=list(DASHES[2]), color="#999999").encode(
        y=y, x=alt.X("all_same:Q", scale=alt.Scale(domain=[0, 1])), x2="share_same:Q")
    dots = base.mark_point(filled=True, size=90).encode(
        y=y, x=x, color=colour, shape=shape, tooltip=tip,
        opacity=faded_unless(pick, 0.15))
    chart = alt.layer(stems, dots).add_params(p_year, pick)
    if description is None:
        description = ("Dot plot: for each single change of a modelling choice, the share of states whose top "
                       "threat stays the same as under the defaults, in a year picked from a menu.")
    return finish(chart.properties(width=width, height=row_height * len(settings), description=description), grid=None)
