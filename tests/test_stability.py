"""No result hangs on float noise: a processor that rounds differently gets the same answers.

Another processor is simulated by nudging every criterion by a few units in the last place
(random, seeded), as a different ``log``/``exp`` or order of summation would. Top threats,
full rankings, the labels of every alliance onset and the scores built on them must not move.
(The notebook regression test runs every chapter under the same nudge, so the glued counts of
every chapter are held to this too: ``tests/book/test_notebooks.py``.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bot_core import cases, criteria, evaluate, explorer, threat
from bot_core.criteria import CRITERIA

ULPS = 4


def nudge(frame: pd.DataFrame, seed: int, ulps: int = ULPS) -> pd.DataFrame:
    """``frame`` with each criterion strictly between 0 and 1 moved by up to ``ulps`` units in
    the last place (exact 0s and 1s are exact on every processor and stay)."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    for c in CRITERIA:
        v = out[c].to_numpy("float64").copy()
        inside = (v > 0) & (v < 1)
        v[inside] = np.clip(v[inside] + rng.integers(-ulps, ulps + 1, inside.sum()) * np.spacing(v[inside]), 0, 1)
        out[c] = v
    return out


@pytest.fixture(scope="module")
def models():
    base = threat.model()
    return base, threat.ThreatModel(nudge(base.frame, seed=11))


WEIGHTINGS = [
    threat.DEFAULT_WEIGHTS,
    {"intent": 1},
    {"power": 1},
    {"proximity": 1, "offense": 1},
    *[dict(zip(CRITERIA, w)) for w in np.random.default_rng(3).dirichlet(np.ones(4), size=6)],
]


@pytest.mark.parametrize("form", threat.FORMS)
@pytest.mark.parametrize("weights", WEIGHTINGS, ids=lambda w: ",".join(f"{k[0]}{v:.2f}" for k, v in w.items()))
def test_top_threats_do_not_move(models, weights, form):
    base, moved = models
    a = base.top(base.threat(weights, form), form)
    b = moved.top(moved.threat(weights, form), form)
    np.testing.assert_array_equal(base.ccode2[np.maximum(a, 0)] * (a >= 0), moved.ccode2[np.maximum(b, 0)] * (b >= 0))


def test_the_nudge_would_move_answers_without_the_tie_rule():
    """The nudge is strong enough to matter: compared raw, as before the tie rule, some top
    threats change (ties between targets whose criteria are equal are broken by noise). Shown on
    the first specification, whose criteria tie often (equal intents, contiguous neighbours at
    proximity 1); the default's affinity discount and steep gradient leave no raw tie that the
    nudge reverses, but another specification may, so the rule stays."""
    base = threat.model(criteria.ORIGINAL_SPEC)
    moved = threat.ThreatModel(nudge(base.frame, seed=11))
    changed = 0
    for weights in ({"intent": 1}, {"proximity": 1}):
        ta, tb = base.threat(weights, "additive"), moved.threat(weights, "additive")
        raw_a = base.ccode2[[s + np.nanargmax(ta[s:s + n]) if n and not np.isnan(ta[s:s + n]).all() else s
                             for s, n in zip(base.starts, base.seg_len)]]
        raw_b = moved.ccode2[[s + np.nanargmax(tb[s:s + n]) if n and not np.isnan(tb[s:s + n]).all() else s
                              for s, n in zip(moved.starts, moved.seg_len)]]
        changed += int((raw_a != raw_b).sum())
    assert changed > 0


def test_full_rankings_do_not_move(models, monkeypatch):
    """Every rank of five perceivers' threats over a century, as the case figures draw them."""
    base, moved = models
    args = dict(perceivers=[2, 200, 365, 630, 645], focus=[2, 200, 255, 365, 640, 645, 666, 710], years=(1900, 2016))
    monkeypatch.setattr(threat, "_model", lambda spec: base)
    a = cases.rank_paths(**args)
    monkeypatch.setattr(threat, "_model", lambda spec: moved)
    b = cases.rank_paths(**args)
    pd.testing.assert_series_equal(a["rank"], b["rank"])


@pytest.mark.parametrize("form", threat.FORMS)
def test_onset_labels_and_scores_do_not_move(models, monkeypatch, form):
    base, moved = models
    out = []
    for m in (base, moved):
        monkeypatch.setattr(threat, "_model", lambda spec, m=m: m)
        out.append((evaluate.classify_onsets(form=form), evaluate.score(form=form, permutations=20)))
    pd.testing.assert_series_equal(out[0][0]["label"], out[1][0]["label"])
    pd.testing.assert_frame_equal(out[0][1], out[1][1])


def test_top_of_a_weighting_grid_does_not_move(models, monkeypatch):
    base, moved = models
    shares = []
    for m in (base, moved):
        monkeypatch.setattr(threat, "_model", lambda spec, m=m: m)
        shares.append(explorer.top_shares(645, [1980, 1985, 1990], step=0.1))
    pd.testing.assert_frame_equal(shares[0], shares[1])


def test_ties_go_to_the_lower_code_within_the_tolerance():
    frame = pd.DataFrame({
        "ccode1": [2, 2, 2], "ccode2": [20, 40, 70], "year": [1990] * 3,
        "power": [0.5, 0.5 + 2e-16, 0.5 - 3e-10], "proximity": [0.5] * 3, "offense": [0.5] * 3, "intent": [0.5] * 3,
    })
    m = threat.ThreatModel(frame)
    assert m.ccode2[m.top(m.threat())[0]] == 20           # 2e-16 and 3e-10 above or below: a tie
    frame.loc[1, "power"] = 0.5 + 1e-8                      # a real difference
    m = threat.ThreatModel(frame)
    assert m.ccode2[m.top(m.threat())[0]] == 40


def test_weighted_sum_is_the_matrix_product_and_order_fixed():
    rng = np.random.default_rng(0)
    x, w = rng.random((1000, 4)), rng.dirichlet(np.ones(4))
    np.testing.assert_allclose(threat.weighted_sum(x, w), x @ w, rtol=1e-15)
    grid = rng.dirichlet(np.ones(4), size=7)
    np.testing.assert_allclose(threat.weighted_sum(x, grid), x @ grid.T, rtol=1e-15)
    by_hand = ((x[:, 0] * w[0] + x[:, 1] * w[1]) + x[:, 2] * w[2]) + x[:, 3] * w[3]
    np.testing.assert_array_equal(threat.weighted_sum(x, w), by_hand)     # bit for bit


def test_chart_rounding_absorbs_noise_on_a_rounding_boundary():
    from bot_core.charts.base import NOISE_DECIMALS, rounded
    assert NOISE_DECIMALS == threat.TIE_DECIMALS
    on_boundary = np.array([0.01875, 0.63125, 0.5])
    noisy = on_boundary + np.array([-2, 3, -4]) * np.spacing(on_boundary)
    assert np.array_equal(rounded(noisy, 4), rounded(on_boundary, 4))
    assert not np.array_equal(np.round(noisy, 4), np.round(on_boundary, 4))   # rounding once flips them
    s = pd.Series(noisy)
    assert rounded(s, 4).tolist() == rounded(on_boundary, 4).tolist()
    with pytest.raises(ValueError, match="decimals"):
        rounded(noisy, 9)
