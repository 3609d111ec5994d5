"""Panel verbs for regimes and alignment: :func:`~bot_core.panel.add_democracy` and :func:`~bot_core.panel.add_un_affinity`.

They follow :mod:`bot_core.panel`'s rules (same rows, order and index; the panel checked first;
no column overwritten; years a source does not cover are missing, never 0) and are called from
:mod:`bot_core.panel`: ``panel.add_democracy(df)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import _args, datasets
from bot_core._pages import small_pages
from bot_core.panel import _tools as vt
from bot_core.panel._checks import PanelError, _kind, _suffix, _with

__all__ = ["DEMOCRACY_YEARS", "UNGA_YEARS", "add_democracy", "add_un_affinity"]

#: Years of isard's democracy file and of the UN General Assembly ideal points.
DEMOCRACY_YEARS, UNGA_YEARS = (1816, 2025), (1946, 2023)


@small_pages
def add_democracy(df: pd.DataFrame) -> pd.DataFrame:
    """Add democracy scores (isard's ``cw_democracy``; S. V. Miller's successor of peacesciencer's
    ``add_democracy``).

    Columns
        Columns (float64; for dyad-year panels with suffix ``1`` for state 1 and ``2`` for state 2):

        ``euds``, ``aeuds``
            the extended Unified Democracy Scores (Marquez 2016; Pemstein et al. 2010), a latent
            scale centred near 0, and their rescaled version;
        ``polity2``
            Polity5's combined score, -10 (autocracy) to 10 (democracy);
        ``v2x_polyarchy``
            V-Dem's electoral democracy index, 0 to 1.

    Coverage
        1816-2025 (so every panel year); a state-year a measure does not score is ``NaN``.

    References
        Marquez (2016) and Pemstein, Meserve & Melton (2010) (``marquez2016uds``, ``pemstein2010uds``);
        Marshall (2020), Polity5 (``marshall2020polity5``); V-Dem (Coppedge et al. 2020,
        ``coppedge2020vdem``); from S. V. Miller's isard (``miller_isard``).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> sy = pd.DataFrame({"ccode": [2, 365], "year": [2000, 2000]})
        >>> panel.add_democracy(sy).polity2.tolist()
        [10.0, 6.0]
    """
    kind = _kind(df, "add_democracy")
    dem = datasets.load("democracy")
    cols = {c: c for c in ("euds", "aeuds", "polity2", "v2x_polyarchy")}
    return _with(df, vt.state_values(df, kind, dem, cols, *DEMOCRACY_YEARS), "add_democracy")


@small_pages
def add_un_affinity(df: pd.DataFrame, reference: int | None = None) -> pd.DataFrame:
    """Add UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017; June 2024 release).

    Given ``reference`` (a COW state code, e.g. 2 for the United States), also each state's
    divergence from that state's position in the same session.

    Columns
        Columns (float64):

        ``unga_ideal`` (state-year panels), ``unga_ideal1``, ``unga_ideal2`` (dyad-year panels)
            the state's ideal point estimated from all its recorded votes in the session that opened in
            the year (``IdealPointAll``; higher is closer to the United States' position);
        ``unga_distance`` (dyad-year panels)
            ``|unga_ideal1 - unga_ideal2|``, the distance between the two states' ideal points, the
            usual measure of (dis)affinity: 0 for identical voting.
        ``unga_divergence`` (state-year panels), ``unga_divergence1``, ``unga_divergence2`` (dyad-year panels)
            only with ``reference``: ``|unga_ideal - ideal point of reference|`` in the same session, how
            far the state votes from the reference state (0 for the reference itself; ``NaN`` where
            either has no ideal point).

    Coverage
        1946-2023 (sessions 1-78). Earlier years, 1964 (session 19 held no recorded votes), and
        states not in the UN or absent from a session are ``NaN``.

    References
        Bailey, Strezhnev & Voeten (2017) (``bailey2017ideal``); the June 2024 release of the data
        (``voeten2024unga``).

    Examples
        >>> import pandas as pd
        >>> from bot_core import panel
        >>> dy = pd.DataFrame({"ccode1": [2, 260], "ccode2": [365, 2], "year": [1980, 1980]})
        >>> panel.add_un_affinity(dy).unga_distance.round(2).tolist()
        [4.55, 0.52]
        >>> sy = pd.DataFrame({"ccode": [2, 260, 365], "year": [1980, 1980, 1980]})
        >>> panel.add_un_affinity(sy, reference=2).unga_divergence.round(2).tolist()
        [0.0, 0.52, 4.55]
    """
    kind = _kind(df, "add_un_affinity")
    un = datasets.load("unga_ideal_points")
    new = vt.state_values(df, kind, un, {"unga_ideal": "IdealPointAll"}, *UNGA_YEARS)
    if kind == "dyad":
        new["unga_distance"] = np.abs(new["unga_ideal1"] - new["unga_ideal2"])
    if reference is not None:
        new.update(_divergence(df, kind, un, new, _args.code(reference, "add_un_affinity: reference")))
    return _with(df, new, "add_un_affinity")


def _divergence(df: pd.DataFrame, kind: str, un: pd.DataFrame, new: dict, reference: int) -> dict:
    """``unga_divergence`` (with the panel's suffixes): each side's distance from ``reference``'s
    ideal point in the same year (``NaN`` where either is missing)."""
    ref = un.loc[un.ccode == reference].set_index("year").IdealPointAll
    if ref.empty:
        raise PanelError(f"add_un_affinity: reference {reference} has no UN ideal point in any session "
                         f"({UNGA_YEARS[0]}-{UNGA_YEARS[1]}); choose a UN member, e.g. 2 (United States).")
    at = ref.reindex(df["year"].to_numpy()).to_numpy("float64")
    return {f"unga_divergence{sfx}": np.abs(new[f"unga_ideal{sfx}"] - at) for _, sfx in _suffix(kind)}
