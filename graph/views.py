"""The graph as it stood in a year, in a setting, under a scenario.

Every analysis asks the same question of a configured view, so the rules of
time, setting and scenario overlays live here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.build import edge_properties
from graph.collector import cycle_collector_paused
from graph.dataset import Dataset
from graph.errors import LookupFailed
from graph.model import Scenario

__all__ = ["View", "configure", "dataset_of", "scenario_named"]


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


def _in_year(attrs: dict, year: int | None) -> bool:
    if year is None:
        return True
    start, end = attrs.get("from_year"), attrs.get("to_year")
    return (start is None or start <= year) and (end is None or year <= end)


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
    >>> from loaders.dataset import read_dataset
    >>> from graph.build import build_graph
    >>> G = build_graph(read_dataset())
    >>> "mech.hruf-coordination" in configure(G, as_of=2009)
    False
    """
    overlay = scenario_named(graph, scenario) if scenario else None
    year = as_of if as_of is not None else (overlay.as_of if overlay else None)
    enabled = set(overlay.enable_edges) if overlay else set()
    removed = set(overlay.remove_edges) if overlay else set()

    view = nx.MultiDiGraph(dataset=graph.graph["dataset"], view=View(year, setting, scenario))
    for node, attrs in graph.nodes(data=True):
        if _in_year(attrs, year):
            view.add_node(node, **attrs)
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        if key in removed or (setting and attrs["setting"] not in (setting, "any")):
            continue
        if key in enabled:
            for end in (source, target):
                if end not in view:
                    view.add_node(end, **graph.nodes[end])
        elif not (_in_year(attrs, year) and source in view and target in view):
            continue
        view.add_edge(source, target, key=key, **attrs)
    if overlay:
        _apply_overlay(view, overlay)
    return view


def _apply_overlay(view: nx.MultiDiGraph, overlay: Scenario) -> None:
    for edge in overlay.add_edges:
        if edge.source in view and edge.target in view:
            view.add_edge(edge.source, edge.target, key=edge.key, **edge_properties(edge), added_by=overlay.id)
    regrades = {regrade.edge: regrade for regrade in overlay.regrade}  # edge keys are unique
    if not regrades:
        return
    for _, _, key, attrs in view.edges(keys=True, data=True):  # one pass, however many regrades
        regrade = regrades.get(key)
        if regrade is not None:
            attrs.update(
                friction=regrade.friction,
                mechanism=list(regrade.mechanism),
                rationale=regrade.rationale,
                sources=[s.citation() for s in regrade.sources],
                regraded_by=overlay.id,
            )
