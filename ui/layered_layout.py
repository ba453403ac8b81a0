"""The whole system in layers: the Council at the top, the Secretariat under it, then agencies, field, states.

A spring layout of 230 nodes is a hairball: where a node lands says nothing.
Here each node's *kind* puts it in a horizontal band (:data:`LAYERS`, top to
bottom), so the picture reads like an organisation chart of the protection
system. Inside a band the nodes are ordered to reduce crossings (the
barycentre heuristic: each node moves towards the mean position of its
neighbours in the other bands, over a few sweeps down and up), and a long
band is wrapped into staggered rows (consecutive nodes alternate rows), so
that the picture keeps about the shape of a screen (ASPECT) and neighbouring
labels sit on different rows. The same order, bent into concentric rings,
gives :func:`layer_ring_positions`. Both are deterministic: ties fall back to
kind, then name, then id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

__all__ = [
    "LAYERS",
    "OTHER_LAYER",
    "bands_caption",
    "bands_of",
    "layer_of",
    "layer_order",
    "layer_ring_positions",
    "layered_positions",
]

# The bands of the layered picture, top to bottom: (what the band holds, the node kinds in it).
#
# A DRAWING CHOICE, NOT A CLAIM: the bands group kinds so that the picture reads from the
# Council down to the field and the states, with the documents and cases apart; they do not
# say that one body ranks above another, nor who answers to whom (the relations say that).
# Persons sit with the states and outside actors because the paper names most of them as
# outside actors or office holders; their office is one relation away. A kind missing here
# (a new kind in data/vocabulary/kinds.yaml) lands in OTHER_LAYER, below everything.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The Security Council and the other UN organs", ("organ",)),
    ("The Secretary-General and the Secretariat", ("office", "department")),
    ("Agencies and programmes, mechanisms and panels", ("agency", "mechanism", "panel")),
    ("In the field: country teams and peace operations", ("field_presence", "mission")),
    (
        "States, groups of states and other actors",
        ("member_state", "state_group", "regional_org", "court", "non_state_actor", "ngo", "person"),
    ),
    ("Policies, norms and resolutions", ("policy", "norm", "resolution")),
    ("Reports and cases", ("report", "case")),
)
OTHER_LAYER = "Other"

SWEEPS = 8  # barycentre sweeps (down, up, down...); the order stops changing after a few
# The shape the picture aims for. Explore's graph frame is about 700 x 610 pixels on a 1440 x 900
# screen (beside the details column), 1300 x 760 on a 1920 x 1080 one, 16:9 full screen (the
# standalone page): 1.4 names the most nodes at first sight over these (tests/test_layered_layout.py).
ASPECT = 1.4
COLUMN_WIDTH = 160.0  # pixels between two neighbouring nodes of one row
ROW_HEIGHT = 150.0  # pixels between two rows of one band
BAND_GAP = 170.0  # pixels between the last row of a band and the first of the next

_LAYER_INDEX = {kind: index for index, (_, kinds) in enumerate(LAYERS) for kind in kinds}
_KIND_INDEX = {kind: index for _, kinds in LAYERS for index, kind in enumerate(kinds)}
Positions = dict[str, tuple[float, float]]


def layer_of(kind: str) -> int:
    """The band (0 = top) a node of ``kind`` is drawn in; unknown kinds go below all of LAYERS.

    >>> layer_of("organ"), layer_of("mission"), layer_of("a-kind-not-declared") == len(LAYERS)
    (0, 3, True)
    """
    return _LAYER_INDEX.get(kind, len(LAYERS))


def bands_of(graph: nx.MultiDiGraph) -> dict[str, int]:
    """The band of every node of ``graph`` (0 = top), for the shading behind the layers."""
    return {node: layer_of(attrs["kind"]) for node, attrs in graph.nodes(data=True)}


def bands_caption() -> str:
    """The bands in words, top to bottom, and whose choice they are (for the caption under the picture)."""
    names = "; ".join(name[0].lower() + name[1:] if name[1].islower() else name for name, _ in LAYERS)
    return (
        f"Layers, top to bottom: {names}. The bands are a drawing choice that groups kinds of node; "
        "they do not rank them: the arrows show how they are tied."
    )


def _initial_order(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    """Kind by kind as LAYERS lists them, then by name: the start of the sweeps and their tie-break."""

    def key(node: str) -> tuple[int, str, str]:
        attrs = graph.nodes[node]
        return _KIND_INDEX.get(attrs["kind"], 99), str(attrs.get("name", node)).casefold(), node

    return sorted(nodes, key=key)


def _spread(order: list[str]) -> dict[str, float]:
    """Each node's place across its band, from 0 (left) to 1 (right)."""
    return {node: (index + 0.5) / len(order) for index, node in enumerate(order)}


def _by_barycentre(order: list[str], across: dict[str, list[str]], place: dict[str, float]) -> list[str]:
    """``order`` sorted by the mean place of each node's neighbours in other bands.

    A node with no such neighbour keeps its place; a tie keeps the current order (deterministic).
    """
    rank = {node: position for position, node in enumerate(order)}

    def barycentre(node: str) -> tuple[float, int]:
        near = across[node]
        return (sum(place[m] for m in near) / len(near) if near else place[node]), rank[node]

    return sorted(order, key=barycentre)


def layer_order(graph: nx.MultiDiGraph) -> list[list[str]]:
    """The nodes of each band (one list per band, top first), left to right, with few crossings.

    Every node of ``graph`` is in exactly one list; empty bands are dropped.
    """
    bands: dict[int, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        bands.setdefault(layer_of(attrs["kind"]), []).append(node)
    orders = [_initial_order(graph, bands[index]) for index in sorted(bands)]
    band_of = {node: index for index, order in enumerate(orders) for node in order}
    neighbours = {node: sorted(set(nx.all_neighbors(graph, node)) - {node}) for node in graph}
    across = {node: [m for m in near if band_of[m] != band_of[node]] for node, near in neighbours.items()}
    place: dict[str, float] = {}
    for order in orders:
        place.update(_spread(order))
    for sweep in range(SWEEPS):
        sequence = range(len(orders)) if sweep % 2 == 0 else range(len(orders) - 1, -1, -1)
        for index in sequence:
            orders[index] = _by_barycentre(orders[index], across, place)
            place.update(_spread(orders[index]))
    return orders


def _columns_for(sizes: list[int]) -> int:
    """How many nodes one row holds: the count whose picture comes closest to ASPECT."""
    best, best_error = 1, math.inf
    for columns in range(1, max(sizes) + 1):
        rows = [math.ceil(size / columns) for size in sizes]
        width = columns * COLUMN_WIDTH
        height = sum(count - 1 for count in rows) * ROW_HEIGHT + (len(sizes) - 1) * BAND_GAP
        error = abs(math.log(width / max(height, 1.0) / ASPECT))
        if error < best_error:
            best, best_error = columns, error
    return best


def layered_positions(graph: nx.MultiDiGraph) -> Positions:
    """A position for every node of ``graph``: its band from its kind, its place from its neighbours.

    A band with more nodes than fit in a row wraps into rows, consecutive nodes
    alternating between them, so the left-to-right order holds across the rows.
    Coordinates are vis-network pixels (y grows downwards: the first band is on top).
    """
    orders = layer_order(graph)
    if not orders:
        return {}
    columns = _columns_for([len(order) for order in orders])
    width = columns * COLUMN_WIDTH
    positions: Positions = {}
    top = 0.0
    for order in orders:
        rows = math.ceil(len(order) / columns)
        step = width / len(order)
        for index, node in enumerate(order):
            x = -width / 2 + (index + 0.5) * step
            positions[node] = (round(x, 1), round(top + (index % rows) * ROW_HEIGHT, 1))
        top += (rows - 1) * ROW_HEIGHT + BAND_GAP
    return positions


def layer_ring_positions(graph: nx.MultiDiGraph) -> Positions:
    """The bands as concentric rings: the first band in the middle, each next band around it.

    A ring keeps its band's left-to-right order as the clockwise order from the
    top; rings are stretched into ellipses as wide as ASPECT, to fill a wide screen.
    """
    orders = layer_order(graph)
    positions: Positions = {}
    radius = 0.0
    for order in orders:
        if len(order) == 1 and radius == 0.0:
            positions[order[0]] = (0.0, 0.0)
            radius = BAND_GAP / 2
            continue
        needed = len(order) * COLUMN_WIDTH * 1.1 / (2 * math.pi * math.sqrt(ASPECT))
        radius = max(radius + BAND_GAP, needed)
        for index, node in enumerate(order):
            angle = -math.pi / 2 + 2 * math.pi * (index + 0.5) / len(order)
            x = radius * math.sqrt(ASPECT) * math.cos(angle)
            y = radius / math.sqrt(ASPECT) * math.sin(angle)
            positions[node] = (round(x, 1), round(y, 1))
    return positions
