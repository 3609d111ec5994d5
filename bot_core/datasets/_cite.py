"""Citations: the registry's BibTeX keys, formatted from ``bot_core/data_sources.bib``."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bot_core.datasets._registry import info

BIB_FILE = Path(__file__).parent.parent / "data_sources.bib"
_FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$")


@functools.cache
def bibliography() -> dict[str, dict[str, str]]:
    """Every entry of ``data_sources.bib`` by key: its type and fields (one field per line)."""
    entries: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in BIB_FILE.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^@(\w+)\{([^,]+),", line)
        if head:
            current = {"type": head.group(1).lower()}
            entries[head.group(2)] = current
        elif current is not None and (m := _FIELD.match(line)):
            current[m.group(1).lower()] = m.group(2)
    return entries


def _plain(text: str) -> str:
    text = text.replace('{\\"u}', "ü").replace("{\\aa}", "å").replace("--", "–")
    return re.sub(r"[{}]", "", text)


def _authors(field: str) -> str:
    people = [p.strip() for p in field.split(" and ")]
    return _plain(people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1])


def _place(e: dict[str, str]) -> str:
    """"Address: Publisher." or "Publisher." (or the institution), "" if none is given."""
    who = e.get("publisher") or e.get("institution") or e.get("organization")
    if not who:
        return ""
    return (f"{_plain(e['address'])}: " if "address" in e else "") + f"{_plain(who)}."


def _journal(e: dict[str, str]) -> str:
    where = _plain(e["journal"])
    if "volume" in e:
        where += f" {e['volume']}" + (f"({e['number']})" if "number" in e else "")
    if "pages" in e:
        where += f": {_plain(e['pages'])}"
    return where + "."


def format_entry(key: str) -> str:
    """One reference, in the book's style: authors (year). Title. Where. doi or URL."""
    e = bibliography()[key]
    who = _authors(e["author"])
    who = f"{who} ({e['year']})" if "year" in e else who.rstrip(".")
    parts = [f"{who}. {_plain(e['title'])}."]
    if "journal" in e:
        parts.append(_journal(e))
    elif "booktitle" in e:
        pages = f", {_plain(e['pages'])}" if "pages" in e else ""
        parts.append(f"In {_plain(e['booktitle'])}, edited by {_authors(e['editor'])}{pages}. {_place(e)}")
    elif _place(e):
        parts.append(_place(e))
    if "doi" in e:
        parts.append(f"doi:{e['doi']}")
    elif "url" in e:
        parts.append(e["url"])
    return " ".join(parts)


def keys(name: str) -> list[str]:
    """The BibTeX keys :func:`citation` lists for ``name``: its sources, then its distributor."""
    ds = info(name)
    found = list(ds.sources)
    if ds.distributor and ds.distributor not in found:
        found.append(ds.distributor)
    return found


def citation(name: str) -> str:
    """The references to cite for data set ``name``, one per line.

    The original sources come first. Where the file is a package's copy (peacesciencer, isard),
    the last line credits that package, with the commit and file that were loaded. The BibTeX
    entries are in ``bot_core/data_sources.bib``.
    """
    ds = info(name)
    lines = [format_entry(k) for k in keys(name)]
    if ds.distributor:
        lines[-1] = f"Distributed with: {lines[-1]} (commit {ds.commit[:7]}, file {ds.file})"
    return "\n".join(lines)
