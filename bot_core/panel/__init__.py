"""Units of analysis and the verbs that add columns to them.

The idea is peacesciencer's (Miller 2022), written for pandas: a *create* function makes the
unit of analysis, and each ``add_*`` verb adds one documented group of columns from one source::

    from bot_core import panel
    ddy = (panel.dyad_years(1946, 1991)
           .pipe(panel.add_capabilities)
           .pipe(panel.add_capital_distance)
           .pipe(panel.add_contiguity)
           .pipe(panel.add_alliances))

Panels
    A *state-year* panel has integer columns ``ccode`` and ``year``; a *dyad-year* panel has
    ``ccode1``, ``ccode2`` and ``year`` (directed: state 1 is the one whose view we take, so
    ``(2, 365, 1950)`` and ``(365, 2, 1950)`` are different rows). Any other columns are kept.

Rules every verb follows
    * it returns a new DataFrame with the same rows, in the same order, with the same index;
    * it checks the panel first: the key columns exist, hold integers with no missing values, lie
      in the COW state system's years (:data:`FIRST_YEAR`–:data:`LAST_YEAR`), and every state is a
      system member in that year; otherwise it raises :class:`PanelError` saying what is wrong;
    * it refuses to overwrite a column the panel already has;
    * where the source says "nothing" (no alliance, no dispute, no direct contiguity) the value is 0;
      where the source does not cover a year (CShapes before 1886, MIDs after 2014) or has a gap,
      the value is missing (``NaN`` / ``<NA>``), never 0.

Modules (one per family; every name is re-exported here, so ``panel.add_wars(df)`` works)
    ``panel.units`` (:func:`state_years`, :func:`dyad_years`);
    ``panel.capabilities`` (:func:`add_capabilities`, :func:`add_major_powers`);
    ``panel.geography`` (:func:`add_capital_distance`, :func:`add_contiguity`,
    :func:`add_min_distance`); ``panel.alliances`` (:func:`add_alliances`);
    ``panel.conflict`` (:func:`add_disputes`, :func:`add_crises`, :func:`add_wars`);
    ``panel.affinity`` (:func:`add_democracy`, :func:`add_un_affinity`);
    ``panel.economy`` (:func:`add_gdp`, :func:`add_trade`);
    ``panel.rivalry`` (:func:`add_rivalries`, :func:`add_peace_scale`,
    :func:`add_arms_races`); ``panel.codes`` (country codes as each source writes
    them). Private: ``_keys`` (the keys and lookups that ``criteria``, ``theories`` and
    ``evaluate`` import too), ``_checks`` (the checks every verb runs first), ``_tools`` (steps
    shared by verbs).

Each verb's docstring has the sections Columns, Coverage, References and Examples; the examples
run as doctests (``tests/panel/test_doctests.py``).
"""

from __future__ import annotations

# The private helpers other modules of bot_core reach through ``panel._name`` (choice, lai_reiter,
# theories, criteria, ...): kept importable from here.
from bot_core.panel._checks import PanelError, _check_span, _kind, _some, _suffix, _with  # noqa: F401
from bot_core.panel._keys import (  # noqa: F401
    FIRST_YEAR,
    LAST_YEAR,
    _DyadLookup,
    _dyad_key,
    _dyad_slots,
    _member_keys,
    _member_slots,
    _membership,
    _positions,
    _sorted_unique,
    _state_key,
    _state_numbers,
    _state_positions,
    _state_slots,
    _take,
)
from bot_core.panel.affinity import add_democracy, add_un_affinity
from bot_core.panel.alliances import (  # noqa: F401
    ALLIANCE_DIRECTIONS,
    ATOP_TYPES,
    _alliance_lookup,
    _alliances_by_dyad_year,
    add_alliances,
)
from bot_core.panel.capabilities import NMC_COMPONENTS, _major_keys, add_capabilities, add_major_powers  # noqa: F401
from bot_core.panel.conflict import MID_YEARS, _disputes_by_dyad_year, add_crises, add_disputes, add_wars  # noqa: F401
from bot_core.panel.codes import GW_TO_COW, gw_to_cow
from bot_core.panel.economy import add_gdp, add_trade
from bot_core.panel.geography import (  # noqa: F401
    MINDIST_YEARS,
    _capital_by_state_year,
    _capital_distance,
    _capital_places,
    _contiguity,
    _contiguity_by_dyad_year,
    _contiguity_lookup,
    _min_distance,
    add_capital_distance,
    add_contiguity,
    add_min_distance,
)
from bot_core.panel.rivalry import add_arms_races, add_peace_scale, add_rivalries
from bot_core.panel.units import dyad_years, state_years

# The constants of ``__all__``, named again here with their comments so that the reference documents them.
#: First and last year of the COW state system (v2016) that every panel lives in.
FIRST_YEAR, LAST_YEAR = FIRST_YEAR, LAST_YEAR
#: The National Material Capabilities columns, in NMC's order, and CINC.
NMC_COMPONENTS = NMC_COMPONENTS
#: The ways :func:`add_alliances` reads ATOP's directed pledges onto a dyad.
ALLIANCE_DIRECTIONS = ALLIANCE_DIRECTIONS
#: Gleditsch-Ward codes that COW numbers differently, ``gw -> (cow, from)`` (see :func:`gw_to_cow`).
GW_TO_COW = GW_TO_COW

__all__ = [
    "ALLIANCE_DIRECTIONS",
    "FIRST_YEAR",
    "GW_TO_COW",
    "LAST_YEAR",
    "NMC_COMPONENTS",
    "PanelError",
    "add_alliances",
    "add_arms_races",
    "add_capabilities",
    "add_capital_distance",
    "add_contiguity",
    "add_crises",
    "add_democracy",
    "add_disputes",
    "add_gdp",
    "add_major_powers",
    "add_min_distance",
    "add_peace_scale",
    "add_rivalries",
    "add_trade",
    "add_un_affinity",
    "add_wars",
    "dyad_years",
    "gw_to_cow",
    "state_years",
]
