"""Statistics the book reports and draws: shares with intervals, each side of an alliance onset,
where the two theories agree.

These are computed here and drawn by :mod:`bot_core.charts`; the charts import them, never the other
way round, so a module that needs a statistic (validation, the partner-choice estimator) does not
import a figure. Each is still importable from its old place in :mod:`bot_core.charts`.

* :func:`wilson_interval`: the Wilson score interval of a binomial proportion;
* :func:`rate_table` and :func:`compare_rates`: the share of rows in which a boolean outcome holds,
  by group (and by series), with Wilson intervals;
* :func:`onset_sides`: each state's side of each alliance onset of
  :func:`bot_core.evaluate.classify_onsets`, and whether it allied with its own top threat;
* :func:`agreement_table`: per year and region, the share of states whose balance-of-power danger
  is also their top threat.

Like the chart builders, these check their input with the same checks, which raise an
:class:`~bot_core.errors.ArgumentError` (so a :class:`ValueError`) naming what is missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from bot_core._args import require_columns, require_unique_keys
from bot_core.errors import ArgumentError

__all__ = [
    "ALL_STATES",
    "agreement_table",
    "compare_rates",
    "onset_sides",
    "rate_table",
    "wilson_interval",
]

#: Name of the series that pools every state in :func:`agreement_table`.
ALL_STATES = "All states"


# --- shares with intervals ---------------------------------------------------------------------


def wilson_interval(successes, trials, z: float = 1.959964) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval for a binomial proportion (Wilson 1927): ``(low, high)``.

    With ``p = successes / trials`` and ``n = trials``, the interval is centred on
    ``(p + z²/2n) / (1 + z²/n)`` with half-width ``z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²)``.
    Unlike the normal approximation it stays within 0-1 and is not empty when ``p`` is 0 or 1.
    ``z = 1.96`` (the default) gives a 95% interval. Works elementwise on arrays.
    """
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(trials, dtype="float64")
    if np.any(n <= 0) or np.any(k < 0) or np.any(k > n) or not np.isfinite(k).all() or not np.isfinite(n).all():
        raise ArgumentError("need 0 <= successes <= trials and trials > 0, all finite.")
    if not (isinstance(z, (int, float, np.integer, np.floating)) and not isinstance(z, (bool, np.bool_))
            and math.isfinite(z) and z > 0):
        raise ArgumentError(f"z must be a positive number, not {z!r}.")
    p = k / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    # at p = 0 (or 1) the bound is exactly 0 (or 1); rounding would leave about 1e-17
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))
    high = np.where(k == n, 1.0, np.clip(centre + half, 0, 1))
    return low, high


def _order_of(values: pd.Series) -> list:
    """The groups of ``values`` in order: a categorical's categories (empty ones dropped), else sorted."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [c for c in values.cat.categories if (values == c).any()]
    return sorted(values.unique().tolist())


def rate_table(frame: pd.DataFrame, outcome: str, groupings: Mapping[str, str], z: float = 1.959964) -> pd.DataFrame:
    """The share of rows where the boolean column ``outcome`` holds, by group, with Wilson intervals.

    ``groupings`` maps a grouping's name to a column of ``frame``; a categorical column keeps its
    categories' order (empty ones are dropped). One row per grouping and group: ``grouping``,
    ``group``, ``order``, ``k`` (rows where ``outcome`` holds), ``n`` (rows), ``rate`` and the
    interval ``low``, ``high`` (:func:`~bot_core.stats.wilson_interval`).
    """
    require_columns(frame, [outcome, *groupings.values()], "frame")
    if not groupings:
        raise ArgumentError("give at least one grouping (name -> column).")
    if frame[outcome].dtype != bool:
        raise ArgumentError(f"column {outcome!r} must be boolean (True where the outcome holds).")
    rows = []
    for name, column in groupings.items():
        values = frame[column]
        if values.isna().any():
            raise ArgumentError(f"column {column!r} has missing values; every row needs a group.")
        for i, group in enumerate(_order_of(values)):
            hit = frame.loc[values == group, outcome]
            rows.append({"grouping": name, "group": str(group), "order": i, "k": int(hit.sum()), "n": int(len(hit))})
    out = pd.DataFrame(rows)
    out["rate"] = out["k"] / out["n"]
    out["low"], out["high"] = wilson_interval(out["k"], out["n"], z)
    return out


def compare_rates(
    frame: pd.DataFrame,
    outcomes: Mapping[str, str],
    group: str,
    series: str,
    z: float = 1.959964,
) -> pd.DataFrame:
    """The share of rows in which each boolean outcome holds, by group and series, with intervals.

    Parameters
    ----------
    frame
        One row per unit (e.g. a state's side of an alliance onset).
    outcomes
        Name shown in the figure's menu -> boolean column of ``frame`` (True where the outcome holds).
    group
        Column whose values make the rows of the figure (a categorical column keeps its categories'
        order, empty ones dropped; other columns are sorted).
    series
        Column whose values are compared within each group (one colour each), ordered the same way.
    z
        The normal quantile of the Wilson interval (1.96: 95%).

    Returns
    -------
    pandas.DataFrame
        One row per outcome, group and series that has at least one row: ``measure``, ``group``,
        ``order`` (of the group), ``series``, ``k`` (rows where the outcome holds), ``n`` (rows),
        ``rate`` and the Wilson interval ``low``, ``high``
        (:func:`~bot_core.stats.wilson_interval`). ``group`` and ``series`` are strings.
    """
    if not outcomes:
        raise ArgumentError("give at least one outcome (name -> boolean column).")
    require_columns(frame, [*outcomes.values(), group, series], "frame")
    for name, column in outcomes.items():
        if frame[column].dtype != bool:
            raise ArgumentError(f"outcome {name!r}: column {column!r} must be boolean (True where the outcome holds).")
    for column in (group, series):
        if frame[column].isna().any():
            raise ArgumentError(f"column {column!r} has missing values; every row needs a {column}.")
    groups, serieses = _order_of(frame[group]), _order_of(frame[series])
    group_order = {str(g): i for i, g in enumerate(groups)}
    parts = []
    for m, (name, column) in enumerate(outcomes.items()):
        for j, s in enumerate(serieses):
            t = rate_table(frame[frame[series] == s], column, {name: group}, z)
            parts.append(t.assign(measure=name, series=str(s), order=t.group.map(group_order), _m=m, _s=j))
    out = pd.concat(parts, ignore_index=True).sort_values(["_m", "order", "_s"], kind="stable")
    return out[["measure", "group", "order", "series", "k", "n", "rate", "low", "high"]].reset_index(drop=True)


# --- alliance onsets and the theories' dangers ---------------------------------------------------


def onset_sides(classified: pd.DataFrame) -> pd.DataFrame:
    """Each state's side of each onset: two rows per onset.

    ``classified`` is the output of :func:`bot_core.evaluate.classify_onsets`. Columns: ``year``,
    ``ccode`` (the state), ``partner``, ``cinc``, ``partner_cinc``, ``threat`` (the state's top
    threat as read), and ``with_threat``: True where the partner is the state's top threat, so
    that the state aligned with the source of its danger.
    """
    require_columns(classified, ["year", "ccode1", "ccode2", "threat1", "threat2", "cinc1", "cinc2"], "classified")
    sides = []
    for i, j in ((1, 2), (2, 1)):
        sides.append(pd.DataFrame({
            "year": classified["year"].to_numpy(),
            "ccode": classified[f"ccode{i}"].to_numpy(),
            "partner": classified[f"ccode{j}"].to_numpy(),
            "cinc": classified[f"cinc{i}"].to_numpy(),
            "partner_cinc": classified[f"cinc{j}"].to_numpy(),
            "threat": classified[f"threat{i}"].to_numpy(),
        }))
    out = pd.concat(sides, ignore_index=True)
    out["with_threat"] = out["threat"].to_numpy() == out["partner"].to_numpy()
    return out.sort_values(["year", "ccode", "partner"], kind="stable").reset_index(drop=True)


def agreement_table(power: pd.DataFrame, threat: pd.DataFrame) -> pd.DataFrame:
    """Per year and region, the share of states whose two principal dangers are the same state.

    Parameters
    ----------
    power, threat
        State-year frames with columns ``ccode``, ``year`` and ``danger`` (a COW code, -1 for
        none), as returned by :func:`bot_core.theories.balance_of_power_dangers` and
        :func:`bot_core.theories.balance_of_threat_dangers`. A state-year counts only if it is
        in both; a danger of -1 never agrees with anything.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``region`` (the COW regions of :func:`bot_core.evaluate.region`, and
        :data:`~bot_core.stats.ALL_STATES` pooling every state), ``share`` (0-1) and ``states``
        (how many state-years the share is taken over). :data:`~bot_core.stats.ALL_STATES` rows
        come first, then the regions in the order of :data:`bot_core.evaluate.REGIONS`, each sorted by year.
    """
    from bot_core import evaluate  # lazy: importing stats (or the charts) loads no data modules

    for frame, name in ((power, "power"), (threat, "threat")):
        require_columns(frame, ["ccode", "year", "danger"], name)
        require_unique_keys(frame, ["ccode", "year"], name)
    both = power[["ccode", "year", "danger"]].merge(
        threat[["ccode", "year", "danger"]], on=["ccode", "year"], suffixes=("_power", "_threat")
    )
    if both.empty:
        raise ArgumentError("power and threat have no state-year in common.")
    both["same"] = (both.danger_power == both.danger_threat) & (both.danger_power >= 0)
    both["region"] = evaluate.region(both.ccode)
    pooled = both.groupby("year", as_index=False).agg(share=("same", "mean"), states=("same", "size"))
    pooled.insert(1, "region", ALL_STATES)
    regional = both.groupby(["region", "year"], as_index=False).agg(share=("same", "mean"), states=("same", "size"))
    order = {r: i for i, r in enumerate([ALL_STATES, *evaluate.REGIONS, "unknown"])}
    out = pd.concat([pooled, regional[["year", "region", "share", "states"]]], ignore_index=True)
    out = out.sort_values(["region", "year"], key=lambda s: s.map(order) if s.name == "region" else s, kind="stable")
    out["year"] = out.year.astype("int64")
    out["states"] = out.states.astype("int64")
    return out.reset_index(drop=True)
