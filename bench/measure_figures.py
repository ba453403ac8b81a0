"""Slides and handouts (loaders/figures.py, loaders/handout.py): time to write each export.

Measured on the curated data only, where a teacher makes them: the whole
system, the Security Council's 1-hop neighbourhood, the Sri Lanka pathway
before Human Rights Up Front (as PNG, SVG, PDF slide and PDF handout) and the
Sri Lanka case handout. Each run draws from scratch (the app draws on click).
"""

from __future__ import annotations

from bench.harness import Figure, Options, SizeCase, measure
from un_pathways.graph.cases import case_verdict
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.views import configure

__all__ = ["measure_figures"]

SOURCE, TARGET, CENTRE, CASE = (
    "field.unct.sri-lanka",
    "un.security-council",
    "un.security-council",
    "case.sri-lanka-2008-09",
)


def measure_figures(case: SizeCase, options: Options) -> list[Figure]:
    from un_pathways.loaders.figure_views import neighbourhood_figure, pathway_figure, system_figure
    from un_pathways.loaders.figures import figure_bytes
    from un_pathways.loaders.handout import case_handout, handout_bytes, pathway_handout
    from un_pathways.ui.graph_data import layout_positions

    if case.countries is not None:
        return []
    graph = case.graph
    positions = layout_positions(graph)  # the app computes it once per data version
    before = configure(graph, as_of=2009, scenario="pre_hruf")
    paths = [p.to_dict() for p in most_reliable_paths(before, SOURCE, TARGET, k=3)]
    story = case.dataset.cases[CASE]
    verdict = case_verdict(graph, story)
    story_view = configure(graph, as_of=story.as_of, setting=story.setting, scenario=story.scenario)
    jobs = {
        "PNG slide: whole system": lambda: figure_bytes(system_figure(graph, "t", "s", positions), "png"),
        "PNG slide: Security Council, 1 hop": lambda: figure_bytes(
            neighbourhood_figure(graph, CENTRE, 1, "t", "s"), "png"
        ),
        "PNG slide: Sri Lanka pathway (3 routes)": lambda: figure_bytes(
            pathway_figure(before, paths, "t", "s"), "png"
        ),
        "SVG slide: Sri Lanka pathway": lambda: figure_bytes(pathway_figure(before, paths, "t", "s"), "svg"),
        "PDF slide: Sri Lanka pathway": lambda: figure_bytes(pathway_figure(before, paths, "t", "s"), "pdf"),
        "PDF handout: Sri Lanka pathway": lambda: handout_bytes(pathway_handout(before, paths[0], "t", "s")),
        "PDF handout: Sri Lanka case": lambda: handout_bytes(
            case_handout(story_view, story, verdict, "t", "s")
        ),
    }
    figures = []
    for name, job in jobs.items():
        figure = Figure(case.label, "export", name, note=f"{len(job()) / 1024:,.0f} KB")
        figure.embedded = measure(job, options, repeats=3)
        figures.append(figure)
    return figures
