"""The layout of a focused view (a node and its 1- or 2-hop neighbourhood): rings whose labels never overlap.

The whole-graph positions put the Council's neighbours wherever the whole
graph put them: a lopsided star with labels stacked on each other (Russia on
the US, France on the UK). A focused view gets its own picture: the chosen
node in the middle, each ring of neighbours around it (ordered by kind, then
name, so like sits by like), and every node pushed outwards along its ray
until its label's box, as vis-network will draw it (FOCUS_LABEL_PX, under
the node), touches no other label or node. A crowded ring thus staggers
into a compact band instead of one huge circle whose labels, fitted to the
screen, would be too small to read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

from un_pathways.ui.graph_data import FOCUS_LABEL_PX, FOCUS_NODE_PX, node_label, node_sizes
from un_pathways.ui.graph_style import KIND_STYLE

__all__ = ["expanded_positions", "focus_positions"]

CHAR_WIDTH = 0.62  # of the font size: wider than Source Sans' average, so estimates err on the safe side
GAP = 14  # pixels kept free around every label
RING_STEP = 24  # pixels a node moves outwards while its label collides
FAN = 2.8  # radians: the widest fan of nodes an expansion adds (pointing away from the centre)


def _node_radius(size: float) -> float:
    low, high = FOCUS_NODE_PX
    return low + (high - low) * size


def _label_box(x: float, y: float, text: str, radius: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label drawn under a node at (x, y), with a margin."""
    width = len(text) * FOCUS_LABEL_PX * CHAR_WIDTH + 2 * GAP
    top = y + radius + 2
    return x - width / 2, top - GAP / 2, x + width / 2, top + FOCUS_LABEL_PX * 1.4 + GAP / 2


def _node_box(x: float, y: float, radius: float) -> tuple[float, float, float, float]:
    return x - radius - 4, y - radius - 4, x + radius + 4, y + radius + 4


def _hits(box: tuple, placed: list[tuple]) -> bool:
    left, top, right, bottom = box
    return any(left < r and x < right and top < b and y < bottom for x, y, r, b in placed)


def _rings(graph: nx.MultiDiGraph, centre: str) -> list[list[str]]:
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre)
    rings: list[list[str]] = []
    for node, hops in distance.items():
        if hops:
            while len(rings) < hops:
                rings.append([])
            rings[hops - 1].append(node)
    order = list(KIND_STYLE)
    kind_rank = lambda n: order.index(graph.nodes[n]["kind"]) if graph.nodes[n]["kind"] in order else 99  # noqa: E731
    return [sorted(ring, key=lambda n: (kind_rank(n), graph.nodes[n]["name"].casefold())) for ring in rings]


def focus_positions(
    graph: nx.MultiDiGraph, centre: str, metric: str = "degree", sizes: dict[str, float] | None = None
) -> dict[str, tuple[float, float]]:
    """Positions for a view around ``centre`` whose labels, at FOCUS_LABEL_PX, do not overlap.

    Nodes not connected to ``centre`` (in a filtered view) go on an outer ring. ``sizes`` (default:
    ``node_sizes`` of ``graph``) are the sizes the nodes will be drawn at, when the picture holds more.
    """
    sizes = sizes if sizes is not None else node_sizes(graph, metric)
    label = {n: node_label(graph.nodes[n], n) for n in graph}
    radius = {n: _node_radius(sizes[n]) for n in graph}
    positions = {centre: (0.0, 0.0)}
    placed = [_label_box(0.0, 0.0, label[centre], radius[centre]), _node_box(0.0, 0.0, radius[centre])]
    rings = _rings(graph, centre)
    unreached = sorted(set(graph) - {centre} - {n for ring in rings for n in ring})
    if unreached:
        rings.append(unreached)
    inner = radius[centre] + 60.0
    for ring in rings:
        start = inner + 140.0  # crowded rings stagger outwards (below) instead of growing one huge circle
        outermost = start
        for index, node in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * index / len(ring)
            distance = start
            while True:
                x, y = distance * math.cos(angle), distance * math.sin(angle)
                boxes = (_label_box(x, y, label[node], radius[node]), _node_box(x, y, radius[node]))
                if not any(_hits(box, placed) for box in boxes):
                    break
                distance += RING_STEP
            positions[node] = (round(x, 1), round(y, 1))
            placed.extend(boxes)
            outermost = max(outermost, distance)
        inner = outermost
    return positions


def _anchors(
    graph: nx.MultiDiGraph, placed: dict, added: set[str], expanded: list[str]
) -> list[tuple[str, list[str]]]:
    """Each added node under the placed node that brings it in, in the order they can be placed.

    That node is an expanded one where it can be (else the first placed neighbour by id); a node
    added by an expansion of an added node comes after it (breadth first).
    """
    rank = {node: index for index, node in enumerate(expanded)}
    groups: list[tuple[str, list[str]]] = []
    known, waiting = set(placed), set(added)
    while waiting:
        brought: dict[str, list[str]] = {}
        for node in sorted(waiting):
            near = sorted(
                (n for n in nx.all_neighbors(graph, node) if n in known),
                key=lambda n: (rank.get(n, len(rank)), n),
            )
            if near:
                brought.setdefault(near[0], []).append(node)
        if not brought:  # not connected to anything shown: around the centre
            brought = {"": sorted(waiting)}
        groups.extend(sorted(brought.items()))
        for members in brought.values():
            known.update(members)
            waiting.difference_update(members)
    return groups


def expanded_positions(
    graph: nx.MultiDiGraph, centre: str, base: set[str], metric: str = "degree", expanded: Iterable[str] = ()
) -> dict[str, tuple[float, float]]:
    """Positions for a focused view grown by expansions (ui/graph_toggles.py).

    The neighbourhood ``base`` is laid out as ``focus_positions`` lays it out; each node an
    expansion adds fans out beyond the node that brought it in, along the ray from the centre
    through that node, and moves outwards until its label touches no other label or node.
    ``expanded``: the nodes whose expansions brought the others in (in the order they were expanded).
    """
    sizes = node_sizes(graph, metric)
    positions = focus_positions(graph.subgraph(base), centre, metric, sizes=sizes)
    label = {n: node_label(graph.nodes[n], n) for n in graph}
    radius = {n: _node_radius(sizes[n]) for n in graph}
    placed = [box for n, (x, y) in positions.items() for box in _boxes(x, y, label[n], radius[n])]
    for anchor, members in _anchors(graph, positions, set(graph) - set(positions), list(expanded)):
        ax, ay = positions.get(anchor, (0.0, 0.0))
        heading, reach = math.atan2(ay, ax), math.hypot(ax, ay)
        spread = min(0.45, FAN / len(members)) if reach else 2 * math.pi / len(members)
        for index, node in enumerate(members):
            angle = heading + spread * (index - (len(members) - 1) / 2)
            distance = reach + 140.0
            while True:
                x, y = ax + (distance - reach) * math.cos(angle), ay + (distance - reach) * math.sin(angle)
                boxes = _boxes(x, y, label[node], radius[node])
                if not any(_hits(box, placed) for box in boxes):
                    break
                distance += RING_STEP
            positions[node] = (round(x, 1), round(y, 1))
            placed.extend(boxes)
    return positions


def _boxes(x: float, y: float, text: str, radius: float) -> tuple[tuple, tuple]:
    return _label_box(x, y, text, radius), _node_box(x, y, radius)
