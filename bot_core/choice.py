"""Who allies with whom: a partner-choice model of alliance treaties, with the threat weights estimated.

Walt (1987) says states ally against threats, and names four sources of threat. The book's first
test (:mod:`bot_core.evaluate`) scored argmax rules on dyad onsets; this module asks the question as
a choice: when a state enters a treaty, which of the states it could have chosen did it choose, and
do the sources of threat -- weighted as the data, not the authors, weigh them -- help predict the
choice beyond geography and affinity? It gives the data (:func:`choice_data`), a conditional logit
with the four weights inside the likelihood (:func:`fit`), a block bootstrap by treaty
(:func:`bootstrap`), out-of-sample scores (:func:`score`, :func:`out_of_sample`, :func:`pr_auc`,
:func:`predictions` for separation plots) and a
null that keeps geography (:func:`permute`, :func:`null_scores`).

The choices (units, alternatives, outcome)
    **Decisions.** ATOP's treaty events (:func:`bot_core.alliances.events`; Leeds et al. 2002): a
    treaty *signed* and a round of *accession* (states joining a treaty in force on one day). A
    treaty qualifies if any member undertakes one of the ``obligations`` (ATOP's five, default
    defence only; each type is meant to be analysed on its own). A treaty between states already
    allied is a decision like any other: Walt's Arab pacts of 1955-67 were signed between members of
    the Arab League.
    **Groups.** One group per (event, chooser): at a signature each founding member is a chooser
    and chose its co-founders; at an accession each acceding state is the chooser and chose the
    members in force on the day (the states acceding with it are not among its chosen partners, as
    :func:`bot_core.alliances.events` counts pairs). A chooser cannot be chosen by itself.
    **Alternatives.** ``alternatives="system"`` (default): every other member of the COW state
    system in the covariate year (:func:`bot_core.panel.dyad_years`). Any state could be asked, and
    narrowing the set by a rule would build part of the answer (who is reachable, who is near) into
    the question; the geography covariates are there to absorb it. ``alternatives="reach"``, for
    robustness: the chooser's COW region (:func:`bot_core.validate.region_of`), states within
    400 miles of its territory (``border_km``, COW's widest contiguity), and the COW major powers.
    A chosen partner outside the set is dropped from the group (counted in the report).
    **Covariate year.** The year before the event, ``t = year - 1``: a state chooses on what it saw,
    not on what the alliance brought about. A chooser new to the system in the event year is read in
    that year (the rule of :mod:`bot_core.evaluate`), so newly independent states are not lost (and
    the events of 1816, the system's first year, are read in 1816). A chooser that was a system
    member in neither year (West Germany's accession to NATO, dated 23 October 1954 by ATOP; COW
    counts it from 1955) is left out and counted; so are events whose covariate year falls outside
    1816-2016 (the criteria's years).
    **Weights.** Every group gets a weight so that one decision counts once in total: ``unit=
    "event"`` (default) gives each event weight 1 shared equally among its choosers; ``"treaty"``
    gives each treaty weight 1 over all its events; ``"chooser"`` gives each group weight 1 (the
    unweighted analysis). The Declaration by United Nations of 1942 is then one decision, not 352
    pairs (the referee's point, after Poast 2010 and Fordham & Poast 2016, who treat alliances as
    k-adic events).

Covariates, for chooser *i* and candidate *j*, read in year *t* (:data:`COVARIATES` documents each)
    **Threat from the partner**, ``x_ij``: the four criteria (:func:`bot_core.criteria.compute`
    with ``spec``) of *j* as a threat to *i*, each with a coefficient of its own
    (``beta_own_power`` ... ``beta_own_intent``). A positive coefficient on intentions or proximity
    means states ally with the states that threaten them: bandwagoning. (A positive coefficient
    on power says only that strong partners are sought, which balancing predicts as well.)
    **Threat shared from third parties**: ``S_ij(w)``, the cosine between *i*'s and *j*'s threat
    vectors over every third state *k* (not *i*, not *j*) with all criteria known towards both,
    ``S_ij(w) = sum_k T_ik T_jk / sqrt(sum_k T_ik**2 * sum_k T_jk**2)``, 0 to 1: 1 when *i* and *j*
    fear the same states in the same proportions, weighted as ``w`` weighs the criteria. It is
    Walt's balancing read continuously rather than as a shared argmax. Each sum is a quadratic form
    in ``w``, ``S_ij(w) = w'A_ij w / sqrt(w'B_i w * w'B_j w)`` with ``A_ij = sum_k x_ik x_jk'``,
    ``B_i = sum_k x_ik x_ik'``, ``B_j = sum_k x_jk x_jk'`` (4 x 4 each), so the three matrices are
    computed once per row (``shared`` in :class:`ChoiceData`) and ``S`` and its gradient cost a few
    dozen multiplications a row for any ``w`` (a small constant, ``COSINE_EPS``, is added to each
    squared norm: a perceiver that fears nobody under ``w`` shares nothing). Why not the plain
    product ``mean_k T_ik T_jk``, which is bilinear? Because a criterion that is a property of *k*
    alone (``power``, CINC over the year's largest, is the same for every perceiver) makes the
    product depend on *j* only through leaving *k = j* out of the mean: ``S`` becomes
    ``constant - power_j**2 / (n - 2)``, a disguised function of *j*'s power, and the fit on the real
    data put 90% of the weight on power for that reason alone. The cosine of two identical monadic
    vectors is 1 for every candidate, so a monadic criterion cannot pass for a shared threat.
    **Controls**: log CINC ratio, log capital distance, land and sea contiguity, same region, regime
    similarity, UN ideal-point distance, shared rival, and (not in the default models) an alliance
    in force in *t* and direct rivalry. **Balance-of-power readings**: Levy and Thompson's (2005)
    threshold (the hegemon, a major power holding at least a third of the major powers' military
    personnel, COW's nearest measure to their army sizes), the strongest neighbour, the weaker side
    of a rivalry, and the book's old argmax rule (a shared top threat at equal weights).

Missing values (the rule, and the report)
    A candidate with a missing criterion ``x_ij`` (a state-year with neither military expenditure
    nor personnel) or a missing capital distance is dropped from its group; a chosen partner so
    dropped is removed from the group's chosen set; a group left with no chosen partner, or with no
    unchosen one, is dropped. In ``S_ij`` a third party with a missing criterion towards *i* or *j*
    is left out of the mean. Regime similarity is 0 where either polyarchy score is missing, with
    ``regime_missing`` = 1 there. The UN distance exists from 1946: before 1946 ``un_distance`` and
    ``un_missing`` are 0 for every candidate (constant within a group, so they carry no weight in a
    conditional logit: the pre-1946 groups say nothing about the UN coefficient, which is what we
    know); from 1946 a candidate or chooser without an ideal point has ``un_distance`` 0 and
    ``un_missing`` 1. Every drop is counted in ``ChoiceData.report`` (nothing is dropped silently).

The model (:func:`fit`)
    A conditional logit (McFadden 1973): the utility of partner *j* to chooser *i* is
    ``beta_shared * S_ij(w) + beta_own . x_ij + gamma . Z_ij``, with the four weights ``w`` on
    the simplex, ``w = softmax(theta)`` (``theta`` bounded to [-20, 20], so a weight can reach
    about 1e-9 of another's, zero for every purpose). The weights enter through
    ``S`` alone: they are the weights of the threat that partners share, which is what Walt's
    balancing is about. (A first version also summed the partner's own criteria with the same
    ``w``; on the real data that term pulled the weights to a corner where every criterion was a
    property of the target alone, ``S`` was the same for every candidate and ``beta_shared`` was
    not identified.) A group with *k* chosen partners contributes
    *k* terms, each partner a choice among itself and the group's unchosen candidates (a composite
    likelihood; with one chosen partner it is the exact conditional likelihood); each term weighs
    the group's weight divided by *k*, so an event's terms sum to its weight. The exact conditional
    likelihood of a set of *k* (statsmodels' ``ConditionalLogit``) sums over every *k*-subset and
    models the set's size jointly with its members, which a treaty's membership (negotiated, not
    drawn) does not warrant. The maximisation is scipy's L-BFGS-B with the analytic gradient; the
    covariates are rescaled internally (coefficients are reported on the original scale).
    statsmodels fits the same likelihood for fixed weights and unit group weights (each term its
    own stratum), and ``tests/test_choice.py`` checks that both give the same coefficients and
    log-likelihood; it cannot put parameters inside a covariate nor weight groups, which is why the
    rest is written here.

Uncertainty (:func:`bootstrap`)
    Treaties are resampled with replacement (a block bootstrap by ATOP treaty: a treaty's events
    and choosers move together, since they are not independent decisions); each replicate reweights
    the groups by the number of times their treaty is drawn and is fitted from the point estimate.
    Percentile intervals.

Scores (:func:`score`)
    ``log_loss``: per group, the mean over its chosen partners of ``-log p`` (the term's
    probability above), averaged over groups with their weights; ``brier``: per group, the mean over
    candidates of ``(p_j - y_j)**2`` with ``p_j = 1 - (1 - pi_j)**k`` (the chance that *j* is among
    *k* draws from the group's choice probabilities ``pi``), averaged as the log loss; ``pr_auc``:
    the average precision of ``p_j`` over every candidate of every group (:func:`pr_auc`, weighted by
    the group weights). ``uniform`` beside them: the scores of a model that knows nothing (every
    candidate equally likely). Like the conditional logit itself, every score is conditional on the
    number of partners each chooser took (*k*): the model says which partners, not how many.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
from pathlib import Path
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from bot_core import _args, alliances, criteria, panel, validate
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.panel.affinity import UNGA_YEARS

__all__ = [
    "ALTERNATIVES", "CHOICE_SPEC", "COVARIATES", "KINDS", "MODELS", "SPLITS", "UNITS", "Bootstrap", "ChoiceData", "ChoiceFit",
    "HEGEMON_SHARE", "EDGE_WEIGHT", "bootstrap", "choice_data", "fit", "hegemons", "military_leaders", "by_obligation", "null_scores",
    "out_of_sample", "permute", "pr_auc", "predictions", "profile", "sandwich", "score", "shared_threat",
]

#: The decisions read from :func:`bot_core.alliances.events`.
KINDS = ("signed", "accession")
#: How each decision is weighted (see the module docstring).
UNITS = ("event", "treaty", "chooser")
#: The alternative sets (see the module docstring).
ALTERNATIVES = ("system", "reach")
#: The covariates of :func:`choice_data`, with what each measures (for chooser i, candidate j, year t).
COVARIATES = {
    "log_cinc_ratio": "log(CINC_j / CINC_i): j's capability relative to i's",
    "log_distance": "log(1 + km between the capitals)",
    "land_contiguity": "1 if i and j share a land border (COW direct contiguity type 1)",
    "sea_contiguity": "1 if separated by at most 400 miles of water (COW types 2-5)",
    "same_region": "1 if j is in i's COW region",
    "regime_similarity": "1 - |polyarchy_i - polyarchy_j| (V-Dem), 0 where missing",
    "regime_missing": "1 if either polyarchy score is missing",
    "un_distance": "|UN ideal point_i - ideal point_j| from 1946, 0 where missing or before 1946",
    "un_missing": "1 from 1946 where either ideal point is missing",
    "shared_rival": "1 if some state is a strategic rival (TSS) of both i and j",
    "rival": "1 if i and j are strategic rivals (TSS)",
    "allied": "1 if i and j share an ATOP alliance of any type in force in t",
    "lt_hegemon": "1 if j is the hegemon: a major power with >= 1/3 of the major powers' military personnel",
    "lt_coalition": "1 if a hegemon exists, neither i nor j is it, and j is a major power",
    "strongest_neighbour": "1 if j is the strongest (CINC) state within 400 miles of i's territory",
    "shared_strongest_neighbour": "1 if i and j have the same strongest neighbour (and j is not it)",
    "weaker_side": "1 if j is in a TSS rivalry with a state k (not i) stronger than j",
    "same_top_threat": "1 if i's and j's top threats at equal weights are the same state (the old argmax rule)",
}
_GEOGRAPHY = ("log_distance", "land_contiguity", "sea_contiguity", "same_region")
_AFFINITY = ("regime_similarity", "regime_missing", "un_distance", "un_missing")
#: The rival models: (covariates, whether the threat terms S and T are in the utility). ``"controls"``
#: is ``"threat"`` without S and T: the difference between the two is what the threat terms add.
MODELS = {
    "geography": (_GEOGRAPHY, False),
    "affinity": (_AFFINITY, False),
    "geography+affinity": (_GEOGRAPHY + _AFFINITY, False),
    "balance of power": (_GEOGRAPHY + _AFFINITY + ("log_cinc_ratio", "lt_hegemon", "lt_coalition",
                                                   "strongest_neighbour", "shared_strongest_neighbour", "weaker_side"),
                         False),
    "argmax rule": (_GEOGRAPHY + _AFFINITY + ("same_top_threat",), False),
    "controls": (_GEOGRAPHY + _AFFINITY + ("log_cinc_ratio", "shared_rival"), False),
    "threat": (_GEOGRAPHY + _AFFINITY + ("log_cinc_ratio", "shared_rival"), True),
}
#: The out-of-sample splits: (name, fitting years, scoring years), by event year.
SPLITS = (
    ("1816-1945 -> 1946-1991", (1816, 1945), (1946, 1991)),
    ("1816-1991 -> 1992-2018", (1816, 1991), (1992, alliances.LAST_YEAR)),
)
#: The criteria's specification the choice data use by default: the book's validated one
#: (:class:`bot_core.criteria.CriteriaSpec`) without its affinity discount. Affinity is in the
#: model as covariates of its own, and the discount's alliance component (an alliance in force the
#: year before) would put the outcome among the predictors.
CHOICE_SPEC = CriteriaSpec().replace(affinity_weight=0.0)
#: Border distance (km) within which a state is a neighbour: COW's widest contiguity, 400 miles.
NEIGHBOUR_KM = criteria.CONTIGUITY_KM[5]
#: Share of the major powers' military personnel that makes a hegemon (Levy & Thompson 2005).
HEGEMON_SHARE = 1 / 3
#: Bound on the softmax parameters of the weights.
THETA_BOUND = 20.0


# --- the data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceData:
    """Choice groups ready for :func:`fit`: one row per (group, candidate partner).

    Attributes
    ----------
    rows : pandas.DataFrame
        Sorted by ``group`` then ``candidate``. Columns: ``group`` (0, 1, ... in order), ``atopid``,
        ``event_id`` (the event's row in :func:`bot_core.alliances.events`), ``event``
        (``"signed"``/``"accession"``), ``date``, ``year`` (of the event), ``t`` (covariate year),
        ``chooser``, ``candidate`` (COW codes), ``chosen`` (0/1), ``weight`` (the group's weight),
        ``region`` (the candidate's COW region), the four criteria ``power`` ... ``intent`` (of the
        candidate as a threat to the chooser) and the covariates of :data:`COVARIATES`.
    shared : numpy.ndarray
        ``(len(rows), 3, 4, 4)``: per row, ``A_ij = sum_k x_ik x_jk'``, ``B_i = sum_k x_ik x_ik'``
        and ``B_j = sum_k x_jk x_jk'`` over the same third parties *k*, so that the shared threat is
        ``S_ij(w) = w'A_ij w / sqrt(w'B_i w * w'B_j w)`` (:func:`shared_threat`).
    report : pandas.DataFrame
        What was left out and why: one row per reason with a count (see the module docstring).
    settings : dict
        The arguments the data were built with.
    """

    rows: pd.DataFrame
    shared: np.ndarray
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["reason", "count"]))
    settings: dict = field(default_factory=dict)

    def __post_init__(self):
        _args.frame(self.rows, "ChoiceData.rows", ["group", "atopid", "chosen", "weight", *CRITERIA],
                    integer=["group", "atopid", "chosen"], real=["weight", *CRITERIA],
                    hint="Build choice data with bot_core.choice.choice_data().")
        shared = self.shared
        if not isinstance(shared, np.ndarray) or shared.shape != (len(self.rows), 3, 4, 4):
            raise _args.ArgumentError(f"ChoiceData.shared must be an array of shape ({len(self.rows)}, 3, 4, 4), "
                                      f"not {getattr(shared, 'shape', type(shared).__name__)}.")
        g = self.rows.group.to_numpy()
        if len(g) and (np.diff(g) < 0).any():
            raise _args.ArgumentError("ChoiceData.rows must be sorted by group.")

    @property
    def groups(self) -> pd.DataFrame:
        """One row per group: ``group``, ``atopid``, ``event_id``, ``event``, ``year``, ``chooser``,
        ``weight``, ``n_candidates``, ``n_chosen``."""
        r = self.rows
        cols = [c for c in ("group", "atopid", "event_id", "event", "year", "chooser", "weight") if c in r]
        first = r.drop_duplicates("group")[cols].reset_index(drop=True)
        agg = r.groupby("group", sort=True).chosen.agg(["size", "sum"])
        return first.assign(n_candidates=agg["size"].to_numpy(), n_chosen=agg["sum"].to_numpy())

    def _group_numbers(self, groups) -> list[int]:
        """``groups`` checked: whole numbers, each a group of these data (a lone number is one group)."""
        n = int(self.rows.group.max()) + 1 if len(self.rows) else 0
        items = _args._items(groups, _args._is_whole_type, (str, bytes, Mapping),
                             f"groups must be group numbers (0 to {n - 1}), e.g. [0, 5], not {_args._show(groups)}.")
        for g in items:
            _args.whole(g, f"groups (item {_args._show(g)})", 0, n - 1, rule=f"a group number from 0 to {n - 1}")
        return [int(g) for g in items]

    def subset(self, years: tuple[int, int] | None = None, groups=None) -> ChoiceData:
        """The groups whose event year lies in ``years`` (a tuple ``(first, last)``, both included, or
        a list of single years), or the groups listed in ``groups`` (group numbers); renumbered from
        0, weights unchanged. A selection that keeps no group is refused, saying what the data hold."""
        r = self.rows
        keep = np.ones(len(r), dtype=bool)
        if years is not None:
            span = _args.years(years, "years", span=(alliances.FIRST_YEAR, alliances.LAST_YEAR),
                               what="ATOP's years", pair_is_span=True)
            keep &= r.year.isin(span).to_numpy()
        if groups is not None:
            keep &= r.group.isin(self._group_numbers(groups)).to_numpy()
        if len(r) and not keep.any():
            raise _args.ArgumentError(
                f"subset keeps no choice group (years={_args._show(years)}, groups={_args._show(groups)}): these data's "
                f"events run {int(r.year.min())}-{int(r.year.max())}, their groups 0-{int(r.group.max())}. Choose "
                "years or groups inside them.")
        rows = r[keep].copy()
        rows["group"] = pd.factorize(rows.group, sort=True)[0].astype("int64")
        return dataclasses.replace(self, rows=rows.reset_index(drop=True), shared=self.shared[keep])


@functools.cache
def _state_table(first: int, last: int) -> pd.DataFrame:
    sy = panel.state_years(first, last)[["ccode", "year"]]
    sy = sy.pipe(panel.add_capabilities, components=("milper", "cinc")).pipe(panel.add_major_powers)
    sy = sy.pipe(panel.add_democracy).pipe(panel.add_un_affinity)
    return sy[["ccode", "year", "milper", "cinc", "majpow", "v2x_polyarchy", "unga_ideal"]]


@dataclass
class _Year:
    """Everything about one year's system as square arrays over its states (sorted by code)."""

    states: np.ndarray
    x: np.ndarray          # (N, N, 4) criteria of column-state as a threat to row-state; NaN on the diagonal
    valid: np.ndarray      # (N, N) all four criteria known
    capdist: np.ndarray
    border: np.ndarray
    conttype: np.ndarray
    rival: np.ndarray
    allied: np.ndarray
    cinc: np.ndarray
    majpow: np.ndarray
    poly: np.ndarray
    un: np.ndarray
    top: np.ndarray        # index of each state's top threat at equal weights (-1 none)
    strongest_nb: np.ndarray
    hegemon: int

    def index(self, codes) -> np.ndarray:
        pos = np.searchsorted(self.states, codes)
        pos = np.minimum(pos, len(self.states) - 1)
        return np.where(self.states[pos] == np.asarray(codes), pos, -1)


def _years(years: Sequence[int], spec: CriteriaSpec) -> dict[int, _Year]:
    years = sorted(set(int(y) for y in years))
    out: dict[int, _Year] = {}
    st = _state_table(panel.FIRST_YEAR, panel.LAST_YEAR)
    akeys, _ = panel._alliances_by_dyad_year("either")
    for lo in range(0, len(years), 30):  # in chunks: the criteria of 30 years at most at a time
        chunk = years[lo:lo + 30]
        d = panel.dyad_years(chunk[0], chunk[-1])
        d = d[d.year.isin(chunk)].reset_index(drop=True)
        c = criteria.compute(d, spec=spec)
        c["conttype"] = panel._contiguity(d.ccode1, d.ccode2, d.year)
        c["rival"] = panel.add_rivalries(d[["ccode1", "ccode2", "year"]]).tss_rivalry.fillna(0).to_numpy("int8")
        lo_, hi_ = np.minimum(d.ccode1, d.ccode2), np.maximum(d.ccode1, d.ccode2)
        c["allied"] = (akeys.get_indexer(panel._dyad_key(lo_, hi_, d.year)) >= 0).astype("int8")
        for y, cy in c.groupby("year", sort=True):
            out[y] = _year_table(cy, st[st.year == y])
    return out


def _leader(majpow: np.ndarray, milper: np.ndarray) -> tuple[int, float]:
    """The position of the major power with the most military personnel and its share of the major
    powers' total, or ``(-1, nan)`` when no major power has personnel data."""
    mil = np.where(majpow, np.nan_to_num(milper, nan=0.0), 0.0)
    return (int(np.argmax(mil)), float(mil.max() / mil.sum())) if mil.sum() > 0 else (-1, np.nan)


def _hegemon(majpow: np.ndarray, milper: np.ndarray) -> int:
    """Levy & Thompson's hegemon: the position of the leader (:func:`_leader`) if it holds at least
    :data:`HEGEMON_SHARE` of the major powers' military personnel, or -1."""
    pos, share = _leader(majpow, milper)
    return pos if pos >= 0 and share >= HEGEMON_SHARE else -1


def military_leaders(first: int = panel.FIRST_YEAR, last: int = panel.LAST_YEAR) -> pd.DataFrame:
    """The leading major power of each year by military personnel, and its share of the major
    powers' total: columns ``year``, ``leader`` (COW code; -1 if no major power has personnel
    data), ``share``, ``majors`` (how many major powers). Levy and Thompson (2005) measure
    concentration by army sizes; COW's military personnel is the nearest measure in the data."""
    first, last = _args.year(first, "first"), _args.year(last, "last")
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    span = [first, last]
    sy = _state_table(span[0], span[-1])
    rows = []
    for y, g in sy.groupby("year", sort=True):
        majpow = g.majpow.fillna(0).to_numpy("int8").astype(bool)
        pos, share = _leader(majpow, g.milper.to_numpy("float64"))
        rows.append({"year": int(y), "leader": int(g.ccode.iloc[pos]) if pos >= 0 else -1, "share": share,
                     "majors": int(majpow.sum())})
    return pd.DataFrame(rows)


def hegemons(first: int = panel.FIRST_YEAR, last: int = panel.LAST_YEAR) -> pd.Series:
    """Levy and Thompson's (2005) hegemon of each year, ``first`` to ``last``: the COW code of the
    major power holding at least :data:`HEGEMON_SHARE` of the major powers' military personnel
    (COW's nearest measure to their army sizes), or -1 when none does (:func:`military_leaders`).
    The balance-of-power reading of the choice model's ``lt_hegemon`` and of :mod:`bot_core.named`."""
    lead = military_leaders(first, last)
    hegemon = np.where(lead.share.to_numpy() >= HEGEMON_SHARE, lead.leader.to_numpy(), -1)
    return pd.Series(hegemon.astype("int64"), index=lead.year.to_numpy(), name="hegemon").rename_axis("year")


def _year_table(cy: pd.DataFrame, sy: pd.DataFrame) -> _Year:
    states = np.unique(np.concatenate([cy.ccode1.to_numpy(), cy.ccode2.to_numpy()]))
    n = len(states)
    a, b = np.searchsorted(states, cy.ccode1.to_numpy()), np.searchsorted(states, cy.ccode2.to_numpy())

    def square(values, fill, dtype="float64"):
        m = np.full((n, n), fill, dtype=dtype)
        m[a, b] = values
        return m

    x = np.full((n, n, 4), np.nan)
    x[a, b] = cy[list(CRITERIA)].to_numpy("float64")
    valid = ~np.isnan(x).any(axis=2)
    sy = sy.set_index("ccode").reindex(states)
    cinc = sy.cinc.to_numpy("float64")
    majpow = sy.majpow.fillna(0).to_numpy("int8").astype(bool)
    border = square(cy.border_km.to_numpy(), np.nan)
    # the top threat at equal weights (ties to the lower code: the first maximum)
    t = np.where(valid, np.nanmean(np.where(valid[..., None], x, 0.0), axis=2), -np.inf)
    top = np.where(valid.any(axis=1), np.argmax(t, axis=1), -1)
    # the strongest neighbour: the largest CINC within 400 miles of the territory
    nb = border <= NEIGHBOUR_KM
    cn = np.where(nb, cinc[None, :], -np.inf)
    strongest = np.where(nb.any(axis=1), np.argmax(cn, axis=1), -1)
    hegemon = _hegemon(majpow, sy.milper.to_numpy("float64"))
    return _Year(
        states=states, x=x, valid=valid, capdist=square(cy.capdist.to_numpy(), np.nan), border=border,
        conttype=square(cy.conttype.to_numpy(), 0, "int8"), rival=square(cy.rival.to_numpy(), 0, "int8").astype(bool),
        allied=square(cy.allied.to_numpy(), 0, "int8").astype(bool), cinc=cinc, majpow=majpow,
        poly=sy.v2x_polyarchy.to_numpy("float64"), un=sy.unga_ideal.to_numpy("float64"), top=top,
        strongest_nb=strongest, hegemon=hegemon,
    )


def _group_rows(yt: _Year, a: int, t: int, alternatives: str) -> tuple[dict, np.ndarray, np.ndarray]:
    """Covariates of every candidate of chooser ``a`` (an index into ``yt.states``); the candidate
    indices; the (n, 4, 4) shared-threat matrices."""
    n = len(yt.states)
    cand = np.flatnonzero(np.arange(n) != a)
    if alternatives == "reach":
        region = validate.region_of(yt.states)
        near = (region[cand] == region[a]) | (yt.border[a, cand] <= NEIGHBOUR_KM) | yt.majpow[cand]
        cand = cand[near]
    xz = np.where(yt.valid[..., None], yt.x, 0.0)
    v = yt.valid.astype("float64")
    xa, xb = xz[a], xz[cand]
    both = v[cand] * v[a][None, :]  # third parties k with every criterion known towards i and towards j
    shared = np.empty((len(cand), 3, 4, 4))
    shared[:, 0] = np.einsum("kc,bkd->bcd", xa, xb)                                  # sum_k x_ik x_jk'
    shared[:, 1] = np.einsum("bk,kc,kd->bcd", both, xa, xa)                          # sum_k x_ik x_ik'
    shared[:, 2] = np.einsum("k,bkc,bkd->bcd", v[a], xb, xb)                         # sum_k x_jk x_jk'
    shared[both.sum(axis=1) == 0] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(np.maximum(yt.cinc[cand], 1e-9)) - np.log(max(yt.cinc[a], 1e-9))
    with np.errstate(invalid="ignore"):
        poly = np.abs(yt.poly[cand] - yt.poly[a])
        un = np.abs(yt.un[cand] - yt.un[a])
    un_era = t >= UNGA_YEARS[0]
    ct = yt.conttype[a, cand]
    h, sn = yt.hegemon, yt.strongest_nb
    stronger = yt.cinc[None, :] > yt.cinc[cand][:, None]
    others = np.arange(n)[None, :] != a
    cols = {
        "power": yt.x[a, cand, 0], "proximity": yt.x[a, cand, 1], "offense": yt.x[a, cand, 2],
        "intent": yt.x[a, cand, 3],
        "log_cinc_ratio": log_ratio,
        "log_distance": np.log1p(yt.capdist[a, cand]),
        "land_contiguity": (ct == 1).astype("float64"),
        "sea_contiguity": ((ct >= 2) & (ct <= 5)).astype("float64"),
        "same_region": (validate.region_of(yt.states[cand]) == validate.region_of(yt.states[a])).astype("float64"),
        "regime_similarity": np.where(np.isnan(poly), 0.0, 1 - poly),
        "regime_missing": np.isnan(poly).astype("float64"),
        "un_distance": np.where(un_era & ~np.isnan(un), un, 0.0),
        "un_missing": (un_era & np.isnan(un)).astype("float64"),
        "shared_rival": (yt.rival[cand] & yt.rival[a][None, :]).any(axis=1).astype("float64"),
        "rival": yt.rival[a, cand].astype("float64"),
        "allied": yt.allied[a, cand].astype("float64"),
        "lt_hegemon": (cand == h).astype("float64") if h >= 0 else np.zeros(len(cand)),
        "lt_coalition": ((h >= 0) & (a != h) & (cand != h) & yt.majpow[cand]).astype("float64"),
        "strongest_neighbour": (cand == sn[a]).astype("float64") if sn[a] >= 0 else np.zeros(len(cand)),
        "shared_strongest_neighbour": ((sn[a] >= 0) & (sn[cand] == sn[a]) & (cand != sn[a])).astype("float64"),
        "weaker_side": (yt.rival[cand] & stronger & others).any(axis=1).astype("float64"),
        "same_top_threat": ((yt.top[a] >= 0) & (yt.top[cand] == yt.top[a])).astype("float64"),
    }
    return cols, cand, shared


def choice_data(spec: CriteriaSpec | None = None, obligations=("defense",), kinds=KINDS, first: int = 1816,
                last: int = alliances.LAST_YEAR, unit: str = "event", alternatives: str = "system") -> ChoiceData:
    """Treaty-level partner choices, one group per (treaty event, chooser), with every covariate.

    Parameters
    ----------
    spec : CriteriaSpec, optional
        The specification of the four criteria (:func:`bot_core.criteria.compute`); :data:`CHOICE_SPEC`
        (the default spec without its affinity discount) if ``None``.
    obligations : str or sequence of str
        ATOP obligation types (:data:`bot_core.alliances.OBLIGATIONS`); a treaty qualifies if any
        member undertakes any of them.
    kinds : str or sequence of str
        Which events are decisions: ``"signed"``, ``"accession"`` (:data:`KINDS`).
    first, last : int
        Event years (both included), within ATOP's 1815-2018; events whose covariate year is outside
        1816-2016 are counted in the report and left out.
    unit : str
        How decisions are weighted (:data:`UNITS`): ``"event"`` (each event weight 1),
        ``"treaty"`` (each treaty 1), ``"chooser"`` (each group 1).
    alternatives : str
        The choice set (:data:`ALTERNATIVES`): ``"system"`` or ``"reach"``.

    Returns
    -------
    ChoiceData
        The rows, the shared-threat matrices and the report of what was left out (see the module
        docstring for every rule). With the default arguments (defence pacts, 1816-2018): 875
        groups from 352 events of 257 treaties, 88,669 rows. Most partners lost to missing values
        are states of the early nineteenth century with neither military expenditure nor personnel
        in the NMC data (so no ``offense``).
    """
    _args.spec(spec)
    spec = spec if spec is not None else CHOICE_SPEC
    obligations = _args.names(obligations, "obligations", alliances.OBLIGATIONS, noun="obligation types")
    kinds = _args.names(kinds, "kinds", KINDS, noun="event kinds")
    span = (alliances.FIRST_YEAR, alliances.LAST_YEAR)
    first = _args.year(first, "first", span, "ATOP's years")
    last = _args.year(last, "last", span, "ATOP's years")
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    unit = _check_choice(unit, "unit", UNITS)
    alternatives = _check_choice(alternatives, "alternatives", ALTERNATIVES)
    cached = _choice_data(spec, obligations, kinds, first, last, unit, alternatives)
    # a copy: the cached data must not change when a caller edits what it was given
    return dataclasses.replace(cached, rows=cached.rows.copy(), shared=cached.shared.copy(),
                               report=cached.report.copy(), settings=dict(cached.settings))


def _check_choice(value, name: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _args.ArgumentError(f"{name} must be one of {', '.join(choices)}, not {_args._show(value)}.")
    return value


@functools.lru_cache(maxsize=4)
def _choice_data(spec, obligations, kinds, first, last, unit, alternatives) -> ChoiceData:
    tr = alliances.treaties()
    keep_treaties = set(tr.atopid[tr[list(obligations)].eq(1).any(axis=1)])
    ev = alliances.events().reset_index().rename(columns={"index": "event_id"})
    ev = ev[ev.event.isin(kinds) & ev.atopid.isin(keep_treaties) & ev.year.between(first, last)]
    ten = alliances._tenures()
    members = panel._member_keys()
    counts: dict[str, int] = {}

    def count(reason: str, n: int = 1) -> None:
        if n:
            counts[reason] = counts.get(reason, 0) + int(n)

    # 1. the groups: chooser, chosen partners, covariate year
    plan = []
    for e in ev.itertuples(index=False):
        g = ten[ten.atopid == e.atopid]
        if e.event == "signed":
            partners = {i: [s for s in e.states if s != i] for i in e.states}
        else:
            present = g[(g.start < e.date) & (g.end.isna() | (g.end > e.date))].member
            present = sorted(set(present) - set(e.states))
            partners = {i: present for i in e.states}
        for i, chosen in partners.items():
            t = e.year - 1
            if members.get_indexer([panel._state_key(i, t)])[0] < 0:
                t = e.year  # new to the system: read in the event year (bot_core.evaluate's rule)
            if not panel.FIRST_YEAR <= t <= panel.LAST_YEAR:
                count("covariate year outside 1816-2016 (group)")
                continue
            if members.get_indexer([panel._state_key(i, t)])[0] < 0:
                count("chooser not a COW system member in the covariate year (group)")
                continue
            plan.append((e, i, t, chosen))
    tables = _years([p[2] for p in plan], spec) if plan else {}

    # 2. the rows
    parts, shared_parts = [], []
    for e, i, t, chosen in plan:
        yt = tables[t]
        a = int(yt.index([i])[0])
        cols, cand, shared = _group_rows(yt, a, t, alternatives)
        codes = yt.states[cand]
        y = np.isin(codes, chosen)
        outside = len(set(chosen) - set(codes.tolist()))
        count("chosen partner not a candidate (not a system member in t, or outside the alternative set)", outside)
        bad = ~yt.valid[a, cand] | np.isnan(yt.capdist[a, cand])
        count("candidate with a missing criterion or capital distance (row)", int((bad & ~y).sum()))
        count("chosen partner with a missing criterion or capital distance", int((bad & y).sum()))
        ok = ~bad
        if not y[ok].any() or y[ok].all():
            count("group with no chosen (or no unchosen) candidate left (group)")
            continue
        n_nan_shared = int(np.isnan(shared[ok]).any(axis=(1, 2, 3)).sum())
        count("candidate with no third party to share a threat with (row)", n_nan_shared)
        ok &= ~np.isnan(shared).any(axis=(1, 2, 3))
        frame = pd.DataFrame({k: v[ok] for k, v in cols.items()})
        frame.insert(0, "candidate", codes[ok])
        frame.insert(1, "chosen", y[ok].astype("int64"))
        frame.insert(0, "chooser", i)
        frame.insert(0, "t", t)
        for k in ("year", "date", "event", "event_id", "atopid"):
            frame.insert(0, k, getattr(e, k))
        parts.append(frame)
        shared_parts.append(shared[ok])
    if not parts:
        raise _args.ArgumentError(f"no choice group is left for {', '.join(obligations)} treaties, {', '.join(kinds)}, "
                                  f"{first}-{last}; widen the years or the obligations.")
    rows = pd.concat(parts, ignore_index=True)
    rows.insert(0, "group", (rows[["event_id", "chooser"]].ne(rows[["event_id", "chooser"]].shift())
                             .any(axis=1).cumsum() - 1).astype("int64"))
    rows["region"] = validate.region_of(rows.candidate.to_numpy())
    first_rows = rows.drop_duplicates("group")
    if unit == "event":
        per = first_rows.groupby("event_id").size()
        w = 1.0 / first_rows.event_id.map(per)
    elif unit == "treaty":
        per = first_rows.groupby("atopid").size()
        w = 1.0 / first_rows.atopid.map(per)
    else:
        w = pd.Series(1.0, index=first_rows.index)
    rows.insert(rows.columns.get_loc("chosen") + 1, "weight", np.repeat(w.to_numpy(), rows.groupby("group").size()))
    rows["atopid"] = rows.atopid.astype("int64")
    rows["event_id"] = rows.event_id.astype("int64")
    report = pd.DataFrame(sorted(counts.items()), columns=["reason", "count"])
    settings = dict(spec=spec, obligations=obligations, kinds=kinds, first=first, last=last, unit=unit,
                    alternatives=alternatives)
    return ChoiceData(rows=rows, shared=np.concatenate(shared_parts), report=report, settings=settings)


# --- the likelihood -------------------------------------------------------------------------------------


def _mv(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``m @ v`` in numpy's own loop: a threaded BLAS call on a shared two-core machine can be ten
    times slower than this, and these products are small."""
    return np.einsum("ij,j->i", m, v)


def _vm(v: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``v @ m`` (see :func:`_mv`)."""
    return np.einsum("i,ij->j", v, m)


#: Added to each squared norm of the cosine, so that a perceiver threatened by nobody (under ``w``)
#: shares nothing (``S`` = 0) and the likelihood stays smooth.
COSINE_EPS = 1e-9


def _cosine(a: np.ndarray, b1: np.ndarray, b2: np.ndarray, w: np.ndarray):
    """The shared threat ``S = w'Aw / sqrt((w'B1w + eps)(w'B2w + eps))`` per row, with the pieces
    its gradient needs: ``(S, 1/sqrt(...), w'B1w + eps, w'B2w + eps)``."""
    ww = np.outer(w, w).ravel()
    d1, d2 = _mv(b1, ww) + COSINE_EPS, _mv(b2, ww) + COSINE_EPS
    r = 1 / np.sqrt(d1 * d2)
    return _mv(a, ww) * r, r, d1, d2


def shared_threat(data: ChoiceData, weights) -> np.ndarray:
    """The threat shared from third parties, ``S_ij(w)``, for every row of ``data``.

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data`.
    weights : mapping or sequence of four numbers
        The weights of the four criteria (normalised to sum to 1).

    Returns
    -------
    numpy.ndarray
        The cosine between *i*'s and *j*'s threat vectors over their common third parties, 0 to 1.
    """
    data = _check_data(data)
    w = _args.weights(weights, CRITERIA)
    sh = data.shared.reshape(len(data.rows), 3, 16)
    return _cosine(sh[:, 0], sh[:, 1], sh[:, 2], w)[0]


def _starts(g: np.ndarray) -> np.ndarray:
    """The first row of each group (rows sorted by group)."""
    return np.r_[0, np.flatnonzero(np.diff(g)) + 1] if len(g) else np.zeros(0, dtype="int64")


class _Problem:
    """The arrays of one fit: rows sorted by group, covariates rescaled, and the composite
    log-likelihood with its gradient."""

    def __init__(self, data: ChoiceData, covariates: tuple[str, ...], threat: bool, fixed_w: np.ndarray | None):
        r = data.rows
        self.g = r.group.to_numpy("int64")
        self.n_groups = int(self.g[-1]) + 1 if len(self.g) else 0
        self.y = r.chosen.to_numpy("int64") == 1
        self.k = np.bincount(self.g, weights=self.y, minlength=self.n_groups)
        self.starts = _starts(self.g)
        self.gw = r.weight.to_numpy("float64")[self.starts]
        self.threat, self.fixed_w = threat, fixed_w
        self.names = list(covariates)
        z = r[list(covariates)].to_numpy("float64") if covariates else np.zeros((len(r), 0))
        # a covariate constant within every group carries no information: fixed at 0, reported
        lo = np.full((self.n_groups, z.shape[1]), np.inf)
        hi = np.full((self.n_groups, z.shape[1]), -np.inf)
        np.minimum.at(lo, self.g, z)
        np.maximum.at(hi, self.g, z)
        self.free = (hi - lo > 0).any(axis=0) if self.n_groups else np.zeros(z.shape[1], dtype=bool)
        z = z[:, self.free]
        self.z_scale = np.where(z.std(axis=0) > 0, z.std(axis=0), 1.0) if len(z) else np.ones(z.shape[1])
        self.z = z / self.z_scale
        self.x = r[list(CRITERIA)].to_numpy("float64")
        sh = data.shared.reshape(len(r), 3, 16)
        self.a, self.b1, self.b2 = (np.ascontiguousarray(sh[:, i]) for i in range(3))
        w0 = fixed_w if fixed_w is not None else np.full(4, 0.25)
        q0 = self._shared(w0)[0]
        self.q_scale = q0.std() if threat and q0.std() > 0 else 1.0
        sd = self.x.std(axis=0) if len(self.x) else np.ones(4)
        self.x_scale = np.where(sd > 0, sd, 1.0)
        self.t = self.x / self.x_scale
        self.n_theta = 3 if threat and fixed_w is None else 0
        self.n_beta = 1 + len(CRITERIA) if threat else 0

    @property
    def n_params(self) -> int:
        return self.n_theta + self.n_beta + self.z.shape[1]

    def weights(self, p: np.ndarray) -> np.ndarray:
        if self.fixed_w is not None or not self.threat:
            return self.fixed_w if self.fixed_w is not None else np.full(4, 0.25)
        e = np.exp(np.r_[p[:3], 0.0] - max(p[:3].max(), 0.0))
        return e / e.sum()

    def _shared(self, w: np.ndarray):
        return _cosine(self.a, self.b1, self.b2, w)

    def utility(self, p: np.ndarray):
        w = self.weights(p)
        u = _mv(self.z, p[self.n_theta + self.n_beta:])
        q = parts = None
        if self.threat:
            parts = self._shared(w)
            q = parts[0] / self.q_scale
            u = u + p[self.n_theta] * q + _mv(self.t, p[self.n_theta + 1:self.n_theta + self.n_beta])
        return u, w, q, parts

    def terms(self, u: np.ndarray, group_weight: np.ndarray):
        """Per-row pieces: shifted exp(u), the group's sum over unchosen, each chosen row's log p."""
        m = np.maximum.reduceat(u, self.starts)
        eu = np.exp(u - m[self.g])
        e_unchosen = np.bincount(self.g, weights=np.where(self.y, 0.0, eu), minlength=self.n_groups)
        denom = eu + e_unchosen[self.g]  # for a chosen row: itself plus the unchosen
        logp = np.where(self.y, np.log(eu) - np.log(denom), 0.0)
        omega = np.where(self.y, group_weight[self.g] / np.maximum(self.k[self.g], 1), 0.0)
        return eu, denom, logp, omega

    def dll_du(self, eu: np.ndarray, denom: np.ndarray, omega: np.ndarray) -> np.ndarray:
        """d ll / d u per row: a chosen row omega (1 - p); an unchosen row -eu times the sum, over
        its group's chosen rows, of omega / denom."""
        h = np.bincount(self.g, weights=np.where(self.y, omega / denom, 0.0), minlength=self.n_groups)
        return np.where(self.y, omega * (1 - eu / denom), -eu * h[self.g])

    def loglik(self, p: np.ndarray, group_weight: np.ndarray) -> float:
        u = self.utility(p)[0]
        _, _, logp, omega = self.terms(u, group_weight)
        return float(np.dot(omega, logp))

    def objective(self, p: np.ndarray, group_weight: np.ndarray, total: float) -> tuple[float, np.ndarray]:
        """Minus the weighted composite log-likelihood over ``total``, and its gradient."""
        u, w, q, parts = self.utility(p)
        eu, denom, logp, omega = self.terms(u, group_weight)
        ll = np.dot(omega, logp)
        du = self.dll_du(eu, denom, omega)
        grad = np.empty(self.n_params)
        grad[self.n_theta + self.n_beta:] = _vm(du, self.z)
        if self.threat:
            bs = p[self.n_theta]
            grad[self.n_theta] = np.dot(du, q)
            grad[self.n_theta + 1:self.n_theta + self.n_beta] = _vm(du, self.t)
            if self.n_theta:
                s_, r_, d1, d2 = parts
                ma = _vm(du * r_, self.a).reshape(4, 4)
                mb = (_vm(du * s_ / d1, self.b1) + _vm(du * s_ / d2, self.b2)).reshape(4, 4)
                ds = (ma + ma.T) @ w - (mb + mb.T) @ w / 2  # sum over rows of du * dS/dw
                dw = bs * ds / self.q_scale  # the weights enter through S alone
                jac = (np.diag(w) - np.outer(w, w))[:, :3]  # d w / d theta
                grad[:3] = jac.T @ dw
        return -ll / total, -grad / total

    def solve(self, group_weight: np.ndarray, start: np.ndarray | None = None, maxiter: int = 1000,
              tol: float = 1e-12):
        total = float(group_weight.sum())
        start = np.zeros(self.n_params) if start is None else start
        bounds = [(-THETA_BOUND, THETA_BOUND)] * self.n_theta + [(None, None)] * (self.n_params - self.n_theta)
        res = optimize.minimize(self.objective, start, args=(group_weight, total), jac=True, method="L-BFGS-B",
                                bounds=bounds, options={"maxiter": maxiter, "ftol": tol, "gtol": 1e-7})
        return res

    def hessian(self, p: np.ndarray, group_weight: np.ndarray, step: float = 1e-5) -> np.ndarray:
        """The Hessian of :meth:`objective` at ``p`` (central differences of the analytic gradient),
        symmetrised."""
        total = float(group_weight.sum())
        h = np.empty((self.n_params, self.n_params))
        for i in range(self.n_params):
            e = np.zeros(self.n_params)
            e[i] = step
            h[i] = (self.objective(p + e, group_weight, total)[1] - self.objective(p - e, group_weight, total)[1]) / (2 * step)
        return (h + h.T) / 2

    def inverse_hessian(self, p: np.ndarray, group_weight: np.ndarray, step: float = 1e-5) -> np.ndarray:
        """The inverse Hessian of :meth:`objective` at ``p``, its eigenvalues floored at 1e-4 so that
        it is positive definite (a weight at zero leaves a flat direction)."""
        ev, vec = np.linalg.eigh(self.hessian(p, group_weight, step))
        inv = (vec / np.maximum(ev, 1e-4)) @ vec.T
        return (inv + inv.T) / 2

    def resolve(self, group_weight: np.ndarray, start: np.ndarray, inv_hessian: np.ndarray):
        """A re-fit from a nearby optimum: BFGS started at ``start`` with its inverse Hessian
        (a bootstrap replicate converges in a few dozen gradient evaluations)."""
        return optimize.minimize(self.objective, start, args=(group_weight, float(group_weight.sum())), jac=True,
                                 method="BFGS", options={"hess_inv0": inv_hessian, "gtol": 1e-6, "maxiter": 500})

    def cluster_scores(self, p: np.ndarray, group_weight: np.ndarray, cluster: np.ndarray,
                       step: float = 1e-6) -> np.ndarray:
        """``(n_clusters, n_params)``: each cluster's share of the gradient of the weighted
        log-likelihood at ``p`` (``cluster``: each group's cluster number, 0 to n - 1). The utility is
        linear in every parameter but the weights' three; their columns are central differences."""
        u = self.utility(p)[0]
        eu, denom, _, omega = self.terms(u, group_weight)
        du = self.dll_du(eu, denom, omega)
        rc = cluster[self.g]
        n_c = int(cluster.max()) + 1 if len(cluster) else 0
        out = np.empty((n_c, self.n_params))
        for k in range(self.n_params):
            if k < self.n_theta:
                e = np.zeros(self.n_params)
                e[k] = step
                col = (self.utility(p + e)[0] - self.utility(p - e)[0]) / (2 * step)
            elif k == self.n_theta and self.threat:
                col = self.utility(p)[2]
            elif k < self.n_theta + self.n_beta:
                col = self.t[:, k - self.n_theta - 1]
            else:
                col = self.z[:, k - self.n_theta - self.n_beta]
            out[:, k] = np.bincount(rc, weights=du * col, minlength=n_c)
        return out

    def natural(self, p: np.ndarray) -> pd.Series:
        """Parameters on the reported scale: weights, beta_shared, beta_own_<criterion>, covariates (0 if fixed)."""
        out = {}
        if self.threat:
            w = self.weights(p)
            out.update({f"w_{c}": v for c, v in zip(CRITERIA, w)})
            out["beta_shared"] = p[self.n_theta] / self.q_scale
            own = p[self.n_theta + 1:self.n_theta + self.n_beta] / self.x_scale
            out.update({f"beta_own_{c}": v for c, v in zip(CRITERIA, own)})
        gam = np.zeros(len(self.names))
        gam[self.free] = p[self.n_theta + self.n_beta:] / self.z_scale
        out.update(dict(zip(self.names, gam)))
        return pd.Series(out, dtype="float64")


@dataclass(frozen=True)
class ChoiceFit:
    """A fitted partner-choice model (:func:`fit`).

    Attributes
    ----------
    params : pandas.Series
        ``w_power`` ... ``w_intent`` (the weights, summing to 1; fixed ones if given),
        ``beta_shared``, ``beta_own_power`` ... ``beta_own_intent`` (only with the threat terms), then one coefficient per
        covariate (0 for a covariate constant within every group, listed in ``constant``).
    loglik : float
        The weighted composite log-likelihood at the estimate.
    n_groups, n_events, n_treaties, n_chosen : int
        What the fit saw.
    converged : bool
        Whether the optimiser reports convergence; ``iterations``, ``message``, ``gradient_norm``
        (of the scaled objective) say more.
    covariates, threat, fixed_weights, constant
        The specification: covariates, whether ``S`` and ``T`` are in the utility, the weights if
        they were held fixed, and the covariates with no within-group variation.
    """

    params: pd.Series
    loglik: float
    n_groups: int
    n_events: int
    n_treaties: int
    n_chosen: int
    converged: bool
    iterations: int
    message: str
    gradient_norm: float
    covariates: tuple
    threat: bool
    fixed_weights: tuple | None
    constant: tuple
    _raw: np.ndarray = field(repr=False, default=None)

    @property
    def weights(self) -> pd.Series:
        """The four threat weights (``NaN`` for a model without threat terms)."""
        if not self.threat:
            return pd.Series(np.nan, index=list(CRITERIA))
        return pd.Series([self.params[f"w_{c}"] for c in CRITERIA], index=list(CRITERIA))

    def utility(self, data: ChoiceData) -> np.ndarray:
        """The fitted utility of every row of ``data`` (any data with the same covariates)."""
        _check_data(data)
        p = self.params
        u = data.rows[list(self.covariates)].to_numpy("float64") @ p[list(self.covariates)].to_numpy() \
            if self.covariates else np.zeros(len(data.rows))
        if self.threat:
            w = self.weights.to_numpy()
            u = u + p["beta_shared"] * shared_threat(data, w)
            own = p[[f"beta_own_{c}" for c in CRITERIA]].to_numpy()
            u = u + _mv(data.rows[list(CRITERIA)].to_numpy("float64"), own)
        return u


def _check_data(data) -> ChoiceData:
    if not isinstance(data, ChoiceData):
        raise _args.ArgumentError(f"data must be ChoiceData (from bot_core.choice.choice_data()), not "
                                  f"{type(data).__name__}.")
    if not len(data.rows):
        raise _args.ArgumentError("data has no choice groups.")
    return data


def _check_spec(data: ChoiceData, covariates, threat) -> tuple[tuple[str, ...], bool]:
    known = [c for c in data.rows.columns if c in COVARIATES]
    covariates = _args.names(covariates, "covariates", known, allow_empty=True, noun="covariates") \
        if covariates is not None else ()
    if not isinstance(threat, (bool, np.bool_)):
        raise _args.ArgumentError(f"threat must be True or False, not {_args._show(threat)}.")
    if not covariates and not threat:
        raise _args.ArgumentError("a model needs the threat terms (threat=True) or at least one covariate.")
    return covariates, bool(threat)


def fit(data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None,
        start: ChoiceFit | None = None) -> ChoiceFit:
    """Fit the partner-choice conditional logit, the threat weights inside the likelihood.

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data` (or :meth:`ChoiceData.subset`).
    covariates : sequence of str
        Columns of ``data.rows`` among :data:`COVARIATES` (default: the ``"threat"`` model's
        controls in :data:`MODELS`).
    threat : bool
        Whether the utility has the shared threat ``beta_shared * S_ij(w)`` and the partner's threat
        criteria, one coefficient each (``beta_own . x_ij``).
    weights : mapping or sequence of four numbers, optional
        Hold the threat weights fixed at these (normalised to sum to 1); by default they are
        estimated.
    start : ChoiceFit, optional
        A fit of the same specification to start from (the bootstrap's warm start).

    Returns
    -------
    ChoiceFit
        Coefficients, weights, log-likelihood, counts and convergence information.
    """
    data = _check_data(data)
    covariates, threat = _check_spec(data, covariates, threat)
    fixed = _args.weights(weights, CRITERIA) if weights is not None else None
    prob = _Problem(data, covariates, threat, fixed)
    return _fit(prob, data, prob.gw, None if start is None else start._raw)


def _fit(prob: _Problem, data: ChoiceData, group_weight: np.ndarray, start) -> ChoiceFit:
    res = prob.solve(group_weight, start)
    r = data.rows
    return ChoiceFit(
        params=prob.natural(res.x), loglik=prob.loglik(res.x, group_weight), n_groups=prob.n_groups,
        n_events=int(r.event_id.nunique()) if "event_id" in r else prob.n_groups, n_treaties=int(r.atopid.nunique()),
        n_chosen=int(prob.y.sum()), converged=bool(res.success), iterations=int(res.nit), message=str(res.message),
        gradient_norm=float(np.abs(res.jac).max()) if len(res.jac) else 0.0, covariates=tuple(prob.names),
        threat=prob.threat, fixed_weights=None if prob.fixed_w is None else tuple(prob.fixed_w),
        constant=tuple(n for n, f in zip(prob.names, prob.free) if not f), _raw=res.x,
    )


# --- the bootstrap --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bootstrap:
    """A block bootstrap by treaty (:func:`bootstrap`).

    Attributes
    ----------
    estimate : ChoiceFit
        The fit to the data.
    draws : pandas.DataFrame
        One row per replicate, one column per parameter (as ``estimate.params``), and
        ``converged``.
    intervals : pandas.DataFrame
        Per parameter: ``estimate``, ``lo``, ``hi`` (percentile interval at ``level``).
    level : float
        The intervals' coverage.
    """

    estimate: ChoiceFit
    draws: pd.DataFrame
    intervals: pd.DataFrame
    level: float


def _treaty_draws(data: ChoiceData, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(n, n_groups)`` multipliers: the number of times each group's treaty is drawn, per replicate."""
    g_treaty = data.rows.atopid.to_numpy()[_starts(data.rows.group.to_numpy())]
    treaties, idx = np.unique(g_treaty, return_inverse=True)
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(treaties), np.full(len(treaties), 1 / len(treaties)), size=n)
    return counts[:, idx].astype("float64"), g_treaty


def bootstrap(data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None, n: int = 200,
              seed: int = 0, level: float = 0.95) -> Bootstrap:
    """Percentile intervals for every parameter from a block bootstrap by ATOP treaty.

    Parameters
    ----------
    data, covariates, threat, weights
        As for :func:`fit`.
    n : int
        Number of replicates (default 200).
    seed : int
        Seed of the resampling (the same seed gives the same draws).
    level : float
        Coverage of the intervals (default 0.95).

    Returns
    -------
    Bootstrap
        The fit, the replicates' parameters and the intervals.
    """
    data = _check_data(data)
    covariates, threat = _check_spec(data, covariates, threat)
    n = _args.whole(n, "n", 1, 100_000)
    seed = _args.whole(seed, "seed", 0)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    fixed = _args.weights(weights, CRITERIA) if weights is not None else None
    prob = _Problem(data, covariates, threat, fixed)
    est = _fit(prob, data, prob.gw, None)
    mult, _ = _treaty_draws(data, n, seed)
    inv = prob.inverse_hessian(est._raw, prob.gw)
    rows = []
    for b in range(n):
        res = prob.resolve(prob.gw * mult[b], est._raw, inv)
        rows.append({**prob.natural(res.x).to_dict(), "converged": bool(res.success)})
    draws = pd.DataFrame(rows)
    alpha = (1 - level) / 2
    params = est.params.index
    iv = pd.DataFrame({"estimate": est.params, "lo": draws[params].quantile(alpha), "hi": draws[params].quantile(1 - alpha)})
    return Bootstrap(estimate=est, draws=draws, intervals=iv, level=level)


#: A weight below this is at the edge of the simplex for :func:`sandwich`: held there, no interval
#: (shown as 0.00 at two decimals).
EDGE_WEIGHT = 1e-4


def sandwich(data: ChoiceData, covariates=MODELS["threat"][0], threat: bool = True, weights=None,
             level: float = 0.95) -> pd.DataFrame:
    """Intervals for every parameter from the curvature of the likelihood, clustered by treaty.

    The analytic counterpart of :func:`bootstrap`, at the cost of one fit and one Hessian: the
    covariance is the sandwich ``H^-1 B H^-1`` of the weighted composite likelihood, ``H`` its
    Hessian at the estimate (central differences of the analytic gradient) and ``B`` the sum over
    ATOP treaties of the outer products of each treaty's score, times ``C / (C - 1)`` for ``C``
    treaties (White 1982; the choosers of one treaty stand or fall together, as in the block
    bootstrap). The delta method carries it to the reported scale: the coefficients' intervals are
    symmetric; each weight's is symmetric on its log-odds and transformed back, so it stays inside 0-1.
    A weight pressed against the edge of the simplex (below :data:`EDGE_WEIGHT`) is held there: its
    interval is the estimate's (``at_bound`` True), because the curvature at the edge cannot say how
    large it might be.

    Parameters
    ----------
    data, covariates, threat, weights
        As for :func:`fit`.
    level : float
        Coverage of the intervals (default 0.95).

    Returns
    -------
    pandas.DataFrame
        Per parameter (as ``fit(...).params``): ``estimate``, ``se`` (on the reported scale; for a
        weight, of its log-odds), ``lo``, ``hi`` and ``at_bound``; ``attrs["fit"]`` is the
        :class:`ChoiceFit` and ``attrs["n_clusters"]`` the number of treaties.
    """
    data = _check_data(data)
    covariates, threat = _check_spec(data, covariates, threat)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    fixed = _args.weights(weights, CRITERIA) if weights is not None else None
    prob = _Problem(data, covariates, threat, fixed)
    est = _fit(prob, data, prob.gw, None)
    p = est._raw
    g_treaty = data.rows.atopid.to_numpy()[prob.starts]
    _, cluster = np.unique(g_treaty, return_inverse=True)
    n_c = int(cluster.max()) + 1
    if n_c < 2:
        raise _args.ArgumentError("sandwich intervals need at least two treaties.")
    # a weight at the simplex's edge (below EDGE_WEIGHT) is held there: its direction of the likelihood is
    # flat, and the curvature says nothing about it. Judged by the weight, not by its log-odds: with the
    # reference weight (intentions) at the edge the other three log-odds drift together, and which of
    # them ends at the optimiser's bound is noise
    free = np.ones(prob.n_params, dtype=bool)
    w_hat = prob.weights(p)
    edge = (w_hat < EDGE_WEIGHT) if prob.n_theta else np.zeros(4, dtype=bool)
    free[:prob.n_theta] = ~edge[:prob.n_theta]
    total = float(prob.gw.sum())
    hess = prob.hessian(p, prob.gw)[np.ix_(free, free)] * total  # of minus the log-likelihood
    scores = prob.cluster_scores(p, prob.gw, cluster)[:, free]
    meat = scores.T @ scores * n_c / (n_c - 1)
    # a pseudo-inverse: with the reference weight (intentions) at the edge, shifting the other three
    # log-odds together changes nothing, and that direction is left out
    bread = np.linalg.pinv(hess, rcond=1e-9, hermitian=True)
    cov = np.zeros((prob.n_params, prob.n_params))
    cov[np.ix_(free, free)] = bread @ meat @ bread
    # the delta method: the reported parameters as functions of the optimiser's, by central differences
    nat = prob.natural(p)
    names = list(nat.index)
    is_w = np.array([n.startswith("w_") for n in names])
    logit = lambda v: np.log(np.clip(v, 1e-300, None)) - np.log(np.clip(1 - v, 1e-300, None))  # noqa: E731

    def reported(x):
        v = prob.natural(x).to_numpy()
        return np.where(is_w, logit(v), v) if threat and fixed is None else v

    jac = np.empty((len(names), prob.n_params))
    for k in range(prob.n_params):
        e = np.zeros(prob.n_params)
        e[k] = 1e-6
        jac[:, k] = (reported(p + e) - reported(p - e)) / 2e-6
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", jac, cov, jac), 0.0))
    zq = stats.norm.ppf(0.5 + level / 2)
    centre = reported(p)
    lo, hi = centre - zq * se, centre + zq * se
    if threat and fixed is None:
        lo, hi = np.where(is_w, 1 / (1 + np.exp(-lo)), lo), np.where(is_w, 1 / (1 + np.exp(-hi)), hi)
    at_bound = np.zeros(len(names), dtype=bool)
    if prob.n_theta:
        held = np.r_[~free[:prob.n_theta], edge[3]]
        at_bound[[names.index(f"w_{c}") for c, h in zip(CRITERIA, held) if h]] = True
        # a weight at the edge: its estimate, no interval
        lo, hi = np.where(at_bound, nat.to_numpy(), lo), np.where(at_bound, nat.to_numpy(), hi)
    out = pd.DataFrame({"estimate": nat.to_numpy(), "se": se, "lo": lo, "hi": hi, "at_bound": at_bound}, index=names)
    out.attrs.update(fit=est, n_clusters=n_c, level=level)
    return out


# --- scores ---------------------------------------------------------------------------------------------


def pr_auc(y, scores, weights=None) -> float:
    """The area under the precision-recall curve, as average precision.

    ``AP = sum_n (R_n - R_{n-1}) P_n`` over the distinct score thresholds from the highest down
    (tied scores enter together), with precision ``P`` and recall ``R`` weighted by ``weights``:
    the definition of scikit-learn's ``average_precision_score``, written here because scikit-learn
    is not a dependency of the book.

    Parameters
    ----------
    y : array of 0/1
        The outcomes (at least one 1).
    scores : array of numbers
        Higher means more likely 1.
    weights : array of non-negative numbers, optional
        Case weights (default 1 each).

    Returns
    -------
    float
        Between 0 and 1; the share of positives for an uninformative score.
    """
    y = np.asarray(y)
    s = _args.numeric(scores, "scores").astype("float64")
    if y.ndim != 1 or s.shape != y.shape or not np.isin(y, (0, 1)).all():
        raise _args.ArgumentError("pr_auc needs y, a 1-D array of 0s and 1s, and scores of the same length.")
    if np.isnan(s).any():
        raise _args.ArgumentError("pr_auc: scores must not be NaN.")
    w = np.ones(len(y)) if weights is None else _args.numeric(weights, "weights").astype("float64")
    if w.shape != y.shape or (w < 0).any() or not np.isfinite(w).all():
        raise _args.ArgumentError("pr_auc: weights must be finite, non-negative and one per case.")
    pos = float(w @ y)
    if pos <= 0:
        raise _args.ArgumentError("pr_auc: there is no positive case (with positive weight).")
    order = np.argsort(-s, kind="stable")
    s, y, w = s[order], y[order], w[order]
    tp, fp = np.cumsum(w * y), np.cumsum(w * (1 - y))
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]  # the last index of each run of ties
    tp, fp = tp[last], fp[last]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
    recall = tp / pos
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def _group_scores(u: np.ndarray, data: ChoiceData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: log loss and Brier score; per row: the probability of being among the chosen."""
    g = data.rows.group.to_numpy()
    y = data.rows.chosen.to_numpy() == 1
    ng = int(g[-1]) + 1
    m = np.maximum.reduceat(u, _starts(g))
    eu = np.exp(u - m[g])
    tot = np.bincount(g, weights=eu, minlength=ng)
    unch = np.bincount(g, weights=np.where(y, 0.0, eu), minlength=ng)
    k = np.bincount(g, weights=y, minlength=ng)
    size = np.bincount(g, minlength=ng)
    loss = np.bincount(g, weights=np.where(y, -(np.log(eu) - np.log(eu + unch[g])), 0.0), minlength=ng) / k
    pi = eu / tot[g]
    p = -np.expm1(k[g] * np.log1p(-np.minimum(pi, 1 - 1e-16)))
    brier = np.bincount(g, weights=(p - y) ** 2, minlength=ng) / size
    return loss, brier, p


def _weighted_scores(loss, brier, p, data: ChoiceData, gw: np.ndarray) -> dict:
    g = data.rows.group.to_numpy()
    return {"log_loss": float(gw @ loss / gw.sum()), "brier": float(gw @ brier / gw.sum()),
            "pr_auc": pr_auc(data.rows.chosen.to_numpy(), p, gw[g])}


def score(fitted: ChoiceFit | None, data: ChoiceData) -> pd.Series:
    """Out-of-sample (or in-sample) scores of a fitted model on choice data.

    Parameters
    ----------
    fitted : ChoiceFit or None
        A fit from :func:`fit`; ``None`` scores the uniform model (every candidate equally likely).
    data : ChoiceData
        The groups to score (for example the later era, :meth:`ChoiceData.subset`).

    Returns
    -------
    pandas.Series
        ``log_loss`` and ``brier`` (lower is better), ``pr_auc`` (higher is better), each averaged
        with the group weights (see the module docstring), and ``n_groups``, ``n_events``,
        ``n_treaties``.
    """
    data = _check_data(data)
    if fitted is not None and not isinstance(fitted, ChoiceFit):
        raise _args.ArgumentError(f"fitted must be a ChoiceFit (from bot_core.choice.fit()) or None, not "
                                  f"{type(fitted).__name__}.")
    u = np.zeros(len(data.rows)) if fitted is None else fitted.utility(data)
    loss, brier, p = _group_scores(u, data)
    gw = data.rows.weight.to_numpy()[_starts(data.rows.group.to_numpy())]
    out = _weighted_scores(loss, brier, p, data, gw)
    out.update(n_groups=len(gw), n_events=int(data.rows.event_id.nunique()), n_treaties=int(data.rows.atopid.nunique()))
    return pd.Series(out)


def _score_draws(fitted: ChoiceFit | None, data: ChoiceData, mult: np.ndarray) -> np.ndarray:
    """``(len(mult) + 1, 3)``: log loss, Brier, PR-AUC on the data, then under each row of group
    multipliers (a bootstrap of the scored treaties)."""
    u = np.zeros(len(data.rows)) if fitted is None else fitted.utility(data)
    loss, brier, p = _group_scores(u, data)
    g = data.rows.group.to_numpy()
    gw = data.rows.weight.to_numpy()[_starts(g)]
    out = [list(_weighted_scores(loss, brier, p, data, gw).values())]
    for m in mult:
        out.append(list(_weighted_scores(loss, brier, p, data, gw * m).values()))
    return np.array(out)


def _check_splits(splits) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """Splits as :data:`SPLITS` writes them: a list of ``(name, (first, last), (first, last))``."""
    shape = "a list of (name, (first, last), (first, last)) triples, as SPLITS"
    if isinstance(splits, (str, bytes, Mapping)) or not isinstance(splits, (Sequence, np.ndarray)) or not len(splits):
        raise _args.ArgumentError(f"splits must be {shape}, not {_args._show(splits)}.")
    out = []
    for s in splits:
        if not isinstance(s, (tuple, list)) or len(s) != 3 or not isinstance(s[0], str):
            raise _args.ArgumentError(f"each split must be (name, (first, last), (first, last)); got {_args._show(s)}.")
        for span, what in ((s[1], "fitting"), (s[2], "scoring")):
            if not isinstance(span, tuple) or len(span) != 2:
                raise _args.ArgumentError(f"split {s[0]!r}: the {what} years must be a (first, last) pair, not "
                                          f"{_args._show(span)}.")
        out.append((s[0], s[1], s[2]))
    return out


def out_of_sample(data: ChoiceData, models=None, splits=SPLITS, reference: str = "geography+affinity",
                  n_boot: int = 200, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Fit each model on one era and score it on the next, with intervals and differences.

    Parameters
    ----------
    data : ChoiceData
        Every era's groups (:func:`choice_data`).
    models : mapping, optional
        Name to ``(covariates, threat)``, as :data:`MODELS` (the default). The uniform model
        (``"uniform"``: every candidate equally likely) is always added.
    splits : sequence of (name, (first, last), (first, last))
        Fitting and scoring event years (default :data:`SPLITS`).
    reference : str
        The model each other is compared with (``diff`` = model minus reference).
    n_boot, seed, level
        The intervals: ``n_boot`` resamples of the *scored* era's treaties (a block bootstrap,
        as :func:`bootstrap`), the same draws for every model, so that a difference's interval is
        paired. The intervals show the scored sample's variation; the fit is held at its estimate.

    Returns
    -------
    pandas.DataFrame
        One row per split, model and metric (``log_loss``, ``brier``, ``pr_auc``): ``estimate``,
        ``lo``, ``hi``, and ``diff``, ``diff_lo``, ``diff_hi`` against ``reference``; with
        ``n_fit_groups``, ``n_score_groups``, ``converged``. ``attrs["fits"]`` keeps the fitted
        models, a dict keyed by ``(split, model)`` (``None`` for ``"uniform"``), for
        :func:`predictions`.
    """
    data = _check_data(data)
    if models is not None and not isinstance(models, Mapping):
        raise _args.ArgumentError(f"models must map a name to (covariates, threat), as MODELS does, not "
                                  f"{_args._show(models)}.")
    models = dict(MODELS if models is None else models)
    for name, model in models.items():
        if not isinstance(model, tuple) or len(model) != 2:
            raise _args.ArgumentError(f"models[{name!r}] must be a pair (covariates, threat), as in MODELS, not "
                                      f"{_args._show(model)}.")
    if not isinstance(reference, str) or reference not in models:
        raise _args.ArgumentError(f"reference must be one of the models ({', '.join(models)}), not {_args._show(reference)}.")
    splits = _check_splits(splits)
    n_boot = _args.whole(n_boot, "n_boot", 1, 100_000)
    seed = _args.whole(seed, "seed", 0)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    alpha = (1 - level) / 2
    metrics = ["log_loss", "brier", "pr_auc"]
    rows, fits = [], {}
    for name, fit_years, score_years in splits:
        train, test = data.subset(years=fit_years), data.subset(years=score_years)
        mult, _ = _treaty_draws(test, n_boot, seed)
        draws, info = {}, {}
        for model, (cov, thr) in models.items():
            f = fit(train, cov, thr)
            fits[(name, model)] = f
            draws[model] = _score_draws(f, test, mult)
            info[model] = f.converged
        draws["uniform"], info["uniform"] = _score_draws(None, test, mult), True
        fits[(name, "uniform")] = None
        for model, d in draws.items():
            diff = d - draws[reference]
            for k, metric in enumerate(metrics):
                rows.append({
                    "split": name, "model": model, "metric": metric, "estimate": d[0, k],
                    "lo": np.quantile(d[1:, k], alpha), "hi": np.quantile(d[1:, k], 1 - alpha),
                    "diff": diff[0, k], "diff_lo": np.quantile(diff[1:, k], alpha),
                    "diff_hi": np.quantile(diff[1:, k], 1 - alpha), "n_fit_groups": int(train.rows.group.nunique()),
                    "n_score_groups": int(test.rows.group.nunique()), "converged": info[model],
                })
    out = pd.DataFrame(rows)
    out.attrs["fits"] = fits
    return out


def _significant(values: pd.Series, digits: int) -> pd.Series:
    """Each value rounded to ``digits`` significant digits."""
    return values.map(lambda v: float(f"{v:.{digits}g}"))


def predictions(data: ChoiceData, fits: dict, splits=SPLITS, digits: int | None = None) -> pd.DataFrame:
    """Every scored candidate's predicted probability of being chosen, per split and model.

    The rows a separation plot draws (Greenhill, Ward & Sacks 2011): for each split, the models in
    ``fits`` (as :func:`out_of_sample` keeps them in ``attrs["fits"]``) predict the groups of the
    scored era, and each candidate gets ``p``, the chance that it is among the partners its chooser
    took (``1 - (1 - pi)**k``, as the Brier score of :func:`score`; conditional on *k*).

    Parameters
    ----------
    data : ChoiceData
        Every era's groups (the data the fits came from).
    fits : dict
        ``(split, model)`` to a :class:`ChoiceFit` (``None``: the uniform model).
    splits : sequence of (name, (first, last), (first, last))
        As for :func:`out_of_sample`; only splits named in ``fits`` are used.
    digits : int, optional
        Predict from each fit's parameters rounded to this many significant digits. The optimiser's
        last digits differ between processors, and among tens of thousands of candidates some
        probability would cross any grid a figure draws on; with rounded parameters the
        probabilities are the same on every processor. ``None`` (default): the parameters as fitted.

    Returns
    -------
    pandas.DataFrame
        ``split``, ``model``, ``group`` (in the scored era's numbering), ``year``, ``chooser``,
        ``candidate``, ``chosen`` (0/1), ``weight`` (the group's) and ``p``.
    """
    data = _check_data(data)
    if not isinstance(fits, dict) or not fits:
        raise _args.ArgumentError("fits must be a non-empty dict {(split, model): ChoiceFit or None}, "
                                  "for example out_of_sample(...).attrs['fits'].")
    bad = [k for k, f in fits.items() if not (isinstance(k, tuple) and len(k) == 2)
           or not (f is None or isinstance(f, ChoiceFit))]
    if bad:
        raise _args.ArgumentError(f"fits: keys must be (split, model) and values ChoiceFit or None; bad entries {bad[:3]}.")
    if digits is not None:
        digits = _args.whole(digits, "digits", 1, 17)
    known = {name: years for name, _, years in splits}
    unknown = sorted({k[0] for k in fits} - set(known))
    if unknown:
        raise _args.ArgumentError(f"fits name splits {unknown} that are not in splits ({', '.join(known)}).")
    frames = []
    for name, years in known.items():
        models = [m for (sp, m) in fits if sp == name]
        if not models:
            continue
        test = data.subset(years=years)
        r = test.rows
        base = pd.DataFrame({c: r[c].to_numpy() for c in ("group", "year", "chooser", "candidate", "chosen", "weight")})
        for model in models:
            f = fits[(name, model)]
            if f is not None and digits is not None:
                f = dataclasses.replace(f, params=_significant(f.params, digits))
            u = np.zeros(len(r)) if f is None else f.utility(test)
            _, _, p = _group_scores(u, test)
            frames.append(base.assign(split=name, model=model, p=p))
    cols = ["split", "model", "group", "year", "chooser", "candidate", "chosen", "weight", "p"]
    return pd.concat(frames, ignore_index=True)[cols]


# --- a null that keeps geography ------------------------------------------------------------------------


def permute(data: ChoiceData, seed: int = 0) -> ChoiceData:
    """The same groups with the chosen partners shuffled within region: a null that keeps geography.

    In every group, the partners chosen in each COW region are replaced by as many candidates drawn
    at random (without replacement) from that region's candidates. The chooser, the event (and so the
    era), the number of partners and their regions stay; which states in the region were chosen does
    not. A model that only knows which regions ally scores the same on the real and the permuted
    choices; one that knows more (distance within a region, shared threats) scores better on the
    real ones.

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data`.
    seed : int
        Seed of the shuffle.

    Returns
    -------
    ChoiceData
        A copy with ``chosen`` permuted.
    """
    data = _check_data(data)
    seed = _args.whole(seed, "seed", 0)
    r = data.rows
    rng = np.random.default_rng(seed)
    key = pd.factorize(pd.MultiIndex.from_arrays([r.group.to_numpy(), r.region.to_numpy()]))[0]
    order = np.lexsort((rng.random(len(r)), key))
    k_sorted = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(k_sorted)) + 1]
    rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.r_[starts, len(r)]))
    n_chosen = np.bincount(key, weights=r.chosen.to_numpy(), minlength=key.max() + 1)
    chosen = np.empty(len(r), dtype="int64")
    chosen[order] = (rank < n_chosen[k_sorted]).astype("int64")
    return dataclasses.replace(data, rows=r.assign(chosen=chosen))


def null_scores(fitted: ChoiceFit, data: ChoiceData, n: int = 100, seed: int = 0) -> pd.DataFrame:
    """Scores of a fitted model on ``n`` geography-keeping permutations of the choices (:func:`permute`).

    Parameters
    ----------
    fitted : ChoiceFit
        A fit (typically on an earlier era).
    data : ChoiceData
        The groups to score.
    n : int
        Number of permutations (seeds ``seed``, ``seed + 1``, ...).
    seed : int
        The first seed.

    Returns
    -------
    pandas.DataFrame
        One row per permutation: ``log_loss``, ``brier``, ``pr_auc``. ``attrs["observed"]`` holds
        the scores on the real choices and ``attrs["p_value"]`` per metric the share of
        permutations scoring at least as well, as ``(b + 1) / (n + 1)`` (Phipson & Smyth 2010).
    """
    data = _check_data(data)
    if not isinstance(fitted, ChoiceFit):
        raise _args.ArgumentError(f"fitted must be a ChoiceFit (from bot_core.choice.fit()), not {type(fitted).__name__}.")
    n = _args.whole(n, "n", 1, 100_000)
    seed = _args.whole(seed, "seed", 0)
    observed = score(fitted, data)[["log_loss", "brier", "pr_auc"]]
    out = pd.DataFrame([score(fitted, permute(data, seed + b))[["log_loss", "brier", "pr_auc"]] for b in range(n)])
    out = out.astype("float64").reset_index(drop=True)
    better = {"log_loss": (out.log_loss <= observed.log_loss).sum(), "brier": (out.brier <= observed.brier).sum(),
              "pr_auc": (out.pr_auc >= observed.pr_auc).sum()}
    out.attrs["observed"] = observed.astype("float64").to_dict()
    out.attrs["p_value"] = {k: (int(v) + 1) / (n + 1) for k, v in better.items()}
    return out


# --- the profile over the weights -------------------------------------------------------------------------


def _newton(x: np.ndarray, prob: _Problem, group_weight: np.ndarray, start: np.ndarray, tol: float = 1e-9,
            maxiter: int = 100) -> tuple[np.ndarray, float, bool]:
    """Maximise the composite log-likelihood of a utility linear in its parameters, ``u = x @ p``
    (the weights held fixed), by Newton's method with the exact Hessian and a halving line search.
    The log-likelihood is concave in ``p``, so the answer is the one :func:`fit` reaches, found in a
    handful of steps. Returns the parameters, the log-likelihood and whether the gradient fell below
    ``tol`` (per unit of group weight)."""
    g, y, total = prob.g, prob.y, float(group_weight.sum())
    c = np.flatnonzero(y)
    p = start.copy()

    def value(q):
        with np.errstate(divide="ignore"):  # a trial step may send a chosen row's probability to 0: -inf, refused
            _, _, logp, omega = prob.terms(_mv(x, q), group_weight)
        return float(np.dot(omega, logp))

    ll, converged = value(p), False
    for _ in range(maxiter):
        eu, denom, _, omega = prob.terms(_mv(x, p), group_weight)
        h = np.bincount(g, weights=np.where(y, omega / denom, 0.0), minlength=prob.n_groups)
        du = np.where(y, omega * (1 - eu / denom), -eu * h[g])
        grad = _vm(du, x)
        if np.abs(grad).max() / total < tol:
            converged = True
            break
        # minus the Hessian: sum over terms of omega * (the choice set's covariance of x)
        ex = np.where(y, 0.0, eu)[:, None] * x  # unchosen rows: exp(u) x
        info = x.T @ (ex * h[g][:, None])
        info += x[c].T @ (x[c] * (omega[c] * eu[c] / denom[c])[:, None])
        v = np.add.reduceat(ex, prob.starts, axis=0)  # per group: the sum over its unchosen rows
        mean = (eu[c, None] * x[c] + v[g[c]]) / denom[c, None]
        info -= mean.T @ (mean * omega[c][:, None])
        step = np.linalg.lstsq(info + 1e-12 * np.eye(len(p)) * np.trace(info), grad, rcond=None)[0]
        t = 1.0
        while t > 1e-10:
            new = value(p + t * step)
            if new >= ll - 1e-12 * abs(ll):
                break
            t /= 2
        p, ll = p + t * step, new
    return p, ll, converged


def profile(data: ChoiceData, weights, covariates=MODELS["threat"][0], splits=SPLITS) -> pd.DataFrame:
    """The threat model at each of many fixed weightings: every other coefficient re-estimated there.

    At fixed weights the utility is linear in the coefficients, so each fit is the one :func:`fit`
    with ``weights=`` gives (``tests/test_choice.py`` checks it), found by Newton's method from the
    previous weighting's estimate: a few steps each, so that a grid of hundreds of weightings takes
    minutes rather than hours. For each split of ``splits`` the model is also fitted on the fitting
    years and scored on the scoring years (the log loss of :func:`score`).

    Parameters
    ----------
    data : ChoiceData
        From :func:`choice_data`.
    weights : array of shape (k, 4)
        The weightings, one per row in the order of :data:`~bot_core.criteria.CRITERIA` (each row
        normalised to sum to 1; at least one positive weight a row).
    covariates : sequence of str
        The controls (default: the ``"threat"`` model's, :data:`MODELS`).
    splits : sequence of (name, (first, last), (first, last))
        Out-of-sample splits, as :data:`SPLITS` (the default); an empty tuple for none.

    Returns
    -------
    pandas.DataFrame
        One row per weighting: ``w_power`` ... ``w_intent`` (normalised), ``loglik`` (in sample,
        every year of ``data``), ``log_loss`` (in sample: minus ``loglik`` per unit of group
        weight), ``beta_shared`` (in sample), ``converged`` (every fit of the row), and per split
        ``log_loss <split name>`` (out of sample).
    """
    data = _check_data(data)
    covariates, _ = _check_spec(data, covariates, True)
    w = np.asarray(_args.numeric(weights, "weights"), dtype="float64")
    if w.ndim != 2 or w.shape[1] != len(CRITERIA) or not len(w) or (w < 0).any() or not (w.sum(axis=1) > 0).all():
        raise _args.ArgumentError(f"weights must be an array of weightings, one row of {len(CRITERIA)} non-negative "
                                  f"numbers (not all zero) per weighting, in the order {', '.join(CRITERIA)}; got "
                                  f"shape {w.shape}.")
    w = np.array([_args.weights(row, CRITERIA) for row in w])
    splits = _check_splits(splits) if len(splits) else []
    samples = [("", data, None)] + [(name, data.subset(years=fit_years), data.subset(years=score_years))
                                    for name, fit_years, score_years in splits]
    out = pd.DataFrame(w, columns=[f"w_{c}" for c in CRITERIA])
    ok = np.ones(len(w), dtype=bool)
    for name, train, test in samples:
        prob = _Problem(train, covariates, True, w[0])
        p = np.zeros(prob.n_params)
        lls, betas, losses = [], [], []
        if test is not None:
            tr = test.rows
            t_x = tr[list(CRITERIA)].to_numpy("float64")
            t_z = tr[list(prob.names)].to_numpy("float64")[:, prob.free]
            t_sh = test.shared.reshape(len(tr), 3, 16)
            t_gw = tr.weight.to_numpy()[_starts(tr.group.to_numpy())]
        for i, wi in enumerate(w):
            x = np.column_stack([prob._shared(wi)[0] / prob.q_scale, prob.t, prob.z])
            p, ll, conv = _newton(x, prob, prob.gw, p)
            ok[i] &= conv
            lls.append(ll)
            betas.append(p[0] / prob.q_scale)
            if test is not None:
                u = (p[0] / prob.q_scale) * _cosine(t_sh[:, 0], t_sh[:, 1], t_sh[:, 2], wi)[0] \
                    + _mv(t_x, p[1:1 + len(CRITERIA)] / prob.x_scale) + _mv(t_z, p[1 + len(CRITERIA):] / prob.z_scale)
                loss, _, _ = _group_scores(u, test)
                losses.append(float(t_gw @ loss / t_gw.sum()))
        if test is None:
            out["loglik"] = lls
            out["log_loss"] = -np.array(lls) / float(prob.gw.sum())
            out["beta_shared"] = betas
        else:
            out[f"log_loss {name}"] = losses
    out.insert(len(CRITERIA) + 3, "converged", ok)
    return out


# --- the fit by obligation type ---------------------------------------------------------------------------

#: Environment variable: "0" switches off the disk cache of :func:`by_obligation`.
CHOICE_CACHE_ENV = "BOT_CORE_CHOICE_CACHE"


def _code_digest() -> str:
    """A digest of every module and table of ``bot_core`` and of the numerical libraries' versions:
    any change to the code, the data registry (which pins each data file's SHA-256) or the
    libraries gives another digest, so a stale result is never read."""
    import scipy

    here = Path(__file__).parent
    h = hashlib.sha256(f"{np.__version__} {pd.__version__} {scipy.__version__}".encode())
    for f in sorted([*here.rglob("*.py"), *here.rglob("*.tsv"), *here.rglob("*.csv")]):
        h.update(str(f.relative_to(here)).encode() + f.read_bytes())
    return h.hexdigest()[:16]


def disk_cached(name: str, args, compute, cache: bool = True):
    """``compute()``, kept on disk as the frame cache of :mod:`bot_core.datasets` keeps its frames:
    ``<BOT_CORE_CACHE_DIR>/choice/<name>-<key>-<digest>.pkl``, the key a hash of ``repr(args)`` and
    the digest :func:`_code_digest` (code, data registry, numerical libraries), so a stale result is
    never read. For deterministic computations only (a cached result must be the result).
    ``cache=False`` or ``BOT_CORE_CHOICE_CACHE=0`` computes afresh and keeps nothing."""
    if not isinstance(cache, (bool, np.bool_)):
        raise _args.ArgumentError(f"cache must be True or False, not {_args._show(cache)}.")
    use_cache = bool(cache) and os.environ.get(CHOICE_CACHE_ENV, "1") != "0"
    from bot_core.datasets import _fetch, _frames

    key = hashlib.sha256(repr(args).encode()).hexdigest()[:12]
    target = _fetch.cache_dir() / "choice" / f"{name}-{key}-{_code_digest()}.pkl"
    if use_cache and target.is_file():
        try:
            with open(target, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # unreadable: compute again
            pass
    out = compute()
    if use_cache:  # written as the data frames are (atomic, older versions removed, read-only cache tolerated)
        _frames._store(out, target)
    return out


def by_obligation(obligations=alliances.OBLIGATIONS, covariates=MODELS["threat"][0], cache: bool = True,
                  level: float = 0.95) -> pd.DataFrame:
    """The threat model fitted on each ATOP obligation type alone, with intervals clustered by treaty.

    Each type gets its own :func:`choice_data` (``obligations=(type,)``, the other arguments at
    their defaults) and its own fit with :func:`sandwich` intervals (a bootstrap per type would
    take most of an hour). A treaty with several obligations enters every type
    it carries, so the types overlap. Each fit takes about a minute on a small machine, so the
    results are kept on disk (``<BOT_CORE_CACHE_DIR>/choice/``, as the frame cache of
    :mod:`bot_core.datasets`), named by the arguments and a digest of the code, the data registry
    and the numerical libraries; the computation is deterministic (L-BFGS-B from a fixed start), so
    a cached result is the result. ``cache=False`` or ``BOT_CORE_CHOICE_CACHE=0`` computes afresh.

    Parameters
    ----------
    obligations : sequence of str
        ATOP obligation types (:data:`bot_core.alliances.OBLIGATIONS`), one fit each.
    covariates : sequence of str
        The controls (default: the threat model's, :data:`MODELS`).
    cache : bool
        Whether to read and write the disk cache.
    level : float
        Coverage of the intervals (default 0.95).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``obligation``: ``n_groups``, ``n_events``, ``n_treaties``, ``n_chosen``, the
        four weights ``w_power`` ... ``w_intent``, ``beta_shared``, ``beta_own_power`` ...
        ``beta_own_intent``, each with ``<name>_lo`` and ``<name>_hi`` (and, for a weight,
        ``<name>_at_bound``: pressed against the simplex's edge, no interval), ``loglik``, ``converged``
        and ``choosers`` (the decisions the fit saw: a tuple of ``(atopid, year, chooser)``).
    """
    obligations = _args.names(obligations, "obligations", alliances.OBLIGATIONS, noun="obligation types")
    covariates = tuple(_args.names(covariates, "covariates", list(COVARIATES), allow_empty=True, noun="covariates"))
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    return disk_cached("by_obligation", (obligations, covariates, level),
                       lambda: _by_obligation(obligations, covariates, level), cache)


def _by_obligation(obligations: list, covariates: tuple, level: float) -> pd.DataFrame:
    rows = []
    for ob in obligations:
        # not through choice_data's in-memory cache: one type's data at a time, then freed
        data = _choice_data.__wrapped__(CHOICE_SPEC, (ob,), KINDS, 1816, alliances.LAST_YEAR,
                                        "event", "system")
        iv = sandwich(data, covariates, True, level=level)
        f = iv.attrs["fit"]
        g = data.groups
        seen = tuple(sorted(zip(g.atopid.astype(int), g.year.astype(int), g.chooser.astype(int))))
        names = [f"w_{c}" for c in CRITERIA] + ["beta_shared"] + [f"beta_own_{c}" for c in CRITERIA]
        rows.append({"obligation": ob, "n_groups": f.n_groups, "n_events": f.n_events, "n_treaties": f.n_treaties,
                     "n_chosen": f.n_chosen, **{n: float(f.params[n]) for n in names},
                     **{f"{n}_lo": float(iv.loc[n, "lo"]) for n in names},
                     **{f"{n}_hi": float(iv.loc[n, "hi"]) for n in names},
                     **{f"{n}_at_bound": bool(iv.loc[n, "at_bound"]) for n in names[:4]},
                     "loglik": f.loglik, "converged": f.converged, "choosers": seen})
        del data, f, iv
    return pd.DataFrame(rows).set_index("obligation")
