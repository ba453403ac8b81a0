"""The model's verdict on each case, and how it compares with the curated reading of the paper.

A case runs in up to three legs, each the most reliable route over channels
of one stage: information (signal origin -> decision-maker), decision
(decision-maker -> implementer, or the case itself) and implementation
(implementer -> the case). The first leg whose best signal falls below the
threshold is where the case stalls. That verdict is a model estimate.

:func:`compare_with_curated_reading` sets it beside the case file's reading of
the paper (``outcome`` in data/cases/): the verdict *reproduces the curated
reading of the paper* when every stage the reading states in terms the model
computes comes out the same, and the stall falls on the stage, an actor and a
mechanism the reading gives. The same curators wrote the channel grades and
the readings, so a reproduction is a consistency check, not a validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from un_pathways.graph.model import STAGES, Case
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.settings import SETTINGS
from un_pathways.graph.views import configure, dataset_of

__all__ = [
    "COMPARISON_TEXT",
    "CONSISTENCY_NOTE",
    "REPRODUCED_BY",
    "case_named",
    "case_verdict",
    "compare_with_curated_reading",
    "tally_comparisons",
    "veto_chokepoints",
]

# For each stage, which of the model's outcomes reproduce each status of the curated reading.
# The model knows only whether a leg's best signal clears the threshold; it has no clock and no
# notion of hesitation. So a decision the reading calls `delayed` or `hesitant` (the question was
# before the decision-maker, and the decision came late or weakly) is reproduced by the model's
# `blocked`: the decision stage is reached (the information leg passes) but the decision leg falls
# below the threshold, i.e. the decision does not reliably follow. A model `taken` (it reliably
# follows) or `not_reached` (the question never reliably arrives) does not reproduce it. Likewise
# `partial` is reproduced by the model's `failed` (the model has no "in part").
# A status absent here is not compared: `not_stated` (the paper is silent) and `not_public` (the
# paper faults public reporting; the model's information channels are internal ones).
REPRODUCED_BY: dict[str, dict[str, frozenset[str]]] = {
    "information": {"reached": frozenset({"reached"}), "stalled": frozenset({"stalled"})},
    "decision": {
        "taken": frozenset({"taken"}),
        "delayed": frozenset({"blocked"}),
        "hesitant": frozenset({"blocked"}),
        "blocked": frozenset({"blocked"}),
        "not_reached": frozenset({"not_reached"}),
    },
    "implementation": {
        "carried_out": frozenset({"carried_out"}),
        "partial": frozenset({"failed"}),
        "failed": frozenset({"failed"}),
        "not_reached": frozenset({"not_reached"}),
    },
}
_STALL_CHECKS = ("stage", "actor", "mechanism")
# Model outcomes that say the model did not run the stage: never compared.
_NOT_RUN = frozenset({"not_applicable"})

# Said wherever the comparisons are counted, so a count is never read as evidence that the model is right.
CONSISTENCY_NOTE = (
    "The same curators graded the channels and wrote these readings of the paper, so a reproduction is a "
    "consistency check between two sets of their judgements, not a validation of the model."
)

COMPARISON_TEXT = {
    "reproduces": "reproduces the curated reading of the paper",
    "differs": "differs from the curated reading",
    "nothing_to_compare": "nothing to compare: the reading states no stage in the model's terms",
}


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
        f"no single case matches {reference!r}; "
        f"cases: {', '.join(sorted(c.removeprefix('case.') for c in cases))}"
    )


def _legs(case: Case) -> list[tuple[str, list[str], str]]:
    decision_end = case.implementer or case.id
    legs = [
        ("information", list(case.signal_from), case.decision_maker),
        ("decision", [case.decision_maker], decision_end),
    ]
    if case.implementer:
        legs.append(("implementation", [case.implementer], case.id))
    return legs


def _best_leg(view, stage, sources, target, threshold, friction_pass, overrides):
    best = None
    for source in sources:
        if source not in view or target not in view:
            continue
        found = most_reliable_paths(
            view,
            source,
            target,
            k=1,
            threshold=threshold,
            stages=[stage],
            friction_pass=friction_pass,
            overrides=overrides,
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
    """Run a case's legs (the model's estimate) and compare it with the curated reading of the paper.

    ``scenario`` and ``as_of`` default to the case's own; pass others for a
    "what if" replay (the comparison is then reported, not expected to hold).
    ``threshold``, ``friction_pass`` and ``overrides`` change the model's
    settings for a sensitivity run. Returns ``{case, name, scenario, as_of,
    setting, threshold, legs, verdict: {information, decision, implementation,
    stall}, curated_reading, comparison}``; ``comparison`` is
    :func:`compare_with_curated_reading` of the verdict.
    """
    threshold = SETTINGS["stall_threshold"].default if threshold is None else threshold
    scenario = case.scenario if scenario is None else scenario
    year = case.as_of if as_of is None else as_of
    view = configure(graph, as_of=year, setting=case.setting, scenario=scenario or None)
    legs, stall = [], None
    for stage, sources, target in _legs(case):
        path = _best_leg(view, stage, sources, target, threshold, friction_pass, overrides)
        passed = path is not None and path.signal >= threshold
        legs.append(
            {
                "stage": stage,
                "from": sources,
                "to": target,
                "passed": passed,
                "path": path.to_dict() if path else None,
            }
        )
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
    verdict = {**_stage_outcomes(legs, bool(case.implementer)), "stall": stall}
    return {
        "case": case.id,
        "name": case.name,
        "scenario": scenario,
        "as_of": year,
        "setting": case.setting,
        "threshold": threshold,
        "legs": legs,
        "verdict": verdict,
        "curated_reading": case.outcome.model_dump(mode="json", exclude_none=True),
        "comparison": compare_with_curated_reading(verdict, case),
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


def compare_with_curated_reading(verdict: Mapping, case: Case) -> dict:
    """Compare the model's verdict with the case file's curated reading of the paper.

    A pure function of the verdict (``case_verdict(...)["verdict"]``: the three stage outcomes and
    the stall) and the case, cheap enough to call once per sampled configuration. Each stage is
    compared through :data:`REPRODUCED_BY`; a stage the reading gives as ``not_stated`` or
    ``not_public``, or that the model did not run, is left out, not counted. The stall checks
    (stage, then an actor and a mechanism the reading gives for that stage, the curators' marked
    inferences included) run only when both stall stages lie among the compared stages.

    Returns ``{result, text, reproduces, stages: {stage: {reading, model, compared, reproduces,
    inferred}}, stall: {stage, actor, mechanism}, differs_on, rests_on_inference}``, where each
    check is True, False or None (not compared) and ``result`` is ``reproduces``, ``differs`` or
    ``nothing_to_compare``.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> case = read_dataset().cases["case.darfur-2003-04"]
    >>> council = {"stage": "decision", "from": "un.security-council", "to": case.id,
    ...            "mechanism": ["selective_application"], "no_route": False}
    >>> model = {"information": "reached", "decision": "blocked", "implementation": "not_reached",
    ...          "stall": council}
    >>> row = compare_with_curated_reading(model, case)
    >>> row["stages"]["decision"]["reading"], row["stages"]["decision"]["reproduces"]
    ('hesitant', True)
    >>> row["result"], row["differs_on"]  # the reading has the UN's silence stall the warning first
    ('differs', ['information', 'stall_stage'])
    """
    outcome = case.outcome
    stages, inferred = {}, []
    for stage in STAGES:
        reading = outcome.stage(stage)
        model = verdict[stage]
        allowed = REPRODUCED_BY[stage].get(reading.status)
        compared = allowed is not None and model not in _NOT_RUN
        is_inferred = bool(reading.inference and reading.inference.status)
        stages[stage] = {
            "reading": reading.status,
            "model": model,
            "compared": compared,
            "reproduces": (model in allowed) if compared and allowed is not None else None,
            "inferred": is_inferred,
        }
        if compared and is_inferred:
            inferred.append(stage)
    stall = _stall_checks(verdict.get("stall"), case, {s for s, row in stages.items() if row["compared"]})
    inferred += [name for name, check in stall.items() if check.pop("by_inference_only")]
    checks = {stage: row["reproduces"] for stage, row in stages.items()}
    checks |= {f"stall_{name}": check["reproduces"] for name, check in stall.items()}
    differs_on = [name for name, ok in checks.items() if ok is False]
    if not any(row["compared"] for row in stages.values()):
        result = "nothing_to_compare"
    else:
        result = "differs" if differs_on else "reproduces"
    return {
        "result": result,
        "text": COMPARISON_TEXT[result],
        "reproduces": None if result == "nothing_to_compare" else not differs_on,
        "stages": stages,
        "stall": {name: check["reproduces"] for name, check in stall.items()},
        "differs_on": differs_on,
        "rests_on_inference": inferred,
    }


def tally_comparisons(comparisons: Iterable[Mapping]) -> dict:
    """How many comparisons reproduce the curated reading, differ from it, or have nothing to compare.

    Also counts the stages compared out of all stages, so a reader sees how much each count rests on.

    >>> tally_comparisons([{"result": "reproduces", "stages": {"information": {"compared": True}}}])
    {'cases': 1, 'reproduces': 1, 'differs': 0, 'nothing_to_compare': 0, 'stages_compared': 1, 'stages': 1}
    """
    keys = ("cases", "reproduces", "differs", "nothing_to_compare", "stages_compared", "stages")
    tally = dict.fromkeys(keys, 0)
    for comparison in comparisons:
        tally["cases"] += 1
        tally[comparison["result"]] += 1
        tally["stages"] += len(comparison["stages"])
        tally["stages_compared"] += sum(row["compared"] for row in comparison["stages"].values())
    return tally


def _stall_checks(stall: Mapping | None, case: Case, compared: set[str]) -> dict[str, dict]:
    """Stall stage, actor and mechanism against the reading; None where not comparable."""
    reading_stage = case.outcome.stall_stage
    model_stage = stall["stage"] if stall else None
    comparable = bool(compared) and all(s is None or s in compared for s in (reading_stage, model_stage))
    checks = {name: {"reproduces": None, "by_inference_only": False} for name in _STALL_CHECKS}
    if not comparable:
        return checks
    checks["stage"]["reproduces"] = reading_stage == model_stage
    if not (stall and reading_stage is not None and reading_stage == model_stage):
        return checks
    reading = case.outcome.stage(reading_stage)
    ends = {stall["from"], stall["to"]}
    for name, given, inferred_only, found in (
        ("actor", reading.actors, reading.all_actors, ends),
        ("mechanism", reading.mechanisms, reading.all_mechanisms, set(stall["mechanism"])),
    ):
        if not inferred_only:
            continue  # the reading names none: nothing to compare
        checks[name]["reproduces"] = bool(found & set(inferred_only))
        checks[name]["by_inference_only"] = checks[name]["reproduces"] and not (found & set(given))
    return checks


def veto_chokepoints(graph: nx.MultiDiGraph, case: Case, as_of: int | None = None) -> dict:
    """Who can block the case at the decision stage, and who the paper records blocking."""
    view = configure(graph, as_of=case.as_of if as_of is None else as_of)
    holders = sorted(
        source
        for source, target, attrs in view.in_edges(case.decision_maker, data=True)
        if attrs["type"] == "HOLDS_VETO_IN"
    )
    recorded = sorted(
        set(case.vetoes) | {s for s, _, a in graph.in_edges(case.id, data=True) if a["type"] == "VETOED"}
    )
    return {
        "case": case.id,
        "decision_maker": case.decision_maker,
        "can_block": [
            {"id": h, "name": view.nodes[h]["name"], "recorded_veto": h in recorded} for h in holders
        ],
        "recorded_vetoes": recorded,
    }
