"""Guided lessons as data: ordered steps over the graph, each with its sources, and a quiz.

A lesson file (``data/lessons/<id>.yaml``) says *what to show*, never how: each
step names a subgraph (nodes, neighbourhoods, edges, edge types), the nodes to
highlight, an optional year, setting and scenario, and a short text with its
locators in the paper. The quiz at the end declares question *templates*
(``ask: must_pass_through`` ...); their answers are computed from the graph by
:mod:`graph.quiz`, so when the data changes the quiz follows.
"""

from __future__ import annotations

from typing import Annotated, Literal

import networkx as nx
from pydantic import Field, model_validator

from un_pathways.graph.model import EDGE_KEY_PATTERN, NodeId, Source, Text, Year, _Strict
from un_pathways.graph.overview import nodes_within_hops
from un_pathways.graph.views import configure

__all__ = [
    "QUESTION_KINDS",
    "BestScenario",
    "Lesson",
    "MustPassThrough",
    "Neighbourhood",
    "Question",
    "Related",
    "ScenarioOpensChannel",
    "StallPoint",
    "Step",
    "Subgraph",
    "VetoHolders",
    "WeakestLink",
    "select_subgraph",
    "step_subgraph",
    "step_view",
]

EdgeKey = Annotated[str, Field(pattern=EDGE_KEY_PATTERN.pattern)]
EdgeType = Annotated[str, Field(pattern=r"^[A-Z][A-Z_]*$")]
ScenarioId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Setting = Literal["mission", "non_mission"]


class Neighbourhood(_Strict):
    """Every node within ``hops`` relations of ``node`` (direction ignored)."""

    node: NodeId
    hops: int = Field(1, ge=1, le=3)


class Subgraph(_Strict):
    """What a step draws: named nodes, neighbourhoods and edges, optionally only some edge types."""

    nodes: list[NodeId] = []
    around: list[Neighbourhood] = []
    edges: list[EdgeKey] = []
    edge_types: list[EdgeType] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Subgraph:
        if not (self.nodes or self.around or self.edges):
            raise ValueError("a step must show some nodes, neighbourhoods (around) or edges")
        return self


class Step(_Strict):
    """One screen of a lesson: a short text beside the part of the graph it talks about."""

    title: Text
    text: Text
    show: Subgraph
    highlight: list[NodeId] = []
    year: Year | None = None
    setting: Setting | None = None
    scenario: ScenarioId | None = None
    sources: list[Source] = Field(min_length=1)


class _Question(_Strict):
    prompt: str | None = None  # the wording, with {placeholders}; each kind has a default
    choices: int = Field(4, ge=2, le=6)  # how many options to offer, the answer included


class _Configured(_Question):
    year: Year | None = None
    setting: Setting | None = None
    scenario: ScenarioId | None = None


class VetoHolders(_Question):
    """Which of these can veto a decision of the council? (HOLDS_VETO_IN edges)."""

    ask: Literal["veto_holders"]
    council: NodeId = "un.security-council"
    kind: str = "member_state"
    year: Year | None = None


class Related(_Configured):
    """Which node is linked to ``node`` by an edge of one of ``types`` (e.g. who leads, who reports to)?"""

    ask: Literal["related"]
    node: NodeId
    types: list[EdgeType] = Field(min_length=1)
    direction: Literal["out", "in"] = "out"
    kind: str | None = None  # only nodes of this kind count as answers
    prompt: Text  # the verb differs with each type, so the wording is required


class MustPassThrough(_Configured):
    """Which actor lies on every channel route from ``source`` to ``target``?"""

    ask: Literal["must_pass_through"]
    source: NodeId = Field(alias="from")
    target: NodeId = Field(alias="to")


class WeakestLink(_Configured):
    """Which hop of the most reliable route from ``source`` to ``target`` passes least?"""

    ask: Literal["weakest_link"]
    source: NodeId = Field(alias="from")
    target: NodeId = Field(alias="to")


class StallPoint(_Question):
    """Where does a case's signal stall, replayed under its scenario (or another)?"""

    ask: Literal["stall_point"]
    case: NodeId
    scenario: ScenarioId | None = None
    year: Year | None = None


class ScenarioOpensChannel(_Question):
    """Which scenario opens a channel from ``source`` to ``target`` that the year's system lacks?"""

    ask: Literal["scenario_opens_channel"]
    source: NodeId = Field(alias="from")
    target: NodeId = Field(alias="to")
    year: Year


class BestScenario(_Question):
    """Under which of these scenarios is a signal from ``source`` most likely to reach ``target``?"""

    ask: Literal["best_scenario"]
    source: NodeId = Field(alias="from")
    target: NodeId = Field(alias="to")
    year: Year | None = None
    setting: Setting | None = None
    scenarios: list[ScenarioId] = Field(min_length=2)


Question = Annotated[
    VetoHolders | Related | MustPassThrough | WeakestLink | StallPoint | ScenarioOpensChannel | BestScenario,
    Field(discriminator="ask"),
]
QUESTION_KINDS = (
    "veto_holders",
    "related",
    "must_pass_through",
    "weakest_link",
    "stall_point",
    "scenario_opens_channel",
    "best_scenario",
)


class Lesson(_Strict):
    """A guided lesson: ordered steps, then a quiz whose answers come from the graph."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Text
    order: int = Field(ge=1)
    summary: Text
    steps: list[Step] = Field(min_length=1, max_length=12)
    quiz: list[Question] = Field(min_length=1, max_length=8)


def step_view(graph: nx.MultiDiGraph, step: Step) -> nx.MultiDiGraph:
    """The graph as the step looks at it: its year, setting and scenario applied."""
    return configure(graph, as_of=step.year, setting=step.setting, scenario=step.scenario)


def select_subgraph(view: nx.MultiDiGraph, show: Subgraph) -> nx.MultiDiGraph:
    """The part of a configured view that ``show`` names; ids absent from the view are skipped.

    Neighbourhoods are taken over the edges of ``edge_types`` when given, and
    only edges of those types are drawn, except the edges named one by one.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> G = build_graph(read_dataset())
    >>> show = Subgraph(around=[Neighbourhood(node="un.security-council")], edge_types=["HOLDS_VETO_IN"])
    >>> sorted(select_subgraph(G, show))[:3]
    ['state.china', 'state.france', 'state.russia']
    """
    types = set(show.edge_types)
    typed: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    typed.add_nodes_from(view)
    typed.add_edges_from(
        (u, v, key)
        for u, v, key, attrs in view.edges(keys=True, data=True)
        if not types or attrs["type"] in types
    )
    keep = {node for node in show.nodes if node in view}
    for hood in show.around:
        if hood.node in typed:
            keep |= nodes_within_hops(typed, hood.node, hood.hops)
    named = {key: (u, v) for u, v, key in view.edges(keys=True) if key in set(show.edges)}
    for u, v in named.values():
        keep |= {u, v}
    shown: nx.MultiDiGraph[str] = nx.MultiDiGraph(**view.graph)
    shown.add_nodes_from((node, view.nodes[node]) for node in sorted(keep))
    for u, v, key in typed.edges(keys=True):
        if u in keep and v in keep:
            shown.add_edge(u, v, key=key, **view.edges[u, v, key])
    for key, (u, v) in named.items():
        shown.add_edge(u, v, key=key, **view.edges[u, v, key])
    return shown


def step_subgraph(graph: nx.MultiDiGraph, step: Step) -> nx.MultiDiGraph:
    """The subgraph a step draws, in the step's year, setting and scenario."""
    return select_subgraph(step_view(graph, step), step.show)
