"""The question kinds of a lesson quiz: each asks the graph for the answer, the wrong options and why.

One function per kind of :mod:`graph.lessons` template. Each returns a
:class:`Draft` (the prompt, the right answer, the wrong options ranked from
the most plausible, the explanation and its sources) and raises
:class:`QuestionUnanswerable` when the graph gives no single right answer;
:mod:`graph.quiz` draws the distractors from the draft and shuffles them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import networkx as nx

from un_pathways.graph.cases import case_named, case_verdict
from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.errors import PathwaysError
from un_pathways.graph.lessons import (
    BestScenario,
    MustPassThrough,
    Question,
    Related,
    ScenarioOpensChannel,
    StallPoint,
    VetoHolders,
    WeakestLink,
)
from un_pathways.graph.lookup import _words, fold
from un_pathways.graph.model import EDGE_KEY_PATTERN
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.reach import bottlenecks, reach_probability
from un_pathways.graph.robust_questions import ViewCache, case_robustness, reach_measure
from un_pathways.graph.robust_words import holds_words
from un_pathways.graph.robustness import Point, band, declared_space, latin_hypercube
from un_pathways.graph.settings import SETTINGS
from un_pathways.graph.views import configure, dataset_of

__all__ = ["ANSWERERS", "Choice", "Draft", "QuestionUnanswerable", "tidy"]


class QuestionUnanswerable(PathwaysError):  # noqa: N818 - named like LookupFailed, WriteRefused
    """A question template the graph cannot answer: no answer, several, or nothing to choose from."""


@dataclass(frozen=True)
class Choice:
    """One option: the id it stands for (node, edge key or scenario) and how it reads."""

    id: str
    label: str


@dataclass(frozen=True)
class Draft:
    """A question as the graph answers it, before distractors are drawn and options shuffled."""

    prompt: str
    answer: Choice
    wrong: list[Choice] = field(default_factory=list)  # the most plausible first
    explanation: str = ""
    sources: Iterable[str] = ()


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node]["name"] if node in graph else node


def _hop_label(graph: nx.MultiDiGraph, source: str, target: str) -> str:
    return f"{_name(graph, source)} → {_name(graph, target)}"


def _relation_words(edge_type: str) -> str:
    """A relation type as people say it: HOLDS_VETO_IN -> "holds veto in" (no schema names in feedback)."""
    return edge_type.lower().replace("_", " ")


def _channel_words(graph: nx.MultiDiGraph, key: str) -> str:
    """A channel's key ("a -TYPE-> b") as "A reports to B"."""
    parts = EDGE_KEY_PATTERN.match(key)
    if parts is None:
        raise ValueError(f"{key!r} is not a channel key of the form 'FROM -TYPE-> TO'")
    source, edge_type, target = parts.groups()
    return f"{_name(graph, source)} {_relation_words(edge_type)} {_name(graph, target)}"


def _listed(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _mechanisms(items: Iterable[str]) -> str:
    return ", ".join(m.replace("_", " ") for m in items if m != "none") or "no mechanism recorded"


def _scenario_name(graph: nx.MultiDiGraph, scenario: str | None) -> str:
    if not scenario:
        return "the system as recorded"
    found = dataset_of(graph).scenarios.get(scenario)
    return found.name if found else scenario


def _context(graph: nx.MultiDiGraph, year: int | None, scenario: str | None) -> str:
    """How the question's configuration reads in a sentence: 'in 2009, before Human Rights Up Front...'."""
    parts = [f"in {year}"] if year else []
    if scenario:
        parts.append(f"under the scenario “{_scenario_name(graph, scenario)}”")
    return " ".join(parts)


def _route_names(view: nx.MultiDiGraph, q) -> dict[str, object]:
    """What a source-to-target question's prompt may name: both ends, the year and the view's context."""
    return {
        "source": _name(view, q.source),
        "target": _name(view, q.target),
        "year": q.year,
        "context": _context(view, q.year, q.scenario),
    }


def tidy(text: str) -> str:
    """One space between words and none before punctuation (an empty {context} leaves a gap)."""
    return re.sub(r"\s+([.,;:?])", r"\1", " ".join(text.split()))


def _prompt(question: Question, default: str, names: Mapping[str, object]) -> str:
    template = question.prompt or default
    try:
        return tidy(template.format_map(names))
    except (KeyError, IndexError, ValueError) as exc:
        raise QuestionUnanswerable(
            f"the prompt {template!r} uses a placeholder it cannot fill ({exc}); "
            f"available: {', '.join('{' + k + '}' for k in sorted(names))}"
        ) from None


def _distance_rank(graph: nx.MultiDiGraph, anchors: Iterable[str]) -> Callable[[str], tuple]:
    """Sort key: nodes close to the anchors first (direction ignored), then the better connected."""
    undirected = graph.to_undirected(as_view=True)
    distance: dict[str, int] = {}
    for anchor in anchors:
        if anchor in graph:
            for node, d in nx.single_source_shortest_path_length(undirected, anchor).items():
                distance[node] = min(d, distance.get(node, d))
    return lambda node: (distance.get(node, 99), -graph.degree(node), node)


def _node_choices(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[Choice]:
    return [Choice(node, _name(graph, node)) for node in nodes]


def _look_alike(first: str, second: str) -> bool:
    """Names a student could mistake for each other: most words of the shorter one are in the longer.

    >>> _look_alike("Resident Coordinator system", "Resident Coordinator in Sri Lanka")
    True
    >>> _look_alike("UN Country Team in Sri Lanka", "Resident Coordinator in Sri Lanka")
    False
    """
    a, b = _words(fold(first)), _words(fold(second))
    shorter = min(len(a), len(b)) or 1
    return len(a & b) / shorter > 0.5


def _wrong_nodes(graph: nx.MultiDiGraph, nodes: Iterable[str], right: Iterable[str]) -> list[Choice]:
    """Node options that are wrong and do not look like a right answer."""
    right_names = [_name(graph, n) for n in right]
    return [c for c in _node_choices(graph, nodes) if not any(_look_alike(c.label, r) for r in right_names)]


def _edge_sources(attrs: dict) -> list[str]:
    return list(attrs.get("sources", []))


# ---------------------------------------------------------------- the question kinds


def _veto_holders(graph: nx.MultiDiGraph, q: VetoHolders, rng: random.Random) -> Draft:
    view = configure(graph, as_of=q.year)
    if q.council not in view:
        raise QuestionUnanswerable(f"{q.council!r} does not exist in {q.year}")
    vetoes = [
        (s, a)
        for s, _, a in view.in_edges(q.council, data=True)
        if a["type"] == "HOLDS_VETO_IN" and view.nodes[s]["kind"] == q.kind
    ]
    holders = sorted({s for s, _ in vetoes})
    if not holders:
        raise QuestionUnanswerable(f"no {q.kind} holds a veto in {q.council!r}")
    others = sorted(
        (n for n, a in view.nodes(data=True) if a["kind"] == q.kind and n not in holders),
        key=_distance_rank(view, [q.council]),
    )
    council = _name(view, q.council)
    names = _listed([_name(view, h) for h in holders])
    explanation = (
        f"{len(holders)} {q.kind.replace('_', ' ')}s hold a veto in the {council}: {names} "
        "(each is recorded as holding a veto there). Any one of them can block a decision."
    )
    prompt = _prompt(
        q, "Which of these can veto a decision of the {council}?", {"council": council, "year": q.year}
    )
    answer = _node_choices(view, [rng.choice(holders)])[0]
    return Draft(
        prompt,
        answer,
        _wrong_nodes(view, others, holders),
        explanation,
        [s for _, a in vetoes for s in _edge_sources(a)],
    )


def _related(graph: nx.MultiDiGraph, q: Related, rng: random.Random) -> Draft:
    view = configure(graph, as_of=q.year, setting=q.setting, scenario=q.scenario)
    if q.node not in view:
        raise QuestionUnanswerable(f"{q.node!r} does not exist in this configuration")
    edges = view.out_edges(q.node, data=True) if q.direction == "out" else view.in_edges(q.node, data=True)
    links = sorted((u, v, a) for u, v, a in edges if a["type"] in q.types)
    links = [
        (u, v, a)
        for u, v, a in links
        if not q.kind or view.nodes[v if q.direction == "out" else u]["kind"] == q.kind
    ]
    answers = sorted({v if q.direction == "out" else u for u, v, _ in links})
    if not answers:
        raise QuestionUnanswerable(f"{q.node!r} has no {'/'.join(q.types)} edge ({q.direction}) here")
    kinds = {view.nodes[a]["kind"] for a in answers}
    others = sorted(
        (n for n, a in view.nodes(data=True) if a["kind"] in kinds and n not in answers and n != q.node),
        key=_distance_rank(view, [q.node]),
    )
    facts = "; ".join(f"{_name(view, u)} {_relation_words(a['type'])} {_name(view, v)}" for u, v, a in links)
    explanation = f"In the graph: {facts}."
    names = {"node": _name(view, q.node), "year": q.year, "context": _context(view, q.year, q.scenario)}
    prompt = _prompt(q, "", names)
    answer = _node_choices(view, [rng.choice(answers)])[0]
    return Draft(
        prompt,
        answer,
        _wrong_nodes(view, others, answers),
        explanation,
        [s for *_, a in links for s in _edge_sources(a)],
    )


def _route_text(view: nx.MultiDiGraph, nodes: list[str]) -> str:
    return " → ".join(_name(view, n) for n in nodes)


def _must_pass_through(graph: nx.MultiDiGraph, q: MustPassThrough, rng: random.Random) -> Draft:
    view = configure(graph, as_of=q.year, setting=q.setting, scenario=q.scenario)
    best = most_reliable_paths(view, q.source, q.target, k=1)
    if not best:
        raise QuestionUnanswerable(f"no channel route leads from {q.source!r} to {q.target!r} here")
    found = bottlenecks(view, q.source, q.target)
    on_every = cast(list[str], found["every_route_through"])
    if not on_every:
        raise QuestionUnanswerable(f"no single actor lies on every route from {q.source!r} to {q.target!r}")
    route = best[0].nodes
    on_every = sorted(on_every, key=route.index)  # the one met first on the way is the answer
    on_some = [row["id"] for row in cast(list[dict[str, Any]], found["nodes"]) if row["id"] not in on_every]
    kinds = {view.nodes[n]["kind"] for n in on_every}
    near = sorted(
        (n for n, a in view.nodes(data=True) if a["kind"] in kinds and n not in on_every),
        key=_distance_rank(view, [q.source, q.target]),
    )
    wrong = [n for n in [*on_some, *near] if n not in (q.source, q.target)]
    every = _listed([_name(view, n) for n in on_every])
    explanation = (
        f"Every channel route from {_name(view, q.source)} to {_name(view, q.target)} "
        f"{_context(view, q.year, q.scenario)} passes through {every}; remove "
        f"{('it', 'either', 'any of them')[min(len(on_every), 3) - 1]} and the signal has no way through. "
        f"The most reliable route is {_route_text(view, route)}."
    )
    names = _route_names(view, q)
    prompt = _prompt(
        q,
        "A warning from {source} must reach {target} {context}. Which of these must it pass "
        "through, whatever route it takes?",
        names,
    )
    answer = _node_choices(view, [on_every[0]])[0]
    return Draft(
        prompt,
        answer,
        _wrong_nodes(view, wrong, on_every),
        explanation,
        [s for hop in best[0].hops for s in hop.sources],
    )


def _hop_choices(view: nx.MultiDiGraph, keys: Iterable[tuple[str, str, str]]) -> list[Choice]:
    return [Choice(key, _hop_label(view, u, v)) for u, v, key in keys]


def _nearby_channels(view: nx.MultiDiGraph, nodes: Iterable[str]) -> list[tuple[str, str, str]]:
    """Channel edges touching the given nodes, as (from, to, key), in a stable order."""
    around = set(nodes)
    return sorted(
        (u, v, key)
        for u, v, key, a in view.edges(keys=True, data=True)
        if a.get("channel") and (u in around or v in around)
    )


def _weakest_link(graph: nx.MultiDiGraph, q: WeakestLink, rng: random.Random) -> Draft:
    view = configure(graph, as_of=q.year, setting=q.setting, scenario=q.scenario)
    best = most_reliable_paths(view, q.source, q.target, k=1)
    if not best:
        raise QuestionUnanswerable(f"no channel route leads from {q.source!r} to {q.target!r} here")
    path = best[0]
    weakest = path.weakest
    ties = [h for h in path.hops if h.pass_probability == weakest.pass_probability]
    if len(ties) > 1:
        raise QuestionUnanswerable(
            f"{len(ties)} hops of the route tie as the weakest ({weakest.friction}); choose another pair"
        )
    wrong = [(h.source, h.target, h.key) for h in path.hops if h is not weakest]
    wrong += [e for e in _nearby_channels(view, path.nodes) if e[2] not in {h.key for h in path.hops}]
    lost = "all" if weakest.blocks else f"about {weakest.loss_share:.0%}"
    explanation = (
        f"In this model (a model estimate from the curators' grades), the most reliable route "
        f"{_context(view, q.year, q.scenario)} is {_route_text(view, path.nodes)}. "
        f"Its weakest hop, {_hop_label(view, weakest.source, weakest.target)} "
        f"({_relation_words(weakest.type)}), is graded "
        f"{weakest.friction} friction by the curators and passes a signal about "
        f"{weakest.pass_probability:.0%} of the time at the default numbers; it loses {lost} of the signal "
        "lost along the route, the other hops the rest. Because the friction levels keep their order, it "
        "stays the weakest hop at every plausible setting: only a different grade would change the answer. "
        f"The curators' reasons: {_mechanisms(weakest.mechanism)}. {weakest.rationale}"
    )
    names = _route_names(view, q)
    prompt = _prompt(
        q,
        "In this model, on the most reliable route from {source} to {target} {context}, which hop "
        "loses most of the signal?",
        names,
    )
    answer = _hop_choices(view, [(weakest.source, weakest.target, weakest.key)])[0]
    return Draft(prompt, answer, _hop_choices(view, wrong), explanation, weakest.sources)


def _stall_point(graph: nx.MultiDiGraph, q: StallPoint, rng: random.Random) -> Draft:
    case = case_named(graph, q.case)
    verdict = case_verdict(graph, case, scenario=q.scenario, as_of=q.year)
    stall = verdict["verdict"]["stall"]
    if stall is None or stall["no_route"]:
        raise QuestionUnanswerable(f"{case.id!r} does not stall on a channel in this configuration")
    view = configure(
        graph, as_of=verdict["as_of"], setting=case.setting, scenario=verdict["scenario"] or None
    )
    failed = verdict["legs"][-1]["path"]
    hop = failed["hops"][failed["stall"]["hop_index"]]
    travelled = [h for leg in verdict["legs"] if leg["path"] for h in leg["path"]["hops"]]
    wrong = [(h["from"], h["to"], h["key"]) for h in travelled if h["key"] != hop["key"]]
    route_nodes = [n for h in travelled for n in (h["from"], h["to"])]
    wrong += [e for e in _nearby_channels(view, route_nodes) if e[2] != hop["key"]]
    robust = case_robustness(
        ViewCache(graph),
        case,
        Point.of(None, SETTINGS["stall_threshold"].default),
        scenario=q.scenario,
        as_of=q.year,
    )
    names_of = {node: view.nodes[node].get("short") or view.nodes[node]["name"] for node in view}
    explanation = (
        f"In this model, replayed {_context(view, verdict['as_of'], verdict['scenario'])}, the "
        f"{stall['stage']} stage of {case.name} is where the signal first falls below the stall threshold "
        f"{SETTINGS['stall_threshold'].default}: on {_hop_label(view, hop['from'], hop['to'])} "
        f"({_relation_words(hop['type'])}, graded {hop['friction']} friction by the curators). "
        f"{holds_words(robust['stall'], 'stall', names_of)} "
        f"The curators' reasons: {_mechanisms(hop['mechanism'])}. {hop['rationale']} "
        f"The curators' reading of the paper: {case.outcome.summary}"
    )
    names = {
        "case": case.name,
        "year": verdict["as_of"],
        "context": _context(view, verdict["as_of"], verdict["scenario"]),
    }
    prompt = _prompt(
        q, "In this model, replaying {case} {context}, on which hop does the signal stall?", names
    )
    answer = _hop_choices(view, [(hop["from"], hop["to"], hop["key"])])[0]
    return Draft(
        prompt,
        answer,
        _hop_choices(view, wrong),
        explanation,
        [*hop["sources"], *(s.citation() for s in case.outcome.sources)],
    )


def _channels_between(view: nx.MultiDiGraph, source: str, target: str) -> list[tuple[str, dict]]:
    if source not in view or target not in view:
        return []
    parallel = cast(dict[str, dict], view.get_edge_data(source, target, default={}))
    return [(key, a) for key, a in parallel.items() if a.get("channel")]


def _scenario_opens_channel(graph: nx.MultiDiGraph, q: ScenarioOpensChannel, rng: random.Random) -> Draft:
    scenarios = dataset_of(graph).scenarios
    before = _channels_between(configure(graph, as_of=q.year), q.source, q.target)
    if before:
        raise QuestionUnanswerable(f"a channel {q.source!r} -> {q.target!r} already exists in {q.year}")
    opening = {
        sid: found
        for sid in sorted(scenarios)
        if (found := _channels_between(configure(graph, as_of=q.year, scenario=sid), q.source, q.target))
    }
    if len(opening) != 1:
        raise QuestionUnanswerable(
            f"{len(opening)} scenarios open {q.source!r} -> {q.target!r} in {q.year} "
            f"({', '.join(opening) or 'none'}); the question needs exactly one"
        )
    ((winner, channels),) = opening.items()
    scenario = scenarios[winner]
    how = "adds" if any(a.get("added_by") for _, a in channels) else "switches on"
    keys = "; ".join(f"{_channel_words(graph, key)} (friction {a['friction']})" for key, a in channels)
    explanation = (
        f"In {q.year} the system as recorded has no channel from {_name(graph, q.source)} to "
        f"{_name(graph, q.target)}. Only the scenario “{scenario.name}” {how} one: {keys}. "
        f"{scenario.description}"
    )
    names = {"source": _name(graph, q.source), "target": _name(graph, q.target), "year": q.year}
    prompt = _prompt(q, "In {year}, which scenario gives {source} a channel to {target}?", names)
    choices = [Choice(sid, scenarios[sid].name) for sid in sorted(scenarios)]
    answer = next(c for c in choices if c.id == winner)
    return Draft(
        prompt,
        answer,
        choices,
        explanation,
        [*(s.citation() for s in scenario.sources), *(s for _, a in channels for s in _edge_sources(a))],
    )


def _best_scenario(graph: nx.MultiDiGraph, q: BestScenario, rng: random.Random) -> Draft:
    scenarios = dataset_of(graph).scenarios
    reach = {}
    for sid in q.scenarios:
        view = configure(graph, as_of=q.year, setting=q.setting, scenario=sid)
        present = q.source in view and q.target in view
        reach[sid] = reach_probability(view, q.source, q.target).probability if present else 0.0
    ranked = sorted(q.scenarios, key=lambda s: -reach[s])
    if abs(reach[ranked[0]] - reach[ranked[1]]) < 0.005:
        raise QuestionUnanswerable(
            f"{ranked[0]} and {ranked[1]} give the same reach ({reach[ranked[0]]:.1%}); "
            "the question needs one winner"
        )
    winner = scenarios[ranked[0]]
    bands, share = _scenario_bands(graph, q, winner.id)
    figures = "; ".join(
        f"{scenarios[s].name}: about {bands[s]['p5']:.0%}-{bands[s]['p95']:.0%} "
        f"({reach[s]:.0%} at the defaults)"
        for s in ranked
    )
    explanation = (
        f"In this model, the chance that a signal from {_name(graph, q.source)} reaches "
        f"{_name(graph, q.target)}{f' in {q.year}' if q.year else ''} by any route, "
        "across plausible settings "
        f"(5th-95th percentile): {figures}. {winner.name} comes first in {share:.0%} of those settings "
        f"(model estimate). {winner.description}"
    )
    names = {"source": _name(graph, q.source), "target": _name(graph, q.target), "year": q.year}
    prompt = _prompt(
        q, "Under which scenario is a warning from {source} most likely to reach {target}?", names
    )
    choices = [Choice(sid, scenarios[sid].name) for sid in q.scenarios]
    answer = choices[q.scenarios.index(winner.id)]
    return Draft(prompt, answer, choices, explanation, [s.citation() for s in winner.sources])


def _scenario_bands(graph: nx.MultiDiGraph, q: BestScenario, winner: str) -> tuple[dict[str, dict], float]:
    """Each scenario's reach band over the plausible settings, and the share of those settings in which
    ``winner`` still comes first (every scenario is asked at the same settings)."""
    points = latin_hypercube(Point.of(None, SETTINGS["stall_threshold"].default), declared_space())
    reaches: dict[str, list[float]] = {}
    for sid in q.scenarios:
        view = configure(graph, as_of=q.year, setting=q.setting, scenario=sid)
        measure = reach_measure(channel_digraph(view), q.source, q.target) if q.source in view else None
        reaches[sid] = [measure(point)["reach"] if measure and q.target in view else 0.0 for point in points]
    firsts = sum(_first_at(reaches, index) == winner for index in range(len(points)))
    return {sid: band(values) for sid, values in reaches.items()}, firsts / len(points)


# Each answerer takes its own question kind: the table pairs them, so the question is typed Any here.
def _first_at(reaches: dict[str, list[float]], index: int) -> str:
    """The scenario with the highest reach at one sampled setting (the first listed wins a tie)."""
    return max(reaches, key=lambda sid: reaches[sid][index])


ANSWERERS: dict[type, Callable[[nx.MultiDiGraph, Any, random.Random], Draft]] = {
    VetoHolders: _veto_holders,
    Related: _related,
    MustPassThrough: _must_pass_through,
    WeakestLink: _weakest_link,
    StallPoint: _stall_point,
    ScenarioOpensChannel: _scenario_opens_channel,
    BestScenario: _best_scenario,
}
