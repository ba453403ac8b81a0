"""The channel graph: where a protection signal can travel, and how likely it passes.

Only ``channel`` edges carry signals. Each passes with a probability given by
its friction level; the user can change the whole friction map and any single
edge. Parallel channels between the same two actors are kept apart for path
finding (the best one is the route) and combined for reach (either may pass).
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Mapping

import networkx as nx

from un_pathways.graph.collector import cycle_collector_paused
from un_pathways.graph.settings import DEFAULT_FRICTION_PASS

__all__ = ["BLOCKED_WEIGHT", "channel_digraph", "forget_channel_graphs", "hop_weight", "pass_probability"]

# Path search runs on -log(p). A blocking hop (p = 0) gets a huge but finite
# weight, so a route through it is found only when nothing else exists, and
# the stall is then reported at that hop rather than as "no route".
BLOCKED_WEIGHT = 1e6

# Channel graphs already built, per view: the Pathways page asks for paths, reach and
# bottlenecks of one configuration, and each would otherwise collapse the whole view
# again (a third of their time at N = 1,000). A view is read-only once configured, so
# an entry stays true while the view lives; it goes with the view (weak reference).
_BUILT: weakref.WeakKeyDictionary[nx.MultiDiGraph, OrderedDict] = weakref.WeakKeyDictionary()
BUILT_PER_VIEW = 4  # friction maps a user compares side by side; older ones are rebuilt on demand
_BUILT_LOCK = threading.Lock()  # the app's sessions run in threads


def pass_probability(
    attrs: Mapping, friction_pass: Mapping[str, float] | None = None, override: float | None = None
) -> float:
    """Probability that a channel edge passes a signal.

    >>> pass_probability({"friction": "high"})
    0.3
    >>> pass_probability({"friction": "high"}, {"high": 0.4})
    0.4
    """
    if override is not None:
        return override
    table: dict[str, float] = dict(DEFAULT_FRICTION_PASS.items())
    table.update(friction_pass or {})
    return table[attrs["friction"]]


def channel_digraph(
    view: nx.MultiDiGraph,
    *,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> nx.DiGraph:
    """Collapse the channel edges of ``view`` into a weighted DiGraph.

    Each arc keeps the most reliable channel between its two actors (``best``,
    with ``p`` and ``weight = -log p``) and the pass probability of *any*
    channel between them (``p_any``), for reach. ``overrides`` maps edge keys
    to probabilities chosen by the user.

    The result is shared by every caller asking the same of the same view:
    read it, never change it.
    """
    wanted = frozenset(stages) if stages else None
    question = (
        wanted,
        tuple(sorted((friction_pass or {}).items())),
        tuple(sorted((overrides or {}).items())),
        view.number_of_nodes(),
        view.number_of_edges(),
    )
    with _BUILT_LOCK:
        built = _BUILT.setdefault(view, OrderedDict())
        if question in built:
            built.move_to_end(question)
            return built[question]
    digraph = _collapse(view, wanted, friction_pass, overrides)
    with _BUILT_LOCK:
        built[question] = digraph
        while len(built) > BUILT_PER_VIEW:
            built.popitem(last=False)
    return digraph


def forget_channel_graphs() -> None:
    """Drop every channel graph kept so far (benchmarks time the first question asked of a view)."""
    with _BUILT_LOCK:
        _BUILT.clear()


@cycle_collector_paused()
def _collapse(
    view: nx.MultiDiGraph,
    wanted: frozenset[str] | None,
    friction_pass: Mapping[str, float] | None,
    overrides: Mapping[str, float] | None,
) -> nx.DiGraph:
    digraph: nx.DiGraph[str] = nx.DiGraph()
    for source, target, key, attrs in view.edges(keys=True, data=True):
        if not attrs.get("channel") or (wanted and attrs["stage"] not in wanted):
            continue
        p = pass_probability(attrs, friction_pass, (overrides or {}).get(key))
        hop = {**attrs, "key": key, "from": source, "to": target, "pass_probability": p}
        if digraph.has_edge(source, target):
            arc = digraph.edges[source, target]
            arc["channels"].append(hop)
            arc["p_any"] = 1 - (1 - arc["p_any"]) * (1 - p)
            if p > arc["p"]:
                arc.update(best=hop, p=p, weight=hop_weight(p))
        else:
            digraph.add_edge(source, target, best=hop, channels=[hop], p=p, p_any=p, weight=hop_weight(p))
    return digraph


def hop_weight(p: float) -> float:
    """The path-search weight of a hop that passes with probability ``p``: ``-log p``, or
    :data:`BLOCKED_WEIGHT` for a blocking hop.

    >>> round(hop_weight(0.5), 3), hop_weight(0.0)
    (0.693, 1000000.0)
    """
    return -math.log(p) if p > 0 else BLOCKED_WEIGHT
