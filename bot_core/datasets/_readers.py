"""The readers: the registry's ``reader`` column names one of :data:`READERS`.

A reader takes the verified local file and its registry entry and returns a tidy frame. The
generic ones read a format and apply :func:`bot_core.datasets._tidy.tidy`; a source whose files
need more (dates from parts, spells to years) has one module of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bot_core.datasets import _formats, _tidy, atop, icb, peace_scale, unga
from bot_core.datasets._errors import DataError


def read_rda(file: Path, ds) -> pd.DataFrame:
    """An R data file, tidied by the COW rules (``-9`` missing in whole-number columns)."""
    return _tidy.tidy(_formats.read_rda(file, ds.name))


def read_csv(file: Path, ds) -> pd.DataFrame:
    """A CSV file with a header, tidied with no missing-value code."""
    return _tidy.tidy(_formats.read_csv(file), missing_code=None)


def not_a_frame(file: Path, ds) -> pd.DataFrame:
    """Documentation (a codebook, a readme): there is no frame to load."""
    raise DataError(f"{ds.name!r} ({ds.file}) is not a data frame; open the file itself, whose location "
                    f"bot_core.datasets.path({ds.name!r}) gives.")


READERS = {
    "rda": read_rda,
    "csv": read_csv,
    "document": not_a_frame,
    "atop_treaties": atop.read_treaties,
    "atop_members": atop.read_members,
    "icb_actors": icb.read_actors,
    "icb_crises": icb.read_crises,
    "peace_spells": peace_scale.read_spells,
    "peace_year_means": peace_scale.read_year_means,
    "unga": unga.read,
}


def read(file: Path, ds) -> pd.DataFrame:
    """The tidy frame of the verified ``file`` registered as ``ds``."""
    try:
        reader = READERS[ds.reader]
    except KeyError:
        raise DataError(
            f"registry.tsv gives {ds.name!r} the reader {ds.reader!r}, which does not exist; "
            f"use one of {', '.join(READERS)}."
        ) from None
    return reader(file, ds)
