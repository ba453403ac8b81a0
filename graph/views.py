"""The graph as it stood in a year, in a setting, under a scenario.

Every analysis asks the same question of a configured view, so the rules of
time, setting and scenario overlays live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from un_pathways.graph.build import OPEN_FUTURE, OPEN_PAST, edge_properties
from un_pathways.graph.collector import cycle_collector_paused
from un_pathways.graph.dataset import Dataset
from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.model import Scenario

__all__ = ["View", "configure", "dataset_of", "in_force", "scenario_named"]


@dataclass(frozen=True)
class View:
    """What a configured graph shows: the year, setting and scenario applied."""

    as_of: int | None = None
    setting: str | None = None
    scenario: str | None = None


def dataset_of(graph: nx.MultiDiGraph) -> Dataset:
    """The Dataset a graph was built from."""
    return graph.graph["dataset"]


def scenario_named(graph: nx.MultiDiGraph, name: str) -> Scenario:
    """Look a scenario up by id, or fail naming the ones that exist."""
    scenarios = dataset_of(graph).scenarios
    if name not in scenarios:
        raise LookupFailed(
            f"unknown scenario {name!r}; known scenarios: {', '.join(sorted(scenarios)) or 'none'}"
        )
    return scenarios[name]


def in_force(attrs: Mapping[str, Any], year: int) -> bool:
    """Whether a node or edge is in force in ``year``: the Cypher ``x.first_year <= $as_of <= x.last_year``.

    Open ends are stored as explicit bounds (``graph.build.OPEN_PAST``/``OPEN_FUTURE``); a graph
    built without them (an older export) reads as open on both ends.

    >>> in_force({"first_year": 2013, "last_year": OPEN_FUTURE}, 2009)
    False
    >>> in_force({}, 2009)
    True
    """
    return attrs.get("first_year", OPEN_PAST) <= year <= attrs.get("last_year", OPEN_FUTURE)


def _in_year(attrs: dict, year: int | None) -> bool:
    return year is None or in_force(attrs, year)


@cycle_collector_paused()
def configure(
    graph: nx.MultiDiGraph,
    *,
    as_of: int | None = None,
    setting: str | None = None,
    scenario: str | None = None,
) -> nx.MultiDiGraph:
    """A copy of ``graph`` restricted to a year and setting, with a scenario applied.

    ``as_of`` defaults to the scenario's own year. Edges a scenario *enables*
    count as in force whatever the year (with their end nodes); ``setting``
    keeps edges of that setting and those valid in any setting.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> G = build_graph(read_dataset())
    >>> "mech.hruf-coordination" in configure(G, as_of=2009)
    False
    """
    overlay = scenario_named(graph, scenario) if scenario else None
    year = as_of if as_of is not None else (overlay.as_of if overlay else None)
    enabled = set(overlay.enable_edges) if overlay else set()
    removed = set(overlay.remove_edges) if overlay else set()

    shown = View(year, setting, scenario)
    view: nx.MultiDiGraph[str] = nx.MultiDiGraph(dataset=graph.graph["dataset"], view=shown)
    for node, attrs in graph.nodes(data=True):
        if _in_year(attrs, year):
            _share_node(view, node, attrs)
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        if key in removed or (setting and attrs["setting"] not in (setting, "any")):
            continue
        if key in enabled:
            for end in (source, target):
                if end not in view:
                    _share_node(view, end, graph.nodes[end])
        elif not (_in_year(attrs, year) and source in view and target in view):
            continue
        _share_edge(view, source, target, key, attrs)
    nx._clear_cache(view)
    if overlay:
        _apply_overlay(view, overlay)
    return view


# A view holds the very attribute dicts of the graph it was configured from, as
# networkx's own subgraph views do, instead of a copy of each: copying every dict
# was most of configure's time and of each cached view's memory. Views are read,
# never changed (graph.channels relies on it too); a scenario's regrade replaces
# the edge's dict in the view with a changed copy, so the graph is never touched.
# networkx's storage (``_node``, ``_succ``, ``_pred``) is not in its type stubs: typed Any here.
def _share_node(view: Any, node: str, attrs: dict) -> None:
    view._node[node] = attrs
    view._succ[node] = {}
    view._pred[node] = {}


def _share_edge(view: Any, source: str, target: str, key: str, attrs: dict) -> None:
    keys = view._succ[source].get(target)
    if keys is None:
        keys = view._succ[source][target] = view._pred[target][source] = {}
    keys[key] = attrs


def _apply_overlay(view: nx.MultiDiGraph, overlay: Scenario) -> None:
    for edge in overlay.add_edges:
        if edge.source in view and edge.target in view:
            properties = {**edge_properties(edge), "added_by": overlay.id}
            view.add_edge(edge.source, edge.target, key=edge.key, **properties)
    regrades = {regrade.edge: regrade for regrade in overlay.regrade}  # edge keys are unique
    if not regrades:
        return
    for source, target, key, attrs in list(view.edges(keys=True, data=True)):  # one pass
        regrade = regrades.get(key)
        if regrade is not None:
            storage: Any = view  # networkx's _succ is not in its type stubs
            storage._succ[source][target][key] = {  # a copy: the dict is the graph's own
                **attrs,
                "friction": regrade.friction,
                "mechanism": list(regrade.mechanism),
                "rationale": regrade.rationale,
                "justification": regrade.justification,
                "sources": [s.citation() for s in regrade.sources],
                "regraded_by": overlay.id,
            }
