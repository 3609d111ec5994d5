"""Replications: coefficients with intervals, by era (the Lai-Reiter replication).

The reader picks the era (both, or one) and the scale (the coefficient in log-odds, or the odds
ratio); the page carries every number, so the figure works in the static page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from bot_core.charts.base import OKABE_ITO, interval_dots, require_columns, require_unique_keys, rounded

__all__ = ["REPLICATION_PARAMS", "coefficient_intervals"]

#: Names of the figure's parameters (stable, so that browser tests can move them).
REPLICATION_PARAMS = {"era": "replication_era", "scale": "replication_scale"}

_SCALES = {"coef": "coefficient (log-odds)", "odds": "odds ratio"}


def coefficient_intervals(
    estimates: pd.DataFrame,
    terms: dict[str, str],
    decimals: int = 3,
    title: str = "What raises the odds of a new alliance, by era",
    description: str = "",
    width: int = 420,
    height: int = 260,
) -> alt.LayerChart:
    """Dots with interval bars, one row per term, one colour per era.

    Parameters
    ----------
    estimates
        :func:`bot_core.lai_reiter.estimate`'s frame: ``era``, ``term``, ``coef``, ``lo``, ``hi``.
    terms
        The terms to draw, top to bottom, mapped to their labels (each must be in ``estimates``).
    decimals
        Precision of the embedded numbers.
    title, description, width, height
        Title, alternative text (the SVG's ARIA description) and size.

    Returns
    -------
    altair.LayerChart
        Parameters (names in :data:`REPLICATION_PARAMS`): the era shown (``"both"`` or an era) and
        the scale (``"coef"`` or ``"odds"``).

    Raises
    ------
    ValueError
        If a column is missing, a row repeats, a term is unknown, or a number is missing.
    """
    data, eras, labels = _estimates_data(estimates, terms, decimals)
    P = REPLICATION_PARAMS
    p_era = alt.param(name=P["era"], value="both", bind=alt.binding_radio(
        options=["both", *eras], labels=["both eras", *eras], name="Era  "))
    p_scale = alt.param(name=P["scale"], value="coef", bind=alt.binding_radio(
        options=list(_SCALES), labels=list(_SCALES.values()), name="Scale  "))
    chart = alt.layer(*_interval_layers(data, eras, labels)).properties(
        width=width, height=height,
        title=alt.TitleParams(text=title, subtitle="Dots: estimate; bars: 95% interval (standard errors clustered by dyad)",
                              anchor="start", fontSize=13, subtitleFontSize=11))
    chart = chart.add_params(p_era, p_scale)
    if description:
        chart = chart.properties(description=description)
    return chart


def _estimates_data(estimates: pd.DataFrame, terms: dict[str, str], decimals: int):
    """The rows :func:`coefficient_intervals` draws (checked, rounded, labelled), its eras and labels."""
    require_columns(estimates, ["era", "term", "coef", "lo", "hi"], "estimates")
    require_unique_keys(estimates, ["era", "term"], "estimates")
    if not isinstance(terms, dict) or not terms:
        raise ValueError("terms must be a non-empty mapping of term names to labels.")
    unknown = [t for t in terms if t not in set(estimates.term)]
    if unknown:
        raise ValueError(f"terms {unknown} are not in estimates (it has {sorted(set(estimates.term))}).")
    data = estimates[estimates.term.isin(list(terms))][["era", "term", "coef", "lo", "hi"]].copy()
    if data[["coef", "lo", "hi"]].isna().any().any():
        raise ValueError("estimates has missing numbers: every coefficient and interval must be known.")
    data[["coef", "lo", "hi"]] = rounded(data[["coef", "lo", "hi"]].to_numpy("float64"), decimals)
    data["label"] = data.term.map(terms)
    return data, list(dict.fromkeys(data.era)), [terms[t] for t in terms]


def _interval_layers(data: pd.DataFrame, eras: list, labels: list):
    """The no-effect line, the interval bars and the dots, on the scale and era chosen."""
    P = REPLICATION_PARAMS
    base = (
        alt.Chart(alt.InlineData(values=data.to_dict(orient="records")))
        .transform_filter(f"{P['era']} == 'both' || datum.era == {P['era']}")
        .transform_calculate(
            x=f"{P['scale']} == 'odds' ? exp(datum.coef) : datum.coef",
            x_lo=f"{P['scale']} == 'odds' ? exp(datum.lo) : datum.lo",
            x_hi=f"{P['scale']} == 'odds' ? exp(datum.hi) : datum.hi",
        )
    )
    colour = alt.Color("era:N", sort=eras, title="Era (outcome years)",
                       scale=alt.Scale(domain=eras, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(eras))]))
    tooltip = [alt.Tooltip("label:N", title="Term"), alt.Tooltip("era:N", title="Era"),
               alt.Tooltip("x:Q", format=".3f", title="Estimate"),
               alt.Tooltip("x_lo:Q", format=".3f", title="95% interval from"),
               alt.Tooltip("x_hi:Q", format=".3f", title="to")]
    x_title = "coefficient (log-odds) or odds ratio, as chosen; dashed line: no effect"
    bars, dots = interval_dots(
        base, x="x:Q", x_lo=alt.X("x_lo:Q", title=x_title, scale=alt.Scale(zero=False)),
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=220)),
        y_offset=alt.YOffset("era:N", sort=eras), colour=colour, tooltip=tooltip)
    null = (alt.Chart(alt.InlineData(values=[{"z": 0}]))
            .transform_calculate(zx=f"{P['scale']} == 'odds' ? 1 : 0")
            .mark_rule(color="#666666", strokeDash=[4, 3]).encode(x="zx:Q"))
    return null, bars, dots
