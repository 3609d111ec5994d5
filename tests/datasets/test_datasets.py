"""bot_core.datasets: the registry, hash checks, failures, tidy frames, citations."""

import csv
import dataclasses
import errno
import functools
import hashlib
import http.server
import os
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


def point_urls_at(monkeypatch, base):
    """Every registry entry's URL becomes ``<base><file>``, as if the data's hosts were ``base``."""
    entries = datasets._registry.registry()
    for name, ds in list(entries.items()):
        monkeypatch.setitem(entries, name, dataclasses.replace(ds, url=f"{base}{ds.file}"))


@pytest.fixture
def server(monkeypatch):
    """A local HTTP server standing in for the data's hosts; serves the folder given to it."""
    servers = []

    def serve(folder):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *a: None
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        point_urls_at(monkeypatch, f"http://127.0.0.1:{httpd.server_port}/")
        return httpd

    yield serve
    for httpd in servers:
        httpd.shutdown()


def manifest(mirror, source="peacesciencer"):
    with open(mirror / source / "MANIFEST.tsv", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}


FRAMES = [n for n in datasets.names() if n != "ps_bib" and datasets.info(n).reader != "document"]
RESHAPED = {"peace_scale"}  # dyad-years built from one line per dyad: tested in test_sources


@pytest.mark.parametrize("source", datasets.sources())
def test_registry_matches_each_sources_manifest(source, mirror):
    rows = manifest(mirror, source)
    registered = [datasets.info(n) for n in datasets.names() if datasets.info(n).source == source]
    assert {ds.file for ds in registered} == set(rows)
    for ds in registered:
        assert ds.sha256 == rows[ds.file]["sha256"]
        assert ds.bytes == int(rows[ds.file]["bytes"])
        if source == "peacesciencer":  # its MANIFEST has no URL column: the README gives the rule
            assert ds.url == f"{datasets.BASE_URL}{ds.file}"
        else:
            assert ds.url == rows[ds.file]["url"]
        assert ds.commit and ds.commit in ds.url and ds.terms and ds.sources


def test_mirror_folders_are_the_registry_sources(mirror):
    folders = {p.name for p in mirror.iterdir() if (p / "MANIFEST.tsv").is_file()}
    assert folders == set(datasets.sources())


@pytest.mark.parametrize("name", [n for n in FRAMES if n not in RESHAPED])
def test_every_data_set_loads_with_its_manifest_rows_and_tidy_types(name, mirror):
    df = datasets.load(name)
    assert len(df) == int(manifest(mirror, datasets.info(name).source)[datasets.info(name).file]["rows"])
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
    data = bytearray((mirror / "peacesciencer" / "cow_majors.rda").read_bytes())
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
    point_urls_at(monkeypatch, "http://127.0.0.1:9/")  # nothing listens on port 9
    with pytest.raises(datasets.DataUnavailableError, match="BOT_CORE_DATA_DIR") as err:
        datasets.load("cow_majors")
    assert "export BOT_CORE_DATA_DIR=../shared/data" in str(err.value)
    assert "peacesciencer/cow_majors.rda" in str(err.value)


def test_a_file_missing_from_the_mirror_names_where_it_looked(fresh, monkeypatch, tmp_path):
    point_urls_at(monkeypatch, "http://127.0.0.1:9/")
    (tmp_path / "empty" / "atop").mkdir(parents=True)
    monkeypatch.setenv(datasets.MIRROR_ENV, str(tmp_path / "empty"))
    with pytest.raises(datasets.DataUnavailableError) as err:
        datasets.load("atop_treaties")
    msg = str(err.value)
    assert str(tmp_path / "empty" / "atop" / "atop5_1a.csv") in msg
    assert "source 'atop'" in msg and str(fresh / "cache") in msg


def test_the_old_single_folder_mirror_still_serves_its_source(monkeypatch, mirror):
    datasets._load_cached.cache_clear()
    monkeypatch.setenv(datasets.MIRROR_ENV, str(mirror / "peacesciencer"))
    try:
        assert datasets.path("cow_majors") == mirror / "peacesciencer" / "cow_majors.rda"
    finally:
        datasets._load_cached.cache_clear()


def test_a_corrupt_file_in_a_source_folder_is_an_error_naming_both_hashes(monkeypatch, tmp_path, mirror):
    folder = tmp_path / "icb"
    folder.mkdir()
    data = (mirror / "icb" / "icb1v14.csv").read_bytes() + b"\n"
    (folder / "icb1v14.csv").write_bytes(data)
    monkeypatch.setenv(datasets.MIRROR_ENV, str(tmp_path))
    with pytest.raises(datasets.DataIntegrityError) as err:
        datasets.path("icb_crises")
    msg = str(err.value)
    assert str(folder / "icb1v14.csv") in msg and hashlib.sha256(data).hexdigest() in msg
    assert datasets.info("icb_crises").sha256 in msg and datasets.info("icb_crises").url in msg


def test_download_is_verified_cached_and_a_corrupt_cached_copy_is_replaced(fresh, server, mirror):
    server(mirror / "peacesciencer")
    got = datasets.path("cow_majors")
    assert got.parent == fresh / "cache" / "peacesciencer"
    good = got.read_bytes()
    assert hashlib.sha256(good).hexdigest() == datasets.info("cow_majors").sha256
    got.write_bytes(b"corrupted")
    assert datasets.path("cow_majors").read_bytes() == good
    assert datasets.load("cow_majors").ccode.tolist()[:3] == [2, 200, 220]


def test_a_download_that_does_not_match_its_hash_is_refused_and_not_kept(fresh, server, mirror):
    folder = fresh / "served"
    folder.mkdir()
    shutil.copy(mirror / "peacesciencer" / "cow_states.rda", folder / "cow_majors.rda")  # the wrong file under the name
    server(folder)
    with pytest.raises(datasets.DataIntegrityError, match="cow_majors.rda"):
        datasets.path("cow_majors")
    assert not list((fresh / "cache").rglob("cow_majors.rda"))


def test_every_data_set_has_a_citation_crediting_source_and_distributor():
    for name in datasets.names():
        ds, text = datasets.info(name), datasets.citation(name)
        if ds.source == "peacesciencer":
            assert "peacesciencer" in text and datasets.COMMIT[:7] in text
        if ds.distributor:
            assert text.splitlines()[-1].endswith(f"(commit {ds.commit[:7]}, file {ds.file})")
        else:  # a third party's copy: the producers only
            assert "Distributed with" not in text and len(text.splitlines()) == len(ds.sources)
    assert datasets.citation("atop_alliance").startswith("Leeds, Brett Ashley")
    assert "International Interactions 28(3): 237–260." in datasets.citation("atop_alliance")
    assert "Singer, J. David" in datasets.citation("cow_nmc")


def test_a_file_that_is_not_a_data_frame_says_so():
    with pytest.raises(datasets.DataError, match="ps_bib"):
        datasets.load("ps_bib")
    with pytest.raises(datasets.DataError, match="atop_codebook.*not a data frame; open"):
        datasets.load("atop_codebook")


def test_every_reader_named_in_the_registry_exists():
    assert {datasets.info(n).reader for n in datasets.names()} <= set(datasets._readers.READERS)


def test_an_unknown_reader_is_an_error_naming_the_registry_and_the_readers(monkeypatch):
    entries = datasets._registry.registry()
    monkeypatch.setitem(entries, "cow_majors", dataclasses.replace(entries["cow_majors"], reader="xlsx"))
    datasets._load_cached.cache_clear()
    try:
        with pytest.raises(datasets.DataError, match="reader 'xlsx'.*use one of rda, csv"):
            datasets.load("cow_majors")
    finally:
        datasets._load_cached.cache_clear()


# --- the cache of decoded frames ----------------------------------------------------------------


def test_a_second_process_reads_the_cached_frame_not_the_file(fresh, monkeypatch, mirror):
    monkeypatch.setenv(datasets.MIRROR_ENV, str(mirror))
    calls = []
    real = datasets._readers.read
    monkeypatch.setattr(datasets._readers, "read", lambda f, ds: calls.append(ds.name) or real(f, ds))
    first = datasets.load("cow_majors")
    datasets._load_cached.cache_clear()  # as a new process would
    second = datasets.load("cow_majors")
    assert calls == ["cow_majors"]
    pd.testing.assert_frame_equal(first, second)
    cached = datasets._frames.frame_file(datasets.info("cow_majors"))
    assert cached.parent == fresh / "cache" / "frames" and cached.name.startswith(datasets.info("cow_majors").sha256)


def test_a_corrupt_cached_frame_is_read_again_and_the_cache_can_be_switched_off(fresh, monkeypatch, mirror):
    monkeypatch.setenv(datasets.MIRROR_ENV, str(mirror))
    expected = datasets.load("cow_majors")
    datasets._frames.frame_file(datasets.info("cow_majors")).write_bytes(b"not a pickle")
    datasets._load_cached.cache_clear()
    pd.testing.assert_frame_equal(datasets.load("cow_majors"), expected)
    monkeypatch.setenv(datasets._frames.FRAME_CACHE_ENV, "0")
    datasets._load_cached.cache_clear()
    datasets._frames.frame_file(datasets.info("cow_majors")).unlink()
    datasets.load("cow_majors")
    assert not datasets._frames.frame_file(datasets.info("cow_majors")).exists()


def test_a_corrupt_mirror_file_is_an_error_even_when_its_frame_is_cached(fresh, monkeypatch, tmp_path, mirror):
    monkeypatch.setenv(datasets.MIRROR_ENV, str(mirror))
    datasets.load("cow_majors")
    bad = tmp_path / "bad" / "peacesciencer"
    bad.mkdir(parents=True)
    (bad / "cow_majors.rda").write_bytes((mirror / "peacesciencer" / "cow_majors.rda").read_bytes() + b"\0")
    monkeypatch.setenv(datasets.MIRROR_ENV, str(tmp_path / "bad"))
    datasets._load_cached.cache_clear()
    with pytest.raises(datasets.DataIntegrityError):
        datasets.load("cow_majors")


def test_frames_of_older_code_are_removed_when_a_frame_is_stored(fresh, monkeypatch, mirror):
    monkeypatch.setenv(datasets.MIRROR_ENV, str(mirror))
    ds = datasets.info("cow_majors")
    old = fresh / "cache" / "frames" / f"{ds.sha256}-{ds.reader}-0000000000000000.pkl"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"from older code")
    datasets.load("cow_majors")
    assert not old.exists() and datasets._frames.frame_file(ds).exists()


# --- a file swapped after its check, and files that cannot be read (issue 18: C20, OSError) -------


def one_file_mirror(tmp_path, mirror, monkeypatch, name="cow_majors"):
    """A mirror folder holding only the file of ``name``, set as the mirror; returns the file."""
    ds = datasets.info(name)
    folder = tmp_path / "mirror" / ds.source
    folder.mkdir(parents=True)
    shutil.copyfile(mirror / ds.source / ds.file, folder / ds.file)
    monkeypatch.setenv(datasets.MIRROR_ENV, str(tmp_path / "mirror"))
    return folder / ds.file


def test_a_file_swapped_after_its_hash_check_is_never_parsed(fresh, monkeypatch, mirror):
    target = one_file_mirror(fresh, mirror, monkeypatch)
    other = (mirror / "peacesciencer" / "cow_states.rda").read_bytes()  # a valid R file, another data set
    real_read = datasets._fetch._read

    def read_then_swap(file, ds):  # the attack of the probe: the file is replaced right after its check
        data = real_read(file, ds)
        if file == target:
            swapped = target.with_name("swapped")
            swapped.write_bytes(other)
            os.replace(swapped, target)
        return data

    monkeypatch.setattr(datasets._fetch, "_read", read_then_swap)
    parsed = []
    real_parse = datasets._readers.read
    monkeypatch.setattr(datasets._readers, "read",
                        lambda f, ds: parsed.append(hashlib.sha256(f.read_bytes()).hexdigest()) or real_parse(f, ds))
    majors = datasets.load("cow_majors")
    assert target.read_bytes() == other  # the swap happened before parsing ...
    assert parsed == [datasets.info("cow_majors").sha256]  # ... and the parser saw the checked bytes
    assert len(majors) == 14 and {"ccode", "styear", "endyear"} <= set(majors.columns)
    assert int(manifest(mirror)["cow_states.rda"]["rows"]) != 14  # (what the swapped-in file would have given)
    monkeypatch.setattr(datasets._fetch, "_read", real_read)
    datasets._load_cached.cache_clear()  # the next load checks the file again and refuses the swapped one
    with pytest.raises(datasets.DataIntegrityError, match="cow_majors.rda does not match"):
        datasets.load("cow_majors")


def test_the_private_copy_holds_the_checked_bytes_in_a_folder_only_this_user_enters():
    verified = datasets._fetch.Verified(datasets._fetch.Path("/nowhere/cow_majors.rda"), b"checked bytes")
    with verified.private_copy() as copy:
        assert copy.name == "cow_majors.rda" and copy.read_bytes() == b"checked bytes"
        assert copy.parent.stat().st_mode & 0o777 == 0o700
    assert not copy.exists() and not copy.parent.exists()


def test_a_folder_where_the_file_should_be_is_named_with_the_fix(fresh, monkeypatch, mirror):
    target = one_file_mirror(fresh, mirror, monkeypatch)
    target.unlink()
    target.mkdir()
    with pytest.raises(datasets.DataUnavailableError) as err:
        datasets.load("cow_majors")
    msg = str(err.value)
    assert f"{target} is a folder" in msg and "should hold the file cow_majors.rda" in msg
    assert datasets.info("cow_majors").url in msg and "BOT_CORE_DATA_DIR" in msg


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file of mode 000: chmod cannot deny it")
def test_a_file_this_user_may_not_read_is_named_with_the_fix(fresh, monkeypatch, mirror):
    target = one_file_mirror(fresh, mirror, monkeypatch)
    target.chmod(0)
    try:
        with pytest.raises(datasets.DataUnavailableError) as err:
            datasets.load("cow_majors")
    finally:
        target.chmod(0o644)
    msg = str(err.value)
    assert f"from {target}: Permission denied (PermissionError)" in msg and "check the permissions" in msg
    assert isinstance(err.value.__cause__, PermissionError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters a folder of mode 000: chmod cannot deny it")
def test_a_mirror_folder_this_user_may_not_enter_is_named_with_the_fix(fresh, monkeypatch, mirror):
    target = one_file_mirror(fresh, mirror, monkeypatch)
    target.parent.chmod(0)
    try:
        with pytest.raises(datasets.DataUnavailableError) as err:
            datasets.load("cow_majors")
    finally:
        target.parent.chmod(0o755)
    msg = str(err.value)
    assert str(target) in msg and "Permission denied" in msg and "check the permissions" in msg


@pytest.mark.parametrize(
    "step, error, says",
    [
        ("read", PermissionError(errno.EACCES, "Permission denied"), ["Permission denied (PermissionError)",
                                                                       "check the permissions", "chmod"]),
        ("read", OSError(errno.EIO, "Input/output error"), ["Input/output error (OSError)", "disk"]),
        ("read", IsADirectoryError(errno.EISDIR, "Is a directory"), ["Is a directory", "replace it with the file"]),
        ("stat", PermissionError(errno.EACCES, "Permission denied"), ["Permission denied", "check the permissions"]),
    ],
)
def test_an_os_error_on_a_mirror_file_is_a_clear_data_error(fresh, monkeypatch, mirror, step, error, says):
    # the same faults as above, injected, so that they are checked whoever runs the tests (root too)
    target = one_file_mirror(fresh, mirror, monkeypatch)
    method = {"read": "read_bytes", "stat": "stat"}[step]
    real = getattr(datasets._fetch.Path, method)

    def failing(self, *args, **kwargs):
        if self == target:
            raise error
        return real(self, *args, **kwargs)

    monkeypatch.setattr(datasets._fetch.Path, method, failing)
    with pytest.raises(datasets.DataUnavailableError) as err:
        datasets.load("cow_majors")
    msg = str(err.value)
    assert "'cow_majors'" in msg and str(target) in msg and "BOT_CORE_DATA_DIR" in msg
    assert all(s in msg for s in says), msg
    assert err.value.__cause__ is error


def test_a_cache_folder_that_cannot_be_written_is_named_with_the_fix(fresh, monkeypatch):
    import pooch

    def refuse(*args, path=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(pooch, "retrieve", refuse)
    with pytest.raises(datasets.DataUnavailableError) as err:
        datasets.load("cow_majors")
    msg = str(err.value)
    assert "'cow_majors'" in msg and str(fresh / "cache" / "peacesciencer") in msg and "Permission denied" in msg
    assert "BOT_CORE_CACHE_DIR" in msg and "BOT_CORE_DATA_DIR" in msg
