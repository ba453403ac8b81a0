"""Cached calls into graph/: pathways, reach, bottlenecks and comparisons.

Each result is cached (``st.cache_data``) under the data version and every
parameter, so moving a slider back and forth costs nothing. Mappings travel
as JSON strings, the form they also have in the URL.
"""

from __future__ import annotations

import json

import networkx as nx
import streamlit as st

from un_pathways.graph.compare import Configuration, compare_configurations
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.provenance import attach_judgements
from un_pathways.graph.reach import bottlenecks, reach_probability
from un_pathways.graph.robust_questions import pathway_robustness
from un_pathways.graph.robustness import Point, declared_space
from un_pathways.graph.settings import SETTINGS
from un_pathways.ui.data import view_of

__all__ = ["analyse", "bottlenecks_of", "compare", "model_point", "robustness_of_pathway"]


def model_point(threshold: float, friction: str, overrides: str) -> tuple[Point, set[str]]:
    """The page's setting as a robustness point, and what the user pinned (changed levels, threshold)."""
    changes = json.loads(friction)
    pinned = set(changes) | ({"threshold"} if threshold != SETTINGS["stall_threshold"].default else set())
    return Point.of(changes, threshold, overrides=json.loads(overrides)), pinned


@st.cache_data(show_spinner="Testing how robust the answer is…", max_entries=128)
def robustness_of_pathway(
    _graph: nx.MultiDiGraph,
    version: str,
    source: str,
    target: str,
    as_of: int | None,
    setting: str | None,
    scenario: str | None,
    threshold: float,
    friction: str,
    overrides: str,
) -> dict:
    """The reach band and the stall point's share and tipping point over the plausible settings."""
    view = view_of(_graph, version, as_of, setting, scenario)
    base, pinned = model_point(threshold, friction, overrides)
    return pathway_robustness(view, source, target, base, space=declared_space(pinned))


@st.cache_data(show_spinner="Finding the most reliable pathways…", max_entries=256)
def analyse(
    _graph: nx.MultiDiGraph,
    version: str,
    source: str,
    target: str,
    as_of: int | None,
    setting: str | None,
    scenario: str | None,
    k: int,
    threshold: float,
    friction: str,
    overrides: str,
) -> dict:
    """The k most reliable pathways and the reach probability in one configuration."""
    view = view_of(_graph, version, as_of, setting, scenario)
    options = {"friction_pass": json.loads(friction), "overrides": json.loads(overrides)}
    paths = most_reliable_paths(view, source, target, k=k, threshold=threshold, **options)
    reach = reach_probability(view, source, target, **options)
    return {
        "paths": [attach_judgements(view, p.to_dict()) for p in paths],
        "reach": reach.to_dict(),
        "as_of": view.graph["view"].as_of,
    }


@st.cache_data(show_spinner="Ranking bottlenecks…", max_entries=128)
def bottlenecks_of(
    _graph: nx.MultiDiGraph,
    version: str,
    source: str,
    target: str,
    as_of: int | None,
    setting: str | None,
    scenario: str | None,
    friction: str,
    overrides: str,
) -> dict:
    """Channels and actors ranked by how much the reach changes without them."""
    view = view_of(_graph, version, as_of, setting, scenario)
    return bottlenecks(
        view, source, target, friction_pass=json.loads(friction), overrides=json.loads(overrides)
    )


@st.cache_data(show_spinner="Comparing the two configurations…", max_entries=128)
def compare(
    _graph: nx.MultiDiGraph,
    version: str,
    source: str,
    target: str,
    first: tuple[str | None, int | None, str | None],
    second: tuple[str | None, int | None, str | None],
    k: int,
    threshold: float,
    friction: str,
    overrides: str,
) -> dict:
    """Reach, pathways and stall points of two configurations, with the channels that differ.

    ``first`` and ``second`` are (scenario, as_of, setting); the re-graded
    edges apply to the second configuration only.
    """
    result = compare_configurations(
        _graph,
        [source],
        target,
        Configuration(first[0], first[1], first[2]),
        Configuration(second[0], second[1], second[2], overrides=json.loads(overrides)),
        k=k,
        threshold=threshold,
        friction_pass=json.loads(friction),
    )
    for side, (scenario, as_of, setting) in (("first", first), ("second", second)):
        view = view_of(_graph, version, as_of, setting, scenario)
        for path in result[side]["paths"]:
            attach_judgements(view, path)
    return result
