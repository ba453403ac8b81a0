"""Twins of the 'Pathways' queries: shortest, most reliable and bounded channel routes."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product
from typing import Any, cast

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.views import configure, in_force
from un_pathways.queries.twin_library._common import (
    Hop,
    cypher_round,
    route_signals,
    signal_of,
    simple_paths,
    year_view,
)

SHORTEST_PATH_MAX_HOPS = 10  # the *..10 bound of shortest_pathways.cypher


def _exists(graph: nx.MultiDiGraph, node: str, as_of: int) -> bool:
    return node in graph and in_force(graph.nodes[node], as_of)


def shortest_pathways(
    graph: nx.MultiDiGraph, source: str, target: str, as_of: int, friction: Mapping[str, float]
):
    columns = ["pathway", "links", "hops", "signal"]
    view = year_view(graph, as_of)
    if source == target or source not in view or target not in view:
        return columns, []
    channels: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for s, t, k, a in view.edges(keys=True, data=True):
        if a.get("channel"):
            channels.add_edge(s, t, key=k, **a)
    if source not in channels or target not in channels or not nx.has_path(channels, source, target):
        return columns, []
    rows: list[list[Any]] = []
    for route in nx.all_shortest_paths(nx.DiGraph(channels), source, target):
        if len(route) - 1 > SHORTEST_PATH_MAX_HOPS:
            break
        parallel: list[list[tuple[str, dict]]] = [
            list(cast(dict[str, dict], channels.get_edge_data(u, v)).items())
            for u, v in zip(route, route[1:], strict=False)
        ]
        for choice in product(*parallel):
            hops: list[Hop] = [
                (u, v, key, attrs)
                for (u, v), (key, attrs) in zip(zip(route, route[1:], strict=False), choice, strict=True)
            ]
            signal = cypher_round(signal_of(hops, friction))
            rows.append([route, [h[3]["type"] for h in hops], len(hops), signal])
    rows.sort(key=lambda row: (-row[3], row[0], row[1]))
    return columns, rows


def most_reliable_pathways(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    stage: str,
    max_hops: int,
    k: int,
    as_of: int,
    friction: Mapping[str, float],
):
    columns = ["route", "hops", "signal"]
    if not (_exists(graph, source, as_of) and _exists(graph, target, as_of)):
        return columns, []
    channels = channel_digraph(
        year_view(graph, as_of), stages=None if stage == "any" else [stage], friction_pass=friction
    )
    rows: list[list[Any]] = [
        [route, len(route) - 1, cypher_round(signal)]
        for route, signal in route_signals(channels, [source], target, max_hops)
    ]
    rows.sort(key=lambda row: (-row[2], row[1], row[0]))
    return columns, rows[:k]


def pathways_within_hops(
    graph: nx.MultiDiGraph, source: str, target: str, max_hops: int, as_of: int, friction: Mapping[str, float]
):
    columns = ["pathway", "links", "frictions", "hops", "signal"]
    if not _exists(graph, source, as_of) or target not in graph:
        return columns, []
    view = year_view(graph, as_of)
    rows: list[list[Any]] = []
    for path in simple_paths(
        view, source, target=target, max_hops=max_hops, edge_ok=lambda u, v, a: bool(a.get("channel"))
    ):
        route = [source] + [hop[1] for hop in path]
        rows.append(
            [
                route,
                [hop[3]["type"] for hop in path],
                [hop[3]["friction"] for hop in path],
                len(path),
                cypher_round(signal_of(path, friction)),
            ]
        )
    rows.sort(key=lambda row: (row[3], -row[4], row[0], row[1]))
    return columns, rows


def field_to_council_avoiding(
    graph: nx.MultiDiGraph,
    avoid: str,
    council: str,
    setting: str,
    max_hops: int,
    as_of: int,
    friction: Mapping[str, float],
):
    columns = ["origin", "route", "hops", "signal"]
    view = configure(graph, as_of=as_of, setting=None if setting == "any" else setting)
    if avoid in view:
        view.remove_node(avoid)
    if council not in view:
        return columns, []
    channels = channel_digraph(view, friction_pass=friction)
    origins = [n for n, attrs in view.nodes(data=True) if "FieldActor" in attrs["labels"]]
    rows: list[list[Any]] = [
        [route[0], route, len(route) - 1, cypher_round(signal)]
        for route, signal in route_signals(channels, origins, council, max_hops)
    ]
    rows.sort(key=lambda row: (-row[3], row[2], row[1]))
    return columns, rows
