"""The partner-choice figure (charts.choice): what the page carries and what it refuses."""

import json

import pandas as pd
import pytest

from bot_core import charts
from bot_core.charts.choice import CHOICE_PARAMS, out_of_sample_scores

SPLITS = ("1816-1945 -> 1946-1991", "1816-1991 -> 1992-2018")
MODELS = ["geography", "controls", "threat"]


def _scores():
    rows = []
    for s, split in enumerate(SPLITS):
        for m, model in enumerate(MODELS):
            for metric in ("log_loss", "brier", "pr_auc"):
                est = 3.5 - 0.1 * m + s
                rows.append({"split": split, "model": model, "metric": metric, "estimate": est, "lo": est - 0.2,
                             "hi": est + 0.2, "diff": est - 3.5, "diff_lo": est - 3.6, "diff_hi": est - 3.4})
    return pd.DataFrame(rows)


def test_one_panel_per_split_and_both_controls():
    spec = out_of_sample_scores(_scores(), MODELS, "geography").to_dict()
    assert len(spec["hconcat"]) == len(SPLITS)
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == set(CHOICE_PARAMS.values())
    assert params[CHOICE_PARAMS["metric"]]["value"] == "log_loss"
    assert params[CHOICE_PARAMS["metric"]]["bind"]["options"] == ["log_loss", "brier", "pr_auc"]
    text = json.dumps(spec)
    assert "geography" in text and "Fitted 1816-1945, scored 1946-1991" in text
    assert charts.out_of_sample_scores is out_of_sample_scores


def test_the_page_carries_every_number_rounded():
    spec = out_of_sample_scores(_scores(), MODELS, "geography", decimals=2).to_dict()
    values = next(v for v in spec["datasets"].values() if isinstance(v, list) and v and "metric" in v[0])
    assert len(values) == len(SPLITS) * len(MODELS) * 3
    assert all(round(v["estimate"], 2) == v["estimate"] for v in values)


def test_bad_input_is_refused():
    s = _scores()
    with pytest.raises(ValueError, match="not in scores"):
        out_of_sample_scores(s, MODELS + ["astrology"], "geography")
    with pytest.raises(ValueError, match="metrics"):
        out_of_sample_scores(s, MODELS, "geography", metric="accuracy")
    bad = s.copy()
    bad.loc[0, "lo"] = float("nan")
    with pytest.raises(ValueError, match="missing numbers"):
        out_of_sample_scores(bad, MODELS, "geography")
    with pytest.raises(ValueError):
        out_of_sample_scores(pd.concat([s, s.iloc[:1]]), MODELS, "geography")


# --- the separation plot ---------------------------------------------------------------------------------

from bot_core.charts.choice import SEPARATION_PARAMS, separation_data, separation_plot, top_share  # noqa: E402


def _pred(n_groups=6, size=9, seed=1):
    import numpy as np
    rng = np.random.default_rng(seed)
    rows = []
    for split in SPLITS:
        for model in ("geography", "threat"):
            for g in range(n_groups):
                p = rng.uniform(0, 1, size)
                p[rng.integers(size)] = p[0]  # ties inside a group are ordered by candidate
                chosen = np.zeros(size, int)
                chosen[rng.choice(size, 1 + g % 3, replace=False)] = 1
                rows += [{"split": split, "model": model, "group": g, "candidate": 100 + j, "chosen": int(chosen[j]),
                          "p": float(p[j])} for j in range(size)]
    return pd.DataFrame(rows)


def test_separation_data_sorts_by_probability_and_counts_exactly_the_chosen_rows():
    import numpy as np
    pred = _pred()
    n_bins = 7
    chosen, curve = separation_data(pred, ["geography", "threat"], n_curve=500, n_bins=n_bins, grid=1e-3)
    for (split, model), part in pred.groupby(["split", "model"]):
        order = part.assign(key=np.round(part.p / 1e-3)).sort_values(["key", "group", "candidate"]).reset_index(drop=True)
        n = len(order)
        want = order[order.chosen == 1]
        # every chosen row counted once, in the bin of its place in the ascending order of p (on the grid)
        got = chosen[(chosen.split == split) & (chosen.model == model)]
        expected_bins = pd.Series((want.index.to_numpy() * n_bins) // n).value_counts().sort_index()
        assert dict(zip(got.bin, got["count"])) == expected_bins.to_dict()
        assert got.share.sum() == pytest.approx(1.0, abs=1e-5)
        assert (got.pos_hi - got.pos_lo).to_numpy() == pytest.approx(1 / n_bins, abs=2e-6)
        # the curve is the sorted probabilities on the grid (every position kept when n_curve >= n)
        c = curve[(curve.split == split) & (curve.model == model) & (curve.kind == "curve")]
        assert c.p.to_numpy() == pytest.approx(order.key.to_numpy() * 1e-3, abs=1e-12)
        assert c.p.is_monotonic_increasing and c.pos.is_monotonic_increasing
        e = curve[(curve.split == split) & (curve.model == model) & (curve.kind == "expected")]
        assert len(e) == 1 and abs(e.pos.iloc[0] - (1 - part.p.sum() / n)) < 2e-3
    assert chosen["count"].sum() == int(pred.chosen.sum())


def test_separation_data_does_not_move_with_float_noise():
    """Probabilities that differ in their last digits (another processor's optimiser) draw the same figure."""
    import numpy as np
    pred = _pred(n_groups=40)
    pred["p"] = np.round(pred.p * 0.99, 2) + 2e-4  # many exact ties, none near the grid's half steps
    noisy = pred.assign(p=pred.p * (1 + np.random.default_rng(3).normal(0, 1e-9, len(pred))))
    for a, b in zip(separation_data(pred, ["geography", "threat"]), separation_data(noisy, ["geography", "threat"])):
        pd.testing.assert_frame_equal(a, b)


def test_top_share_counts_the_chosen_in_the_top_bins():
    chosen = pd.DataFrame({"split": "s", "model": "m", "pos_lo": [0.0, 0.9, 0.95, 0.975], "share": [0.1, 0.2, 0.3, 0.4]})
    assert top_share(chosen, 0.05).loc[("s", "m")] == pytest.approx(0.7)
    with pytest.raises(ValueError, match="between 0 and 1"):
        top_share(chosen, 5)


def test_separation_curve_is_thinned_but_keeps_both_ends():
    pred = _pred(n_groups=30)
    _, curve = separation_data(pred, ["threat"], n_curve=10)
    c = curve[(curve.kind == "curve") & (curve.split == SPLITS[0])]
    part = pred[(pred.model == "threat") & (pred.split == SPLITS[0])]
    assert 10 <= len(c) <= 11
    assert c.p.iloc[0] == round(part.p.min(), 3) and c.p.iloc[-1] == round(part.p.max(), 3)
    assert set(curve.model) == {"threat"}


def test_separation_plot_has_era_and_model_menus_and_carries_only_the_chosen_rows():
    pred = _pred()
    spec = separation_plot(pred, ["geography", "threat"], description="alt text").to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == set(SEPARATION_PARAMS.values())
    assert params[SEPARATION_PARAMS["split"]]["bind"]["options"] == list(SPLITS)
    assert params[SEPARATION_PARAMS["model"]]["bind"]["options"] == ["geography", "threat"]
    assert params[SEPARATION_PARAMS["model"]]["value"] == "threat"
    marks = next(v for v in spec["datasets"].values() if v and "count" in v[0])
    assert sum(m["count"] for m in marks) == int(pred.chosen.sum())
    assert spec["description"] == "alt text" and charts.separation_plot is separation_plot


def test_separation_bad_input_is_refused():
    pred = _pred()
    with pytest.raises(ValueError, match="not in pred"):
        separation_data(pred, ["astrology"])
    with pytest.raises(ValueError, match="not among models"):
        separation_plot(pred, ["geography"], model="threat")
    bad = pred.copy()
    bad.loc[0, "p"] = 1.5
    with pytest.raises(ValueError, match="between 0 and 1"):
        separation_data(bad, ["geography"])
    bad = pred.copy()
    bad.loc[0, "chosen"] = 2
    with pytest.raises(ValueError, match="0 or 1"):
        separation_data(bad, ["geography"])
    with pytest.raises(ValueError, match="missing|columns"):
        separation_data(pred.drop(columns="p"), ["geography"])
    with pytest.raises(ValueError, match="grid"):
        separation_data(pred, ["geography"], grid=0)
    with pytest.raises(ValueError, match="n_bins"):
        separation_data(pred, ["geography"], n_bins=1)


# --- estimates by group -----------------------------------------------------------------------------------

from bot_core.charts.choice import estimates_by_group  # noqa: E402


def _table():
    rows = []
    for g, group in enumerate(("defence", "offence", "consultation")):
        for q, param in enumerate(("w_power", "beta_shared")):
            rows.append({"group": group, "param": param, "estimate": 0.1 * (g + q), "lo": 0.1 * (g + q) - 0.05,
                         "hi": 0.1 * (g + q) + 0.05})
    return pd.DataFrame(rows)


def test_estimates_by_group_one_panel_per_parameter_one_row_per_group():
    params = {"w_power": "weight of power", "beta_shared": "shared threat"}
    spec = estimates_by_group(_table(), params, ["defence", "offence", "consultation"], description="alt").to_dict()
    assert [p["title"]["text"] for p in spec["hconcat"]] == list(params.values())
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 6 and {"x", "x_lo", "x_hi"} <= set(values[0])
    assert all(v["x_lo"] <= v["x"] <= v["x_hi"] for v in values)
    # the groups are named once, in the first panel
    y_axes = [layer["encoding"]["y"].get("axis", {}) for p in spec["hconcat"] for layer in p["layer"]]
    assert y_axes[0] != None and y_axes[-1] is None  # noqa: E711
    assert spec["description"] == "alt" and charts.estimates_by_group is estimates_by_group


def test_estimates_by_group_refuses_unknown_groups_and_missing_numbers():
    with pytest.raises(ValueError, match="not in table"):
        estimates_by_group(_table(), {"w_power": "p"}, ["neutrality"])
    bad = _table()
    bad.loc[0, "lo"] = float("nan")
    with pytest.raises(ValueError, match="missing numbers"):
        estimates_by_group(bad, {"w_power": "p"}, ["defence"])


def test_estimates_by_group_names_its_groups_and_can_mark_zero():
    plain = estimates_by_group(_table(), {"w_power": "p"}, ["defence"]).to_dict()
    marked = estimates_by_group(_table(), {"w_power": "p"}, ["defence"], group_title="Years", zero_line=True,
                                shared_scale=True).to_dict()
    assert marked["resolve"]["scale"]["x"] == "shared" and "resolve" not in plain
    assert len(marked["hconcat"][0]["layer"]) == len(plain["hconcat"][0]["layer"]) + 1
    rule = marked["hconcat"][0]["layer"][0]
    assert rule["mark"]["type"] == "rule" and marked["datasets"][rule["data"]["name"]] == [{"x": 0}]
    tips = [t["title"] for t in marked["hconcat"][0]["layer"][-1]["encoding"]["tooltip"]]
    assert tips[0] == "Years" and "Fitted on" in [t["title"] for t in plain["hconcat"][0]["layer"][-1]["encoding"]["tooltip"]]
    with pytest.raises(ValueError, match="zero_line"):
        estimates_by_group(_table(), {"w_power": "p"}, ["defence"], zero_line="yes")
    with pytest.raises(ValueError, match="shared_scale"):
        estimates_by_group(_table(), {"w_power": "p"}, ["defence"], shared_scale=1)
