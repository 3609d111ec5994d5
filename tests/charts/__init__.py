"""Tests of bot_core.charts, a file per chart module (test_base: the builders' kit)."""
