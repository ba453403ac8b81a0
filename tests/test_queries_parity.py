"""Every saved query gives the same answer on the real Neo4j and on its embedded twin.

The real dataset is loaded into the session's Neo4j 5.26 once; each query then
runs with its defaults and with every parameter set in ``PARAMS`` on both
backends, and the rows must be identical (as multisets when the query is
declared ``ordered: false``). A saved query without a twin fails here.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil

import pytest

from un_pathways.graph.build import build_graph
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.loaders.neo4j_store import graph_counts, load_dataset
from un_pathways.queries.backends import EmbeddedBackend, Neo4jBackend
from un_pathways.queries.saved import load_saved_queries
from un_pathways.queries.twin_library._common import cypher_round
from un_pathways.queries.twins import TWIN_PACKAGE, twin_for

SAVED = load_saved_queries()

# Parameter sets run besides each query's defaults; each case says what it probes.
PARAMS: dict[str, list[dict]] = {
    # Structure
    "secretariat_reporting_lines": [
        {"as_of": 1995},  # before most units existed
        {"secretariat": "un.secretary-general"},  # the SG's own office as the root
        {"secretariat": "mission.peacekeeping", "as_of": 2014},  # a hierarchy outside the Secretariat
    ],
    "rc_chain_to_secretary_general": [
        {"max_hops": 1},  # only direct links
        {"source": "field.rc.sri-lanka", "as_of": 2009},  # the RC in Sri Lanka during the war
        {"source": "field.unct", "max_hops": 6},  # the country team, longest chains
    ],
    "council_gatekeepers": [
        {"stage": "any"},  # every stage
        {"as_of": 2009},  # the Sri Lanka years
        {"council": "un.secretary-general"},  # the SG as the gate
    ],
    # Council & veto
    "veto_holders": [
        {"council": "un.permanent-members"},  # a body nobody holds a veto in: empty on both sides
        {"council": "un.general-assembly"},  # the Assembly has no veto
    ],
    "veto_blocked_cases": [
        {"council": "un.permanent-members"},  # no holders: empty
        {"council": "no.such-body"},  # an unknown id: empty, not an error
    ],
    "icc_referrals": [
        {"court": "org.nato"},  # not a court: no referrals
        {"council": "un.general-assembly"},  # the Assembly refers nothing
    ],
    "r2p_force_authorisations": [
        {"norm": "norm.poc"},  # force grounded in protection of civilians instead
        {"norm": "norm.r2p-sharp-end"},  # the coercive part of R2P as its own node
    ],
    "council_inaction": [
        {"since": 2005},  # after the World Summit
        {"council": "un.permanent-members"},  # the P5 alone
        {"since": 2030},  # only undated situations remain
    ],
    # Pathways
    "shortest_pathways": [
        {"source": "field.rc", "as_of": 2016},  # the generic RC today
        {"source": "mission.unamid", "target": "un.secretary-general"},  # a mission to the SG
        {"source": "un.security-council", "target": "field.unct.sri-lanka"},  # against the flow: no route
    ],
    "most_reliable_pathways": [
        {"as_of": 2014},  # with the HRUF channels
        {"source": "field.unct", "as_of": 2012, "k": 10},  # special circumstances, many routes
        {"stage": "information", "max_hops": 3},  # short information routes only
    ],
    "pathways_within_hops": [
        {"max_hops": 5},  # longer routes
        {"source": "field.unct.sri-lanka", "as_of": 2009, "max_hops": 4},  # the Sri Lanka team in the war
        {"source": "mission.unmiss", "target": "case.south-sudan-juba-2016"},  # an implementation channel
    ],
    "field_to_council_avoiding": [
        {"avoid": "un.dpko"},  # around the peacekeeping department
        {"setting": "non_mission", "max_hops": 5},  # countries without a mission
        {"avoid": "un.secretariat", "setting": "mission", "as_of": 2009},  # missions, in 2009
    ],
    # Stall points
    "high_friction_channels": [
        {"min_friction": "medium"},  # a lower bar
        {"min_friction": "blocking"},  # only channels that pass nothing
        {"stage": "information", "min_friction": "low"},  # every information channel with any friction
    ],
    "country_team_stall_point": [
        {"as_of": 2014},  # after HRUF
        # a low bar: some routes never stall
        {"team": "field.unct", "threshold": 0.1, "k": 10, "as_of": 2016},
        {"team": "mission.unamid", "threshold": 0.9},  # a mission, a high bar: stalls at the first hop
    ],
    "sri_lanka_information_gap": [
        {"after": 2012},  # special circumstances instead of HRUF
        {"team": "field.unct", "before": 2011, "after": 2016},  # the generic country team
        {"before": 1990},  # an early year
    ],
    # Non-mission settings
    "highest_official_no_mission": [
        {"country": "state.sri-lanka", "as_of": 2016},  # one country, today
        {"country": "state.sudan"},  # a country with a mission: empty
        {"as_of": 2016},  # every country, today
    ],
    "undp_dpa_programme_links": [
        {"hubs": ["un.dpa"]},  # one of the programme's parents
        {"hubs": ["field.rc", "un.undp"], "as_of": 2009},  # two hubs, an earlier year
        {"as_of": 2000},  # before the programme existed
    ],
    # Peace operations
    "poc_mandated_missions": [
        {"as_of": 2005},  # before UNMISS
        {"norm": "norm.r2p"},  # R2P instead of PoC
    ],
    "troop_contributor_caveats": [
        {"mechanism": "reluctance_to_use_force"},  # another implementation mechanism
        {"mechanism": "host_consent_dependence"},  # an information mechanism
    ],
    "mission_reporting_failures": [
        {"min_friction": "medium"},  # a lower bar
        {"min_friction": "blocking"},  # only channels that pass nothing
        {"as_of": 2009},  # before UNMISS existed
    ],
    "mission_host_consent": [
        {"as_of": 2005},  # fewer missions
        {"as_of": 1999},  # Sierra Leone's year
    ],
    # Policies & reforms
    "reform_timeline": [
        {"kinds": ["policy"]},  # policies only
        {"kinds": ["policy", "report", "mechanism", "norm"], "since": 1945},  # everything, from the start
        {"since": 2014},  # only the latest reforms (and undated ones)
    ],
    "reform_signal_change": [
        {"source": "field.unct.sri-lanka"},  # the Sri Lanka team
        {"source": "field.rc", "target": "un.secretary-general", "since": 2000},  # RC to SG since 2000
        {"since": 2016, "until": 2016, "max_hops": 2},  # one year, short routes only: no route
    ],
    # Pressure
    "pressure_on_secretary_general": [
        {"office": "un.leadership"},  # the UN leadership as the target
        {"office": "un.security-council"},  # the Council instead
    ],
    "pressure_on_channels": [
        {"mechanism": "host_consent_dependence"},  # consent, the most common mechanism
        {"mechanism": "interagency_rivalry"},  # a mechanism inside the UN
        {"mechanism": "veto_deadlock"},  # a decision-stage mechanism
    ],
    # Teaching
    "actor_degree": [
        {"channels_only": True},  # channels only
        {"kind": "member_state", "limit": 5},  # the top five states
        {"kind": "mission", "channels_only": True, "limit": 500},  # every mission's channels
    ],
    "broker_centrality": [
        {"as_of": 2009},  # before HRUF
        {"as_of": 2014, "limit": 3},  # after HRUF, top three
    ],
    "actor_neighbourhood": [
        {"actor": "state.sri-lanka", "hops": 1},  # direct neighbours only
        {"actor": "field.unct.sri-lanka", "hops": 3, "as_of": 2009},  # the team during the war
        {"actor": "un.security-council", "hops": 4},  # the widest, around a hub
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
    twin_for(SAVED[name])  # raises QueryError when the header names no twin, or a missing one
    assert len(PARAMS.get(name, [])) >= 2, f"declare at least two parameter sets for {name} in PARAMS"


def _twin_functions() -> set[str]:
    """Every public function of the twin modules, as ``module.function`` (the header's spelling)."""
    package = importlib.import_module(TWIN_PACKAGE)
    found = set()
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{TWIN_PACKAGE}.{module_info.name}")
        found |= {
            f"{module_info.name}.{name}"
            for name, function in inspect.getmembers(module, inspect.isfunction)
            if not name.startswith("_") and function.__module__ == module.__name__
        }
    return found


def test_parameter_sets_and_twins_name_saved_queries():
    assert set(PARAMS) <= set(SAVED), sorted(set(PARAMS) - set(SAVED))
    named = {query.twin for query in SAVED.values()}
    assert _twin_functions() <= named, f"twins no header names: {sorted(_twin_functions() - named)}"


# A friction map unlike the default at every level (tests/test_queries_library.py uses the same).
CHANGED_FRICTION = {"none": 0.9, "low": 0.7, "medium": 0.45, "high": 0.55, "blocking": 0.05}
FRICTION_CASES = sorted(name for name, query in SAVED.items() if query.uses_friction)


@pytest.mark.parametrize("name", FRICTION_CASES)
def test_a_changed_friction_map_changes_both_answers_alike(name, neo4j_backend, embedded):
    """Neo4j reads the map through $friction, the twin through its friction argument: same new answer."""
    query = SAVED[name]
    default = neo4j_backend.run_saved(query)
    on_neo4j = neo4j_backend.run_saved(query, friction=CHANGED_FRICTION)
    on_networkx = embedded.run_saved(query, friction=CHANGED_FRICTION)
    assert on_neo4j.rows != default.rows, f"{name} on Neo4j ignores a changed friction map"
    assert on_networkx.columns == on_neo4j.columns
    if query.ordered:
        assert on_networkx.rows == on_neo4j.rows
    else:
        assert _canonical(on_networkx.rows) == _canonical(on_neo4j.rows)


def test_eight_saved_queries_read_the_friction_map():
    """The queries that turn friction into probabilities (a new one joins FRICTION_CASES by itself)."""
    assert len(FRICTION_CASES) >= 8, FRICTION_CASES


# (source, target, year): the most reliable pathway, with and without HRUF, in and out of missions.
RELIABILITY_CASES = [
    ("field.unct.sri-lanka", "un.security-council", 2009),  # the Sri Lanka war years
    ("field.unct.sri-lanka", "un.security-council", 2014),  # after HRUF
    ("field.unct", "un.security-council", 2012),  # under special circumstances
    ("mission.unamid", "un.security-council", 2016),  # a mission reporting
    ("field.rc", "un.secretary-general", 2016),  # RC to SG
]


@pytest.mark.parametrize(("source", "target", "year"), RELIABILITY_CASES)
def test_most_reliable_pathway_agrees_with_graph_pathways(source, target, year, neo4j_backend, graph):
    """The saved Cypher's best route is graph.pathways.most_reliable_paths' best route."""
    params = {"source": source, "target": target, "as_of": year, "max_hops": 6, "k": 2}
    rows = neo4j_backend.run_saved(SAVED["most_reliable_pathways"], params).records()
    best = most_reliable_paths(configure(graph, as_of=year), source, target, k=1)
    assert rows and best, f"no route from {source} to {target} in {year}"
    assert rows[0]["signal"] == cypher_round(best[0].signal)
    if len(rows) == 1 or rows[1]["signal"] < rows[0]["signal"]:  # a unique best route
        assert rows[0]["route"] == best[0].nodes
