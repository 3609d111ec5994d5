"""Moved: the conflict verbs live in :mod:`bot_core.panel.conflict` (issue 17: ``panel`` by family).

This module keeps the old import path working (``from bot_core.verbs_conflict import ...``); new code
imports from :mod:`bot_core.panel` (``panel.add_crises(df)``).
"""

from bot_core.panel.conflict import ICB_YEARS, WAR_YEARS, add_crises, add_wars  # noqa: F401
from bot_core.panel.conflict import (_actors, _crises_by_dyad_year, _crises_by_state_year, _crisis_records,
                                     _war_participants, _wars_by_dyad_year)  # noqa: F401

__all__ = ["ICB_YEARS", "WAR_YEARS", "add_crises", "add_wars"]
