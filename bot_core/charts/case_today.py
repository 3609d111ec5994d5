"""The old name of :mod:`bot_core.charts.yearly_series` (the present-day cases' figures (criteria and series by year)), kept so that old imports work.

``bot_core.charts.case_today`` is the very module ``bot_core.charts.yearly_series``: every name, public or
private, is reached under either path.
"""

import sys

from bot_core.charts import yearly_series as _module

sys.modules[__name__] = _module
