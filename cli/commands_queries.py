"""Commands that run Cypher: the saved query library and ad-hoc read-only Cypher."""

from __future__ import annotations

import argparse
import sys

from un_pathways.cli import context
from un_pathways.cli.model_options import parse_friction
from un_pathways.cli.output import emit_json, emit_rows, table
from un_pathways.graph.errors import QueryError
from un_pathways.graph.settings import SETTINGS

__all__ = ["register"]


def _queries(args: argparse.Namespace) -> int:
    saved = context.saved_queries()
    if args.json:
        emit_json(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "question": q.question,
                    "category": q.category,
                    "parameters": {n: p.model_dump() for n, p in q.parameters.items()},
                    "teaching": q.teaching,
                }
                for q in saved.values()
            ]
        )
    else:
        rows = [[q.name, q.category, q.question] for q in saved.values()]
        print(table(["name", "category", "question"], rows))
    return 0


def _emit_result(result, fmt: str) -> None:
    if fmt == "json":
        emit_json(result.to_dict())
        return
    emit_rows(result.columns, result.rows, fmt)
    cut = ""
    if result.cut_at == "size":
        cut = (
            f"only the first {len(result.rows)} rows are shown: the result was cut at the size limit "
            f"({SETTINGS['result_max_bytes'].default // 2**20} MB); narrow the query or return fewer columns"
        )
    elif result.truncated:
        cut = (
            f"only the first {len(result.rows)} rows are shown: the result was cut at the row limit "
            "(raise it with --limit N)"
        )
    if fmt == "table":
        summary = f"{len(result.rows)} rows from {result.backend} in {result.elapsed_ms:.1f} ms"
        print(f"\n{summary}; {cut}" if cut else f"\n{summary}")
    elif cut:
        print(f"note: {cut}", file=sys.stderr)  # stdout stays valid CSV


def _format(args: argparse.Namespace) -> str:
    return "json" if args.json else args.format


def _query(args: argparse.Namespace) -> int:
    saved = context.saved_queries()
    if args.name not in saved:
        import difflib

        close = difflib.get_close_matches(args.name, list(saved), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `pathways queries` lists them"
        raise QueryError(f"no saved query named {args.name!r}{hint}")
    from un_pathways.queries.node_params import resolve_node_parameters

    query = saved[args.name]
    params = resolve_node_parameters(query, context.parse_params(args.param), context.graph(args.data))
    backend = context.backend_for(args)
    result = backend.run_saved(query, params, friction=parse_friction(args.friction))
    _emit_result(result, _format(args))
    return 0


def _cypher(args: argparse.Namespace) -> int:
    from un_pathways.queries.backends import EmbeddedBackend

    params = context.parse_params(args.param)
    if args.backend == "embedded":
        EmbeddedBackend(context.graph(args.data)).run_cypher(args.statement, params)
    backend = context.neo4j_backend(args)
    _emit_result(backend.run_cypher(args.statement, params), _format(args))
    return 0


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    listing = commands.add_parser("queries", parents=[common], help="list the saved queries")
    listing.set_defaults(run=_queries)
    run_options = argparse.ArgumentParser(add_help=False)
    run_options.add_argument(
        "--param", action="append", metavar="NAME=VALUE", help="a query parameter (repeatable)"
    )
    run_options.add_argument("--format", choices=["table", "json", "csv"], default="table")
    run_options.add_argument(
        "--timeout",
        type=float,
        default=SETTINGS["query_timeout_s"].default,
        help=SETTINGS["query_timeout_s"].help,
    )
    run_options.add_argument(
        "--limit", type=int, default=SETTINGS["row_limit"].default, help=SETTINGS["row_limit"].help
    )
    query = commands.add_parser("query", parents=[common, run_options], help="run a saved query")
    query.add_argument("name")
    query.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    query.add_argument(
        "--friction", action="append", metavar="LEVEL=P", help="change a friction level's pass probability"
    )
    query.set_defaults(run=_query)
    cypher = commands.add_parser(
        "cypher", parents=[common, run_options], help="run read-only ad-hoc Cypher on Neo4j"
    )
    cypher.add_argument("statement")
    cypher.add_argument("--backend", choices=["embedded", "neo4j"], default="neo4j")
    cypher.set_defaults(run=_cypher)
