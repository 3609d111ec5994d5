"""Figures of the historical cases (Part III): who ranks where among a state's threats, over time.

:func:`rank_paths_chart`
    The case figure. For the perceiving state chosen in a menu, the rank of each focus state
    among its threats, year by year, recomputed in the reader's browser as the four weight
    sliders and the form buttons move (the formula of :mod:`bot_core.threat`, the same Vega
    expression as the threat index explorer's: :func:`bot_core.charts.explorer.index_expression`).
    A checkbox (on at first) names, in a band along the top, whichever state holds rank 1 in
    each run of years, focus state or not. Pointing at a year lists that year's whole top ``k``; a lower panel marks the alliance
    events of the case (ATOP) and, set apart, curated events after the data end.
:func:`event_marks`
    The events panel's data: one row per year and kind of event, labels joined.

The embedded criteria follow :mod:`bot_core.explorer`: every target that can reach a top ``k``
under some weighting is kept, so the page's ranks up to ``k`` are exact for every weighting.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from bot_core import _args
from bot_core.charts.base import OKABE_ITO, finish, nearest_hover, require_columns, series_colour, series_dash
from bot_core.charts.explorer import _LABELS, _csv, _js_list, check_page_inputs, index_expression
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = ["CASE_PARAMS", "EVENT_KINDS", "event_marks", "rank_paths_chart"]

_CRITERIA = ("power", "proximity", "offense", "intent")

#: Names of the parameters in :func:`rank_paths_chart`'s specification.
CASE_PARAMS = {
    "state": "case_perceiver",
    "form": "case_form",
    "power": "case_w_power",
    "proximity": "case_w_proximity",
    "offense": "case_w_offense",
    "intent": "case_w_intent",
    "year": "case_year",
    "rank1": "case_show_rank1",
}

#: Kinds of event the lower panel shows, top to bottom, and the mark of each.
EVENT_KINDS = {
    "ATOP: pledge begins": ("triangle-up", "#0072B2"),
    "ATOP: pledge ends": ("triangle-down", "#D55E00"),
    "No treaty: alignment or crisis": ("square", "#009E73"),
    "Curated (after the data)": ("diamond", "#555555"),
}

_MAX_LABELS = 6


def event_marks(events: pd.DataFrame) -> pd.DataFrame:
    """One row per ``year`` and ``kind`` (a key of :data:`EVENT_KINDS`), with ``count`` and
    ``text`` (the events' ``label`` values joined by ``"; "``, at most six, then how many more).

    ``events`` has one row per event with ``year``, ``kind`` and ``label``.
    """
    require_columns(events, ["year", "kind", "label"], "events")
    bad = sorted(set(events.kind.astype(str)) - set(EVENT_KINDS))
    if bad:
        raise ValueError(f"unknown event kinds {bad}; use {', '.join(EVENT_KINDS)}.")
    if events.label.isna().any() or (events.label.astype(str).str.strip() == "").any():
        raise ValueError("every event needs a label (the text its tooltip shows).")
    rows = []
    for (year, kind), g in events.groupby(["year", "kind"], sort=True):
        labels = g.label.astype(str).tolist()
        text = "; ".join(labels[:_MAX_LABELS])
        if len(labels) > _MAX_LABELS:
            text += f"; and {len(labels) - _MAX_LABELS} more"
        rows.append({"year": int(year), "kind": str(kind), "count": len(labels), "text": text})
    out = pd.DataFrame(rows, columns=["year", "kind", "count", "text"])
    order = {k: n for n, k in enumerate(EVENT_KINDS)}
    return out.sort_values(["year", "kind"], key=lambda s: s.map(order) if s.name == "kind" else s, ignore_index=True)


def rank_paths_chart(
    data: pd.DataFrame,
    names: pd.DataFrame,
    perceivers: Mapping[int, str],
    focus: Mapping[int, str],
    *,
    state: int,
    events: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    form: str = _DEFAULT_FORM,
    floor: float = 0.01,
    top: int = 5,
    decimals: int = 6,
    weight_step: float = 0.05,
    highlight_year: int | None = None,
    title: str = "Where each state ranks among the chosen state's threats",
    description: str | None = None,
    width: int = 400,
    height: int = 180,
) -> alt.VConcatChart:
    """The case figure: the focus states' ranks among a perceiver's threats, by year.

    Parameters
    ----------
    data
        :func:`bot_core.cases.page_data`: one row per perceiving state ``ccode1``, ``year`` and
        target ``ccode2`` with the four criteria (0-1, ``NaN`` where missing). Years evenly
        spaced.
    names
        ``ccode`` and ``name`` of every target.
    perceivers
        The states in the menu, COW code to label, in menu order; each must perceive in ``data``.
    focus
        The states whose ranks are drawn, COW code to label (at most seven: one colour and dash
        each). The list panel names every state in the top ``top``, focus or not.
    state
        The perceiver shown first.
    events
        Optional: one row per event with ``year``, ``kind`` (a key of :data:`EVENT_KINDS`) and
        ``label``, drawn in a lower panel (see :func:`event_marks`). Events outside the years
        of ``data`` widen the lower panel's axis only; the upper one stops where the data stop.
    weights, form, floor
        Opening weights (default: :data:`bot_core.threat.DEFAULT_WEIGHTS`), form and geometric floor, as in :mod:`bot_core.threat`.
    top
        Ranks drawn (1 to ``top``); a focus state ranked lower leaves a gap in its line.
    decimals, weight_step
        Precision of the embedded criteria; step of the weight sliders.
    highlight_year
        The year whose top ``top`` the list shows first (default: the last year of ``data``).
    title, description
        Title and alternative text (the SVG's ARIA description) of the figure.
    width, height
        Size of the rank panel in pixels.

    Returns
    -------
    altair.VConcatChart
        Parameters (names in :data:`CASE_PARAMS`): the perceiver menu, the form buttons, four
        weight sliders, the rank-1 tick box and the pointed year.

    Raises
    ------
    ValueError
        If a column is missing, a key repeats, a criterion lies outside 0-1, the years are not
        evenly spaced, or a setting is not valid (unknown state, too many focus states ...).
    """
    years, step, perceivers, w0 = check_page_inputs(data, names, perceivers, state, weights, form, floor, top,
                                                    decimals)
    focus = _checked_focus(focus)
    if highlight_year is None:
        highlight_year = int(years[-1])
    if highlight_year not in years:
        raise ValueError(f"highlight_year {highlight_year!r} is not a year of data ({years[0]}-{years[-1]}).")
    params, hover = _case_params(perceivers, state, form, w0, weight_step, highlight_year)
    panels = _case_panels(data, names, perceivers, focus, events, hover, years, step, decimals, floor, top, width, height)
    if description is None:
        description = _case_description(list(focus.values()), top, events is not None)
    usermeta = {"perceivers": list(perceivers), "focus": list(focus), "first_year": int(years[0]), "year_step": step,
                "decimals": int(decimals), "floor": float(floor), "top": int(top)}
    return _compose_case(panels, params, hover, usermeta, title, description)


def _case_params(perceivers, state, form, w0, weight_step, highlight_year):
    """The figure's inputs (perceiver, form, the four weights) and its year pointer."""
    P = CASE_PARAMS
    codes = list(perceivers)
    p_state = alt.param(name=P["state"], value=int(state), bind=alt.binding_select(
        options=codes, labels=list(perceivers.values()), name="Perceiving state  "))
    p_form = alt.param(name=P["form"], value=form, bind=alt.binding_radio(
        options=["additive", "geometric"], name="Functional form  "))
    p_w = {c: alt.param(name=P[c], value=w0.get(c, 0.0), bind=alt.binding_range(
        min=0, max=1, step=weight_step, name=f"Weight of {_LABELS[c].lower()}  ")) for c in _CRITERIA}
    p_rank1 = alt.param(name=P["rank1"], value=True, bind=alt.binding_checkbox(name="Name the top threat of each year  "))
    hover = nearest_hover(P["year"], clear=False, value=highlight_year)
    return [p_state, p_form, *p_w.values(), p_rank1], hover


def _case_panels(data, names, perceivers, focus, events, hover, years, step, decimals, floor, top, width, height):
    """The rows of panels: (a) the ranks beside the list of the hovered year's top threats; (b) the events."""
    P = CASE_PARAMS
    codes = list(perceivers)
    name_map = names.drop_duplicates("ccode").set_index("ccode")["name"].astype(str).to_dict()
    threat_expr, valid, wsum = index_expression(P, decimals, floor)
    sel_i = f"indexof({_js_list(codes)}, {P['state']})"
    state_name = f"{_js_list(list(perceivers.values()))}[{sel_i}]"
    first = int(years[0])
    main, ranked = _ranked_rows(data, decimals, codes, first, step, focus, name_map, sel_i, valid, wsum, threat_expr)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[first, int(years[-1])], nice=False))
    band = _rank1_band(ranked, (first, int(years[-1])), step, focus, top, width)
    focus_labels, panel_a = _rank_panel(ranked, main, x, focus, top, hover, sel_i, wsum, state_name, width, height, band)
    panel_list, year_text = _top_list(ranked, hover, top, height)
    panels = [alt.hconcat(panel_a, alt.layer(panel_list, year_text), spacing=12)]
    _events_panel(panels, events, first, years, width)
    return panels


def _case_description(focus_labels, top, with_events):
    """The figure's alternative text."""
    return (
        "Line chart by year: the rank of each of " + ", ".join(focus_labels) + " among the threats to the "
        f"chosen perceiving state (1 = top threat, ranks 1 to {int(top)} drawn), with a list of the top "
        f"{int(top)} in the year the pointer rests on" + (", and a panel marking alliance events" if with_events else "")
        + ". Menus and sliders change the perceiver, the weights and the functional form."
    )


def _compose_case(panels, params, hover, usermeta, title, description):
    """The panels stacked, with the inputs, the pointer listening to panel (a)'s catcher only, and the page's metadata."""
    chart = alt.vconcat(*panels, spacing=24).add_params(*params)
    # the pointer selection listens to the catcher layer only (altair lists every named layer)
    for param in chart.params:
        if getattr(param, "name", None) == hover.name:
            param.views = [v for v in param.views if v.startswith("case_year_catcher")]
    chart.usermeta = {"case_figure": usermeta}
    return finish(
        chart.resolve_scale(color="independent", shape="independent", strokeDash="independent")
        .properties(description=description, title=alt.TitleParams(title, anchor="start", fontSize=14)), grid=None
    )


def _events_panel(panels, events, first, years, width):
    """Panel (b) (added to ``panels``), if ``events`` has marks: the case's alliance events by kind, with the hovered year's rule."""
    P = CASE_PARAMS
    if events is not None:
        marks = event_marks(events)
        if len(marks):
            kinds = [k for k in EVENT_KINDS if k in set(marks.kind)]
            x_ev = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                         scale=alt.Scale(domain=[min(first, int(marks.year.min())), max(int(years[-1]), int(marks.year.max()))],
                                         nice=False))
            ev = alt.Chart(alt.InlineData(values=marks.to_dict(orient="records"))).mark_point(
                filled=True, size=70, opacity=0.9).encode(
                x=x_ev,
                y=alt.Y("kind:N", title=None, sort=kinds, axis=alt.Axis(labelLimit=220)),
                shape=alt.Shape("kind:N", legend=None, scale=alt.Scale(domain=list(EVENT_KINDS),
                                                                     range=[v[0] for v in EVENT_KINDS.values()])),
                color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=list(EVENT_KINDS),
                                                                       range=[v[1] for v in EVENT_KINDS.values()])),
                tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("kind:N", title="Kind"),
                         alt.Tooltip("count:Q", title="Events"), alt.Tooltip("text:N", title="What")],
            )
            ev_rule = alt.Chart(alt.InlineData(values=[{"year": 0}])).transform_calculate(
                year=f"{P['year']}.year ? {P['year']}.year[0] : null").transform_filter("datum.year != null").mark_rule(
                color="#666666", strokeDash=[3, 3]).encode(x=x_ev)
            panels.append(alt.layer(ev_rule, ev).properties(
                width=width, height=22 * len(kinds),
                title=alt.TitleParams("(b) Alliance events of the case (point at a mark for the details)",
                                      anchor="start", fontSize=13)))


def _top_list(ranked, hover, top, height):
    """The list beside panel (a): the top threats in the hovered year (focus states in bold), headed by the year."""
    listed = (
        ranked.transform_filter(hover).transform_filter(f"datum.rank <= {int(top)}")
        .transform_calculate(line="datum.rank + '. ' + datum.name + '  ' + format(datum.threat, '.3f')")
    )
    list_y = alt.Y("rank:Q", axis=None, scale=alt.Scale(domain=_rank_domain(top), nice=False))
    list_text = alt.layer(*(
        listed.transform_filter(f"datum.focus == {flag}").mark_text(
            align="left", baseline="middle", fontSize=12, dx=2, fontWeight=weight, limit=166).encode(
            x=alt.value(0), y=list_y, text="line:N")
        for flag, weight in ((1, "bold"), (0, "normal"))
    ))
    panel_list = list_text.properties(
        width=170, height=height,
        title=alt.TitleParams(text=f"Top {int(top)} in the year pointed at", subtitle="(bold: states drawn on the left)",
                              anchor="start", fontSize=12, subtitleFontSize=10),
    )
    year_text = listed.transform_filter("datum.rank == 1").mark_text(
        align="left", baseline="bottom", fontSize=12, fontWeight="bold", dy=-4).encode(
        x=alt.value(0), y=alt.value(0), text=alt.Text("year:Q", format="d"))
    return panel_list, year_text


def _rank_domain(top):
    """The rank axis (1 at the top), with a row above rank 1 for the rank-1 band while its checkbox is ticked."""
    return alt.ExprRef(f"{CASE_PARAMS['rank1']} ? [{int(top) + 0.5}, -0.5] : [{int(top) + 0.5}, 0.5]")


def _rank1_band(ranked, span, step, focus, top, width):
    """The rank-1 band of panel (a) (while its checkbox is ticked): one box per run of years with the same
    rank-1 state, named in it (as room allows) and in its tooltip; a focus state's box in its line's colour."""
    first, last = span
    px = width / max(last - first, 1)  # pixels per year
    fills = _js_list([c for c, _ in zip(OKABE_ITO, focus)])
    runs = (
        ranked.transform_filter(CASE_PARAMS["rank1"]).transform_filter("datum.rank == 1")
        .transform_window(prev="lag(j)", sort=[alt.SortField("year")])
        .transform_calculate(new="datum.prev == null || datum.prev != datum.j ? 1 : 0")
        .transform_window(run="sum(new)", sort=[alt.SortField("year")], frame=[None, 0])
        .transform_aggregate(a="min(year)", b="max(year)", groupby=["run", "j", "name", "focus"])
        .transform_calculate(
            x0=f"max(datum.a - {step / 2}, {first})", x1=f"min(datum.b + {step / 2}, {last})",
            mid="(datum.a + datum.b) / 2", y0="-0.42", y1="0.42",
            years="datum.a == datum.b ? '' + datum.a : datum.a + '–' + datum.b",
            label="'Rank 1: ' + datum.name + ' in ' + datum.years", room=f"(datum.x1 - datum.x0) * {px} - 4",
            fill=f"datum.focus == 1 ? {fills}[indexof({_js_list(list(focus))}, datum.j)] : "
                 "(datum.run % 2 ? '#bbbbbb' : '#dddddd')")
    )
    y = alt.Y("y0:Q", title=None, scale=alt.Scale(domain=_rank_domain(top), nice=False))
    tooltip = [alt.Tooltip("name:N", title="Rank 1"), alt.Tooltip("years:N", title="Years")]
    x_scale = alt.Scale(domain=[first, last], nice=False)
    boxes = runs.mark_rect(opacity=0.45).encode(
        x=alt.X("x0:Q", title="Year", scale=x_scale), x2="x1:Q", y=y, y2="y1:Q", fill=alt.Fill("fill:N", scale=None),
        tooltip=tooltip, description="label:N").properties(name="case_rank1_band")
    # a name only where it has room (Vega reads a limit of 0 as none); the box's tooltip names the others
    names = runs.transform_filter("datum.room >= 20").mark_text(
        fontSize=10, baseline="middle", color="#222222", aria=False, limit=alt.ExprRef("datum.room")).encode(
        x=alt.X("mid:Q", title="Year", scale=x_scale), y=alt.Y("y:Q", title=None, scale=alt.Scale(domain=_rank_domain(top), nice=False)),
        text="name:N", tooltip=tooltip).transform_calculate(y="0").properties(name="case_rank1_names")
    return boxes, names


def _rank_panel(ranked, main, x, focus, top, hover, sel_i, wsum, state_name, width, height, band):
    """Panel (a): the focus states' ranks year by year, the rank-1 band, the hovered year's rule, and a note when
    every weight is zero."""
    focus_labels = list(focus.values())
    colour = series_colour("name:N", focus_labels, title="Rank of", legend=alt.Legend(
        orient="top", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400))
    dash = series_dash("name:N", focus_labels, title="Rank of")
    y = alt.Y("shown:Q", title=f"Rank among threats (1 = top; only 1 to {int(top)} drawn)",
              scale=alt.Scale(domain=_rank_domain(top), nice=False),
              axis=alt.Axis(values=list(range(0, int(top) + 1)), format="d",
                            labelExpr="datum.value == 0 ? 'No. 1:' : datum.label"))
    focus_rows = ranked.transform_filter("datum.focus == 1").transform_calculate(
        shown=f"datum.rank <= {int(top)} ? datum.rank : null")
    tooltip = [alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("name:N", title="State"),
               alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("threat:Q", format=".4f", title="Threat index")]
    lines = focus_rows.mark_line(invalid="break-paths-filter-domains", strokeWidth=2.2).encode(
        x=x, y=y, color=colour, strokeDash=dash).properties(name="case_rank_lines")
    dots = focus_rows.transform_filter("datum.shown != null").mark_point(filled=True, size=22, opacity=0.9).encode(
        x=x, y=y, color=colour, tooltip=tooltip).properties(name="case_rank_points")
    catcher = ranked.transform_filter("datum.rank == 1").mark_rule(opacity=0, strokeWidth=6).encode(
        x=x).add_params(hover).properties(name="case_year_catcher")
    rule = ranked.transform_filter("datum.rank == 1").transform_filter(hover).mark_rule(
        color="#666666", strokeDash=[3, 3]).encode(x=x)
    note = (
        alt.Chart(main)
        .transform_calculate(here=f"datum.i == {sel_i} ? 1 : 0")
        .transform_aggregate(rows="sum(here)")
        .transform_calculate(message=f"{wsum} > 0 ? '' : 'All four weights are zero: raise at least one.'")
        .mark_text(align="left", baseline="top", fontSize=13, color="#333333")
        .encode(x=alt.value(4), y=alt.value(4), text="message:N")
    )
    panel_a = alt.layer(catcher, *band, rule, lines, dots, note).properties(
        width=width, height=height,
        title=alt.TitleParams(text=alt.ExprRef(f"'(a) Ranks among the threats to ' + {state_name}"),
                              anchor="start", fontSize=13),
    )
    return focus_labels, panel_a


def _ranked_rows(data, decimals, codes, first, step, focus, name_map, sel_i, valid, wsum, threat_expr):
    """The page's data (compact CSV) and, from it, the chosen perceiver's threats ranked year by year, each with its name."""
    cols = ["i", "y", "j", "p", "x", "o", "n"]
    main = alt.InlineData(values=_csv(data, decimals, codes, first, step),
                          format=alt.DataFormat(type="csv", parse={c: "number" for c in cols}))
    targets = sorted(set(data.ccode2.unique().tolist()))
    labels = [{"j": int(j), "name": focus.get(j, name_map[j]), "focus": int(j in focus)} for j in targets]
    lookup = alt.LookupData(data=alt.InlineData(values=labels), key="j", fields=["name", "focus"])

    ranked = (
        alt.Chart(main)
        .transform_filter(f"datum.i == {sel_i} && {valid} && {wsum} > 0")
        .transform_calculate(threat=threat_expr, year=f"{first} + {step} * datum.y")
        .transform_window(rank="row_number()", groupby=["y"],
                          sort=[alt.SortField("threat", order="descending"), alt.SortField("j", order="ascending")])
        .transform_lookup(lookup="j", from_=lookup)
    )
    return main, ranked


def _checked_focus(focus):
    """``focus`` with its keys as COW codes (checked: 1 to 7 states, labels that differ)."""
    if not isinstance(focus, Mapping):
        raise _args.ArgumentError(f"focus must map COW codes to the labels shown, e.g. {{365: 'Russia'}}, not "
                                  f"{_args._show(focus)}.")
    focus = {_args.whole(k, f"focus (key {_args._show(k)})", 0, 999, rule="a COW state code (0-999)"): str(v)
             for k, v in focus.items()}  # a float key is refused, never truncated
    if not focus or len(focus) > len(OKABE_ITO):
        raise ValueError(f"give 1 to {len(OKABE_ITO)} focus states (one colour each); got {len(focus)}.")
    if len(set(focus.values())) != len(focus):
        raise ValueError(f"focus labels must differ; got {list(focus.values())}.")
    return focus
