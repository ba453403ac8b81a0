"""Commands that ask where protection signals stall: paths, stall, stall-map, bottlenecks, compare, cases."""

from __future__ import annotations

import argparse

from un_pathways.cli import context
from un_pathways.cli.output import emit_json, table
from un_pathways.cli.story import case_story
from un_pathways.graph.cases import case_named, case_verdict, veto_chokepoints
from un_pathways.graph.compare import Configuration, compare_configurations
from un_pathways.graph.errors import QueryError
from un_pathways.graph.lookup import resolve_node
from un_pathways.graph.pathways import most_reliable_paths, stall_frontier
from un_pathways.graph.reach import bottlenecks, reach_probability
from un_pathways.graph.settings import DEFAULT_FRICTION_PASS, SETTINGS
from un_pathways.graph.stall_map import DEFAULT_STALL_MAP_TARGET, stall_map
from un_pathways.graph.views import configure

__all__ = ["register"]


def _friction_map(pairs: list[str] | None) -> dict[str, float]:
    table_ = dict(DEFAULT_FRICTION_PASS)
    for pair in pairs or []:
        level, _, value = pair.partition("=")
        if level not in table_:
            raise QueryError(f"unknown friction level {level!r}; levels: {', '.join(table_)}")
        table_[level] = _probability(value, f"--friction {pair}")
    return table_


def _probability(value: str, where: str) -> float:
    try:
        p = float(value)
    except ValueError:
        raise QueryError(f"{where}: {value!r} is not a number") from None
    if not 0 <= p <= 1:
        raise QueryError(f"{where}: a probability lies between 0 and 1, got {p}")
    return p


def _overrides(pairs: list[str] | None) -> dict[str, float]:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.rpartition("=")
        if not sep:
            raise QueryError(f"--edge expects 'FROM -TYPE-> TO=P', got {pair!r}")
        out[key.strip()] = _probability(value, f"--edge {pair}")
    return out


def _view(args: argparse.Namespace):
    graph = context.graph(args.data)
    return graph, configure(graph, as_of=args.as_of, setting=args.setting, scenario=args.scenario)


def _paths(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    source, target = resolve_node(graph, args.source), resolve_node(graph, args.target)
    options = {"friction_pass": _friction_map(args.friction), "overrides": _overrides(args.edge)}
    paths = most_reliable_paths(view, source, target, k=args.k, threshold=args.threshold, **options)
    reach = reach_probability(view, source, target, **options)
    result = {
        "from": source,
        "to": target,
        "as_of": view.graph["view"].as_of,
        "setting": args.setting,
        "scenario": args.scenario,
        "threshold": args.threshold,
        "reach": reach.to_dict(),
        "paths": [p.to_dict() for p in paths],
    }
    if args.json:
        emit_json(result)
        return 0
    print(f"{source} -> {target}  reach {reach.probability:.3f} [{reach.low:.3f}, {reach.high:.3f}] ({reach.method})")
    if not paths:
        print("no channel pathway exists in this configuration")
    for number, path in enumerate(paths, 1):
        print(f"\npathway {number}: signal {path.signal:.3f}")
        rows = [[h.source, h.type, h.target, h.friction, h.pass_probability, h.signal_after, ", ".join(h.mechanism)] for h in path.hops]
        print(table(["from", "type", "to", "friction", "p", "signal", "mechanism"], rows))
        if path.stall:
            print(f"stalls at hop {path.stall_index + 1} ({path.stall.source} -> {path.stall.target}): {path.stall.rationale}")
    return 0


def _stall(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    source = resolve_node(graph, args.source)
    options = {"friction_pass": _friction_map(args.friction), "overrides": _overrides(args.edge)}
    if args.to:
        target = resolve_node(graph, args.to)
        paths = most_reliable_paths(view, source, target, k=1, threshold=args.threshold, **options)
        result = {"from": source, "to": target, "stall": paths[0].to_dict()["stall"] if paths else None,
                  "signal": paths[0].signal if paths else 0.0}
        if args.json:
            emit_json(result)
        else:
            stall = result["stall"]
            print(f"no stall: signal {result['signal']:.3f}" if not stall else
                  f"stalls at {stall['from']} -> {stall['to']} ({stall['stage']}; {', '.join(stall['mechanism'])}): {stall['rationale']}")
        return 0
    frontier = stall_frontier(view, source, threshold=args.threshold, **options)
    by_stage: dict[str, list] = {}
    for hop in frontier["frontier"]:
        by_stage.setdefault(hop["stage"], []).append(hop)
    result = {"from": source, "reached": frontier["reached"], "stalls_by_stage": by_stage}
    if args.json:
        emit_json(result)
    else:
        print(f"signals from {source} keep strength >= {args.threshold} at {len(frontier['reached'])} actors")
        for stage, hops in by_stage.items():
            print(f"\n{stage}:")
            print(table(["from", "to", "friction", "signal after", "mechanism"],
                        [[h["from"], h["to"], h["friction"], h["signal_after"], ", ".join(h["mechanism"])] for h in hops]))
    return 0


def _stall_map(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    target = resolve_node(graph, args.to)
    options = {"friction_pass": _friction_map(args.friction), "overrides": _overrides(args.edge)}
    result = stall_map(view, target, threshold=args.threshold, **options)
    if args.json:
        emit_json(result)
        return 0
    rows = []
    for row in result["teams"]:
        stall = row["stall"] or {}
        where = f"{stall['from']} -> {stall['to']}" if stall else ("no route" if not row["hops"] else "-")
        rows.append([row["team"], row["signal"], row["hops"], where, stall.get("stage", ""), ", ".join(stall.get("mechanism", []))])
    print(table(["country team", "signal", "hops", "stalls at", "stage", "mechanism"], rows))
    summary = result["summary"]
    print(f"\n{summary['teams']} country teams -> {target}: {summary['reaching']} reach it above {args.threshold}, "
          f"{summary['stalled']} stall, {summary['no_route']} have no channel route")
    return 0


def _bottlenecks(args: argparse.Namespace) -> int:
    graph, view = _view(args)
    source, target = resolve_node(graph, args.source), resolve_node(graph, args.target)
    result = bottlenecks(view, source, target, friction_pass=_friction_map(args.friction), overrides=_overrides(args.edge))
    if args.json:
        emit_json({"from": source, "to": target, **result})
        return 0
    print(f"reach {result['reach']['probability']:.3f} ({result['reach']['method']})")
    print(table(["from", "to", "friction", "drop if removed", "gain if repaired"],
                [[e["from"], e["to"], e["friction"], e["reach_drop_if_removed"], e["reach_gain_if_repaired"]] for e in result["edges"][:15]]))
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
    first = Configuration(args.scenario, as_of, setting, _overrides(args.edge))
    second = Configuration(args.vs, args.vs_as_of or as_of, setting, _overrides(args.vs_edge))
    result = compare_configurations(graph, sources, target, first, second, k=args.k, friction_pass=_friction_map(args.friction))
    if args.json:
        emit_json(result)
        return 0
    for side in ("first", "second"):
        data = result[side]
        reach = data["reach"]["probability"] if data["reach"] else 0.0
        stall = data["stall"]
        print(f"{data['configuration']['label']}: reach {reach:.3f}; "
              + (f"stalls at {stall['from']} -> {stall['to']}" if stall else "no stall"))
    print(f"change in reach: {result['reach_change']:+.3f}; stall point moved: {result['stall_moved']}")
    rows = [[c["from"], c["type"], c["to"], c["first"]["friction"] or "absent", c["second"]["friction"] or "absent"] for c in result["changed_edges"]]
    print(table(["from", "type", "to", "first", "second"], rows) if rows else "no channel differs")
    return 0


def _cases(args: argparse.Namespace) -> int:
    graph = context.graph(args.data)
    data = graph.graph["dataset"]
    names = [case_named(graph, args.case).id] if args.case else sorted(data.cases)
    verdicts = [case_verdict(graph, data.cases[name], scenario=args.scenario, as_of=args.as_of) for name in names]
    for verdict in verdicts:
        verdict["vetoes"] = veto_chokepoints(graph, data.cases[verdict["case"]])
    if args.json:
        emit_json(verdicts)
        return 0
    if args.case:
        print(case_story(graph, data.cases[names[0]], verdicts[0]))
        return 0
    rows = []
    for v in verdicts:
        engine, paper = v["verdict"], v["paper"]
        rows.append([v["case"].removeprefix("case."), engine["information"], engine["decision"], engine["implementation"],
                     (engine["stall"] or {}).get("stage", "-"), paper["stall_stage"] or "-", "yes" if v["agrees"]["all"] else "NO"])
    print(table(["case", "information", "decision", "implementation", "stall (engine)", "stall (paper)", "agrees"], rows))
    return 0


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("--as-of", type=int, help="the system as it was in this year")
    config.add_argument("--setting", choices=["mission", "non_mission"], help="keep channels of this setting")
    config.add_argument("--scenario", help="apply a scenario from data/scenarios/")
    config.add_argument("--threshold", type=float, default=SETTINGS["stall_threshold"].default, help=SETTINGS["stall_threshold"].help)
    config.add_argument("--friction", action="append", metavar="LEVEL=P", help="change a friction level's pass probability")
    config.add_argument("--edge", action="append", metavar="'FROM -TYPE-> TO=P'", help="re-grade one channel edge")

    def add(name, run, help_, parents=(common, config)):
        parser = commands.add_parser(name, parents=list(parents), help=help_, description=help_)
        parser.set_defaults(run=run)
        return parser

    paths = add("paths", _paths, "the k most reliable pathways from an actor to another, with reach and stall points")
    paths.add_argument("source", metavar="FROM")
    paths.add_argument("target", metavar="TO")
    paths.add_argument("--k", type=int, default=SETTINGS["k_paths"].default, help=SETTINGS["k_paths"].help)
    stall = add("stall", _stall, "where and why signals from an actor die, grouped by stage")
    stall.add_argument("source", metavar="FROM")
    stall.add_argument("--to", help="only the pathway to this actor")
    smap = add("stall-map", _stall_map, "every country team's most reliable pathway to the Council, and where it stalls")
    smap.add_argument("--to", default=DEFAULT_STALL_MAP_TARGET, help="the decision-maker to reach (default: %(default)s)")
    smap.epilog = (
        "--json: {target, threshold, teams: [{team, name, signal, hops, reaches, stall, weakest}], "
        "summary: {teams, no_route, stalled, reaching, stall_stages, stall_hops, stall_mechanisms}}"
    )
    neck = add("bottlenecks", _bottlenecks, "the channels and actors whose removal or repair changes reach most")
    neck.add_argument("source", metavar="FROM")
    neck.add_argument("target", metavar="TO")
    compare = add("compare", _compare, "two configurations side by side: reach, stall point, changed channels")
    compare.add_argument("subject", nargs="+", metavar="CASE | FROM TO")
    compare.add_argument("--vs", help="the second scenario")
    compare.add_argument("--vs-as-of", type=int, help="the second year (default: the same)")
    compare.add_argument("--vs-edge", action="append", metavar="'FROM -TYPE-> TO=P'", help="re-grade an edge on the second side")
    compare.add_argument("--k", type=int, default=SETTINGS["k_paths"].default)
    cases = add(
        "cases", _cases,
        "each case's verdict beside the paper's recorded outcome; with CASE, the case's whole story",
        parents=(common,),
    )
    cases.add_argument("case", nargs="?", help="one case (default: all)")
    cases.add_argument("--scenario", help="replay under another scenario")
    cases.add_argument("--as-of", type=int, help="replay in another year")
