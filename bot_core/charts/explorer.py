"""Figures of the threat index explorer (the chapter "Putting the four together").

Three builders, all returning altair charts and displaying nothing:

:func:`threat_explorer`
    The static explorer: every computation runs in the reader's browser. Parameters bound to
    inputs choose the perceiving state, the year, the four weights and the functional form; a
    ``calculate`` transform computes the threat index from the criteria columns with the formula
    of :mod:`bot_core.threat`, a ``window`` transform ranks the targets within the chosen
    state-year, and a filter keeps the top ten. Clicking a bar traces that target over time in
    the panels below (its threat, then its four criteria).
:func:`threat_ranking` and :func:`dyad_history`
    The same two views drawn from values computed in Python (the live widget of
    :mod:`bot_core.explorer`), with no parameters.

How a bar is divided
    Both forms draw the index on an axis from 0 to 1 on which the four criteria's contributions
    add up, so each bar is a stack of four segments, and criterion *k*'s segment is never longer
    than its share of the weights, ``w_k / sum(w)`` (reached when its criterion is 1).

    * additive: the axis is the threat ``T`` itself and the segments are ``w_k c_k / sum(w)``;
    * geometric: the axis is logarithmic, from the floor ``f`` (the index of a state scoring 0 on
      every criterion) to 1, i.e. the position ``log(T / f) / log(1 / f)``; the segments are
      ``w_k log((f + (1 - f) c_k) / f) / (sum(w) log(1 / f))``: each criterion multiplies the
      threat by a factor, and on a logarithmic axis factors add up. The axis labels show ``T``.

Embedded data
    The criteria travel as one CSV string (integers in units of ``10 ** -decimals``), which the
    browser parses; its columns are ``i`` (perceiving state), ``y`` (year), ``j`` (target) and
    ``p``, ``x``, ``o``, ``n`` (power, proximity, offense, intent). :func:`embedded_data` reads
    it back from a specification.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.charts.base import (DASHES, OKABE_ITO, finish, js, js_list, nearest_hover, pointer_catcher,
                                  require_colours, require_columns, require_unique_keys, rounded, series_colour,
                                  series_dash)
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM
from bot_core.threat import DEFAULT_WEIGHTS as _DEFAULT_WEIGHTS

__all__ = ["EXPLORER_PARAMS", "dyad_history", "embedded_data", "history_frame", "check_page_inputs", "index_expression", "ranking_frame",
           "threat_explorer", "threat_ranking", "top_threat_shares"]

_CRITERIA = ("power", "proximity", "offense", "intent")  # the order of bot_core.criteria.CRITERIA
_SHORT = {"power": "p", "proximity": "x", "offense": "o", "intent": "n"}
_LABELS = {"power": "Aggregate power", "proximity": "Proximity", "offense": "Offensive capabilities",
           "intent": "Offensive intentions"}
_COLOURS = dict(zip(_CRITERIA, OKABE_ITO))
_DASHES = dict(zip(_CRITERIA, DASHES))
_THREAT_COLOUR = "#333333"
#: Decimals of the values the live charts embed (their tooltips show four).
_DISPLAY_DECIMALS = 5
_NUMBERS = ["value", "segment", "threat", "position"]

#: Names of the parameters in :func:`threat_explorer`'s specification.
EXPLORER_PARAMS = {
    "state": "perceiver",
    "year": "year",
    "form": "form",
    "power": "w_power",
    "proximity": "w_proximity",
    "offense": "w_offense",
    "intent": "w_intent",
    "target": "target",
}


# --- shared pieces ----------------------------------------------------------------------------


def _criterion_colour(title: str | None = "Criterion") -> alt.Color:
    labels = [_LABELS[c] for c in _CRITERIA]
    return alt.Color(
        "criterion:N",
        title=title,
        scale=alt.Scale(domain=labels, range=[_COLOURS[c] for c in _CRITERIA]),
        sort=labels,
        legend=alt.Legend(orient="top", direction="horizontal", symbolType="stroke", symbolStrokeWidth=3,
                          symbolSize=400, labelFontSize=12),
    )


def _criterion_dash() -> alt.StrokeDash:
    labels = [_LABELS[c] for c in _CRITERIA]
    return alt.StrokeDash(
        "criterion:N", title="Criterion", sort=labels,
        scale=alt.Scale(domain=labels, range=[list(_DASHES[c]) for c in _CRITERIA]),
    )


def _position_axis(form_expr: str, floor: float) -> alt.Axis:
    """Axis from 0 to 1 whose labels read as threat under either form (``form_expr``: a Vega
    expression that is ``'geometric'`` for the geometric form)."""
    geometric = f"format({js(floor)} * pow({js(1 / float(floor))}, datum.value), '.2~g')"
    return alt.Axis(
        values=[0, 0.25, 0.5, 0.75, 1],
        labelExpr=f"({form_expr}) == 'geometric' ? {geometric} : format(datum.value, '.2f')",
        title="Threat index (0 to 1; under the geometric form the axis is logarithmic, from the floor)",
        grid=True,
    )


def _check_floor(floor: float) -> None:
    if not (isinstance(floor, (int, float, np.integer, np.floating)) and not isinstance(floor, (bool, np.bool_))
            and 0 < floor < 1):
        raise ValueError(f"floor must be a number between 0 and 1 (exclusive), not {floor!r}.")


def _check_form(form: str) -> None:
    if form not in ("additive", "geometric"):
        raise ValueError(f"form must be 'additive' or 'geometric', not {form!r}.")


def _ranking_layers(bars_base: alt.Chart, values_base: alt.Chart, tooltip: list, height: int, width: int,
                    form_expr: str, floor: float):
    """The stacked bars and their value labels. ``bars_base`` yields one row per target and
    criterion (``label``, ``rank``, ``criterion``, ``segment``, ``order``); ``values_base`` one row
    per target (``label``, ``rank``, ``position``, ``value_text``, ``described``)."""
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("rank", op="min", order="ascending"),
              axis=alt.Axis(labelLimit=190, labelFontSize=12, ticks=False, domain=False))
    x_scale = alt.Scale(domain=[0, 1], clamp=True, nice=False)
    bars = bars_base.mark_bar(height={"band": 0.72}, stroke="white", strokeWidth=0.5).encode(
        x=alt.X("segment:Q", stack="zero", scale=x_scale, axis=_position_axis(form_expr, floor)),
        y=y,
        color=_criterion_colour(),
        order=alt.Order("order:Q"),
        tooltip=tooltip,
    ).properties(name="ranking_bars", width=width, height=height)
    values = values_base.mark_text(align="left", baseline="middle", dx=4, fontSize=12).encode(
        x=alt.X("position:Q", scale=x_scale),
        y=y,
        text=alt.Text("value_text:N"),
        description=alt.Description("described:N"),
    ).properties(name="ranking_values")
    return bars, values


# --- the static explorer ----------------------------------------------------------------------


def _csv(data: pd.DataFrame, decimals: int, codes: list[int], first: int, step: int) -> str:
    scale = 10**decimals
    keep = data.ccode1.isin(codes).to_numpy()
    data = data[keep]
    out = pd.DataFrame({"i": data.ccode1.map({c: k for k, c in enumerate(codes)}).astype("int64"),
                        "y": ((data.year - first) // step).astype("int64"),
                        "j": data.ccode2.astype("int64")})
    for c in _CRITERIA:
        v = data[c].to_numpy("float64")
        out[_SHORT[c]] = pd.array(np.where(np.isnan(v), np.nan, np.rint(v * scale)), dtype="Float64").astype("Int64")
    return out.to_csv(index=False, lineterminator="\n")


def index_expression(params: Mapping[str, str], decimals: int, floor: float) -> tuple[str, str, str]:
    """The threat index of :mod:`bot_core.threat` as Vega expressions over the embedded CSV.

    ``params`` names the parameters holding the form (key ``"form"``) and the four weights (keys
    ``"power"``, ``"proximity"``, ``"offense"``, ``"intent"``). Returns ``(threat, valid, wsum)``:
    the index of a row (criteria in columns ``p``, ``x``, ``o``, ``n`` in units of
    ``10 ** -decimals``), the test that all four criteria are present, and the sum of the weights.
    """
    wsum = "(" + " + ".join(params[c] for c in _CRITERIA) + ")"
    scale = 10**decimals
    f, g = repr(float(floor)), repr(1 - float(floor))
    crit_of = {c: f"(datum.{_SHORT[c]} / {scale})" for c in _CRITERIA}
    valid = " && ".join(f"isValid(datum.{_SHORT[c]})" for c in _CRITERIA)
    additive = "(" + " + ".join(f"{params[c]} * {crit_of[c]}" for c in _CRITERIA) + f") / {wsum}"
    geometric = "exp((" + " + ".join(f"{params[c]} * log({f} + {g} * {crit_of[c]})" for c in _CRITERIA) + f") / {wsum})"
    return f"{params['form']} == 'additive' ? {additive} : {geometric}", valid, wsum


def _js_list(values) -> str:
    return js_list(values)


def check_page_inputs(data: pd.DataFrame, names: pd.DataFrame, perceivers: Mapping[int, str], state: int,
                      weights: Mapping[str, float] | None, form: str, floor: float, top: int,
                      decimals: int) -> tuple[np.ndarray, int, dict[int, str], dict[str, float]]:
    """The checks every figure that embeds criteria for the browser makes of its input (the
    explorer here, the case figure of :mod:`bot_core.charts.cases`); returns the sorted years,
    their step, the perceivers as ``{code: label}`` and the opening weights. Raises
    :class:`ValueError` saying what is wrong."""
    require_columns(data, ["ccode1", "year", "ccode2", *_CRITERIA], "data")
    require_columns(names, ["ccode", "name"], "names")
    require_unique_keys(data, ["ccode1", "year", "ccode2"], "data")
    crit = data[list(_CRITERIA)].to_numpy("float64")
    if ((crit < 0) | (crit > 1)).any():
        raise ValueError("the criteria must lie between 0 and 1 (NaN where missing).")
    _check_form(form)
    _check_floor(floor)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(f"top must be a positive whole number, not {top!r}.")
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or not 0 <= decimals <= 9:
        raise ValueError(f"decimals must be a whole number from 0 to 9, not {decimals!r}.")
    years = np.sort(data.year.unique())
    if not len(years):
        raise ValueError("data is empty: it needs rows for some perceivers and years.")
    steps = np.diff(years)
    if len(years) > 1 and (steps != steps[0]).any():
        raise ValueError(f"the years must be evenly spaced; got {years.tolist()}.")
    step = int(steps[0]) if len(years) > 1 else 1
    if not isinstance(perceivers, Mapping):
        raise _args.ArgumentError(f"perceivers must map COW codes to the labels shown, e.g. {{2: 'USA'}}, not "
                                  f"{_args._show(perceivers)}.")
    perceivers = {_args.whole(k, f"perceivers (key {_args._show(k)})", 0, 999, rule="a COW state code (0-999)"): str(v)
                  for k, v in perceivers.items()}  # a float key is refused, never truncated
    if not perceivers:
        raise ValueError("give at least one perceiving state.")
    absent = sorted(set(perceivers) - set(data.ccode1.unique().tolist()))
    if absent:
        raise ValueError(f"perceivers {absent} do not perceive in data.")
    if state not in perceivers:
        raise ValueError(f"state {state!r} is not among the perceivers {list(perceivers)}.")
    name_map = names.drop_duplicates("ccode").set_index("ccode")["name"]
    unnamed = sorted(set(data.ccode2.unique().tolist()) - set(name_map.index.tolist()))
    if unnamed:
        raise ValueError(f"names lacks the targets {unnamed[:5]}{' ...' if len(unnamed) > 5 else ''}.")
    # read as every weights argument is (a mapping or Series by label, or four numbers in order); unset criteria 0
    w0 = dict(_DEFAULT_WEIGHTS) if weights is None else {c: float(v) for c, v in zip(_CRITERIA, _args.weight_values(weights, _CRITERIA))}
    if any(not (0 <= w0.get(c, 0.0) <= 1) for c in _CRITERIA) or sum(w0.values()) <= 0:
        raise ValueError(f"opening weights must lie between 0 and 1, one of them positive; got {w0}.")
    return years, step, perceivers, w0


def threat_explorer(
    data: pd.DataFrame,
    names: pd.DataFrame,
    perceivers: Mapping[int, str],
    *,
    state: int,
    year: int,
    target: int | None = None,
    weights: Mapping[str, float] | None = None,
    form: str = _DEFAULT_FORM,
    floor: float = 0.01,
    top: int = 10,
    decimals: int = 6,
    weight_step: float = 0.05,
    description: str | None = None,
    width: int = 470,
) -> alt.VConcatChart:
    """The static threat index explorer: (a) a state-year's top threats, each bar divided into
    the criteria's contributions, and (b, c) the clicked target's threat and criteria by year.

    Parameters
    ----------
    data
        One row per perceiving state ``ccode1``, ``year`` and target ``ccode2``, with the four
        criteria ``power``, ``proximity``, ``offense``, ``intent`` (each between 0 and 1, or
        ``NaN`` where missing: such a row is never ranked). Its years must be evenly spaced
        (they become the steps of the year slider). The values are embedded rounded to
        ``decimals`` decimals; round them beforehand for an exact record of what the page holds.
    names
        ``ccode`` and ``name`` of every target (more rows do no harm).
    perceivers
        The states offered in the drop-down menu, COW code to label, in menu order; each must
        perceive in ``data`` (rows of other perceiving states are left out).
    state, year, target
        The settings the chart opens with (``target``: the state traced in panels b and c,
        default none until the reader clicks a bar).
    weights, form, floor
        Opening weights (default: the package's, :data:`bot_core.threat.DEFAULT_WEIGHTS`), functional form and the geometric form's floor, as in
        :mod:`bot_core.threat`. The floor is fixed in the specification.
    top
        How many threats panel (a) shows.
    decimals
        Precision of the embedded criteria.
    weight_step
        Step of the weight sliders (0 to 1).
    description
        Alternative text for the figure.
    width
        Width of each panel in pixels.

    Returns
    -------
    altair.VConcatChart
        Parameters (names in :data:`EXPLORER_PARAMS`): the state menu, the year slider, the
        form radio buttons, four weight sliders and the click selection of a target.

    Raises
    ------
    ValueError
        If a column is missing, a key repeats, a criterion lies outside 0-1, the years are not
        evenly spaced, or a setting (state, year, target, weights, form, floor) is not valid.
    """
    years, step, perceivers, w0 = check_page_inputs(data, names, perceivers, state, weights, form, floor, top,
                                                    decimals)
    if year not in years:
        raise ValueError(f"year {year!r} is not in the data ({years[0]}-{years[-1]}, every {step}).")
    if target is not None and target not in set(data.ccode2.unique().tolist()):
        raise ValueError(f"target {target!r} is not a target in data.")

    params, pick = _explorer_params(perceivers, state, year, years, step, form, w0, weight_step, target)
    e = _explorer_exprs(perceivers, years, step, decimals, floor)
    main, lookup = _explorer_data(data, names, perceivers, years, step, decimals)
    panel_a = _ranking_panel(e, lookup, pick, top, width, floor)
    panel_b, panel_c = _history_panels(e, lookup, pick, years, step, width)
    if description is None:
        description = _explorer_description(top)
    usermeta = {"perceivers": list(perceivers), "first_year": int(years[0]), "year_step": step,
                "decimals": int(decimals), "floor": float(floor)}
    return _compose_explorer(panel_a, panel_b, panel_c, main, params, pick, usermeta, description)


def _explorer_params(perceivers, state, year, years, step, form, w0, weight_step, target):
    """The explorer's inputs (perceiver, year, form, the four weights) and the click that picks a target."""
    P = EXPLORER_PARAMS
    p_state = alt.param(name=P["state"], value=int(state), bind=alt.binding_select(
        options=list(perceivers), labels=list(perceivers.values()), name="Perceiving state  "))
    p_year = alt.param(name=P["year"], value=int(year), bind=alt.binding_range(
        min=int(years[0]), max=int(years[-1]), step=step, name="Year  "))
    p_form = alt.param(name=P["form"], value=form, bind=alt.binding_radio(
        options=["additive", "geometric"], name="Functional form  "))
    p_w = {c: alt.param(name=P[c], value=w0.get(c, 0.0), bind=alt.binding_range(
        min=0, max=1, step=weight_step, name=f"Weight of {_LABELS[c].lower()}  ")) for c in _CRITERIA}
    pick = alt.selection_point(name=P["target"], fields=["j"], on="click", clear=False, empty=False,
                               value=None if target is None else [{"j": int(target)}])

    return [p_state, p_year, p_form, *p_w.values()], pick


def _explorer_exprs(perceivers, years, step, decimals, floor):
    """The Vega expressions the panels share: the index, its validity, the weights' sum, the criteria, the
    bars' position and segments, the chosen perceiver and year, and the settings line."""
    P = EXPLORER_PARAMS
    threat_expr, valid, wsum = index_expression(P, decimals, floor)
    scale = 10**decimals
    f, g = repr(float(floor)), repr(1 - float(floor))
    log_inv_f = repr(math.log(1 / floor))
    crit_of = {c: f"(datum.{_SHORT[c]} / {scale})" for c in _CRITERIA}
    position_expr = f"{P['form']} == 'additive' ? datum.threat : log(datum.threat / {f}) / {log_inv_f}"

    segments = {c: (f"{P['form']} == 'additive' ? {P[c]} * {crit_of[c]} / {wsum}"
                    f" : {P[c]} * log(({f} + {g} * {crit_of[c]}) / {f}) / ({wsum} * {log_inv_f})") for c in _CRITERIA}

    codes = list(perceivers)
    sel_i = f"indexof({_js_list(codes)}, {P['state']})"  # the CSV's i: position in the menu
    sel_y = f"({P['year']} - {int(years[0])}) / {step}"  # the CSV's y: position on the year grid
    state_name = f"{_js_list(list(perceivers.values()))}[indexof({_js_list(codes)}, {P['state']})]"
    shares = " + ', ' + ".join(
        f"'{_LABELS[c].lower()} ' + format({P[c]} / {wsum}, '.0%')" for c in _CRITERIA
    )
    form_note = (
        f"{P['form']} == 'additive'"
        " ? 'Additive form: each segment is weight share times criterion; the bar ends at the threat.'"
        " : 'Geometric form: each segment is a criterion\\u2019s factor, on a logarithmic axis from the floor"
        f" {floor:g} to 1.'"
    )

    return dict(threat=threat_expr, valid=valid, wsum=wsum, scale=scale, crit_of=crit_of, position=position_expr,
                segments=segments, sel_i=sel_i, sel_y=sel_y, state_name=state_name, shares=shares, form_note=form_note)


def _explorer_data(data, names, perceivers, years, step, decimals):
    """The page's data (compact CSV) and the lookup of the targets' names."""
    codes = list(perceivers)
    cols = ["i", "y", "j", *(_SHORT[c] for c in _CRITERIA)]
    main = alt.InlineData(values=_csv(data, decimals, codes, int(years[0]), step),
                          format=alt.DataFormat(type="csv", parse={c: "number" for c in cols}))
    lookup_names = names.drop_duplicates("ccode")
    lookup_names = lookup_names[lookup_names.ccode.isin(data.ccode2.unique())]
    name_data = alt.InlineData(values=[{"j": int(c), "name": str(n)} for c, n in zip(lookup_names.ccode, lookup_names.name)])
    lookup = alt.LookupData(data=name_data, key="j", fields=["name"])

    return main, lookup


def _ranking_panel(e, lookup, pick, top, width, floor):
    """Panel (a): the top threats in the chosen year, each bar divided into the criteria's contributions."""
    P = EXPLORER_PARAMS
    threat_expr, valid, wsum, crit_of, position_expr = e["threat"], e["valid"], e["wsum"], e["crit_of"], e["position"]
    sel_i, sel_y, state_name, shares, form_note = e["sel_i"], e["sel_y"], e["state_name"], e["shares"], e["form_note"]
    in_state_year = f"datum.i == {sel_i} && datum.y == {sel_y}"
    ranked = (
        alt.Chart()
        .transform_filter(f"{in_state_year} && {valid} && {wsum} > 0")
        .transform_calculate(threat=threat_expr)
        .transform_filter("isValid(datum.threat) && isFinite(datum.threat)")
        .transform_window(rank="row_number()", sort=[alt.SortField("threat", order="descending"),
                                                     alt.SortField("j", order="ascending")])
        .transform_filter(f"datum.rank <= {int(top)}")
        .transform_lookup(lookup="j", from_=lookup)
        .transform_calculate(
            position=position_expr,
            label="datum.rank + '. ' + datum.name",
            value_text=(f"format(datum.threat, '.3f')"
                        f" + (indexof({P['target']}.j || [], datum.j) >= 0 ? '  (traced below)' : '')"),
            described=("'Rank ' + datum.rank + ': ' + datum.name + ' (COW ' + datum.j + '), threat '"
                       " + format(datum.threat, '.4f')"),
            **{f"s_{c}": e["segments"][c] for c in _CRITERIA},
        )
    )
    long = (
        ranked.transform_fold([f"s_{c}" for c in _CRITERIA], as_=["key", "segment"])
        .transform_calculate(
            order=" : ".join(f"datum.key == 's_{c}' ? {k}" for k, c in enumerate(_CRITERIA)) + " : 4",
            criterion=" : ".join(f"datum.key == 's_{c}' ? '{_LABELS[c]}'" for c in _CRITERIA) + " : ''",
            value=" : ".join(f"datum.key == 's_{c}' ? {crit_of[c]}" for c in _CRITERIA) + " : null",
        )
    )
    tooltip = [
        alt.Tooltip("name:N", title="Target"),
        alt.Tooltip("rank:Q", title="Rank"),
        alt.Tooltip("threat:Q", title="Threat index", format=".4f"),
        alt.Tooltip("criterion:N", title="Criterion"),
        alt.Tooltip("value:Q", title="Criterion value (0-1)", format=".4f"),
        alt.Tooltip("segment:Q", title="Segment length", format=".4f"),
    ]
    bar_height = 24 * int(top)
    bars, values = _ranking_layers(long, ranked, tooltip, bar_height, width, P["form"], floor)
    bars = bars.add_params(pick)
    # a message when the state was not a system member that year (no rows), or all weights are 0
    note = (
        alt.Chart()
        .transform_calculate(here=f"{in_state_year} ? 1 : 0")
        .transform_aggregate(rows="sum(here)")
        .transform_calculate(message=(
            f"datum.rows == 0 ? {state_name} + ' was not a system member in ' + {P['year']} + '.'"
            f" : ({wsum} > 0 ? '' : 'All four weights are zero: raise at least one.')"))
        .mark_text(align="left", baseline="top", fontSize=13, color="#333333")
        .encode(x=alt.value(4), y=alt.value(4), text="message:N")
        .properties(name="ranking_note")
    )
    settings = (
        alt.Chart()
        .transform_aggregate(rows="count()")
        .transform_calculate(settings=(
            f"({wsum} > 0 ? 'Weights as shares: ' + {shares} : 'Weights: all zero') + '\\n' + ({form_note})"))
        .mark_text(align="left", baseline="top", fontSize=11, color="#444444", lineBreak="\n", lineHeight=14)
        .encode(x=alt.value(0), y=alt.value(-36), text="settings:N")
        .properties(name="ranking_settings")
    )
    panel_a = alt.layer(bars, values, note, settings).properties(
        width=width, height=bar_height,
        title=alt.TitleParams(
            text=alt.ExprRef(f"'(a) Top {int(top)} threats to ' + {state_name} + ' in ' + {P['year']}"),
            anchor="start", fontSize=13, offset=8,
        ),
    )

    return panel_a


def _history_panels(e, lookup, pick, years, step, width):
    """Panels (b) and (c): the threat from the target picked in (a), and its four criteria, by year."""
    P = EXPLORER_PARAMS
    threat_expr, valid, wsum, scale, sel_i, sel_y, state_name = (e["threat"], e["valid"], e["wsum"], e["scale"],
                                                                e["sel_i"], e["sel_y"], e["state_name"])
    in_state_year = f"datum.i == {sel_i} && datum.y == {sel_y}"
    dyad = (
        alt.Chart()
        .transform_filter(f"datum.i == {sel_i}")
        .transform_filter(pick)
        .transform_lookup(lookup="j", from_=lookup)
        .transform_calculate(year=f"{int(years[0])} + {step} * datum.y",
                             threat=f"{valid} && {wsum} > 0 ? {threat_expr} : null")
    )
    x_year = alt.X("year:Q", title="Year", scale=alt.Scale(domain=[int(years[0]), int(years[-1])], nice=False),
                   axis=alt.Axis(format="d", tickMinStep=step))
    line = dyad.mark_line(
        invalid="break-paths-filter-domains", color=_THREAT_COLOUR, strokeWidth=2.2,
        point=alt.OverlayMarkDef(size=18, color=_THREAT_COLOUR),
    ).encode(
        x=x_year, y=alt.Y("threat:Q", title="Threat index", scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("name:N", title="Target"),
                 alt.Tooltip("threat:Q", title="Threat index", format=".4f")],
    ).properties(name="history_threat")
    year_rule = alt.Chart().mark_rule(color="#888888", strokeDash=[3, 3]).encode(
        x=x_year).transform_filter(in_state_year).transform_aggregate(n="count()").transform_calculate(
        year=P["year"])
    heading = (
        dyad.transform_aggregate(groupby=["name"], n="count()")
        .transform_calculate(heading=f"'Threat to ' + {state_name} + ' from ' + datum.name")
        .mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold", color="#333333")
        .encode(x=alt.value(4), y=alt.value(-2), text="heading:N")
    )
    hint = (
        alt.Chart()
        .transform_calculate(here=f"datum.i == {sel_i} && indexof({P['target']}.j || [], datum.j) >= 0 ? 1 : 0")
        .transform_aggregate(rows="sum(here)")
        .transform_calculate(message="datum.rows == 0 ? 'Click a bar in (a) to trace that state\\u2019s threat over time.' : ''")
        .mark_text(align="left", baseline="top", fontSize=12, color="#333333")
        .encode(x=alt.value(4), y=alt.value(14), text="message:N")
        .properties(name="history_note")
    )
    panel_b = alt.layer(year_rule, line, heading, hint).properties(
        width=width, height=150,
        title=alt.TitleParams("(b) The traced target's threat, by year (current weights and form)",
                              anchor="start", fontSize=13, offset=18),
    )
    crit_long = dyad.transform_fold([_SHORT[c] for c in _CRITERIA], as_=["key", "raw"]).transform_calculate(
        criterion=" : ".join(f"datum.key == '{_SHORT[c]}' ? '{_LABELS[c]}'" for c in _CRITERIA) + " : ''",
        value=f"isValid(datum.raw) ? datum.raw / {scale} : null",
    )
    crit_lines = crit_long.mark_line(invalid="break-paths-filter-domains", strokeWidth=1.8).encode(
        x=x_year, y=alt.Y("value:Q", title="Criterion (0-1)", scale=alt.Scale(domain=[0, 1])),
        color=_criterion_colour(), strokeDash=_criterion_dash(),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("criterion:N", title="Criterion"),
                 alt.Tooltip("value:Q", title="Value", format=".4f")],
    ).properties(name="history_criteria")
    panel_c = alt.layer(year_rule, crit_lines).properties(
        width=width, height=150,
        title=alt.TitleParams("(c) Its four criteria, by year", anchor="start", fontSize=13),
    )

    return panel_b, panel_c


def _explorer_description(top):
    """The explorer's alternative text."""
    return (
        "An interactive chart in three panels. Panel (a): horizontal bars ranking the states that "
        f"threaten the chosen state most in the chosen year (top {int(top)}), each bar divided into the "
        "contributions of aggregate power, proximity, offensive capabilities and offensive intentions. "
        "Panels (b) and (c): the threat of the target clicked in (a), and its four criteria, by year."
    )


def _compose_explorer(panel_a, panel_b, panel_c, main, params, pick, usermeta, description):
    """The three panels stacked on the page's data, with the inputs; the click listens to the bars only."""
    chart = alt.vconcat(panel_a, panel_b, panel_c, data=main, spacing=34).add_params(*params)
    # the click selection listens to the bars only (altair lists every named layer of the panel)
    for param in chart.params:
        if getattr(param, "name", None) == pick.name:
            param.views = [v for v in param.views if v.startswith("ranking_bars")]
    chart.usermeta = {"threat_explorer": usermeta}
    return finish(
        chart.resolve_scale(color="shared", strokeDash="shared")
        .properties(description=description), grid=None
    )


def embedded_data(spec: dict) -> pd.DataFrame:
    """The criteria a :func:`threat_explorer` specification carries, as the browser reads them:
    columns ``ccode1``, ``year``, ``ccode2`` and the four criteria (the CSV's integers divided by
    ``10 ** decimals``, the same division the page makes)."""
    data = spec.get("data", {})
    values = spec.get("datasets", {}).get(data["name"]) if "name" in data else data.get("values")
    meta = spec.get("usermeta", {}).get("threat_explorer")
    if not isinstance(values, str) or data.get("format", {}).get("type") != "csv" or meta is None:
        raise ValueError("this specification carries no explorer data; make it with threat_explorer().")
    frame = pd.read_csv(io.StringIO(values), dtype="Int64")
    codes = np.asarray(meta["perceivers"], dtype="int64")
    out = pd.DataFrame({
        "ccode1": codes[frame["i"].to_numpy("int64")],
        "year": meta["first_year"] + meta["year_step"] * frame["y"].to_numpy("int64"),
        "ccode2": frame["j"].to_numpy("int64"),
    })
    for c in _CRITERIA:
        out[c] = frame[_SHORT[c]].astype("Float64").to_numpy("float64", na_value=np.nan) / 10 ** meta["decimals"]
    return out


# --- the live widget's charts ----------------------------------------------------------------


def ranking_frame(segments: pd.DataFrame) -> pd.DataFrame:
    """The data :func:`threat_ranking` embeds: ``segments`` checked, with the bar order, labels
    and the values' text added, sorted by rank and criterion."""
    require_columns(segments, ["rank", "name", "criterion", "value", "segment", "threat", "position"], "segments")
    require_unique_keys(segments, ["rank", "criterion"], "segments")
    bad = sorted(set(segments.criterion) - set(_CRITERIA))
    if bad:
        raise ValueError(f"unknown criteria {bad}; use {', '.join(_CRITERIA)}.")
    d = segments[["rank", "name", "criterion", "value", "segment", "threat", "position"]].copy()
    d["order"] = d.criterion.map({c: k for k, c in enumerate(_CRITERIA)})
    d["criterion"] = d.criterion.map(_LABELS)
    d["label"] = d["rank"].astype(str) + ". " + d["name"].astype(str)
    d["value_text"] = [f"{t:.3f}" for t in rounded(d["threat"], 3)]
    d["described"] = [f"Rank {r}: {n}, threat {t:.4f}" for r, n, t in zip(d["rank"], d["name"], rounded(d["threat"], 4))]
    d[_NUMBERS] = rounded(d[_NUMBERS], _DISPLAY_DECIMALS)  # what the chart shows needs no more
    return d.sort_values(["rank", "order"]).reset_index(drop=True)


def history_frame(history: pd.DataFrame, highlight_year: int | None = None) -> pd.DataFrame:
    """The data :func:`dyad_history` embeds: ``year``, ``threat``, the criteria, and
    ``highlight`` (True in ``highlight_year``), sorted by year."""
    require_columns(history, ["year", "threat", *_CRITERIA], "history")
    require_unique_keys(history, ["year"], "history")
    d = history[["year", "threat", *_CRITERIA]].sort_values("year").reset_index(drop=True)
    if highlight_year is not None and highlight_year not in set(d.year.tolist()):
        raise ValueError(f"highlight_year {highlight_year!r} is not in the history.")
    d[["threat", *_CRITERIA]] = rounded(d[["threat", *_CRITERIA]], _DISPLAY_DECIMALS)
    d["highlight"] = d.year == highlight_year
    return d


def threat_ranking(
    segments: pd.DataFrame,
    *,
    form: str = _DEFAULT_FORM,
    floor: float = 0.01,
    title: str = "Top threats",
    subtitle: str | None = None,
    description: str | None = None,
    width: int = 470,
) -> alt.LayerChart:
    """A state-year's top threats as stacked bars, from values computed in Python.

    ``segments`` has one row per target and criterion: ``rank``, ``name``, ``criterion`` (one of
    ``power``, ``proximity``, ``offense``, ``intent``), ``value`` (the criterion, 0-1),
    ``segment`` (its length on the axis, see the module docstring), ``threat`` and
    ``position`` (where the bar ends: ``threat`` for the additive form, the logarithmic
    position for the geometric). :func:`bot_core.explorer.segments` makes it.
    """
    _check_form(form)
    _check_floor(floor)
    d = ranking_frame(segments)
    tooltip = [
        alt.Tooltip("name:N", title="Target"), alt.Tooltip("rank:Q", title="Rank"),
        alt.Tooltip("threat:Q", title="Threat index", format=".4f"), alt.Tooltip("criterion:N", title="Criterion"),
        alt.Tooltip("value:Q", title="Criterion value (0-1)", format=".4f"),
        alt.Tooltip("segment:Q", title="Segment length", format=".4f"),
    ]
    n = d["rank"].nunique()
    bars, values = _ranking_layers(alt.Chart(), alt.Chart().transform_filter("datum.order == 0"), tooltip, 24 * n,
                                   width, repr(form), floor)
    return finish(alt.layer(bars, values, data=d).properties(
        width=width, height=24 * n,
        title=alt.TitleParams(title, subtitle=subtitle or "", anchor="start", fontSize=13, subtitleFontSize=11),
        description=description or f"Horizontal bars: the top {n} threats, each divided into the four criteria's contributions.",
    ), grid=None, fonts=False, grid_opacity=None)


def dyad_history(
    history: pd.DataFrame,
    *,
    title: str = "Threat by year",
    highlight_year: int | None = None,
    description: str | None = None,
    width: int = 470,
) -> alt.VConcatChart:
    """One dyad's threat index (upper panel) and four criteria (lower panel) by year.

    ``history`` has one row per ``year`` with ``threat`` and the four criteria (``NaN`` where
    missing: the lines break there). A dashed rule marks ``highlight_year``.
    """
    d = history_frame(history, highlight_year)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False, zero=False))
    rule = alt.Chart().mark_rule(color="#888888", strokeDash=[3, 3]).encode(x=x).transform_filter("datum.highlight")
    top = alt.layer(
        rule,
        alt.Chart().mark_line(invalid="break-paths-filter-domains", color=_THREAT_COLOUR, strokeWidth=2).encode(
            x=x, y=alt.Y("threat:Q", title="Threat index"),
            tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("threat:Q", format=".4f", title="Threat index")]),
    ).properties(width=width, height=140, title=alt.TitleParams(title, anchor="start", fontSize=13))
    bottom = alt.layer(
        rule,
        alt.Chart().transform_fold(list(_CRITERIA), as_=["key", "value"]).transform_calculate(
            criterion=" : ".join(f"datum.key == '{c}' ? '{_LABELS[c]}'" for c in _CRITERIA) + " : ''",
        ).mark_line(invalid="break-paths-filter-domains", strokeWidth=1.6).encode(
            x=x, y=alt.Y("value:Q", title="Criterion (0-1)", scale=alt.Scale(domain=[0, 1])),
            color=_criterion_colour(), strokeDash=_criterion_dash(),
            tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("criterion:N", title="Criterion"),
                     alt.Tooltip("value:Q", format=".4f", title="Value")]),
    ).properties(width=width, height=140)
    return finish(alt.vconcat(top, bottom, data=d, spacing=16).properties(
        description=description or "Two line charts by year: a dyad's threat index, and its four criteria.",
    ), grid=None, fonts=False, grid_opacity=None)


def top_threat_shares(
    shares: pd.DataFrame,
    *,
    title: str = "Share of weightings under which each state is the top threat",
    highlight_year: int | None = None,
    description: str | None = None,
    width: int = 300,
    height: int = 220,
) -> alt.FacetChart | alt.HConcatChart:
    """For one perceiving state, year by year, the share of weightings under which each target is
    its top threat: one panel per functional form.

    ``shares`` has one row per ``year``, ``form`` and ``target`` (a label) with ``share``
    (0-1); at most seven targets. Pointing at a year shows every target's share in it.
    """
    require_columns(shares, ["year", "form", "target", "share"], "shares")
    require_unique_keys(shares, ["year", "form", "target"], "shares")
    for f in shares.form.unique():
        _check_form(f)
    if ((shares.share < 0) | (shares.share > 1)).any():
        raise ValueError("shares must lie between 0 and 1.")
    targets = list(pd.unique(shares.target))
    require_colours(targets, "targets")
    years = sorted(shares.year.unique().tolist())
    if highlight_year is not None and highlight_year not in years:
        raise ValueError(f"highlight_year {highlight_year!r} is not in the data.")
    forms = [f for f in ("additive", "geometric") if f in set(shares.form)]
    # every target in every year and form (0 where it is never top), so that lines do not skip
    full = pd.MultiIndex.from_product([years, forms, targets], names=["year", "form", "target"])
    d = shares.set_index(["year", "form", "target"])[["share"]].reindex(full, fill_value=0.0).reset_index()
    d["year"] = d.year.astype("int64")
    hover = nearest_hover("share_year", clear=False, value=highlight_year if highlight_year is not None else years[-1])
    colour = series_colour("target:N", targets, title="Top threat", legend=alt.Legend(
        orient="top", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400))
    dash = series_dash("target:N", targets, title="Top threat")
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False, zero=False))
    y = alt.Y("share:Q", title="Share of weightings", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1]))
    base = alt.Chart()
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash)
    catcher = pointer_catcher(base, x, hover)
    rule = base.mark_rule(color="#666666").encode(x=x).transform_filter(hover)
    dots = base.mark_point(filled=True, size=50, opacity=1).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("form:N", title="Form"),
                 alt.Tooltip("target:N", title="Top threat"), alt.Tooltip("share:Q", format=".1%", title="Share of weightings")],
    ).transform_filter(hover)
    layer = alt.layer(lines, catcher, rule, dots).properties(width=width, height=height)
    chart = layer.facet(
        column=alt.Column("form:N", title=None, sort=forms, header=alt.Header(labelFontSize=13, labelFontWeight="bold",
                                                                                 labelExpr="datum.value + ' form'")),
        data=d,
    )
    return finish(chart.properties(
        title=alt.TitleParams(title, anchor="start", fontSize=13),
        description=description or ("Line charts by year, one per functional form: the share of weightings "
                                     "under which each state is the top threat."),
    ), grid=None, fonts=False)
