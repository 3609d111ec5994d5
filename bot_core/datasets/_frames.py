"""A local cache of decoded, tidied frames, so that repeated loads skip decoding ``.rda`` files.

A frame is stored (pickled) under the cache folder (``<BOT_CORE_CACHE_DIR>/frames/``), named by
the SHA-256 of the verified file it was read from, the reader and a digest of the reading code
(this package's modules). A changed file has another hash and a changed reader another digest, so
a stale frame is never read. The file itself is still fetched and its hash checked on every
load; only the decoding is skipped. A frame is decoded from the very bytes that were hashed
(:meth:`bot_core.datasets._fetch.Verified.private_copy`). Set ``BOT_CORE_FRAME_CACHE=0`` to switch the cache off. A
cached frame that cannot be read is ignored and written again; storing a frame removes the frames
of the same file that older code wrote.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

from bot_core.datasets import _fetch

#: Environment variable: "0" switches the frame cache off.
FRAME_CACHE_ENV = "BOT_CORE_FRAME_CACHE"
_HERE = Path(__file__).parent


@functools.cache
def code_digest() -> str:
    """A digest of the modules that read and tidy files (any edit to them changes it)."""
    h = hashlib.sha256(pd.__version__.encode())
    for module in sorted(_HERE.glob("*.py")):
        h.update(module.name.encode() + module.read_bytes())
    return h.hexdigest()[:16]


def frame_file(ds) -> Path:
    """Where the frame of ``ds`` is cached."""
    return _fetch.cache_dir() / "frames" / f"{ds.sha256}-{ds.reader}-{code_digest()}.pkl"


def enabled() -> bool:
    """Whether the frame cache is on (``BOT_CORE_FRAME_CACHE`` is not "0")."""
    return os.environ.get(FRAME_CACHE_ENV, "1") != "0"


def cached(ds, verified: _fetch.Verified, read) -> pd.DataFrame:
    """The frame of ``ds``: from the cache, or ``read(file, ds)`` of a private copy of the
    ``verified`` bytes (the bytes whose hash was checked, never the file read again) and stored."""
    if not enabled():
        return _parse(ds, verified, read)
    target = frame_file(ds)
    if target.is_file():
        try:
            with open(target, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # truncated or unreadable: read the data file again
            pass
    frame = _parse(ds, verified, read)
    _store(frame, target)
    return frame


def _parse(ds, verified: _fetch.Verified, read) -> pd.DataFrame:
    with verified.private_copy() as copy:
        return read(copy, ds)


def _store(frame: pd.DataFrame, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as fh:
            pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, target)
        for stale in target.parent.glob(target.name.rsplit("-", 1)[0] + "-*.pkl"):
            if stale != target:  # the same file read by older code: never read again
                stale.unlink(missing_ok=True)
    except OSError:  # a read-only cache is not an error: the frame is simply not kept
        pass
