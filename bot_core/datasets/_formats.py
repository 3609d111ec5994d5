"""Readers per file format: an R data file, a CSV file (with or without a byte-order mark)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bot_core.datasets._errors import DataError


def read_rda(file: Path, name: str) -> pd.DataFrame:
    """The one data frame an ``.rda`` file holds (numbers arrive as float64, text as text)."""
    import pyreadr

    try:
        frames = pyreadr.read_r(str(file))
    except Exception as err:  # pyreadr and librdata raise their own error types
        raise DataError(f"{name!r} ({file.name}) is not an R data frame pyreadr can read: {err}") from err
    if len(frames) != 1:
        raise DataError(f"{file.name} holds {len(frames)} R objects; bot_core expects one data frame.")
    (frame,) = frames.values()
    return frame


def read_csv(file: Path, **options) -> pd.DataFrame:
    """A CSV file with a header row; a UTF-8 byte-order mark, if any, is dropped (``utf-8-sig``),
    so the first column keeps its plain name. ``options`` go to :func:`pandas.read_csv`."""
    return pd.read_csv(file, encoding="utf-8-sig", **options)


def read_lines(file: Path) -> list[list[str]]:
    """A header-less, ragged CSV file as lists of fields, trailing empty fields removed."""
    rows = []
    for line in file.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split(",")
        while fields and fields[-1].strip() == "":
            fields.pop()
        if fields:
            rows.append(fields)
    return rows
