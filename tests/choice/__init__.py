"""Tests of bot_core.choice: the partner-choice data, the estimator and its intervals, the model and results objects."""
