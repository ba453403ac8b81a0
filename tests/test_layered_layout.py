"""The whole system in layers (ui/layered_layout.py) and its labels by zoom level (ui/label_levels.py).

Run on the curated data/: every node placed, the bands top to bottom as
LAYERS declares them, the same picture every time, fewer crossings than
the plain order, and, at the zoom the component opens with (its fit), no
two drawn labels overlapping, with the boxes estimated as ui/focus_layout.py
estimates them.
"""

from __future__ import annotations

import random
import re

import networkx as nx
import pytest

from un_pathways.graph.build import build_graph
from un_pathways.loaders.dataset import read_dataset
from un_pathways.ui import label_levels, layered_layout
from un_pathways.ui.graph_data import HIDDEN_FONT, LEVEL_NODE_PX, node_label, node_sizes
from un_pathways.ui.label_levels import (
    drawn_radii,
    label_boxes,
    label_zooms,
    node_importance,
    picture_label_zooms,
    step_scale,
)
from un_pathways.ui.layered_layout import (
    LAYERS,
    layer_of,
    layer_order,
    layer_ring_positions,
    layered_positions,
)
from un_pathways.ui.network import FRONTEND

# (width, height) of the graph on screen, in pixels: Explore at 1440x900, at 1920x1080, and on a phone.
SCREENS = [(940, 640), (1300, 760), (370, 410)]


@pytest.fixture(scope="module")
def curated() -> nx.MultiDiGraph:
    return build_graph(read_dataset())


@pytest.fixture(scope="module")
def layered(curated) -> dict[str, tuple[float, float]]:
    return layered_positions(curated)


def _band_rows(graph: nx.MultiDiGraph, positions) -> dict[int, list[float]]:
    rows: dict[int, list[float]] = {}
    for node, (_, y) in positions.items():
        rows.setdefault(layer_of(graph.nodes[node]["kind"]), []).append(y)
    return rows


def _crossings(graph: nx.MultiDiGraph, positions) -> int:
    """How many pairs of straight relations (no shared end) cross."""
    pairs = sorted({(min(u, v), max(u, v)) for u, v in graph.edges() if u != v})
    segments = [(positions[u], positions[v], {u, v}) for u, v in pairs]

    def side(a, b, c) -> float:
        return (c[1] - a[1]) * (b[0] - a[0]) - (b[1] - a[1]) * (c[0] - a[0])

    count = 0
    for i, (p1, p2, ends) in enumerate(segments):
        for q1, q2, other in segments[i + 1 :]:
            if ends & other:
                continue
            if side(q1, q2, p1) * side(q1, q2, p2) < 0 and side(p1, p2, q1) * side(p1, p2, q2) < 0:
                count += 1
    return count


def test_every_kind_of_the_vocabulary_has_a_band(curated):
    declared = [kind for _, kinds in LAYERS for kind in kinds]
    assert len(declared) == len(set(declared)), "a kind is in two bands"
    assert set(curated.graph["dataset"].vocabulary.kinds) == set(declared)


def test_every_node_is_placed_once_and_no_two_share_a_place(curated, layered):
    assert set(layered) == set(curated)
    assert len(set(layered.values())) == len(layered)


def test_bands_run_top_to_bottom_in_the_declared_order(curated, layered):
    rows = _band_rows(curated, layered)
    assert sorted(rows) == list(range(len(LAYERS)))  # the curated data fills every band
    for upper, lower in zip(sorted(rows), sorted(rows)[1:], strict=False):
        assert max(rows[upper]) < min(rows[lower]), f"band {upper} reaches into band {lower}"
    council = layered["un.security-council"][1]
    assert council == min(y for _, y in layered.values())


def test_the_picture_has_about_the_shape_of_a_wide_screen(layered):
    xs, ys = [x for x, _ in layered.values()], [y for _, y in layered.values()]
    aspect = (max(xs) - min(xs)) / (max(ys) - min(ys))
    assert 0.8 * layered_layout.ASPECT < aspect < 1.25 * layered_layout.ASPECT  # rows come whole: near


def test_the_layout_is_deterministic_whatever_the_order_the_nodes_came_in(curated, layered):
    nodes = list(curated.nodes(data=True))
    edges = list(curated.edges(keys=True, data=True))
    random.Random(7).shuffle(nodes)
    random.Random(7).shuffle(edges)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    assert layered_positions(shuffled) == layered
    assert layered_positions(curated) == layered


def test_ordering_inside_the_bands_cuts_the_crossings(curated, layered, monkeypatch):
    monkeypatch.setattr(layered_layout, "SWEEPS", 0)  # kind and name order only
    plain = _crossings(curated, layered_positions(curated))
    assert _crossings(curated, layered) < 0.6 * plain  # 6,876 against 13,554 when written


def test_a_node_of_an_undeclared_kind_goes_below_every_band():
    graph = nx.MultiDiGraph()
    graph.add_node("un.council", kind="organ", name="Council")
    graph.add_node("x.new", kind="kind-not-in-the-map", name="New")
    graph.add_edge("un.council", "x.new")
    positions = layered_positions(graph)
    assert positions["x.new"][1] > positions["un.council"][1]
    assert [len(order) for order in layer_order(graph)] == [1, 1]


def test_rings_put_the_first_band_inside_and_every_node_on_one(curated):
    rings = layer_ring_positions(curated)
    assert set(rings) == set(curated)

    def reach(node: str) -> float:  # rings are ellipses as wide as ASPECT: undo the stretch
        x, y = rings[node]
        return ((x / layered_layout.ASPECT**0.5) ** 2 + (y * layered_layout.ASPECT**0.5) ** 2) ** 0.5

    by_band = _band_rows(curated, {node: (0.0, reach(node)) for node in curated})
    for inner, outer in zip(sorted(by_band), sorted(by_band)[1:], strict=False):
        assert max(by_band[inner]) < min(by_band[outer])


def _fit_scale(positions, radii, width: float, height: float) -> float:
    """The zoom at which the component's fit shows every node (labels aside) on a screen this size."""
    left = min(x - radii[n] for n, (x, _) in positions.items())
    right = max(x + radii[n] for n, (x, _) in positions.items())
    top = min(y - radii[n] for n, (_, y) in positions.items())
    bottom = max(y + radii[n] for n, (_, y) in positions.items())
    return min(width / (right - left), height / (bottom - top))


def _overlapping(boxes: dict) -> list[tuple[str, str]]:
    items = sorted(boxes.items())
    return [
        (a, b)
        for i, (a, (l1, t1, r1, b1)) in enumerate(items)
        for b, (l2, t2, r2, b2) in items[i + 1 :]
        if min(r1, r2) > max(l1, l2) and min(b1, b2) > max(t1, t2)
    ]


@pytest.mark.parametrize(
    "layout, screen, named",
    [
        (layered_positions, SCREENS[0], 55),  # 66 names when written
        (layered_positions, SCREENS[1], 75),  # 90
        (layered_positions, SCREENS[2], 14),  # 18: a phone names the hubs
        (layer_ring_positions, SCREENS[0], 36),  # 45: rings leave less room for names than rows
        (layer_ring_positions, SCREENS[1], 45),  # 57
        (layer_ring_positions, SCREENS[2], 9),  # 12
    ],
    ids=[
        "layers-explore-1440",
        "layers-explore-1920",
        "layers-phone",
        "rings-1440",
        "rings-1920",
        "rings-phone",
    ],
)
def test_labels_drawn_at_the_first_fit_never_overlap(curated, layout, screen, named):
    positions = layout(curated)
    radii = drawn_radii(node_sizes(curated, "degree"), *LEVEL_NODE_PX)
    labels = {n: node_label(curated.nodes[n], n) for n in curated}
    zooms = picture_label_zooms(curated, positions, "degree")
    scale = _fit_scale(positions, radii, *screen)
    boxes = label_boxes(positions, labels, radii, zooms, scale)
    assert _overlapping(boxes) == []
    assert "un.security-council" in boxes  # the hub is named even on a phone
    assert len(boxes) >= named
    if screen[0] > 900:  # a desktop names the main bodies at first sight
        assert {"un.secretary-general", "un.dpa", "mission.peacekeeping"} <= set(boxes)


def test_labels_never_overlap_at_any_zoom_and_stay_once_shown(curated, layered):
    radii = drawn_radii(node_sizes(curated, "degree"), *LEVEL_NODE_PX)
    labels = {n: node_label(curated.nodes[n], n) for n in curated}
    zooms = picture_label_zooms(curated, layered, "degree")
    shown_before: set[str] = set()
    for step in range(-20, 6):  # zooms 0.06 to 2, one component step apart
        boxes = label_boxes(layered, labels, radii, zooms, label_levels.LABEL_STEP**step)
        assert _overlapping(boxes) == []
        assert shown_before <= set(boxes)  # zooming in only adds names
        shown_before = set(boxes)
    assert shown_before == set(curated)  # close enough, every node is named


def test_a_label_never_covers_a_more_important_node_but_a_hub_name_may_cover_a_minor_one():
    # A minor node right above a hub: its label, hanging down, covers the hub's circle until the zoom
    # shrinks the label enough (in canvas units). A minor node right under another hub: that hub's
    # name covers its circle, and is drawn all the same.
    positions = {
        "a.hub": (0.0, 0.0),
        "b.hub": (200.0, 0.0),
        "c.minor": (200.0, -60.0),
        "d.minor": (0.0, 30.0),
    }
    labels = {"a.hub": "Hub", "b.hub": "Other hub", "c.minor": "Above", "d.minor": "Below"}
    radii = {"a.hub": 20.0, "b.hub": 20.0, "c.minor": 5.0, "d.minor": 5.0}
    importance = {"a.hub": 4, "b.hub": 3, "c.minor": 2, "d.minor": 1}
    zooms = label_zooms(positions, labels, radii, importance)
    assert zooms["a.hub"] == 0.0  # the most important name is always drawn, over d.minor's circle
    label_top, hub_top = -60.0 + 5.0, 0.0 - 20.0  # c.minor's label hangs from its node's bottom edge
    assert zooms["c.minor"] == pytest.approx(label_levels.LABEL_HEIGHT / (hub_top - label_top))
    assert "c.minor" not in label_boxes(positions, labels, radii, zooms, zooms["c.minor"] * 0.99)


def test_importance_is_the_number_of_relations_ties_to_the_higher_band(curated):
    importance = node_importance(curated)
    top = sorted(curated, key=lambda n: -importance[n])[:2]
    assert top == ["un.security-council", "un.secretary-general"]
    assert all(int(importance[n]) == curated.degree(n) for n in curated)


def test_step_scale_is_a_power_of_the_step_never_above_the_zoom():
    for scale in (0.031, 0.2, 0.99, 1.0, 1.7, 4.2):
        step = step_scale(scale)
        assert step <= scale < step * label_levels.LABEL_STEP * (1 + 1e-9)


def test_the_component_uses_the_same_label_size_and_step_as_python():
    script = FRONTEND.read_text(encoding="utf-8")
    found = dict(re.findall(r"\b(LABEL_PX|LABEL_STEP|HIDDEN_FONT) = ([0-9.]+)", script))
    assert float(found["LABEL_PX"]) == label_levels.LABEL_PX
    assert float(found["LABEL_STEP"]) == label_levels.LABEL_STEP
    assert float(found["HIDDEN_FONT"]) == HIDDEN_FONT
