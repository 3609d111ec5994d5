"""Figures of the chapter on aggregate power: capability shares, and the two scalings of ``power``."""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import DASHES, OKABE_ITO, finish, nearest_hover, picked_lines, require_columns, require_unique_keys, shared_params, year_axis

__all__ = [
    "INDICATOR_PARAM",
    "NMC_LABELS",
    "PERCEIVER_PARAM",
    "POWER_PALETTE",
    "capability_shares",
    "power_scalings",
    "share_colours",
]

#: Name of the dropdown parameter of :func:`capability_shares` (the indicator shown).
INDICATOR_PARAM = "power_indicator"
#: Name of the dropdown parameter of :func:`power_scalings` (the perceiving state).
PERCEIVER_PARAM = "power_perceiver"
#: Readers' names of CINC and the six NMC components, in NMC's order with CINC first.
NMC_LABELS = {
    "cinc": "CINC (composite index)",
    "milex": "Military expenditure",
    "milper": "Military personnel",
    "irst": "Iron and steel production",
    "pec": "Primary energy consumption",
    "tpop": "Total population",
    "upop": "Urban population",
}
#: The full Okabe–Ito palette: :data:`~bot_core.charts.base.OKABE_ITO` with black before yellow,
#: which is the hardest of the eight to see on white and so is handed out last.
POWER_PALETTE = OKABE_ITO[:6] + ("#000000", OKABE_ITO[6])

_HOVER = "power_year_hover"
_LEGEND = "power_state_pick"


def share_colours(years_by_state: Mapping[str, set], palette=POWER_PALETTE) -> dict[str, tuple[str, tuple]]:
    """A (colour, dash) pair for each state, in the mapping's order.

    States present in the same year get different colours; a colour is reused only by states
    whose years never overlap (Austria-Hungary, gone in 1918, and China, a major power from 1950,
    can share one), and states sharing a colour get different dashes. Each state takes the first
    colour of ``palette`` that no earlier, overlapping state holds. When every state's years form
    one run and the states come in order of their first year, this never needs more colours than
    the most states present in any one year. Raises :class:`ValueError` if a state overlaps
    earlier states holding every colour.
    """
    out: dict[str, tuple[str, tuple]] = {}
    for state, years in years_by_state.items():
        taken = {out[s][0] for s in out if years_by_state[s] & years}
        free = [c for c in palette if c not in taken]
        if not free:
            crowded = [s for s in out if years_by_state[s] & years]
            raise ValueError(
                f"{state!r} shares years with {len(crowded)} states that hold all {len(palette)} colours "
                f"({', '.join(map(str, crowded))}); they cannot be told apart. Show fewer states."
            )
        colour = free[0]
        used = {out[s][1] for s in out if out[s][0] == colour}
        rotated = [DASHES[(len(out) + k) % len(DASHES)] for k in range(len(DASHES))]  # the n-th state: n-th dash
        dash = next((d for d in rotated if d not in used), None)
        if dash is None:
            raise ValueError(f"more than {len(DASHES)} states would share the colour {colour}.")
        out[state] = (colour, tuple(dash))
    return out


def _spells(years: pd.Series) -> pd.Series:
    """Number the runs of consecutive years (the input sorted by year within one state)."""
    return (years.diff().fillna(1) != 1).cumsum()


def capability_shares(
    shares: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    initial: str = "cinc",
    description: str | None = None,
    width: int = 600,
    height: int = 320,
) -> alt.LayerChart:
    """Each state's share of the system total of one capability indicator, year by year, with a
    dropdown that switches the indicator.

    Parameters
    ----------
    shares
        Long format: one row per ``year``, ``state`` and ``indicator``, with ``share`` (a number
        between 0 and 1, or missing where the source has no value). Rows for the years a state is
        not shown are simply absent; its line breaks there.
    labels
        The indicators in the dropdown, in order, mapped to the names the reader sees. Default:
        :data:`NMC_LABELS` restricted to the indicators in ``shares``. Every indicator in
        ``shares`` must have a label.
    initial
        The indicator shown when the chart first appears.
    description
        Alternative text for the figure (the SVG's ARIA description).
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``shares`` pivoted to one row per ``year`` and ``state``, one column per
        indicator, plus ``spell`` (runs of consecutive years, so lines break across gaps). The
        dropdown is the parameter :data:`INDICATOR_PARAM`; a ``calculate`` transform reads
        ``datum[power_indicator]``. Clicking a legend entry picks out one state; pointing at the
        plot shows the nearest year's values.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``year``, ``state``, ``indicator``) row
        repeats, an indicator has no label, ``initial`` is not among the indicators, a share lies
        outside 0 to 1, or too many states share a year to be told apart.
    """
    values, labels = _shares_checked(shares, labels, initial)
    wide, states, style = _shares_wide(shares, values, labels)
    indicator = alt.param(
        name=INDICATOR_PARAM,
        value=initial,
        bind=alt.binding_select(options=list(labels), labels=list(labels.values()), name="Indicator: "),
    )
    pick = alt.selection_point(name=_LEGEND, fields=["state"], bind="legend")
    hover = nearest_hover(_HOVER)
    label_expr = json.dumps(labels) + f"[{INDICATOR_PARAM}]"
    base = alt.Chart(wide).transform_calculate(
        value=f"datum[{INDICATOR_PARAM}]", indicator_label=label_expr
    )
    span = [int(wide["year"].min()), int(wide["year"].max())]  # fixed, so an empty layer has no infinite extent
    x = year_axis(domain=span, nice=False)
    y = alt.Y("value:Q", title="Share of the system total", axis=alt.Axis(format=".0%", minExtent=44))
    colour, dash = _state_scales(states, style)
    lines, points = _share_layers(base, x, y, colour, dash, indicator, pick, hover)
    rule = base.mark_rule(color="#666666", strokeWidth=1).encode(x=x).transform_filter(hover)
    if description is None:
        description = (
            "A line chart of each state's share of the system total of a capability indicator, by "
            "year; a dropdown chooses the indicator."
        )
    with shared_params():
        chart = alt.layer(lines, rule, points)
    return finish(
        chart.properties(width=width, height=height, description=description)
    )


def _state_scales(states, style):
    """The colour and dash of each state, as :func:`share_colours` assigned them."""
    colour = alt.Color(
        "state:N",
        title=None,
        scale=alt.Scale(domain=states, range=[style[s][0] for s in states]),
        legend=alt.Legend(
            orient="top", direction="horizontal", columns=5, symbolType="stroke", symbolStrokeWidth=2.5,
            symbolSize=500, labelFontSize=12,
        ),
    )
    dash = alt.StrokeDash(
        "state:N", title=None, scale=alt.Scale(domain=states, range=[list(style[s][1]) for s in states])
    )
    return colour, dash


def _share_layers(base, x, y, colour, dash, indicator, pick, hover):
    """The lines (faded unless picked in the legend) and the points shown at the hovered year."""
    lines = picked_lines(base, pick, x=x, y=y, colour=colour, dash=dash, fade=0.15, width=2.2, params=[indicator],
                         detail="spell:N")
    tooltip = [
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("indicator_label:N", title="Indicator"),
        alt.Tooltip("value:Q", title="Share of system total", format=".1%"),
    ]
    points = (
        base.transform_filter("isValid(datum.value)")
        .mark_point(filled=True, size=50)
        .encode(
            x=x,
            y=y,
            color=colour,
            opacity=alt.condition(hover, alt.value(1.0), alt.value(0.0)),
            tooltip=tooltip,
        )
        .add_params(hover)
    )
    return lines, points


def _shares_wide(shares, values, labels):
    """One row per state and year, one column per indicator, with its spell; the states and their colours and dashes."""
    states = list(pd.unique(shares["state"]))
    wide = (
        shares.assign(share=values)
        .pivot(index=["state", "year"], columns="indicator", values="share")
        .reindex(columns=list(labels))
        .reset_index()
    )
    order = {s: i for i, s in enumerate(states)}
    wide = wide.assign(_o=wide["state"].map(order)).sort_values(["_o", "year"], kind="stable").drop(columns="_o")
    wide["year"] = wide["year"].astype("int64")
    wide["spell"] = wide.groupby("state", sort=False)["year"].transform(_spells).astype("int64")
    wide = wide.reset_index(drop=True)
    wide.columns.name = None
    wide = wide.astype({c: "float64" for c in labels})  # altair writes NaN as null

    years = {s: set(wide.loc[wide["state"] == s, "year"].tolist()) for s in states}
    style = share_colours(years)
    return wide, states, style


def _shares_checked(shares, labels, initial):
    """The shares as numbers (checked: each indicator labelled, each share from 0 to 1) and the labels."""
    require_columns(shares, ["year", "state", "indicator", "share"], "shares")
    keys = ["year", "state", "indicator"]
    require_unique_keys(shares, keys, "shares")
    present = list(pd.unique(shares["indicator"]))
    if labels is None:
        labels = {k: v for k, v in NMC_LABELS.items() if k in present}
    labels = dict(labels)
    unlabelled = [i for i in present if i not in labels]
    if unlabelled:
        raise ValueError(f"indicators {unlabelled} have no label; give one in labels.")
    if initial not in labels:
        raise ValueError(f"initial indicator {initial!r} is not one of {list(labels)}.")
    values = pd.to_numeric(shares["share"], errors="coerce")
    if values.notna().sum() != shares["share"].notna().sum():
        raise ValueError("shares has values in 'share' that are not numbers.")
    if ((values < 0) | (values > 1)).any():
        bad = shares.loc[(values < 0) | (values > 1), keys + ["share"]].head(3).to_dict("records")
        raise ValueError(f"shares must lie between 0 and 1; e.g. {bad}.")
    return values, labels


def power_scalings(
    scores: pd.DataFrame,
    *,
    initial: str | None = None,
    n_labels: int = 4,
    always_label: tuple[str, ...] = (),
    description: str | None = None,
    width: int = 420,
    height: int = 380,
) -> alt.LayerChart:
    """The ``power`` criterion under its two scalings, for one perceiving state at a time.

    Each point is a possible source of threat *j*: across, its power as a share of the year's
    strongest state (``absolute``); up, its share of the pair's combined capability with the
    perceiving state (``relative``). A dropdown chooses the perceiving state.

    Parameters
    ----------
    scores
        One row per ``perceiver`` and ``state`` with columns ``absolute`` and ``relative``, both
        between 0 and 1.
    initial
        The perceiver shown first (default: the first in ``scores``).
    n_labels
        How many of each perceiver's strongest states are labelled by name (0 for none).
    always_label
        States labelled by name for every perceiver, wherever they are.
    description
        Alternative text for the figure.
    width, height
        Size of the plot in pixels.

    Returns
    -------
    altair.LayerChart
        Its data are ``scores`` (columns ``perceiver``, ``state``, ``absolute``, ``relative``)
        plus ``label``, the state's name for the ``n_labels`` largest ``absolute`` values of each
        perceiver and for the states in ``always_label``, empty otherwise, and ``label_below``,
        True for every second label in order of ``absolute`` (those are printed under their
        point, so that neighbours' names do not overlap). The dropdown is the parameter
        :data:`PERCEIVER_PARAM`.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``perceiver``, ``state``) pair repeats, a
        score is missing or outside 0 to 1, or ``initial`` is not a perceiver.
    """
    data, perceivers, initial = _scalings_data(scores, initial, n_labels, always_label)
    who = alt.param(
        name=PERCEIVER_PARAM,
        value=initial,
        bind=alt.binding_select(options=perceivers, name="Perceiving state: "),
    )
    base = alt.Chart(data).transform_filter(f"datum.perceiver == {PERCEIVER_PARAM}")
    x = alt.X("absolute:Q", title="Absolute: share of the strongest state's capability",
              scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".1f"))
    y = alt.Y("relative:Q", title="Relative: share of the pair's capability",
              scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".1f"))
    diagonal, parity, points, above, below = _scaling_layers(base, x, y, who)
    if description is None:
        description = (
            "A scatter plot: each point a possible source of threat, placed by its absolute power "
            "(across) and its power relative to the perceiving state (up); a dropdown chooses the "
            "perceiving state."
        )
    return finish(
        alt.layer(diagonal, parity, points, above, below)
        .properties(width=width, height=height, description=description)
    )


def _scaling_layers(base, x, y, who):
    """The diagonal, the parity line, the points and their labels (above or below the point)."""
    diagonal = (
        alt.Chart(pd.DataFrame({"absolute": [0.0, 1.0], "relative": [0.0, 1.0]}))
        .mark_line(color="#999999", strokeDash=[4, 4], strokeWidth=1)
        .encode(x=x, y=y)
    )
    parity = alt.Chart().mark_rule(color="#999999", strokeWidth=1).encode(y=alt.datum(0.5))
    points = base.mark_point(filled=True, size=55, color=POWER_PALETTE[0], opacity=0.75).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("state:N", title="Source of threat"),
            alt.Tooltip("perceiver:N", title="Perceiving state"),
            alt.Tooltip("absolute:Q", title="Absolute power", format=".3f"),
            alt.Tooltip("relative:Q", title="Relative power", format=".3f"),
        ],
    ).add_params(who)
    above = base.transform_filter("datum.label != '' && !datum.label_below").mark_text(
        align="right", dx=-6, dy=-8, fontSize=11, color="#333333"
    ).encode(x=x, y=y, text="label:N")
    below = base.transform_filter("datum.label != '' && datum.label_below").mark_text(
        align="left", dx=6, dy=12, fontSize=11, color="#333333"
    ).encode(x=x, y=y, text="label:N")
    return diagonal, parity, points, above, below


def _scalings_data(scores, initial, n_labels, always_label):
    """The scores (checked) with the label each point carries and whether it goes below; the perceivers and the one shown first."""
    require_columns(scores, ["perceiver", "state", "absolute", "relative"], "scores")
    require_unique_keys(scores, ["perceiver", "state"], "scores")
    data = scores[["perceiver", "state", "absolute", "relative"]].copy()
    for col in ("absolute", "relative"):
        v = pd.to_numeric(data[col], errors="coerce")
        if v.isna().any() or ((v < 0) | (v > 1)).any():
            raise ValueError(f"scores[{col!r}] must hold numbers between 0 and 1 with none missing.")
        data[col] = v.astype("float64")
    perceivers = list(pd.unique(data["perceiver"]))
    if initial is None:
        initial = perceivers[0]
    if initial not in perceivers:
        raise ValueError(f"initial perceiver {initial!r} is not in scores ({perceivers}).")
    if isinstance(n_labels, bool) or not isinstance(n_labels, (int, np.integer)) or n_labels < 0:
        raise ValueError(f"n_labels must be a whole number, at least 0, not {n_labels!r}.")
    unknown = sorted(set(always_label) - set(data["state"]))
    if unknown:
        raise ValueError(f"always_label names states that are not in scores: {unknown}.")
    rank = data.groupby("perceiver", sort=False)["absolute"].rank(method="first", ascending=False)
    labelled = (rank <= n_labels) | data["state"].isin(list(always_label))
    data["label"] = np.where(labelled, data["state"], "")
    nth = data["absolute"].where(labelled).groupby(data["perceiver"], sort=False).rank(method="first")
    data["label_below"] = (nth.fillna(1).astype("int64") % 2 == 0) & labelled
    data = data.reset_index(drop=True)
    return data, perceivers, initial
