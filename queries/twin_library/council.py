"""Twins of the 'Council & veto' queries."""

from __future__ import annotations

import networkx as nx

from un_pathways.queries.twin_library._common import edges_of_type, nulls_last, sources_of, targets_of


def veto_holders(graph: nx.MultiDiGraph, council: str):
    rows = sorted(
        [graph.nodes[s]["name"], s]
        for s, t, _ in edges_of_type(graph, "HOLDS_VETO_IN")
        if t == council and "MemberState" in graph.nodes[s]["labels"]
    )
    return ["state", "id"], rows


def _is_case(graph: nx.MultiDiGraph, node: str) -> bool:
    return "Case" in graph.nodes[node]["labels"]


def veto_blocked_cases(graph: nx.MultiDiGraph, council: str):
    columns = ["holder_id", "holder", "vetoed_id", "vetoed", "cases", "concerns", "what_was_blocked"]
    rows = []
    for holder, target, _ in edges_of_type(graph, "HOLDS_VETO_IN"):
        if target != council:
            continue
        vetoes = [(t, a) for _, t, a in graph.out_edges(holder, data=True) if a["type"] == "VETOED"]
        for vetoed, attrs in vetoes or [(None, {})]:
            if vetoed is None:
                rows.append([holder, graph.nodes[holder]["name"], None, None, [], [], None])
                continue
            concerned = targets_of(graph, vetoed, "CONCERNS")
            cases = sorted([vetoed] * _is_case(graph, vetoed) + [c for c in concerned if _is_case(graph, c)])
            others = sorted(c for c in concerned if not _is_case(graph, c))
            rows.append(
                [
                    holder,
                    graph.nodes[holder]["name"],
                    vetoed,
                    graph.nodes[vetoed]["name"],
                    cases,
                    others,
                    attrs.get("description"),
                ]
            )
    rows.sort(key=lambda row: (row[0], nulls_last(row[2])))
    return columns, rows


def icc_referrals(graph: nx.MultiDiGraph, council: str, court: str):
    columns = ["resolution", "name", "year", "situations"]
    rows = []
    for resolution in set(sources_of(graph, court, "REFERS_TO")) if court in graph else ():
        node = graph.nodes[resolution]
        if "Resolution" not in node["labels"]:
            continue
        for _ in (t for t in targets_of(graph, resolution, "ESTABLISHED_BY") if t == council):
            situations = sorted(graph.nodes[s]["name"] for s in targets_of(graph, resolution, "CONCERNS"))
            rows.append([resolution, node["name"], node.get("from_year"), situations])
    rows.sort(key=lambda row: (nulls_last(row[2]), row[0]))
    return columns, rows


def r2p_force_authorisations(graph: nx.MultiDiGraph, council: str, norm: str):
    columns = ["resolution", "name", "year", "target_id", "target", "implemented_by", "authorisation"]
    if council not in graph:
        return columns, []
    rows = []
    for _, target, force in graph.out_edges(council, data=True):
        if force["type"] != "AUTHORIZES_FORCE":
            continue
        for resolution, _, about in graph.in_edges(target, data=True):
            node = graph.nodes[resolution]
            if (
                about["type"] in ("CONCERNS", "AUTHORIZES_FORCE")
                and "Resolution" in node["labels"]
                and council in targets_of(graph, resolution, "ESTABLISHED_BY")
                and norm in targets_of(graph, resolution, "GROUNDED_IN")
            ):
                implementers = sorted(sources_of(graph, resolution, "IMPLEMENTS"))
                rows.append(
                    [
                        resolution,
                        node["name"],
                        node.get("from_year"),
                        target,
                        graph.nodes[target]["name"],
                        implementers,
                        force.get("description"),
                    ]
                )
    rows.sort(key=lambda row: (nulls_last(row[2]), row[0], row[3]))
    return columns, rows


def council_inaction(graph: nx.MultiDiGraph, council: str, since: int):
    columns = ["situation_id", "situation", "year", "body", "what_happened"]
    if council not in graph:
        return columns, []
    bodies = [council, *sources_of(graph, council, "PART_OF")]
    rows = []
    for body in bodies:
        for _, situation, attrs in graph.out_edges(body, data=True):
            year = graph.nodes[situation].get("from_year")
            if attrs["type"] == "FAILS_TO_ACT_ON" and (year is None or year >= since):
                rows.append([situation, graph.nodes[situation]["name"], year, body, attrs.get("description")])
    rows.sort(key=lambda row: (nulls_last(row[2]), row[0], row[3]))
    return columns, rows
