"""The old name of :mod:`bot_core.charts.regional_events` (the regional cases' figures (onsets by label, pledges, rates around an event)), kept so that old imports work.

``bot_core.charts.case_regions`` is the very module ``bot_core.charts.regional_events``: every name, public or
private, is reached under either path.
"""

import sys

from bot_core.charts import regional_events as _module

sys.modules[__name__] = _module
