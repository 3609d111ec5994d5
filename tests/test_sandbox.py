"""bot_core.sandbox and choice.profile: the sandbox page's numbers are the library's numbers.

The profile over fixed weightings (Newton's method) reaches the fit that :func:`choice.fit` gives
with the weights held, in sample and out of sample; the page's top threats are those of
:func:`threat.top_threats`; the grid covers every slider setting under both forms."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bot_core import _args, choice, sandbox, selection, threat
from bot_core.criteria import CRITERIA
from tests.choice.test_choice import simulate

SPLIT = (("early -> late", (1816, 1945), (1946, 1991)),)


@pytest.fixture(scope="module")
def two_eras():
    data = simulate(n_groups=240, n_cand=20, chosen=2, seed=3)
    rows = data.rows.assign(year=np.where(data.rows.group < 160, 1900, 1960))
    return dataclasses.replace(data, rows=rows)


def test_the_profile_is_the_fit_with_the_weights_held(two_eras):
    w = np.array([[1, 1, 1, 1], [0, 0, 0, 1], [3, 0, 1, 2]], dtype=float)
    cov = ("log_distance", "same_region")
    prof = choice.profile(two_eras, w, cov, splits=SPLIT)
    assert prof.converged.all() and len(prof) == len(w)
    assert np.allclose(prof[[f"w_{c}" for c in CRITERIA]].sum(axis=1), 1)
    train, test = two_eras.subset(years=SPLIT[0][1]), two_eras.subset(years=SPLIT[0][2])
    for i, row in enumerate(w):
        f = choice.fit(two_eras, cov, True, weights=row)
        assert prof.loglik[i] == pytest.approx(f.loglik, rel=1e-7, abs=1e-7)
        assert prof.beta_shared[i] == pytest.approx(f.params["beta_shared"], rel=1e-4)
        assert prof.log_loss[i] == pytest.approx(choice.score(f, two_eras).log_loss, rel=1e-9)
        oos = choice.score(choice.fit(train, cov, True, weights=row), test).log_loss
        assert prof[f"log_loss {SPLIT[0][0]}"][i] == pytest.approx(oos, rel=1e-6)


def test_the_profile_refuses_bad_weightings(two_eras):
    with pytest.raises(_args.ArgumentError, match="weightings"):
        choice.profile(two_eras, np.array([[1, 1, 1]]), ("log_distance",), splits=())
    with pytest.raises(_args.ArgumentError, match="weightings"):
        choice.profile(two_eras, np.array([[0, 0, 0, 0]]), ("log_distance",), splits=())


def test_the_fears_are_the_top_threats_of_the_index():
    cases = ((630, 1985, "Iran, 1985"), (2, 1970, "United States, 1970"))
    f = sandbox.fears(2, cases)
    assert len(f) == 2 * len(selection.weight_parts(2))
    for parts in ((1, 2, 1, 2), (0, 0, 0, 1), (2, 0, 0, 0), (1, 1, 1, 1)):
        for form in threat.FORMS:
            row = f[(f.form == form) & (f[list(CRITERIA)] == list(parts)).all(axis=1)].iloc[0]
            for c, y, _ in cases:
                top = threat.top_threats(c, y, np.array(parts) / sum(parts), form, k=3)
                assert row[sandbox.case_column(c, y)].split() == [str(v) for v in top.ccode2], (c, y, parts, form)


def test_cases_are_checked():
    with pytest.raises(_args.ArgumentError):
        sandbox.fears(1, [(2, 1970)])
    with pytest.raises(_args.ArgumentError):
        sandbox.fears(1, [(2, 1970, "a"), (2, 1970, "b")])
    with pytest.raises(_args.ArgumentError, match="not a system member"):
        sandbox.fears(1, [(255, 1970, "united Germany before 1990")])
