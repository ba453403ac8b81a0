"""The chance that a signal reaches its target by any route, and what changes it most.

Every channel passes or fails independently. Reach is computed exactly by
factoring (condition on one arc working or failing, recurse) when the part of
the graph between source and target is small, and by seeded Monte Carlo with
a 95% Wilson interval otherwise. The output always says which method answered.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.settings import SETTINGS, friction_map

__all__ = ["Reach", "bottlenecks", "reach_of_arcs", "reach_probability", "relevant_arcs"]


@dataclass(frozen=True)
class Reach:
    """Reach probability with its interval and the method that computed it."""

    probability: float
    low: float
    high: float
    method: str
    arcs: int

    def to_dict(self) -> dict:
        return asdict(self)


def relevant_arcs(
    channels: nx.DiGraph, source: str, target: str, *, include_blocked: bool = False
) -> dict[tuple[str, str], float]:
    """Arcs that lie on some route from source to target, with their pass probability.

    Only these matter for reach: everything else can be ignored exactly. A
    route ends when it reaches the target and never needs to come back to the
    source, so actors reachable only *through* the target (everything the
    Council mandates, say) or reaching the target only through the source are
    left out: that keeps the set the same size however many countries hang
    below the target. Arcs that cannot pass (``p_any`` 0) are left out too,
    unless ``include_blocked`` (robustness lets a blocking channel leak a little).
    """
    if source not in channels or target not in channels:
        return {}
    forward = _reachable(channels.successors, source, stop=target)
    backward = _reachable(channels.predecessors, target, stop=source)
    keep = forward & backward
    return {
        (u, v): arc["p_any"]
        for u, v, arc in channels.edges(data=True)
        if u in keep and v in keep and (include_blocked or arc["p_any"] > 0) and v != source and u != target
    }


def _reachable(neighbours, start: str, stop: str) -> set[str]:
    """Nodes reachable from ``start`` by following ``neighbours``, without going past ``stop``."""
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == stop:
            continue
        for nxt in neighbours(node):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _connected(arcs: Iterable[tuple[str, str]], source: str, target: str) -> bool:
    adjacency: dict[str, list[str]] = {}
    for u, v in arcs:
        adjacency.setdefault(u, []).append(v)
    seen, stack = {source}, [source]
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt == target:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return source == target


def _exact(arcs: dict[tuple[str, str], float], source: str, target: str) -> float:
    """Two-terminal reliability by factoring on undecided arcs."""
    order = sorted(arcs, key=lambda arc: -arcs[arc])

    def factor(index: int, up: frozenset, down: frozenset) -> float:
        if _connected(up, source, target):
            return 1.0
        if not _connected([a for a in order if a not in down], source, target):
            return 0.0
        while order[index] in up or order[index] in down:
            index += 1
        arc = order[index]
        p = arcs[arc]
        return p * factor(index + 1, up | {arc}, down) + (1 - p) * factor(index + 1, up, down | {arc})

    return factor(0, frozenset(), frozenset()) if arcs else 0.0


def _wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    phat = successes / trials
    denominator = 1 + z * z / trials
    centre = (phat + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(phat * (1 - phat) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _monte_carlo(
    arcs: dict[tuple[str, str], float], source: str, target: str, samples: int, seed: int
) -> Reach:
    rng = random.Random(seed)
    items = list(arcs.items())
    hits = sum(
        _connected([arc for arc, p in items if rng.random() < p], source, target) for _ in range(samples)
    )
    low, high = _wilson(hits, samples)
    return Reach(hits / samples, low, high, f"monte_carlo({samples} samples, seed {seed})", len(arcs))


def reach_probability(
    view: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
    method: str = "auto",
    samples: int | None = None,
    seed: int | None = None,
) -> Reach:
    """Probability that a signal from ``source`` reaches ``target`` by any channel route.

    ``method`` is ``"auto"`` (exact when few arcs matter), ``"exact"`` or ``"monte_carlo"``.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> from un_pathways.graph.views import configure
    >>> G = configure(build_graph(read_dataset()), scenario="pre_hruf")
    >>> r = reach_probability(G, "field.unct.sri-lanka", "un.security-council")
    >>> 0 <= r.low <= r.probability <= r.high <= 1
    True
    """
    channels = channel_digraph(view, stages=stages, friction_pass=friction_pass, overrides=overrides)
    arcs = relevant_arcs(channels, source, target)
    return reach_of_arcs(arcs, source, target, method, samples, seed)


def reach_of_arcs(
    arcs: Mapping[tuple[str, str], float],
    source: str,
    target: str,
    method: str = "auto",
    samples: int | None = None,
    seed: int | None = None,
) -> Reach:
    """Reach over ``arcs`` (``{(u, v): pass probability}``, as :func:`relevant_arcs` gives them).

    Robustness calls this once per sampled setting, reusing the arcs it found once.

    >>> reach_of_arcs({("a", "b"): 0.5, ("b", "c"): 0.5, ("a", "c"): 0.5}, "a", "c").probability
    0.625
    """
    arcs = {arc: p for arc, p in arcs.items() if p > 0}
    limit = SETTINGS["exact_reach_max_edges"].default
    if method == "exact" or (method == "auto" and len(arcs) <= limit):
        p = _exact(arcs, source, target)
        return Reach(p, p, p, "exact", len(arcs))
    return _monte_carlo(
        arcs,
        source,
        target,
        samples or SETTINGS["monte_carlo_samples"].default,
        SETTINGS["random_seed"].default if seed is None else seed,
    )


def bottlenecks(
    view: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
    repair_to: float | None = None,
) -> dict[str, object]:
    """What changes reach most: each arc removed or repaired, each actor removed; cuts.

    Returns ``{reach, edges: [...], nodes: [...], min_cut: [...], every_route_through: [...]}``,
    edges and nodes ranked by the largest change in reach.
    """
    channels = channel_digraph(view, stages=stages, friction_pass=friction_pass, overrides=overrides)
    arcs = relevant_arcs(channels, source, target)
    base = reach_of_arcs(arcs, source, target)
    repaired_p = repair_to if repair_to is not None else friction_map(friction_pass)["none"]
    edge_rows = []
    for arc, p in arcs.items():
        without = {a: q for a, q in arcs.items() if a != arc}
        repaired = {**arcs, arc: max(p, repaired_p)}
        removal = base.probability - reach_of_arcs(without, source, target).probability
        repair = reach_of_arcs(repaired, source, target).probability - base.probability
        best = channels.edges[arc]["best"]
        edge_rows.append(
            {
                "from": arc[0],
                "to": arc[1],
                "type": best["type"],
                "stage": best["stage"],
                "friction": best["friction"],
                "mechanism": best["mechanism"],
                "reach_drop_if_removed": removal,
                "reach_gain_if_repaired": repair,
            }
        )
    edge_rows.sort(
        key=lambda r: (-max(r["reach_drop_if_removed"], r["reach_gain_if_repaired"]), r["from"], r["to"])
    )
    actors = sorted(({u for u, _ in arcs} | {v for _, v in arcs}) - {source, target})
    node_rows: list[dict[str, Any]] = []
    for actor in actors:
        without = {a: q for a, q in arcs.items() if actor not in a}
        drop = base.probability - reach_of_arcs(without, source, target).probability
        node_rows.append(
            {
                "id": actor,
                "reach_drop_if_removed": drop,
                "on_every_route": not _connected(without, source, target),
            }
        )
    node_rows.sort(key=lambda r: (-r["reach_drop_if_removed"], r["id"]))
    cut: list[tuple[str, str]] = []
    if arcs:
        sub = nx.DiGraph(list(arcs))
        cut = sorted(nx.minimum_edge_cut(sub, source, target)) if nx.has_path(sub, source, target) else []
    return {
        "reach": base.to_dict(),
        "edges": edge_rows,
        "nodes": node_rows,
        "min_cut": [{"from": u, "to": v} for u, v in cut],
        "every_route_through": [r["id"] for r in node_rows if r["on_every_route"]],
    }
