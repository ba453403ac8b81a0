"""Counts that describe the dataset: by kind, edge type, stage and friction."""

from __future__ import annotations

from collections import Counter

import networkx as nx

__all__ = ["graph_stats", "node_details"]


def graph_stats(graph: nx.MultiDiGraph) -> dict:
    """Counts of nodes by kind and of edges by type, stage and friction.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> stats = graph_stats(build_graph(read_dataset()))
    >>> stats["nodes"] == sum(stats["by_kind"].values())
    True
    """
    edges = [attrs for _, _, attrs in graph.edges(data=True)]
    channels = [a for a in edges if a.get("channel")]
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "channel_edges": len(channels),
        "by_kind": dict(sorted(Counter(a["kind"] for _, a in graph.nodes(data=True)).items())),
        "by_edge_type": dict(sorted(Counter(a["type"] for a in edges).items())),
        "by_stage": dict(sorted(Counter(a["stage"] for a in channels).items())),
        "by_friction": dict(sorted(Counter(a["friction"] for a in channels).items())),
    }


def node_details(graph: nx.MultiDiGraph, node_id: str) -> dict:
    """A node's properties with its incoming and outgoing edges, naming the other ends."""

    def edge_row(attrs: dict, other: str) -> dict:
        return {"other": other, "other_name": graph.nodes[other]["name"], **attrs}

    return {
        **graph.nodes[node_id],
        "outgoing": [
            edge_row(a, t)
            for _, t, a in sorted(graph.out_edges(node_id, data=True), key=lambda e: (e[2]["type"], e[1]))
        ],
        "incoming": [
            edge_row(a, s)
            for s, _, a in sorted(graph.in_edges(node_id, data=True), key=lambda e: (e[2]["type"], e[0]))
        ],
    }
