"""Most reliable pathways between two actors, with where each one stalls.

A pathway's signal is the product of its hops' pass probabilities. The k best
pathways come from Yen's algorithm on ``-log p`` (networkx
``shortest_simple_paths``), so the first is the single most reliable route.
The *stall point* is the first hop where the cumulative signal falls below
the threshold; the *weakest hop* is the one with the lowest pass probability.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from itertools import islice

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.settings import SETTINGS

__all__ = ["Hop", "Pathway", "most_reliable_paths", "pathway_from_nodes", "stall_frontier"]

HOP_FIELDS = ("type", "stage", "friction", "mechanism", "rationale", "sources")


@dataclass(frozen=True)
class Hop:
    """One step of a pathway, with everything needed to explain it."""

    source: str
    target: str
    key: str
    type: str
    stage: str
    friction: str
    pass_probability: float
    mechanism: list[str]
    rationale: str
    sources: list[str]
    signal_after: float

    def to_dict(self) -> dict:
        data = asdict(self)
        data["from"], data["to"] = data.pop("source"), data.pop("target")
        return data


@dataclass(frozen=True)
class Pathway:
    """A route of channel hops from a source to a target."""

    nodes: list[str]
    hops: list[Hop]
    signal: float
    stall_index: int | None
    weakest_index: int

    @property
    def stall(self) -> Hop | None:
        return None if self.stall_index is None else self.hops[self.stall_index]

    @property
    def weakest(self) -> Hop:
        return self.hops[self.weakest_index]

    def to_dict(self) -> dict:
        def point(index: int | None) -> dict | None:
            if index is None:
                return None
            hop = self.hops[index]
            return {
                "hop_index": index,
                "from": hop.source,
                "to": hop.target,
                "stage": hop.stage,
                "friction": hop.friction,
                "mechanism": hop.mechanism,
                "rationale": hop.rationale,
                "sources": hop.sources,
            }

        return {
            "nodes": self.nodes,
            "hops": [h.to_dict() for h in self.hops],
            "signal": self.signal,
            "stall": point(self.stall_index),
            "weakest": point(self.weakest_index),
        }


def pathway_from_nodes(channels: nx.DiGraph, nodes: list[str], threshold: float) -> Pathway:
    """Describe the route through ``nodes`` on the channel graph (best channel per hop)."""
    hops, signal, stall_index = [], 1.0, None
    for index, (source, target) in enumerate(zip(nodes, nodes[1:], strict=False)):
        best = channels.edges[source, target]["best"]
        signal *= best["pass_probability"]
        if stall_index is None and signal < threshold:
            stall_index = index
        hops.append(
            Hop(
                source=source,
                target=target,
                key=best["key"],
                pass_probability=best["pass_probability"],
                signal_after=signal,
                **{name: best[name] for name in HOP_FIELDS},
            )
        )
    weakest = min(range(len(hops)), key=lambda i: hops[i].pass_probability)
    return Pathway(nodes, hops, signal, stall_index, weakest)


def most_reliable_paths(
    view: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int | None = None,
    threshold: float | None = None,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> list[Pathway]:
    """The ``k`` most reliable channel pathways from ``source`` to ``target``, best first.

    Returns an empty list when no channel route exists.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> from un_pathways.graph.views import configure
    >>> G = configure(build_graph(read_dataset()), as_of=2009, scenario="pre_hruf")
    >>> best = most_reliable_paths(G, "field.unct.sri-lanka", "un.security-council", k=1)[0]
    >>> best.nodes[0], best.nodes[-1], best.stall is not None
    ('field.unct.sri-lanka', 'un.security-council', True)
    """
    k = SETTINGS["k_paths"].default if k is None else k
    threshold = SETTINGS["stall_threshold"].default if threshold is None else threshold
    for end in (source, target):
        if end not in view:
            raise LookupFailed(f"{end!r} does not exist in this configuration (check the year and scenario)")
    channels = channel_digraph(view, stages=stages, friction_pass=friction_pass, overrides=overrides)
    if source not in channels or target not in channels or source == target:
        return []
    try:
        routes = list(islice(nx.shortest_simple_paths(channels, source, target, weight="weight"), k))
    except nx.NetworkXNoPath:
        return []
    return [pathway_from_nodes(channels, route, threshold) for route in routes]


def stall_frontier(
    view: nx.MultiDiGraph,
    source: str,
    *,
    threshold: float | None = None,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, object]:
    """Where signals from ``source`` die: the hops that take the best signal below the threshold.

    The best signal reaching each actor is found with one Dijkstra run on
    ``-log p``; a hop is on the frontier when its tail still holds the signal
    and its head would not.
    """
    threshold = SETTINGS["stall_threshold"].default if threshold is None else threshold
    if source not in view:
        raise LookupFailed(f"{source!r} does not exist in this configuration")
    channels = channel_digraph(view, stages=stages, friction_pass=friction_pass, overrides=overrides)
    if source not in channels:
        return {"source": source, "reached": {}, "frontier": []}
    distance = nx.single_source_dijkstra_path_length(channels, source, weight="weight")
    signal = {node: _signal(d) for node, d in distance.items()}
    frontier = []
    for tail, head, arc in channels.edges(data=True):
        if tail not in signal or signal[tail] < threshold:
            continue
        after = signal[tail] * arc["p"]
        if after < threshold:
            best = arc["best"]
            frontier.append(
                {
                    "from": tail,
                    "to": head,
                    "stage": best["stage"],
                    "friction": best["friction"],
                    "mechanism": best["mechanism"],
                    "rationale": best["rationale"],
                    "sources": best["sources"],
                    "signal_before": signal[tail],
                    "signal_after": after,
                }
            )
    frontier.sort(key=lambda hop: (-hop["signal_before"], hop["from"], hop["to"]))
    return {"source": source, "reached": {n: s for n, s in signal.items() if s >= threshold}, "frontier": frontier}


def _signal(distance: float) -> float:
    import math

    return math.exp(-distance) if distance < 1e5 else 0.0
