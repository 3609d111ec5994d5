"""bot_core.stats: the statistics moved out of the charts (issue 17). Their arithmetic is tested
through their old import paths in tests/charts/test_evaluation.py, test_debates.py and
test_theory.py; here: the old paths give the same objects, stats needs no chart library,
and bad input raises a BotCoreError that is still a ValueError."""

from __future__ import annotations

import importlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from bot_core import BotCoreError, charts, stats

OLD_HOMES = [
    ("bot_core.charts.evaluation", "wilson_interval"),
    ("bot_core.charts.evaluation", "rate_table"),
    ("bot_core.charts.evaluation", "onset_sides"),
    ("bot_core.charts.debates", "compare_rates"),
    ("bot_core.charts.theory", "agreement_table"),
    ("bot_core.charts.theory", "ALL_STATES"),
]


@pytest.mark.parametrize("module, name", OLD_HOMES)
def test_every_old_import_path_gives_the_stats_object(module, name):
    old = importlib.import_module(module)
    assert getattr(old, name) is getattr(stats, name)
    assert name in old.__all__   # `from <old module> import *` still brings it
    if not name.isupper():
        assert getattr(charts, name) is getattr(stats, name)   # charts.wilson_interval, as the chapters call it


@pytest.mark.parametrize("module", ["bot_core.charts.evaluation", "bot_core.charts.debates", "bot_core.charts.theory"])
def test_the_chart_modules_define_no_statistic(module):
    old = importlib.import_module(module)
    for _, name in OLD_HOMES:
        if hasattr(old, name) and callable(getattr(old, name)):
            assert getattr(old, name).__module__ == "bot_core.stats"


def test_importing_stats_loads_no_chart_library():
    code = "import sys, bot_core.stats; print('altair' in sys.modules, 'bot_core.charts' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_wilson_interval_of_known_shares():
    # half of 100: 0.4038-0.5962 at 95%; none of 10: the upper bound is z^2 / (n + z^2)
    low, high = stats.wilson_interval([50, 0], [100, 10])
    np.testing.assert_allclose(low, [0.40383153, 0.0], atol=1e-8)
    z2 = 1.959964**2
    np.testing.assert_allclose(high, [0.59616847, z2 / (10 + z2)], atol=1e-8)


def test_rate_table_counts_a_small_frame():
    frame = pd.DataFrame({"hit": [True, False, True, True], "g": ["a", "a", "b", "b"]})
    got = stats.rate_table(frame, "hit", {"by g": "g"})
    assert got[["group", "k", "n"]].values.tolist() == [["a", 1, 2], ["b", 2, 2]]
    assert got.rate.tolist() == [0.5, 1.0]


@pytest.mark.parametrize("call, message", [
    (lambda: stats.wilson_interval(3, 2), "need 0 <= successes <= trials"),
    (lambda: stats.rate_table(pd.DataFrame({"hit": [1], "g": ["a"]}), "hit", {"g": "g"}), "must be boolean"),
    (lambda: stats.rate_table(pd.DataFrame({"g": ["a"]}), "hit", {"g": "g"}), "missing the column"),
    (lambda: stats.compare_rates(pd.DataFrame({"g": ["a"]}), {}, "g", "g"), "at least one outcome"),
])
def test_bad_input_is_a_botcoreerror_and_still_a_valueerror(call, message):
    with pytest.raises(BotCoreError, match=message) as err:
        call()
    assert isinstance(err.value, ValueError)
