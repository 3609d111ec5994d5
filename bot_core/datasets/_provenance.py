"""Provenance: where each data set comes from, what it holds, its terms, read from the registry."""

from __future__ import annotations

import pandas as pd

from bot_core.datasets import _cite, _registry
from bot_core.datasets._errors import DataError, DataIntegrityError, DataUnavailableError

#: Columns that date the spells of a frame with no ``year`` column (besides its date columns).
_SPELL_YEARS = ("styear", "endyear", "start", "end")

PROVENANCE_COLUMNS = (
    "name", "file", "sha256", "url", "bytes", "rows", "columns", "column_names",
    "first_year", "last_year", "year_columns", "bibtex_keys", "citation", "used",
    "source", "version", "terms",
)


def year_coverage(frame: pd.DataFrame) -> tuple[object, object, str]:
    """First and last year in ``frame``, and the columns they come from ("" and ``<NA>`` if none).

    A ``year`` column is used alone; otherwise every spell column (``styear``, ``endyear``,
    ``start``, ``end``) and every date column, by the year of its dates.
    """
    if "year" in frame.columns:
        columns = ["year"]
    else:
        columns = [
            c for c in frame.columns
            if c in _SPELL_YEARS or pd.api.types.is_datetime64_any_dtype(frame[c])
        ]
    years = []
    for c in columns:
        s = frame[c]
        s = s.dt.year if pd.api.types.is_datetime64_any_dtype(s) else s
        years.append(pd.to_numeric(s, errors="coerce").dropna())
    found = pd.concat(years) if years else pd.Series(dtype="float64")
    if found.empty:
        return pd.NA, pd.NA, ""
    return int(found.min()), int(found.max()), ", ".join(columns)


def _shape(frame: pd.DataFrame | None) -> dict:
    if frame is None:
        return {"rows": pd.NA, "columns": pd.NA, "column_names": "", "first_year": pd.NA,
                "last_year": pd.NA, "year_columns": ""}
    first, last, year_columns = year_coverage(frame)
    return {"rows": frame.shape[0], "columns": frame.shape[1],
            "column_names": ", ".join(map(str, frame.columns)),
            "first_year": first, "last_year": last, "year_columns": year_columns}


def row(name: str, load, used: tuple[str, ...]) -> dict:
    """The provenance row of ``name``; ``load`` is :func:`bot_core.datasets.load`."""
    ds = _registry.info(name)
    try:
        frame = load(ds.name)
    except (DataIntegrityError, DataUnavailableError):
        raise
    except DataError:  # the file holds something other than one data frame
        frame = None
    return {
        "name": ds.name, "file": ds.file, "sha256": ds.sha256, "url": ds.url, "bytes": ds.bytes,
        **_shape(frame),
        "bibtex_keys": ", ".join(_cite.keys(ds.name)), "citation": _cite.citation(ds.name),
        "used": ds.name in used, "source": ds.source, "version": ds.version, "terms": ds.terms,
    }


def table(rows: list[dict]) -> pd.DataFrame:
    """The provenance frame of ``rows``, with its column types."""
    out = pd.DataFrame(rows, columns=PROVENANCE_COLUMNS)
    for col in ("rows", "columns", "first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    out["bytes"] = out["bytes"].astype("int64")
    out["used"] = out["used"].astype(bool)
    return out


def _repository(url: str) -> str:
    """``owner/name`` of a raw.githubusercontent.com URL (the URL itself for any other host)."""
    head, _, rest = url.partition("raw.githubusercontent.com/")
    return "/".join(rest.split("/")[:2]) if rest else url


def sources_table() -> pd.DataFrame:
    """One row per source, in registry order: ``source`` (its mirror folder), ``names`` (its data
    sets), ``versions`` (as the producers state them; empty if they do not), ``terms`` (of use),
    ``bibtex_keys`` and ``references`` (the works to cite for its files, formatted, one per line,
    the distributing package last), ``repositories`` (``owner/name@commit`` its files are fetched
    from)."""
    rows = []
    for source in _registry.sources():
        members = [ds for ds in _registry.registry().values() if ds.source == source]
        distributors = [ds.distributor for ds in members if ds.distributor]
        keys = dict.fromkeys([k for ds in members for k in ds.sources if k not in distributors] + distributors)
        repos = dict.fromkeys(f"{_repository(ds.url)}@{ds.commit[:7]}" for ds in members)
        rows.append({
            "source": source, "names": ", ".join(ds.name for ds in members),
            "versions": "; ".join(dict.fromkeys(ds.version for ds in members if ds.version)),
            "terms": "; ".join(dict.fromkeys(ds.terms for ds in members)),
            "bibtex_keys": ", ".join(keys), "references": "\n".join(map(_cite.format_entry, keys)),
            "repositories": ", ".join(repos),
        })
    return pd.DataFrame(rows)
