"""Which labels to draw at which zoom, so that drawn labels never overlap: the most important first.

In the whole-system views every label is drawn LABEL_PX pixels high on screen
whatever the zoom (as on a map), so zooming in makes room between labels
and more of them fit. For each node this module works out its *label zoom*:
the smallest zoom from which its label overlaps neither the label nor the
circle of a more important node. Importance is the node's number of
relations (ties: the higher band of ui/layered_layout.py, then the id): the
hubs are named first, and a hub's name may cover a minor node's small circle
(on a phone there is no room otherwise), never the reverse. The graph
component (ui/graph_component/index.html, ``showLabelsForZoom``) shows a
node's label once the zoom reaches its label zoom, one zoom step
(LABEL_STEP) at a time, so it updates the picture only when a step is crossed.

Boxes are estimated the way ui/focus_layout.py estimates them (a character
is CHAR_WIDTH of the font size, on the safe side). A label is drawn under its
node, its top at the node's edge; the node's radius is in canvas units and
the label's size in screen pixels, so two labels that overlap at a zoom stop
overlapping from a zoom that can be computed (``_separation``): distances
scale with the zoom, label sizes do not. Overlap in canvas units is the same
at every zoom within one step, so the component's labels never overlap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import numpy as np

from un_pathways.ui.focus_layout import CHAR_WIDTH
from un_pathways.ui.graph_data import LEVEL_NODE_PX, node_label, node_sizes
from un_pathways.ui.layered_layout import LAYERS, layer_of

__all__ = [
    "LABEL_PX",
    "LABEL_STEP",
    "LabelBox",
    "drawn_radii",
    "label_boxes",
    "label_zooms",
    "node_importance",
    "picture_label_zooms",
    "step_scale",
]

LABEL_PX = 14  # how high a label is drawn on screen, in pixels, at every zoom
LABEL_STEP = 1.15  # labels are re-chosen each time the zoom changes by this factor
LINE_HEIGHT = 1.15  # of the font size: vis-network measures one line of 14 px text 15 px high
MARGIN = 4  # screen pixels kept free around every label
NEVER = math.inf  # the label zoom of a label that always sits on something

LabelBox = tuple[float, float, float, float]  # left, top, right, bottom


def step_scale(scale: float) -> float:
    """The zoom step the component uses at zoom ``scale``: the largest power of LABEL_STEP not above it.

    >>> step_scale(1.0), round(step_scale(0.3), 4), round(step_scale(1.2), 4)
    (1.0, 0.2843, 1.15)
    """
    return float(LABEL_STEP ** math.floor(math.log(scale) / math.log(LABEL_STEP) + 1e-9))


def drawn_radii(values: Mapping[str, float], smallest: float, largest: float) -> dict[str, float]:
    """The radius vis-network draws each node at, from its ``value`` and the scaling range.

    vis-network's default scaling maps the smallest value shown onto ``smallest``
    and the largest onto ``largest``, linearly (all equal: half way).
    """
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if high == low:
        return {node: (smallest + largest) / 2 for node in values}
    return {
        node: smallest + (value - low) / (high - low) * (largest - smallest) for node, value in values.items()
    }


LABEL_HEIGHT = LABEL_PX * LINE_HEIGHT + 2 * MARGIN  # screen pixels, margins included


def _label_width(text: str) -> float:
    return len(text) * LABEL_PX * CHAR_WIDTH + 2 * MARGIN


def _separation(gap: np.ndarray, reach: np.ndarray | float) -> np.ndarray:
    """The zoom from which boxes whose centres are ``gap`` canvas units apart, and which reach
    ``reach`` screen pixels towards each other, stop overlapping along one axis (inf: never)."""
    with np.errstate(divide="ignore"):
        return np.where(gap > 0, reach / np.where(gap > 0, gap, 1.0), np.inf)


def label_zooms(
    positions: Mapping[str, tuple[float, float]],
    labels: Mapping[str, str],
    radii: Mapping[str, float],
    importance: Mapping[str, float],
) -> dict[str, float]:
    """Each node's label zoom: from that zoom on, its label touches no more important label or node.

    Nodes are taken by ``importance`` (highest first, ties by id). The label
    zoom of a node is the largest zoom at which its label still overlaps the
    circle of a more important node, or the label of one drawn at that zoom.
    Labels shown at one zoom are thus shown at every larger one. Importance
    wins: a hub's label may cover a minor node (on a phone there is no room
    otherwise), a minor label never covers a hub or its name.
    """
    order = sorted(positions, key=lambda n: (-importance.get(n, 0.0), n))
    if not order:
        return {}
    x = np.array([positions[n][0] for n in order], dtype=float)
    y = np.array([positions[n][1] for n in order], dtype=float)
    r = np.array([radii[n] for n in order], dtype=float)
    width = np.array([_label_width(labels.get(n, "")) for n in order])
    top = y + r  # a label's top edge, in canvas units; its height is LABEL_HEIGHT screen pixels
    zoom = np.zeros(len(order))
    for i in range(len(order)):
        needed = 0.0
        if i:
            needed = _node_clearance(x[i], top[i], width[i], x[:i], y[:i], r[:i])
            apart_x = _separation(np.abs(x[:i] - x[i]), (width[:i] + width[i]) / 2)
            apart_y = _separation(np.abs(top[:i] - top[i]), LABEL_HEIGHT)
            apart = np.minimum(apart_x, apart_y)
            clashing = apart > zoom[:i]  # the other label is drawn while the two still overlap
            if clashing.any():
                needed = max(needed, float(apart[clashing].max()))
        zoom[i] = needed
    return {node: float(zoom[i]) for i, node in enumerate(order)}


def _node_clearance(
    centre: float, top: float, width: float, x: np.ndarray, y: np.ndarray, r: np.ndarray
) -> float:
    """The zoom from which a label (centred at ``centre``, its top at ``top``) covers none of the nodes.

    Canvas units, except ``width`` (screen pixels): a node's circle keeps its canvas size.
    """
    reach_x = _separation(np.abs(x - centre) - r, width / 2)
    reach_y = _separation(y - r - top, LABEL_HEIGHT)  # from the label's top down to the node's top edge
    clash = np.minimum(reach_x, reach_y)
    clash = np.where(y + r > top, clash, 0.0)  # a node wholly above the label's top never clashes
    return float(clash.max(initial=0.0))


def label_boxes(
    positions: Mapping[str, tuple[float, float]],
    labels: Mapping[str, str],
    radii: Mapping[str, float],
    zooms: Mapping[str, float],
    scale: float,
) -> dict[str, LabelBox]:
    """The screen boxes (margins included) of the labels the component draws at zoom ``scale``.

    Screen pixels relative to the canvas origin: canvas coordinates times the
    zoom. The component draws a label at font size LABEL_PX / step, so at the
    step's own zoom it is LABEL_PX high; the boxes are computed there.
    """
    step = step_scale(scale)
    boxes = {}
    for node, (x, y) in positions.items():
        if zooms.get(node, NEVER) <= step:
            half = _label_width(labels.get(node, "")) / 2
            top = (y + radii[node]) * step
            boxes[node] = (x * step - half, top, x * step + half, top + LABEL_HEIGHT)
    return boxes


def node_importance(graph: nx.MultiDiGraph) -> dict[str, float]:
    """How soon a node's label is drawn: its number of relations; a tie goes to the higher band.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a.council", kind="organ"); g.add_node("b.state", kind="member_state")
    >>> key = g.add_edge("a.council", "b.state")
    >>> node_importance(g)["a.council"] > node_importance(g)["b.state"]
    True
    """
    bands = len(LAYERS) + 1
    return {
        node: graph.degree(node) + (bands - layer_of(graph.nodes[node]["kind"])) / (10 * bands)
        for node in graph
    }


def picture_label_zooms(
    graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], metric: str
) -> dict[str, float]:
    """The label zoom of every node of ``graph`` drawn at ``positions``, sized by ``metric``.

    The radii are those vis-network draws with LEVEL_NODE_PX (``vis_graph(..., label_zooms=...)``).
    """
    radii = drawn_radii(node_sizes(graph, metric), *LEVEL_NODE_PX)
    labels = {node: node_label(graph.nodes[node], node) for node in graph}
    drawn = {node: positions[node] for node in graph if node in positions}
    return label_zooms(drawn, labels, radii, node_importance(graph))
