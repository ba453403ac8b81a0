"""What a slide figure shows: the nodes, relations, positions and words of one view of the graph.

A :class:`FigureView` is built here (whole system, a neighbourhood, a pathway,
a case) and drawn by loaders/figures.py. Focused views get their own layout, so
a neighbourhood is not squeezed into its place in the whole-system picture:
a neighbourhood is radial (the centre, then a ring per hop), a pathway or a
case reads left to right, one column per step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from un_pathways.graph.overview import nodes_within_hops

__all__ = [
    "FigureView",
    "case_figure",
    "neighbourhood_figure",
    "pathway_figure",
    "system_figure",
]

Positions = dict[str, tuple[float, float]]
ZIGZAG = 0.6  # how far every other step of a chain sits below the line
FULL_NAMES_UP_TO = 16  # nodes: a neighbourhood this small keeps every full name; a bigger one, short names


@dataclass(frozen=True)
class FigureView:
    """One picture to draw: a title, the part of the graph, where each node goes, what to bring forward.

    ``emphasis`` holds the relation keys of the route the picture is about
    (drawn thick, the others faint); ``edge_labels`` words on some relations
    (a pathway's pass chances); ``label_all`` keeps every node's name, even
    where it has to touch another (small views, where every name matters).
    """

    title: str
    subtitle: str
    graph: nx.MultiDiGraph
    positions: Positions
    emphasis: frozenset[str] = frozenset()
    edge_labels: dict[str, str] = field(default_factory=dict)
    label_all: bool = False
    note: str = ""


def _sub(view: nx.MultiDiGraph, nodes: set[str]) -> nx.MultiDiGraph:
    shown = view.subgraph(nodes).copy()
    shown.graph = {}
    return shown


def system_figure(
    view: nx.MultiDiGraph, title: str, subtitle: str, positions: Positions | None = None
) -> FigureView:
    """The whole (filtered) system, at the app's positions when given, else the app's seeded layout.

    The app's positions are screen pixels (y grows downwards); the figure's y grows upwards, so y is
    turned over: what the app draws on top (the Council, in the layered layout) stays on top.
    """
    if positions is None:
        from un_pathways.ui.graph_data import layout_positions  # the app's layout (no Streamlit)

        positions = layout_positions(view)
    shown = _sub(view, set(view))
    return FigureView(
        title, subtitle, shown, {n: (positions[n][0], -positions[n][1]) for n in shown if n in positions}
    )


def neighbourhood_figure(
    view: nx.MultiDiGraph, centre: str, hops: int, title: str, subtitle: str
) -> FigureView:
    """The nodes at most ``hops`` relations from ``centre``: the centre in the middle, a ring per hop."""
    shown = _sub(view, nodes_within_hops(view, centre, hops))
    distance = nx.single_source_shortest_path_length(shown.to_undirected(as_view=True), centre)
    rings: list[list[str]] = [[] for _ in range(max(distance.values()) + 1)]
    for node in shown:
        rings[distance[node]].append(node)
    for ring in rings:
        ring.sort(key=lambda n: (shown.nodes[n]["kind"], shown.nodes[n]["name"].casefold()))
    positions: Positions = {centre: (0.0, 0.0)}
    for radius, ring in enumerate(rings[1:], 1):
        turn = 0.5 / len(ring) if radius % 2 == 0 else 0.0  # stagger the rings so names do not line up
        for index, node in enumerate(ring):
            angle = 2 * math.pi * (index / len(ring) + turn)
            positions[node] = (radius * math.cos(angle) * 1.6, radius * math.sin(angle))
    small = shown.number_of_nodes() <= FULL_NAMES_UP_TO
    return FigureView(title, subtitle, shown, positions, label_all=small)


def _chain_positions(routes: list[list[str]]) -> Positions:
    """Left to right, one column per step of the first route; other routes' extra nodes in between."""
    column: dict[str, float] = {}
    for route in routes:
        for index, node in enumerate(route):
            column.setdefault(node, float(index))
    # A node met first on a later route sits between its neighbours' columns.
    columns: dict[float, list[str]] = {}
    for node, x in column.items():
        columns.setdefault(x, []).append(node)
    positions: Positions = {}
    for x, nodes in columns.items():
        if len(nodes) == 1:  # a zigzag: neighbours' names go above and below, never side by side
            positions[nodes[0]] = (x, 0.0 if int(x) % 2 == 0 else -ZIGZAG)
            continue
        for row, node in enumerate(nodes):
            positions[node] = (x, -(row - (len(nodes) - 1) / 2))
    return positions


def _route_graph(view: nx.MultiDiGraph, hops: list[dict]) -> nx.MultiDiGraph:
    shown: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for hop in hops:
        for end in (hop["from"], hop["to"]):
            shown.add_node(end, **view.nodes[end])
        shown.add_edge(
            hop["from"], hop["to"], key=hop["key"], **view.edges[hop["from"], hop["to"], hop["key"]]
        )
    return shown


def hop_label(hop: dict, stalls: bool) -> str:
    """A hop's words on the picture: the model's chance it passes, and whether the signal stalls there."""
    return f"passes {hop['pass_probability']:.0%}" + (" · stalls" if stalls else "")


def pathway_figure(view: nx.MultiDiGraph, paths: list[dict], title: str, subtitle: str) -> FigureView:
    """The ``paths`` (``Pathway.to_dict()``, best first) from one actor to another: the best drawn thick."""
    hops = [hop for path in paths for hop in path["hops"]]
    shown = _route_graph(view, hops)
    labels: dict[str, str] = {}
    for path in reversed(paths):  # the best path's words win on a shared hop
        stall = path["stall"]["hop_index"] if path.get("stall") else None
        for index, hop in enumerate(path["hops"]):
            labels[hop["key"]] = hop_label(hop, index == stall)
    best = frozenset(hop["key"] for hop in paths[0]["hops"]) if paths else frozenset()
    positions = _chain_positions([path["nodes"] for path in paths])
    return FigureView(title, subtitle, shown, positions, best, labels, label_all=True)


def case_figure(view: nx.MultiDiGraph, verdict: dict, title: str, subtitle: str) -> FigureView:
    """A case's legs as the model ran them (``case_verdict``): each leg's best route, one after another."""
    route: list[str] = []
    hops: list[dict] = []
    labels: dict[str, str] = {}
    for leg in verdict["legs"]:
        path = leg["path"]
        if not path:
            continue
        stall = path["stall"]["hop_index"] if path.get("stall") else None
        for index, hop in enumerate(path["hops"]):
            labels[hop["key"]] = f"{leg['stage']}\n" + hop_label(hop, index == stall)
        hops += path["hops"]
        route += [node for node in path["nodes"] if not route or node != route[-1]]
    shown = _route_graph(view, hops)
    for node in route:
        if node not in shown and node in view:
            shown.add_node(node, **view.nodes[node])
    return FigureView(
        title, subtitle, shown, _chain_positions([route]), frozenset(labels), labels, label_all=True
    )
