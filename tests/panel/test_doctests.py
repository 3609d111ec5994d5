"""bot_core.panel by family (issue 17): each verb's docstring has the sections Columns, Coverage,
References and Examples, the examples run (doctests), and every old import path still works."""

import doctest
import importlib
import re

import pytest

from bot_core import panel

FAMILIES = ("units", "capabilities", "geography", "alliances", "conflict", "affinity", "economy", "rivalry")
VERBS = sorted(n for n in panel.__all__ if n.startswith("add_") or n.endswith("_years"))
SECTIONS = ("Columns", "Coverage", "References", "Examples")


def _examples():
    finder = doctest.DocTestFinder(recurse=False)
    for name in VERBS:
        (test,) = finder.find(getattr(panel, name), name, globs={})
        yield pytest.param(test, id=name)


def test_every_public_name_lives_in_one_family_module():
    homes = {n: getattr(panel, n).__module__ for n in VERBS}
    assert {m.rsplit(".", 1)[1] for m in homes.values()} == set(FAMILIES)
    for name, module in homes.items():
        assert getattr(importlib.import_module(module), name) is getattr(panel, name)


@pytest.mark.parametrize("name", VERBS)
def test_each_verb_documents_its_columns_coverage_references_and_examples(name):
    doc = getattr(panel, name).__doc__
    headers = re.findall(r"^    (\w+)$", doc, flags=re.M)
    assert [h for h in headers if h in SECTIONS] == list(SECTIONS), headers
    assert ">>> " in doc.split("    Examples", 1)[1]


@pytest.mark.parametrize("test", list(_examples()))
def test_examples_run(test):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0 and test.examples, "".join(out)


def test_old_import_paths_still_work():
    from bot_core import _verb_tools, verbs_affinity, verbs_conflict, verbs_economy, verbs_rivalry
    from bot_core.panel import _keys

    assert verbs_economy.add_gdp is panel.add_gdp and verbs_economy.add_trade is panel.add_trade
    assert verbs_affinity.add_democracy is panel.add_democracy and verbs_affinity.UNGA_YEARS == (1946, 2023)
    assert verbs_conflict.add_wars is panel.add_wars and verbs_conflict.add_crises is panel.add_crises
    assert verbs_rivalry.add_arms_races is panel.add_arms_races and verbs_rivalry.add_rivalries is panel.add_rivalries
    for module in (verbs_affinity, verbs_conflict, verbs_economy, verbs_rivalry, _verb_tools):
        assert all(hasattr(module, n) for n in module.__all__)
    # the private keys other modules import, from panel (as before) and from their one home
    for name in ("_state_key", "_dyad_key", "_positions", "_take", "_kind", "_with", "_contiguity",
                 "_alliances_by_dyad_year", "_member_keys", "_capital_distance", "_min_distance"):
        assert callable(getattr(panel, name))
    assert panel._dyad_key is _keys._dyad_key and _verb_tools._take is _keys._take
    assert int(panel._dyad_key(2, 20, 1950)) == (2 * 1_000 + 20) * 10_000 + 1950
