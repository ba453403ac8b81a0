"""Twins of the 'Teaching' queries: centrality and neighbourhoods in pure Cypher."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator

import networkx as nx

from un_pathways.graph.views import in_force

BROKER_MAX_HOPS = 8  # the {1,8} of broker_centrality.cypher
NEIGHBOURHOOD_MAX_HOPS = 4  # the {1,4} of actor_neighbourhood.cypher


def actor_degree(graph: nx.MultiDiGraph, channels_only: bool, kind: str, limit: int):
    columns = ["id", "name", "in_degree", "out_degree", "degree"]

    def counted(edges) -> int:
        return sum(1 for *_, attrs in edges if not channels_only or attrs.get("channel"))

    rows = []
    for actor, attrs in graph.nodes(data=True):
        if kind != "any" and attrs["kind"] != kind:
            continue
        in_degree = counted(graph.in_edges(actor, data=True))
        out_degree = counted(graph.out_edges(actor, data=True))
        rows.append([actor, attrs["name"], in_degree, out_degree, in_degree + out_degree])
    rows.sort(key=lambda row: (-row[4], row[0]))
    return columns, rows[:limit]


def broker_centrality(graph: nx.MultiDiGraph, as_of: int, limit: int):
    """Brandes-style counting: one backward search per decision-maker instead of one per pair.

    For a decision-maker ``t``, ``ways[v]`` counts the shortest channel routes
    from ``v`` to ``t``, and ``_behind`` counts, level by level away from
    ``t``, the shortest-route prefixes reaching ``v`` from field actors. Their
    product is the number of shortest (field actor, t) paths through ``v``:
    what ``count(*)`` after ``UNWIND nodes(p)[1..-1]`` adds up. Linear in the
    graph per decision-maker, where a search per pair grows with the square.
    """
    columns = ["id", "name", "shortest_paths_through", "pairs_through"]
    alive, sources, targets = set(), set(), []
    for node, attrs in graph.nodes(data=True):
        if in_force(attrs, as_of):
            alive.add(node)
            if "FieldActor" in attrs["labels"]:
                sources.add(node)
            if "DecisionMaker" in attrs["labels"]:
                targets.append(node)
    into = _channels_into(graph, alive, as_of)
    paths: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for target in targets:
        levels, ways = _levels_towards(into, target, BROKER_MAX_HOPS)
        for broker, routes, field_actors in _behind(into, levels, sources):
            paths[broker] += routes * ways[broker]
            pairs[broker] += field_actors
    busiest = heapq.nsmallest(limit, paths, key=lambda b: (-paths[b], -pairs[b], b))
    return columns, [[b, graph.nodes[b]["name"], paths[b], pairs[b]] for b in busiest]


def _channels_into(graph: nx.MultiDiGraph, alive: set[str], as_of: int) -> dict[str, dict[str, int]]:
    """For each actor, who has a channel in force into it, with how many parallel channels.

    Parallel channels count separately: in Cypher each one makes a distinct path.
    """
    into: dict[str, dict[str, int]] = {}
    for source, target, attrs in graph.edges(data=True):
        if attrs.get("channel") and source in alive and target in alive and in_force(attrs, as_of):
            senders = into.setdefault(target, {})
            senders[source] = senders.get(source, 0) + 1
    return into


def _levels_towards(
    into: dict[str, dict[str, int]], target: str, max_hops: int
) -> tuple[list[list[str]], dict[str, int]]:
    """A backward breadth-first search from ``target``, at most ``max_hops`` deep.

    ``levels[d]`` holds the actors whose shortest channel route to ``target``
    has ``d`` hops; ``ways[v]`` is how many such shortest routes ``v`` has.
    """
    ways = {target: 1}
    levels = [[target]]
    while len(levels) <= max_hops and levels[-1]:
        found: dict[str, int] = {}
        for node in levels[-1]:
            for before, parallel in into.get(node, {}).items():
                if before not in ways:
                    found[before] = found.get(before, 0) + parallel * ways[node]
        ways.update(found)
        levels.append(list(found))
    return levels, ways


def _behind(
    into: dict[str, dict[str, int]], levels: list[list[str]], sources: set[str]
) -> Iterator[tuple[str, int, int]]:
    """(broker, shortest-route prefixes from other field actors, how many such actors), farthest first.

    A shortest route to the target steps one level closer at every hop, so a
    node's prefixes are the sum of those of its channel senders one level
    farther out, and the field actors behind it the union of theirs. A field
    actor only enters the sets of the actors on its own shortest routes, so the
    unions cost about as much as the routes themselves, not field actors times
    actors. The target itself (level 0) is never a broker.
    """
    farther: dict[str, tuple[int, set[str]]] = {}
    for level in reversed(levels[1:]):
        here = {}
        for node in level:
            is_source = node in sources
            routes, behind = int(is_source), {node} if is_source else set()
            for before, parallel in into.get(node, {}).items():
                if before in farther:
                    their_routes, their_actors = farther[before]
                    routes += parallel * their_routes
                    behind |= their_actors
            here[node] = routes, behind
            if routes > is_source:  # routes starting at the node itself do not pass through it
                yield node, routes - is_source, len(behind) - is_source
        farther = here


def actor_neighbourhood(graph: nx.MultiDiGraph, actor: str, hops: int, as_of: int):
    """One breadth-first search from the actor over relationships in force, in either direction."""
    columns = ["distance", "id", "name", "kind"]
    if actor not in graph or not in_force(graph.nodes[actor], as_of):
        return columns, []
    distances = {actor: 0}
    frontier = [actor]
    for distance in range(1, min(hops, NEIGHBOURHOOD_MAX_HOPS) + 1):
        reached = []
        for node in frontier:
            for other in _neighbours_in_year(graph, node, as_of, known=distances):
                distances[other] = distance
                reached.append(other)
        frontier = reached
    del distances[actor]
    rows = [[d, n, graph.nodes[n]["name"], graph.nodes[n]["kind"]] for n, d in distances.items()]
    rows.sort(key=lambda row: (row[0], row[1]))
    return columns, rows


def _neighbours_in_year(graph: nx.MultiDiGraph, node: str, as_of: int, known: dict) -> Iterator[str]:
    """Actors not in ``known`` linked to ``node`` by a relationship in force, in either direction.

    ``known`` is read as the caller adds to it, so a neighbour linked twice is
    yielded once; the year checks are skipped for actors already reached.
    """
    for neighbours in (graph.succ[node], graph.pred[node]):
        for other, edges in neighbours.items():
            if (
                other not in known
                and in_force(graph.nodes[other], as_of)
                and any(in_force(attrs, as_of) for attrs in edges.values())
            ):
                yield other
