"""Saved and ad-hoc queries on screen: the typed parameter form, the result as a table and a graph."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from un_pathways.graph.settings import SETTINGS
from un_pathways.queries.saved import Parameter, SavedQuery

__all__ = [
    "cypher_with_params",
    "free_text_list",
    "node_ids_in",
    "parameter_widget",
    "result_frame",
    "result_json",
    "truncation_notice",
    "widget_key",
]


def widget_key(query: SavedQuery, name: str) -> str:
    return f"qp_{query.name}_{name}"


def _kinds(graph: nx.MultiDiGraph) -> list[str]:
    return list(graph.graph["dataset"].vocabulary.kinds)


def _node_format(graph: nx.MultiDiGraph):
    def label(node: str) -> str:
        attrs = graph.nodes[node]
        return f"{attrs['name']} ({attrs['short']})" if attrs.get("short") else attrs["name"]

    return label


def parameter_widget(graph: nx.MultiDiGraph, query: SavedQuery, name: str, spec: Parameter) -> Any:
    """A widget of the right type for one parameter; the query reruns when it changes."""
    key = widget_key(query, name)
    label, help_ = name, spec.description
    if spec.allowed is not None:
        return st.selectbox(label, spec.allowed, key=key, help=help_)
    if spec.type == "bool":
        return st.checkbox(label, key=key, help=help_)
    if spec.type == "int":
        return st.number_input(
            label,
            min_value=None if spec.min is None else int(spec.min),
            max_value=None if spec.max is None else int(spec.max),
            step=1,
            key=key,
            help=help_,
        )
    if spec.type == "float":
        return st.number_input(label, min_value=spec.min, max_value=spec.max, step=0.05, key=key, help=help_)
    if spec.type == "list":
        if free_text_list(graph, spec):
            return st.text_input(label, key=key, help=help_ + " (comma-separated)")
        if all(item in graph for item in spec.default):
            nodes = sorted(graph, key=lambda n: graph.nodes[n]["name"].casefold())
            return st.multiselect(label, nodes, key=key, help=help_, format_func=_node_format(graph))
        return st.multiselect(label, _kinds(graph), key=key, help=help_)
    if isinstance(spec.default, str) and spec.default in graph:
        nodes = sorted(graph, key=lambda n: graph.nodes[n]["name"].casefold())
        return st.selectbox(label, nodes, key=key, help=help_, format_func=_node_format(graph))
    return st.text_input(label, key=key, help=help_)


def free_text_list(graph: nx.MultiDiGraph, spec: Parameter) -> bool:
    """True when a list parameter is typed as comma-separated text (not picked from nodes or kinds)."""
    default = spec.default or []
    return spec.type == "list" and not (
        default and (all(item in graph for item in default) or all(item in _kinds(graph) for item in default))
    )


def _cypher_literal(value: Any) -> str:
    """A parameter value as Cypher writes it: JSON, but a map's keys in backticks (``{`high`: 0.3}``)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{key}`: {_cypher_literal(item)}" for key, item in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def cypher_with_params(query: SavedQuery, values: dict[str, Any]) -> str:
    """The query text preceded by a ``:params`` block, ready for Neo4j Browser."""
    pairs = ", ".join(f"{name}: {_cypher_literal(value)}" for name, value in values.items())
    header = f":params {{{pairs}}}\n\n" if values else ""
    return header + query.cypher


def _walk(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            if isinstance(item, list | dict):
                yield from _walk(item)


def node_ids_in(rows: list[list[Any]], graph: nx.MultiDiGraph) -> list[str]:
    """Every node id found in a result (cells, lists of ids, node maps), in order of appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for cell in row:
            for text in _walk(cell):
                if text in graph:
                    seen.setdefault(text, None)
    return list(seen)


def _cell(value: Any, graph: nx.MultiDiGraph) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, str) and v in graph for v in value):
        return " → ".join(value)  # a route of node ids
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(map(str, value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def result_frame(result: dict, graph: nx.MultiDiGraph) -> pd.DataFrame:
    """A query result as a table: routes as ``a → b``, other lists comma-separated, maps as JSON."""
    return pd.DataFrame([[_cell(v, graph) for v in row] for row in result["rows"]], columns=result["columns"])


def result_json(query_name: str, params: dict[str, Any], result: dict) -> str:
    """The result with its query and parameters, as a JSON document."""
    return json.dumps({"query": query_name, "parameters": params, **result}, ensure_ascii=False, indent=2)


def truncation_notice(result: dict) -> None:
    """A visible warning when a result was cut at the row limit, and how to get the rest."""
    if result.get("cut_at") == "size":
        st.warning(
            f"Only the first {len(result['rows'])} rows are shown: the result was cut at the size limit "
            f"({SETTINGS['result_max_bytes'].default // 2**20} MB). "
            "Narrow the query, or return fewer columns.",
            icon=":material/content_cut:",
        )
    elif result["truncated"]:
        st.warning(
            f"Only the first {len(result['rows'])} rows are shown: the result was cut at the row limit. "
            "Narrow the query, or raise the limit under **Query limits** in the sidebar.",
            icon=":material/content_cut:",
        )
