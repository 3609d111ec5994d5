"""Altair chart builders for the book's figures, one module per figure family.

Every builder takes tidy :class:`pandas.DataFrame` objects, checks that they hold the columns it
needs (raising :class:`ValueError` that names what is missing), and *returns* an altair chart; it
never displays anything. Interactivity lives in Vega-Lite parameters inside the returned
specification, so a figure keeps working in the book's static pages with no running kernel.
Shared palette, checks and the kit every builder is drawn with (finishing, series colours and
dashes, the year axis and hover, the interval-dot layer): :mod:`bot_core.charts.base`. Which
chapter shows which builder's figures: :mod:`bot_core.charts.figures`.

========================  ==========================================================
module                    figures
========================  ==========================================================
``alignment``             the superpowers' capabilities and partners (introduction)
``theory``                where the theories' dangers agree (Part I)
``power``                 capability shares; absolute and relative power
``proximity``             the loss-of-strength gradient; distances; border sources
``offense``               offensive capabilities and reach; military components
``intentions``            intentions over time; hostility before the world wars
``explorer``              the threat index explorer (static page)
``cases``                 ranks among a state's threats over time, with alliance events (Part III)
``cold_war``              the superpowers' CINC components, ratio by ratio (Cold War case)
``regional_events``       onsets by label, pledges between states, rates around an event (Middle East, Gulf, revolutions)
``yearly_series``         a perceiver's criteria and other series by year (1930s, Finlandization, after 1991)
``evaluation``            onsets by label (Parts I and IV), strength, weight space
``critiques``             the intent weight's effect; sharing a threat by era (Waltz, Keohane, Vasquez)
``debates``               rates with intervals; allies of the leading powers (critiques)
``measurement``           how measurement choices move rankings (the measurement problem)
``validity``              how the weights move the index's validity (does the index measure threat?)
``choice``                the partner-choice test's out-of-sample scores, estimates by group, separation plots
``replications``          coefficients with intervals by era (replications)
========================  ==========================================================

``case_regions`` and ``case_today`` are the old names of ``regional_events`` and ``yearly_series``
(the same modules, so old imports keep working).
"""

from bot_core.charts.alignment import YEAR_PARAM, superpower_alignment
from bot_core.charts.base import DASHES, OKABE_ITO
from bot_core.charts.choice import (CHOICE_PARAMS, SEPARATION_PARAMS, estimates_by_group, out_of_sample_scores,
                                   separation_plot)
from bot_core.charts.cases import event_marks, rank_paths_chart
from bot_core.charts.cold_war import component_ratios
from bot_core.charts.critiques import criterion_dial, era_lift
from bot_core.charts.debates import compare_rates, leader_allies, rate_dots
from bot_core.charts.evaluation import (
    bandwagoning_by_strength,
    label_share_table,
    onset_label_shares,
    onset_sides,
    rate_table,
    weight_space,
    wilson_interval,
)
from bot_core.charts.explorer import dyad_history, threat_explorer, threat_ranking, top_threat_shares
from bot_core.charts.intentions import intent_explorer, intent_heatmap
from bot_core.charts.measurement import agreement_dots, ranking_explorer
from bot_core.charts.offense import military_components, offense_reach
from bot_core.charts.power import capability_shares, power_scalings
from bot_core.charts.proximity import border_sources, decay_curve, distance_history
from bot_core.charts.replications import REPLICATION_PARAMS, coefficient_intervals
from bot_core.charts.theory import agreement_table, danger_agreement
from bot_core.charts.validity import VALIDITY_PARAMS, validity_weights
from bot_core.charts.regional_events import event_study, onset_label_bars, pledge_matrix
from bot_core.charts.yearly_series import criteria_paths, series_lines
from bot_core.charts import case_regions, case_today  # the old module names: the same modules

__all__ = [
    "CHOICE_PARAMS",
    "SEPARATION_PARAMS",
    "DASHES",
    "VALIDITY_PARAMS",
    "OKABE_ITO",
    "REPLICATION_PARAMS",
    "YEAR_PARAM",
    "agreement_dots",
    "agreement_table",
    "bandwagoning_by_strength",
    "border_sources",
    "capability_shares",
    "coefficient_intervals",
    "compare_rates",
    "component_ratios",
    "criteria_paths",
    "criterion_dial",
    "danger_agreement",
    "decay_curve",
    "distance_history",
    "dyad_history",
    "era_lift",
    "event_marks",
    "event_study",
    "intent_explorer",
    "intent_heatmap",
    "label_share_table",
    "leader_allies",
    "military_components",
    "offense_reach",
    "onset_label_bars",
    "onset_label_shares",
    "out_of_sample_scores",
    "separation_plot",
    "estimates_by_group",
    "onset_sides",
    "pledge_matrix",
    "power_scalings",
    "rank_paths_chart",
    "ranking_explorer",
    "rate_dots",
    "rate_table",
    "series_lines",
    "superpower_alignment",
    "threat_explorer",
    "threat_ranking",
    "top_threat_shares",
    "validity_weights",
    "weight_space",
    "wilson_interval",
]
