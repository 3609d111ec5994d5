"""Tests of bot_core.panel: the units and verbs, the verb families, the docstring examples."""
