"""The cleanest test (bot_core.named): treaties that name their threat."""

import numpy as np
import pandas as pd
import pytest

from bot_core import _args, choice, named, validate


@pytest.fixture(scope="module")
def frame():
    return named.cases()


def test_every_founding_member_and_named_state_once_per_treaty(frame):
    assert not frame.duplicated(["atopid", "ccode1", "ccode2"]).any()
    kept = validate.yardsticks()
    kept = kept[kept.source == "atop"]
    # validate keeps a repeated (perceiver, named state, year) once; a treaty here is a decision of its own
    assert len(frame) > len(kept) and set(kept.id) <= set(frame.atopid)
    assert (frame.year == frame.event_year - 1).all()


def test_known_treaties(frame):
    # Locarno (ATOP 2130, 1925) names France and Germany, both members: alignment with the named state
    locarno = frame[frame.atopid == 2130]
    assert set(locarno.ccode2) == {220, 255} and locarno.named_member.all()
    # ATOP 2025: Britain, France and Russia against Germany; each ranks Germany first the year before
    entente = frame[(frame.atopid == 2025) & (frame.ccode2 == 255)].set_index("ccode1")
    assert entente.loc[[200, 220, 365], "threat_top1"].all()


def test_readings_follow_their_rules(frame):
    assert (frame.power_any == (frame.strongest | frame.strongest_neighbour | frame.hegemon)).all()
    assert (frame.neither == ~(frame.threat_top1 | frame.power_any)).all()
    assert (~frame.threat_top1 | frame.threat_top3).all()
    heg = choice.hegemons()
    assert (frame.hegemon == (heg.reindex(frame.year).to_numpy() == frame.ccode2.to_numpy())).all()


def test_summary_counts_each_treaty_once_with_an_interval_around_it(frame):
    s = named.summary(frame, by=None, n_boot=300)
    row = s.set_index("reading").loc["threat_top1"]
    per_treaty = frame.groupby("atopid").threat_top1.apply(lambda v: v.astype(float).mean())
    assert row.share == pytest.approx(per_treaty.mean()) and row.treaties == frame.atopid.nunique()
    assert (s.low <= s.share + 1e-12).all() and (s.share <= s.high + 1e-12).all()
    d = s.set_index("reading").loc["threat_top1 − strongest"]
    assert d.share == pytest.approx(row.share - s.set_index("reading").loc["strongest", "share"])
    by_era = named.summary(frame, n_boot=300)
    assert set(by_era.era) == set(validate.ERAS)


def test_an_unknown_reading_is_counted_apart_not_as_false(frame):
    f = frame.copy()
    f["threat_top1"] = f.threat_top1.astype("boolean")
    f.loc[f.index[:5], "threat_top1"] = pd.NA
    s = named.summary(f, by=None, n_boot=200).set_index("reading").loc["threat_top1"]
    assert s.unknown == 5 and s.cases == len(f) - 5


def test_bad_input():
    with pytest.raises(_args.ArgumentError, match="lacks the columns"):
        named.summary(pd.DataFrame({"atopid": [1]}))
    with pytest.raises(_args.ArgumentError, match="n_boot"):
        named.summary(named.cases().head(3), n_boot=5)
    with pytest.raises(_args.ArgumentError, match="level"):
        named.summary(named.cases().head(3), level=1.5)
