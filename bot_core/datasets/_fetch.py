"""Fetching a registered file: the offline mirror, then the cache, then a download by URL.

A file is used only if its SHA-256 matches the registry. A mismatching mirror file is an error; a
mismatching cached file is downloaded again (pooch's rule), never read.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot_core.datasets._errors import DataIntegrityError, DataUnavailableError
from bot_core.datasets._registry import Dataset

#: Environment variable naming the offline mirror: a folder with one sub-folder per source.
MIRROR_ENV = "BOT_CORE_DATA_DIR"
#: Environment variable naming the cache folder (default: the user cache directory).
CACHE_ENV = "BOT_CORE_CACHE_DIR"
#: What the failure messages suggest for the mirror.
MIRROR_EXAMPLE = "../shared/data"


def sha256(file: Path) -> str:
    """The SHA-256 of a file, as lower-case hex."""
    import pooch

    return pooch.file_hash(str(file), alg="sha256")


def cache_dir() -> Path:
    """The cache folder: ``BOT_CORE_CACHE_DIR``, or the user cache directory pooch names."""
    import pooch

    return Path(os.environ.get(CACHE_ENV) or pooch.os_cache("bot_core"))


def mirror_candidates(ds: Dataset, mirror: str) -> list[Path]:
    """Where a mirror holds ``ds``: ``<mirror>/<source>/<file>``, or ``<mirror>/<file>`` (a folder of
    one source, such as the older single peacesciencer mirror)."""
    root = Path(mirror).expanduser()
    return [root / ds.source / ds.file, root / ds.file]


def fetch(ds: Dataset) -> Path:
    """Local path of the verified file ``ds`` (mirror first, then cache, then download)."""
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        for candidate in mirror_candidates(ds, mirror):
            if candidate.is_file():
                return _verified_mirror_file(ds, candidate)
    return _download(ds, mirror)


def _verified_mirror_file(ds: Dataset, candidate: Path) -> Path:
    found = sha256(candidate)
    if found != ds.sha256:
        raise DataIntegrityError(
            f"{candidate} does not match the registry: its SHA-256 is {found}, the registry "
            f"expects {ds.sha256}. The mirror named by {MIRROR_ENV} holds a different or corrupted "
            f"copy: replace it with the file from {ds.url}, or unset {MIRROR_ENV} to download it."
        )
    return candidate


def _download(ds: Dataset, mirror: str | None) -> Path:
    import pooch

    cache = cache_dir() / ds.source
    try:
        return Path(pooch.retrieve(ds.url, known_hash=f"sha256:{ds.sha256}", fname=ds.file,
                                   path=cache, progressbar=_progressbar()))
    except ValueError as err:  # pooch: the downloaded file's hash does not match
        if "hash" not in str(err).lower():
            raise
        raise DataIntegrityError(
            f"the download of {ds.file} from {ds.url} does not match the registry (expected SHA-256 "
            f"{ds.sha256}): {err} The file was not kept. Try again later, or point {MIRROR_ENV} at a "
            f"folder holding verified copies."
        ) from err
    except Exception as err:  # no network, refused, HTTP error, ...
        raise DataUnavailableError(_unavailable(ds, mirror, cache, err)) from err


def _unavailable(ds: Dataset, mirror: str | None, cache: Path, err: Exception) -> str:
    if mirror:
        looked = " or ".join(str(p) for p in mirror_candidates(ds, mirror))
        where = f"it is not in the mirror {mirror} ({MIRROR_ENV}; looked for {looked})"
    else:
        where = f"no mirror is set ({MIRROR_ENV} is unset)"
    return (
        f"cannot get data set {ds.name!r} ({ds.file}, source {ds.source!r}): {where}, it is not in the "
        f"cache {cache}, and the download from {ds.url} failed ({type(err).__name__}: {err}). Without "
        f"network access, set {MIRROR_ENV} to a folder holding one sub-folder per source "
        f"({ds.source}/{ds.file} among them), e.g. `export {MIRROR_ENV}={MIRROR_EXAMPLE}`."
    )


def _progressbar() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True
