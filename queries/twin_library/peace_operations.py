"""Twins of the 'Peace operations' queries: mandates, troop contributors, reporting, consent."""

from __future__ import annotations

import networkx as nx

from un_pathways.graph.model import FRICTIONS
from un_pathways.graph.views import in_force
from un_pathways.queries.twin_library._common import edge_in_year, sources_of, targets_of

RANK = {friction: rank for rank, friction in enumerate(FRICTIONS)}


def _labelled(graph: nx.MultiDiGraph, node: str, label: str) -> bool:
    return label in graph.nodes[node]["labels"]


def poc_mandated_missions(graph: nx.MultiDiGraph, norm: str, as_of: int):
    columns = ["mission", "name", "since", "mandated_by", "hosts", "implementation_friction"]
    rows = []
    for mission, attrs in graph.nodes(data=True):
        if not _labelled(graph, mission, "Mission") or not in_force(attrs, as_of):
            continue
        implements = [
            a for _, t, a in graph.out_edges(mission, data=True) if a["type"] == "IMPLEMENTS" and t == norm
        ]
        by_resolution = any(
            _labelled(graph, resolution, "Resolution")
            and norm in targets_of(graph, resolution, "GROUNDED_IN", "CONCERNS")
            for resolution in sources_of(graph, mission, "MANDATES")
        )
        if not implements and not by_resolution:
            continue
        frictions = [a["friction"] for a in implements if a.get("channel")]
        hosts = [h for h in sources_of(graph, mission, "HOSTS") if _labelled(graph, h, "MemberState")]
        rows.append(
            [
                mission,
                attrs["name"],
                attrs.get("from_year"),
                sorted(sources_of(graph, mission, "MANDATES")),
                sorted(hosts),
                frictions[0] if frictions else None,
            ]
        )
    rows.sort(key=lambda row: row[0])
    return columns, rows


def _mission_parts(graph: nx.MultiDiGraph, mission: str) -> set[str]:
    """The mission and the missions PART_OF it within two hops."""
    found, frontier = {mission}, {mission}
    for _ in range(2):
        frontier = {p for node in frontier for p in sources_of(graph, node, "PART_OF")}
        found |= frontier
    return {node for node in found if _labelled(graph, node, "Mission")}


def troop_contributor_caveats(graph: nx.MultiDiGraph, mechanism: str):
    columns = [
        "contributor",
        "name",
        "contributes_to",
        "constrains",
        "constrained_by",
        "caveats_on_its_missions",
        "weakened_channels",
    ]
    rows = []
    for contributor, attrs in graph.nodes(data=True):
        missions = targets_of(graph, contributor, "CONTRIBUTES_TROOPS_TO")
        if not (_labelled(graph, contributor, "TroopContributor") or missions):
            continue
        own_missions = [m for m in missions if _labelled(graph, m, "Mission")]
        caveats = {c for m in own_missions for c in sources_of(graph, m, "CONSTRAINS")}
        channels = {
            key
            for m in own_missions
            for part in _mission_parts(graph, m)
            for _, _, key, a in graph.out_edges(part, keys=True, data=True)
            if a.get("channel") and mechanism in a["mechanism"]
        }
        rows.append(
            [
                contributor,
                attrs["name"],
                sorted(missions),
                sorted(targets_of(graph, contributor, "CONSTRAINS")),
                sorted(sources_of(graph, contributor, "CONSTRAINS")),
                sorted(caveats),
                sorted(channels),
            ]
        )
    rows.sort(key=lambda row: row[0])
    return columns, rows


def mission_reporting_failures(graph: nx.MultiDiGraph, min_friction: str, as_of: int):
    columns = ["mission", "name", "channel", "recipient", "friction", "mechanism", "why"]
    rows = []
    for mission, recipient, attrs in graph.edges(data=True):
        if not (
            attrs.get("channel") and attrs["stage"] == "information" and _labelled(graph, mission, "Mission")
        ):
            continue
        if RANK[attrs["friction"]] < RANK[min_friction] or not edge_in_year(
            graph, mission, recipient, attrs, as_of
        ):
            continue
        rows.append(
            [
                mission,
                graph.nodes[mission]["name"],
                attrs["type"],
                recipient,
                attrs["friction"],
                list(attrs["mechanism"]),
                attrs["rationale"],
            ]
        )
    rows.sort(key=lambda row: (-RANK[row[4]], row[0], row[3], row[2]))
    return columns, rows


def mission_host_consent(graph: nx.MultiDiGraph, as_of: int):
    columns = ["mission", "name", "host", "consent_recorded", "consent_dependent_channels"]
    rows = []
    for host, mission, attrs in graph.edges(data=True):
        if attrs["type"] != "HOSTS" or not (
            _labelled(graph, host, "MemberState") and _labelled(graph, mission, "Mission")
        ):
            continue
        if not edge_in_year(graph, host, mission, attrs, as_of):
            continue
        dependent = sum(
            1
            for _, _, a in graph.out_edges(mission, data=True)
            if a.get("channel") and "host_consent_dependence" in a["mechanism"]
        )
        rows.append(
            [
                mission,
                graph.nodes[mission]["name"],
                host,
                mission in targets_of(graph, host, "CONSENTS_TO"),
                dependent,
            ]
        )
    rows.sort(key=lambda row: (row[0], row[2]))
    return columns, rows
