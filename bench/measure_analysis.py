"""Pathway analysis on one source/target, and the all-countries stall map.

The source/target is the Pathways page's default (the Sri Lanka country team
to the Security Council) on the plain view, which every size contains; the
stall map asks the same question of every country team at once. Each run
starts without the view's channel graph (as after a widget change), so it
pays for building it once; the three together share it, as on the page.
"""

from __future__ import annotations

from bench import targets
from bench.harness import Figure, Options, SizeCase, measure, wanted
from un_pathways.graph.channels import forget_channel_graphs
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.reach import bottlenecks, reach_probability
from un_pathways.graph.stall_map import country_teams, stall_map
from un_pathways.graph.views import configure

__all__ = ["SOURCE", "TARGET", "measure_analysis"]

SOURCE, TARGET = "field.unct.sri-lanka", "un.security-council"
K = 5


def measure_analysis(case: SizeCase, options: Options) -> list[Figure]:
    view = configure(case.graph)
    calls = {
        f"k={K} most reliable pathways": lambda: most_reliable_paths(view, SOURCE, TARGET, k=K),
        "reach probability": lambda: reach_probability(view, SOURCE, TARGET),
        "bottlenecks": lambda: bottlenecks(view, SOURCE, TARGET),
    }
    one_target = targets.PATHWAY_QUERY_N130_S if case.label == "N=130" else None
    figures = []
    for name, call in calls.items():
        if wanted(options, one_target):
            timing = measure(call, options, setup=forget_channel_graphs)
            figures.append(Figure(case.label, "analysis", name, embedded=timing))
            figures[-1].check(name, one_target, figures[-1].embedded.median)
    together_target = targets.PATHWAYS_CURATED_S if case.label == "curated" else None
    if wanted(options, together_target):
        reach = reach_probability(view, SOURCE, TARGET)
        combined = measure(lambda: [call() for call in calls.values()], options, setup=forget_channel_graphs)
        together = Figure(
            case.label,
            "analysis",
            f"k={K} + reach + bottlenecks",
            embedded=combined,
            note=f"reach {reach.method}, {reach.arcs} relevant arcs",
        )
        figures.append(together.check("pathways + reach + bottlenecks", together_target, combined.median))
    map_target = targets.STALL_MAP_N130_S if case.label == "N=130" else None
    if wanted(options, map_target):
        teams = len(country_teams(view))
        timing = measure(lambda: stall_map(view), options, setup=forget_channel_graphs)
        mapped = Figure(
            case.label, "analysis", "all-countries stall map", embedded=timing, note=f"{teams} country teams"
        )
        figures.append(mapped.check("stall map", map_target, timing.median))
    return figures
