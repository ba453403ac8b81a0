"""Twins of the 'Non-mission settings' queries: country teams, RCs and advisers."""

from __future__ import annotations

import networkx as nx

from un_pathways.graph.views import in_force
from un_pathways.queries.twin_library._common import edge_in_year, node_value, sources_of, targets_of

MAX_LEADS_HOPS = 3  # the {0,3} of highest_official_no_mission.cypher


def _has_label(graph: nx.MultiDiGraph, node: str, label: str) -> bool:
    return label in graph.nodes[node]["labels"]


def _hosts_a_mission(graph: nx.MultiDiGraph, country: str, as_of: int) -> bool:
    links = [(t, a) for _, t, a in graph.out_edges(country, data=True)] + [
        (s, a) for s, _, a in graph.in_edges(country, data=True)
    ]
    return any(
        attrs["type"] in ("HOSTS", "DEPLOYED_IN")
        and _has_label(graph, other, "Mission")
        and in_force(attrs, as_of)
        and in_force(graph.nodes[other], as_of)
        for other, attrs in links
    )


def _leaders_up(graph: nx.MultiDiGraph, presence: str, as_of: int) -> set[str]:
    """The presence and every FieldPresence leading it through 1..3 LEADS hops in force (each node once)."""
    found, frontier = {presence}, {presence}
    for _ in range(MAX_LEADS_HOPS):
        frontier = {
            leader
            for node in frontier
            for leader, _, attrs in graph.in_edges(node, data=True)
            if attrs["type"] == "LEADS"
            and in_force(attrs, as_of)
            and _has_label(graph, leader, "FieldPresence")
            and _has_label(graph, node, "FieldPresence")
        }
        found |= frontier
    return found


def highest_official_no_mission(graph: nx.MultiDiGraph, country: str, as_of: int):
    columns = ["country", "official", "answers_to"]
    found = set()
    for state, presence, attrs in graph.edges(data=True):
        if attrs["type"] != "HOSTS" or (country != "any" and state != country):
            continue
        if not (_has_label(graph, state, "MemberState") and _has_label(graph, presence, "FieldPresence")):
            continue
        if not edge_in_year(graph, state, presence, attrs, as_of) or _hosts_a_mission(graph, state, as_of):
            continue
        for top in _leaders_up(graph, presence, as_of):
            led = any(_has_label(graph, s, "FieldPresence") for s in sources_of(graph, top, "LEADS"))
            if in_force(graph.nodes[top], as_of) and not led:
                found.add((state, top))
    rows = [
        [state, node_value(graph, top), sorted(set(targets_of(graph, top, "REPORTS_TO", "REPRESENTS")))]
        for state, top in sorted(found)
    ]
    return columns, rows


def undp_dpa_programme_links(graph: nx.MultiDiGraph, hubs: list, as_of: int):
    columns = ["hub", "direction", "link", "other_id", "other", "kind"]
    rows = []
    for hub in hubs:
        if hub not in graph:
            continue
        edges = [("out", t, a) for _, t, a in graph.out_edges(hub, data=True)]
        edges += [("in", s, a) for s, _, a in graph.in_edges(hub, data=True)]
        for direction, other, attrs in edges:
            if edge_in_year(graph, hub, other, attrs, as_of):
                node = graph.nodes[other]
                rows.append([hub, direction, attrs["type"], other, node["name"], node["kind"]])
    rows.sort(key=lambda row: (row[0], row[1], row[2], row[3]))
    return columns, rows
