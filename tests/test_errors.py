"""One home for errors (issue 17): every error class bot_core defines is a BotCoreError, keeps the
built-in base it had before, is still reachable where it was first defined, and real bad inputs
raise it with the message they always gave."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pandas as pd
import pytest

import bot_core
from bot_core import BotCoreError, _args, alliances, cases, datasets, errors, lai_reiter, panel, threat, walt_middle_east


def _error_classes():
    """Every exception class defined anywhere in bot_core, found by walking the package."""
    found = {}
    for m in pkgutil.walk_packages(bot_core.__path__, prefix="bot_core."):
        module = importlib.import_module(m.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__.startswith("bot_core"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_the_package_exports_the_base_class():
    assert bot_core.BotCoreError is errors.BotCoreError
    assert issubclass(BotCoreError, Exception)


def test_every_error_class_of_the_package_is_a_botcoreerror_and_lives_in_errors():
    found = _error_classes()
    assert len(found) >= 10
    for name, cls in found.items():
        assert issubclass(cls, BotCoreError), name
        assert cls.__module__ == "bot_core.errors", f"{name}: define it in bot_core/errors.py"
    assert set(errors.__all__) == {cls.__name__ for cls in found.values()}


@pytest.mark.parametrize("cls, builtins", [
    (errors.ArgumentError, (ValueError, TypeError)),
    (errors.PanelError, (ValueError,)),
    (errors.AllianceError, (ValueError,)),
    (errors.CuratedEventsError, (ValueError,)),
    (errors.LaiReiterError, (ValueError,)),
    (errors.WaltError, (ValueError,)),
    (errors.DataIntegrityError, (errors.DataError,)),
    (errors.DataUnavailableError, (errors.DataError,)),
])
def test_each_error_keeps_its_builtin_base(cls, builtins):
    for base in builtins:
        assert issubclass(cls, base)


def test_the_old_import_paths_give_the_same_classes():
    assert _args.ArgumentError is errors.ArgumentError
    assert panel.PanelError is errors.PanelError
    assert alliances.AllianceError is errors.AllianceError
    assert cases.CuratedEventsError is errors.CuratedEventsError
    assert lai_reiter.LaiReiterError is errors.LaiReiterError
    assert walt_middle_east.WaltError is errors.WaltError
    from bot_core.datasets._errors import DataError, DataIntegrityError, DataUnavailableError
    assert (datasets.DataError, datasets.DataIntegrityError, datasets.DataUnavailableError) == (
        DataError, DataIntegrityError, DataUnavailableError) == (
        errors.DataError, errors.DataIntegrityError, errors.DataUnavailableError)


# --- real bad inputs: caught as BotCoreError and as the built-in, message as before -----------------


def _raises(call, cls, message, *builtins):
    with pytest.raises(BotCoreError, match="^" + re.escape(message) + "$") as err:
        call()
    assert type(err.value) is cls
    for base in builtins:   # an `except ValueError` written for an earlier version still catches it
        assert isinstance(err.value, base)


def test_a_verb_given_no_frame_raises_a_panel_error():
    _raises(lambda: panel.add_contiguity(None), errors.PanelError,
            "add_contiguity needs a pandas DataFrame, not NoneType.", ValueError)


def test_a_dyad_of_one_state_raises_a_panel_error():
    df = pd.DataFrame({"ccode1": [2], "ccode2": [2], "year": [1962]})
    _raises(lambda: panel.add_contiguity(df), errors.PanelError,
            "add_contiguity: 1 rows pair a state with itself (ccode1 == ccode2), e.g. 2; a dyad needs two states. "
            "Drop those rows.", ValueError)


def test_a_year_outside_atop_raises_an_alliance_error():
    _raises(lambda: alliances.members(year=2019), errors.AllianceError,
            "ATOP 5.1 covers 1815-2018; 2019 is outside.", ValueError)


def test_a_bad_argument_raises_an_argument_error():
    _raises(lambda: threat.top_threats(2, 1970, k=0), errors.ArgumentError,
            "k must be a positive whole number, not 0.", ValueError, TypeError)


def test_a_broken_curated_file_raises_a_curated_events_error(tmp_path):
    f = tmp_path / "events.csv"
    f.write_text("id,date\n", encoding="utf-8")
    _raises(lambda: cases.curated_events(path=f), errors.CuratedEventsError,
            f"{f}: the header must be id,date,case,type,states,summary,source; found ['id', 'date'].", ValueError)
