"""vis_graph builds vis-network's node and edge dicts directly: the same ones pyvis's Network produced.

The reference below is the pyvis path vis_graph used before (``Network.add_node``/``add_edge``,
whose id checks made a picture cost nodes x edges), kept here so that a key or value that
drifts from what the component and the standalone HTML were built against fails a test.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import networkx as nx
import pytest
from pyvis.network import Network

from un_pathways.graph.build import build_graph
from un_pathways.loaders.dataset import read_dataset
from un_pathways.ui.graph_data import (
    _edge_look,
    _options,
    _short,
    edge_title,
    node_sizes,
    node_title,
    vis_graph,
)
from un_pathways.ui.graph_style import kind_style


@pytest.fixture(scope="module")
def curated() -> nx.MultiDiGraph:
    return build_graph(read_dataset())


@pytest.fixture(scope="module")
def kind_names(curated: nx.MultiDiGraph) -> dict[str, str]:
    return {k: k.replace("_", " ") for k in curated.graph["dataset"].vocabulary.kinds}


def _grid(graph: nx.MultiDiGraph, leave_out: int = 3) -> dict[str, tuple[float, float]]:
    """Positions for all but a few nodes (so a node without a position is covered too)."""
    nodes = sorted(graph)[leave_out:]
    return {node: (float(i % 15) * 75.0, float(i // 15) * 75.0) for i, node in enumerate(nodes)}


def _pyvis_reference(
    shown, *, positions, kind_names, metric="degree", emphasis=None, probabilities=None, edge_labels=None
):
    """What vis_graph returned when it assembled the picture through pyvis (before it built dicts itself)."""
    net = Network(directed=True)
    sizes = node_sizes(shown, metric)
    for node, attrs in sorted(shown.nodes(data=True)):
        colour, shape = kind_style(attrs["kind"])
        extra = {"x": positions[node][0], "y": positions[node][1]} if positions and node in positions else {}
        net.add_node(
            node,
            label=_short(attrs.get("short") or attrs["name"]),
            title=node_title(attrs, kind_names.get(attrs["kind"], attrs["kind"])),
            color={
                "background": colour,
                "border": "#ffffff",
                "highlight": {"background": colour, "border": "#111111"},
                "hover": {"background": colour, "border": "#111111"},
            },
            shape=shape,
            value=sizes[node],
            physics=False,
            **extra,
        )
    pair_count: Counter = Counter()
    for u, v, key, attrs in sorted(shown.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = tuple(sorted((u, v)))
        index = pair_count[pair]
        pair_count[pair] += 1
        style = _edge_look(attrs, key, emphasis)  # the style rules themselves are not pyvis's part
        colour = style.pop("color")
        if edge_labels and key in edge_labels:
            style["label"] = edge_labels[key]
            style["font"] = {"size": 15, "strokeWidth": 4, "strokeColor": "#ffffff", "align": "top"}
        reverse = shown.has_edge(v, u)
        if positions is None:
            smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.18 + 0.14 * index}
        elif index or reverse:
            smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.14 * index}
        else:
            smooth = {"enabled": False}
        net.add_edge(
            u,
            v,
            id=key,
            title=edge_title(
                shown.nodes[u]["name"], shown.nodes[v]["name"], attrs, (probabilities or {}).get(key)
            ),
            color=colour,
            smooth=smooth,
            **style,
        )
    return net.nodes, net.edges, _options(hierarchical=positions is None)


def _assert_same(vis, reference) -> None:
    nodes, edges, options = reference
    assert len(vis.nodes) == len(nodes) and len(vis.edges) == len(edges)
    for ours, theirs in zip(vis.nodes, nodes, strict=True):
        assert ours == theirs, ours["id"]
    for ours, theirs in zip(vis.edges, edges, strict=True):
        assert ours == theirs, ours["id"]
    assert vis.options == options
    # The version is the digest pyvis's dicts got: a picture that did not change keeps its version.
    digest = json.dumps([nodes, edges, options], sort_keys=True, default=str).encode()
    assert vis.version == hashlib.sha1(digest).hexdigest()[:16]


def test_whole_curated_graph_matches_the_pyvis_dicts(curated, kind_names):
    positions = _grid(curated)
    for metric in ("degree", "betweenness", "uniform"):
        vis = vis_graph(curated, positions=positions, kind_names=kind_names, metric=metric)
        _assert_same(
            vis, _pyvis_reference(curated, positions=positions, kind_names=kind_names, metric=metric)
        )
    smooth = Counter(edge["smooth"]["enabled"] for edge in vis.edges)
    assert smooth[True] and smooth[False], "the curated graph should have both straight and curved edges"
    assert any("x" not in node for node in vis.nodes) and any("x" in node for node in vis.nodes)


def test_pathway_style_picture_matches_the_pyvis_dicts(curated, kind_names):
    """Hierarchical (no positions), some edges emphasised with a pass chance and a label, the rest faded."""
    channels = sorted(key for *_, key, attrs in curated.edges(keys=True, data=True) if attrs.get("channel"))
    chosen = channels[:: max(1, len(channels) // 8)]
    assert chosen, "the curated graph has channel edges"
    emphasis = {key: 4.0 + i for i, key in enumerate(chosen)}
    probabilities = {key: 0.5 for key in chosen}
    edge_labels = {key: f"step {i + 1}" for i, key in enumerate(chosen)}
    kwargs = dict(
        positions=None,
        kind_names=kind_names,
        metric="uniform",
        emphasis=emphasis,
        probabilities=probabilities,
        edge_labels=edge_labels,
    )
    vis = vis_graph(curated, **kwargs)
    _assert_same(vis, _pyvis_reference(curated, **kwargs))
    assert {edge["id"] for edge in vis.edges if "label" in edge} == set(chosen)


def test_the_keys_the_component_reads(curated, kind_names):
    """ui/graph_component/index.html: ids, from/to, an HTML title, a colour object (it sets its opacity)."""
    vis = vis_graph(curated, positions=_grid(curated, leave_out=0), kind_names=kind_names)
    ids = {node["id"] for node in vis.nodes}
    assert ids == set(curated)
    for node in vis.nodes:
        assert node["label"] and node["title"] and node["physics"] is False
        assert isinstance(node["x"], float) and isinstance(node["y"], float)
        assert node["shape"] == kind_style(curated.nodes[node["id"]]["kind"])[1]
    for edge in vis.edges:
        assert edge["from"] in ids and edge["to"] in ids and edge["arrows"] == "to"
        assert isinstance(edge["color"], dict) and edge["title"]
    assert len({edge["id"] for edge in vis.edges}) == curated.number_of_edges()


def test_version_follows_the_picture(curated, kind_names):
    positions = _grid(curated)
    first = vis_graph(curated, positions=positions, kind_names=kind_names)
    again = vis_graph(curated, positions=positions, kind_names=kind_names)
    other = vis_graph(curated, positions=positions, kind_names=kind_names, metric="uniform")
    assert first.version == again.version != other.version
