"""The sandbox: one figure with every weight and the form, and three panels that answer at once.

Four weight sliders (whole numbers 0 to ``parts``; only their ratios matter) and the functional
form drive (a) whom each of a handful of states fears, its top three threats; (b) how valid the
index is on the yardsticks, the shares of ATOP named threats and ICB crisis triggers it ranks first
and in the top three, by era; (c) how the partner-choice test comes out at those weights, the log
loss the threat terms gain over the controls, in sample and out of sample. The page carries every
setting's answers (:func:`bot_core.sandbox.grid`), so nothing is computed but a lookup: the figure
works in the static page with no kernel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from bot_core import _args
from bot_core.charts.base import (OKABE_ITO, finish, js_list, require_columns, require_unique_keys, rounded,
                                  weights_note)

__all__ = ["SANDBOX_PANELS", "SANDBOX_PARAMS", "sandbox"]

_CRITERIA = ("power", "proximity", "offense", "intent")
_LABELS = {"power": "aggregate power", "proximity": "proximity", "offense": "offensive capabilities",
           "intent": "offensive intentions"}
_YARDSTICKS = {"atop": "ATOP threats", "icb": "ICB triggers"}
_MEASURES = {"top1": "first", "top3": "top three"}
_RANKS = {"r1": "first", "r2": "second", "r3": "third"}

#: Names of the figure's parameters (stable, so that browser tests can move them).
SANDBOX_PARAMS = {"form": "sandbox_form", **{c: f"sandbox_w_{c}" for c in _CRITERIA}}
#: Names of the three panels (``name`` of their main layer) in the specification.
SANDBOX_PANELS = ("sandbox_fears", "sandbox_validity", "sandbox_test")


def sandbox(
    grid: pd.DataFrame,
    cases: Sequence[tuple[int, int, str]],
    names: Mapping[int, str],
    eras: tuple[str, str],
    samples: Mapping[str, str],
    weights: tuple[int, int, int, int],
    form: str,
    decimals: int = 3,
    gain_decimals: int = 4,
    title: str = "The sandbox: weights, fears, validity and the test",
    description: str = "",
    width: int = 620,
) -> alt.VConcatChart:
    """The sandbox figure.

    Parameters
    ----------
    grid
        :func:`bot_core.sandbox.grid`'s frame: ``form``, the four criteria (integer slider parts),
        one column per case (``t<code>_<year>``: the COW codes of its top threats, space-separated,
        ``-1`` for none), the validity shares ``<yardstick>_<era>_<top1|top3>`` and the choice
        gains ``gain_<sample>``.
    cases
        The cases shown in panel (a), in order: ``(COW code, year, label)``.
    names
        COW code -> name, for every code in the case columns (``-1`` needs none).
    eras
        The two eras of the validity columns, in order.
    samples
        Choice sample suffix (``"in"``, ``"oos0"`` ...) -> the label shown, in order.
    weights, form
        The opening setting (``weights`` as slider parts).
    decimals, gain_decimals
        Precision of the embedded shares and log-loss gains.
    title, description
        Title and alternative text (the SVG's ARIA description).
    width
        Width of the figure in pixels (panels b and c share it).

    Returns
    -------
    altair.VConcatChart
        Parameters (names in :data:`SANDBOX_PARAMS`): the form buttons and four weight sliders;
        the main layers of the three panels are named as in :data:`SANDBOX_PANELS`.

    Raises
    ------
    ValueError
        If a column is missing, a setting repeats, a share lies outside 0-1, a code has no name,
        the grid does not hold every slider setting under each form, or the opening setting is
        not in it.
    """
    case_cols, valid_cols, gain_cols, shares, gains, parts, forms, codes, w0 = _checked(
        grid, cases, names, eras, samples, weights, form)
    labels = [str(lab) for _, _, lab in cases]
    P = SANDBOX_PARAMS
    p_form = alt.param(name=P["form"], value=form, bind=alt.binding_radio(options=forms, name="Functional form  "))
    p_w = [alt.param(name=P[c], value=w, bind=alt.binding_range(min=0, max=parts, step=1, name=f"Weight of {_LABELS[c]}  "))
           for c, w in zip(_CRITERIA, w0)]
    data = _data(grid, case_cols, valid_cols, gain_cols, shares, gains, decimals, gain_decimals)
    chosen = " && ".join([f"datum.form == {P['form']}", *[f"datum.{c} == {P[c]}" for c in _CRITERIA]])

    fears = _fears_panel(data, chosen, case_cols, labels, names, codes, width)
    validity = _validity_panel(data, chosen, valid_cols, eras, width)
    test = _test_panel(data, chosen, gain_cols, samples, gains, gain_decimals, width)
    lower = alt.hconcat(validity, test, spacing=30).resolve_scale(color="independent")
    note = weights_note({P[c]: _LABELS[c] for c in _CRITERIA}, width, suffix=f" + '; ' + {P['form']} + ' form'")
    chart = alt.vconcat(note, fears, lower,
                        title=alt.TitleParams(text=title, anchor="start", fontSize=13)).add_params(p_form, *p_w)
    chart = chart.resolve_scale(color="independent")
    if description:
        chart = chart.properties(description=description)
    return finish(chart, grid=None, fonts=False, grid_opacity=None)


def _checked(grid, cases, names, eras, samples, weights, form):
    """The checks of :func:`sandbox`'s input: the columns of the grid (cases, validity shares,
    choice gains), the shares and gains, the slider parts and forms, the codes named and the
    opening weights."""
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Sequence) or not cases:
        raise _args.ArgumentError(f"cases must be (COW code, year, label) triples, not {_args._show(cases)}.")
    case_cols = [f"t{int(c)}_{int(y)}" for c, y, _ in cases]
    if not isinstance(samples, Mapping) or not samples:
        raise _args.ArgumentError(f"samples must map a choice sample (\"in\", \"oos0\" ...) to its label, not "
                                  f"{_args._show(samples)}.")
    valid_cols = [f"{y}_{e}_{k}" for y in _YARDSTICKS for e in eras for k in _MEASURES]
    gain_cols = [f"gain_{s}" for s in samples]
    require_columns(grid, ["form", *_CRITERIA, *case_cols, *valid_cols, *gain_cols], "grid")
    require_unique_keys(grid, ["form", *_CRITERIA], "grid")
    shares = grid[valid_cols].to_numpy("float64")
    if np.isnan(shares).any() or (shares < 0).any() or (shares > 1).any():
        raise ValueError("every validity share in grid must be a number from 0 to 1.")
    gains = grid[gain_cols].to_numpy("float64")
    if not np.isfinite(gains).all():
        raise ValueError("every choice gain in grid must be a finite number.")
    parts = int(grid[list(_CRITERIA)].to_numpy().max())
    forms = sorted(set(grid.form))
    if len(grid) != len(forms) * ((parts + 1) ** 4 - 1):
        raise ValueError(f"grid must hold every slider setting (0-{parts} each, not all zero) under each form "
                         f"({forms}); it has {len(grid)} rows.")
    codes = {int(v) for col in case_cols for cell in grid[col] for v in str(cell).split()}
    unnamed = sorted(codes - {-1} - {int(k) for k in names})
    if unnamed:
        raise ValueError(f"names lacks the states {unnamed[:5]}.")
    if isinstance(weights, (str, bytes, Mapping)) or not isinstance(weights, (Sequence, np.ndarray)) or len(weights) != 4:
        raise _args.ArgumentError(f"weights must be four slider parts (whole numbers 0-{parts}) in the order "
                                  f"{', '.join(_CRITERIA)}, e.g. (1, 1, 1, 1), not {_args._show(weights)}.")
    w0 = tuple(_args.whole(v, f"weights (item {_args._show(v)})", 0, parts, rule=f"a slider part, a whole number 0-{parts}")
               for v in weights)
    if form not in forms or sum(w0) == 0:
        raise ValueError(f"the opening setting (form {form!r}, weights {weights!r}) is not in grid.")
    return case_cols, valid_cols, gain_cols, shares, gains, parts, forms, codes, w0


def _data(grid, case_cols, valid_cols, gain_cols, shares, gains, decimals, gain_decimals) -> alt.InlineData:
    """Every slider setting's answers as the page carries them: CSV, shares and gains rounded."""
    table = grid[["form", *_CRITERIA, *case_cols]].copy()
    table[valid_cols] = rounded(shares, decimals)
    table[gain_cols] = rounded(gains, gain_decimals)
    return alt.InlineData(values=table.to_csv(index=False, lineterminator="\n"),
                          format=alt.DataFormat(type="csv", parse={c: "number" for c in [*_CRITERIA, *valid_cols, *gain_cols]}
                                                | {c: "string" for c in case_cols}))


def _fears_panel(data, chosen, case_cols, labels, names, codes, width) -> alt.LayerChart:
    """(a) Whom each state fears: a table of its first, second and third threats."""
    name_rows = [{"code": int(k), "name": str(v)} for k, v in sorted(names.items()) if int(k) in codes] + \
        [{"code": -1, "name": "(no threat above zero)"}]
    case_label = f"{js_list(labels)}[indexof({js_list(case_cols)}, datum.case)]"
    fear_rows = (
        alt.Chart(data)
        .transform_filter(chosen)
        .transform_fold(case_cols, as_=["case", "codes"])
        .transform_calculate(**{r: f"toNumber(split(datum.codes, ' ')[{i}])" for i, r in enumerate(_RANKS)})
        .transform_fold(list(_RANKS), as_=["rank", "code"])
        .transform_filter("isValid(datum.code)")
        .transform_lookup(lookup="code", from_=alt.LookupData(alt.InlineData(values=name_rows), "code", ["name"]))
        .transform_calculate(perceiver=case_label,
                             place=f"{js_list(list(_RANKS.values()))}[indexof({js_list(list(_RANKS))}, datum.rank)]")
    )
    y_case = alt.Y("perceiver:N", sort=labels, scale=alt.Scale(domain=labels), title=None,
                   axis=alt.Axis(labelFontSize=12, labelLimit=160, ticks=False, domain=False))
    x_rank = alt.X("place:N", sort=list(_RANKS.values()), scale=alt.Scale(domain=list(_RANKS.values())),
                   title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12, ticks=False, domain=False))
    tip = [alt.Tooltip("perceiver:N", title="Perceiver"), alt.Tooltip("place:N", title="Threat"),
           alt.Tooltip("name:N", title="State")]
    cells = fear_rows.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x_rank, y=y_case, color=alt.Color("place:N", scale=alt.Scale(domain=list(_RANKS.values()),
                                                                        range=["#dcdcdc", "#ebebeb", "#f7f7f7"]),
                                            legend=None), tooltip=tip).properties(name=SANDBOX_PANELS[0])
    text = fear_rows.mark_text(fontSize=12, limit=width // 3 - 60).encode(
        x=x_rank, y=y_case, text="name:N",
        description=alt.Description("described:N")).transform_calculate(
        described="datum.perceiver + ': ' + datum.place + ' threat ' + datum.name")
    fears = alt.layer(cells, text).properties(
        width=width - 170, height=22 * len(labels),
        title=alt.TitleParams("(a) Whom each state fears: its top three threats", anchor="start", fontSize=12))
    return fears


def _validity_panel(data, chosen, valid_cols, eras, width) -> alt.LayerChart:
    """(b) Validity on the yardsticks: the shares ranked first and in the top three, by era."""
    ys, ms = list(_YARDSTICKS), list(_MEASURES)
    label_y = f"{js_list([_YARDSTICKS[y] for y in ys])}[indexof({js_list(ys)}, split(datum.key, '_')[0])]"
    label_m = f"{js_list([_MEASURES[m] for m in ms])}[indexof({js_list(ms)}, split(datum.key, '_')[2])]"
    groups = [f"{_YARDSTICKS[y]}, {_MEASURES[m]}" for y in ys for m in ms]
    v_rows = (
        alt.Chart(data).transform_filter(chosen).transform_fold(valid_cols, as_=["key", "share"])
        .transform_calculate(era="split(datum.key, '_')[1]", group=f"{label_y} + ', ' + {label_m}")
    )
    x = alt.X("group:N", title=None, sort=groups, scale=alt.Scale(domain=groups),
              axis=alt.Axis(labelAngle=0, labelLimit=90, labelExpr="split(datum.label, ', ')", labelFontSize=10))
    y = alt.Y("share:Q", title="Share of cases", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    colour = alt.Color("era:N", title="Era of the event", scale=alt.Scale(domain=list(eras), range=list(OKABE_ITO[:2])),
                       legend=alt.Legend(orient="top"))
    bars = v_rows.mark_bar().encode(
        x=x, xOffset=alt.XOffset("era:N", sort=list(eras)), y=y, color=colour,
        tooltip=[alt.Tooltip("group:N", title="Yardstick"), alt.Tooltip("era:N", title="Era"),
                 alt.Tooltip("share:Q", format=".1%", title="Share")]).properties(name=SANDBOX_PANELS[1])
    bar_text = v_rows.mark_text(dy=-6, fontSize=10).encode(
        x=x, xOffset=alt.XOffset("era:N", sort=list(eras)), y=y, text=alt.Text("share:Q", format=".0%"))
    half = width // 2
    validity = alt.layer(bars, bar_text).properties(
        width=half - 60, height=190,
        title=alt.TitleParams("(b) How often the index names the feared state", anchor="start", fontSize=12))
    return validity


def _test_panel(data, chosen, gain_cols, samples, gains, gain_decimals, width) -> alt.LayerChart:
    """(c) How the partner-choice test comes out: the log loss gained, on the grid's range."""
    half = width // 2
    sample_labels = [str(v) for v in samples.values()]
    span = pd.DataFrame({"sample": sample_labels, "lo": rounded(gains.min(axis=0), gain_decimals),
                         "hi": rounded(gains.max(axis=0), gain_decimals)})
    sample_of = f"{js_list(sample_labels)}[indexof({js_list(gain_cols)}, datum.key)]"
    g_rows = (alt.Chart(data).transform_filter(chosen).transform_fold(gain_cols, as_=["key", "gain"])
              .transform_calculate(sample=sample_of))
    y_s = alt.Y("sample:N", sort=sample_labels, scale=alt.Scale(domain=sample_labels), title=None,
                axis=alt.Axis(labelLimit=140, labelFontSize=10, labelExpr="split(datum.label, ', ')"))
    lo = float(min(0.0, gains.min())) * 1.05
    hi = float(max(0.0, gains.max())) * 1.05
    x_g = alt.X("gain:Q", title="Log loss gained over the controls", scale=alt.Scale(domain=[lo, hi], nice=False),
                axis=alt.Axis(format=".2f", tickCount=5))
    ranges = alt.Chart(alt.InlineData(values=span.to_dict("records"))).mark_rule(
        color="#999999", strokeWidth=6, opacity=0.5).encode(
        x=alt.X("lo:Q", scale=alt.Scale(domain=[lo, hi], nice=False)), x2="hi:Q", y=y_s,
        tooltip=[alt.Tooltip("sample:N", title="Sample"), alt.Tooltip("lo:Q", format=".3f", title="Lowest on the grid"),
                 alt.Tooltip("hi:Q", format=".3f", title="Highest on the grid")])
    zero = alt.Chart(alt.InlineData(values=[{"z": 0}])).mark_rule(color="#333333").encode(x="z:Q")
    dots = g_rows.mark_point(filled=True, size=90, color=OKABE_ITO[1], shape="diamond").encode(
        x=x_g, y=y_s, tooltip=[alt.Tooltip("sample:N", title="Sample"),
                               alt.Tooltip("gain:Q", format=".4f", title="Log loss gained")]).properties(name=SANDBOX_PANELS[2])
    dot_text = g_rows.mark_text(dy=-11, fontSize=10).encode(x=x_g, y=y_s, text=alt.Text("gain:Q", format="+.3f"))
    test = alt.layer(ranges, zero, dots, dot_text).properties(
        width=half - 150, height=190,
        title=alt.TitleParams("(c) The partner-choice test at these weights", anchor="start", fontSize=12,
                              subtitle="The same under both forms", subtitleFontSize=10))
    return test
