"""Altair chart builders for the book's figures, one module per figure family.

Every builder takes tidy :class:`pandas.DataFrame` objects, checks that they hold the columns it
needs (raising :class:`ValueError` that names what is missing), and *returns* an altair chart; it
never displays anything. Interactivity lives in Vega-Lite parameters inside the returned
specification, so a figure keeps working in the book's static pages with no running kernel.
Shared palette and checks: :mod:`bot_core.charts.base`.
"""

from bot_core.charts.alignment import YEAR_PARAM, superpower_alignment
from bot_core.charts.base import DASHES, OKABE_ITO

__all__ = ["DASHES", "OKABE_ITO", "YEAR_PARAM", "superpower_alignment"]
