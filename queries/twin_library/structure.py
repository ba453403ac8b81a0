"""Twins of the 'Structure' queries: who belongs to, reports to and reaches whom."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from un_pathways.graph.channels import pass_probability
from un_pathways.graph.views import in_force
from un_pathways.queries.twin_library._common import edge_in_year, simple_paths

SECRETARIAT_LINES = ("REPORTS_TO", "PART_OF", "LEADS", "ADVISES", "BRIEFS")
CHAIN_LINKS = ("REPORTS_TO", "REPRESENTS", "PART_OF", "BRIEFS", "ALERTS", "ADVISES")


def _sources_of(graph: nx.MultiDiGraph, node: str, rel_type: str) -> set[str]:
    return {s for s, _, a in graph.in_edges(node, data=True) if a["type"] == rel_type}


def _part_of_closure(graph: nx.MultiDiGraph, tops: set[str]) -> set[str]:
    """Every node with a PART_OF path (one hop or more) to one of ``tops``."""
    found: set[str] = set()
    frontier = set(tops)
    while frontier:
        step = set().union(*(_sources_of(graph, node, "PART_OF") for node in frontier)) - found
        found |= step
        frontier = step
    return found


def secretariat_reporting_lines(graph: nx.MultiDiGraph, secretariat: str, as_of: int):
    columns = ["junior_id", "junior", "line", "senior_id", "senior"]
    if secretariat not in graph:
        return columns, []
    heads = _sources_of(graph, secretariat, "LEADS")
    members = {secretariat} | heads | _part_of_closure(graph, {secretariat} | heads)
    rows = []
    for a, b, attrs in graph.edges(data=True):
        line = attrs["type"]
        if (
            line in SECRETARIAT_LINES
            and a in members
            and b in members
            and edge_in_year(graph, a, b, attrs, as_of)
        ):
            junior, senior = (b, a) if line == "LEADS" else (a, b)
            rows.append([junior, graph.nodes[junior]["name"], line, senior, graph.nodes[senior]["name"]])
    rows.sort(key=lambda row: (row[3], row[0], row[2]))
    return columns, rows


def rc_chain_to_secretary_general(
    graph: nx.MultiDiGraph, source: str, target: str, max_hops: int, as_of: int
):
    columns = ["chain", "names", "links", "hops"]
    if source not in graph or target not in graph or not in_force(graph.nodes[source], as_of):
        return columns, []

    def link_ok(a: str, b: str, attrs: dict) -> bool:
        return attrs["type"] in CHAIN_LINKS and in_force(attrs, as_of) and in_force(graph.nodes[b], as_of)

    rows = []
    for path in simple_paths(graph, source, target=target, max_hops=max_hops, edge_ok=link_ok):
        ids = [source] + [hop[1] for hop in path]
        links = [hop[3]["type"] for hop in path]
        rows.append([ids, [graph.nodes[n]["name"] for n in ids], links, len(path)])
    rows.sort(key=lambda row: (row[3], row[0], row[2]))
    return columns, rows


def council_gatekeepers(
    graph: nx.MultiDiGraph, council: str, stage: str, as_of: int, friction: Mapping[str, float]
):
    columns = ["id", "name", "kind", "via", "stage", "friction", "pass_probability", "mechanism"]
    if council not in graph:
        return columns, []
    rows = []
    for source, _, attrs in graph.in_edges(council, data=True):
        if not attrs.get("channel") or (stage != "any" and attrs["stage"] != stage):
            continue
        if not edge_in_year(graph, source, council, attrs, as_of):
            continue
        node = graph.nodes[source]
        rows.append(
            [
                source,
                node["name"],
                node["kind"],
                attrs["type"],
                attrs["stage"],
                attrs["friction"],
                pass_probability(attrs, friction),
                list(attrs["mechanism"]),
            ]
        )
    rows.sort(key=lambda row: (-row[6], row[0], row[3]))
    return columns, rows
