"""Robustness (issue 14): one pathway question, and all the case verdicts, over the plausible settings.

Each run starts cold, as a changed widget or a fresh ``pathways cases`` does: no channel graph of
the view kept, a new view cache for the cases. The pathway question is the Pathways page's default
(Sri Lanka's country team to the Security Council, before Human Rights Up Front, as of 2009):
reach band, stall share and every flip search. The cases figure is every case's verdict and stall
share with their flip searches, at the setting's sample count.
"""

from __future__ import annotations

from bench import targets
from bench.harness import Figure, Options, SizeCase, measure, wanted
from un_pathways.graph.channels import forget_channel_graphs
from un_pathways.graph.robust_questions import ViewCache, case_robustness, pathway_robustness
from un_pathways.graph.robustness import Point
from un_pathways.graph.settings import SETTINGS
from un_pathways.graph.views import configure

__all__ = ["measure_robustness"]

SOURCE, TARGET = "field.unct.sri-lanka", "un.security-council"


def measure_robustness(case: SizeCase, options: Options) -> list[Figure]:
    if case.label != "curated":
        return []
    base = Point.of(None, SETTINGS["stall_threshold"].default)
    samples = SETTINGS["robustness_samples"].default
    figures = []
    if wanted(options, targets.ROBUSTNESS_PATHWAY_CURATED_S):
        view = configure(case.graph, as_of=2009, scenario="pre_hruf")
        timing = measure(
            lambda: pathway_robustness(view, SOURCE, TARGET, base), options, setup=forget_channel_graphs
        )
        figure = Figure(
            case.label, "robust", "one pathway question", embedded=timing, note=f"{samples} samples + flips"
        )
        target = targets.ROBUSTNESS_PATHWAY_CURATED_S
        figures.append(figure.check("pathway robustness", target, timing.median))
    if wanted(options, targets.ROBUSTNESS_CASES_CURATED_S):
        cases = list(case.dataset.cases.values())

        def all_cases() -> None:
            views = ViewCache(case.graph)
            for one in cases:
                case_robustness(views, one, base)

        timing = measure(all_cases, options, setup=forget_channel_graphs)
        figure = Figure(
            case.label,
            "robust",
            f"all {len(cases)} case verdicts",
            embedded=timing,
            note=f"{samples} samples + flips each",
        )
        figures.append(figure.check("case robustness", targets.ROBUSTNESS_CASES_CURATED_S, timing.median))
    return figures
