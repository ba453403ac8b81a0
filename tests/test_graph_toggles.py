"""Expanding and collapsing a focused view, hiding a kind from the legend: the rules and the layout."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from un_pathways.graph.overview import nodes_within_hops
from un_pathways.ui.focus_layout import expanded_positions, focus_positions
from un_pathways.ui.graph_data import FOCUS_LABEL_PX, node_label
from un_pathways.ui.graph_toggles import expanded_view_nodes, toggle_expansion, toggle_kind


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """centre - a, centre - b; a has eight more neighbours, b one; s hangs off both a and b; s - deep."""
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    edges = [("centre", "a"), ("b", "centre"), ("a", "s"), ("s", "b"), ("b", "b1"), ("s", "deep")]
    edges += [("a", f"a{i}") for i in range(1, 9)]
    for u, v in edges:
        g.add_edge(u, v)
    for node in g:
        g.nodes[node].update(kind="organ", name=f"Node {node}", id=node)
    return g


def test_a_double_click_adds_the_neighbours_and_the_next_one_takes_them_away(graph):
    base = nodes_within_hops(graph, "centre", 1)
    expanded = toggle_expansion([], "a")
    assert expanded == ["a"]
    grown = expanded_view_nodes(graph, base, expanded)
    assert grown == base | {"s"} | {f"a{i}" for i in range(1, 9)}
    assert expanded_view_nodes(graph, base, toggle_expansion(expanded, "a")) == base


def test_a_collapse_keeps_what_another_expansion_brought_in(graph):
    base = nodes_within_hops(graph, "centre", 1)
    both = expanded_view_nodes(graph, base, ["a", "b"])
    assert {"s", "b1", "a1"} <= both
    after = expanded_view_nodes(graph, base, toggle_expansion(["a", "b"], "a"))
    assert "s" in after  # b's neighbour too: it stays
    assert "a1" not in after and "b1" in after


def test_the_focused_node_and_its_neighbourhood_never_go(graph):
    base = nodes_within_hops(graph, "centre", 1)
    assert expanded_view_nodes(graph, base, toggle_expansion(["centre"], "centre")) == base
    assert expanded_view_nodes(graph, base, []) == base


def test_an_expansion_inside_an_expansion_waits_for_its_parent(graph):
    base = nodes_within_hops(graph, "centre", 1)
    assert "deep" in expanded_view_nodes(graph, base, ["s", "a"])  # s shown through a: its neighbours too
    hidden_parent = expanded_view_nodes(graph, base, ["s"])  # s itself is not shown: nothing to expand
    assert hidden_parent == base
    assert expanded_view_nodes(graph, base, ["not-a-node"]) == base  # an id from an old link: ignored


@pytest.mark.parametrize(
    ("shown", "kind", "after"),
    [
        (["court", "organ", "panel"], "organ", ["court", "panel"]),  # shown: hidden
        (["court", "panel"], "organ", ["court", "organ", "panel"]),  # hidden: shown again, in order
        ([], "organ", ["organ"]),  # every kind hidden: one comes back
    ],
)
def test_a_legend_click_hides_or_shows_a_kind(shown, kind, after):
    assert toggle_kind(shown, kind) == after


def _label_boxes(graph, positions):
    """Each label as vis-network draws it under its node (a generous estimate of its width)."""
    boxes = {}
    for node, (x, y) in positions.items():
        width = len(node_label(graph.nodes[node], node)) * FOCUS_LABEL_PX * 0.55
        top = y + 32
        boxes[node] = (x - width / 2, top, x + width / 2, top + FOCUS_LABEL_PX * 1.2)
    return boxes


def test_the_added_nodes_fan_out_beyond_their_node_and_no_label_overlaps(graph):
    base = nodes_within_hops(graph, "centre", 1)
    shown = graph.subgraph(expanded_view_nodes(graph, base, ["a"])).copy()
    positions = expanded_positions(shown, "centre", base)
    assert set(positions) == set(shown)
    reach = {n: math.hypot(*positions[n]) for n in positions}
    assert all(reach[f"a{i}"] > reach["a"] for i in range(1, 9))  # outwards, beyond a
    boxes = list(_label_boxes(shown, positions).items())
    for i, (first, (l1, t1, r1, b1)) in enumerate(boxes):
        for second, (l2, t2, r2, b2) in boxes[i + 1 :]:
            assert not (min(r1, r2) > max(l1, l2) and min(b1, b2) > max(t1, t2)), (first, second)


def test_without_expansions_the_focused_layout_is_unchanged(graph):
    base = nodes_within_hops(graph, "centre", 1)
    focused = graph.subgraph(base).copy()
    assert expanded_positions(focused, "centre", base) == focus_positions(focused, "centre")


def test_a_node_two_expanded_nodes_share_fans_out_from_the_one_expanded(graph):
    base = nodes_within_hops(graph, "centre", 1)
    shown = graph.subgraph(expanded_view_nodes(graph, base, ["b"])).copy()
    positions = expanded_positions(shown, "centre", base, expanded=["b"])
    (sx, sy), (ax, ay), (bx, by) = positions["s"], positions["a"], positions["b"]
    assert math.dist((sx, sy), (bx, by)) < math.dist((sx, sy), (ax, ay))  # by b, which brought it in
    assert math.hypot(sx, sy) > math.hypot(bx, by)
