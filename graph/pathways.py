"""Most reliable pathways between two actors, with where each one stalls.

A pathway's signal is the product of its hops' pass probabilities. The k best
pathways come from Yen's algorithm on ``-log p`` (networkx
``shortest_simple_paths``), so the first is the single most reliable route.
The *stall point* is the first hop where the cumulative signal falls below
the threshold; the *weakest hop* is the one with the lowest pass probability.
The stall point only says where the signal *crossed* the threshold; each hop's
*loss share* says where it was *lost*: the hop's part of the route's total
``-log p``, so a route that loses signal both in the field and at
Headquarters shows both. A blocking hop (p = 0) takes all of the loss.
These are model estimates computed from the curators' grades.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from typing import Any, TypedDict

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.settings import SETTINGS

__all__ = [
    "Hop",
    "Pathway",
    "StallFrontier",
    "loss_shares",
    "most_reliable_paths",
    "pathway_from_nodes",
    "stall_frontier",
    "stall_index",
]

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
    loss_share: float = 0.0  # this hop's share of the route's total -log p (model estimate)
    blocks: bool = False  # the hop passes nothing: it takes all of the loss

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
        """The hop with the lowest pass probability: also the one with the largest loss share."""
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
                "loss_share": hop.loss_share,
                "blocks": hop.blocks,
            }

        return {
            "nodes": self.nodes,
            "hops": [h.to_dict() for h in self.hops],
            "signal": self.signal,
            "stall": point(self.stall_index),
            "weakest": point(self.weakest_index),
        }


def stall_index(probabilities: Sequence[float], threshold: float) -> int | None:
    """The first hop after which the cumulative signal is below ``threshold``, or None.

    >>> stall_index([0.9, 0.5, 0.8], 0.5), stall_index([0.9, 0.9], 0.5)
    (1, None)
    """
    signal = 1.0
    for index, p in enumerate(probabilities):
        signal *= p
        if signal < threshold:
            return index
    return None


def loss_shares(probabilities: Sequence[float]) -> list[float]:
    """Each hop's share of the total signal lost along a route (its part of the summed ``-log p``).

    A blocking hop (p = 0) loses everything: blocking hops share the whole loss and the others
    none. A route that loses nothing gives every hop 0.

    >>> [round(s, 2) for s in loss_shares([0.95, 0.3, 0.6])]
    [0.03, 0.68, 0.29]
    >>> loss_shares([0.9, 0.0])
    [0.0, 1.0]
    """
    blocking = [p <= 0 for p in probabilities]
    if any(blocking):
        return [1 / sum(blocking) if blocks else 0.0 for blocks in blocking]
    losses = [-math.log(p) for p in probabilities]
    total = sum(losses)
    return [loss / total if total > 0 else 0.0 for loss in losses]


def pathway_from_nodes(channels: nx.DiGraph, nodes: list[str], threshold: float) -> Pathway:
    """Describe the route through ``nodes`` on the channel graph (best channel per hop)."""
    best_hops = [channels.edges[arc]["best"] for arc in zip(nodes, nodes[1:], strict=False)]
    probabilities = [best["pass_probability"] for best in best_hops]
    hops, signal = [], 1.0
    for best, share in zip(best_hops, loss_shares(probabilities), strict=True):
        signal *= best["pass_probability"]
        hops.append(
            Hop(
                source=best["from"],
                target=best["to"],
                key=best["key"],
                pass_probability=best["pass_probability"],
                signal_after=signal,
                loss_share=share,
                blocks=best["pass_probability"] <= 0,
                **{name: best[name] for name in HOP_FIELDS},
            )
        )
    weakest = min(range(len(hops)), key=lambda i: hops[i].pass_probability)
    return Pathway(nodes, hops, signal, stall_index(probabilities, threshold), weakest)


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


class StallFrontier(TypedDict):
    """What ``stall_frontier`` answers: the actors the signal reaches above the threshold (with
    their best signal) and the hops where it falls below it, strongest signal first."""

    source: str
    reached: dict[str, float]
    frontier: list[dict[str, Any]]


def stall_frontier(
    view: nx.MultiDiGraph,
    source: str,
    *,
    threshold: float | None = None,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> StallFrontier:
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
    frontier: list[dict[str, Any]] = []
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
    return {
        "source": source,
        "reached": {n: s for n, s in signal.items() if s >= threshold},
        "frontier": frontier,
    }


def _signal(distance: float) -> float:
    return math.exp(-distance) if distance < 1e5 else 0.0
