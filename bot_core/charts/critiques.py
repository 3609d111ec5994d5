"""Figures of the chapter *Is it a theory?* (Part IV): what one criterion carries, and how the
balancing prediction fares outside Walt's own sample.

:func:`criterion_dial`
    balance of threat's score as the weight of one criterion moves from 0 to 1, beside fixed
    reference scores (balance of power's readings).
:func:`era_lift`
    for groups of alliance onsets (eras, Walt's sample), how often the partners share a theory's
    danger, beside how often pairs of states drawn at random from the same years do.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import (faded_unless, finish, nearest_hover, require_colours, require_columns,
                                  require_counts, require_shares, series_colour, series_dash)

__all__ = ["DIAL_HOVER_PARAM", "DIAL_PICK_PARAM", "LIFT_FORM_PARAM", "LIFT_HOVER_PARAM", "criterion_dial", "era_lift"]

#: Name of the pointer parameter (the weight pointed at) in :func:`criterion_dial`'s specification.
DIAL_HOVER_PARAM = "dial_weight"
#: Name of the legend selection (the form picked out) in :func:`criterion_dial`'s specification.
DIAL_PICK_PARAM = "dial_form"
#: Name of the form menu in :func:`era_lift`'s specification.
LIFT_FORM_PARAM = "lift_form"
#: Name of the hover selection (the group pointed at) in :func:`era_lift`'s specification.
LIFT_HOVER_PARAM = "lift_group"


def criterion_dial(
    curve: pd.DataFrame,
    references: Mapping[str, float],
    *,
    criterion: str = "intent",
    description: str | None = None,
    width: int = 520,
    height: int = 300,
) -> alt.LayerChart:
    """Balance of threat's MCC against the weight of one criterion, one line per functional form,
    with horizontal reference lines (e.g. balance of power's MCC under its readings).

    Parameters
    ----------
    curve
        One row per ``weight`` (the criterion's weight, 0 to 1) and ``form``, with column ``mcc``.
    references
        Display name -> MCC, each drawn as a dashed grey rule with its name.
    criterion
        The criterion's name, for the axis title.
    description
        Alternative text (the SVG's ARIA description).

    Returns
    -------
    altair.LayerChart
        Its data are ``curve``'s three columns, sorted by form (in order of first appearance) and
        weight. Moving the pointer selects the nearest weight (parameter
        :data:`DIAL_HOVER_PARAM`): a rule and the values of every line appear there. Clicking a form
        in the legend (parameter :data:`DIAL_PICK_PARAM`) fades the other.

    Raises
    ------
    ValueError
        If a column is missing, a weight is outside 0-1, a (weight, form) pair repeats, there are
        more forms than colours, or ``references`` is empty or holds a non-finite value.
    """
    data, ref, forms = _dial_data(curve, references)
    hover = nearest_hover(DIAL_HOVER_PARAM, ["weight"], clear=False)
    pick = alt.selection_point(name=DIAL_PICK_PARAM, fields=["form"], bind="legend")
    x = alt.X("weight:Q", title=f"Weight of the {criterion} criterion (others share the rest equally)",
              scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    lo = min(float(data.mcc.min()), float(ref.mcc.min()), 0.0)
    hi = max(float(data.mcc.max()), float(ref.mcc.max()))
    y = alt.Y("mcc:Q", title="Matthews correlation coefficient (MCC)",
              scale=alt.Scale(domain=[lo - 0.002, hi + 0.004]), axis=alt.Axis(format=".3f"))
    colour = series_colour("form:N", forms, title="Form of the threat index",
                           legend=alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=2.5))
    dash = series_dash("form:N", forms, legend=None)
    fade = faded_unless(pick, 0.2)
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2.2).encode(x=x, y=y, color=colour, strokeDash=dash, opacity=fade)
    points = base.mark_point(filled=True, size=28).encode(x=x, y=y, color=colour, opacity=fade)
    catcher = base.mark_point(opacity=0, size=200).encode(x=x, y=y).add_params(hover)
    rule = base.mark_rule(color="#666666").encode(x=x).transform_filter(hover)
    dots = base.mark_point(filled=True, size=90).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("form:N", title="Form"), alt.Tooltip("weight:Q", title="Weight", format=".0%"),
                 alt.Tooltip("mcc:Q", title="MCC", format=".4f")],
    ).transform_filter(hover)
    labels = base.mark_text(align="left", dx=6, dy=-8, fontSize=11).encode(
        x=x, y=y, color=colour, text=alt.Text("mcc:Q", format=".4f")).transform_filter(hover)
    rbase = alt.Chart(ref)
    rrule = rbase.mark_rule(color="#555555", strokeDash=[4, 3]).encode(
        y="mcc:Q", tooltip=[alt.Tooltip("reading:N", title="Reference"), alt.Tooltip("mcc:Q", title="MCC", format=".4f")])
    rtext = rbase.mark_text(align="left", dy=-5, fontSize=11, color="#333333").encode(
        y="mcc:Q", x=alt.value(4), text="reading:N")
    chart = alt.layer(rrule, rtext, lines, points, catcher, rule, dots, labels).add_params(pick)
    if description is None:
        description = (f"Line chart: balance of threat's MCC as the weight of the {criterion} criterion goes from 0 "
                       "to 1, one line per form of the threat index, with dashed reference lines.")
    return finish(chart.properties(width=width, height=height, description=description), grid=None)


def _dial_data(curve, references):
    """The curve (checked, sorted by form and weight), the reference lines and the forms, in order."""
    require_columns(curve, ["weight", "form", "mcc"], "curve")
    require_shares(curve, "weight", "curve")
    if curve.duplicated(["weight", "form"]).any():
        raise ValueError("curve has more than one row for some (weight, form).")
    if not isinstance(references, Mapping) or not references:
        raise ValueError("references must be a non-empty mapping of display name -> MCC.")
    try:
        values = [float(v) for v in references.values()]
    except (TypeError, ValueError):
        raise ValueError(f"references must map names to numbers; got {dict(references)}.") from None
    ref = pd.DataFrame({"reading": [str(k) for k in references], "mcc": values})
    if not np.isfinite(ref.mcc).all():
        raise ValueError(f"references must be finite numbers; got {dict(references)}.")
    forms = list(pd.unique(curve["form"]))
    require_colours(forms, "forms")
    order = {f: i for i, f in enumerate(forms)}
    data = (curve[["weight", "form", "mcc"]].assign(_o=lambda d: d.form.map(order))
            .sort_values(["_o", "weight"], kind="stable").drop(columns="_o").reset_index(drop=True))
    data["weight"] = data["weight"].astype("float64")
    data["mcc"] = data["mcc"].astype("float64")
    data["form"] = data["form"].astype(object)

    return data, ref, forms


def era_lift(
    table: pd.DataFrame,
    *,
    description: str | None = None,
    width: int = 460,
    row_height: int = 44,
) -> alt.LayerChart:
    """For each group of onsets and theory, the share of onsets whose partners share the theory's
    danger (filled dot) beside the share of all pairs of states in the same years that do (open
    diamond), joined by a line; a menu picks the form of the threat index.

    Parameters
    ----------
    table
        One row per ``group`` (e.g. an era; shown in order of first appearance), ``theory`` and
        ``form``, with ``observed`` and ``expected`` (shares, 0 to 1) and ``onsets`` (the group's
        number of onsets). A theory that does not depend on the form (balance of power) repeats
        its row under every form.

    Returns
    -------
    altair.LayerChart
        Its data are ``table``'s six columns plus ``lift`` (``observed / expected``), rows in the
        order given. The menu (parameter :data:`LIFT_FORM_PARAM`) picks the form; hovering over a
        dot (parameter :data:`LIFT_HOVER_PARAM`) thickens its group's lines.

    Raises
    ------
    ValueError
        If a column is missing, a share is outside 0-1, ``onsets`` is not a positive whole
        number, a (group, theory, form) row repeats, or a theory lacks a row for some form.
    """
    data, forms, theories, groups = _lift_data(table)
    form = alt.param(name=LIFT_FORM_PARAM, value=forms[0],
                     bind=alt.binding_select(options=forms, name="Form of the threat index: "))
    hover = alt.selection_point(name=LIFT_HOVER_PARAM, fields=["group"], on="pointerover", clear="pointerout",
                                empty=False)
    y = alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=260))
    yoff = alt.YOffset("theory:N", sort=theories, scale=alt.Scale(domain=theories, paddingOuter=0.4))
    colour = series_colour("theory:N", theories, title=None, legend=alt.Legend(orient="top"))
    tip = [alt.Tooltip("group:N", title="Onsets"), alt.Tooltip("theory:N", title="Theory"),
           alt.Tooltip("onsets:Q", title="Number of onsets", format=","),
           alt.Tooltip("observed:Q", title="Onsets sharing the danger", format=".1%"),
           alt.Tooltip("expected:Q", title="Random pairs sharing it", format=".1%"),
           alt.Tooltip("lift:Q", title="Ratio", format=".2f")]
    base = alt.Chart(data).transform_filter(f"datum.form == {LIFT_FORM_PARAM}")
    x_obs = alt.X("observed:Q", title="Share of pairs whose partners share the theory's danger",
                  scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    width_enc = alt.condition(hover, alt.value(4), alt.value(2))
    link = base.mark_rule().encode(y=y, yOffset=yoff, x=x_obs, x2="expected:Q", color=colour, strokeWidth=width_enc,
                                   tooltip=tip)
    obs = base.mark_point(filled=True, size=90, opacity=1).encode(y=y, yOffset=yoff, x=x_obs, color=colour,
                                                                   tooltip=tip).add_params(hover)
    exp = base.mark_point(filled=False, size=90, strokeWidth=2, shape="diamond").encode(
        y=y, yOffset=yoff, x="expected:Q", color=colour, tooltip=tip)
    chart = alt.layer(link, exp, obs).add_params(form)
    if description is None:
        description = ("Dot plot: for each group of alliance onsets and each theory, the share of onsets whose partners "
                       "share the theory's danger (filled dot) and the share of random pairs of states that do (open "
                       "diamond).")
    title = alt.TitleParams("Onsets sharing the danger (filled dots) and random pairs in the same years (open diamonds)",
                            anchor="start", fontSize=12, fontWeight="normal", offset=10)
    return finish(chart.properties(width=width, height=row_height * len(groups), title=title, description=description), grid=None)


def _lift_data(table):
    """The table (checked, with each row's ``lift``), its forms, theories and groups, in order."""
    cols = ["group", "theory", "form", "observed", "expected", "onsets"]
    require_columns(table, cols, "table")
    for c in ("observed", "expected"):
        require_shares(table, c, "table")
    require_counts(table, "onsets", "table")
    if table.duplicated(["group", "theory", "form"]).any():
        raise ValueError("table has more than one row for some (group, theory, form).")
    forms = list(pd.unique(table["form"]))
    theories = list(pd.unique(table["theory"]))
    groups = list(pd.unique(table["group"]))
    full = pd.MultiIndex.from_product([groups, theories, forms])
    have = pd.MultiIndex.from_frame(table[["group", "theory", "form"]])
    if len(full.difference(have)):
        raise ValueError(f"table lacks rows for some (group, theory, form), e.g. {list(full.difference(have))[:3]}.")
    require_colours(theories, "theories")
    data = table[cols].copy().reset_index(drop=True)
    for c in ("group", "theory", "form"):
        data[c] = data[c].astype(object)
    data["onsets"] = data["onsets"].astype("int64")
    data["observed"] = data["observed"].astype("float64")
    data["expected"] = data["expected"].astype("float64")
    data["lift"] = (data.observed / data.expected.where(data.expected > 0)).astype("float64")

    return data, forms, theories, groups
