"""Does the index measure threat? The weights-to-validity figure.

The reader sets the four weights (whole numbers from 0 to ``parts``; only their ratios matter),
the functional form and the specification, and sees at once how often the index ranks the feared
state first and in the top three, on the ATOP named threats and the ICB crisis triggers, in each
era. The page carries every slider setting's scores (:func:`bot_core.selection.validity_grid`), so
nothing is computed but a lookup: the figure works in the static page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.charts.base import OKABE_ITO, finish, js_list, require_columns, require_unique_keys, rounded, weights_note

__all__ = ["VALIDITY_PARAMS", "validity_weights"]

_CRITERIA = ("power", "proximity", "offense", "intent")
_LABELS = {"power": "aggregate power", "proximity": "proximity", "offense": "offensive capabilities",
           "intent": "offensive intentions"}
_YARDSTICKS = {"atop": "ATOP named threats", "icb": "ICB crisis triggers"}
_MEASURES = {"top1": "ranked first", "top3": "in the top three"}

#: Names of the figure's parameters (stable, so that browser tests can move them).
VALIDITY_PARAMS = {"spec": "validity_spec", "form": "validity_form",
                   **{c: f"validity_w_{c}" for c in _CRITERIA}}


def _value_columns(eras) -> list[str]:
    return [f"{y}_{e}_{k}" for y in _YARDSTICKS for e in eras for k in _MEASURES]


def validity_weights(
    grid: pd.DataFrame,
    specs: dict[str, str],
    eras: tuple[str, str],
    spec: str,
    weights: tuple[int, int, int, int],
    form: str,
    aims: dict[str, float] | None = None,
    decimals: int = 3,
    title: str = "How often the index names the feared state",
    description: str = "",
    width: int = 520,
    height: int = 260,
) -> alt.VConcatChart:
    """The weights-to-validity figure.

    Parameters
    ----------
    grid
        :func:`bot_core.selection.validity_grid`'s frame: columns ``spec``, ``form``, the four
        criteria (integer slider parts) and one share per yardstick, era and measure.
    specs
        The specifications the menu offers: label in ``grid.spec`` -> text shown.
    eras
        The two eras, in order (the column names carry them).
    spec, weights, form
        The opening setting (``weights`` as slider parts).
    aims
        A share to mark on each measure (``{"top1": 0.5, "top3": 0.8}``), or ``None``.
    decimals
        Precision of the embedded shares.
    title, description
        Title and alternative text (the SVG's ARIA description).
    width, height
        Size of the bar panel in pixels.

    Returns
    -------
    altair.VConcatChart
        Parameters (names in :data:`VALIDITY_PARAMS`): the specification and form menus and four
        weight sliders.

    Raises
    ------
    ValueError
        If a column is missing, a setting repeats, a share lies outside 0-1, or the opening
        setting is not in the grid.
    """
    values, parts, w0 = _checked_weights(grid, eras, specs, spec, form, weights)
    P = VALIDITY_PARAMS
    spec_codes = list(specs)
    forms = sorted(set(grid.form))
    p_spec = alt.param(name=P["spec"], value=spec, bind=alt.binding_radio(
        options=spec_codes, labels=list(specs.values()), name="Specification  "))
    p_form = alt.param(name=P["form"], value=form, bind=alt.binding_radio(options=forms, name="Functional form  "))
    p_w = {c: alt.param(name=P[c], value=w, bind=alt.binding_range(
        min=0, max=parts, step=1, name=f"Weight of {_LABELS[c]}  ")) for c, w in zip(_CRITERIA, w0)}

    table = grid[["spec", "form", *_CRITERIA]].copy()
    table[values] = rounded(grid[values].to_numpy("float64"), decimals)
    data = alt.InlineData(values=table.to_csv(index=False, lineterminator="\n"),
                          format=alt.DataFormat(type="csv", parse={c: "number" for c in [*_CRITERIA, *values]}))
    chosen = " && ".join([f"datum.spec == {P['spec']}", f"datum.form == {P['form']}",
                          *[f"datum.{c} == {P[c]}" for c in _CRITERIA]])

    layers = _validity_layers(data, chosen, values, eras, aims)
    note = weights_note({P[c]: _LABELS[c] for c in _CRITERIA}, width)
    panel = alt.layer(*layers).properties(width=width, height=height)
    chart = alt.vconcat(note, panel, title=alt.TitleParams(text=title, anchor="start", fontSize=13)).add_params(
        p_spec, p_form, *p_w.values())
    if description:
        chart = chart.properties(description=description)
    return finish(chart, grid=None, fonts=False, grid_opacity=None)


def _validity_layers(data, chosen, values, eras, aims):
    """The bars of each yardstick and era at the chosen setting, their values, and the issue's aims (if given)."""
    ys, ms = list(_YARDSTICKS), list(_MEASURES)
    label_y = f"{js_list([_YARDSTICKS[y] for y in ys])}[indexof({js_list(ys)}, split(datum.key, '_')[0])]"
    label_m = f"{js_list([_MEASURES[m] for m in ms])}[indexof({js_list(ms)}, split(datum.key, '_')[2])]"
    rows = (
        alt.Chart(data)
        .transform_filter(chosen)
        .transform_fold(values, as_=["key", "share"])
        .transform_calculate(
            era="split(datum.key, '_')[1]", group=f"{label_y} + ', ' + {label_m}",
            measure="split(datum.key, '_')[2]",
        )
    )
    groups = [f"{_YARDSTICKS[y]}, {_MEASURES[m]}" for y in ys for m in ms]
    x = alt.X("group:N", title=None, sort=groups, scale=alt.Scale(domain=groups),
              axis=alt.Axis(labelAngle=0, labelLimit=150, labelExpr="split(datum.label, ', ')"))
    y = alt.Y("share:Q", title="Share of cases", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    colour = alt.Color("era:N", title="Era of the event", scale=alt.Scale(domain=list(eras), range=list(OKABE_ITO[:2])),
                       legend=alt.Legend(orient="top"))
    tooltip = [alt.Tooltip("group:N", title="Yardstick"), alt.Tooltip("era:N", title="Era"),
               alt.Tooltip("share:Q", format=".1%", title="Share")]
    bars = rows.mark_bar().encode(x=x, xOffset=alt.XOffset("era:N", sort=list(eras)), y=y, color=colour,
                                  tooltip=tooltip).properties(name="validity_bars")
    labels = rows.mark_text(dy=-6, fontSize=11).encode(
        x=x, xOffset=alt.XOffset("era:N", sort=list(eras)), y=y, text=alt.Text("share:Q", format=".0%"))
    layers = [bars, labels]
    if aims:
        aim_rows = [{"group": g, "aim": float(aims[m])} for g in groups for m in ms if g.endswith(_MEASURES[m])]
        aim_data = alt.InlineData(values=aim_rows)
        layers.append(alt.Chart(aim_data).mark_tick(color="#333333", thickness=2, size=60, strokeDash=[4, 2]).encode(
            x=x, y=alt.Y("aim:Q"), tooltip=[alt.Tooltip("aim:Q", format=".0%", title="The issue's aim")]))
    return layers


def _checked_weights(grid, eras, specs, spec, form, weights):
    """Check ``grid`` and the opening setting; the value columns, the slider's number of parts and the opening weights."""
    values = _value_columns(eras)
    require_columns(grid, ["spec", "form", *_CRITERIA, *values], "grid")
    require_unique_keys(grid, ["spec", "form", *_CRITERIA], "grid")
    shares = grid[values].to_numpy("float64")
    if np.isnan(shares).any() or (shares < 0).any() or (shares > 1).any():
        raise ValueError("every share in grid must be a number from 0 to 1.")
    if not isinstance(specs, Mapping) or not isinstance(spec, str) or not isinstance(form, str):
        raise _args.ArgumentError(f"specs must map grid's spec labels to the text shown, and spec and form must be the "
                                  f"labels of the opening setting; got {_args._show(specs)}, {_args._show(spec)} and "
                                  f"{_args._show(form)}.")
    unknown = sorted(set(grid.spec) - set(specs))
    if unknown or spec not in specs:
        raise ValueError(f"specs must name every spec of grid ({sorted(set(grid.spec))}) and the opening spec {spec!r}.")
    parts = int(grid[list(_CRITERIA)].to_numpy().max())
    if isinstance(weights, (str, bytes, Mapping)) or not isinstance(weights, (Sequence, np.ndarray)) or len(weights) != 4:
        raise _args.ArgumentError(f"weights must be four slider parts (whole numbers 0-{parts}) in the order "
                                  f"{', '.join(_CRITERIA)}, e.g. (1, 1, 1, 1), not {_args._show(weights)}.")
    w0 = tuple(_args.whole(v, f"weights (item {_args._show(v)})", 0, rule=f"a slider part, a whole number 0-{parts}")
               for v in weights)  # never truncated: 1.7 is not a slider setting
    opening = grid[(grid.spec == spec) & (grid.form == form)]
    if not (opening[list(_CRITERIA)].to_numpy() == np.array(w0)).all(axis=1).any():
        raise ValueError(f"the opening setting (spec {spec!r}, form {form!r}, weights {weights!r}) is not in grid.")
    return values, parts, w0
