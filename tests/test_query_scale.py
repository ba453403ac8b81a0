"""Saved queries at scale: the same answers from searches that do not grow with the whole graph.

Both queries used to run a shortest-path search per pair or per node, which
grows with the square of the countries. Their Cypher now runs one pruning
breadth-first search per decision-maker (or per actor), and the broker twin
counts shortest paths Brandes-style instead of listing them pair by pair.
These tests check, against the real Neo4j, that the rewrites answer exactly
as their twins on a multi-country synthetic graph (with a parallel channel
that is in force in one year and not another, so path multiplicity and the
year filters both matter), and that the plans contain no per-pair
shortest-path operator.

The sri_lanka_information_gap twin takes the best route by a best-first search
instead of listing every route; it is checked against the full listing and
against Neo4j on the same graph.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.synthetic import synthetic_dataset
from un_pathways.graph.build import build_graph
from un_pathways.graph.settings import DEFAULT_FRICTION_PASS
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import load_dataset
from un_pathways.queries.backends import EmbeddedBackend, Neo4jBackend
from un_pathways.queries.saved import bind_parameters, load_saved_queries
from un_pathways.queries.twin_library._common import signal_of, simple_paths, year_view
from un_pathways.queries.twin_library.stall_points import _best_information_route

SAVED = load_saved_queries()
COUNTRIES = 10
# A second channel beside "field.unct.syn-0001 -REPORTS_TO-> field.rc.syn-0001", ending in 2012.
PARALLEL_OF = "field.unct.syn-0001 -REPORTS_TO-> field.rc.syn-0001"
PARALLEL_TYPE, PARALLEL_UNTIL = "BRIEFS", 2012

CASES = [
    ("broker_centrality", {}),
    ("broker_centrality", {"as_of": 2009, "limit": 500}),  # the parallel channel in force
    ("broker_centrality", {"as_of": 2016, "limit": 500}),  # and no longer
    ("broker_centrality", {"as_of": 1990, "limit": 500}),  # before most of the curated offices
    ("actor_neighbourhood", {}),
    ("actor_neighbourhood", {"hops": 4}),  # the widest, around the biggest hub
    ("actor_neighbourhood", {"actor": "field.unct.syn-0001", "hops": 3, "as_of": 2009}),
    ("actor_neighbourhood", {"actor": "field.rc.syn-0002", "hops": 2, "as_of": 2016}),
    ("actor_neighbourhood", {"actor": "un.security-council", "hops": 1, "as_of": 1995}),
    ("sri_lanka_information_gap", {"team": "field.unct.syn-0001", "max_hops": 6}),
    ("sri_lanka_information_gap", {"team": "field.unct.syn-0001", "before": 2009, "after": 2016}),
    ("sri_lanka_information_gap", {"team": "field.rc.syn-0002", "target": "un.dpa", "max_hops": 2}),
]


def _with_parallel_channel(dataset):
    edge = dataset.edges[PARALLEL_OF]
    assert edge.channel, f"{PARALLEL_OF} is expected to be a channel"
    twin = edge.model_copy(update={"type": PARALLEL_TYPE, "valid_to": PARALLEL_UNTIL})
    assert twin.key not in dataset.edges
    return replace(dataset, edges={**dataset.edges, twin.key: twin})


@pytest.fixture(scope="module")
def plain():
    return synthetic_dataset(COUNTRIES, seed=5)


@pytest.fixture(scope="module")
def synthetic(plain):
    return _with_parallel_channel(plain)


@pytest.fixture(scope="module")
def embedded(synthetic) -> EmbeddedBackend:
    return EmbeddedBackend(build_graph(synthetic), row_limit=100_000)


@pytest.fixture(scope="module")
def neo4j_backend(neo4j_driver, synthetic):
    """The synthetic graph loaded into the session's Neo4j; the curated data is loaded back after."""
    load_dataset(neo4j_driver, synthetic)
    try:
        yield Neo4jBackend(neo4j_driver, row_limit=100_000)
    finally:
        load_dataset(neo4j_driver, read_dataset())


def test_the_parallel_channel_doubles_the_shortest_paths_through_it(plain, synthetic):
    """The fixture means something: in 2009 the second channel doubles the routes through the team."""

    def brokers(dataset, year):
        rows = EmbeddedBackend(build_graph(dataset)).run_saved(
            SAVED["broker_centrality"], {"as_of": year, "limit": 500}
        )
        return {row["id"]: row for row in rows.records()}

    with_it, without = brokers(synthetic, 2009), brokers(plain, 2009)
    # Every shortest route through the team or its coordinator takes the team -> coordinator hop.
    for broker in ("field.unct.syn-0001", "field.rc.syn-0001"):
        assert with_it[broker]["shortest_paths_through"] == 2 * without[broker]["shortest_paths_through"]
        assert with_it[broker]["pairs_through"] == without[broker]["pairs_through"]
    assert brokers(synthetic, 2016) == brokers(plain, 2016)  # ended in 2012


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}{p}" for n, p in CASES])
def test_neo4j_and_the_twin_agree_on_a_synthetic_graph(name, params, neo4j_backend, embedded):
    on_neo4j = neo4j_backend.run_saved(SAVED[name], params)
    on_networkx = embedded.run_saved(SAVED[name], params)
    assert any(row_found_something(row) for row in on_neo4j.rows), f"{name} {params}: the case checks nothing"
    assert on_networkx.columns == on_neo4j.columns
    assert on_networkx.rows == on_neo4j.rows


def row_found_something(row: list) -> bool:
    """A row that is more than the labels of an empty answer (the gap query always names its periods)."""
    return any(value is not None for value in row[2:]) if len(row) > 2 else bool(row)


def _every_information_route(graph, team, target, year, max_hops):
    """The reference: every simple information route in a copied year view, in the Cypher's order."""
    view = year_view(graph, year)
    if team not in view:
        return []
    routes = simple_paths(
        view,
        team,
        target=target,
        max_hops=max_hops,
        edge_ok=lambda u, v, a: bool(a.get("channel")) and a["stage"] == "information",
    )
    return sorted(
        routes,
        key=lambda r: (
            -signal_of(r, DEFAULT_FRICTION_PASS),
            len(r),
            [team] + [h[1] for h in r],
            [h[2] for h in r],
        ),
    )


@pytest.mark.parametrize("year", [1995, 2009, 2016])
def test_the_best_first_search_takes_the_first_of_every_route(synthetic, year):
    graph = build_graph(synthetic)
    starts = sorted(n for n in graph if n.startswith(("field.", "mission.")))
    compared = found = 0
    for team in starts:
        for target in ("un.security-council", "un.secretary-general", "un.dpa"):
            for max_hops in (1, 3, 6):
                every = _every_information_route(graph, team, target, year, max_hops)
                best = _best_information_route(graph, team, target, year, max_hops, DEFAULT_FRICTION_PASS)
                assert best == (every[0] if every else None), (team, target, year, max_hops)
                compared += 1
                found += bool(every)
    assert found > 100 and compared - found > 100, (found, compared)  # routes and dead ends both compared


def _operators(plan) -> list[str]:
    """Every operator of a plan tree, without the '@database' suffix."""
    found = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        found += _operators(child)
    return found


@pytest.mark.parametrize("name", ["broker_centrality", "actor_neighbourhood"])
def test_the_plan_is_one_pruning_search_not_a_search_per_pair(name, neo4j_backend):
    query = SAVED[name]
    with neo4j_backend.driver.session() as session:
        result = session.run("EXPLAIN " + query.cypher, bind_parameters(query, {}))
        operators = _operators(result.consume().plan)
    assert operators.count("VarLengthExpand(Pruning,BFS,All)") == 1, operators
    assert not [op for op in operators if "ShortestPath" in op], operators
