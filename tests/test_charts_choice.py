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
