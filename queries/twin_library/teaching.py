"""Twins of the 'Teaching' queries: centrality and neighbourhoods in pure Cypher."""

from __future__ import annotations

from collections import Counter
from math import prod

import networkx as nx

from queries.twin_library._common import year_view
from queries.twins import twin

BROKER_MAX_HOPS = 8  # the {1,8} of broker_centrality.cypher
NEIGHBOURHOOD_MAX_HOPS = 4  # the *..4 of actor_neighbourhood.cypher


@twin("actor_degree")
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


@twin("broker_centrality")
def broker_centrality(graph: nx.MultiDiGraph, as_of: int, limit: int):
    columns = ["id", "name", "shortest_paths_through", "pairs_through"]
    view = year_view(graph, as_of)
    channels = nx.MultiDiGraph()
    channels.add_nodes_from(view.nodes)
    channels.add_edges_from((s, t, k) for s, t, k, a in view.edges(keys=True, data=True) if a.get("channel"))
    routes = nx.DiGraph(channels)
    sources = [n for n, a in view.nodes(data=True) if "FieldActor" in a["labels"]]
    targets = [n for n, a in view.nodes(data=True) if "DecisionMaker" in a["labels"]]
    paths, pairs = Counter(), Counter()
    for source in sources:
        for target in targets:
            if source == target or not nx.has_path(routes, source, target):
                continue
            for route in nx.all_shortest_paths(routes, source, target):
                if len(route) - 1 > BROKER_MAX_HOPS:
                    break
                # Parallel channels make distinct paths, as in Cypher.
                multiplicity = prod(
                    channels.number_of_edges(u, v) for u, v in zip(route, route[1:], strict=False)
                )
                for broker in route[1:-1]:
                    paths[broker] += multiplicity
                for broker in set(route[1:-1]):
                    pairs[broker, source, target] = 1
    pair_counts = Counter(broker for broker, _, _ in pairs)
    rows = [[b, view.nodes[b]["name"], n, pair_counts[b]] for b, n in paths.items()]
    rows.sort(key=lambda row: (-row[2], -row[3], row[0]))
    return columns, rows[:limit]


@twin("actor_neighbourhood")
def actor_neighbourhood(graph: nx.MultiDiGraph, actor: str, hops: int, as_of: int):
    columns = ["distance", "id", "name", "kind"]
    view = year_view(graph, as_of)
    if actor not in view:
        return columns, []
    cutoff = min(hops, NEIGHBOURHOOD_MAX_HOPS)
    distances = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), actor, cutoff=cutoff)
    rows = [[d, n, view.nodes[n]["name"], view.nodes[n]["kind"]] for n, d in distances.items() if n != actor]
    rows.sort(key=lambda row: (row[0], row[1]))
    return columns, rows
