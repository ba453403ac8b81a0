"""Counterfactuals: the same question asked of two configurations, side by side.

A configuration is a year, a setting, a scenario and any edges the user
re-graded. The comparison reports the change in reach, whether the stall
point moved, and exactly which channels made the difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.reach import reach_probability, relevant_arcs
from un_pathways.graph.views import configure

__all__ = ["Configuration", "compare_configurations"]


@dataclass(frozen=True)
class Configuration:
    """One side of a comparison."""

    scenario: str | None = None
    as_of: int | None = None
    setting: str | None = None
    overrides: Mapping[str, float] = field(default_factory=dict)

    def label(self) -> str:
        parts = [self.scenario or "base", f"as of {self.as_of}" if self.as_of else "all years"]
        if self.overrides:
            parts.append(f"{len(self.overrides)} edge(s) re-graded")
        return ", ".join(parts)


def _side(graph, config: Configuration, sources, target, k, threshold, friction_pass):
    view = configure(graph, as_of=config.as_of, setting=config.setting, scenario=config.scenario)
    present = [s for s in sources if s in view]
    best_paths, best_reach, chosen = [], None, None
    for source in present:
        if target not in view:
            break
        reach = reach_probability(
            view, source, target, friction_pass=friction_pass, overrides=config.overrides
        )
        if best_reach is None or reach.probability > best_reach.probability:
            chosen, best_reach = source, reach
            best_paths = most_reliable_paths(
                view,
                source,
                target,
                k=k,
                threshold=threshold,
                friction_pass=friction_pass,
                overrides=config.overrides,
            )
    channels = channel_digraph(view, friction_pass=friction_pass, overrides=config.overrides)
    arcs = relevant_arcs(channels, chosen, target) if chosen else {}
    keyed = {hop["key"]: hop for arc in arcs for hop in channels.edges[arc]["channels"]}
    summary = {
        "configuration": {**asdict(config), "overrides": dict(config.overrides), "label": config.label()},
        "source": chosen,
        "reach": best_reach.to_dict() if best_reach else None,
        "paths": [p.to_dict() for p in best_paths],
        "stall": best_paths[0].to_dict()["stall"] if best_paths else None,
    }
    return summary, keyed


def compare_configurations(
    graph: nx.MultiDiGraph,
    sources: list[str],
    target: str,
    first: Configuration,
    second: Configuration,
    *,
    k: int = 3,
    threshold: float | None = None,
    friction_pass: Mapping[str, float] | None = None,
) -> dict:
    """Compare reach, pathways and stall points from ``sources`` to ``target`` in two configurations.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> G = build_graph(read_dataset())
    >>> out = compare_configurations(G, ["field.unct.sri-lanka"], "un.security-council",
    ...     Configuration("pre_hruf", 2009), Configuration("hruf", 2009))
    >>> out["reach_change"] > 0
    True
    """
    a, a_hops = _side(graph, first, sources, target, k, threshold, friction_pass)
    # The second side starts from the same actor, so the two reaches are comparable.
    b, b_hops = _side(
        graph, second, [a["source"]] if a["source"] else sources, target, k, threshold, friction_pass
    )
    changed = []
    for key in sorted(set(a_hops) | set(b_hops)):
        before, after = a_hops.get(key), b_hops.get(key)
        states = [
            {
                "present": hop is not None,
                "friction": hop and hop["friction"],
                "pass_probability": hop and hop["pass_probability"],
                "mechanism": hop and hop["mechanism"],
                "rationale": hop and hop["rationale"],
            }
            for hop in (before, after)
        ]
        if (
            states[0]["present"] != states[1]["present"]
            or states[0]["pass_probability"] != states[1]["pass_probability"]
        ):
            hop = after or before
            changed.append(
                {
                    "key": key,
                    "from": hop["from"],
                    "to": hop["to"],
                    "type": hop["type"],
                    "stage": hop["stage"],
                    "first": states[0],
                    "second": states[1],
                }
            )
    reach_a = a["reach"]["probability"] if a["reach"] else 0.0
    reach_b = b["reach"]["probability"] if b["reach"] else 0.0
    stall_key = lambda side: side["stall"] and (side["stall"]["from"], side["stall"]["to"])  # noqa: E731
    return {
        "target": target,
        "first": a,
        "second": b,
        "reach_change": reach_b - reach_a,
        "stall_moved": stall_key(a) != stall_key(b),
        "changed_edges": changed,
    }
