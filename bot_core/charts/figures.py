"""The index of the book's figures: which chart builders each chapter draws with.

A reader who sees a figure in a chapter finds its builder here, and from the builder its module.
``tests/charts/test_figures.py`` reads every chapter's code and checks that each builder it calls
(directly, ``charts.builder(...)``, or through :mod:`bot_core.explorer`) is listed under the
chapter, and that each listed builder exists in :mod:`bot_core.charts`.
"""

from __future__ import annotations

__all__ = ["FIGURES", "TABLES", "VIA_EXPLORER", "chapters_of"]

#: Chapter (notebook name without ``.ipynb``) -> the chart builders its figures come from. The
#: case chapters' threat explorer widget draws with ``threat_ranking`` and ``dyad_history``.
FIGURES: dict[str, tuple[str, ...]] = {
    "aggregate_power": ("capability_shares", "power_scalings"),
    "balancing_bandwagoning": ("onset_label_shares",),
    "case_1930s": ("criteria_paths", "rank_paths_chart", "threat_ranking", "dyad_history"),
    "case_after_1991": ("rank_paths_chart", "series_lines", "threat_ranking", "dyad_history"),
    "case_before_1914": ("rank_paths_chart", "threat_ranking", "dyad_history"),
    "case_cold_war": ("component_ratios", "rank_paths_chart", "superpower_alignment", "threat_ranking", "dyad_history", "series_lines"),
    "case_finlandization": ("criteria_paths", "rank_paths_chart", "threat_ranking", "dyad_history"),
    "case_gulf_iran": ("pledge_matrix", "rank_paths_chart", "threat_ranking", "dyad_history"),
    "case_indo_pacific": ("capability_shares", "rank_paths_chart", "threat_ranking", "dyad_history"),
    "case_middle_east": ("onset_label_bars", "rank_paths_chart", "threat_ranking", "dyad_history"),
    "case_revolutions": ("event_study", "rank_paths_chart", "threat_ranking", "dyad_history"),
    "critique_interests_identity": ("leader_allies", "estimates_by_group"),
    "critique_soft_balancing": ("superpower_alignment", "estimates_by_group"),
    "critique_theory_status": ("criterion_dial", "era_lift"),
    "critique_weak_states": ("rate_dots",),
    "index_validity": ("validity_weights",),
    "introduction": ("superpower_alignment",),
    "measurement_problem": ("agreement_dots", "ranking_explorer"),
    "offensive_capabilities": ("military_components", "offense_reach"),
    "offensive_intentions": ("intent_explorer", "intent_heatmap"),
    "partner_choice": ("estimates_by_group", "out_of_sample_scores", "separation_plot"),
    "power_and_threat": ("danger_agreement",),
    "proximity": ("border_sources", "decay_curve", "distance_history"),
    "replications": ("coefficient_intervals",),
    "testing_the_theory": ("bandwagoning_by_strength", "onset_label_shares", "weight_space"),
    "threat_index": ("threat_explorer", "top_threat_shares", "threat_ranking", "dyad_history"),
}

#: Functions of :mod:`bot_core.charts` that chapters call for a table or a statistic, not a figure.
TABLES = ("agreement_table", "compare_rates", "label_share_table", "onset_sides", "rate_table", "wilson_interval")

#: What :mod:`bot_core.explorer` draws with: its function -> the chart builders it calls.
VIA_EXPLORER: dict[str, tuple[str, ...]] = {
    "chart": ("threat_explorer",),
    "widget": ("threat_ranking", "dyad_history"),
}


def chapters_of(builder: str) -> list[str]:
    """The chapters that show a figure drawn by ``builder`` (a name in :mod:`bot_core.charts`)."""
    return [chapter for chapter, builders in FIGURES.items() if builder in builders]
