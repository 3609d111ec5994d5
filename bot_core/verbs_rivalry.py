"""Moved: the rivalry verbs live in :mod:`bot_core.panel.rivalry` (issue 17: ``panel`` by family).

This module keeps the old import path working (``from bot_core.verbs_rivalry import ...``); new code
imports from :mod:`bot_core.panel` (``panel.add_arms_races(df)``).
"""

from bot_core.panel.rivalry import (  # noqa: F401
    ARMS_RACE_YEARS, PEACE_YEARS, RIVALRY_TYPES, TD_YEARS, TSS_YEARS, add_arms_races, add_peace_scale, add_rivalries)
from bot_core.panel.codes import peace_code as _peace_code  # noqa: F401
from bot_core.panel.rivalry import _arms_race_years, _rivalries_by_pair_year  # noqa: F401

__all__ = ["ARMS_RACE_YEARS", "PEACE_YEARS", "RIVALRY_TYPES", "TD_YEARS", "TSS_YEARS",
           "add_arms_races", "add_peace_scale", "add_rivalries"]
