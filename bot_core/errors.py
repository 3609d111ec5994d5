"""The errors :mod:`bot_core` raises, in one place, under one base class.

Every error the package raises on purpose is a :class:`BotCoreError`, so a reader can catch them all
at once (``except bot_core.BotCoreError``). Each one also keeps the built-in base it has always had,
so code written against earlier versions keeps working: a :class:`PanelError` is still a
:class:`ValueError`, an :class:`ArgumentError` still both a :class:`ValueError` and a
:class:`TypeError`.

=============================  ======================================  =====================
error                          raised by                               built-in base(s)
=============================  ======================================  =====================
:class:`ArgumentError`         argument checks across the package      ValueError, TypeError
:class:`DataError`             :mod:`bot_core.datasets` (reading)      Exception
:class:`DataIntegrityError`    a file's hash does not match            (a DataError)
:class:`DataUnavailableError`  a file cannot be found or read          (a DataError)
:class:`PanelError`            :mod:`bot_core.panel` and its verbs     ValueError
:class:`AllianceError`         :mod:`bot_core.alliances`               ValueError
:class:`CuratedEventsError`    :mod:`bot_core.cases` (curated events)  ValueError
:class:`LaiReiterError`        :mod:`bot_core.lai_reiter`              ValueError
:class:`WaltError`             :mod:`bot_core.walt_middle_east`        ValueError
=============================  ======================================  =====================

The modules that raise them import them from here, and each class is still reachable where it was
first defined (``bot_core.panel.PanelError``, ``bot_core.datasets.DataError``, ...).
"""

from __future__ import annotations

__all__ = [
    "AllianceError",
    "ArgumentError",
    "BotCoreError",
    "CuratedEventsError",
    "DataError",
    "DataIntegrityError",
    "DataUnavailableError",
    "LaiReiterError",
    "PanelError",
    "WaltError",
]


class BotCoreError(Exception):
    """Base class of every error :mod:`bot_core` raises on purpose; the message says what is wrong
    and how to fix it."""


class ArgumentError(BotCoreError, ValueError, TypeError):
    """An argument is not what the function needs; the message names it and says how to fix it.

    A subclass of both :class:`ValueError` and :class:`TypeError`, so that code catching either
    (as earlier versions of :mod:`bot_core` raised one or the other) still catches it.
    """


class DataError(BotCoreError):
    """A data file cannot be used: the base of the errors :mod:`bot_core.datasets` raises."""


class DataIntegrityError(DataError):
    """A file's SHA-256 does not match the registry."""


class DataUnavailableError(DataError):
    """A file is neither in the mirror nor in the cache and could not be downloaded, or it is there
    and cannot be read (permission denied, a folder in its place, a disk error); the message names
    the file, the reason and the fix."""


class PanelError(BotCoreError, ValueError):
    """A panel, or an argument describing one, is not what a function needs."""


class AllianceError(BotCoreError, ValueError):
    """An argument to a function of :mod:`bot_core.alliances` is not what it needs."""


class CuratedEventsError(BotCoreError, ValueError):
    """One of the book's own data files (the curated events, ``data/curated_events.csv``, or the
    documented threats, ``data/documented_threats.csv``) breaks its schema; the message names the
    file, the row and the field."""


class LaiReiterError(BotCoreError, ValueError):
    """An argument to :mod:`bot_core.lai_reiter` is not what it needs."""


class WaltError(BotCoreError, ValueError):
    """An argument to :mod:`bot_core.walt_middle_east` is not what it needs."""
