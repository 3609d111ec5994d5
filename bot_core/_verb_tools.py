"""Moved: the verbs' shared steps live in ``bot_core.panel._tools`` (issue 17); this module keeps the
old import path working."""

from bot_core.panel._tools import *  # noqa: F401,F403
from bot_core.panel._tools import __all__, _dyad_key, _positions, _state_key, _suffix, _take, lookup  # noqa: F401
