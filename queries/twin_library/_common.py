"""What the twins share: Neo4j's view of values, the year filter, and path walking.

Each helper mirrors one idiom of the saved Cypher, so a twin reads like its
query: ``edge_in_year`` is the ``first_year <= $as_of <= last_year`` predicate on an
edge and its ends (``graph.views.in_force`` on one node or edge), ``cypher_round``
is Cypher's ``round(x, 4)``, ``node_value`` is what a returned node becomes,
``simple_paths`` is a variable-length MATCH with every node distinct.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import networkx as nx

from un_pathways.graph.channels import pass_probability
from un_pathways.graph.pathways import pathway_from_nodes
from un_pathways.graph.settings import SETTINGS
from un_pathways.graph.views import configure, in_force

__all__ = [
    "Hop",
    "cypher_round",
    "edge_in_year",
    "edges_of_type",
    "hop_probability",
    "node_value",
    "nulls_last",
    "route_signals",
    "signal_of",
    "simple_paths",
    "sources_of",
    "targets_of",
    "year_view",
]

Hop = tuple[str, str, str, dict]  # (from, to, edge key, edge attributes)


def cypher_round(value: float | None, digits: int = 4) -> float | None:
    """``round(value, digits)`` exactly as Neo4j computes it.

    Neo4j rounds the shortest decimal form of the double half away from zero
    (``BigDecimal.valueOf(x).setScale(digits, HALF_UP)``); Python's ``round``
    rounds the binary value half to even, which differs on ties.

    >>> cypher_round(0.28125), round(0.28125, 4)
    (0.2813, 0.2812)
    """
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def edge_in_year(graph: nx.MultiDiGraph, source: str, target: str, attrs: Mapping, as_of: int) -> bool:
    """An edge in force in ``as_of`` between nodes that exist then (what ``configure`` keeps)."""
    return (
        in_force(attrs, as_of)
        and in_force(graph.nodes[source], as_of)
        and in_force(graph.nodes[target], as_of)
    )


def year_view(graph: nx.MultiDiGraph, as_of: int) -> nx.MultiDiGraph:
    """The graph as it stood in ``as_of`` (no setting, no scenario): what the year-aware Cypher sees."""
    return configure(graph, as_of=as_of)


def node_value(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node as ``queries.backends._plain`` returns a Neo4j node: id, name and sorted labels."""
    attrs = graph.nodes[node]
    return {"id": node, "name": attrs["name"], "labels": sorted(attrs["labels"])}


def hop_probability(attrs: Mapping, friction: Mapping[str, float]) -> float:
    """The Cypher ``$friction[r.friction]``: the pass probability of a channel under the map in use."""
    return pass_probability(attrs, friction)


def signal_of(hops: list[Hop], friction: Mapping[str, float]) -> float:
    """``reduce(signal = 1.0, r IN rels | signal * $friction[r.friction])``: the same products, same order."""
    signal = 1.0
    for _, _, _, attrs in hops:
        signal *= hop_probability(attrs, friction)
    return signal


def _hops_to(target: str, max_hops: int, predecessors: Callable[[str], Iterable[str]]) -> dict[str, int]:
    """Fewest steps from each node to ``target`` (up to ``max_hops``), by a backward breadth-first search.

    A route search from many sources uses it to stop extending a route that
    cannot reach the target within the hops left: one search serves every
    source, where walking each source's routes to full depth through the hubs
    (the Secretary-General reaches every country) costs far more.
    """
    distance = {target: 0}
    frontier = [target]
    for hops in range(1, max_hops + 1):
        ahead = []
        for node in frontier:
            for previous in predecessors(node):
                if previous not in distance:
                    distance[previous] = hops
                    ahead.append(previous)
        frontier = ahead
    return distance


def simple_paths(
    graph: nx.MultiDiGraph,
    source: str,
    *,
    max_hops: int,
    edge_ok: Callable[[str, str, dict], bool],
    target: str | None = None,
    undirected: bool = False,
) -> Iterator[list[Hop]]:
    """Every relationship-level path from ``source`` of 1..max_hops hops with all nodes distinct.

    Parallel edges give separate paths, as they do in Cypher. With ``target``
    only the paths ending there are yielded; without it, every path.
    ``undirected`` walks edges both ways (a pattern without an arrow).
    """
    if source not in graph:
        return

    def steps(node: str) -> Iterator[Hop]:
        for _, nxt, key, attrs in graph.out_edges(node, keys=True, data=True):
            if edge_ok(node, nxt, attrs):
                yield node, nxt, key, attrs
        if undirected:
            for prev, _, key, attrs in graph.in_edges(node, keys=True, data=True):
                if edge_ok(prev, node, attrs):
                    yield node, prev, key, attrs

    def walk(path: list[Hop], seen: set[str]) -> Iterator[list[Hop]]:
        node = path[-1][1] if path else source
        for hop in steps(node):
            nxt = hop[1]
            if nxt in seen:
                continue
            route = [*path, hop]
            if target is None or nxt == target:
                yield route
            if len(route) < max_hops and nxt != target:
                yield from walk(route, seen | {nxt})

    yield from walk([], {source})


def nulls_last(value: Any) -> tuple[bool, Any]:
    """Sort key placing None after every value, as Cypher's ascending ORDER BY does."""
    return (value is None, "" if value is None else value)


def edges_of_type(graph: nx.MultiDiGraph, rel_type: str) -> Iterator[tuple[str, str, dict]]:
    """(from, to, attributes) of every edge of one relationship type."""
    return ((s, t, a) for s, t, a in graph.edges(data=True) if a["type"] == rel_type)


def targets_of(graph: nx.MultiDiGraph, node: str, *rel_types: str) -> list[str]:
    """Ends of the outgoing edges of ``node`` with one of ``rel_types``, as ``(node)-[:T]->(x)``."""
    return [t for _, t, a in graph.out_edges(node, data=True) if a["type"] in rel_types]


def sources_of(graph: nx.MultiDiGraph, node: str, *rel_types: str) -> list[str]:
    """Starts of the incoming edges of ``node`` with one of ``rel_types``, as ``(x)-[:T]->(node)``."""
    return [s for s, _, a in graph.in_edges(node, data=True) if a["type"] in rel_types]


def route_signals(
    channels: nx.DiGraph, sources: Iterable[str], target: str, max_hops: int
) -> list[tuple[list[str], float]]:
    """Every simple route of at most ``max_hops`` from any of ``sources`` to ``target``, with its signal.

    The signal multiplies the best channel of each hop in order
    (``pathway_from_nodes``), the same products the Cypher ``reduce()`` takes
    the maximum of. Many sources share one backward search from the target.
    """
    if target not in channels:
        return []
    threshold = SETTINGS["stall_threshold"].default
    hops_left = _hops_to(target, max_hops, channels.predecessors)

    def walk(route: list[str]) -> Iterator[list[str]]:
        for nxt in channels.successors(route[-1]):
            if nxt in route or hops_left.get(nxt, max_hops + 1) > max_hops - len(route):
                continue  # already on the route, or too far from the target for the hops left
            if nxt == target:
                yield [*route, nxt]
            else:
                yield from walk([*route, nxt])

    return [
        (route, pathway_from_nodes(channels, route, threshold).signal)
        for source in sources
        if source in channels and source != target
        for route in walk([source])
    ]
