"""Twins of the 'Pressure' queries: who leans on the Secretary-General and on which channels."""

from __future__ import annotations

import networkx as nx

from un_pathways.queries.twin_library._common import nulls_last, targets_of


def _member_state(graph: nx.MultiDiGraph, node: str) -> bool:
    return "MemberState" in graph.nodes[node]["labels"]


def pressure_on_secretary_general(graph: nx.MultiDiGraph, office: str):
    columns = ["state_id", "state", "target", "year", "threat", "leverage"]
    if office not in graph:
        return columns, []
    rows = []
    for state, target, attrs in graph.edges(data=True):
        if attrs["type"] != "PRESSURES" or not _member_state(graph, state):
            continue
        if not (
            target == office
            or office in targets_of(graph, target, "HOLDS_OFFICE")
            or target in targets_of(graph, office, "PART_OF")
        ):
            continue
        leverage = sorted(
            f"{a['type']} {t}"
            for _, t, a in graph.out_edges(state, data=True)
            if a["type"] in ("FUNDS", "CONTRIBUTES_TROOPS_TO")
        )
        rows.append(
            [
                state,
                graph.nodes[state]["name"],
                target,
                attrs.get("from_year"),
                attrs.get("description"),
                leverage,
            ]
        )
    rows.sort(key=lambda row: (nulls_last(row[3]), row[0], row[2]))
    return columns, rows


def pressure_on_channels(graph: nx.MultiDiGraph, mechanism: str):
    columns = ["edge", "stage", "friction", "pressed_by", "why"]
    rows = []
    for tail, head, key, attrs in graph.edges(keys=True, data=True):
        if not attrs.get("channel") or mechanism not in attrs["mechanism"]:
            continue
        pressed_by = {
            state
            for end in {tail, head}
            for state, _, a in graph.in_edges(end, data=True)
            if a["type"] == "PRESSURES" and _member_state(graph, state)
        }
        rows.append([key, attrs["stage"], attrs["friction"], sorted(pressed_by), attrs["rationale"]])
    rows.sort(key=lambda row: row[0])
    return columns, rows
