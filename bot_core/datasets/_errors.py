"""The errors :mod:`bot_core.datasets` raises (defined in :mod:`bot_core.errors`, under
:class:`bot_core.errors.BotCoreError`)."""

from bot_core.errors import DataError, DataIntegrityError, DataUnavailableError

__all__ = ["DataError", "DataIntegrityError", "DataUnavailableError"]
