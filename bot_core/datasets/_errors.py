"""The errors :mod:`bot_core.datasets` raises."""


class DataError(Exception):
    """Base class of the errors this package raises."""


class DataIntegrityError(DataError):
    """A file's SHA-256 does not match the registry."""


class DataUnavailableError(DataError):
    """A file is neither in the mirror nor in the cache and could not be downloaded, or it is there
    and cannot be read (permission denied, a folder in its place, a disk error); the message names
    the file, the reason and the fix."""
