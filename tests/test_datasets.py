"""bot_core.datasets: the registry, hash checks, failures, tidy frames, citations."""

import csv
import functools
import hashlib
import http.server
import shutil
import threading

import pandas as pd
import pytest

from bot_core import datasets


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """No mirror, an empty cache, and no in-process cache: every call goes to 'the network'."""
    monkeypatch.delenv(datasets.MIRROR_ENV, raising=False)
    monkeypatch.setenv(datasets.CACHE_ENV, str(tmp_path / "cache"))
    datasets._load_cached.cache_clear()
    yield tmp_path
    datasets._load_cached.cache_clear()


@pytest.fixture
def server(monkeypatch):
    """A local HTTP server standing in for the data's host; serves the folder given to it."""
    servers = []

    def serve(folder):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *a: None
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        monkeypatch.setattr(datasets, "BASE_URL", f"http://127.0.0.1:{httpd.server_port}/")
        return httpd

    yield serve
    for httpd in servers:
        httpd.shutdown()


def manifest(mirror):
    with open(mirror / "MANIFEST.tsv", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}


def test_registry_matches_the_mirror_manifest(mirror):
    rows = manifest(mirror)
    assert {datasets.info(n).file for n in datasets.names()} == set(rows)
    for name in datasets.names():
        ds = datasets.info(name)
        assert ds.sha256 == rows[ds.file]["sha256"]
        assert ds.url.endswith(f"/{datasets.COMMIT}/data/{ds.file}")


@pytest.mark.parametrize("name", [n for n in datasets.names() if n not in ("ps_bib", "ps_bib.bib")])
def test_every_data_set_loads_with_its_manifest_rows_and_tidy_types(name, mirror):
    df = datasets.load(name)
    assert len(df) == int(manifest(mirror)[datasets.info(name).file]["rows"])
    for col in df.columns:
        if col in {"ccode", "ccode1", "ccode2", "gwcode", "gwcode1", "gwcode2", "year", "styear", "endyear"}:
            assert pd.api.types.is_integer_dtype(df[col]), (name, col, df[col].dtype)
        assert df[col].dtype != object or not len(df) or not hasattr(df[col].dropna().iloc[0], "isoformat"), (
            f"{name}.{col} still holds Python date objects"
        )


def test_tidy_frames_hold_real_dates_integers_and_no_coded_missing_values():
    caps = datasets.load("cow_capitals")
    assert caps.stdate.dtype.kind == "M"
    brasilia = caps[caps.capital == "Brasilia"].iloc[0]
    assert brasilia.stdate == pd.Timestamp("1960-04-21")
    states = datasets.load("cow_states")
    assert states.ccode.dtype == "int64"
    assert states.loc[states.stateabb == "USA", "styear"].tolist() == [1816]
    mids = datasets.load("cow_mid_dirdisps")
    assert str(mids.fatality1.dtype) == "Int64"
    assert (mids.fatality1.dropna() >= 0).all() and mids.fatality1.isna().any()
    nmc = datasets.load("cow_nmc")
    assert nmc.milex.dtype == "float64" and nmc.milex.isna().any()


def test_load_returns_a_frame_whose_edits_do_not_leak_into_the_next_load():
    first = datasets.load("cow_states")
    first.loc[0, "statenme"] = "edited"
    assert datasets.load("cow_states").loc[0, "statenme"] != "edited"


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="cow_nmc") as err:
        datasets.load("cow_nmcc")
    assert "unknown data set 'cow_nmcc'" in str(err.value)


def test_corrupt_mirror_file_is_an_error_naming_the_file_and_both_hashes(monkeypatch, tmp_path, mirror):
    bad = tmp_path / "cow_majors.rda"
    data = bytearray((mirror / "cow_majors.rda").read_bytes())
    data[-1] ^= 0xFF
    bad.write_bytes(bytes(data))
    monkeypatch.setenv(datasets.MIRROR_ENV, str(tmp_path))
    with pytest.raises(datasets.DataIntegrityError) as err:
        datasets.path("cow_majors")
    msg = str(err.value)
    assert "cow_majors.rda" in msg
    assert hashlib.sha256(bytes(data)).hexdigest() in msg
    assert datasets.info("cow_majors").sha256 in msg


def test_no_network_and_no_mirror_says_how_to_set_the_mirror(fresh, monkeypatch):
    monkeypatch.setattr(datasets, "BASE_URL", "http://127.0.0.1:9/")  # nothing listens on port 9
    with pytest.raises(datasets.DataUnavailableError, match="BOT_CORE_DATA_DIR"):
        datasets.load("cow_majors")


def test_download_is_verified_cached_and_a_corrupt_cached_copy_is_replaced(fresh, server, mirror):
    server(mirror)
    got = datasets.path("cow_majors")
    assert got.parent.parent == fresh / "cache"
    good = got.read_bytes()
    assert hashlib.sha256(good).hexdigest() == datasets.info("cow_majors").sha256
    got.write_bytes(b"corrupted")
    assert datasets.path("cow_majors").read_bytes() == good
    assert datasets.load("cow_majors").ccode.tolist()[:3] == [2, 200, 220]


def test_a_download_that_does_not_match_its_hash_is_refused_and_not_kept(fresh, server, mirror):
    folder = fresh / "served"
    folder.mkdir()
    shutil.copy(mirror / "cow_states.rda", folder / "cow_majors.rda")  # the wrong file under the name
    server(folder)
    with pytest.raises(datasets.DataIntegrityError, match="cow_majors.rda"):
        datasets.path("cow_majors")
    assert not list((fresh / "cache").rglob("cow_majors.rda"))


def test_every_data_set_has_a_citation_crediting_source_and_distributor():
    for name in datasets.names():
        text = datasets.citation(name)
        assert "peacesciencer" in text and datasets.COMMIT[:7] in text
    assert datasets.citation("atop_alliance").startswith("Leeds, Brett Ashley")
    assert "International Interactions 28(3): 237–260." in datasets.citation("atop_alliance")
    assert "Singer, J. David" in datasets.citation("cow_nmc")


def test_a_file_that_is_not_a_data_frame_says_so():
    with pytest.raises(datasets.DataError, match="ps_bib"):
        datasets.load("ps_bib")
