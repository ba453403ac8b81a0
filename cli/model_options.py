"""The model's numbers as the analysis commands take them: --friction, --edge and --threshold.

One parse for every command, so ``paths``, ``stall``, ``compare`` and ``cases`` read the same
flags the same way, and robustness starts from the very setting the answer was computed at.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import networkx as nx

from un_pathways.graph.errors import QueryError
from un_pathways.graph.robustness import Point, Space, declared_space
from un_pathways.graph.settings import FRICTION_LEVELS, SETTINGS, friction_map
from un_pathways.graph.views import dataset_of

__all__ = ["ModelOptions", "model_options", "parse_friction"]


@dataclass(frozen=True)
class ModelOptions:
    """The setting asked for (``base``), the plausible space around it, and the keyword arguments
    (``friction_pass``, ``overrides``) the analysis functions take."""

    base: Point
    space: Space
    analysis: dict

    @property
    def threshold(self) -> float:
        return self.base.threshold


def _probability(value: str, where: str) -> float:
    try:
        p = float(value)
    except ValueError:
        raise QueryError(
            f"{where}: {value!r} is neither a friction level ({', '.join(FRICTION_LEVELS)}) nor a number"
        ) from None
    if not 0 <= p <= 1:
        raise QueryError(f"{where}: a probability lies between 0 and 1, got {p}")
    return p


def _friction_changes(pairs: list[str] | None) -> dict[str, float]:
    changes = {}
    for pair in pairs or []:
        level, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"--friction expects LEVEL=P, got {pair!r}")
        if level not in FRICTION_LEVELS:
            raise QueryError(f"unknown friction level {level!r}; levels: {', '.join(FRICTION_LEVELS)}")
        changes[level] = _probability(value, f"--friction {pair}")
    return changes


def parse_friction(pairs: list[str] | None) -> dict[str, float]:
    """The whole friction map of repeated ``--friction LEVEL=P`` options (the defaults where none is
    given)."""
    return dict(friction_map(_friction_changes(pairs)))


def _channel_keys(graph: nx.MultiDiGraph) -> set[str]:
    """Keys of every channel edge of the data, scenario-added ones included."""
    keys = {key for _, _, key, attrs in graph.edges(keys=True, data=True) if attrs.get("channel")}
    return keys | {
        edge.key for scenario in dataset_of(graph).scenarios.values() for edge in scenario.add_edges
    }


def _edge_changes(pairs: list[str] | None, graph: nx.MultiDiGraph) -> tuple[dict[str, str], dict[str, float]]:
    levels, fixed = {}, {}
    known = _channel_keys(graph) if pairs else set()
    for pair in pairs or []:
        key, sep, value = pair.rpartition("=")
        key = key.strip()
        if not sep:
            raise QueryError(f"--edge expects 'FROM -TYPE-> TO=LEVEL' or 'FROM -TYPE-> TO=P', got {pair!r}")
        if key not in known:
            raise QueryError(
                f"--edge {pair}: no channel edge {key!r} in the data; edges are named 'FROM -TYPE-> TO' with "
                "node ids (`pathways show FROM` lists a node's edges)"
            )
        if value.strip() in FRICTION_LEVELS:
            levels[key] = value.strip()
        else:
            fixed[key] = _probability(value, f"--edge {pair}")
    return levels, fixed


def model_options(
    args: argparse.Namespace, graph: nx.MultiDiGraph, edges: list[str] | None | bool = False
) -> ModelOptions:
    """Parse ``--friction``, ``--edge`` (or ``edges``, e.g. ``--vs-edge``) and ``--threshold``.

    What the user sets explicitly (a level, the threshold) is held fixed when robustness samples
    the plausible space; the rest ranges over what ``graph/settings.py`` declares.
    """
    changes = _friction_changes(args.friction)
    levels, fixed = _edge_changes(args.edge if edges is False else edges, graph)
    given = getattr(args, "threshold", None)
    threshold = SETTINGS["stall_threshold"].default if given is None else given
    if not 0 <= threshold <= 1:
        raise QueryError(f"--threshold: a signal strength lies between 0 and 1, got {threshold}")
    full = friction_map(changes)
    base = Point.of(full, threshold, levels, fixed)
    pinned = set(changes) | ({"threshold"} if given is not None else set())
    return ModelOptions(
        base, declared_space(pinned), {"friction_pass": full, "overrides": base.analysis_overrides()}
    )
