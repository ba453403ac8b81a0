"""The Explore picture without Streamlit: layout, vis-network data and the standalone HTML.

Same functions the app calls (ui/graph_data.py, ui/network.py): the seeded
layout of the whole graph (computed once per data version and cached by the
app), then for each picture ``filtered`` -> ``vis_graph`` (the vis-network
node and edge dicts pyvis would make, built directly) -> ``standalone_html``
(the downloadable page, on pyvis's vis-network library). Measured for the whole graph
and for the 2-hop neighbourhood of the Secretary-General.
"""

from __future__ import annotations

import logging

import networkx as nx

from bench.harness import Figure, Options, Projection, SizeCase, measure
from un_pathways.graph.overview import nodes_within_hops
from un_pathways.graph.views import configure

__all__ = ["CENTRE", "measure_html"]

CENTRE = "un.secretary-general"


def _picture(view: nx.MultiDiGraph, positions: dict, kind_names: dict, hops: int | None) -> str:
    from un_pathways.ui.graph_data import filtered, vis_graph
    from un_pathways.ui.network import standalone_html

    shown = filtered(view)
    if hops:
        shown = shown.subgraph(nodes_within_hops(shown, CENTRE, hops)).copy()
    return standalone_html(vis_graph(shown, positions=positions, kind_names=kind_names))


def _stand_in_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A grid, when the real layout is not computed at this size: the picture's cost hardly depends on it."""
    side = max(1, int(len(graph) ** 0.5))
    return {node: (float(i % side) * 75, float(i // side) * 75) for i, node in enumerate(sorted(graph))}


def measure_html(
    case: SizeCase, options: Options, layout_budget: Projection, pyvis_budget: Projection
) -> list[Figure]:
    # ui.network declares a Streamlit component at import; outside `streamlit run` that only warns.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from un_pathways.ui.graph_data import layout_positions

    nodes, edges = case.graph.number_of_nodes(), case.graph.number_of_edges()
    figures = []
    positions: dict[str, tuple[float, float]] = {}
    skip = layout_budget.skip_reason(nodes**2, options)
    layout = Figure(case.label, "html", "layout of the whole graph (once per data version)", note=skip or "")
    if not skip:
        layout.embedded = measure(lambda: positions.update(layout_positions(case.graph)), options, repeats=3)
        layout_budget.record(nodes**2, layout.embedded.median)
    else:
        positions = _stand_in_positions(case.graph)
        layout.note += "; the pictures below use a grid instead"
    figures.append(layout)
    view = configure(case.graph)
    kind_names = {k: k.replace("_", " ") for k in case.dataset.vocabulary.kinds}
    ego = view.subgraph(nodes_within_hops(view, CENTRE, 2))
    for name, hops, work in (
        ("whole graph", None, nodes + edges),
        ("2-hop neighbourhood", 2, len(ego) + ego.number_of_edges()),
    ):
        skip = pyvis_budget.skip_reason(work, options) if hops is None else None
        figure = Figure(
            case.label, "html", f"pyvis HTML: {name}", note=skip or f"{len(ego) if hops else nodes:,} nodes"
        )
        if not skip:
            figure.embedded = measure(
                lambda hops=hops: _picture(view, positions, kind_names, hops), options, repeats=3
            )
            if hops is None:
                pyvis_budget.record(work, figure.embedded.median)
        figures.append(figure)
    return figures
