"""Who allies with whom: a partner-choice model of alliance treaties, with the threat weights estimated.

Walt (1987) says states ally against threats, and names four sources of threat. The book's first
test (:mod:`bot_core.evaluate`) scored argmax rules on dyad onsets; this module asks the question as
a choice: when a state enters a treaty, which of the states it could have chosen did it choose, and
do the sources of threat -- weighted as the data, not the authors, weigh them -- help predict the
choice beyond geography and affinity? It gives the data (:func:`choice_data`), a conditional logit
with the four weights inside the likelihood (:func:`fit`), a block bootstrap by treaty
(:func:`bootstrap`), out-of-sample scores (:func:`score`, :func:`out_of_sample`, :func:`pr_auc`,
:func:`predictions` for separation plots) and a
null that keeps geography (:func:`permute`, :func:`null_scores`). The same model has statsmodels'
shape as well: ``PartnerChoice(data, ...).fit(cov_type=...)`` returns a :class:`ChoiceResults`
with ``params``, ``bse``, ``cov_params()``, ``conf_int()``, ``pvalues``, ``llf``, ``nobs``,
``summary()`` and ``predict()``, computed by the functions above (see :class:`PartnerChoice`).

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
    in force in *t* and direct rivalry. **Domestic threat and shared institutions** (not in the
    default models): the candidate's major-power status and its place as the chooser's top threat,
    each also where the chooser's government fought a COW intra-state war in *t* (omnibalancing;
    the war data end in 2008, so these are missing after, and a model reaching past them is
    refused), shared IGO memberships (COW IGO, to 2014) and co-membership of the Arab League's
    pact (ATOP 3015). **Balance-of-power readings**: Levy and Thompson's (2005)
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
    own stratum), and ``tests/choice/test_choice.py`` checks that both give the same coefficients and
    log-likelihood; it cannot put parameters inside a covariate nor weight groups, which is why the
    rest is written here.

Uncertainty (:func:`bootstrap`)
    Treaties are resampled with replacement (a block bootstrap by ATOP treaty: a treaty's events
    and choosers move together, since they are not independent decisions); each replicate reweights
    the groups by the number of times their treaty is drawn and is fitted from the point estimate.
    Percentile intervals. :func:`sandwich` gives the analytic counterpart, clustered by treaty.

The code, by idea
    ``_data`` (the groups and covariates), ``_likelihood`` (the likelihood and its gradient),
    ``_estimate`` (:func:`fit`, :func:`bootstrap`, :func:`sandwich`), ``_model``
    (:class:`PartnerChoice`, :class:`ChoiceResults`), ``_scoring``, ``_profile`` and ``_cache``
    (:func:`by_obligation`); every name is imported here, so ``choice.X`` is where it always was.

The same bits in every process
    The likelihood and its gradient add up their terms without BLAS: totals and column sums by
    numpy's pairwise reduction, whose order depends on the number of terms alone, each row's
    products column after column, group sums by ``np.bincount``'s sequential loop. A BLAS dot
    product may split a long sum among threads and treats the elements at a block's edge with
    another kernel, so its last digits can depend on how a process runs; the optimiser follows
    those digits. ``tests/choice/test_model.py`` fits the same data in two fresh interpreters, one
    with one BLAS thread and misaligned arrays, and finds the same bits.

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


from bot_core import _args  # noqa: F401  (choice._args is used by the tests)
from bot_core.choice import _data, _estimate, _model
from bot_core.choice._cache import CHOICE_CACHE_ENV, _by_obligation, _code_digest, by_obligation, disk_cached, separated
from bot_core.choice._data import (
    NEIGHBOUR_KM, THETA_BOUND, ChoiceData, _check_choice, _check_data, _choice_data, _group_rows, _hegemon, _leader, _state_table, _Year,
    _year_table, _years, choice_data, hegemons, military_leaders,
)
from bot_core.choice._estimate import (
    Bootstrap, ChoiceFit, _bootstrap, _check_spec, _curvature_intervals, _edge, _fit, _raw_covariance,
    _reported_jacobian, _treaty_draws, bootstrap, fit, sandwich,
)
from bot_core.choice._likelihood import COSINE_EPS, _cosine, _mv, _Problem, _starts, _total, _vm, shared_threat
from bot_core.choice._model import PREDICT_WHICH, ChoiceResults, ChoiceSummary, PartnerChoice
from bot_core.choice._profile import _newton, profile
from bot_core.choice._scoring import (
    _check_splits, _group_scores, _score_draws, _significant, _weighted_scores, null_scores, out_of_sample, permute,
    pr_auc, predictions, score,
)

# The public constants again, each under its comment, so that the reference appendix documents them
# here (autodoc reads the ``#:`` comments of the module it documents).
#: The decisions read from :func:`bot_core.alliances.events`.
KINDS = _data.KINDS
#: How each decision is weighted (see the module docstring).
UNITS = _data.UNITS
#: The alternative sets (see the module docstring).
ALTERNATIVES = _data.ALTERNATIVES
#: The covariates of :func:`choice_data`, with what each measures (for chooser i, candidate j, year t).
COVARIATES = _data.COVARIATES
#: The rival models: (covariates, whether the threat terms S and T are in the utility). ``"controls"``
#: is ``"threat"`` without S and T: the difference between the two is what the threat terms add.
MODELS = _data.MODELS
#: The out-of-sample splits: (name, fitting years, scoring years), by event year.
SPLITS = _data.SPLITS
#: The criteria's specification the choice data use by default: the book's validated one
#: (:class:`bot_core.criteria.CriteriaSpec`) without its affinity discount. Affinity is in the
#: model as covariates of its own, and the discount's alliance component (an alliance in force the
#: year before) would put the outcome among the predictors.
CHOICE_SPEC = _data.CHOICE_SPEC
#: Share of the major powers' military personnel that makes a hegemon (Levy & Thompson 2005).
HEGEMON_SHARE = _data.HEGEMON_SHARE
#: ATOP's treaty for the Pact of the League of Arab States (22 March 1945): the ``arab_league``
#: covariate marks pairs of its members in the covariate year.
ARAB_LEAGUE_ATOPID = _data.ARAB_LEAGUE_ATOPID
#: A weight below this is at the edge of the simplex for :func:`sandwich`: held there, no interval
#: (shown as 0.00 at two decimals).
EDGE_WEIGHT = _estimate.EDGE_WEIGHT
#: The kinds of covariance :meth:`PartnerChoice.fit` computes.
COV_TYPES = _model.COV_TYPES

__all__ = [
    "ALTERNATIVES", "ARAB_LEAGUE_ATOPID", "CHOICE_SPEC", "COVARIATES", "KINDS", "MODELS", "SPLITS", "UNITS", "Bootstrap", "ChoiceData", "ChoiceFit",
    "HEGEMON_SHARE", "EDGE_WEIGHT", "bootstrap", "choice_data", "fit", "hegemons", "military_leaders", "by_obligation", "null_scores",
    "out_of_sample", "permute", "pr_auc", "predictions", "profile", "sandwich", "score", "separated", "shared_threat",
    "PartnerChoice", "ChoiceResults", "ChoiceSummary", "COV_TYPES",
]
