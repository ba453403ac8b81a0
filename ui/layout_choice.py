"""The layouts Explore offers, named in plain words, and where each puts the nodes of a view.

The whole system opens in layers (ui/layered_layout.py); a node's 1- or
2-hop neighbourhood opens in rings around it (ui/focus_layout.py). The
reader can pick another layout for either; the choice travels in the URL
(``layout=``), and no choice (``""``) means the view's own default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from un_pathways.ui.focus_layout import expanded_positions
from un_pathways.ui.graph_data import SPRING_MAX, layout_positions
from un_pathways.ui.layered_layout import layer_ring_positions, layered_positions

__all__ = ["LAYOUTS", "LAYOUT_HELP", "chosen_layout", "focused_positions", "system_positions"]

Positions = dict[str, tuple[float, float]]

LAYOUTS = {"layers": "Layers", "rings": "Rings", "force": "Web"}
LAYOUT_HELP = (
    "Layers: the Security Council on top, then the Secretariat, agencies, the field, states, and the "
    "documents and cases at the bottom. Rings: a chosen node in the middle with its neighbours around it "
    "(for the whole system, the same layers as rings). Web: related nodes pulled close together."
)


def chosen_layout(choice: str, focused: bool) -> str:
    """The layout to draw: the reader's ``choice``, else layers for the whole system, rings for a focus.

    >>> chosen_layout("", focused=False), chosen_layout("", focused=True), chosen_layout("force", True)
    ('layers', 'rings', 'force')
    """
    if choice in LAYOUTS:
        return choice
    return "rings" if focused else "layers"


def system_positions(graph: nx.MultiDiGraph, layout: str, spring: Callable[[], Positions]) -> Positions:
    """Positions of every node of the whole ``graph`` in ``layout``; ``spring()`` gives the web layout.

    ``spring`` is called only when needed: the web layout takes a quarter of a second
    (cached once per data version by the app), the layers a few milliseconds.

    Computed on the whole graph, not the filtered view, so that a filter, a year or a
    scenario hides nodes without moving the others. A graph too big for springs keeps
    its grouped layout (ui/big_layout.py), whatever the choice.
    """
    if graph.number_of_nodes() > SPRING_MAX:
        return spring()
    if layout == "layers":
        return layered_positions(graph)
    if layout == "rings":
        return layer_ring_positions(graph)
    return spring()


def focused_positions(
    shown: nx.MultiDiGraph,
    centre: str,
    layout: str,
    metric: str,
    *,
    base: set[str] | None = None,
    expanded: Iterable[str] = (),
) -> Positions:
    """Positions of a neighbourhood view, laid out on its own (not at its place in the whole system).

    ``base`` is the neighbourhood itself and ``expanded`` the nodes whose double-click grew it
    (ui/graph_toggles.py): in rings, the nodes they brought in fan out beyond them.
    """
    if layout == "layers":
        return layered_positions(shown)
    if layout == "force":
        return layout_positions(shown)
    return expanded_positions(shown, centre, set(shown) if base is None else base, metric, expanded)
