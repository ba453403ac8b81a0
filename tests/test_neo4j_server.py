"""The Neo4j test server itself: it is a real Neo4j 5.26, it stores data, and it
can be stopped and restarted mid-session (how other tests simulate a lost
database). If these fail, every Neo4j-backed test result is suspect.
"""

from __future__ import annotations

import uuid

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable


def test_answers_return_1(neo4j_driver) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_is_neo4j_5_26(neo4j_driver) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    )
    kernel = next(r for r in records if r["name"] == "Neo4j Kernel")
    assert kernel["versions"][0].startswith("5.26."), kernel["versions"]


def test_write_read_roundtrip(neo4j_driver) -> None:
    marker = f"roundtrip-{uuid.uuid4()}"
    try:
        neo4j_driver.execute_query(
            "CREATE (:ServerSelfTest {marker: $marker})-[:LINKS]->(:ServerSelfTest {marker: $marker})",
            marker=marker,
        )
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (a:ServerSelfTest {marker: $marker})-[:LINKS]->(b:ServerSelfTest {marker: $marker}) "
            "RETURN count(*) AS links",
            marker=marker,
        )
        assert records[0]["links"] == 1
    finally:
        neo4j_driver.execute_query(
            "MATCH (n:ServerSelfTest {marker: $marker}) DETACH DELETE n", marker=marker
        )
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n:ServerSelfTest {marker: $marker}) RETURN count(n) AS left", marker=marker
    )
    assert records[0]["left"] == 0


def test_restart_keeps_uri_and_data(neo4j_server, neo4j_driver) -> None:
    if not neo4j_server.can_restart:
        pytest.skip("external Neo4j (NEO4J_URI): the tests cannot stop and restart it")
    uri = neo4j_server.uri
    marker = f"restart-{uuid.uuid4()}"
    neo4j_driver.execute_query("CREATE (:ServerSelfTest {marker: $marker})", marker=marker)
    try:
        neo4j_server.stop()
        assert not neo4j_server.is_running
        # A fresh driver, so the check cannot be satisfied by a pooled connection.
        with GraphDatabase.driver(uri, auth=(neo4j_server.user, neo4j_server.password)) as down:
            with pytest.raises(ServiceUnavailable):
                down.verify_connectivity()
        with pytest.raises(ServiceUnavailable):
            neo4j_driver.verify_connectivity()
    finally:
        neo4j_server.start()  # always bring it back for the rest of the session

    assert neo4j_server.uri == uri
    # The session-wide driver recovers by itself, and the data survived.
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n:ServerSelfTest {marker: $marker}) RETURN count(n) AS n", marker=marker
    )
    assert records[0]["n"] == 1
    neo4j_driver.execute_query("MATCH (n:ServerSelfTest {marker: $marker}) DETACH DELETE n", marker=marker)
