"""Every saved query gives the same answer on the real Neo4j and on its embedded twin.

The real dataset is loaded into the session's Neo4j 5.26 once; each query then
runs with its defaults and with every parameter set in ``PARAMS`` on both
backends, and the rows must be identical (as multisets when the query is
declared ``ordered: false``). A saved query without a twin fails here.
"""

from __future__ import annotations

import json
import os

import pytest

from graph.build import build_graph
from graph.pathways import most_reliable_paths
from graph.views import configure
from loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from loaders.neo4j_store import graph_counts, load_dataset
from queries.backends import EmbeddedBackend, Neo4jBackend
from queries.saved import load_saved_queries
from queries.twins import TWINS, twin_for

SAVED = load_saved_queries()

# Parameter sets run besides each query's defaults; each case says what it probes.
PARAMS: dict[str, list[dict]] = {
    "veto_holders": [
        {"council": "un.permanent-members"},  # a body nobody holds a veto in: empty on both sides
        {"council": "un.general-assembly"},  # the Assembly has no veto
    ],
    "secretariat_reporting_lines": [
        {"as_of": 1995},  # before most units existed
        {"secretariat": "un.secretary-general"},  # the SG's own office as the root
        {"secretariat": "mission.peacekeeping", "as_of": 2014},  # a non-Secretariat hierarchy
    ],
    "rc_chain_to_secretary_general": [
        {"max_hops": 1},  # only direct links
        {"source": "field.rc.sri-lanka", "as_of": 2009},  # the country RC in the Sri Lanka years
        {"source": "field.unct", "max_hops": 6},  # the whole country team, longest chains
    ],
    "council_gatekeepers": [
        {"stage": "any"},  # every stage
        {"as_of": 2009},  # the Sri Lanka years
        {"council": "un.secretary-general", "stage": "information"},  # the SG as the gate
    ],
}


def _data_dir():
    return os.environ.get("PATHWAYS_DATA", DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def dataset():
    return read_dataset(_data_dir())


@pytest.fixture(scope="session")
def graph(dataset):
    return build_graph(dataset)


@pytest.fixture(scope="session")
def loaded_counts(neo4j_driver, dataset) -> dict[str, int]:
    """Load the real dataset into the session's Neo4j once; remember what it holds."""
    return load_dataset(neo4j_driver, dataset)


@pytest.fixture
def neo4j_backend(neo4j_driver, dataset, loaded_counts) -> Neo4jBackend:
    # Other test modules share the server and may load other data; reload if so.
    if graph_counts(neo4j_driver) != loaded_counts:
        load_dataset(neo4j_driver, dataset)
    return Neo4jBackend(neo4j_driver, row_limit=100_000)


@pytest.fixture(scope="session")
def embedded(graph) -> EmbeddedBackend:
    return EmbeddedBackend(graph, row_limit=100_000)


def _canonical(rows: list[list]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


CASES = [
    pytest.param(name, params, id=f"{name}[{index}]")
    for name in sorted(SAVED)
    for index, params in enumerate([{}, *PARAMS.get(name, [])])
]


@pytest.mark.parametrize(("name", "params"), CASES)
def test_neo4j_and_embedded_agree(name, params, neo4j_backend, embedded):
    query = SAVED[name]
    on_neo4j = neo4j_backend.run_saved(query, params)
    on_networkx = embedded.run_saved(query, params)
    assert on_networkx.columns == on_neo4j.columns
    assert not on_neo4j.truncated and not on_networkx.truncated
    if query.ordered:
        assert on_networkx.rows == on_neo4j.rows
    else:
        assert _canonical(on_networkx.rows) == _canonical(on_neo4j.rows)


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_query_has_a_twin_and_two_more_parameter_sets(name):
    twin_for(name)  # raises QueryError when the twin is missing
    assert len(PARAMS.get(name, [])) >= 2, f"declare at least two parameter sets for {name} in PARAMS"


def test_parameter_sets_and_twins_name_saved_queries():
    assert set(PARAMS) <= set(SAVED), sorted(set(PARAMS) - set(SAVED))
    assert set(TWINS) <= set(SAVED), sorted(set(TWINS) - set(SAVED))
