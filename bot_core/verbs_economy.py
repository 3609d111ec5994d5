"""Moved: the economy verbs live in :mod:`bot_core.panel.economy` (issue 17: ``panel`` by family).

This module keeps the old import path working (``from bot_core.verbs_economy import ...``); new code
imports from :mod:`bot_core.panel` (``panel.add_gdp(df)``).
"""

from bot_core.panel.economy import GDP_YEARS, SDP_YEARS, TRADE_YEARS, add_gdp, add_trade  # noqa: F401
from bot_core.panel.codes import sdp_code as _sdp_code  # noqa: F401

__all__ = ["GDP_YEARS", "SDP_YEARS", "TRADE_YEARS", "add_gdp", "add_trade"]
