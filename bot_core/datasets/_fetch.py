"""Fetching a registered file: the offline mirror, then the cache, then a download by URL.

A file is used only if its SHA-256 matches the registry. A mismatching mirror file is an error; a
mismatching cached file is downloaded again (pooch's rule), never read.

Its bytes are read once (:func:`fetch_verified`): the hash is computed from those bytes, and a
reader parses a private copy of the same bytes (:meth:`Verified.private_copy`), never the file
again. A file changed or swapped on disk after its check is therefore never parsed.

A file that exists but cannot be read (permission denied, a folder where the file should be, a
disk error) raises :class:`DataUnavailableError` naming the file, the system's reason and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot_core.datasets._errors import DataIntegrityError, DataUnavailableError
from bot_core.datasets._registry import Dataset

#: Environment variable naming the offline mirror: a folder with one sub-folder per source.
MIRROR_ENV = "BOT_CORE_DATA_DIR"
#: Environment variable naming the cache folder (default: the user cache directory).
CACHE_ENV = "BOT_CORE_CACHE_DIR"
#: What the failure messages suggest for the mirror.
MIRROR_EXAMPLE = "../shared/data"


@dataclass(frozen=True)
class Verified:
    """The bytes of a registered file whose SHA-256 matched the registry, and where they were read."""

    path: Path
    data: bytes

    @contextlib.contextmanager
    def private_copy(self) -> Iterator[Path]:
        """A file holding exactly the verified bytes, under the file's own name, in a new folder
        that only this user can enter (mode 0700); removed afterwards. Readers that need a path
        (``pyreadr``) parse this copy, so what they read is what was hashed."""
        try:
            folder = tempfile.TemporaryDirectory(prefix="bot_core-")
        except OSError as err:
            raise DataUnavailableError(self._no_copy(err)) from err
        with folder:
            copy = Path(folder.name) / self.path.name
            try:
                copy.write_bytes(self.data)
            except OSError as err:
                raise DataUnavailableError(self._no_copy(err)) from err
            yield copy

    def _no_copy(self, err: OSError) -> str:
        return (f"cannot write a private copy of {self.path.name} to parse it, in the temporary folder "
                f"{tempfile.gettempdir()}: {_reason(err)}. Set TMPDIR to a folder this user can write to.")


def sha256(file: Path) -> str:
    """The SHA-256 of a file, as lower-case hex."""
    return hashlib.sha256(_read(file, None)).hexdigest()


def cache_dir() -> Path:
    """The cache folder: ``BOT_CORE_CACHE_DIR``, or the user cache directory (the folder
    :func:`pooch.os_cache` names, from :mod:`platformdirs`, without importing pooch)."""
    import platformdirs

    return Path(os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("bot_core"))


def mirror_candidates(ds: Dataset, mirror: str) -> list[Path]:
    """Where a mirror holds ``ds``: ``<mirror>/<source>/<file>``, or ``<mirror>/<file>`` (a folder of
    one source, such as the older single peacesciencer mirror)."""
    root = Path(mirror).expanduser()
    return [root / ds.source / ds.file, root / ds.file]


def fetch(ds: Dataset) -> Path:
    """Local path of the verified file ``ds`` (mirror first, then cache, then download)."""
    return fetch_verified(ds).path


def fetch_verified(ds: Dataset) -> Verified:
    """The verified bytes of ``ds`` and where they were read (mirror first, then cache, then download)."""
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        for candidate in mirror_candidates(ds, mirror):
            if _in_mirror(ds, candidate):
                return _verified(ds, candidate, _mirror_mismatch)
    return _verified(ds, _download(ds, mirror), _cache_mismatch)


def _in_mirror(ds: Dataset, candidate: Path) -> bool:
    """Whether the mirror holds a file at ``candidate``; an error if something is there that cannot be
    read as one (a folder, a device) or that this user may not look at."""
    try:
        mode = candidate.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as err:
        raise DataUnavailableError(_unreadable(ds, candidate, err, in_mirror=True)) from err
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise DataUnavailableError(
            f"cannot read data set {ds.name!r}: {candidate} is {what}, where the mirror ({MIRROR_ENV}) should hold "
            f"the file {ds.file}. Replace it with the file from {ds.url}, or point {MIRROR_ENV} at a complete "
            f"mirror (e.g. `export {MIRROR_ENV}={MIRROR_EXAMPLE}`)."
        )
    return True


def _verified(ds: Dataset, file: Path, mismatch) -> Verified:
    """The bytes of ``file``, read once, if their SHA-256 is the registry's; else ``mismatch``'s error."""
    data = _read(file, ds)
    found = hashlib.sha256(data).hexdigest()
    if found != ds.sha256:
        raise DataIntegrityError(mismatch(ds, file, found))
    return Verified(file, data)


def _mirror_mismatch(ds: Dataset, file: Path, found: str) -> str:
    return (
        f"{file} does not match the registry: its SHA-256 is {found}, the registry "
        f"expects {ds.sha256}. The mirror named by {MIRROR_ENV} holds a different or corrupted "
        f"copy: replace it with the file from {ds.url}, or unset {MIRROR_ENV} to download it."
    )


def _cache_mismatch(ds: Dataset, file: Path, found: str) -> str:
    return (
        f"{file} does not match the registry: its SHA-256 is {found}, the registry expects {ds.sha256}. "
        f"The cached copy changed after it was checked (another program is writing to the cache?): delete "
        f"it and load {ds.name!r} again to download it anew."
    )


def _read(file: Path, ds: Dataset | None) -> bytes:
    try:
        return file.read_bytes()
    except OSError as err:
        raise DataUnavailableError(_unreadable(ds, file, err, in_mirror=False)) from err


def _reason(err: OSError) -> str:
    return f"{err.strerror or err} ({type(err).__name__})"


def _unreadable(ds: Dataset | None, file: Path, err: OSError, in_mirror: bool) -> str:
    what = f"data set {ds.name!r} ({ds.file}, source {ds.source!r})" if ds else str(file.name)
    if err.errno in (errno.EACCES, errno.EPERM):
        fix = (f"This user may not read it or enter one of its folders: check the permissions "
               f"(e.g. `ls -ld {file.parent}` and `chmod a+rX` it)")
    elif err.errno == errno.EISDIR:
        fix = f"A folder stands where the file should be: replace it with the file from {ds.url if ds else 'its URL'}"
    else:
        fix = "The system could not read it (a disk or file-system error?): check the disk, or replace the file"
    other = (f"or point {MIRROR_ENV} at another copy of the mirror (e.g. `export {MIRROR_ENV}={MIRROR_EXAMPLE}`)"
             if in_mirror or os.environ.get(MIRROR_ENV) else
             f"or delete the file so that it is downloaded again, or set {CACHE_ENV} to another folder")
    return f"cannot read {what} from {file}: {_reason(err)}. {fix}, {other}."


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
    except OSError as err:
        if err.filename is None:  # no network, refused, HTTP error (requests' errors are OSErrors)
            raise DataUnavailableError(_unavailable(ds, mirror, cache, err)) from err
        raise DataUnavailableError(  # the cache: a folder that cannot be made, written or read
            f"cannot keep data set {ds.name!r} ({ds.file}) in the cache folder {cache}: {_reason(err)} on "
            f"{err.filename}. Set {CACHE_ENV} to a folder this user can write to, or point {MIRROR_ENV} at a "
            f"mirror (e.g. `export {MIRROR_ENV}={MIRROR_EXAMPLE}`)."
        ) from err
    except Exception as err:  # any other failure of the download
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
