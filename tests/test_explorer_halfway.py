"""explorer.data rounds the embedded criteria the same way when they move by a few units in the last
place: a value on a half-way point of the sixth decimal must not round up on one processor and down on
another (case_before_1914 embeds offense values such as 0.0040875)."""
import numpy as np
import pandas as pd

from bot_core import explorer, threat


def test_halfway_values_round_alike_when_nudged(monkeypatch):
    frame = threat.model().frame
    rows = frame[(frame.ccode1 == 200) & (frame.year == 1872)].copy()
    target = rows.ccode2.iloc[0]
    out = {}
    for ulps in (-4, 0, 4):
        x = rows.copy()
        x.loc[x.ccode2 == target, "offense"] = np.float64(0.0040875) + ulps * np.spacing(np.float64(0.0040875))

        class Model:
            pass

        m = Model()
        m.frame = x
        monkeypatch.setattr(threat, "model", lambda spec=None, m=m: m)
        d = explorer.data([200], [1872], k=len(x))
        out[ulps] = float(d.loc[d.ccode2 == target, "offense"].iloc[0])
    assert out[-4] == out[0] == out[4]
