"""Commands about the dataset itself: validate, stats, find, show, load."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from un_pathways.cli import context
from un_pathways.cli.figure_export import (
    FIGURE_FORMATS,
    add_view_arguments,
    export_figure,
    refuse_view_options,
)
from un_pathways.cli.output import emit_json, table
from un_pathways.graph.lookup import find_nodes, resolve_node
from un_pathways.graph.provenance import STATEMENT_KINDS, channel_statements
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


def _find(args: argparse.Namespace) -> int:
    hits = find_nodes(context.graph(args.data), args.text, kind=args.kind)
    if args.json:
        emit_json(hits)
    else:
        print(table(["id", "name", "kind"], [[h["id"], h["name"], h["kind"]] for h in hits]) if hits else "no match")
    return 0


def _show(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    details = node_details(graph, resolve_node(graph, args.node))
    if args.json:
        emit_json({**details, "statement_kinds": dict(STATEMENT_KINDS)})
    else:
        print(f"{details['name']} ({details['id']}, {details['kind']})\n{details['description']}\n")
        print("sources: " + "; ".join(details["sources"]))
        for label, key in (("note", "note"), ("error in the paper (kept as printed)", "paper_error")):
            if details.get(key):
                print(f"{label}: {details[key]}")
        errors = [e for d in ("outgoing", "incoming") for e in details[d] if e.get("paper_error")]
        for edge in errors:
            print(f"error in the paper on {edge['edge_id']}: {edge['paper_error']}")
        for direction in ("outgoing", "incoming"):
            rows = [[e["type"], e["other"], e.get("friction", "")] for e in details[direction]]
            print(f"\n{direction}:\n" + (table(["type", "other end", "friction"], rows) if rows else "  none"))
        _print_channel_statements(details)
    return 0


def _print_channel_statements(details: dict) -> None:
    """Each channel's paper statement and curators' judgement, labelled apart."""
    channels = [e for direction in ("outgoing", "incoming") for e in details[direction] if e.get("channel")]
    if not channels:
        return
    print("\nchannels (friction grades are the curators' judgement; the paper grades nothing):")
    for edge in channels:
        print(f"\n  {edge['edge_id']} ({edge['stage']} stage, friction {edge['friction']})")
        for label, text in channel_statements(edge):
            indent = {"initial_indent": f"    {label}: ", "subsequent_indent": "      "}
            print(textwrap.fill(text, width=100, break_on_hyphens=False, **indent))


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
    find = add("find", _find, "search nodes by name, acronym or alias")
    find.add_argument("text")
    find.add_argument("--kind", help="only nodes of this kind")
    show = add("show", _show, "a node with its sources and relations")
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
    load.add_argument("--neo4j", action="store_true", required=True, help="load into the Neo4j given by the environment")
