"""Figures of Part IV (testing the theory): how the alliance onsets divide between the labels,
how often states align with their top threat, and where in the space of weights balance of
threat beats balance of power.

Helpers turn :mod:`bot_core.evaluate` output into the tidy frames the builders draw:

* :func:`label_share_table` and :func:`onset_label_shares`: the shares of alliance onsets in each
  label of :func:`bot_core.evaluate.classify_onsets`, for several groupings of the onsets (stacked
  bars; a menu switches the grouping, a click on the legend highlights one label);
* :func:`bandwagoning_by_strength`: the share of sides of onsets in which a state allied with its
  own top threat, by strength, with Wilson intervals (dots and error bars), from
  :func:`bot_core.stats.onset_sides` and :func:`bot_core.stats.rate_table` (also importable from
  here, their old home);
* :func:`weight_space`: the output of :func:`bot_core.evaluate.sweep`, balance of threat's margin
  over balance of power against the weight of one criterion (menus choose the criterion and the
  reading of balance of power), beside the distribution of the margin.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import (OKABE_ITO, faded_unless, finish, js, nearest_hover, require_colours, require_columns,
                                  series_colour, shared_params)
from bot_core.stats import onset_sides, rate_table, wilson_interval  # noqa: F401 (also exported here, their old home)

__all__ = [
    "BOP_PARAM",
    "ONSET_GROUPING_PARAM",
    "ONSET_LABEL_PARAM",
    "RATE_HOVER_PARAM",
    "WEIGHT_AXIS_PARAM",
    "WEIGHT_COLUMNS",
    "bandwagoning_by_strength",
    "label_share_table",
    "onset_label_shares",
    "onset_sides",
    "rate_table",
    "weight_space",
    "wilson_interval",
]

#: Name of the menu parameter of :func:`onset_label_shares` (the grouping shown).
ONSET_GROUPING_PARAM = "onset_grouping"
#: Name of the legend selection of :func:`onset_label_shares` (the highlighted label).
ONSET_LABEL_PARAM = "onset_label"
#: Name of the hover parameter of :func:`bandwagoning_by_strength` (the group under the pointer).
RATE_HOVER_PARAM = "rate_hover"
#: Name of the menu parameter of :func:`weight_space` (the weight on the horizontal axis).
WEIGHT_AXIS_PARAM = "weight_axis"
#: Name of the menu parameter of :func:`weight_space` (the reading of balance of power).
BOP_PARAM = "bop_reading"
#: The weight columns of :func:`bot_core.evaluate.sweep`, with the names the figure gives them.
WEIGHT_COLUMNS = {
    "w_power": "aggregate power",
    "w_proximity": "proximity",
    "w_offense": "offensive capabilities",
    "w_intent": "offensive intentions",
}


# --- label shares ---------------------------------------------------------------------------------


def label_share_table(
    classified: pd.DataFrame, groupings: Mapping[str, str], labels: Sequence[str]
) -> pd.DataFrame:
    """The shares of each label in groups of onsets, for several groupings, as one tidy frame.

    Parameters
    ----------
    classified
        One row per onset with column ``label`` (the output of
        :func:`bot_core.evaluate.classify_onsets`, with any extra grouping columns added).
    groupings
        Name shown in the figure's menu -> column of ``classified`` to group by. A categorical
        column keeps its categories' order (empty ones are dropped); others are sorted.
    labels
        The labels, in the order in which they are stacked.

    Returns
    -------
    pandas.DataFrame
        One row per grouping, group and label: ``grouping``, ``group`` (the group's value followed
        by its number of onsets, e.g. ``"1816-1913 (n = 105)"``), ``order`` (of the group within its
        grouping), ``label``, ``onsets``, ``total`` (onsets in the group), ``share``, and ``start``,
        ``end`` and ``mid``: where the label's segment begins, ends and is centred in the stacked
        bar (the shares of the labels before it, summed).
    """
    from bot_core.evaluate import label_counts

    require_columns(classified, ["label", *groupings.values()], "classified")
    out = label_counts(classified, groupings, labels)
    # rows come in blocks of one group's labels: a plain running sum within each block
    out["end"] = np.cumsum(out.share.to_numpy().reshape(-1, len(labels)), axis=1).ravel()
    out["start"] = out.end - out.share
    out["mid"] = (out.start + out.end) / 2
    out["group"] = [f"{g} (n = {t:,})" for g, t in zip(out.group, out.total)]
    return out[["grouping", "group", "order", "label", "onsets", "total", "share", "start", "end", "mid"]]


def onset_label_shares(
    table: pd.DataFrame,
    labels: Sequence[str],
    *,
    min_text_share: float = 0.07,
    description: str | None = None,
    width: int = 400,
    height: int = 190,
) -> alt.LayerChart:
    """Horizontal stacked bars: the share of each label in each group of onsets.

    Parameters
    ----------
    table
        The output of :func:`label_share_table`.
    labels
        The labels in stacking order (they take :data:`~bot_core.charts.base.OKABE_ITO`'s colours
        in this order).
    min_text_share
        Segments at least this wide carry their share printed on them.
    description
        Alternative text for the figure; a generic one is used if none is given.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``table``. A menu (parameter :data:`ONSET_GROUPING_PARAM`, starting on the
        first grouping in ``table``) chooses the grouping shown; clicking a legend entry
        (parameter :data:`ONSET_LABEL_PARAM`) highlights that label.
    """
    data, labels, groupings = _label_share_data(table, labels, min_text_share)
    grouping = alt.param(
        name=ONSET_GROUPING_PARAM,
        value=groupings[0],
        bind=alt.binding_select(options=groupings, name="Group the onsets by: "),
    )
    pick = alt.selection_point(name=ONSET_LABEL_PARAM, fields=["label"], bind="legend")
    shown = f"datum.grouping == {ONSET_GROUPING_PARAM}"
    y = alt.Y("group:N", title=None, sort=alt.EncodingSortField("order", order="ascending"),
              axis=alt.Axis(labelLimit=200))
    colour = series_colour("label:N", labels, title="Onset classified as", legend=alt.Legend(
        orient="top", direction="horizontal", labelFontSize=12, titleFontSize=12))
    tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("label:N", title="Label"),
        alt.Tooltip("onsets:Q", title="Onsets", format=","),
        alt.Tooltip("share:Q", title="Share of the group", format=".1%"),
    ]
    base = alt.Chart(data).transform_filter(shown)
    bars = base.mark_bar(stroke="white", strokeWidth=0.8).encode(
        x=alt.X("start:Q", title="Share of the group's onsets", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%")),
        x2="end:Q",
        y=y,
        color=colour,
        opacity=faded_unless(pick, 0.25),
        tooltip=tooltip,
    ).add_params(grouping, pick)
    text = base.transform_filter(f"datum.share >= {float(min_text_share)}").mark_text(
        fontSize=11, color="white", fontWeight="bold"
    ).encode(x="mid:Q", y=y, text=alt.Text("share:Q", format=".0%"), tooltip=tooltip)
    if description is None:
        description = ("Horizontal stacked bars: for each group of alliance onsets, the share classified under "
                       "each label. A menu switches the grouping.")
    return finish(
        alt.layer(bars, text)
        .properties(width=width, height=height, description=description)
    )


def _label_share_data(table, labels, min_text_share):
    """The table (checked against ``labels``) in the columns drawn, the labels and groupings, in order."""
    cols = ["grouping", "group", "order", "label", "onsets", "total", "share", "start", "end", "mid"]
    require_columns(table, cols, "table")
    labels = list(labels)
    require_colours(labels, "labels")
    unknown = sorted(set(table["label"]) - set(labels))
    if unknown:
        raise ValueError(f"table has labels {unknown} that are not in labels {labels}.")
    if not 0 <= min_text_share <= 1:
        raise ValueError(f"min_text_share must be between 0 and 1, not {min_text_share!r}.")
    data = table[cols].reset_index(drop=True)
    groupings = list(pd.unique(data["grouping"]))
    return data, labels, groupings


# --- do weak states bandwagon? -------------------------------------------------------------------


def bandwagoning_by_strength(
    rates: pd.DataFrame,
    *,
    overall: float | None = None,
    x_title: str = "Share of states' alliance onsets with their own top threat",
    description: str | None = None,
    width: int = 380,
    panel_height: int = 110,
) -> alt.VConcatChart:
    """Dots with error bars: a rate per group, one panel per grouping.

    Parameters
    ----------
    rates
        The output of :func:`rate_table` (columns ``grouping``, ``group``, ``order``, ``k``,
        ``n``, ``rate``, ``low``, ``high``).
    overall
        If given, a dashed vertical line at this rate in every panel (the rate over all rows).
    x_title
        Title of the horizontal axis.
    description
        Alternative text for the figure; a generic one is used if none is given.
    width, panel_height
        Size of each panel in pixels.

    Returns
    -------
    altair.VConcatChart
        Its data are ``rates``. Moving the pointer over a dot (parameter
        :data:`RATE_HOVER_PARAM`) enlarges it and shows its counts.
    """
    data = _strength_data(rates, overall)
    groupings = list(pd.unique(data["grouping"]))
    x_max = float(min(1.0, data["high"].max() * 1.1 + 0.005))
    hover = nearest_hover(RATE_HOVER_PARAM, ["grouping", "group"], nearest=False)
    x = alt.X("rate:Q", title=x_title, scale=alt.Scale(domain=[0, x_max], nice=False), axis=alt.Axis(format=".0%"))
    tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("k:Q", title="With their top threat", format=","),
        alt.Tooltip("n:Q", title="State-sides of onsets", format=","),
        alt.Tooltip("rate:Q", title="Share", format=".1%"),
        alt.Tooltip("low:Q", title="95% interval from", format=".1%"),
        alt.Tooltip("high:Q", title="95% interval to", format=".1%"),
    ]

    def panel(i: int, name: str) -> alt.LayerChart:
        base = alt.Chart().transform_filter(alt.FieldEqualPredicate(field="grouping", equal=name))
        y = alt.Y("group:N", title=None, sort=alt.EncodingSortField("order", order="ascending"),
                  axis=alt.Axis(labelLimit=240))
        bars = base.mark_rule(strokeWidth=2, color=OKABE_ITO[0]).encode(
            x=alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, x_max], nice=False), axis=alt.Axis(format=".0%")),
            x2="high:Q", y=y)
        dots = base.mark_point(filled=True, color=OKABE_ITO[0], opacity=1).encode(
            x=x, y=y, tooltip=tooltip,
            size=alt.condition(hover, alt.value(160), alt.value(60)),
        )
        dots = dots.add_params(hover)  # in every panel: altair merges the copies into one parameter
        layers = [bars, dots]
        if overall is not None:
            layers.append(alt.Chart().mark_rule(color="#666666", strokeDash=[5, 3]).encode(
                x=alt.datum(float(overall))))
        return alt.layer(*layers).properties(
            width=width, height=panel_height, title=alt.TitleParams(f"({'abcdefgh'[i % 8]}) {name}", anchor="start", fontSize=13),
        )

    if description is None:
        description = ("Dot plots with 95% Wilson intervals: the share of states' alliance onsets in which the new "
                       "partner was the state's own top threat, by group.")
    with shared_params():
        chart = alt.vconcat(*[panel(i, g) for i, g in enumerate(groupings)], data=data, spacing=18)
    return finish(
        chart.properties(description=description)
    )


def _strength_data(rates, overall):
    """The rates (checked: each inside its interval; ``overall`` a share) in the columns drawn."""
    cols = ["grouping", "group", "order", "k", "n", "rate", "low", "high"]
    require_columns(rates, cols, "rates")
    bad = rates[(rates["low"] > rates["rate"] + 1e-12) | (rates["high"] < rates["rate"] - 1e-12)]
    if len(bad):
        raise ValueError(f"every rate must lie within its interval; not so for {bad[['grouping', 'group']].to_dict('records')[:3]}.")
    if overall is not None and not (isinstance(overall, (int, float)) and 0 <= overall <= 1):
        raise ValueError(f"overall must be a share between 0 and 1, not {overall!r}.")
    data = rates[cols].reset_index(drop=True)
    return data


# --- the weight space ---------------------------------------------------------------------------


def weight_space(
    sweep: pd.DataFrame,
    power_mcc: Mapping[str, float],
    *,
    forms: Sequence[str] | None = None,
    bin_step: float = 0.0025,
    description: str | None = None,
    width: int = 460,
    height: int = 280,
) -> alt.VConcatChart:
    """Balance of threat's margin over balance of power across weightings of the criteria.

    Parameters
    ----------
    sweep
        The output of :func:`bot_core.evaluate.sweep`: one row per weighting and functional form,
        with the four weights (the columns of :data:`WEIGHT_COLUMNS`, non-negative, summing to 1),
        ``form`` and ``mcc_threat`` (balance of threat's MCC).
    power_mcc
        Reading of balance of power -> its MCC (it does not depend on the weights). The first is
        shown first; a menu switches between them, and the margin is
        ``mcc_threat - power_mcc[reading]``.
    forms
        The functional forms, in the order of their colours. Default: as they appear in ``sweep``.
    bin_step
        Width of the histogram's bins, in MCC units.
    description
        Alternative text for the figure; a generic one is used if none is given.
    width, height
        Size of the scatter plot in pixels (the histogram below it is a third as high).

    Returns
    -------
    altair.VConcatChart
        Its data are compact: one record per form, holding the form's weights and MCCs as
        lists (keys ``form``, ``power``, ``proximity``, ``offense``, ``intent``, ``mcc``; weights
        rounded to 3 decimals, MCCs to 5), which a ``flatten`` transform turns back into one row
        per weighting in the browser. On top, per form, the share of weightings in which balance
        of threat scores higher; in the middle, each weighting's margin against the weight chosen
        in a menu (parameter :data:`WEIGHT_AXIS_PARAM`); below, the margins' distribution per
        form. A second menu (parameter :data:`BOP_PARAM`) chooses the reading of balance of power.
    """
    weight_cols, m, forms = _checked_sweep(sweep, power_mcc, forms, bin_step)
    short, records, fields = _sweep_records(sweep, weight_cols, forms)
    readings = list(power_mcc)
    axis_param = alt.param(name=WEIGHT_AXIS_PARAM, value=short[weight_cols[0]], bind=alt.binding_select(
        options=list(short.values()), labels=list(WEIGHT_COLUMNS.values()), name="Horizontal axis: weight of "))
    bop_param = alt.param(name=BOP_PARAM, value=readings[0],
                          bind=alt.binding_select(options=readings, name="Balance of power, reach: "))
    # margin = mcc - the chosen reading's MCC (a nested conditional over the readings)
    expr = f"{float(power_mcc[readings[-1]])!r}"
    for name in reversed(readings[:-1]):
        expr = f"({BOP_PARAM} == {json.dumps(name)} ? {float(power_mcc[name])!r} : {expr})"
    margin = f"datum.mcc - {expr}"

    margin_title = "MCC of balance of threat − MCC of balance of power"
    base = alt.Chart().transform_flatten(fields).transform_calculate(margin=margin, weight=f"datum[{WEIGHT_AXIS_PARAM}]")
    colour, scatter = _margin_scatter(base, forms, short, margin_title, axis_param, bop_param, width, height)
    histogram = _margin_histogram(base, m, power_mcc, bin_step, margin_title, colour, width, height)
    wins = base.transform_calculate(win=f"({margin}) > 0 ? 1 : 0").transform_aggregate(
        share="mean(win)", n="count()", groupby=["form"]
    ).transform_calculate(
        text="datum.form + ' form: balance of threat scores higher in ' + format(datum.share, '.1%') + "
             "' of ' + datum.n + ' weightings'"
    ).mark_text(align="left", fontSize=12, color="#333333").encode(
        y=alt.Y("form:N", sort=forms, axis=None), x=alt.value(0), text="text:N",
    ).properties(width=width, height=18 * len(records))

    if description is None:
        description = ("A scatter plot of balance of threat's MCC minus balance of power's across weightings of the "
                       "four criteria, against the weight of one criterion, above a histogram of the margins.")
    with shared_params():
        chart = alt.vconcat(wins, scatter, histogram, data=alt.Data(values=records), spacing=10)
    return finish(
        chart.properties(description=description)
    )


def _margin_histogram(base, m, power_mcc, bin_step, margin_title, colour, width, height):
    """The histogram of the margins under the chosen reading, with a line at zero."""
    # bins of width bin_step from a fixed origin below every margin under every reading, computed
    # in the browser (altair's own binning found no extent for a field that depends on a parameter)
    lo = round(math.floor((m.min() - max(power_mcc.values())) / bin_step) * bin_step, 10)
    step = float(bin_step)
    hist = base.transform_calculate(
        bin_start=f"{js(lo)} + floor((datum.margin - {js(lo)}) / {js(step)}) * {js(step)}"
    ).transform_aggregate(
        weightings="count()", groupby=["form", "bin_start"]
    ).transform_calculate(bin_end=f"datum.bin_start + {js(step)}").mark_bar(opacity=0.55).encode(
        x=alt.X("bin_start:Q", title=margin_title, axis=alt.Axis(format="+.3f"), scale=alt.Scale(zero=True)),
        x2="bin_end:Q",
        y=alt.Y("weightings:Q", title="Weightings", stack=None),
        y2=alt.datum(0),
        color=colour,
        tooltip=[alt.Tooltip("form:N", title="Form"), alt.Tooltip("bin_start:Q", title="Margin from", format="+.4f"),
                 alt.Tooltip("bin_end:Q", title="to", format="+.4f"), alt.Tooltip("weightings:Q", title="Weightings")],
    )
    zero_v = alt.Chart().mark_rule(color="#333333", strokeDash=[5, 3]).encode(x=alt.datum(0))
    histogram = alt.layer(hist, zero_v).properties(width=width, height=max(60, height // 3))
    return histogram


def _margin_scatter(base, forms, short, margin_title, axis_param, bop_param, width, height):
    """The margin of every weighting against the weight chosen for the horizontal axis, with a line at zero."""
    colour = series_colour("form:N", forms, title="Functional form", legend=alt.Legend(
        orient="top", direction="horizontal", labelFontSize=12, titleFontSize=12))
    shape = alt.Shape("form:N", title="Functional form", scale=alt.Scale(domain=forms,
                      range=["circle", "triangle-up", "square", "diamond", "cross", "triangle-down", "wedge"][: len(forms)]))
    tooltip = [alt.Tooltip("form:N", title="Form")] + [
        alt.Tooltip(f"{short[c]}:Q", title=f"Weight of {label}", format=".2f") for c, label in WEIGHT_COLUMNS.items()
    ] + [alt.Tooltip("mcc:Q", title="MCC, balance of threat", format=".4f"),
         alt.Tooltip("margin:Q", title="Margin", format="+.4f")]
    points = base.mark_point(size=16, opacity=0.5, filled=True).encode(
        x=alt.X("weight:Q", title="Weight of the chosen criterion (the four weights sum to 1)",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("margin:Q", title=margin_title, scale=alt.Scale(zero=True), axis=alt.Axis(format="+.3f")),
        color=colour, shape=shape, tooltip=tooltip,
    ).add_params(axis_param, bop_param)
    zero_h = alt.Chart().mark_rule(color="#333333", strokeDash=[5, 3]).encode(y=alt.datum(0))
    scatter = alt.layer(points, zero_h).properties(width=width, height=height)
    return colour, scatter


def _sweep_records(sweep, weight_cols, forms):
    """One record per form holding its weightings as lists (each weight and the MCC), the short names and the fields."""
    short = {c: c.removeprefix("w_") for c in weight_cols}
    records = []
    for form in forms:
        g = sweep[sweep["form"] == form]
        if g.empty:
            continue
        rec = {"form": str(form)}
        for c in weight_cols:
            rec[short[c]] = [round(float(v), 3) for v in g[c]]
        rec["mcc"] = [round(float(v), 5) for v in g["mcc_threat"]]
        records.append(rec)
    fields = [*short.values(), "mcc"]
    return short, records, fields


def _checked_sweep(sweep, power_mcc, forms, bin_step):
    """Check the sweep and its arguments; the weight columns, the MCCs of balance of threat and the forms, in order."""
    weight_cols = list(WEIGHT_COLUMNS)
    require_columns(sweep, [*weight_cols, "form", "mcc_threat"], "sweep")
    if not isinstance(power_mcc, Mapping) or not power_mcc:
        raise ValueError("power_mcc must map at least one reading of balance of power to its MCC.")
    for name, value in power_mcc.items():
        if not isinstance(name, str) or isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
                or not math.isfinite(value) or not -1 <= value <= 1:
            raise ValueError(f"power_mcc must map names to MCCs between -1 and 1; got {name!r}: {value!r}.")
    w = sweep[weight_cols].to_numpy("float64")
    if np.isnan(w).any() or (w < 0).any() or not np.allclose(w.sum(axis=1), 1, atol=1e-6):
        raise ValueError("the weights of every row must be non-negative and sum to 1 (as evaluate.sweep gives them).")
    m = sweep["mcc_threat"].to_numpy("float64")
    if np.isnan(m).any() or (np.abs(m) > 1).any():
        raise ValueError("mcc_threat must be an MCC, between -1 and 1, in every row.")
    present = list(pd.unique(sweep["form"]))
    forms = present if forms is None else list(forms)
    missing = sorted(set(present) - set(forms))
    if missing:
        raise ValueError(f"sweep has forms {missing} that are not in forms {forms}.")
    require_colours(forms, "forms")
    if not (isinstance(bin_step, (int, float)) and bin_step > 0):
        raise ValueError(f"bin_step must be positive, not {bin_step!r}.")
    return weight_cols, m, forms
