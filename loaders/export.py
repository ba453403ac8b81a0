"""Export the graph for other tools: GraphML, node-link JSON, neo4j-admin CSV, a Cypher script.

Each format keeps every property. List-valued properties (aliases, sources,
mechanism, labels) are stored as JSON text where the format has no lists
(GraphML, CSV), and read back by :func:`read_graphml` / :func:`read_json`.

A channel edge's ``rationale`` and ``sources`` are the paper's; its ``friction``,
``mechanism`` and ``justification`` are the curators' judgement. GraphML and
JSON say so in a graph attribute, ``statement_kinds``; the Cypher script in its
header; the CSV columns keep the same names (docs/data-model.md).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import networkx as nx

from un_pathways.graph.provenance import STATEMENT_KINDS

__all__ = ["FORMATS", "export_graph", "read_csv", "read_graphml", "read_json"]

FORMATS = ("graphml", "json", "csv", "cypher")
_LIST_PREFIX = "json:"


def _flat(attrs: dict) -> dict:
    return {
        k: _LIST_PREFIX + json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
        for k, v in attrs.items()
    }


def _unflat(attrs: dict) -> dict:
    return {
        k: json.loads(v[len(_LIST_PREFIX) :]) if isinstance(v, str) and v.startswith(_LIST_PREFIX) else v
        for k, v in attrs.items()
    }


def _plain_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    plain: nx.MultiDiGraph[str] = nx.MultiDiGraph(**graph.graph)
    for node, attrs in graph.nodes(data=True):
        plain.add_node(node, **_flat(attrs))
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **_flat(attrs))
    return plain


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a GraphML export back into the graph it was written from."""
    raw = cast(nx.MultiDiGraph, nx.read_graphml(path, force_multigraph=True))  # directed, as written
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, attrs in raw.nodes(data=True):
        graph.add_node(node, **_unflat(attrs))
    for source, target, key, attrs in raw.edges(keys=True, data=True):
        graph.add_edge(source, target, key=key, **_unflat(attrs))
    return graph


def read_json(path: Path) -> nx.MultiDiGraph:
    """Read a node-link JSON export back."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", name="node")
    return cast(nx.MultiDiGraph, graph)  # directed and multigraph, as asked


def _cypher_literal(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _cypher_map(attrs: dict) -> str:
    return "{" + ", ".join(f"`{k}`: {_cypher_literal(v)}" for k, v in attrs.items()) + "}"


def _write_cypher(graph: nx.MultiDiGraph, path: Path) -> None:
    lines = [
        "// UN Pathways graph: run in an empty Neo4j database (cypher-shell -f FILE).",
        *(f"// Channel property {field}: {kind}." for field, kind in STATEMENT_KINDS.items()),
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
    ]
    for _, attrs in graph.nodes(data=True):
        labels = ":".join(f"`{label}`" for label in attrs["labels"])
        lines.append(f"CREATE (:{labels} {_cypher_map(attrs)});")
    for source, target, _, attrs in graph.edges(keys=True, data=True):
        lines.append(
            f"MATCH (a:Entity {{id: {_cypher_literal(source)}}}), "
            f"(b:Entity {{id: {_cypher_literal(target)}}}) "
            f"CREATE (a)-[:`{attrs['type']}` {_cypher_map(attrs)}]->(b);"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ARRAY_DELIMITER = "|"  # sources contain ";", so arrays use "|" (neo4j-admin --array-delimiter="|")
# How a CSV cell of each typed header reads back (untyped headers are strings).
_FROM_CSV: dict[str, Callable[[str], Any]] = {
    "string[]": lambda cell: cell.split(ARRAY_DELIMITER),
    "int": int,
    "boolean": lambda cell: cell == "true",
}


def _csv_type(values: list) -> str:
    sample = next((v for v in values if v is not None), "")
    if isinstance(sample, list):
        return "string[]"
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, int):
        return "int"
    return "string"


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _write_table(path: Path, head: list[str], keys: list[str], types: dict, rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([head[0], *[f"{k}:{types[k]}" for k in keys], *head[1:]])
        for first, attrs, *rest in rows:
            writer.writerow([first, *[_csv_cell(attrs.get(k)) for k in keys], *rest])


def _write_csv(graph: nx.MultiDiGraph, folder: Path) -> None:
    """nodes.csv and relationships.csv with typed headers for `neo4j-admin database import`.

    Import with ``neo4j-admin database import full --array-delimiter="|" --nodes=nodes.csv
    --relationships=relationships.csv``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    nodes = list(graph.nodes(data=True))
    node_keys = sorted({k for _, a in nodes for k in a} - {"id", "labels"})
    node_types = {k: _csv_type([a.get(k) for _, a in nodes]) for k in node_keys}
    _write_table(
        folder / "nodes.csv",
        ["id:ID", ":LABEL"],
        node_keys,
        node_types,
        [(n, a, ";".join(a["labels"])) for n, a in nodes],
    )
    edges = list(graph.edges(data=True))
    edge_keys = sorted({k for _, _, a in edges for k in a} - {"type"})
    edge_types = {k: _csv_type([a.get(k) for _, _, a in edges]) for k in edge_keys}
    _write_table(
        folder / "relationships.csv",
        [":START_ID", ":END_ID", ":TYPE"],
        edge_keys,
        edge_types,
        [(s, a, t, a["type"]) for s, t, a in edges],
    )


def read_csv(folder: Path) -> nx.MultiDiGraph:
    """Read a CSV export back (the inverse of the typed headers written above)."""

    def parse(header: str, cell: str):
        name, _, kind = header.partition(":")
        if cell == "":
            return name, None
        value = _FROM_CSV.get(kind, str)(cell)
        return name, value

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    with (Path(folder) / "nodes.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        head = next(reader)
        for row in reader:
            attrs = dict(parse(h, c) for h, c in zip(head[1:-1], row[1:-1], strict=True))
            graph.add_node(
                row[0],
                id=row[0],
                labels=row[-1].split(";"),
                **{k: v for k, v in attrs.items() if v is not None},
            )
    with (Path(folder) / "relationships.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        head = next(reader)
        for row in reader:
            attrs = dict(parse(h, c) for h, c in zip(head[1:-2], row[1:-2], strict=True))
            attrs = {k: v for k, v in attrs.items() if v is not None}
            graph.add_edge(row[0], row[-2], key=attrs["edge_id"], type=row[-1], **attrs)
    return graph


def export_graph(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``graph`` in ``fmt`` to ``out`` (a file, or a folder for csv); return the files written."""
    out = Path(out)
    plain: nx.MultiDiGraph[str] = nx.MultiDiGraph(graph)  # drop the dataset reference kept in graph.graph
    plain.graph = {"statement_kinds": json.dumps(dict(STATEMENT_KINDS), ensure_ascii=False)}
    if fmt == "graphml":
        nx.write_graphml(_plain_graph(plain), out)
        return [out]
    if fmt == "json":
        out.write_text(
            json.dumps(nx.node_link_data(plain, edges="edges", name="node"), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        return [out]
    if fmt == "csv":
        _write_csv(plain, out)
        return [out / "nodes.csv", out / "relationships.csv"]
    if fmt == "cypher":
        _write_cypher(plain, out)
        return [out]
    raise ValueError(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
