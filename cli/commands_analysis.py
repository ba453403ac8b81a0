"""Commands that ask where protection signals stall: paths, stall, stall-map, bottlenecks, compare, cases,
sensitivity. The analysis commands print the robustness of what they find (graph/robustness.py)."""

from __future__ import annotations

import argparse

from un_pathways.cli import context
from un_pathways.cli.cases_text import cases_table
from un_pathways.cli.model_options import ModelOptions, model_options
from un_pathways.cli.output import emit_json, table
from un_pathways.cli.robust_text import print_reach_band, print_robustness
from un_pathways.cli.story import case_story
from un_pathways.graph.cases import case_named, case_verdict, veto_chokepoints
from un_pathways.graph.compare import Configuration, compare_configurations
from un_pathways.graph.errors import QueryError
from un_pathways.graph.lookup import resolve_node
from un_pathways.graph.pathways import most_reliable_paths, stall_frontier
from un_pathways.graph.reach import bottlenecks, reach_probability
from un_pathways.graph.robust_questions import (
    ViewCache,
    case_robustness,
    frontier_shares,
    pathway_robustness,
    reach_band,
)
from un_pathways.graph.robust_words import outcome_words, stall_words
from un_pathways.graph.settings import FRICTION_LEVELS, SETTINGS
from un_pathways.graph.stall_map import DEFAULT_STALL_MAP_TARGET, stall_map
from un_pathways.graph.views import configure

__all__ = ["register"]


def _view(args: argparse.Namespace):
    graph = context.graph(args.data)
    return graph, configure(graph, as_of=args.as_of, setting=args.setting, scenario=args.scenario)


def _robust_pathway(view, source: str, target: str, model: ModelOptions) -> dict[str, dict]:
    return pathway_robustness(view, source, target, model.base, space=model.space)


def _loss_cell(hop) -> str:
    """A hop's share of the route's loss as a small bar a reader takes in at once."""
    if hop.blocks:
        return "blocks: all of it"
    return f"{'#' * round(hop.loss_share * 10):<10} {hop.loss_share:.0%}"


def _paths(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    source, target = resolve_node(graph, args.source), resolve_node(graph, args.target)
    model = model_options(args, graph)
    paths = most_reliable_paths(view, source, target, k=args.k, threshold=model.threshold, **model.analysis)
    reach = reach_probability(view, source, target, **model.analysis)
    robust = _robust_pathway(view, source, target, model)
    result = {
        "from": source,
        "to": target,
        "as_of": view.graph["view"].as_of,
        "setting": args.setting,
        "scenario": args.scenario,
        "threshold": model.threshold,
        "reach": {
            **reach.to_dict(),
            "band": robust["reach"]["band"],
            "band_samples": robust["reach"]["samples"],
        },
        "stall_robustness": robust["stall"],
        "paths": [p.to_dict() for p in paths],
    }
    if args.json:
        emit_json(result)
        return 0
    print(
        f"{source} -> {target}  reach {reach.probability:.3f} [{reach.low:.3f}, {reach.high:.3f}] "
        f"({reach.method})"
    )
    print_reach_band(robust["reach"])
    if not paths:
        print("no channel pathway exists in this configuration")
    for number, path in enumerate(paths, 1):
        print(f"\npathway {number}: signal {path.signal:.3f}")
        rows = [
            [
                h.source,
                h.type,
                h.target,
                h.friction,
                h.pass_probability,
                h.signal_after,
                _loss_cell(h),
                ", ".join(h.mechanism),
            ]
            for h in path.hops
        ]
        print(table(["from", "type", "to", "friction", "p", "signal", "share of loss", "mechanism"], rows))
        if path.stall:
            print(
                f"stalls at hop {path.stall_index + 1} ({path.stall.source} -> {path.stall.target}): "
                f"{path.stall.rationale}"
            )
    if paths:
        print()
        print_robustness(robust["stall"], "stall")
    return 0


def _stall(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    source = resolve_node(graph, args.source)
    model = model_options(args, graph)
    if args.to:
        target = resolve_node(graph, args.to)
        paths = most_reliable_paths(view, source, target, k=1, threshold=model.threshold, **model.analysis)
        robust = _robust_pathway(view, source, target, model)
        result = {
            "from": source,
            "to": target,
            "stall": paths[0].to_dict()["stall"] if paths else None,
            "signal": paths[0].signal if paths else 0.0,
            "stall_robustness": robust["stall"],
        }
        if args.json:
            emit_json(result)
        else:
            stall = result["stall"]
            print(
                f"no stall: signal {result['signal']:.3f}"
                if not stall
                else f"stalls at {stall['from']} -> {stall['to']} ({stall['stage']}; "
                f"{', '.join(stall['mechanism'])}): {stall['rationale']}"
            )
            print_robustness(robust["stall"], "stall")
        return 0
    frontier = stall_frontier(view, source, threshold=model.threshold, **model.analysis)
    shares = frontier_shares(view, source, model.base, space=model.space)
    by_stage: dict[str, list] = {}
    for hop in frontier["frontier"]:
        hop["robustness_share"] = shares.get((hop["from"], hop["to"]), 0.0)
        by_stage.setdefault(hop["stage"], []).append(hop)
    result = {"from": source, "reached": frontier["reached"], "stalls_by_stage": by_stage}
    if args.json:
        emit_json(result)
    else:
        print(
            f"signals from {source} keep strength >= {model.threshold} at {len(frontier['reached'])} actors"
        )
        for stage, hops in by_stage.items():
            print(f"\n{stage}:")
            print(
                table(
                    ["from", "to", "friction", "signal after", "stalls here in", "mechanism"],
                    [
                        [
                            h["from"],
                            h["to"],
                            h["friction"],
                            h["signal_after"],
                            f"{h['robustness_share']:.0%}",
                            ", ".join(h["mechanism"]),
                        ]
                        for h in hops
                    ],
                )
            )
        print(
            "\n'stalls here in': share of plausible settings in which the hop is still where signals die "
            "(model estimate; graph/settings.py declares the ranges)"
        )
    return 0


def _stall_map(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    target = resolve_node(graph, args.to)
    model = model_options(args, graph)
    result = stall_map(view, target, threshold=model.threshold, **model.analysis)
    if args.json:
        emit_json(result)
        return 0
    rows = []
    for row in result["teams"]:
        stall = row["stall"] or {}
        where = f"{stall['from']} -> {stall['to']}" if stall else ("no route" if not row["hops"] else "-")
        rows.append(
            [
                row["team"],
                row["signal"],
                row["hops"],
                where,
                stall.get("stage", ""),
                ", ".join(stall.get("mechanism", [])),
            ]
        )
    print(table(["country team", "signal", "hops", "stalls at", "stage", "mechanism"], rows))
    summary = result["summary"]
    print(
        f"\n{summary['teams']} country teams -> {target}: {summary['reaching']} reach it above "
        f"{model.threshold}, {summary['stalled']} stall, {summary['no_route']} have no channel route"
    )
    return 0


def _bottlenecks(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    source, target = resolve_node(graph, args.source), resolve_node(graph, args.target)
    result = bottlenecks(view, source, target, **model_options(args, graph).analysis)
    if args.json:
        emit_json({"from": source, "to": target, **result})
        return 0
    print(f"reach {result['reach']['probability']:.3f} ({result['reach']['method']})")
    print(
        table(
            ["from", "to", "friction", "drop if removed", "gain if repaired"],
            [
                [e["from"], e["to"], e["friction"], e["reach_drop_if_removed"], e["reach_gain_if_repaired"]]
                for e in result["edges"][:15]
            ],
        )
    )
    print("\nminimum cut: " + ", ".join(f"{c['from']} -> {c['to']}" for c in result["min_cut"]))
    print("on every route: " + (", ".join(result["every_route_through"]) or "none"))
    return 0


def _compare(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    if len(args.subject) == 1:
        case = case_named(graph, args.subject[0])
        # From where the warning first rose (the first origin), on both sides, so reaches compare.
        sources, target, setting = [case.signal_from[0]], case.decision_maker, case.setting
        as_of = args.as_of or case.as_of
    elif len(args.subject) == 2:
        sources, target = [resolve_node(graph, args.subject[0])], resolve_node(graph, args.subject[1])
        setting, as_of = args.setting, args.as_of
    else:
        raise QueryError("compare takes a case, or a FROM and a TO")
    model = model_options(args, graph)
    vs_model = model_options(args, graph, edges=args.vs_edge)
    first = Configuration(args.scenario, as_of, setting, model.analysis["overrides"])
    second = Configuration(args.vs, args.vs_as_of or as_of, setting, vs_model.analysis["overrides"])
    result = compare_configurations(
        graph,
        sources,
        target,
        first,
        second,
        k=args.k,
        threshold=model.threshold,
        friction_pass=model.analysis["friction_pass"],
    )
    views = ViewCache(graph)
    for side, config, options in (("first", first, model), ("second", second, vs_model)):
        if result[side]["source"]:
            view = views.view(config.as_of, config.setting, config.scenario)
            result[side]["robustness"] = _robust_pathway(view, result[side]["source"], target, options)
            result[side]["reach"]["band"] = result[side]["robustness"]["reach"]["band"]
    if args.json:
        emit_json(result)
        return 0
    for side in ("first", "second"):
        data = result[side]
        reach = data["reach"]["probability"] if data["reach"] else 0.0
        stall = data["stall"]
        print(
            f"{data['configuration']['label']}: reach {reach:.3f}; "
            + (f"stalls at {stall['from']} -> {stall['to']}" if stall else "no stall")
        )
        if "robustness" in data:
            print_reach_band(data["robustness"]["reach"], indent="  ")
            print_robustness(data["robustness"]["stall"], "stall", indent="  ")
    print(f"change in reach: {result['reach_change']:+.3f}; stall point moved: {result['stall_moved']}")
    rows = [
        [
            c["from"],
            c["type"],
            c["to"],
            c["first"]["friction"] or "absent",
            c["second"]["friction"] or "absent",
        ]
        for c in result["changed_edges"]
    ]
    print(table(["from", "type", "to", "first", "second"], rows) if rows else "no channel differs")
    return 0


def _case_verdicts(args: argparse.Namespace, graph, names: list[str], model: ModelOptions) -> list[dict]:
    """Each case's verdict (graph/cases.py) with its robustness beside it."""
    data, views = graph.graph["dataset"], ViewCache(graph)
    verdicts = []
    for name in names:
        case = data.cases[name]
        verdict = case_verdict(
            graph, case, scenario=args.scenario, as_of=args.as_of, threshold=model.threshold, **model.analysis
        )
        verdict["vetoes"] = veto_chokepoints(graph, case)
        verdict["robustness"] = case_robustness(
            views, case, model.base, scenario=args.scenario, as_of=args.as_of, space=model.space
        )
        # From where the warning first rose to who must decide, as `compare CASE` and the Cases page do.
        view = views.view(verdict["as_of"], case.setting, verdict["scenario"] or None)
        ends = (case.signal_from[0], case.decision_maker)
        verdict["reach"] = (
            {"from": ends[0], "to": ends[1], **reach_band(view, *ends, model.base, space=model.space)}
            if all(end in view for end in ends)
            else None
        )
        verdicts.append(verdict)
    return verdicts


def _cases(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    data = graph.graph["dataset"]
    names = [case_named(graph, args.case).id] if args.case else sorted(data.cases)
    verdicts = _case_verdicts(args, graph, names, model_options(args, graph))
    if args.json:
        emit_json(verdicts)
        return 0
    if args.case:
        print(case_story(graph, data.cases[names[0]], verdicts[0]))
        print()
        print_robustness(verdicts[0]["robustness"]["verdict"], "verdict")
        return 0
    print(cases_table(verdicts))
    print("\nHow robust each model verdict is (share of plausible settings with the same stage outcomes):")
    for v in verdicts:
        print(f"\n{v['case'].removeprefix('case.')}:")
        print_robustness(v["robustness"]["verdict"], "verdict", indent="  ")
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    case = case_named(graph, args.case)
    model = model_options(args, graph)
    robust = case_robustness(
        ViewCache(graph), case, model.base, scenario=args.scenario, as_of=args.as_of, space=model.space
    )
    if args.json:
        emit_json(
            {"case": case.id, "threshold": model.threshold, "friction": model.base.friction_map, **robust}
        )
        return 0
    print(f"{case.id}: model estimates over the plausible settings of graph/settings.py\n")
    for aspect in ("verdict", "stall"):
        result = robust[aspect]
        held = outcome_words(result["holds"]) if aspect == "verdict" else stall_words(result["holds"])
        print(f"{aspect}: {held}")
        print_robustness(result, aspect, indent="  ")
        flipped = {(f["dimension"], f["direction"]): f for f in result["flips"]}
        rows = []
        for dimension in (*FRICTION_LEVELS, "threshold", *result["route_channels"]):
            for direction in ("down", "up"):
                flip = flipped.get((dimension, direction))
                rows.append(_flip_row(flip) if flip else [dimension, direction, "", "no flip", "", ""])
        print(table(["change", "direction", "now", "flips at", "plausible", "cost"], rows) + "\n")
    print(
        "A level moves between its neighbours' values, the threshold between 0.01 and 0.99, "
        "a route channel one grade; cost = the change as a share of the plausible range "
        "(a grade counts 1)."
    )
    return 0


def _flip_row(flip: dict) -> list:
    return [
        flip["dimension"],
        flip["direction"],
        flip["from"],
        flip["to"],
        "yes" if flip["within_plausible"] else "no",
        flip["cost"],
    ]


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument(
        "--threshold",
        type=float,
        default=None,
        help=f"{SETTINGS['stall_threshold'].help} Default {SETTINGS['stall_threshold'].default}; "
        "when given, robustness holds it fixed.",
    )
    model.add_argument(
        "--friction",
        action="append",
        metavar="LEVEL=P",
        help="change a friction level's pass probability (repeatable); robustness holds that level fixed",
    )
    model.add_argument(
        "--edge",
        action="append",
        metavar="'FROM -TYPE-> TO=LEVEL|P'",
        help="re-grade one channel edge to a friction level, or give it a fixed pass probability",
    )
    config = argparse.ArgumentParser(add_help=False, parents=[model])
    config.add_argument("--as-of", type=int, help="the system as it was in this year")
    config.add_argument("--setting", choices=["mission", "non_mission"], help="keep channels of this setting")
    config.add_argument("--scenario", help="apply a scenario from data/scenarios/")

    def add(name, run, help_, parents=(common, config)):
        parser = commands.add_parser(name, parents=list(parents), help=help_, description=help_)
        parser.set_defaults(run=run)
        return parser

    paths = add(
        "paths", _paths, "the k most reliable pathways from an actor to another, with reach and stall points"
    )
    paths.add_argument("source", metavar="FROM")
    paths.add_argument("target", metavar="TO")
    paths.add_argument("--k", type=int, default=SETTINGS["k_paths"].default, help=SETTINGS["k_paths"].help)
    stall = add("stall", _stall, "where and why signals from an actor die, grouped by stage")
    stall.add_argument("source", metavar="FROM")
    stall.add_argument("--to", help="only the pathway to this actor")
    smap = add(
        "stall-map",
        _stall_map,
        "every country team's most reliable pathway to the Council, and where it stalls",
    )
    smap.add_argument(
        "--to", default=DEFAULT_STALL_MAP_TARGET, help="the decision-maker to reach (default: %(default)s)"
    )
    smap.epilog = (
        "--json: {target, threshold, teams: [{team, name, signal, hops, reaches, stall, weakest}], "
        "summary: {teams, no_route, stalled, reaching, stall_stages, stall_hops, stall_mechanisms}}"
    )
    neck = add(
        "bottlenecks", _bottlenecks, "the channels and actors whose removal or repair changes reach most"
    )
    neck.add_argument("source", metavar="FROM")
    neck.add_argument("target", metavar="TO")
    compare = add(
        "compare", _compare, "two configurations side by side: reach, stall point, changed channels"
    )
    compare.add_argument("subject", nargs="+", metavar="CASE | FROM TO")
    compare.add_argument("--vs", help="the second scenario")
    compare.add_argument("--vs-as-of", type=int, help="the second year (default: the same)")
    compare.add_argument(
        "--vs-edge",
        action="append",
        metavar="'FROM -TYPE-> TO=LEVEL|P'",
        help="re-grade an edge on the second side",
    )
    compare.add_argument("--k", type=int, default=SETTINGS["k_paths"].default)
    cases = add(
        "cases",
        _cases,
        "each case's model verdict beside the curated reading of the paper, whether it reproduces it, "
        "and how robust the verdict is; with CASE, the case's whole story",
        parents=(common, model),
    )
    cases.add_argument("case", nargs="?", help="one case (default: all)")
    cases.add_argument("--scenario", help="replay under another scenario")
    cases.add_argument("--as-of", type=int, help="replay in another year")
    sensitivity = add(
        "sensitivity",
        _sensitivity,
        "how a case's verdict and stall hop depend on each number: every level's and the threshold's flip "
        "values, every route channel's one-grade flip",
        parents=(common, model),
    )
    sensitivity.add_argument("case", metavar="CASE")
    sensitivity.add_argument("--scenario", help="replay under another scenario")
    sensitivity.add_argument("--as-of", type=int, help="replay in another year")
