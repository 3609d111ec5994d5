"""The partner-choice test: each model's out-of-sample score, by era, with intervals; separation plots.

:func:`out_of_sample_scores`: the reader picks the measure (log-loss, Brier score, precision-recall
AUC) and whether to see the scores themselves or their difference from a reference model; the page
carries every number (:func:`bot_core.choice.out_of_sample`'s table), so the figure works in the
static page. :func:`separation_plot`: each model's predicted probabilities in the scored era,
sorted, with the chosen partners marked (Greenhill, Ward & Sacks 2011); the reader picks the era
and the model.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import OKABE_ITO, interval_dots, js, require_columns, require_unique_keys, rounded

__all__ = ["CHOICE_PARAMS", "SEPARATION_PARAMS", "estimates_by_group", "out_of_sample_scores", "separation_data",
           "separation_plot", "top_share"]

#: Names of the figure's parameters (stable, so that browser tests can move them).
CHOICE_PARAMS = {"metric": "choice_metric", "view": "choice_view"}
#: Names of the separation plot's parameters.
SEPARATION_PARAMS = {"split": "separation_split", "model": "separation_model"}

_METRICS = {"log_loss": "log-loss (lower is better)", "brier": "Brier score (lower is better)",
            "pr_auc": "precision-recall AUC (higher is better)"}
_VIEWS = {"score": "the score", "diff": "difference from the reference"}


def _dots_and_bars(part: alt.Chart, y: alt.Y, colour: alt.Color, tooltip: list) -> tuple[alt.Chart, alt.Chart]:
    """The idiom of these figures: a bar from ``x_lo`` to ``x_hi`` and a dot at ``x``, one row per ``y``."""
    return interval_dots(part, x=alt.X("x:Q", title=None, scale=alt.Scale(zero=False)),
                         x_lo=alt.X("x_lo:Q", title=None, scale=alt.Scale(zero=False)), y=y, colour=colour, tooltip=tooltip)


def _zero_rule() -> alt.Chart:
    """A thin grey vertical rule at ``x = 0``: no effect."""
    return alt.Chart(alt.InlineData(values=[{"x": 0}])).mark_rule(color="#888888", strokeDash=[3, 3]).encode(
        x=alt.X("x:Q", title=None))


def out_of_sample_scores(
    scores: pd.DataFrame,
    models: list[str],
    reference: str,
    metric: str = "log_loss",
    decimals: int = 4,
    title: str = "Out of sample: how well each model predicts the partners chosen",
    description: str = "",
    width: int = 260,
    height: int = 200,
) -> alt.HConcatChart:
    """Dots with interval bars, one panel per split, one row per model.

    Parameters
    ----------
    scores
        :func:`bot_core.choice.out_of_sample`'s frame: ``split``, ``model``, ``metric``,
        ``estimate``, ``lo``, ``hi``, ``diff``, ``diff_lo``, ``diff_hi``.
    models
        The models to draw, top to bottom (each must be in ``scores``).
    reference
        The model the differences are taken from (named in the subtitle).
    metric
        The measure the figure opens on.
    decimals
        Precision of the embedded numbers.
    title, description, width, height
        Title, alternative text (the SVG's ARIA description) and panel size.

    Returns
    -------
    altair.HConcatChart
        Parameters (names in :data:`CHOICE_PARAMS`): the measure and the view (score or difference).

    Raises
    ------
    ValueError
        If a column is missing, a row repeats, a model or metric is unknown, or a number is missing.
    """
    data, splits = _scores_data(scores, models, reference, metric, decimals)

    P = CHOICE_PARAMS
    p_metric = alt.param(name=P["metric"], value=metric, bind=alt.binding_radio(
        options=list(_METRICS), labels=list(_METRICS.values()), name="Measure  "))
    p_view = alt.param(name=P["view"], value="score", bind=alt.binding_radio(
        options=list(_VIEWS), labels=list(_VIEWS.values()), name="Show  "))
    base = (
        alt.Chart(alt.InlineData(values=data.to_dict(orient="records")))
        .transform_filter(f"datum.metric == {P['metric']}")
        .transform_calculate(
            x=f"{P['view']} == 'diff' ? datum.diff : datum.estimate",
            x_lo=f"{P['view']} == 'diff' ? datum.diff_lo : datum.lo",
            x_hi=f"{P['view']} == 'diff' ? datum.diff_hi : datum.hi",
        )
    )
    y = alt.Y("model:N", sort=models, title=None, axis=alt.Axis(labelLimit=160))
    colour = alt.Color("model:N", sort=models, legend=None,
                       scale=alt.Scale(domain=models, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(models))]))
    tooltip = [alt.Tooltip("model:N", title="Model"), alt.Tooltip("x:Q", format=".4f", title="Value"),
               alt.Tooltip("x_lo:Q", format=".4f", title="Interval from"), alt.Tooltip("x_hi:Q", format=".4f", title="to")]
    panels = []
    for split in splits:
        part = base.transform_filter(f"datum.split == {js(split)}")
        bars, dots = _dots_and_bars(part, y, colour, tooltip)
        zero = (alt.Chart(alt.InlineData(values=[{"z": 0}])).transform_filter(f"{P['view']} == 'diff'")
                .mark_rule(color="#666666", strokeDash=[4, 3]).encode(x="z:Q"))
        panels.append(alt.layer(zero, bars, dots).properties(
            width=width, height=height, title=alt.TitleParams(f"Fitted {split.split(' -> ')[0]}, scored {split.split(' -> ')[1]}",
                                                              anchor="start", fontSize=12)))
    chart = alt.hconcat(*panels, title=alt.TitleParams(
        text=title, subtitle=f"Dots: estimate; bars: 95% interval over the scored era's treaties; "
                             f"differences are from '{reference}'", anchor="start", fontSize=13, subtitleFontSize=11))
    chart = chart.add_params(p_metric, p_view)
    if description:
        chart = chart.properties(description=description)
    return chart


def _scores_data(scores: pd.DataFrame, models: list[str], reference: str, metric: str, decimals: int):
    """The rows :func:`out_of_sample_scores` draws (checked, rounded) and its splits, in order."""
    cols = ["split", "model", "metric", "estimate", "lo", "hi", "diff", "diff_lo", "diff_hi"]
    require_columns(scores, cols, "scores")
    require_unique_keys(scores, ["split", "model", "metric"], "scores")
    unknown = [m for m in [*models, reference] if m not in set(scores.model)]
    if unknown:
        raise ValueError(f"models {unknown} are not in scores (it has {sorted(set(scores.model))}).")
    if metric not in _METRICS or not set(scores.metric) <= set(_METRICS):
        raise ValueError(f"metrics must be among {list(_METRICS)}; got {metric!r} and {sorted(set(scores.metric))}.")
    data = scores[scores.model.isin(models)][cols].copy()
    nums = ["estimate", "lo", "hi", "diff", "diff_lo", "diff_hi"]
    if data[nums].isna().any().any():
        raise ValueError("scores has missing numbers: every estimate and interval must be known.")
    data[nums] = rounded(data[nums].to_numpy("float64"), decimals)
    splits = list(dict.fromkeys(scores.split))
    return data, splits


def estimates_by_group(
    table: pd.DataFrame,
    params: dict[str, str],
    groups: list[str],
    decimals: int = 2,
    title: str = "The threat model fitted on each obligation type",
    subtitle: str = "Dots: estimate; bars: 95% interval",
    description: str = "",
    width: int = 150,
    height: int = 130,
    group_title: str = "Fitted on",
    zero_line: bool = False,
    shared_scale: bool = False,
) -> alt.HConcatChart:
    """Dots with interval bars, one panel per parameter, one row per group (for example the ATOP
    obligation types of :func:`bot_core.choice.by_obligation`, or the periods of a test).

    Parameters
    ----------
    table
        Long frame: ``group``, ``param``, ``estimate``, ``lo``, ``hi``.
    params
        Parameter name to panel title, left to right (each must be in ``table``).
    groups
        The groups to draw, top to bottom (each must be in ``table``).
    decimals
        Precision of the embedded numbers.
    title, subtitle, description, width, height
        Title, subtitle, alternative text and panel size.
    group_title
        What the groups are, as the tooltip names them.
    zero_line
        Draw a vertical rule at 0 in every panel (and keep 0 on the scale), for estimates read
        against no effect.
    shared_scale
        One horizontal scale for every panel, for panels that show the same quantity (by default
        each panel has its own).

    Returns
    -------
    altair.HConcatChart

    Raises
    ------
    ValueError
        If a column is missing, a row repeats, a parameter or group is unknown, or a number is missing.
    """
    cols = ["group", "param", "estimate", "lo", "hi"]
    require_columns(table, cols, "table")
    require_unique_keys(table, ["group", "param"], "table")
    unknown = [g for g in groups if g not in set(table.group)] + [q for q in params if q not in set(table.param)]
    if unknown or not groups or not params:
        raise ValueError(f"groups or params {unknown or [groups, params]} are not in table.")
    data = table[table.group.isin(groups) & table.param.isin(list(params))][cols].copy()
    if data[["estimate", "lo", "hi"]].isna().any().any():
        raise ValueError("table has missing numbers: every estimate and interval must be known.")
    vals = rounded(data[["estimate", "lo", "hi"]].to_numpy("float64"), decimals)
    data = data.assign(x=vals[:, 0], x_lo=vals[:, 1], x_hi=vals[:, 2])[["group", "param", "x", "x_lo", "x_hi"]]
    y = alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=160))
    colour = alt.Color("group:N", sort=groups, legend=None,
                       scale=alt.Scale(domain=groups, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(groups))]))
    if not isinstance(group_title, str) or not group_title or not all(isinstance(v, bool) for v in (zero_line, shared_scale)):
        raise ValueError("group_title must be a non-empty text, and zero_line and shared_scale True or False.")
    tooltip = [alt.Tooltip("group:N", title=group_title), alt.Tooltip("x:Q", format=f".{decimals}f", title="Estimate"),
               alt.Tooltip("x_lo:Q", format=f".{decimals}f", title="Interval from"),
               alt.Tooltip("x_hi:Q", format=f".{decimals}f", title="to")]
    bare = alt.Y("group:N", sort=groups, title=None, axis=None)  # the groups are named in the first panel only
    base = alt.Chart(alt.InlineData(values=data.to_dict(orient="records")))
    panels = []
    for k, (param, label) in enumerate(params.items()):
        bars, dots = _dots_and_bars(base.transform_filter(f"datum.param == {js(param)}"), bare if k else y,
                                    colour, tooltip)
        layers = (bars, dots) if not zero_line else (_zero_rule(), bars, dots)
        panels.append(alt.layer(*layers).properties(
            width=width, height=height, title=alt.TitleParams(label, anchor="start", fontSize=12)))
    chart = alt.hconcat(*panels, title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start", fontSize=13,
                                                        subtitleFontSize=11))
    if shared_scale:
        chart = chart.resolve_scale(x="shared")
    if description:
        chart = chart.properties(description=description)
    return chart


def separation_data(pred: pd.DataFrame, models: list[str], n_curve: int = 200, n_bins: int = 400,
                    grid: float = 1e-3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What :func:`separation_plot` draws: per split and model, the candidates sorted by probability,
    the chosen ones counted in bins of position.

    What is drawn must not move with the optimiser's last digits, which differ between processors:
    the probabilities are put on a grid (``grid``) before they are ordered, ties are broken by group
    and candidate, and the chosen candidates are counted in ``n_bins`` equal bins of position rather
    than placed one by one; the expected count's position is kept to 1/1000.

    Parameters
    ----------
    pred
        :func:`bot_core.choice.predictions`' frame: ``split``, ``model``, ``group``, ``candidate``,
        ``chosen`` (0/1), ``p``.
    models
        The models to keep (each must be in ``pred``).
    n_curve
        The probability curve is kept at this many evenly spaced positions (and the last one), so
        that the page does not carry every candidate.
    n_bins
        Bins of position in which the chosen candidates are counted (about one per pixel).
    grid
        Step of the probability grid (0.001: a candidate's probability is shown and ordered to 1/1000).

    Returns
    -------
    (chosen, curve) : two pandas.DataFrame
        ``chosen``: one row per split, model and bin holding a chosen candidate: ``split``, ``model``,
        ``bin`` (0 to n_bins - 1), ``pos_lo`` and ``pos_hi`` (its edges, as shares of the split's
        candidates in the ascending order of probability: the lowest at 0, the highest at 1),
        ``count`` (chosen candidates in it) and ``share`` (of the split's chosen candidates).
        ``curve``: ``split``, ``model``, ``pos``, ``p`` (on the grid) at the sampled positions
        (``kind`` "curve"), and one row per split and model with ``pos`` = 1 - expected / n (``kind``
        "expected": where the expected number of chosen partners, the sum of ``p``, begins counting
        from the top).

    Raises
    ------
    ValueError
        If a column is missing, a model unknown, a probability missing or outside 0-1, ``chosen``
        is not 0/1, or ``n_curve``, ``n_bins`` or ``grid`` is out of range.
    """
    require_columns(pred, ["split", "model", "group", "candidate", "chosen", "p"], "pred")
    unknown = [m for m in models if m not in set(pred.model)]
    if unknown or not models:
        raise ValueError(f"models {unknown or models} are not in pred (it has {sorted(set(pred.model))}).")
    for name, v in (("n_curve", n_curve), ("n_bins", n_bins)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 2:
            raise ValueError(f"{name} must be a whole number of at least 2, not {v!r}.")
    if isinstance(grid, bool) or not isinstance(grid, (int, float)) or not 0 < grid <= 0.1:
        raise ValueError(f"grid must be a number above 0 and at most 0.1, not {grid!r}.")
    p = pred.p.to_numpy("float64")
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError("pred.p must be probabilities between 0 and 1, with none missing.")
    if not pred.chosen.isin([0, 1]).all():
        raise ValueError("pred.chosen must be 0 or 1.")
    chosen, curve = [], []
    for (split, model), part in pred[pred.model.isin(models)].groupby(["split", "model"], sort=False):
        # the optimiser's last digits differ between processes, and among thousands of near-ties they
        # would reorder rows: ordered by p on the grid, then by group and candidate
        steps = np.round(part.p.to_numpy("float64") / grid).astype("int64")
        order = np.lexsort((part.candidate.to_numpy(), part.group.to_numpy(), steps))
        n = len(order)
        y = part.chosen.to_numpy()[order]
        k = np.flatnonzero(y == 1)
        b = np.minimum((k * n_bins) // n, n_bins - 1)  # integer arithmetic: no float at a bin's edge
        bins, counts = np.unique(b, return_counts=True)
        chosen.append(pd.DataFrame({"split": split, "model": model, "bin": bins, "pos_lo": bins / n_bins,
                                    "pos_hi": (bins + 1) / n_bins, "count": counts,
                                    "share": counts / max(len(k), 1)}))
        idx = np.unique(np.r_[np.linspace(0, n - 1, n_curve).round().astype(int), n - 1])
        curve.append(pd.DataFrame({"split": split, "model": model, "pos": (idx + 0.5) / n,
                                   "p": steps[order][idx] * grid, "kind": "curve"}))
        curve.append(pd.DataFrame({"split": [split], "model": [model],
                                   "pos": [1 - (steps * grid).sum() / n], "p": [0.0], "kind": ["expected"]}))
    chosen, curve = pd.concat(chosen, ignore_index=True), pd.concat(curve, ignore_index=True)
    chosen[["pos_lo", "pos_hi", "share"]] = rounded(chosen[["pos_lo", "pos_hi", "share"]].to_numpy("float64"), 6)
    digits = max(int(np.ceil(-np.log10(grid))), 0)
    curve["pos"] = np.where(curve.kind == "expected", rounded(curve.pos.to_numpy("float64"), 3),
                            rounded(curve.pos.to_numpy("float64"), 6))
    curve["p"] = rounded(curve.p.to_numpy("float64"), digits + 1)
    return chosen, curve


def top_share(chosen: pd.DataFrame, top: float = 0.05) -> pd.Series:
    """The share of the chosen candidates that a model puts in the top ``top`` of its order, per split
    and model, from :func:`separation_data`'s ``chosen`` (``top`` must be a whole number of bins)."""
    require_columns(chosen, ["split", "model", "pos_lo", "share"], "chosen")
    if not 0 < top < 1:
        raise ValueError(f"top must be a share between 0 and 1, not {top!r}.")
    return chosen[chosen.pos_lo >= 1 - top - 1e-12].groupby(["split", "model"], sort=False).share.sum()


def separation_plot(
    pred: pd.DataFrame,
    models: list[str],
    model: str | None = None,
    n_curve: int = 200,
    n_bins: int = 400,
    grid: float = 1e-3,
    title: str = "Separation plots: the partners chosen among every candidate, sorted by predicted probability",
    description: str = "",
    width: int = 620,
    height: int = 120,
) -> alt.LayerChart:
    """A separation plot (Greenhill, Ward & Sacks 2011) of each model in each scored era.

    Every candidate of the scored era is a position on the horizontal axis, sorted from the lowest
    predicted probability (left) to the highest (right); the chosen partners are counted in narrow
    bands of position (darker: more of them), the black curve is the predicted probability and the triangle marks where the
    expected number of chosen partners begins, counted from the right. A model that separates well
    piles the bands at the right edge, right of the triangle.

    Parameters
    ----------
    pred
        :func:`bot_core.choice.predictions`' frame.
    models
        The models the reader can pick from (menu order).
    model
        The model the figure opens on (default the last of ``models``).
    n_curve, n_bins, grid
        Positions at which the curve is kept, bins of position in which the chosen partners are
        counted, and the probability grid (:func:`separation_data`).
    title, description, width, height
        Title, alternative text and size.

    Returns
    -------
    altair.LayerChart
        Parameters (names in :data:`SEPARATION_PARAMS`): the split (era) and the model, both menus.

    Raises
    ------
    ValueError
        As :func:`separation_data`, or if ``model`` is not among ``models``.
    """
    model = models[-1] if model is None and models else model
    if model not in models:
        raise ValueError(f"model {model!r} is not among models {models}.")
    chosen, curve = separation_data(pred, models, n_curve=n_curve, n_bins=n_bins, grid=grid)
    splits = list(dict.fromkeys(pred.split))
    P = SEPARATION_PARAMS
    p_split = alt.param(name=P["split"], value=splits[0], bind=alt.binding_select(
        options=splits, labels=[f"fitted {s.split(' -> ')[0]}, scored {s.split(' -> ')[-1]}" for s in splits],
        name="Era  "))
    p_model = alt.param(name=P["model"], value=model, bind=alt.binding_select(options=list(models), name="Model  "))
    keep = f"datum.split == {P['split']} && datum.model == {P['model']}"
    x_title = "candidates, sorted from the lowest predicted probability (left) to the highest (right)"
    x = alt.X("pos:Q", scale=alt.Scale(domain=[0, 1]), title=x_title, axis=alt.Axis(format="%"))
    # one band per bin of position that holds chosen partners, darker the more it holds
    marks = (alt.Chart(alt.InlineData(values=chosen.to_dict(orient="records"))).transform_filter(keep)
             .mark_rect(color=OKABE_ITO[1])
             .encode(x=alt.X("pos_lo:Q", scale=alt.Scale(domain=[0, 1]), title=x_title, axis=alt.Axis(format="%")),
                     x2="pos_hi:Q",
                     opacity=alt.Opacity("count:Q", scale=alt.Scale(type="sqrt", range=[0.3, 1]), legend=None),
                     tooltip=[alt.Tooltip("count:Q", title="Partners chosen in this band"),
                              alt.Tooltip("share:Q", format=".1%", title="Share of all chosen"),
                              alt.Tooltip("pos_lo:Q", format=".2%", title="Band from"),
                              alt.Tooltip("pos_hi:Q", format=".2%", title="to")]))
    base = alt.Chart(alt.InlineData(values=curve.to_dict(orient="records"))).transform_filter(keep)
    line = (base.transform_filter("datum.kind == 'curve'").mark_line(color="#000000", strokeWidth=1.5)
            .encode(x=x, y=alt.Y("p:Q", scale=alt.Scale(domain=[0, 1]), title="predicted probability")))
    tri = (base.transform_filter("datum.kind == 'expected'").mark_point(shape="triangle-up", filled=True, size=90,
                                                                          color="#000000", yOffset=-4)
           .encode(x=x, y=alt.Y("p:Q"), tooltip=[alt.Tooltip("pos:Q", format=".2%", title="Expected count begins at")]))
    chart = alt.layer(marks, line, tri).properties(width=width, height=height, title=alt.TitleParams(
        text=title, subtitle="Bands: partners chosen (darker: more); curve: predicted probability; triangle: where the expected "
                             "number of chosen partners begins, counted from the right",
        anchor="start", fontSize=13, subtitleFontSize=11))
    chart = chart.add_params(p_split, p_model)
    if description:
        chart = chart.properties(description=description)
    return chart
