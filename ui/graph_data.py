"""Turn a configured view into what vis-network draws: nodes, edges and options (via pyvis).

Positions come from one seeded layout of the *whole* graph, so a node keeps
its place whatever the filters, year or scenario, and the picture never
jiggles: physics is off and the layout is done before anything is shown.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from pyvis.network import Network

from graph.settings import SETTINGS
from ui.graph_style import edge_style, friction_colour, kind_style

__all__ = [
    "METRICS",
    "VisGraph",
    "filtered",
    "layout_positions",
    "node_sizes",
    "vis_graph",
]

METRICS = {
    "degree": "Connections (degree)",
    "betweenness": "Brokerage (betweenness)",
    "uniform": "Same size",
}
LAYOUT_SCALE = 1400.0
LABEL_MAX = 26


@dataclass(frozen=True)
class VisGraph:
    """Everything the graph component needs; ``version`` changes when the picture does."""

    nodes: list[dict]
    edges: list[dict]
    options: dict
    version: str = field(default="")


def layout_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A seeded force layout of every node of ``graph``, scaled to screen pixels."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    if simple.number_of_nodes() == 0:
        return {}
    k = 2.2 / math.sqrt(simple.number_of_nodes())
    positions = nx.spring_layout(simple, k=k, iterations=300, seed=SETTINGS["random_seed"].default)
    return {node: (float(x) * LAYOUT_SCALE, float(y) * LAYOUT_SCALE) for node, (x, y) in positions.items()}


def filtered(
    view: nx.MultiDiGraph,
    *,
    kinds: Iterable[str] | None = None,
    edge_types: Iterable[str] | None = None,
    stages: Iterable[str] | None = None,
    channels_only: bool = False,
) -> nx.MultiDiGraph:
    """The part of a view to draw: chosen node kinds, edge types and channel stages."""
    kinds, edge_types, stages = (set(x) if x is not None else None for x in (kinds, edge_types, stages))
    shown = nx.MultiDiGraph(**view.graph)
    shown.add_nodes_from((n, a) for n, a in view.nodes(data=True) if kinds is None or a["kind"] in kinds)
    for u, v, key, attrs in view.edges(keys=True, data=True):
        if u not in shown or v not in shown:
            continue
        if edge_types is not None and attrs["type"] not in edge_types:
            continue
        if attrs.get("channel"):
            if stages is not None and attrs.get("stage") not in stages:
                continue
        elif channels_only:
            continue
        shown.add_edge(u, v, key=key, **attrs)
    return shown


def node_sizes(graph: nx.MultiDiGraph, metric: str) -> dict[str, float]:
    """Node radius in pixels (12-44) from a centrality metric of the graph shown."""
    if metric == "degree":
        score = dict(graph.degree())
    elif metric == "betweenness":
        score = nx.betweenness_centrality(nx.DiGraph(graph)) if graph.number_of_nodes() > 2 else {}
    else:
        score = {}
    top = max(score.values(), default=0) or 1
    return {node: 12 + 32 * math.sqrt(score.get(node, 0) / top) for node in graph}


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def _years(attrs: dict) -> str:
    start, end = attrs.get("from_year"), attrs.get("to_year")
    if start is None and end is None:
        return ""
    return f"{start or '…'}–{end or ''}"


def node_title(attrs: dict, kind_name: str) -> str:
    """Tooltip HTML of a node; every data value escaped."""
    esc = html.escape
    description = attrs.get("description", "")
    if len(description) > 280:
        description = description[:279].rstrip() + "…"
    years = _years(attrs)
    lines = [
        f"<b>{esc(attrs['name'])}</b>" + (f" ({esc(attrs['short'])})" if attrs.get("short") else ""),
        f"<i>{esc(kind_name)}</i> · <code>{esc(attrs['id'])}</code>" + (f" · {esc(years)}" if years else ""),
        esc(description),
    ]
    return "<br>".join(line for line in lines if line)


def edge_title(u_name: str, v_name: str, attrs: dict, p: float | None = None) -> str:
    """Tooltip HTML of an edge; every data value escaped."""
    esc = html.escape
    lines = [f"<b>{esc(attrs['type'])}</b>", f"{esc(u_name)} → {esc(v_name)}"]
    if attrs.get("channel"):
        chance = f", passes {p:.0%}" if p is not None else ""
        lines.append(f"{esc(str(attrs.get('stage')))} channel · friction <b>{esc(str(attrs.get('friction')))}</b>{chance}")
        if attrs.get("mechanism"):
            lines.append("why: " + esc(", ".join(m.replace("_", " ") for m in attrs["mechanism"])))
        if attrs.get("rationale"):
            lines.append(f"<i>{esc(attrs['rationale'])}</i>")
    elif attrs.get("description"):
        lines.append(esc(attrs["description"]))
    if attrs.get("regraded_by") or attrs.get("added_by"):
        lines.append(f"changed by scenario {esc(attrs.get('regraded_by') or attrs.get('added_by'))}")
    return "<br>".join(lines)


def _options(hierarchical: bool) -> dict:
    options: dict = {
        "autoResize": True,
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False, "hideEdgesOnDrag": False},
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 5,
            "font": {"size": 16, "face": "Source Sans Pro, Arial, sans-serif", "strokeWidth": 4,
                     "strokeColor": "#ffffff", "color": "#1b1f24"},
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
            "font": {"size": 0},
        },
    }
    if hierarchical:
        options["layout"] = {
            "hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                             "levelSeparation": 260, "nodeSpacing": 120, "shakeTowards": "roots"}
        }
    return options


def vis_graph(
    shown: nx.MultiDiGraph,
    *,
    positions: dict[str, tuple[float, float]] | None,
    kind_names: dict[str, str],
    metric: str = "degree",
    emphasis: dict[str, float] | None = None,
    probabilities: dict[str, float] | None = None,
) -> VisGraph:
    """Nodes, edges and options for vis-network, assembled with pyvis.

    ``positions`` fixes every node (None: a left-to-right hierarchical layout,
    for pathways). ``emphasis`` maps the edge keys to bring forward to a width;
    other edges are then drawn faint.
    """
    net = Network(directed=True)
    sizes = node_sizes(shown, metric)
    for node, attrs in sorted(shown.nodes(data=True)):
        colour, shape = kind_style(attrs["kind"])
        extra = {"x": positions[node][0], "y": positions[node][1]} if positions and node in positions else {}
        net.add_node(
            node,
            label=_short(attrs.get("short") or attrs["name"]),
            title=node_title(attrs, kind_names.get(attrs["kind"], attrs["kind"])),
            color={"background": colour, "border": "#ffffff",
                   "highlight": {"background": colour, "border": "#111111"},
                   "hover": {"background": colour, "border": "#111111"}},
            shape=shape,
            size=sizes[node] * (0.8 if shape in ("square", "diamond", "triangle") else 1),
            physics=False,
            **extra,
        )
    pair_count: Counter = Counter()
    for u, v, key, attrs in sorted(shown.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = tuple(sorted((u, v)))
        index = pair_count[pair]
        pair_count[pair] += 1
        style = edge_style(attrs)
        if emphasis is not None:
            if key in emphasis:
                style = {**style, "width": emphasis[key], "color": friction_colour(attrs.get("friction"))}
            else:
                style = {**style, "color": {"color": style["color"], "opacity": 0.18}, "width": 1}
        colour = style.pop("color")
        reverse = shown.has_edge(v, u)
        smooth = ({"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.14 * index}
                  if index or reverse else {"enabled": False})
        net.add_edge(
            u, v, id=key,
            title=edge_title(shown.nodes[u]["name"], shown.nodes[v]["name"], attrs, (probabilities or {}).get(key)),
            color=colour if isinstance(colour, dict) else {"color": colour, "highlight": colour, "hover": colour},
            smooth=smooth,
            **style,
        )
    options = _options(hierarchical=positions is None)
    digest = hashlib.sha1(
        json.dumps([net.nodes, net.edges, options], sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    return VisGraph(net.nodes, net.edges, options, digest)
