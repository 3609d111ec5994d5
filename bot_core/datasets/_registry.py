"""The registry: one row per file bot_core can load (``bot_core/registry.tsv``)."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

REGISTRY_FILE = Path(__file__).parent.parent / "registry.tsv"
_COMMIT_IN_URL = re.compile(r"/([0-9a-f]{40})/")


@dataclass(frozen=True)
class Dataset:
    """One registered file.

    ``name`` (what :func:`~bot_core.datasets.load` takes), ``file`` (its file name), ``sha256``,
    ``bytes``, ``sources`` (BibTeX keys of the works to cite, original producers first),
    ``source`` (the source it belongs to, also its folder in the offline mirror), ``url`` (the
    file at a pinned commit), ``reader`` (how it is read, see ``_readers.READERS``), ``version``
    (as the producers state it; empty if they do not), ``distributor`` (BibTeX key of the package
    whose copy this is; empty if none) and ``terms`` (the terms of use).
    """

    name: str
    file: str
    sha256: str
    bytes: int
    sources: tuple[str, ...]
    source: str = "peacesciencer"
    url: str = ""
    reader: str = "rda"
    version: str = ""
    distributor: str = ""
    terms: str = ""

    @property
    def commit(self) -> str:
        """The commit the URL pins (40 hex digits), or "" if it pins none."""
        found = _COMMIT_IN_URL.search(self.url)
        return found.group(1) if found else ""


def _row(r: dict[str, str]) -> Dataset:
    return Dataset(
        name=r["name"], file=r["file"], sha256=r["sha256"], bytes=int(r["bytes"]),
        sources=tuple(r["sources"].split()), source=r["source"], url=r["url"], reader=r["reader"],
        version=r["version"], distributor=r["distributor"], terms=r["terms"],
    )


@functools.cache
def registry() -> dict[str, Dataset]:
    """Every registered file by name, read once from ``registry.tsv`` (``#`` lines are comments)."""
    with open(REGISTRY_FILE, newline="", encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {r["name"]: _row(r) for r in rows}


def names() -> list[str]:
    """The names of every registered data set, sorted."""
    return sorted(registry(), key=str.lower)


def sources() -> list[str]:
    """The registered sources (mirror folders), in registry order."""
    return list(dict.fromkeys(ds.source for ds in registry().values()))


def info(name: str) -> Dataset:
    """The registry entry of ``name``; raises :class:`KeyError` listing the known names."""
    try:
        return registry()[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown data set {name!r}. Known data sets: {', '.join(names())}") from None
