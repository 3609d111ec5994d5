"""bot_core: balance-of-threat theory on real data.

Modules, one idea each:

* :mod:`bot_core.datasets` -- the research data, fetched by URL, verified by hash, tidied;
* :mod:`bot_core.panel` -- units of analysis (state-years, dyad-years) and verbs that add columns;
* :mod:`bot_core.alliances` -- ATOP at the treaty level: obligations, named threats, members in
  force, alliance events;
* :mod:`bot_core.geography` -- great-circle distance;
* :mod:`bot_core.criteria` -- Walt's four sources of threat, for every directed dyad-year;
* :mod:`bot_core.threat` -- the threat index (weights, functional form) and
  :func:`~bot_core.threat.top_threats`;
* :mod:`bot_core.theories` -- each theory's principal danger for every state-year, bandwagoning;
* :mod:`bot_core.evaluate` -- alliance onsets classified, both theories scored, the weight sweep;
* :mod:`bot_core.validate` -- the threat index scored against independent evidence of who feared
  whom (ATOP named threats, ICB triggers, rivals, war opponents, the peace scale), beside baselines;
* :mod:`bot_core.choice` -- treaty-level partner choices: a conditional logit with the four threat
  weights estimated, a block bootstrap by treaty, out-of-sample scores against rival models;
* :mod:`bot_core.named` -- the treaties that name their threat: which theory points at the named state;
* :mod:`bot_core.hegemony` -- Levy and Thompson's test (great powers against a would-be hegemon), replicated;
* :mod:`bot_core.lai_reiter` -- regime similarity and alliance formation by dyad-year, after Lai and Reiter;
* :mod:`bot_core.walt_middle_east` -- Walt's Middle East 1955-1979 at the treaty level, each theory's call;
* :mod:`bot_core.selection` -- the specification chosen on one era and reported on the other;
* :mod:`bot_core.stats` -- the statistics the figures draw: Wilson intervals, rates by group, each
  side of an alliance onset, where the theories agree;
* :mod:`bot_core.charts` -- altair chart builders (they return charts, they do not draw);
* :mod:`bot_core.rendering` -- shows altair charts with no CDN (the book's pages and Jupyter);
* :mod:`bot_core.errors` -- the errors the package raises, all under :class:`~bot_core.errors.BotCoreError`.
"""

from bot_core import criteria, datasets, errors, panel, threat
from bot_core.errors import BotCoreError
from bot_core.threat import top_threats

# The version of the book and of this library: the one place it is set (pyproject.toml reads it;
# CITATION.cff and the top heading of CHANGELOG.md must agree, tests/book/test_book_meta.py).
__version__ = "0.7.0"
__all__ = ["BotCoreError", "criteria", "datasets", "errors", "panel", "threat", "top_threats", "__version__"]
