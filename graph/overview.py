"""Overviews of graphs too big to draw node by node: each country, or each kind, as one cluster.

A browser draws a few thousand vis-network nodes in about a second; past
that, panning stutters and a tab can freeze (figures in docs/benchmarks.md).
Users who extend the dataset to every country of the world still need a
picture, so the big graph is summarised: everything that belongs to one
country (the member state, the presences it hosts, and the offices that are
part of or lead them) becomes one cluster node, and the relations between
clusters are merged while keeping their type and friction, so a merged arrow
is drawn exactly as each of its members would be. When even that is too big,
nodes are grouped by kind instead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

import networkx as nx

__all__ = [
    "CLUSTER_KIND",
    "COUNTRY_KINDS",
    "cluster_graph",
    "country_groups",
    "country_members",
    "kind_groups",
    "nodes_within_hops",
]

CLUSTER_KIND = "cluster"
COUNTRY_KINDS = frozenset({"field_presence", "mission", "agency"})  # presences that can sit in one country
_TIES = frozenset({"PART_OF", "LEADS"})  # a unit of a country's presence, or the one who leads it
DOCUMENT_KINDS = frozenset({"resolution", "report"})  # join a country when they concern it alone


def country_groups(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Map each node that belongs to exactly one country to that country's member-state id.

    A country holds the member state, every field presence, mission or agency
    office it HOSTS, and, transitively, every one of those tied to them by
    PART_OF or LEADS (a Resident Coordinator leading a country team, an
    agency office part of it), plus the resolutions and reports that touch
    that country alone. A node tied to two countries, and every headquarters
    body, belongs to none.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("s", {"kind": "member_state"}), ("t", {"kind": "field_presence"}),
    ...                   ("rc", {"kind": "field_presence"}), ("sg", {"kind": "office"})])
    >>> for u, v, edge_type in [("s", "t", "HOSTS"), ("rc", "t", "LEADS"), ("rc", "sg", "REPORTS_TO")]:
    ...     _ = g.add_edge(u, v, type=edge_type)
    >>> sorted(country_groups(g).items())
    [('rc', 's'), ('s', 's'), ('t', 's')]
    """
    hosts: dict[str, set[str]] = defaultdict(set)
    for state, hosted, attrs in graph.edges(data=True):
        if attrs.get("type") == "HOSTS" and graph.nodes[state].get("kind") == "member_state":
            if graph.nodes[hosted].get("kind") in COUNTRY_KINDS:
                hosts[hosted].add(state)
    candidates: dict[str, set[str]] = {node: set(states) for node, states in hosts.items()}
    frontier = list(candidates)
    while frontier:
        node = frontier.pop()
        for neighbour in _tied(graph, node):
            if graph.nodes[neighbour].get("kind") not in COUNTRY_KINDS or neighbour in hosts:
                continue
            known = candidates.setdefault(neighbour, set())
            if not candidates[node] <= known:
                known |= candidates[node]
                frontier.append(neighbour)
    groups = {node: next(iter(states)) for node, states in candidates.items() if len(states) == 1}
    for state in set(groups.values()):
        groups[state] = state
    groups.update(_documents_of_one_country(graph, groups))
    return groups


def _documents_of_one_country(graph: nx.MultiDiGraph, groups: Mapping[str, str]) -> dict[str, str]:
    """Resolutions and reports whose every country-bound neighbour is in the same country."""
    found = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") in DOCUMENT_KINDS and node not in groups:
            countries = {groups[n] for n in nx.all_neighbors(graph, node) if n in groups}
            if len(countries) == 1:
                found[node] = countries.pop()
    return found


def _tied(graph: nx.MultiDiGraph, node: str):
    for u, _, attrs in graph.in_edges(node, data=True):
        if attrs.get("type") in _TIES:
            yield u
    for _, v, attrs in graph.out_edges(node, data=True):
        if attrs.get("type") == "LEADS":
            yield v


def country_members(graph: nx.MultiDiGraph, state: str) -> set[str]:
    """The nodes of one country (see :func:`country_groups`)."""
    return {node for node, country in country_groups(graph).items() if country == state}


def kind_groups(graph: nx.MultiDiGraph, keep: frozenset[str] = frozenset()) -> dict[str, str]:
    """Map every node except those in ``keep`` to a group named after its kind."""
    return {node: f"kind:{attrs['kind']}" for node, attrs in graph.nodes(data=True) if node not in keep}


def cluster_graph(
    graph: nx.MultiDiGraph, groups: Mapping[str, str], names: Mapping[str, str] | None = None
) -> nx.MultiDiGraph:
    """The graph with each group of nodes drawn as one cluster node.

    Nodes absent from ``groups`` stay as they are. A cluster node has kind
    ``cluster``, a ``members`` count and a ``member_kinds`` summary; relations
    between the same two drawn nodes with the same type, stage and friction
    become one edge with a ``count``. Relations inside a cluster are dropped.
    """
    names = names or {}
    members: dict[str, list[str]] = defaultdict(list)
    for node, group in groups.items():
        if node in graph:
            members[group].append(node)
    drawn: nx.MultiDiGraph[str] = nx.MultiDiGraph(**graph.graph)
    drawn.add_nodes_from((n, a) for n, a in graph.nodes(data=True) if n not in groups)
    for group, nodes in members.items():
        kinds = Counter(graph.nodes[n]["kind"] for n in nodes)
        drawn.add_node(
            f"cluster:{group}",
            id=f"cluster:{group}",
            name=names.get(group, group),
            kind=CLUSTER_KIND,
            members=len(nodes),
            member_kinds=", ".join(
                f"{count} {kind.replace('_', ' ')}" for kind, count in kinds.most_common()
            ),
            description=f"{len(nodes)} nodes drawn as one; select it to see them.",
        )
    merged: dict[tuple, dict] = {}
    for u, v, attrs in graph.edges(data=True):
        a = f"cluster:{groups[u]}" if u in groups else u
        b = f"cluster:{groups[v]}" if v in groups else v
        if a == b:
            continue
        signature = (a, b, attrs["type"], attrs.get("stage"), attrs.get("friction"))
        if signature in merged:
            merged[signature]["count"] += 1
        else:
            merged[signature] = {**attrs, "count": 1}
    for (a, b, edge_type, stage, friction), attrs in sorted(merged.items(), key=lambda item: str(item[0])):
        key = f"{a} -{edge_type}-> {b}" + (f" [{stage}/{friction}]" if stage else "")
        drawn.add_edge(a, b, key=key, **{**attrs, "edge_id": key})
    return drawn


def nodes_within_hops(graph: nx.MultiDiGraph, centre: str, hops: int) -> set[str]:
    """The nodes at most ``hops`` relations from ``centre``, whatever the relations' direction.

    The node set of ``nx.ego_graph`` on the undirected view, without the copy
    of the whole neighbourhood ``ego_graph`` makes (about 40% of drawing the
    Secretary-General's 2-hop neighbourhood at 1,000 countries).
    """
    undirected = graph.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
