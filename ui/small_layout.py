"""The layout of a small view (a lesson step, a query's result): each connected part its own cell.

A small view drawn at its whole-graph positions is scattered over the
screen with long labels colliding; here it gets its own seeded spring layout,
part by part, each part in a cell as wide as its labels need.
"""

from __future__ import annotations

import math

import networkx as nx

from un_pathways.graph.settings import SETTINGS

__all__ = ["SMALL_VIEW_MAX_NODES", "small_view_layout"]

SMALL_VIEW_MAX_NODES = 300  # above this a spring layout costs more than a click should wait for
STEP_SPACING = 105.0  # pixels per square root of a part's node count: room for a label beside each node
LABEL_ROOM, ROW_ROOM, ROW_WIDTH = 230.0, 110.0, 920.0  # a lone node's cell, and the width of a row of cells
FLATTEN = 0.6  # squeeze the height: the frame is wider than tall and its bottom edge carries the controls


def _part_layout(part: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of one connected part, in pixels, lying on its side (screens are landscape)."""
    count = part.number_of_nodes()
    if count == 1:
        return {next(iter(part)): (0.0, 0.0)}
    raw = nx.spring_layout(part, k=1.8 / math.sqrt(count), iterations=300, seed=seed)
    xs, ys = [x for x, _ in raw.values()], [y for _, y in raw.values()]
    if max(ys) - min(ys) > max(xs) - min(xs):
        raw = {node: (y, x) for node, (x, y) in raw.items()}
    scale = STEP_SPACING * math.sqrt(count)
    return {node: (float(x) * scale, float(y) * scale * FLATTEN) for node, (x, y) in raw.items()}


def small_view_layout(shown: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A seeded layout of a few nodes (a lesson step, a query result), with room for every label.

    The whole-graph layout (``ui.graph_data.layout_positions``) packs small
    unconnected parts in tight rows, where long labels collide; here each part
    gets a cell as wide as its labels need, cells filling rows of a fixed width.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(shown))
    simple.add_edges_from((u, v) for u, v in shown.edges() if u != v)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    seed = SETTINGS["random_seed"].default
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part in parts:
        local = _part_layout(simple.subgraph(part), seed)
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        width, height = max(xs) - min(xs) + LABEL_ROOM, max(ys) - min(ys) + ROW_ROOM
        if x and x + width > ROW_WIDTH:
            x, y, row_height = 0.0, y + row_height, 0.0
        positions.update({node: (x + px - min(xs), y + py - min(ys)) for node, (px, py) in local.items()})
        x, row_height = x + width, max(row_height, height)
    return positions
