"""The model's questions as functions of one setting, for graph/robustness.py to sample.

A case verdict or a pathway's stall point is asked a hundred times over the
plausible settings, so each question here is built once and then answered
cheaply per setting: the configured view and its channel graph per stage are
made once (they do not depend on the numbers), and each setting only reweighs
the arcs (``-log p`` of the best channel) for a Dijkstra search, the same
search (``bidirectional_dijkstra``, same graph, same ties) with which
``most_reliable_paths`` starts Yen's algorithm. Cases run their legs as
``graph/cases.py`` does; a test checks both give the same verdict at many
settings. Reach reuses the arcs that matter (``relevant_arcs``) and only
recomputes their probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from un_pathways.graph.cases import _legs
from un_pathways.graph.channels import channel_digraph, hop_weight
from un_pathways.graph.model import Case
from un_pathways.graph.pathways import stall_frontier, stall_index
from un_pathways.graph.reach import reach_of_arcs, relevant_arcs
from un_pathways.graph.robustness import Point, Space, declared_space, latin_hypercube, robustness_of
from un_pathways.graph.views import configure

__all__ = [
    "Route",
    "ViewCache",
    "best_route",
    "case_question",
    "case_robustness",
    "frontier_shares",
    "pathway_question",
    "pathway_robustness",
    "reach_band",
    "reach_measure",
]


@dataclass(frozen=True)
class Route:
    """The most reliable route at one setting: its actors, the channel used per hop, each hop's p."""

    nodes: tuple[str, ...]
    hops: tuple[Mapping, ...]
    probabilities: tuple[float, ...]

    @property
    def signal(self) -> float:
        return math.prod(self.probabilities)

    def stall(self, threshold: float) -> tuple[str, str] | None:
        index = stall_index(self.probabilities, threshold)
        return None if index is None else (self.nodes[index], self.nodes[index + 1])


class ViewCache:
    """Configured views and their channel graphs, made once and shared by many questions.

    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> views = ViewCache(build_graph(read_dataset()))
    >>> views.view(2009, None, "pre_hruf") is views.view(2009, None, "pre_hruf")
    True
    """

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self._views: dict[tuple, nx.MultiDiGraph] = {}

    def view(self, as_of: int | None, setting: str | None, scenario: str | None) -> nx.MultiDiGraph:
        key = (as_of, setting, scenario)
        if key not in self._views:
            self._views[key] = configure(self.graph, as_of=as_of, setting=setting, scenario=scenario)
        return self._views[key]

    def channels(self, view: nx.MultiDiGraph, stage: str | None = None) -> nx.DiGraph:
        """The view's channel graph (of one stage), the structure every setting reweighs."""
        return channel_digraph(view, stages=[stage] if stage else None)


def _best_channel(point: Point, arc: Mapping) -> tuple[Mapping, float]:
    best: Mapping | None = None
    best_p = -1.0
    for hop in arc["channels"]:
        p = point.pass_of(hop)
        if p > best_p:
            best, best_p = hop, p
    if best is None:  # channel_digraph makes an arc only for a channel, so this is a broken graph
        raise ValueError(f"an arc of the channel graph lists no channel: {arc!r}")
    return best, best_p


def best_route(channels: nx.DiGraph, sources: list[str], target: str, point: Point) -> Route | None:
    """The most reliable route from any of ``sources`` to ``target`` at ``point`` (the first source
    wins a tie, as in graph/cases.py), or None when no channel route exists."""
    weight = lambda u, v, arc: hop_weight(_best_channel(point, arc)[1])  # noqa: E731
    best = None
    for source in sources:
        if source not in channels or target not in channels or source == target:
            continue
        try:
            _, nodes = nx.bidirectional_dijkstra(channels, source, target, weight=weight)
        except nx.NetworkXNoPath:
            continue
        chosen = [_best_channel(point, channels.edges[arc]) for arc in zip(nodes, nodes[1:], strict=False)]
        route = Route(tuple(nodes), tuple(h for h, _ in chosen), tuple(p for _, p in chosen))
        if best is None or route.signal > best.signal:
            best = route
    return best


def case_question(views: ViewCache, case: Case, scenario: str | None = None, as_of: int | None = None):
    """The case's verdict as a function of a setting: ``{verdict, stall, route_hops}``.

    ``verdict`` is the tuple of (stage, passed) for the legs run (a leg runs only when the one
    before passed), from which graph/cases.py's stage outcomes follow; ``stall`` is
    (stage, from, to) of the first failing leg's stall hop, or None. ``scenario`` and ``as_of``
    default to the case's own, as in ``case_verdict``.
    """
    scenario = case.scenario if scenario is None else scenario
    view = views.view(case.as_of if as_of is None else as_of, case.setting, scenario or None)
    legs = _legs(case)
    present = {
        stage: [s for s in sources if s in view] if target in view else [] for stage, sources, target in legs
    }
    structures = {stage: views.channels(view, stage) for stage, _, _ in legs}

    def ask(point: Point) -> dict:
        verdict: list[tuple[str, bool]] = []
        stall: tuple[str, str, str] | None = None
        hops: list[Mapping] = []
        for stage, sources, target in legs:
            route = best_route(structures[stage], present[stage], target, point)
            passed = route is not None and route.signal >= point.threshold
            verdict.append((stage, passed))
            if route is not None:
                hops.extend(route.hops)
            if not passed:
                where = route.stall(point.threshold) if route else None
                stall = (stage, *(where or (sources[0], target)))
                break
        return {"verdict": tuple(verdict), "stall": stall, "route_hops": tuple(hops)}

    return ask


def pathway_question(channels: nx.DiGraph, source: str, target: str):
    """Where the most reliable route stalls, as a function of a setting: ``{stall, route_hops}``.

    ``stall`` is the (from, to) hop where the signal falls below the threshold, "through" when it
    keeps it all the way, or "no route".
    """

    def ask(point: Point) -> dict:
        route = best_route(channels, [source], target, point)
        if route is None:
            return {"stall": "no route", "route_hops": ()}
        return {"stall": route.stall(point.threshold) or "through", "route_hops": route.hops}

    return ask


def reach_measure(channels: nx.DiGraph, source: str, target: str):
    """The reach from ``source`` to ``target`` as a function of a setting: ``{reach}``.

    The arcs that matter are found once (blocking ones too: in a sampled setting they may leak).
    """
    arcs = relevant_arcs(channels, source, target, include_blocked=True)
    arc_channels = {arc: channels.edges[arc]["channels"] for arc in arcs}

    def measure(point: Point) -> dict:
        probabilities = {
            arc: 1 - math.prod(1 - point.pass_of(h) for h in hops) for arc, hops in arc_channels.items()
        }
        return {"reach": reach_of_arcs(probabilities, source, target).probability}

    return measure


def frontier_shares(
    view: nx.MultiDiGraph, source: str, base: Point, *, space: Space | None = None, samples: int | None = None
) -> dict[tuple[str, str], float]:
    """For each hop where signals from ``source`` die (``stall_frontier``), the share of plausible
    settings in which it is still on the frontier. Hops on no sampled frontier are left out.
    """
    points = latin_hypercube(base, space or declared_space(), samples)
    counts: dict[tuple[str, str], int] = {}
    for point in points:
        frontier = stall_frontier(
            view,
            source,
            threshold=point.threshold,
            friction_pass=point.friction_map,
            overrides=point.analysis_overrides(),
        )
        for hop in frontier["frontier"]:
            counts[hop["from"], hop["to"]] = counts.get((hop["from"], hop["to"]), 0) + 1
    return {hop: count / len(points) for hop, count in counts.items()}


def reach_band(
    view: nx.MultiDiGraph,
    source: str,
    target: str,
    base: Point,
    *,
    space: Space | None = None,
    samples: int | None = None,
) -> dict:
    """The reach at ``base`` and its band over the plausible settings: ``{value, band, samples}``.

    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> G = configure(build_graph(read_dataset()), as_of=2009, scenario="pre_hruf")
    >>> out = reach_band(G, "field.unct.sri-lanka", "un.security-council", Point.of(None, 0.5))
    >>> round(out["value"], 3), out["band"]["p5"] < out["value"] < out["band"]["p95"]
    (0.122, True)
    """
    measure = reach_measure(channel_digraph(view), source, target)

    def no_aspects(point: Point) -> dict:
        return {}  # only the numeric figure is wanted

    return robustness_of(no_aspects, base, [], space=space, measure=measure, samples=samples)["reach"]


def _route_hops(answer: dict):
    return answer["route_hops"]


def case_robustness(
    views: ViewCache,
    case: Case,
    base: Point,
    *,
    scenario: str | None = None,
    as_of: int | None = None,
    space: Space | None = None,
    samples: int | None = None,
) -> dict[str, dict]:
    """Robustness of a case's verdict and of its stall hop: ``{verdict: {...}, stall: {...}}``.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> G = build_graph(read_dataset())
    >>> case = G.graph["dataset"].cases["case.sri-lanka-2008-09"]
    >>> out = case_robustness(ViewCache(G), case, Point.of(None, 0.5))
    >>> 0 <= out["verdict"]["share"] <= 1, out["verdict"]["label"] in ("robust", "fragile")
    (True, True)
    """
    ask = case_question(views, case, scenario, as_of)
    return robustness_of(
        ask, base, ["verdict", "stall"], space=space, route_hops=_route_hops, samples=samples
    )


def pathway_robustness(
    view: nx.MultiDiGraph,
    source: str,
    target: str,
    base: Point,
    *,
    space: Space | None = None,
    samples: int | None = None,
) -> dict[str, dict]:
    """Robustness of a pathway question: the reach band and the stall hop's share and tipping point.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> G = configure(build_graph(read_dataset()), as_of=2009, scenario="pre_hruf")
    >>> out = pathway_robustness(G, "field.unct.sri-lanka", "un.security-council", Point.of(None, 0.5))
    >>> band = out["reach"]["band"]
    >>> band["p5"] <= out["reach"]["value"] <= band["p95"]
    True
    """
    channels = channel_digraph(view)
    return robustness_of(
        pathway_question(channels, source, target),
        base,
        ["stall"],
        space=space,
        route_hops=_route_hops,
        measure=reach_measure(channels, source, target),
        samples=samples,
    )
