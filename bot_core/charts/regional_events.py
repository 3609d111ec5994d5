"""Figures of the regional case chapters (Part III): the Middle East, the Gulf, revolutions.

:func:`onset_label_bars`
    Alliance onsets of a region, year by year, stacked by how :func:`bot_core.evaluate.classify_onsets`
    labels them, under several settings of the model; radio buttons choose the setting in the
    reader's browser (the counts of every setting are embedded, so the page needs no kernel).
:func:`pledge_matrix`
    The strongest ATOP pledge in force between each pair of a few states, in the year a slider
    chooses: who was allied with whom, and how that changed.
:func:`event_study`
    A rate (e.g. the share of state-years with a new militarized dispute) by year relative to an
    event (e.g. an irregular change of leader), for several groups of states; radio buttons choose
    the measure.

Every builder checks its input (:func:`bot_core.charts.base.require_columns`) and returns an
altair chart; colours follow :data:`bot_core.charts.base.OKABE_ITO`, each series with its own dash.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from bot_core.charts.base import OKABE_ITO, finish, nearest_hover, require_columns, require_unique_keys, rounded, series_colour, series_dash

__all__ = ["LABELS", "PLEDGE_ORDER", "REGION_PARAMS", "event_study", "onset_label_bars", "pledge_matrix"]

#: The labels of :func:`bot_core.evaluate.classify_onsets`, in the order the bars stack them.
LABELS = ("bandwagoning", "balancing (threat)", "balancing (power)", "none")
_LABEL_COLOURS = (OKABE_ITO[1], OKABE_ITO[0], OKABE_ITO[3], "#BBBBBB")

#: ATOP pledge types in words (as :func:`bot_core.cases.alliance_events` writes them), strongest first.
PLEDGE_ORDER = ("defence", "offence", "neutrality", "non-aggression", "consultation")
_PLEDGE_COLOURS = (OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[3], OKABE_ITO[2], OKABE_ITO[5])

#: Names of the parameters each builder puts in its specification.
REGION_PARAMS = {"setting": "region_setting", "year": "region_year", "measure": "region_measure",
                 "hover": "region_hover"}


def _check_choice(value, options: Sequence, what: str) -> None:
    if value not in options:
        raise ValueError(f"{what} {value!r} is not one of {list(options)}.")


def onset_label_bars(
    counts: pd.DataFrame,
    *,
    setting: str | None = None,
    title: str = "Alliance onsets by label",
    description: str | None = None,
    width: int = 520,
    height: int = 220,
) -> alt.Chart:
    """Stacked bars: alliance onsets per year, by label, for the setting the reader picks.

    ``counts`` has one row per ``setting`` (a name of a model setting, e.g. ``"equal weights,
    additive"``), ``year``, ``label`` (one of :data:`LABELS`) with ``onsets`` (a count, >= 0) and
    ``pairs`` (text naming the pairs, shown on hover). ``setting`` opens the figure (default: the
    first setting in ``counts``). Radio buttons (parameter ``REGION_PARAMS["setting"]``) switch
    settings in the browser.
    """
    require_columns(counts, ["setting", "year", "label", "onsets", "pairs"], "counts")
    require_unique_keys(counts, ["setting", "year", "label"], "counts")
    bad = sorted(set(counts.label.astype(str)) - set(LABELS))
    if bad:
        raise ValueError(f"unknown labels {bad}; use {list(LABELS)}.")
    if (pd.to_numeric(counts.onsets, errors="coerce").fillna(-1) < 0).any():
        raise ValueError("onsets must be counts (whole numbers >= 0).")
    settings = list(dict.fromkeys(counts.setting.astype(str)))
    setting = settings[0] if setting is None else setting
    _check_choice(setting, settings, "setting")
    data = counts[["setting", "year", "label", "onsets", "pairs"]].copy()
    data["year"] = data.year.astype(int)
    data["onsets"] = data.onsets.astype(int)
    data["setting"] = data.setting.astype(str)
    data["order"] = data.label.map({k: n for n, k in enumerate(LABELS)})
    p = alt.param(name=REGION_PARAMS["setting"], value=setting,
                  bind=alt.binding_radio(options=settings, name="Model setting  "))
    years = sorted(data.year.unique().tolist())
    if description is None:
        description = (f"Stacked bar chart: alliance onsets in each of the years {', '.join(map(str, years))}, "
                       f"coloured by label ({', '.join(LABELS)}); radio buttons choose the model setting.")
    return (
        alt.Chart(alt.InlineData(values=data.to_dict(orient="records")))
        .transform_filter(f"datum.setting == {REGION_PARAMS['setting']}")
        .transform_filter("datum.onsets > 0")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year of onset", sort=years),
            y=alt.Y("sum(onsets):Q", title="Alliance onsets (pairs of states)", stack="zero"),
            color=alt.Color("label:N", title="Label", scale=alt.Scale(domain=list(LABELS), range=list(_LABEL_COLOURS)),
                            legend=alt.Legend(orient="top")),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("label:N", title="Label"),
                     alt.Tooltip("sum(onsets):Q", title="Onsets"), alt.Tooltip("pairs:N", title="Pairs")],
        )
        .add_params(p)
        .properties(width=width, height=height, description=description,
                    title=alt.TitleParams(title, anchor="start", fontSize=14))
    )


def pledge_matrix(
    pledges: pd.DataFrame,
    states: Sequence[str],
    *,
    year: int,
    title: str = "ATOP pledges in force",
    description: str | None = None,
    size: int = 26,
) -> alt.Chart:
    """A matrix of the strongest ATOP pledge in force between each pair of ``states``, by year.

    ``pledges`` has one row per ``year`` and unordered pair (``name1``, ``name2``, names as in
    ``states``) holding a pledge, with ``pledge`` the strongest type in force (one of
    :data:`PLEDGE_ORDER`). Both cells of a pair are drawn. A slider (parameter
    ``REGION_PARAMS["year"]``) picks the year, opening on ``year``.
    """
    require_columns(pledges, ["year", "name1", "name2", "pledge"], "pledges")
    states = list(states)
    if len(states) < 2 or len(set(states)) != len(states):
        raise ValueError("give at least two distinct state names in states.")
    unknown = sorted((set(pledges.name1) | set(pledges.name2)) - set(states))
    if unknown:
        raise ValueError(f"pledges names states not in states: {unknown}.")
    bad = sorted(set(pledges.pledge.astype(str)) - set(PLEDGE_ORDER))
    if bad:
        raise ValueError(f"unknown pledge types {bad}; use {list(PLEDGE_ORDER)}.")
    if (pledges.name1 == pledges.name2).any():
        raise ValueError("a pledge needs two different states (name1 == name2 in some row).")
    d = pledges[["year", "name1", "name2", "pledge"]].copy()
    d["year"] = d.year.astype(int)
    both = pd.concat([d, d.rename(columns={"name1": "name2", "name2": "name1"})], ignore_index=True)
    both["rank"] = both.pledge.map({k: n for n, k in enumerate(PLEDGE_ORDER)})
    both = (both.sort_values("rank").drop_duplicates(["year", "name1", "name2"])
            .drop(columns="rank").sort_values(["year", "name1", "name2"], ignore_index=True))
    first, last = int(both.year.min()), int(both.year.max())
    if not first <= int(year) <= last:
        raise ValueError(f"year {year} lies outside the years of pledges ({first}-{last}).")
    p = alt.param(name=REGION_PARAMS["year"], value=int(year),
                  bind=alt.binding_range(min=first, max=last, step=1, name="Year  "))
    grid = pd.DataFrame([(a, b) for a in states for b in states if a != b], columns=["name1", "name2"])
    if description is None:
        description = (f"Matrix of {len(states)} states ({', '.join(states)}): each cell coloured by the "
                       f"strongest ATOP pledge in force between the pair in the year the slider chooses "
                       f"({first}-{last}).")
    x = alt.X("name2:N", title=None, sort=states, axis=alt.Axis(labelAngle=-40, orient="top"))
    y = alt.Y("name1:N", title=None, sort=states)
    empty = alt.Chart(alt.InlineData(values=grid.to_dict(orient="records"))).mark_rect(
        fill="#F4F4F4", stroke="white").encode(x=x, y=y)
    cells = (
        alt.Chart(alt.InlineData(values=both.to_dict(orient="records")))
        .transform_filter(f"datum.year == {REGION_PARAMS['year']}")
        .mark_rect(stroke="white")
        .encode(x=x, y=y,
                color=alt.Color("pledge:N", title="Strongest pledge in force",
                                scale=alt.Scale(domain=list(PLEDGE_ORDER), range=list(_PLEDGE_COLOURS)),
                                legend=alt.Legend(orient="right")),
                tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("name1:N", title="State"),
                         alt.Tooltip("name2:N", title="Partner"), alt.Tooltip("pledge:N", title="Strongest pledge")])
        .add_params(p)
    )
    label = alt.Chart(alt.InlineData(values=[{"x": 0}])).transform_calculate(
        text=f"'Pledges in force in ' + {REGION_PARAMS['year']}").mark_text(
        align="left", baseline="top", fontSize=13, fontWeight="bold").encode(
        x=alt.value(0), y=alt.value(size * len(states) + 8), text="text:N")
    return finish(alt.layer(empty, cells, label).properties(
        width=size * len(states), height=size * len(states), description=description,
        title=alt.TitleParams(title, anchor="start", fontSize=14)), grid=None, fonts=False, grid_opacity=None)


def event_study(
    frame: pd.DataFrame,
    *,
    measure: str | None = None,
    title: str = "Before and after the event",
    y_title: str = "Share of state-years (%)",
    x_title: str = "Years from the event (0 = the year of the event)",
    description: str | None = None,
    width: int = 520,
    height: int = 240,
) -> alt.LayerChart:
    """Lines: a rate by year relative to an event, one line per group, for the measure picked.

    ``frame`` has one row per ``measure`` (name of the outcome), ``group`` (at most seven),
    ``rel_year`` (whole years from the event) with ``rate`` (in percent) and ``n`` (how many
    observations the rate averages, shown on hover). Radio buttons (``REGION_PARAMS["measure"]``)
    pick the measure, opening on ``measure`` (default: the first); pointing at a line shows values.
    """
    require_columns(frame, ["measure", "group", "rel_year", "rate", "n"], "frame")
    require_unique_keys(frame, ["measure", "group", "rel_year"], "frame")
    groups = list(dict.fromkeys(frame.group.astype(str)))
    if len(groups) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} groups (one colour each); got {len(groups)}.")
    measures = list(dict.fromkeys(frame.measure.astype(str)))
    measure = measures[0] if measure is None else measure
    _check_choice(measure, measures, "measure")
    d = frame[["measure", "group", "rel_year", "rate", "n"]].copy()
    d["rel_year"] = d.rel_year.astype(int)
    d["rate"] = rounded(d.rate.astype(float), 3)
    d["n"] = d.n.astype(int)
    d["measure"] = d.measure.astype(str)
    d["group"] = d.group.astype(str)
    p = alt.param(name=REGION_PARAMS["measure"], value=measure,
                  bind=alt.binding_radio(options=measures, name="Measure  "))
    hover = nearest_hover(REGION_PARAMS["hover"], ["rel_year"])
    base = alt.Chart(alt.InlineData(values=d.to_dict(orient="records"))).transform_filter(
        f"datum.measure == {REGION_PARAMS['measure']}")
    x = alt.X("rel_year:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("rate:Q", title=y_title, scale=alt.Scale(zero=True))
    colour = series_colour("group:N", groups, title=None,
                           legend=alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=2.5))
    dash = series_dash("group:N", groups, title=None)
    tooltip = [alt.Tooltip("group:N", title="Group"), alt.Tooltip("rel_year:Q", title="Years from event"),
               alt.Tooltip("rate:Q", format=".1f", title="Rate (%)"), alt.Tooltip("n:Q", title="Observations")]
    lines = base.mark_line(strokeWidth=2.2).encode(x=x, y=y, color=colour, strokeDash=dash)
    points = base.mark_point(filled=True, size=40).encode(
        x=x, y=y, color=colour, opacity=alt.condition(hover, alt.value(1), alt.value(0.35)),
        tooltip=tooltip).add_params(hover)
    zero = alt.Chart(alt.InlineData(values=[{"rel_year": 0}])).mark_rule(
        color="#666666", strokeDash=[3, 3]).encode(x="rel_year:Q")
    if description is None:
        description = (f"Line chart: {y_title.lower()} by {x_title.lower()}, one line per group "
                       f"({', '.join(groups)}); radio buttons choose the measure ({', '.join(measures)}).")
    return alt.layer(zero, lines, points).add_params(p).properties(
        width=width, height=height, description=description,
        title=alt.TitleParams(title, anchor="start", fontSize=14))
