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

__all__ = ["CHOICE_PARAMS", "SEPARATION_PARAMS", "out_of_sample_scores", "separation_data", "separation_plot"]

#: Names of the figure's parameters (stable, so that browser tests can move them).
CHOICE_PARAMS = {"metric": "choice_metric", "view": "choice_view"}
#: Names of the separation plot's parameters.
SEPARATION_PARAMS = {"split": "separation_split", "model": "separation_model"}

_METRICS = {"log_loss": "log-loss (lower is better)", "brier": "Brier score (lower is better)",
            "pr_auc": "precision-recall AUC (higher is better)"}
_VIEWS = {"score": "the score", "diff": "difference from the reference"}


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
        x = alt.X("x:Q", title=None, scale=alt.Scale(zero=False))
        bars, dots = interval_dots(part, x=x, x_lo=alt.X("x_lo:Q", title=None, scale=alt.Scale(zero=False)),
                                   y=y, colour=colour, tooltip=tooltip)
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


def separation_data(pred: pd.DataFrame, models: list[str], n_curve: int = 200,
                    decimals: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What :func:`separation_plot` draws: per split and model, the candidates sorted by probability.

    Parameters
    ----------
    pred
        :func:`bot_core.choice.predictions`' frame: ``split``, ``model``, ``group``, ``candidate``,
        ``chosen`` (0/1), ``p``.
    models
        The models to keep (each must be in ``pred``).
    n_curve
        The probability curve is kept at this many evenly spaced positions (and the last one), so
        that the page does not carry every candidate; the chosen rows are all kept.
    decimals
        Precision of the embedded numbers.

    Returns
    -------
    (chosen, curve) : two pandas.DataFrame
        ``chosen``: one row per chosen candidate: ``split``, ``model``, ``pos`` (its position in the
        ascending order of ``p``, as a share of the split's candidates, 0 to 1: the lowest
        probability at 0, the highest at 1), ``p``, ``group``, ``candidate``. ``curve``: ``split``,
        ``model``, ``pos``, ``p`` at the sampled positions, and one row per split and model with
        ``pos`` = 1 - expected / n (``kind`` "expected": where the expected number of chosen
        partners, the sum of ``p``, begins counting from the top), the others ``kind`` "curve".
        Candidates are ordered by ``p`` rounded to ``decimals`` and then by group and candidate, so the
        order does not follow float noise.

    Raises
    ------
    ValueError
        If a column is missing, a model unknown, a probability missing or outside 0-1, or
        ``chosen`` is not 0/1.
    """
    require_columns(pred, ["split", "model", "group", "candidate", "chosen", "p"], "pred")
    unknown = [m for m in models if m not in set(pred.model)]
    if unknown or not models:
        raise ValueError(f"models {unknown or models} are not in pred (it has {sorted(set(pred.model))}).")
    if isinstance(n_curve, bool) or not isinstance(n_curve, (int, np.integer)) or n_curve < 2:
        raise ValueError(f"n_curve must be a whole number of at least 2, not {n_curve!r}.")
    p = pred.p.to_numpy("float64")
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError("pred.p must be probabilities between 0 and 1, with none missing.")
    if not pred.chosen.isin([0, 1]).all():
        raise ValueError("pred.chosen must be 0 or 1.")
    chosen, curve = [], []
    for (split, model), part in pred[pred.model.isin(models)].groupby(["split", "model"], sort=False):
        # ordered by p as the page shows it (rounded), then by group and candidate: the optimiser's last
        # digits differ between processes, and among thousands of near-ties they would reorder rows
        part = (part.assign(_key=rounded(part.p.to_numpy("float64"), decimals))
                .sort_values(["_key", "group", "candidate"], kind="stable").drop(columns="_key").reset_index(drop=True))
        n = len(part)
        pos = (np.arange(n) + 0.5) / n
        c = part[part.chosen == 1]
        chosen.append(pd.DataFrame({"split": split, "model": model, "pos": pos[c.index.to_numpy()],
                                    "p": c.p.to_numpy(), "group": c.group.to_numpy(),
                                    "candidate": c.candidate.to_numpy()}))
        idx = np.unique(np.r_[np.linspace(0, n - 1, n_curve).round().astype(int), n - 1])
        curve.append(pd.DataFrame({"split": split, "model": model, "pos": pos[idx], "p": part.p.to_numpy()[idx],
                                   "kind": "curve"}))
        curve.append(pd.DataFrame({"split": [split], "model": [model], "pos": [1 - part.p.sum() / n],
                                   "p": [0.0], "kind": ["expected"]}))
    chosen, curve = pd.concat(chosen, ignore_index=True), pd.concat(curve, ignore_index=True)
    for f in (chosen, curve):
        f[["pos", "p"]] = rounded(f[["pos", "p"]].to_numpy("float64"), decimals)
    return chosen, curve


def separation_plot(
    pred: pd.DataFrame,
    models: list[str],
    model: str | None = None,
    n_curve: int = 200,
    title: str = "Separation plots: the partners chosen among every candidate, sorted by predicted probability",
    description: str = "",
    width: int = 620,
    height: int = 120,
) -> alt.LayerChart:
    """A separation plot (Greenhill, Ward & Sacks 2011) of each model in each scored era.

    Every candidate of the scored era is a position on the horizontal axis, sorted from the lowest
    predicted probability (left) to the highest (right); each chosen partner is a vertical line at
    its position, the black curve is the predicted probability and the triangle marks where the
    expected number of chosen partners begins, counted from the right. A model that separates well
    piles the lines at the right edge, right of the triangle.

    Parameters
    ----------
    pred
        :func:`bot_core.choice.predictions`' frame.
    models
        The models the reader can pick from (menu order).
    model
        The model the figure opens on (default the last of ``models``).
    n_curve
        Positions at which the curve is kept (:func:`separation_data`).
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
    chosen, curve = separation_data(pred, models, n_curve=n_curve)
    splits = list(dict.fromkeys(pred.split))
    P = SEPARATION_PARAMS
    p_split = alt.param(name=P["split"], value=splits[0], bind=alt.binding_select(
        options=splits, labels=[f"fitted {s.split(' -> ')[0]}, scored {s.split(' -> ')[-1]}" for s in splits],
        name="Era  "))
    p_model = alt.param(name=P["model"], value=model, bind=alt.binding_select(options=list(models), name="Model  "))
    keep = f"datum.split == {P['split']} && datum.model == {P['model']}"
    x = alt.X("pos:Q", scale=alt.Scale(domain=[0, 1]),
              title="candidates, sorted from the lowest predicted probability (left) to the highest (right)",
              axis=alt.Axis(format="%"))
    marks = (alt.Chart(alt.InlineData(values=chosen.to_dict(orient="records"))).transform_filter(keep)
             .mark_rule(color=OKABE_ITO[1], strokeWidth=1, opacity=0.6)
             .encode(x=x, tooltip=[alt.Tooltip("p:Q", format=".4f", title="Probability"),
                                   alt.Tooltip("pos:Q", format=".2%", title="Position"),
                                   alt.Tooltip("candidate:Q", title="Partner (COW code)")]))
    base = alt.Chart(alt.InlineData(values=curve.to_dict(orient="records"))).transform_filter(keep)
    line = (base.transform_filter("datum.kind == 'curve'").mark_line(color="#000000", strokeWidth=1.5)
            .encode(x=x, y=alt.Y("p:Q", scale=alt.Scale(domain=[0, 1]), title="predicted probability")))
    tri = (base.transform_filter("datum.kind == 'expected'").mark_point(shape="triangle-up", filled=True, size=90,
                                                                          color="#000000", yOffset=-4)
           .encode(x=x, y=alt.Y("p:Q"), tooltip=[alt.Tooltip("pos:Q", format=".2%", title="Expected count begins at")]))
    chart = alt.layer(marks, line, tri).properties(width=width, height=height, title=alt.TitleParams(
        text=title, subtitle="Lines: partners chosen; curve: predicted probability; triangle: where the expected "
                             "number of chosen partners begins, counted from the right",
        anchor="start", fontSize=13, subtitleFontSize=11))
    chart = chart.add_params(p_split, p_model)
    if description:
        chart = chart.properties(description=description)
    return chart
