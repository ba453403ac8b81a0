"""The loader mirrors the dataset into the real Neo4j: idempotent, complete, in one transaction."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from un_pathways.graph.build import build_graph, edge_properties, node_labels, node_properties
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import _PropertyTable, graph_counts, load_dataset


def networkx_counts(graph) -> dict[str, int]:
    """The same counts graph_counts reads from Neo4j, computed on networkx."""
    labels = Counter(label for _, attrs in graph.nodes(data=True) for label in attrs["labels"])
    types = Counter(attrs["type"] for _, _, attrs in graph.edges(data=True))
    return {**{f"label:{k}": v for k, v in labels.items()}, **{f"type:{k}": v for k, v in types.items()}}


@pytest.fixture(scope="module")
def dataset():
    return read_dataset()


def test_loading_three_times_leaves_the_same_counts(neo4j_driver, dataset):
    first = load_dataset(neo4j_driver, dataset)
    second = load_dataset(neo4j_driver, dataset)
    third = load_dataset(neo4j_driver, dataset)
    assert first == second == third
    assert first["label:Entity"] == len(dataset.nodes)


def test_neo4j_and_networkx_hold_identical_counts(neo4j_driver, dataset):
    load_dataset(neo4j_driver, dataset)
    assert graph_counts(neo4j_driver) == networkx_counts(build_graph(dataset))


def test_properties_survive_the_round_trip(neo4j_driver, dataset):
    load_dataset(neo4j_driver, dataset)
    graph = build_graph(dataset)
    with neo4j_driver.session() as session:
        stored = {
            row["id"]: row["props"]
            for row in session.run("MATCH (n:Entity) RETURN n.id AS id, properties(n) AS props")
        }
    assert stored.keys() == set(graph.nodes)
    for node, attrs in graph.nodes(data=True):
        assert stored[node] == attrs, node


def test_channels_keep_their_justification_in_neo4j(neo4j_driver, dataset):
    """The curators' argument for each grade is a relationship property, beside the paper's rationale."""
    load_dataset(neo4j_driver, dataset)
    graph = build_graph(dataset)
    edges = graph.edges(keys=True, data=True)
    expected = {key: attrs["justification"] for _, _, key, attrs in edges if attrs["channel"]}
    query = "MATCH (:Entity)-[r {channel: true}]->(:Entity) RETURN r.edge_id AS id, r.justification AS j"
    with neo4j_driver.session() as session:
        rows = session.run(query)
        stored = {row["id"]: row["j"] for row in rows}
    assert stored == expected and all(stored.values())


def test_a_reload_removes_what_the_data_no_longer_holds(neo4j_driver, dataset):
    from tests.test_data_validation import MINI

    small = read_dataset(MINI)
    try:
        load_dataset(neo4j_driver, small)
        counts = graph_counts(neo4j_driver)
        assert counts["label:Entity"] == len(small.nodes)
        assert counts["type:HOLDS_VETO_IN"] == 1
    finally:  # leave the full dataset for the tests that follow
        load_dataset(neo4j_driver, dataset)


def stored_graph(driver) -> tuple[dict, dict]:
    """Every entity's (labels, properties) and every relationship's (type, properties), as stored."""
    with driver.session() as session:
        nodes = session.run("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
        nodes = {row["id"]: (sorted(row["labels"]), row["props"]) for row in nodes}
        rels = session.run("MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, properties(r) AS props")
        rels = {row["props"]["edge_id"]: (row["type"], row["props"]) for row in rels}
    return nodes, rels


def test_a_reload_replaces_properties_and_drops_the_ones_the_data_no_longer_has(neo4j_driver, dataset):
    from tests.test_data_validation import MINI

    mini = read_dataset(MINI)
    council, russia = mini.nodes["un.security-council"], mini.nodes["state.russia"]
    before = dataclasses.replace(
        mini, nodes={**mini.nodes, "state.russia": russia.model_copy(update={"note": "dropped next load"})}
    )
    # China shares Russia's labels, so their group has a note in one row only (a trailing null).
    china = russia.model_copy(update={"id": "state.china", "name": "China", "aliases": [], "note": "kept"})
    after = dataclasses.replace(
        mini,
        nodes={
            "un.security-council": council.model_copy(update={"name": "The Council", "short": None}),
            "state.russia": russia,
            "state.china": china,
        },
    )
    try:
        load_dataset(neo4j_driver, before)
        load_dataset(neo4j_driver, after)
        nodes, rels = stored_graph(neo4j_driver)
        assert nodes == {
            node.id: (sorted(node_labels(node, after)), node_properties(node, after))
            for node in after.nodes.values()
        }
        assert "note" not in nodes["state.russia"][1] and "short" not in nodes["un.security-council"][1]
        assert rels == {key: (edge.type, edge_properties(edge)) for key, edge in after.edges.items()}
    finally:  # leave the full dataset for the tests that follow
        load_dataset(neo4j_driver, dataset)


def test_property_tables_share_only_values_identical_in_type():
    table = _PropertyTable.of(
        [
            {"id": "a", "flag": True, "n": 1, "note": "x"},
            {"id": "b", "flag": True, "n": True},  # True == 1 in Python, not in Neo4j
        ]
    )
    assert table.shared == {"flag": True}
    assert table.keys == ["id", "n", "note"]
    assert table.rows == [["a", 1, "x"], ["b", True]]  # the missing note is a trailing null, cut off
    assert table.map_expression() == "{`id`: row[0], `n`: row[1], `note`: row[2], `flag`: $shared.`flag`}"
