"""The all-countries stall map: where each country team's warnings die on the way to a decision-maker.

One question asked of every country team at once ("does a warning from here
reach the Security Council, and if not, where does it stall?"). Running the
k-best-path search once per team would cost one channel-graph build and one
Yen search per country, quadratic in the number of countries; instead the
channel graph is built once and a single Dijkstra run from the target over
the reversed channels gives every team's most reliable pathway together
(the same pathway ``most_reliable_paths(..., k=1)`` finds, up to ties), which
``pathway_from_nodes`` then describes hop by hop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.pathways import pathway_from_nodes
from un_pathways.graph.settings import SETTINGS

__all__ = ["COUNTRY_TEAM_PREFIX", "DEFAULT_STALL_MAP_TARGET", "country_teams", "stall_map"]

# Country teams are the field presences with ids ``field.unct.<country>``
# (``field.unct`` alone is the country team in general, not one country's).
COUNTRY_TEAM_PREFIX = "field.unct."
DEFAULT_STALL_MAP_TARGET = "un.security-council"


def country_teams(view: nx.MultiDiGraph) -> list[str]:
    """Ids of the country teams of a view, sorted.

    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> "field.unct.sri-lanka" in country_teams(build_graph(read_dataset()))
    True
    """
    return sorted(
        node
        for node, attrs in view.nodes(data=True)
        if node.startswith(COUNTRY_TEAM_PREFIX) and attrs.get("kind") == "field_presence"
    )


def stall_map(
    view: nx.MultiDiGraph,
    target: str = DEFAULT_STALL_MAP_TARGET,
    *,
    teams: Iterable[str] | None = None,
    threshold: float | None = None,
    stages: Iterable[str] | None = None,
    friction_pass: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, object]:
    """Every country team's most reliable pathway to ``target``: its signal and where it stalls.

    Returns ``{target, threshold, teams: [{team, name, signal, hops, reaches, stall, weakest}],
    summary: {teams, no_route, stalled, reaching, stall_stages, stall_hops, stall_mechanisms}}``;
    ``stall`` and ``weakest`` have the shape of ``Pathway.to_dict()``'s, ``stall`` is None when the
    signal stays above the threshold, and a team with no channel route has ``hops`` 0 and signal 0.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> from un_pathways.graph.views import configure
    >>> result = stall_map(configure(build_graph(read_dataset()), scenario="pre_hruf"))
    >>> row = next(r for r in result["teams"] if r["team"] == "field.unct.sri-lanka")
    >>> row["reaches"], row["stall"]["stage"]
    (False, 'information')
    """
    threshold = SETTINGS["stall_threshold"].default if threshold is None else threshold
    if target not in view:
        raise LookupFailed(f"{target!r} does not exist in this configuration (check the year and scenario)")
    wanted = sorted(teams) if teams is not None else country_teams(view)
    missing = [team for team in wanted if team not in view]
    if missing:
        raise LookupFailed(f"{missing[0]!r} does not exist in this configuration")
    channels = channel_digraph(view, stages=stages, friction_pass=friction_pass, overrides=overrides)
    routes: dict[str, list[str]] = {}
    if target in channels:
        routes = nx.single_source_dijkstra_path(channels.reverse(copy=False), target, weight="weight")
    rows = [_team_row(view, channels, team, routes.get(team), threshold) for team in wanted]
    return {"target": target, "threshold": threshold, "teams": rows, "summary": _summary(rows)}


def _team_row(
    view: nx.MultiDiGraph, channels: nx.DiGraph, team: str, reversed_route: list[str] | None, threshold: float
) -> dict[str, object]:
    row: dict[str, object] = {"team": team, "name": view.nodes[team]["name"]}
    if not reversed_route or len(reversed_route) < 2:
        return {**row, "signal": 0.0, "hops": 0, "reaches": False, "stall": None, "weakest": None}
    pathway = pathway_from_nodes(channels, reversed_route[::-1], threshold).to_dict()
    return {
        **row,
        "signal": pathway["signal"],
        "hops": len(pathway["hops"]),
        "reaches": pathway["stall"] is None,
        "stall": pathway["stall"],
        "weakest": pathway["weakest"],
    }


def _summary(rows: list[dict]) -> dict[str, object]:
    stalls = [row["stall"] for row in rows if row["stall"]]
    return {
        "teams": len(rows),
        "no_route": sum(1 for row in rows if not row["hops"]),
        "stalled": len(stalls),
        "reaching": sum(1 for row in rows if row["reaches"]),
        "stall_stages": dict(Counter(s["stage"] for s in stalls).most_common()),
        "stall_hops": dict(Counter(f"{s['from']} -> {s['to']}" for s in stalls).most_common(10)),
        "stall_mechanisms": dict(Counter(m for s in stalls for m in s["mechanism"]).most_common()),
    }
