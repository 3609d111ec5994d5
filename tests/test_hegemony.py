"""Levy and Thompson's test, replicated (bot_core.hegemony) and the leaders it reads (bot_core.choice)."""

import numpy as np
import pytest

from bot_core import _args, alliances, choice, hegemony


@pytest.fixture(scope="module")
def frame():
    return hegemony.years()


def test_leaders_and_hegemons_agree():
    lead = choice.military_leaders(1816, 1999)
    heg = choice.hegemons(1816, 1999)
    assert (lead.share.between(0, 1) | lead.share.isna()).all() and (lead.majors >= 1).all()
    assert ((lead.share >= choice.HEGEMON_SHARE).to_numpy() == (heg.to_numpy() != -1)).all()
    # Russia, with the largest army of the great powers, leads in 1816
    assert lead.set_index("year").loc[1816, "leader"] == 365


def test_years_follow_their_rules(frame):
    assert frame.year.tolist() == list(range(1817, 2000))
    assert (frame.hegemonic == (frame.share >= choice.HEGEMON_SHARE)).all()
    assert (frame.balancing + frame.with_leader <= frame.treaties).all()
    # the Franco-Russian alliance (ATOP 1385, signed December 1893): Russia leads the major powers'
    # armies in 1892, so the treaty counts as alignment with the leader, not as balancing against it
    y1893 = frame.set_index("year").loc[1893]
    assert y1893.leader == 365 and y1893.with_leader == 1 and y1893.balancing == 0


def test_summary_shares_and_intervals(frame):
    s = hegemony.summary(frame)
    assert set(s.outcome) == {"balancing", "with_leader"} and set(s.hegemonic) == {True, False}
    assert (s.low <= s.share).all() and (s.share <= s.high).all()
    row = s[(s.outcome == "balancing") & s.hegemonic].iloc[0]
    heg = frame[frame.hegemonic.astype(bool)]
    assert row.years == len(heg) and row.with_treaty == int((heg.balancing > 0).sum())
    assert s.attrs["unknown"] == int(frame.hegemonic.isna().sum())


def test_bad_input():
    with pytest.raises(_args.ArgumentError, match="obligations"):
        hegemony.years(obligations=("friendship",))
    with pytest.raises(_args.ArgumentError):
        hegemony.years(1816, 1900)  # 1815 has no data to read the leader from
    with pytest.raises(_args.ArgumentError, match="lacks the columns"):
        hegemony.summary(hegemony.years(1900, 1901).drop(columns="balancing"))
