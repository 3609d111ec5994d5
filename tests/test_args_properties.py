"""Property tests of the shared argument reader (bot_core._args) where the robustness probe found
holes: weights (mappings, Series, arrays; extreme magnitudes), state codes and years."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot_core import _args, explorer, panel, threat
from bot_core.criteria import CRITERIA

finite = st.floats(min_value=0, max_value=1.7e308, allow_nan=False, allow_infinity=False, allow_subnormal=True)
weights4 = st.lists(finite, min_size=4, max_size=4).filter(lambda w: any(v > 0 for v in w))
# weights that stay normal numbers under any rescaling below: ratios up to 2**60
modest = st.lists(st.floats(min_value=1e-9, max_value=1e9), min_size=4, max_size=4)


def as_form(w, form):
    if form == "list":
        return list(w)
    if form == "array":
        return np.array(w)
    if form == "dict":
        return dict(zip(CRITERIA, w))
    if form == "dict_reversed":
        return dict(reversed(list(zip(CRITERIA, w))))
    if form == "series_shuffled":
        return pd.Series(dict(zip(CRITERIA, w))).iloc[[3, 1, 0, 2]]
    raise AssertionError(form)


FORMS = ["list", "array", "dict", "dict_reversed", "series_shuffled"]

# a RuntimeWarning (overflow, invalid value) in the tests or in the code they run is a failure here
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


@settings(max_examples=300, deadline=None)
@given(weights4, st.sampled_from(FORMS))
def test_any_valid_weights_give_shares_in_the_criteria_order(w, form):
    got = threat.weights_array(as_form(w, form))
    assert got.shape == (4,) and (got >= 0).all() and math.isclose(got.sum(), 1, rel_tol=1e-12)
    assert ((got > 0) == (np.array(w) > 0)).all() or min(v for v in w if v > 0) / max(w) < 2.0**-1000
    # the same numbers in every container give the same bits
    np.testing.assert_array_equal(got, threat.weights_array(list(w)))


@settings(max_examples=300, deadline=None)
@given(weights4, st.integers(min_value=-1100, max_value=1100))
def test_weights_are_invariant_to_a_power_of_two_scale(w, k):
    with np.errstate(over="ignore"):  # overflow gives inf, which the assume below sets aside (no warning)
        scaled = [float(np.ldexp(v, k)) for v in w]
    assume(all(math.isfinite(v) for v in scaled) and any(v > 0 for v in scaled))
    # exact only while no weight is pushed into (or out of) the subnormal range
    tiny = np.finfo("float64").tiny
    assume(all(v == 0 or (v >= tiny and s >= tiny) for v, s in zip(w, scaled)))
    np.testing.assert_array_equal(threat.weights_array(scaled), threat.weights_array(w))


@settings(max_examples=300, deadline=None)
@given(modest, st.floats(min_value=1e-300, max_value=1e299))
def test_weights_are_invariant_to_any_scale(w, c):
    scaled = [v * c for v in w]
    np.testing.assert_allclose(threat.weights_array(scaled), threat.weights_array(w), rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(modest)
def test_normalisation_has_the_bits_of_dividing_by_the_sum(w):
    a = np.array(w)
    np.testing.assert_array_equal(threat.weights_array(w), a / a.sum())


@pytest.mark.parametrize("magnitude", [1e308, 1e-308, 5e-324, 1.7976931348623157e308])
def test_extreme_equal_weights_are_equal_shares(magnitude):
    for form in FORMS:
        np.testing.assert_array_equal(threat.weights_array(as_form([magnitude] * 4, form)), [0.25] * 4)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), finite, min_size=1, max_size=5))
def test_mappings_with_unknown_labels_are_refused(d):
    assume(set(d) - set(CRITERIA))
    for value in (d, pd.Series(d, dtype="float64")):
        with pytest.raises(_args.ArgumentError, match="unknown criteria"):
            threat.weights_array(value)


@settings(max_examples=200, deadline=None)
@given(st.lists(finite, min_size=0, max_size=8))
def test_sequences_of_the_wrong_length_are_refused(w):
    assume(len(w) != 4)
    with pytest.raises(_args.ArgumentError, match="give four weights"):
        threat.weights_array(w)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(finite, st.just(-1.0), st.just(float("nan")), st.just(float("inf")), st.text(max_size=2),
                          st.none(), st.booleans()), min_size=4, max_size=4))
def test_weights_are_refused_or_give_shares(w):
    try:
        got = threat.weights_array(w)
    except _args.ArgumentError as err:
        assert str(err).startswith("weights")
    else:
        assert math.isclose(got.sum(), 1, rel_tol=1e-12) and (got >= 0).all()


# --- codes and years ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(-10**20, 10**20), st.integers(0, 1000), st.floats(allow_nan=True), st.text(max_size=4),
                 st.none(), st.booleans(), st.integers(0, 1000).map(np.int16), st.integers(0, 1000).map(float)))
def test_a_code_is_a_known_whole_number_or_refused(value):
    known = set(explorer.names().ccode.tolist())
    whole = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if whole and int(value) in known:
        assert _args.code(value, "ccode") == int(value) and type(_args.code(value, "ccode")) is int
    else:
        with pytest.raises(_args.ArgumentError, match="^ccode"):
            _args.code(value, "ccode")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(1700, 2100), st.integers(1700, 2100).map(np.int64), st.floats(1700, 2100),
                 st.text(max_size=4), st.none(), st.booleans()))
def test_a_year_is_a_whole_number_in_the_span_or_refused(value):
    whole = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if whole and panel.FIRST_YEAR <= value <= panel.LAST_YEAR:
        assert _args.year(value) == int(value)
    else:
        with pytest.raises(_args.ArgumentError, match="^year") as err:
            _args.year(value)
        if whole:
            assert f"{panel.FIRST_YEAR}-{panel.LAST_YEAR}" in str(err.value)


@settings(max_examples=200, deadline=None)
@given(st.integers(panel.FIRST_YEAR, panel.LAST_YEAR), st.integers(panel.FIRST_YEAR, panel.LAST_YEAR))
def test_a_pair_is_a_span_and_a_list_is_single_years(a, b):
    if a <= b:
        assert _args.years((a, b), pair_is_span=True) == list(range(a, b + 1))
    else:
        with pytest.raises(_args.ArgumentError, match="runs backwards"):
            _args.years((a, b), pair_is_span=True)
    assert _args.years([a, b], pair_is_span=True) == sorted({a, b})
    assert _args.years((a, b)) == sorted({a, b})
    with pytest.raises(_args.ArgumentError, match="must be a whole number"):
        _args.years((a, float(b)), pair_is_span=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["defense", "offense", "neutral", "x", ""]), max_size=4) | st.sampled_from(
    ["defense", "offense"]))
def test_names_string_is_one_item(value):
    choices = ("defense", "offense", "neutral")
    items = [value] if isinstance(value, str) else value
    if items and all(v in choices for v in items):
        assert _args.names(value, "pledges", choices) == tuple(items)
    else:
        with pytest.raises(_args.ArgumentError, match="^pledges"):
            _args.names(value, "pledges", choices)
