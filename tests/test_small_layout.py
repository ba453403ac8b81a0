"""The layout of small views (lesson steps, query results): every node placed, parts kept apart."""

from __future__ import annotations

import networkx as nx

from un_pathways.ui.small_layout import LABEL_ROOM, ROW_ROOM, small_view_layout


def _two_parts() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    graph.add_node("lonely")
    return graph


def test_every_node_gets_a_position_and_the_same_data_gives_the_same_picture():
    graph = _two_parts()
    positions = small_view_layout(graph)
    assert set(positions) == set(graph)
    assert positions == small_view_layout(graph.copy())


def test_unconnected_parts_sit_in_cells_of_their_own():
    positions = small_view_layout(_two_parts())
    triangle = [positions[n] for n in "abc"]
    pair = [positions[n] for n in "xy"]
    # the pair's cell starts where the triangle's cell (its nodes plus room for labels) ends: beside it or
    # on the next row below it
    beside = min(x for x, _ in pair) >= max(x for x, _ in triangle) + LABEL_ROOM - 1e-6
    below = min(y for _, y in pair) >= max(y for _, y in triangle) + ROW_ROOM - 1e-6
    assert beside or below
    assert positions["lonely"] not in triangle + pair


def test_a_single_node_sits_at_the_origin():
    graph = nx.MultiDiGraph()
    graph.add_node("only")
    assert small_view_layout(graph) == {"only": (0.0, 0.0)}
