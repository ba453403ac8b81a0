"""The engine's verdict on each case, beside the outcome the paper records.

A case runs in up to three legs, each the most reliable route over channels
of one stage: information (signal origin -> decision-maker), decision
(decision-maker -> implementer, or the case itself) and implementation
(implementer -> the case). The first leg whose best signal falls below the
threshold is where the case stalls. The verdict *agrees* with the paper when
the stage outcomes match and the stall falls on an actor and mechanism the
paper names.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from un_pathways.graph.model import Case
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.settings import SETTINGS
from un_pathways.graph.views import configure, dataset_of

__all__ = ["case_named", "case_verdict", "veto_chokepoints"]

NOT_CARRIED_OUT = ("partial", "failed")


def case_named(graph: nx.MultiDiGraph, reference: str) -> Case:
    """A case by id, by id without the ``case.`` prefix, or by name/alias."""
    from un_pathways.graph.errors import LookupFailed
    from un_pathways.graph.lookup import fold

    cases = dataset_of(graph).cases
    for candidate in (reference, f"case.{reference}"):
        if candidate in cases:
            return cases[candidate]
    wanted = fold(reference)
    named = [c for c in cases.values() if wanted in {fold(n) for n in (c.name, *c.aliases)}]
    if len(named) == 1:
        return named[0]
    raise LookupFailed(
        f"no single case matches {reference!r}; cases: {', '.join(sorted(c.removeprefix('case.') for c in cases))}"
    )


def _legs(case: Case) -> list[tuple[str, list[str], str]]:
    decision_end = case.implementer or case.id
    legs = [("information", list(case.signal_from), case.decision_maker), ("decision", [case.decision_maker], decision_end)]
    if case.implementer:
        legs.append(("implementation", [case.implementer], case.id))
    return legs


def _best_leg(view, stage, sources, target, threshold, friction_pass, overrides):
    best = None
    for source in sources:
        if source not in view or target not in view:
            continue
        found = most_reliable_paths(
            view, source, target, k=1, threshold=threshold, stages=[stage], friction_pass=friction_pass, overrides=overrides
        )
        if found and (best is None or found[0].signal > best.signal):
            best = found[0]
    return best


def case_verdict(
    graph: nx.MultiDiGraph,
    case: Case,
    *,
    scenario: str | None = None,
    as_of: int | None = None,
    threshold: float | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> dict:
    """Run a case's legs and compare the result with the paper's outcome.

    ``scenario`` and ``as_of`` default to the case's own; pass others for a
    "what if" replay (agreement is then reported but not expected).
    """
    threshold = SETTINGS["stall_threshold"].default if threshold is None else threshold
    scenario = case.scenario if scenario is None else scenario
    year = case.as_of if as_of is None else as_of
    view = configure(graph, as_of=year, setting=case.setting, scenario=scenario or None)
    legs, stall = [], None
    for stage, sources, target in _legs(case):
        path = _best_leg(view, stage, sources, target, threshold, friction_pass, overrides)
        passed = path is not None and path.signal >= threshold
        legs.append({"stage": stage, "from": sources, "to": target, "passed": passed, "path": path.to_dict() if path else None})
        if not passed:
            hop = path.stall if path else None
            stall = {
                "stage": stage,
                "from": hop.source if hop else sources[0],
                "to": hop.target if hop else target,
                "mechanism": hop.mechanism if hop else [],
                "rationale": hop.rationale if hop else "no channel route exists at this stage",
                "no_route": path is None,
            }
            break
    verdict = _stage_outcomes(legs, bool(case.implementer))
    return {
        "case": case.id,
        "name": case.name,
        "scenario": scenario,
        "as_of": year,
        "setting": case.setting,
        "legs": legs,
        "verdict": {**verdict, "stall": stall},
        "paper": case.outcome.model_dump(mode="json"),
        "agrees": _agrees(verdict, stall, case),
    }


def _stage_outcomes(legs: list[dict], has_implementer: bool) -> dict:
    passed = [leg["passed"] for leg in legs]
    information = "reached" if passed[0] else "stalled"
    if not passed[0]:
        decision = "not_reached"
    else:
        decision = "taken" if passed[1] else "blocked"
    if not has_implementer:
        implementation = "not_applicable" if decision == "taken" else "not_reached"
    elif decision != "taken":
        implementation = "not_reached"
    else:
        implementation = "carried_out" if passed[2] else "failed"
    return {"information": information, "decision": decision, "implementation": implementation}


def _agrees(verdict: dict, stall: dict | None, case: Case) -> dict:
    paper = case.outcome
    paper_impl = "failed" if paper.implementation in NOT_CARRIED_OUT else paper.implementation
    checks = {
        "information": verdict["information"] == paper.information,
        "decision": verdict["decision"] == paper.decision,
        "implementation": verdict["implementation"] == paper_impl
        or (paper_impl == "not_applicable" and verdict["implementation"] in ("not_applicable", "carried_out")),
        "stall_stage": (stall or {}).get("stage") == paper.stall_stage,
    }
    if paper.stall_stage and stall:
        checks["stall_actor"] = bool({stall["from"], stall["to"]} & set(paper.stall_actors))
        checks["mechanism"] = bool(set(stall["mechanism"]) & set(paper.mechanisms))
    return {"all": all(checks.values()), **checks}


def veto_chokepoints(graph: nx.MultiDiGraph, case: Case, as_of: int | None = None) -> dict:
    """Who can block the case at the decision stage, and who the paper records blocking."""
    view = configure(graph, as_of=case.as_of if as_of is None else as_of)
    holders = sorted(
        source
        for source, target, attrs in view.in_edges(case.decision_maker, data=True)
        if attrs["type"] == "HOLDS_VETO_IN"
    )
    recorded = sorted(set(case.vetoes) | {s for s, _, a in graph.in_edges(case.id, data=True) if a["type"] == "VETOED"})
    return {
        "case": case.id,
        "decision_maker": case.decision_maker,
        "can_block": [{"id": h, "name": view.nodes[h]["name"], "recorded_veto": h in recorded} for h in holders],
        "recorded_vetoes": recorded,
    }
