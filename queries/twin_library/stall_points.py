"""Twins of the 'Stall points' queries: where and why signals die."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.model import FRICTIONS
from un_pathways.graph.pathways import pathway_from_nodes
from un_pathways.graph.views import in_force
from un_pathways.queries.twin_library._common import (
    Hop,
    cypher_round,
    hop_probability,
    route_signals,
    signal_of,
    year_view,
)

RANK = {friction: rank for rank, friction in enumerate(FRICTIONS)}  # none 0 ... blocking 4


def high_friction_channels(graph: nx.MultiDiGraph, min_friction: str, stage: str):
    columns = ["stage", "mechanism", "channels", "edges"]
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        if not attrs.get("channel") or RANK[attrs["friction"]] < RANK[min_friction]:
            continue
        if stage != "any" and attrs["stage"] != stage:
            continue
        for mechanism in attrs["mechanism"]:
            groups[attrs["stage"], mechanism].append(key)
    rows: list[list[Any]] = [[s, m, len(edges), sorted(edges)] for (s, m), edges in groups.items()]
    rows.sort(key=lambda row: (row[0], -row[2], row[1]))
    return columns, rows


def _stall_channel(channels: nx.DiGraph, source: str, target: str) -> dict:
    """The channel a hop goes by, chosen as the Cypher does: lowest friction, then edge id."""
    best = min(
        channels.edges[source, target]["channels"], key=lambda hop: (RANK[hop["friction"]], hop["key"])
    )
    return {
        "edge_id": best["key"],
        "friction": best["friction"],
        "mechanism": list(best["mechanism"]),
        "rationale": best["rationale"],
    }


def country_team_stall_point(
    graph: nx.MultiDiGraph,
    team: str,
    target: str,
    threshold: float,
    max_hops: int,
    k: int,
    as_of: int,
    friction: Mapping[str, float],
):
    columns = ["route", "signal", "stall_from", "stall_to", "signal_before", "signal_after", "stall_channel"]
    view = year_view(graph, as_of)
    if team not in view or target not in view:
        return columns, []
    channels = channel_digraph(view, friction_pass=friction)
    routes = sorted(
        route_signals(channels, [team], target, max_hops), key=lambda rs: (-rs[1], len(rs[0]), rs[0])
    )
    rows: list[list[Any]] = []
    for route, signal in routes[:k]:
        pathway = pathway_from_nodes(channels, route, threshold)
        stall = pathway.stall_index
        if stall is None:
            rows.append([route, cypher_round(signal), None, None, None, None, None])
            continue
        before = 1.0 if stall == 0 else pathway.hops[stall - 1].signal_after
        rows.append(
            [
                route,
                cypher_round(signal),
                route[stall],
                route[stall + 1],
                cypher_round(before),
                cypher_round(pathway.hops[stall].signal_after),
                _stall_channel(channels, route[stall], route[stall + 1]),
            ]
        )
    return columns, rows


def sri_lanka_information_gap(
    graph: nx.MultiDiGraph,
    team: str,
    target: str,
    before: int,
    after: int,
    max_hops: int,
    friction: Mapping[str, float],
):
    columns = ["period", "year", "route", "signal", "frictions", "channels_new_since_before"]
    if team not in graph or target not in graph:
        return columns, []
    rows: list[list[Any]] = []
    for period, year in (("before", before), ("after", after)):
        best = _best_information_route(graph, team, target, year, max_hops, friction)
        if best is None:
            rows.append([period, year, None, None, None, None])
            continue
        rows.append(
            [
                period,
                year,
                [team] + [h[1] for h in best],
                cypher_round(signal_of(best, friction)),
                [h[3]["friction"] for h in best],
                [h[2] for h in best if h[3].get("from_year") is not None and h[3]["from_year"] > before],
            ]
        )
    rows.sort(key=lambda row: (row[1], row[0]))
    return columns, rows


def _best_information_route(
    graph: nx.MultiDiGraph, team: str, target: str, year: int, max_hops: int, friction: Mapping[str, float]
) -> list[Hop] | None:
    """The first route in the Cypher's order (signal down, then length, node ids, edge ids), or None.

    A best-first search over partial routes in that same order: a signal never
    rises along a route (every pass probability is at most 1) and a longer route
    ranks after a shorter one of equal signal, so no extension of a partial route
    ranks before it, and the first complete route taken off the queue is the
    best. Routes weaker than it are never walked, where listing every simple
    route grows with the number of hubs in reach. The graph is read in place,
    edge by edge for the year, instead of copying a year view of all of it.
    """
    if not in_force(graph.nodes[team], year):
        return None
    queue: list[tuple[tuple, list[Hop]]] = [((-1.0, 0, [team], []), [])]
    while queue:
        (negative_signal, length, nodes, keys), route = heapq.heappop(queue)
        if nodes[-1] == target and route:
            return route
        for _, nxt, key, attrs in graph.out_edges(nodes[-1], keys=True, data=True):
            if nxt in nodes or (nxt != target and length + 1 == max_hops):
                continue  # already on the route, or a last hop that misses the target
            if not (_information_channel(attrs, year) and in_force(graph.nodes[nxt], year)):
                continue
            signal = -negative_signal * hop_probability(attrs, friction)  # the same products as signal_of()
            hop = (nodes[-1], nxt, key, attrs)
            heapq.heappush(queue, ((-signal, length + 1, [*nodes, nxt], [*keys, key]), [*route, hop]))
    return None


def _information_channel(attrs: dict, year: int) -> bool:
    return bool(attrs.get("channel")) and attrs["stage"] == "information" and in_force(attrs, year)
