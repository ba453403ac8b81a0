"""Twins of the 'Policies & reforms' queries: what reforms created and what they changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.views import in_force
from un_pathways.queries.twin_library._common import cypher_round, nulls_last, route_signals, year_view


def reform_timeline(graph: nx.MultiDiGraph, kinds: list, since: int):
    columns = ["year", "reform", "name", "change", "other_id", "other"]
    rows: list[list[Any]] = []
    for reform, attrs in graph.nodes(data=True):
        year = attrs.get("from_year")
        if attrs["kind"] not in kinds or (year is not None and year < since):
            continue
        changes = {
            ("created", s) for s, _, a in graph.in_edges(reform, data=True) if a["type"] == "ESTABLISHED_BY"
        }
        changes |= {
            (a["type"].lower(), t)
            for _, t, a in graph.out_edges(reform, data=True)
            if a["type"] in ("RESPONDS_TO", "SUPERSEDES", "RECOMMENDS")
        }
        rows += [
            [year, reform, attrs["name"], change, other, graph.nodes[other]["name"]]
            for change, other in changes
        ]
    rows.sort(key=lambda row: (nulls_last(row[0]), row[1], row[3], row[4]))
    return columns, rows


def reform_signal_change(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    since: int,
    until: int,
    max_hops: int,
    friction: Mapping[str, float],
):
    columns = ["year", "route", "hops", "signal"]
    if source not in graph or target not in graph:
        return columns, []
    rows: list[list[Any]] = []
    for year in range(since, until + 1):
        best = None
        if in_force(graph.nodes[source], year):
            channels = channel_digraph(year_view(graph, year), friction_pass=friction)
            routes = route_signals(channels, [source], target, max_hops)
            best = min(routes, default=None, key=lambda rs: (-rs[1], len(rs[0]), rs[0]))
        if best is None:
            rows.append([year, None, None, None])
        else:
            rows.append([year, best[0], len(best[0]) - 1, cypher_round(best[1])])
    return columns, rows
