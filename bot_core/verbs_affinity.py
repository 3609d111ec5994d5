"""Moved: the affinity verbs live in :mod:`bot_core.panel.affinity` (issue 17: ``panel`` by family).

This module keeps the old import path working (``from bot_core.verbs_affinity import ...``); new code
imports from :mod:`bot_core.panel` (``panel.add_democracy(df)``).
"""

from bot_core.panel.affinity import DEMOCRACY_YEARS, UNGA_YEARS, add_democracy, add_un_affinity  # noqa: F401

__all__ = ["DEMOCRACY_YEARS", "UNGA_YEARS", "add_democracy", "add_un_affinity"]
