"""bot_core: balance-of-threat theory on real data.

Modules, one idea each:

* :mod:`bot_core.datasets` -- the research data, fetched by URL, verified by hash, tidied;
* :mod:`bot_core.panel` -- units of analysis (state-years, dyad-years) and verbs that add columns;
* :mod:`bot_core.geography` -- great-circle distance;
* :mod:`bot_core.charts` -- altair chart builders (they return charts, they do not draw);
* :mod:`bot_core.rendering` -- shows altair charts with no CDN (the book's pages and Jupyter).
"""

from bot_core import datasets

__version__ = "0.1.0"
__all__ = ["datasets", "__version__"]
