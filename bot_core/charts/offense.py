"""Figures: offensive capabilities (the chapter "Offensive capabilities").

Two builders:

:func:`offense_reach`
    For a few perceiving states, the states whose offense score against each is highest, with a
    slider over the ``reach`` parameter of :class:`bot_core.criteria.CriteriaSpec`. The score is
    recomputed in the browser from its inputs with the formula of :mod:`bot_core.criteria`,
    ``offense = mil * 2 ** (-d / (half * (reach if major else 1))))``, so the slider is exact,
    not an interpolation between stored values.
:func:`military_components`
    The two shares that make up the military score (of the world's military expenditure and of
    its military personnel), state by state, for a chosen year: where they disagree, and where
    one of them is missing.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from bot_core.charts.base import OKABE_ITO, finish, opening_choice, require_columns, require_unique_keys

__all__ = [
    "COMPONENT_YEAR_PARAM",
    "REACH_PARAM",
    "VIEW_PARAM",
    "military_components",
    "offense_reach",
]

#: Name of the slider over ``reach`` in :func:`offense_reach`.
REACH_PARAM = "reach"
#: Name of the drop-down that picks the perceiving state (and year) in :func:`offense_reach`.
VIEW_PARAM = "perceiver"
#: Name of the drop-down that picks the year in :func:`military_components`.
COMPONENT_YEAR_PARAM = "nmc_year"


def _check_range(df: pd.DataFrame, column: str, lo: float, hi: float, name: str) -> None:
    values = pd.to_numeric(df[column], errors="coerce")
    if values.isna().any():
        raise ValueError(f"{name}: column {column!r} has missing or non-numeric values; drop those rows first.")
    bad = (values < lo) | (values > hi)
    if bad.any():
        raise ValueError(
            f"{name}: column {column!r} must lie between {lo} and {hi}; e.g. {values[bad].iloc[0]!r}."
        )


def offense_reach(
    inputs: pd.DataFrame,
    *,
    reach: float = 4.0,
    half_distance_km: float = 1000.0,
    reach_range: tuple[float, float] = (1.0, 16.0),
    top: int = 8,
    view: str | None = None,
    description: str | None = None,
    width: int = 470,
    height: int | None = None,
) -> alt.Chart:
    """Bars of the highest offense scores against one perceiving state, with a slider over ``reach``.

    Parameters
    ----------
    inputs
        One row per ``view`` and ``state``. ``view`` names the perceiving state and year (for
        example ``"Finland, 1985"``); ``state`` is a possible source of threat; ``mil`` is its
        military score (0 to 1, 1 for the strongest state that year), ``distance_km`` the
        effective distance between the two (km) and ``major`` 1 if ``state`` was a COW major
        power, else 0. These are the inputs of the ``offense`` criterion of
        :func:`bot_core.criteria.compute`; rows with a missing value must be dropped first.
    reach
        The value the slider starts at (the default of :class:`bot_core.criteria.CriteriaSpec`);
        a black tick marks each state's score at this value, so that moving the slider shows
        the change.
    half_distance_km
        The distance at which a non-major state's score halves (fixed in the figure).
    reach_range
        The slider's lowest and highest values (``reach`` must lie between them; at least 1).
    top
        How many states are shown: the ``top`` highest scores at the slider's value.
    view
        The perceiving state shown first (default: the first in ``inputs``).
    description
        Alternative text for the figure. A generic one is used if none is given.
    width, height
        Size of the plot in pixels (height defaults to 24 pixels a bar).

    Returns
    -------
    altair.Chart
        Its data are the rows of ``inputs`` (columns ``view``, ``state``, ``mil``,
        ``distance_km``, ``major``), in input order. Two parameters: :data:`VIEW_PARAM` (a
        drop-down of the views, in order of first appearance) and :data:`REACH_PARAM` (a slider).

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``view``, ``state``) pair repeats, a value
        is missing or out of range, or a setting is not valid.
    """
    data, views, view, height, lo, hi = _reach_data(inputs, reach_range, reach, half_distance_km, top, view, height)
    pick = alt.param(name=VIEW_PARAM, value=view,
                     bind=alt.binding_select(options=views, name="Perceiving state and year: "))
    slider = alt.param(name=REACH_PARAM, value=float(reach), bind=alt.binding_range(
        min=float(lo), max=float(hi), step=0.5, name="Reach of major powers (×): "))
    half = json.dumps(float(half_distance_km))
    formula = f"datum.mil * pow(2, -datum.distance_km / ({half} * (datum.major == 1 ? {{r}} : 1)))"
    base = (
        alt.Chart(data)
        .transform_filter(f"datum.view == {VIEW_PARAM}")
        .transform_calculate(
            offense=formula.format(r=REACH_PARAM),
            offense_default=formula.format(r=json.dumps(float(reach))),
            kind="datum.major == 1 ? 'Major power' : 'Other state'",
        )
        .transform_window(rank="row_number()", sort=[alt.SortField("offense", order="descending")])
        .transform_filter(f"datum.rank <= {int(top)}")
    )
    bars, ticks, labels = _reach_layers(base, reach)
    if description is None:
        description = ("Horizontal bars: the states with the highest offense scores against the chosen perceiving "
                       "state, recomputed as the reach slider moves; black ticks mark the scores at the default reach.")
    return finish(
        alt.layer(bars, ticks, labels)
        .add_params(pick, slider)
        .properties(width=width, height=height, description=description)
    )


def _reach_layers(base, reach):
    """The bars of the offense scores at the chosen reach, ticks at the default reach, and the values."""
    y = alt.Y("state:N", title=None, sort=alt.EncodingSortField("offense", op="max", order="descending"))
    x = alt.X(
        "offense:Q",
        title="Offense score against the perceiving state (0 to 1)",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=".1f"),
    )
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("offense:Q", title="Offense score", format=".3f"),
        alt.Tooltip("offense_default:Q", title=f"… at reach {reach:g}", format=".3f"),
        alt.Tooltip("mil:Q", title="Military score", format=".3f"),
        alt.Tooltip("distance_km:Q", title="Effective distance (km)", format=",.0f"),
        alt.Tooltip("kind:N", title="Status"),
    ]
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=x,
        y=y,
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(domain=["Major power", "Other state"], range=[OKABE_ITO[1], OKABE_ITO[0]]),
            legend=alt.Legend(orient="top", direction="horizontal", labelFontSize=12),
        ),
        tooltip=tooltip,
    )
    ticks = base.mark_tick(color="black", thickness=2, size=18, opacity=0.9).encode(
        x="offense_default:Q", y=y, tooltip=tooltip
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#333333").encode(
        x="offense:Q", y=y, text=alt.Text("offense:Q", format=".2f")
    )
    return bars, ticks, labels


def _reach_data(inputs, reach_range, reach, half_distance_km, top, view, height):
    """The inputs (checked) as drawn, the views, the one shown first, the height and the slider's range."""
    require_columns(inputs, ["view", "state", "mil", "distance_km", "major"], "inputs")
    require_unique_keys(inputs, ["view", "state"], "inputs")
    _check_range(inputs, "mil", 0.0, 1.0, "inputs")
    _check_range(inputs, "distance_km", 0.0, np.inf, "inputs")
    if not inputs["major"].isin([0, 1, True, False]).all():
        raise ValueError("inputs: column 'major' must hold 0 or 1 (1 for a COW major power).")
    lo, hi = reach_range
    if not (1 <= lo < hi < np.inf):
        raise ValueError(f"reach_range must be two numbers 1 <= low < high, not {reach_range!r}.")
    if not (lo <= reach <= hi):
        raise ValueError(f"reach {reach!r} is outside reach_range {reach_range!r}.")
    if not (0 < half_distance_km < np.inf):
        raise ValueError(f"half_distance_km must be a positive number of km, not {half_distance_km!r}.")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(f"top must be a positive whole number, not {top!r}.")

    data = inputs[["view", "state", "mil", "distance_km", "major"]].copy().reset_index(drop=True)
    data["view"] = data["view"].astype(str)
    data["state"] = data["state"].astype(str)
    data["major"] = data["major"].astype("int64")
    data["mil"] = data["mil"].astype("float64")
    data["distance_km"] = data["distance_km"].astype("float64")
    views = list(pd.unique(data["view"]))
    view = opening_choice(view, views, "view")
    shown = min(top, int(data.groupby("view").size().max()))
    if height is None:
        height = 24 * shown
    return data, views, view, height, lo, hi


def military_components(
    shares: pd.DataFrame,
    *,
    year: int | None = None,
    description: str | None = None,
    width: int = 400,
    height: int | None = None,
) -> alt.HConcatChart:
    """For a chosen year, each state's share of world military expenditure and of world
    military personnel (a dumbbell), beside the military score built from them.

    Parameters
    ----------
    shares
        One row per ``year`` and ``state`` with columns ``milex_share`` and ``milper_share``
        (shares of the system's totals, 0 to 1; either may be missing, not both) and ``score``,
        the military score of :mod:`bot_core.criteria` (the mean of the shares present, divided
        by the year's largest such mean; 0 to 1). Give the states to show, e.g. each year's
        ten highest scores.
    year
        The year shown first (default: the last in the data).
    description
        Alternative text for the figure. A generic one is used if none is given.
    width, height
        Size of the left panel in pixels (height defaults to 22 pixels a state).

    Returns
    -------
    altair.HConcatChart
        Left: for each state, a dot for each share present, joined by a line when both are,
        and a black tick at their mean (what the score uses; with one share missing, the
        other alone). Right: the score. Its data are the rows of ``shares`` (columns ``year``,
        ``state``, ``milex_share``, ``milper_share``, ``score``) with ``missing``: which share is
        missing (``""`` if none). One parameter, :data:`COMPONENT_YEAR_PARAM`, a drop-down of
        the years.

    Raises
    ------
    ValueError
        If a column is missing, the frame is empty, a (``year``, ``state``) pair repeats, a share
        or score is out of range, a row has neither share, or ``year`` is not in the data.
    """
    data, years, year, height = _components_data(shares, year, height)
    pick = alt.param(
        name=COMPONENT_YEAR_PARAM,
        value=int(year),
        bind=alt.binding_select(options=years, name="Year: "),
    )
    with_mean, tooltip, left = _components_panel(data, width, height)
    right = _score_panel(with_mean, tooltip, height)
    if description is None:
        description = (
            "For the chosen year, each state's share of world military expenditure and of world military "
            "personnel, with the military score built from them."
        )
    return finish(
        alt.hconcat(left, right, spacing=12)
        .add_params(pick)
        .properties(description=description)
    )


def _score_panel(with_mean, tooltip, height):
    """Panel (b): each state's military score as a bar."""
    score_x = alt.X("score:Q", title="Military score (0 to 1)", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".1f"))
    score_y = alt.Y("state:N", title=None, sort=alt.EncodingSortField("score", op="max", order="descending"),
                    axis=alt.Axis(labels=False, ticks=False))
    score_bars = with_mean.mark_bar(color="#666666", height={"band": 0.6}).encode(x=score_x, y=score_y, tooltip=tooltip)
    score_text = with_mean.mark_text(align="left", dx=3, fontSize=11, color="#333333").encode(
        x=score_x, y=score_y, text=alt.Text("score:Q", format=".2f")
    )
    right = alt.layer(score_bars, score_text).properties(
        width=150, height=height, title=alt.TitleParams("(b) Military score", anchor="start", fontSize=13)
    )
    return right


def _components_panel(data, width, height):
    """Panel (a): each state's two shares joined by a line, their mean as a tick, what is missing noted."""
    base = alt.Chart(data).transform_filter(f"datum.year == {COMPONENT_YEAR_PARAM}")
    y = alt.Y("state:N", title=None, sort=alt.EncodingSortField("score", op="max", order="descending"))
    pct = alt.Axis(format=".0%")
    x_title = "Share of the world total (%)"
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("milex_text:N", title="Share of military expenditure"),
        alt.Tooltip("milper_text:N", title="Share of military personnel"),
        alt.Tooltip("mean_share:Q", title="Mean of the shares present", format=".1%"),
        alt.Tooltip("score:Q", title="Military score", format=".3f"),
    ]
    with_mean = base.transform_calculate(
        mean_share=(
            "isValid(datum.milex_share) && isValid(datum.milper_share)"
            " ? (datum.milex_share + datum.milper_share) / 2"
            " : (isValid(datum.milex_share) ? datum.milex_share : datum.milper_share)"
        ),
        milex_text="isValid(datum.milex_share) ? format(datum.milex_share, '.1%') : 'missing'",
        milper_text="isValid(datum.milper_share) ? format(datum.milper_share, '.1%') : 'missing'",
    )
    both = with_mean.transform_filter("isValid(datum.milex_share) && isValid(datum.milper_share)")
    link = both.mark_rule(color="#999999", strokeWidth=2).encode(
        x=alt.X("milex_share:Q", title=x_title, axis=pct), x2="milper_share:Q", y=y
    )
    components = {"milex_share": "Military expenditure", "milper_share": "Military personnel"}
    dots = (
        with_mean.transform_fold(list(components), as_=["component", "share"])
        .transform_filter("isValid(datum.share)")
        .transform_calculate(
            component="datum.component == 'milex_share' ? 'Military expenditure' : 'Military personnel'"
        )
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=alt.X("share:Q", title=x_title, axis=pct),
            y=y,
            color=alt.Color(
                "component:N",
                title=None,
                scale=alt.Scale(domain=list(components.values()), range=[OKABE_ITO[0], OKABE_ITO[1]]),
                legend=alt.Legend(orient="top", direction="horizontal", labelFontSize=12),
            ),
            shape=alt.Shape(
                "component:N",
                title=None,
                scale=alt.Scale(domain=list(components.values()), range=["circle", "square"]),
            ),
            tooltip=tooltip,
        )
    )
    mean = with_mean.mark_tick(color="black", thickness=2, size=16).encode(
        x=alt.X("mean_share:Q", title=x_title, axis=pct), y=y, tooltip=tooltip
    )
    note = with_mean.transform_filter("datum.missing != ''").mark_text(
        align="left", dx=9, fontSize=11, fontStyle="italic", color="#333333"
    ).encode(x="mean_share:Q", y=y, text="missing:N")
    left = alt.layer(link, dots, mean, note).properties(
        width=width, height=height, title=alt.TitleParams("(a) The two components", anchor="start", fontSize=13)
    )
    return with_mean, tooltip, left


def _components_data(shares, year, height):
    """The shares (checked: each state has one of them) with what is missing; the years, the one shown first, the height."""
    require_columns(shares, ["year", "state", "milex_share", "milper_share", "score"], "shares")
    require_unique_keys(shares, ["year", "state"], "shares")
    data = shares[["year", "state", "milex_share", "milper_share", "score"]].copy().reset_index(drop=True)
    for col in ("milex_share", "milper_share"):
        values = pd.to_numeric(data[col], errors="coerce").astype("float64")
        if ((values < 0) | (values > 1)).any():
            raise ValueError(f"shares: column {col!r} must lie between 0 and 1 (a share of the world total).")
        data[col] = values
    neither = data["milex_share"].isna() & data["milper_share"].isna()
    if neither.any():
        example = data.loc[neither, ["year", "state"]].iloc[0].to_dict()
        raise ValueError(f"shares: a row has neither share, e.g. {example}; such a state has no military score.")
    _check_range(data, "score", 0.0, 1.0, "shares")
    data["score"] = data["score"].astype("float64")
    data["year"] = data["year"].astype("int64")
    data["state"] = data["state"].astype(str)
    data["missing"] = np.select(
        [data["milex_share"].isna(), data["milper_share"].isna()],
        ["no expenditure data", "no personnel data"],
        default="",
    )
    years = sorted(data["year"].unique().tolist())
    if year is None:
        year = years[-1]
    if year not in years:
        raise ValueError(f"year {year!r} is not in the data ({', '.join(map(str, years))}).")
    if height is None:
        height = 22 * int(data.groupby("year").size().max())
    return data, years, year, height
