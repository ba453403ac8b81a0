"""``pathways export --format png|svg|pdf``: a view of the graph as a slide, or a pathway or case handout.

The view is the whole system (default), a neighbourhood (``--focus NODE
--hops N``), a pathway (``--pathway FROM TO``) or a case (``--case CASE``).
PNG and SVG are slides (loaders/figures.py); PDF is the one-page handout for a
pathway or a case (loaders/handout.py) and the slide as a PDF otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from un_pathways.cli import context
from un_pathways.graph.cases import case_named, case_verdict
from un_pathways.graph.errors import LookupFailed, QueryError
from un_pathways.graph.lookup import resolve_node
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.views import configure, dataset_of

__all__ = ["FIGURE_FORMATS", "add_view_arguments", "export_figure", "refuse_view_options"]

FIGURE_FORMATS = ("png", "svg", "pdf")


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that choose what a png, svg or pdf export shows."""
    view = parser.add_argument_group("what a png, svg or pdf shows (default: the whole system)")
    choice = view.add_mutually_exclusive_group()
    choice.add_argument("--focus", metavar="NODE", help="a node's neighbourhood (id, name or alias)")
    choice.add_argument("--pathway", nargs=2, metavar=("FROM", "TO"), help="the most reliable pathways")
    choice.add_argument("--case", help="a case: the model's legs and the curated reading")
    view.add_argument("--hops", type=int, default=1, choices=[1, 2], help="with --focus: how far")
    view.add_argument("--k", type=int, default=3, help="with --pathway: how many to draw")
    view.add_argument("--as-of", type=int, help="the system as it was in this year")
    view.add_argument("--scenario", help="apply a scenario from data/scenarios/")


def scenario_words(graph, scenario: str | None) -> str:
    """A scenario by its name, for a subtitle."""
    known = dataset_of(graph).scenarios
    if not scenario:
        return "no scenario"
    return f"scenario: {known[scenario].name}" if scenario in known else f"scenario {scenario}"


def _configuration(args: argparse.Namespace, graph) -> str:
    parts = [scenario_words(graph, args.scenario)]
    parts.append(f"as of {args.as_of}" if args.as_of else "all years")
    return "UN Pathways · " + ", ".join(parts)


def _name(graph, node: str) -> str:
    return graph.nodes[node]["name"]


def _pathway(args: argparse.Namespace, graph, view):
    from un_pathways.loaders.figure_views import pathway_figure
    from un_pathways.loaders.handout import pathway_handout

    source, target = (resolve_node(graph, end) for end in args.pathway)
    paths = [p.to_dict() for p in most_reliable_paths(view, source, target, k=args.k)]
    if not paths:
        raise LookupFailed(
            f"no channel pathway from {source!r} to {target!r} in this configuration; "
            "try another --as-of or --scenario"
        )
    title = f"From {_name(graph, source)} to {_name(graph, target)}"
    subtitle = _configuration(args, graph)
    if args.format == "pdf":
        return "pathway", pathway_handout(view, paths[0], title, subtitle)
    return "pathway", pathway_figure(view, paths, title, subtitle)


def _case(args: argparse.Namespace, graph):
    from un_pathways.loaders.figure_views import case_figure
    from un_pathways.loaders.handout import case_handout

    case = case_named(graph, args.case)
    verdict = case_verdict(graph, case, scenario=args.scenario, as_of=args.as_of)
    view = configure(
        graph, as_of=verdict["as_of"], setting=case.setting, scenario=verdict["scenario"] or None
    )
    stalled = verdict["verdict"]["stall"] is not None
    title = f"{case.name}: where the warning stalled" if stalled else case.name
    subtitle = f"UN Pathways · {scenario_words(graph, verdict['scenario'])}, as of {verdict['as_of']}"
    if args.format == "pdf":
        return "case", case_handout(view, case, verdict, title, subtitle)
    return "case", case_figure(view, verdict, title, subtitle)


def _what(args: argparse.Namespace):
    from un_pathways.loaders.figure_views import neighbourhood_figure, system_figure

    graph = context.graph(args.data)
    if args.case:
        return _case(args, graph)
    view = configure(graph, as_of=args.as_of, scenario=args.scenario)
    if args.pathway:
        return _pathway(args, graph, view)
    if args.focus:
        centre = resolve_node(graph, args.focus)
        if centre not in view:
            raise LookupFailed(
                f"{centre!r} does not exist in this configuration (check --as-of and --scenario)"
            )
        hops = "hop" if args.hops == 1 else "hops"
        title = f"{_name(graph, centre)}: what lies within {args.hops} {hops}"
        subtitle = _configuration(args, graph)
        return "neighbourhood", neighbourhood_figure(view, centre, args.hops, title, subtitle)
    return "system", system_figure(view, "The UN protection system", _configuration(args, graph))


def export_figure(args: argparse.Namespace) -> dict:
    """Write the chosen view in ``args.format`` to ``args.out``; return what was written."""
    from un_pathways.loaders.figures import write_figure
    from un_pathways.loaders.handout import Handout, write_handout

    kind, drawing = _what(args)
    out = Path(args.out)
    if out.is_dir():
        raise QueryError(f"{out} is a folder; give the file to write, e.g. {out / ('view.' + args.format)}")
    written = (
        write_handout(drawing, out)
        if isinstance(drawing, Handout)
        else write_figure(drawing, args.format, out)
    )
    return {
        "format": args.format,
        "view": kind,
        "handout": isinstance(drawing, Handout),
        "files": [str(written)],
        "path": str(written),
        "bytes": written.stat().st_size,
    }


def refuse_view_options(args: argparse.Namespace) -> None:
    """A graph format (graphml, json, csv, cypher) holds the whole graph: say so if a view was asked."""
    asked = [
        f"--{name.replace('_', '-')}" for name in ("focus", "pathway", "case") if getattr(args, name, None)
    ]
    if asked:
        raise QueryError(
            f"{', '.join(asked)} chooses what a picture shows; --format {args.format} always writes the "
            "whole graph. Use --format png, svg or pdf for a view."
        )
