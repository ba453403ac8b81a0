"""Commands about the dataset itself: validate, stats, find, show, load."""

from __future__ import annotations

import argparse
from pathlib import Path

from un_pathways.cli import context
from un_pathways.cli.figure_export import (
    FIGURE_FORMATS,
    add_view_arguments,
    export_figure,
    refuse_view_options,
)
from un_pathways.cli.output import emit_json, table
from un_pathways.cli.story import node_page
from un_pathways.graph.lookup import resolve_node
from un_pathways.graph.provenance import STATEMENT_KINDS
from un_pathways.graph.search import search
from un_pathways.graph.stats import graph_stats, node_details

__all__ = ["register"]


def _validate(args: argparse.Namespace) -> int:
    data = context.dataset(args.data)
    summary = {
        "nodes": len(data.nodes),
        "edges": len(data.edges),
        "cases": len(data.cases),
        "scenarios": len(data.scenarios),
    }
    if args.json:
        emit_json({"valid": True, **summary})
    else:
        print("ok: " + ", ".join(f"{n} {k}" for k, n in summary.items()))
    return 0


def _stats(args: argparse.Namespace) -> int:
    stats = graph_stats(context.graph(args.data))
    if args.json:
        emit_json(stats)
    else:
        print(f"{stats['nodes']} nodes, {stats['edges']} edges ({stats['channel_edges']} channels)")
        for section in ("by_kind", "by_edge_type", "by_stage", "by_friction"):
            print(f"\n{section.replace('_', ' ')}:")
            print(table(["value", "count"], [[k, v] for k, v in stats[section].items()]))
    return 0


def _find_json(graph, hit) -> dict:
    """A hit for --json: what matched and where; nodes also carry their labels and aliases."""
    extra = {}
    if hit.what == "node":
        extra = {"labels": graph.nodes[hit.id]["labels"], "aliases": graph.nodes[hit.id].get("aliases", [])}
    return hit.to_dict() | extra


def _find(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    hits = search(graph, args.text, kind=args.kind, limit=args.limit)
    if args.json:
        emit_json([_find_json(graph, hit) for hit in hits])
    elif not hits:
        print(f"no match for {args.text!r} in names, descriptions, notes, sources or relations")
    else:
        rows = [
            [
                hit.name,
                hit.kind.replace("_", " ") if hit.what == "node" else "relation",
                hit.id,
                hit.field if hit.tier < 3 else f"{hit.field}: {hit.snippet}",
            ]
            for hit in hits
        ]
        print(table(["name", "kind", "id", "matched in"], rows))
    return 0


def _show(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    details = node_details(graph, resolve_node(graph, args.node))
    if args.json:
        emit_json({**details, "statement_kinds": dict(STATEMENT_KINDS)})
    else:
        print(node_page(details))
    return 0


def _load(args: argparse.Namespace) -> int:
    from un_pathways.loaders.neo4j_store import Neo4jSettings, load_dataset, open_driver

    data = context.dataset(args.data)  # validated before anything is written
    settings = Neo4jSettings.configured()
    if settings is None:
        from un_pathways.graph.errors import ConnectionFailed

        raise ConnectionFailed(
            "set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to load into Neo4j, or run `pathways neo4j start`"
        )
    driver = open_driver(settings)
    try:
        counts = load_dataset(driver, data, settings.database)
    finally:
        driver.close()
    nodes = counts.get("label:Entity", 0)
    relationships = sum(v for k, v in counts.items() if k.startswith("type:"))
    if args.json:
        emit_json({"uri": settings.uri, "nodes": nodes, "relationships": relationships, "counts": counts})
    else:
        print(f"loaded into {settings.uri}: {nodes} nodes, {relationships} relationships")
    return 0


def _export(args: argparse.Namespace) -> int:
    from un_pathways.loaders.export import export_graph

    if args.format in FIGURE_FORMATS:
        result = export_figure(args)
        if args.json:
            emit_json(result)
        else:
            what = "handout" if result["handout"] else "picture"
            print(f"wrote {result['path']} ({result['view']} {what}, {result['bytes'] / 1024:.0f} KB)")
        return 0
    refuse_view_options(args)
    written = export_graph(context.graph(args.data), args.format, args.out)
    if args.json:
        emit_json({"format": args.format, "files": [str(p) for p in written]})
    else:
        print("wrote " + ", ".join(str(p) for p in written))
    return 0


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def add(name: str, run, help_: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, parents=[common], help=help_, description=help_)
        parser.set_defaults(run=run)
        return parser

    add("validate", _validate, "check every data file; exit 1 if any is invalid")
    add("stats", _stats, "counts by kind, edge type, stage and friction")
    find = add(
        "find",
        _find,
        "search names, acronyms, aliases and document symbols, then descriptions, notes and relations",
    )
    find.add_argument("text")
    find.add_argument("--kind", help="only nodes of this kind")
    find.add_argument("--limit", type=int, default=20, help="at most this many results (default 20)")
    show = add(
        "show",
        _show,
        "a node: names, symbols, dates, description, notes, sources, and each relation with its reasons",
    )
    show.add_argument("node", help="id, name or alias")
    export = add(
        "export",
        _export,
        "write the graph as GraphML, node-link JSON, neo4j-admin CSV or a Cypher script, or a view of it "
        "as a slide (PNG, SVG) or a one-page PDF handout of a pathway or a case",
    )
    formats = ["graphml", "json", "csv", "cypher", *FIGURE_FORMATS]
    export.add_argument("--format", choices=formats, required=True)
    export.add_argument("out", type=Path, help="output file (a folder for csv)")
    add_view_arguments(export)
    load = add("load", _load, "write the dataset into Neo4j (NEO4J_URI/USER/PASSWORD)")
    load.add_argument(
        "--neo4j", action="store_true", required=True, help="load into the Neo4j given by the environment"
    )
