"""Saved and ad-hoc queries on screen: the typed parameter form, the result as a table and a graph."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from un_pathways.graph.settings import SETTINGS
from un_pathways.queries.saved import Parameter, SavedQuery
from un_pathways.ui.search_box import PICKER_HELP, node_picker

__all__ = [
    "PARAMETER_LABELS",
    "cypher_with_params",
    "empty_result_reason",
    "free_text_list",
    "node_ids_in",
    "parameter_label",
    "parameter_widget",
    "result_frame",
    "result_json",
    "truncation_notice",
    "widget_key",
]


# What each query parameter is called on screen; the Cypher name ($k, $max_hops...) is in the help.
PARAMETER_LABELS = {
    "actor": "Actor at the centre",
    "after": "Year after",
    "as_of": "As of year",
    "avoid": "Avoiding this actor",
    "before": "Year before",
    "channels_only": "Count only channels",
    "council": "Decision-maker",
    "country": "Country",
    "court": "Court",
    "hops": "How far, in steps",
    "hubs": "Actors whose links to show",
    "k": "How many routes",
    "kind": "Kind of actor",
    "kinds": "Kinds that count as reforms",
    "limit": "How many actors to list",
    "max_hops": "Longest route, in steps",
    "mechanism": "Why signals stall (mechanism)",
    "min_friction": "Friction at least",
    "norm": "Protection norm",
    "office": "Office under pressure",
    "secretariat": "Body whose internal lines to show",
    "setting": "Setting",
    "since": "Since year",
    "source": "Where the warning starts",
    "stage": "Stage",
    "target": "Who must hear it",
    "team": "Where the warning starts (country team)",
    "threshold": "Stall threshold",
    "until": "Until year",
}


def parameter_label(name: str) -> str:
    """A parameter's name in words ("k" -> "How many routes")."""
    return PARAMETER_LABELS.get(name, name.replace("_", " ").capitalize())


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
    label, help_ = parameter_label(name), f"{spec.description} (in the Cypher: `${name}`)"
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
    if isinstance(spec.default, str) and spec.default in graph:  # an actor: found as the search box finds
        return node_picker(graph, key, label, help=f"{help_}. {PICKER_HELP}")
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


def _shown(value: Any, graph: nx.MultiDiGraph, names: bool) -> Any:
    """A node id as its name (when ``names``); anything else as it is."""
    if names and isinstance(value, str) and value in graph:
        return graph.nodes[value]["name"]
    if names and isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"] in graph:
        return graph.nodes[value["id"]]["name"]
    return value


def _cell(value: Any, graph: nx.MultiDiGraph, names: bool = False) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, str) and v in graph for v in value):
        return " → ".join(_shown(v, graph, names) for v in value)  # a route of node ids
    value = _shown(value, graph, names)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(_shown(v, graph, names)) for v in value)
    if isinstance(value, list) and all(isinstance(v, dict) and v.get("id") in graph for v in value) and names:
        return ", ".join(_shown(v, graph, names) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _holds_ids(rows: list[list[Any]], column: int, graph: nx.MultiDiGraph) -> bool:
    return any(node_ids_in([[row[column]]], graph) for row in rows)


def _named_elsewhere(rows: list[list[Any]], column: int, graph: nx.MultiDiGraph) -> bool:
    """True when another column already gives the names of this column's ids (an ``id`` beside its name)."""
    names = [graph.nodes[row[column]]["name"] if row[column] in graph else None for row in rows]
    return any(
        all(row[other] == name for row, name in zip(rows, names, strict=True))
        for other in range(len(rows[0]) if rows else 0)
        if other != column
    )


def result_frame(result: dict, graph: nx.MultiDiGraph, show_ids: bool = False) -> pd.DataFrame:
    """A query result as a table people read: node ids shown as names, routes as ``a → b``.

    The ids stay available: with ``show_ids`` each column holding ids gets an
    ``(ids)`` twin, and a column of ids beside the column of their names (the
    row's node) is shown; without it, both are left out.
    """
    columns, rows = result["columns"], result["rows"]
    data: dict[str, list] = {}
    for index, column in enumerate(columns):
        values = [row[index] for row in rows]
        if rows and _named_elsewhere(rows, index, graph):
            if show_ids:
                data[column] = [_cell(v, graph) for v in values]
            continue
        data[column] = [_cell(v, graph, names=True) for v in values]
        if show_ids and _holds_ids(rows, index, graph):
            data[f"{column} (ids)"] = [_cell(v, graph) for v in values]
    return pd.DataFrame(data, columns=list(data) or columns)


def empty_result_reason(
    query: SavedQuery,
    values: dict[str, Any],
    rows_with: Callable[[dict], int],
    shown: Callable[[Any], str] = repr,
) -> str:
    """Why a query returned no rows: which chosen value, set back to its default, gives rows again.

    ``rows_with(values)`` runs the query and counts its rows; ``shown`` writes a value for people
    (as Markdown-safe text: the reason is Markdown).
    """
    changed = [name for name, value in values.items() if value != query.parameters[name].default]
    if not changed:
        return "No rows with the default values: the data holds nothing that matches this question as asked."
    emptied = []
    for name in changed:
        count = rows_with(values | {name: query.parameters[name].default})
        if count:
            default = query.parameters[name].default
            emptied.append(f"**{parameter_label(name)}** (with its default, {shown(default)}, {count} rows)")
    if emptied:
        return "No rows. What emptied it: " + "; ".join(emptied) + "."
    return (
        "No rows, and no single value set back to its default brings rows back: several choices together "
        "leave nothing. Try the defaults and change one value at a time."
    )


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
