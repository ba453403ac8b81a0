"""Layout of graphs too big for a spring layout: the headquarters in the middle, countries around it.

A spring layout costs time quadratic in the nodes at every iteration: a few
hundred milliseconds for the curated graph, minutes for fifty thousand
nodes. Big graphs are the curated core plus many countries, so the core
keeps its spring layout and each country (see graph.overview.country_groups)
is drawn as a small ring of its members around its member state, the
countries themselves on rings around the core. Everything is placed in one
linear pass and is deterministic: the same data gives the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import networkx as nx

from un_pathways.graph.overview import country_groups

__all__ = ["COUNTRY_SPACING", "grouped_layout"]

COUNTRY_SPACING = 260.0  # pixels between two country anchors on a ring
MEMBER_RADIUS = 70.0  # pixels from a member state to the presences it hosts
Positions = dict[str, tuple[float, float]]


def grouped_layout(graph: nx.MultiDiGraph, core_layout: Callable[[nx.MultiDiGraph], Positions]) -> Positions:
    """Positions for every node: ``core_layout`` for nodes of no country, rings for the countries."""
    groups = country_groups(graph)
    core = [node for node in graph if node not in groups]
    positions = dict(core_layout(graph.subgraph(core))) if core else {}
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    radius = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 2 * COUNTRY_SPACING

    members: dict[str, list[str]] = defaultdict(list)
    for node, state in groups.items():
        if node != state:
            members[state].append(node)
    countries = sorted(set(groups.values()), key=lambda state: graph.nodes[state].get("name", state))
    for state, anchor in zip(countries, _ring_points(len(countries), centre, radius), strict=True):
        positions[state] = anchor
        hosted = sorted(members[state])
        for index, node in enumerate(hosted):
            angle = 2 * math.pi * index / len(hosted)
            positions[node] = (
                anchor[0] + MEMBER_RADIUS * math.cos(angle),
                anchor[1] + MEMBER_RADIUS * math.sin(angle),
            )
    return positions


def _ring_points(count: int, centre: tuple[float, float], radius: float) -> list[tuple[float, float]]:
    """``count`` points on concentric rings COUNTRY_SPACING apart, inner ring first."""
    points: list[tuple[float, float]] = []
    while len(points) < count:
        fits = max(1, int(2 * math.pi * radius / COUNTRY_SPACING))
        take = min(fits, count - len(points))
        for index in range(take):
            angle = 2 * math.pi * index / take
            points.append((centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)))
        radius += COUNTRY_SPACING
    return points
