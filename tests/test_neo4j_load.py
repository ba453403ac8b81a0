"""The loader mirrors the dataset into the real Neo4j: idempotent, complete, in one transaction."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.build import build_graph
from loaders.dataset import read_dataset
from loaders.neo4j_store import graph_counts, load_dataset


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
        stored = {row["id"]: row["props"] for row in session.run("MATCH (n:Entity) RETURN n.id AS id, properties(n) AS props")}
    assert stored.keys() == set(graph.nodes)
    for node, attrs in graph.nodes(data=True):
        assert stored[node] == attrs, node


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
