"""Query parameters that name a node accept what ``pathways show`` does: an id, a name, an acronym, an alias.

A saved query declares its parameters with a default (queries/saved.py); a
parameter whose default is a node id, or a list of node ids, names nodes. Its
values are resolved with graph/lookup.py before the query runs, so
``--param actor=NATO`` works like ``show NATO``, and a name that matches no
node fails with the closest matches instead of running and returning 0 rows.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.lookup import resolve_node
from un_pathways.queries.saved import Parameter, SavedQuery

__all__ = ["names_nodes", "resolve_node_parameters"]


def names_nodes(spec: Parameter, graph: nx.MultiDiGraph) -> bool:
    """True when a parameter stands for a node (or nodes): its default is a node id (or a list of them)."""
    default = spec.default
    if spec.type == "string":
        return isinstance(default, str) and default in graph
    if spec.type == "list":
        return bool(default) and all(isinstance(item, str) and item in graph for item in default)
    return False


def _resolve(name: str, reference: str, graph: nx.MultiDiGraph) -> str:
    try:
        return resolve_node(graph, reference.strip())
    except LookupFailed as exc:
        raise LookupFailed(f"parameter {name!r}: {exc}") from None


def resolve_node_parameters(
    query: SavedQuery, given: dict[str, Any], graph: nx.MultiDiGraph
) -> dict[str, Any]:
    """``given`` with every node-naming value turned into its node id; other values untouched.

    Lists may come as a list or as comma-separated text (the CLI's form).
    """
    resolved = dict(given)
    for name, value in given.items():
        spec = query.parameters.get(name)
        if spec is None or not names_nodes(spec, graph):
            continue  # unknown names are reported by coerce_parameters
        if spec.type == "string" and isinstance(value, str):
            resolved[name] = _resolve(name, value, graph)
        elif spec.type == "list":
            items = value.split(",") if isinstance(value, str) else value
            resolved[name] = [_resolve(name, item, graph) for item in items if str(item).strip()]
    return resolved
