"""What Explore draws when a view is too big for the browser: clusters, or one country in full.

The limit comes from measuring vis-network in headless Chromium on this
project's 2-core reference machine (bench/, docs/benchmarks.md): 2,000 nodes
draw in under a second and pan smoothly; 8,000 take several seconds and a
tenth of a second per frame, which feels frozen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from un_pathways.graph.overview import cluster_graph, kind_groups

__all__ = ["DRAW_LIMIT", "Summary", "country_view", "summarised"]

DRAW_LIMIT = 2000  # nodes drawn one by one; above it the view is summarised
Positions = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Summary:
    """A summarised view: the graph to draw, where its clusters sit, and how it was grouped."""

    drawn: nx.MultiDiGraph
    positions: Positions
    grouping: str  # "country" or "kind"


def summarised(
    shown: nx.MultiDiGraph, countries: Mapping[str, str], state_names: Mapping[str, str], positions: Positions
) -> Summary:
    """Countries as clusters; if that is still too big, every kind as one cluster.

    ``countries`` maps nodes of the whole graph to their member state and
    ``state_names`` names those states (a filter may have hidden the state itself).
    """
    groups = {node: state for node, state in countries.items() if node in shown}
    sizes = Counter(groups.values())
    names = {state: f"{state_names.get(state, state)} ({size})" for state, size in sizes.items()}
    drawn, grouping = cluster_graph(shown, groups, names), "country"
    if drawn.number_of_nodes() > DRAW_LIMIT:
        groups = kind_groups(shown)
        names = {group: group.removeprefix("kind:").replace("_", " ") + "s" for group in set(groups.values())}
        drawn, grouping = cluster_graph(shown, groups, names), "kind"
    return Summary(drawn, {**positions, **_centroids(groups, positions)}, grouping)


def country_view(shown: nx.MultiDiGraph, countries: Mapping[str, str], state: str) -> nx.MultiDiGraph:
    """One country in full: its member state, what it hosts, and every node they touch directly."""
    members = {node for node, country in countries.items() if country == state and node in shown}
    near = set(members)
    for node in members:
        near.update(shown.predecessors(node))
        near.update(shown.successors(node))
    return nx.MultiDiGraph(shown.subgraph(near))


def _centroids(groups: Mapping[str, str], positions: Positions) -> Positions:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for node, group in groups.items():
        if node in positions:
            x, y = positions[node]
            total = sums[group]
            total[0], total[1], total[2] = total[0] + x, total[1] + y, total[2] + 1
    return {f"cluster:{group}": (x / n, y / n) for group, (x, y, n) in sums.items()}
