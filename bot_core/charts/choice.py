"""The partner-choice test: each model's out-of-sample score, by era, with intervals.

The reader picks the measure (log-loss, Brier score, precision-recall AUC) and whether to see the
scores themselves or their difference from a reference model; the page carries every number
(:func:`bot_core.choice.out_of_sample`'s table), so the figure works in the static page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from bot_core.charts.base import OKABE_ITO, js, require_columns, require_unique_keys, rounded

__all__ = ["CHOICE_PARAMS", "out_of_sample_scores"]

#: Names of the figure's parameters (stable, so that browser tests can move them).
CHOICE_PARAMS = {"metric": "choice_metric", "view": "choice_view"}

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
        bars = part.mark_rule(strokeWidth=2).encode(x=alt.X("x_lo:Q", title=None, scale=alt.Scale(zero=False)),
                                                      x2="x_hi:Q", y=y, color=colour)
        dots = part.mark_point(filled=True, size=60).encode(x=x, y=y, color=colour, tooltip=tooltip)
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
