"""What a gesture on the graph changes in a view: a double-click expands a node, a legend click hides a kind.

Both change only a list kept in the page's view state (and so in its URL);
the picture is always worked out afresh from those lists, never edited in
place. A collapse therefore removes exactly what nothing else still shows:
not the focused node, not its neighbourhood, not a node another expansion
brought in. An expanded node that a collapse hides stays in the list: it is
expanded again, like a folder in a file tree, when its parent is.

No Streamlit here: the pure rules, tested in tests/test_graph_toggles.py.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

__all__ = ["expanded_view_nodes", "toggle_expansion", "toggle_kind"]


def expanded_view_nodes(graph: nx.MultiDiGraph, base: Iterable[str], expanded: Iterable[str]) -> set[str]:
    """The nodes of ``base`` plus the neighbours (either direction) of every expanded node that is shown.

    An expanded node counts only while it is itself shown: through ``base`` or through another
    expansion (hence the loop until nothing changes).
    """
    shown = set(base)
    waiting = [node for node in dict.fromkeys(expanded) if node in graph]
    while True:
        ready = [node for node in waiting if node in shown]
        if not ready:
            return shown
        for node in ready:
            shown.update(nx.all_neighbors(graph, node))
        waiting = [node for node in waiting if node not in ready]


def toggle_expansion(expanded: list[str], node: str) -> list[str]:
    """``expanded`` with ``node`` added (a first double-click) or taken out (the next one)."""
    if node in expanded:
        return [n for n in expanded if n != node]
    return [*expanded, node]


def toggle_kind(shown_kinds: list[str], kind: str) -> list[str]:
    """The kind filter after a click on ``kind`` in the legend: hidden if it was shown, shown if hidden.

    Sorted, as the filter's default (every kind, sorted) is, so showing every kind again gives back
    the default view (and a URL without ``kinds=``).
    """
    if kind in shown_kinds:
        return [k for k in shown_kinds if k != kind]
    return sorted([*shown_kinds, kind])
