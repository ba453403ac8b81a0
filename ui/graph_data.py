"""Turn a configured view into what vis-network draws: nodes, edges and options.

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

from un_pathways.graph.collector import cycle_collector_paused
from un_pathways.graph.provenance import channel_statements
from un_pathways.graph.settings import SETTINGS
from un_pathways.ui.big_layout import grouped_layout
from un_pathways.ui.graph_style import edge_style, friction_colour, kind_style

__all__ = [
    "FOCUS_LABEL_PX",
    "FOCUS_NODE_PX",
    "HIDDEN_FONT",
    "LEVEL_NODE_PX",
    "METRICS",
    "VisGraph",
    "filtered",
    "layout_positions",
    "node_label",
    "node_sizes",
    "vis_graph",
]

METRICS = {
    "degree": "Degree",
    "betweenness": "Betweenness",
    "uniform": "Same size",
}
PIXELS_PER_NODE = 75.0  # layout scale grows with the square root of the node count
SPRING_MAX = 1500  # nodes; past this a spring layout takes seconds (it is quadratic per iteration)
LABEL_MAX = 26
FOCUS_LABEL_PX = 16  # focused views (ui/focus_layout.py) draw every label at this size...
FOCUS_NODE_PX = (10, 30)  # ...and nodes between these radii, so the layout knows where labels fall
LEVEL_NODE_PX = (7, 34)  # node radii where labels come and go by zoom (ui/label_levels.py)
HIDDEN_FONT = 0.1  # canvas font size of a label not shown: below vis-network's draw threshold at any zoom
NEVER_LABELLED = 1e9  # the label zoom of a label that always sits on something (JSON has no infinity)


@dataclass(frozen=True)
class VisGraph:
    """Everything the graph component needs; ``version`` changes when the picture does."""

    nodes: list[dict]
    edges: list[dict]
    options: dict
    version: str = field(default="")


def _component_layout(component: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of one connected component, in pixels, centred on (0, 0)."""
    size = component.number_of_nodes()
    if size == 1:
        return {next(iter(component)): (0.0, 0.0)}
    k = 2.0 / math.sqrt(size)
    positions = nx.spring_layout(component, k=k, iterations=250, seed=seed)
    scale = PIXELS_PER_NODE * math.sqrt(size)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}


def layout_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A seeded layout of every node of ``graph``, in screen pixels.

    Up to SPRING_MAX nodes, springs (see ``_spring_positions``); above, the
    countries are placed on rings around a spring layout of the rest
    (ui/big_layout.py), because a spring layout's cost grows with the square
    of the nodes.
    """
    if graph.number_of_nodes() > SPRING_MAX:
        return grouped_layout(graph, _spring_positions)
    return _spring_positions(graph)


def _spring_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """The largest connected part laid out with springs; smaller parts packed in rows beneath it.

    So they neither drift far away nor shrink the main picture when the view is fitted.
    """
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    seed = SETTINGS["random_seed"].default
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    positions: dict[str, tuple[float, float]] = {}
    if not parts:
        return positions
    positions.update(_component_layout(simple.subgraph(parts[0]), seed))
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    if max(ys) - min(ys) > max(xs) - min(xs):  # screens are landscape: lay the picture on its side
        positions = {node: (y, x) for node, (x, y) in positions.items()}
        xs, ys = ys, xs
    left, right, cursor_y = min(xs), max(max(xs), min(xs) + 1200), max(ys) + 2 * PIXELS_PER_NODE
    cursor_x, row_height = left, 0.0
    for part in parts[1:]:
        local = _component_layout(simple.subgraph(part), seed)
        lx = [x for x, _ in local.values()]
        ly = [y for _, y in local.values()]
        width = max(lx) - min(lx) + PIXELS_PER_NODE
        height = max(ly) - min(ly) + PIXELS_PER_NODE
        if cursor_x + width > right and cursor_x > left:
            cursor_x, cursor_y, row_height = left, cursor_y + row_height, 0.0
        for node, (x, y) in local.items():
            positions[node] = (cursor_x + x - min(lx), cursor_y + y - min(ly))
        cursor_x += width
        row_height = max(row_height, height)
    return positions


@cycle_collector_paused()
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
    shown: nx.MultiDiGraph[str] = nx.MultiDiGraph(**view.graph)
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
    """Each node's ``value`` for vis-network's scaling: the square root of its share of the top score.

    vis-network maps values onto the node size and label size ranges of
    ``_options``, so hubs get big, readable labels in the overview and the
    labels of small nodes appear as you zoom in.
    """
    if metric == "degree":
        score = dict(graph.degree())
    elif metric == "betweenness":
        score = nx.betweenness_centrality(nx.DiGraph(graph)) if graph.number_of_nodes() > 2 else {}
    else:
        return {node: 1.0 for node in graph}
    top = max(score.values(), default=0) or 1
    sizes = {node: round(math.sqrt(score.get(node, 0) / top), 4) for node in graph}
    return sizes | _cluster_sizes(graph, sizes)


def _cluster_sizes(graph: nx.MultiDiGraph, sizes: dict[str, float]) -> dict[str, float]:
    """Clusters (ui/big_graph.py) at least as big as their share of the largest one, so none vanishes."""
    members = {node: attrs["members"] for node, attrs in graph.nodes(data=True) if "members" in attrs}
    biggest = max(members.values(), default=1)
    share = {node: math.sqrt(count / biggest) for node, count in members.items()}
    return {node: round(max(sizes[node], 0.3 + 0.7 * part), 4) for node, part in share.items()}


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def node_label(attrs: dict, node: str) -> str:
    """The text drawn under a node: its acronym or name, shortened (pyvis labelled nameless nodes by id)."""
    return _short(attrs.get("short") or attrs["name"]) or node


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


# A tooltip shows each statement up to this length; the node panel shows it in full.
TOOLTIP_STATEMENT_CHARS = 360


def edge_title(u_name: str, v_name: str, attrs: dict, p: float | None = None) -> str:
    """Tooltip HTML of an edge; every data value escaped."""
    esc = html.escape
    lines = [f"<b>{esc(attrs['type'])}</b>", f"{esc(u_name)} → {esc(v_name)}"]
    if attrs.get("count", 1) > 1:  # merged between clusters (ui/big_graph.py)
        lines.append(f"{attrs['count']} relations drawn as one")
    if attrs.get("channel"):
        chance = f", passes {p:.0%}" if p is not None else ""
        stage, friction = esc(str(attrs.get("stage"))), esc(str(attrs.get("friction")))
        lines.append(f"{stage} channel · friction <b>{friction}</b>{chance}")
        if attrs.get("mechanism"):
            lines.append("why: " + esc(", ".join(m.replace("_", " ") for m in attrs["mechanism"])))
        for label, text in channel_statements(attrs):
            if len(text) > TOOLTIP_STATEMENT_CHARS:
                text = text[: TOOLTIP_STATEMENT_CHARS - 1].rstrip() + "… (full text in the node panel)"
            lines.append(f"<b>{esc(label)}:</b> <i>{esc(text)}</i>")
    elif attrs.get("description"):
        lines.append(esc(attrs["description"]))
    if attrs.get("paper_error"):
        lines.append(f"<b>Error in the paper:</b> {esc(attrs['paper_error'])}")
    if attrs.get("regraded_by") or attrs.get("added_by"):
        lines.append(f"changed by scenario {esc(str(attrs.get('regraded_by') or attrs.get('added_by')))}")
    return "<br>".join(lines)


def _options(hierarchical: bool, focused: bool = False, levels: bool = False) -> dict:
    options: dict = {
        "autoResize": True,
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False, "hideEdgesOnDrag": False},
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 5,
            "font": {
                "size": 16,
                "face": "Source Sans Pro, Arial, sans-serif",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "color": "#1b1f24",
            },
            "scaling": {
                "min": 10,
                "max": 60,
                "label": {"enabled": True, "min": 14, "max": 60, "drawThreshold": 8, "maxVisible": 24},
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
            "font": {"size": 0},
        },
    }
    if focused:  # every label the same size, where ui/focus_layout.py left room for it
        low, high = FOCUS_NODE_PX
        label = {"enabled": True, "min": FOCUS_LABEL_PX, "max": FOCUS_LABEL_PX, "drawThreshold": 5}
        options["nodes"]["scaling"] = {"min": low, "max": high, "label": label}
    if levels:  # labels shown by zoom level: the component sets each label's size (ui/label_levels.py)
        low, high = LEVEL_NODE_PX
        label = {"enabled": False, "drawThreshold": 5, "maxVisible": 40}  # hidden labels: under 5 px
        options["nodes"]["scaling"] = {"min": low, "max": high, "label": label}
        options["nodes"]["font"]["size"] = HIDDEN_FONT
    if hierarchical:
        options["nodes"]["scaling"] = {"min": 16, "max": 16, "label": {"enabled": True, "min": 18, "max": 18}}
        options["layout"] = {
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "levelSeparation": 260,
                "nodeSpacing": 120,
                "shakeTowards": "roots",
            }
        }
    return options


def _vis_node(node: str, attrs: dict, kind_name: str, size: float, position: tuple | None) -> dict:
    """One vis-network node, with the keys and values pyvis's ``Network.add_node`` gave it."""
    colour, shape = kind_style(attrs["kind"])
    vis = {
        "id": node,
        "label": node_label(attrs, node),
        "title": node_title(attrs, kind_name),
        "shape": shape,
        "color": {
            "background": colour,
            "border": "#ffffff",
            "highlight": {"background": colour, "border": "#111111"},
            "hover": {"background": colour, "border": "#111111"},
        },
        "value": size,
        "physics": False,
    }
    if position is not None:
        vis["x"], vis["y"] = position
    return vis


def _edge_look(attrs: dict, key: str, emphasis: dict[str, float] | None) -> dict:
    """Colour, width and dashes of an edge: its own style, brought forward or faded by ``emphasis``."""
    style = edge_style(attrs)
    if emphasis is not None:
        if key in emphasis:
            style = {**style, "width": emphasis[key], "color": friction_colour(attrs.get("friction"))}
        else:
            style = {**style, "color": {"color": style["color"], "opacity": 0.18}, "width": 1}
    if not isinstance(style["color"], dict):
        colour = style["color"]
        style["color"] = {"color": colour, "highlight": colour, "hover": colour}
    return style


@cycle_collector_paused()
def vis_graph(
    shown: nx.MultiDiGraph,
    *,
    positions: dict[str, tuple[float, float]] | None,
    kind_names: dict[str, str],
    metric: str = "degree",
    emphasis: dict[str, float] | None = None,
    probabilities: dict[str, float] | None = None,
    edge_labels: dict[str, str] | None = None,
    focused: bool = False,
    label_zooms: dict[str, float] | None = None,
    bands: dict[str, int] | None = None,
) -> VisGraph:
    """Nodes, edges and options for vis-network, as the plain dicts vis-network reads.

    ``positions`` fixes every node (None: a left-to-right hierarchical layout,
    for pathways). ``emphasis`` maps the edge keys to bring forward to a width;
    other edges are then drawn faint. ``focused`` draws labels at one size
    (for positions from ui/focus_layout.py). ``label_zooms`` (from
    ui/label_levels.py) gives each node the zoom from which the component
    draws its label, so that drawn labels never overlap. ``bands`` gives
    each node the band of ui/layered_layout.py it sits in; the component
    shades every other band, so the layers read at a glance.

    The dicts are built directly rather than through pyvis's ``Network``:
    its ``add_node``/``add_edge`` check each id with ``in`` on a list of all
    node ids, so a picture cost nodes x edges (24 s for 26,000 nodes). The
    dicts carry the same keys and values pyvis produced (the test
    tests/test_graph_data.py builds the pyvis version and compares); pyvis
    still supplies the vis-network library itself (ui/network.py).
    """
    sizes = node_sizes(shown, metric)
    nodes = [
        _vis_node(
            node,
            attrs,
            kind_names.get(attrs["kind"], attrs["kind"]),
            sizes[node],
            positions.get(node) if positions else None,
        )
        for node, attrs in sorted(shown.nodes(data=True))
    ]
    if bands is not None:
        for vis in nodes:
            if vis["id"] in bands:
                vis["band"] = bands[vis["id"]]
    if label_zooms is not None:
        for vis in nodes:
            zoom = label_zooms.get(vis["id"], math.inf)
            vis["labelZoom"] = round(zoom, 5) if zoom < NEVER_LABELLED else NEVER_LABELLED
    edges = []
    pair_count: Counter = Counter()
    for u, v, key, attrs in sorted(shown.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = (u, v) if u <= v else (v, u)  # either direction: the same pair of nodes
        index = pair_count[pair]
        pair_count[pair] += 1
        edge = {"id": key, "from": u, "to": v, "arrows": "to"}
        edge["title"] = edge_title(
            shown.nodes[u]["name"], shown.nodes[v]["name"], attrs, (probabilities or {}).get(key)
        )
        edge.update(_edge_look(attrs, key, emphasis))
        if edge_labels and key in edge_labels:
            edge["label"] = edge_labels[key]
            edge["font"] = {"size": 15, "strokeWidth": 4, "strokeColor": "#ffffff", "align": "top"}
        if positions is None:  # hierarchical: curves keep a hop that skips a level off the others
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 + 0.14 * index}
        elif index or shown.has_edge(v, u):
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.14 * index}
        else:
            edge["smooth"] = {"enabled": False}
        edges.append(edge)
    levels = label_zooms is not None and positions is not None
    options = _options(hierarchical=positions is None, focused=focused and not levels, levels=levels)
    digest = hashlib.sha1(
        json.dumps([nodes, edges, options], sort_keys=True, default=str).encode()
    ).hexdigest()
    return VisGraph(nodes, edges, options, digest[:16])
