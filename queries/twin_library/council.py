"""Twins of the 'Council & veto' queries."""

from __future__ import annotations

import networkx as nx

from queries.twins import out_edges_of_type, twin


@twin("veto_holders")
def veto_holders(graph: nx.MultiDiGraph, council: str):
    rows = sorted(
        [graph.nodes[s]["name"], s]
        for s, t, _ in out_edges_of_type(graph, "HOLDS_VETO_IN")
        if t == council and "MemberState" in graph.nodes[s]["labels"]
    )
    return ["state", "id"], rows
