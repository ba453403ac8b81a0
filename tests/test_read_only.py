"""Queries never change the database: refused up front, and refused by Neo4j's read mode anyway."""

from __future__ import annotations

import hashlib
import json

import pytest

from un_pathways.cli.main import main
from un_pathways.graph.errors import QueryError, WriteRefused
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import load_dataset
from un_pathways.queries import backends
from un_pathways.queries.backends import Neo4jBackend

WRITES = [
    "CREATE (n:Entity {id: 'x'})",  # plain create
    "MERGE (n:Entity {id: 'x'})",  # merge
    "MATCH (n:Entity {id: 'un.dpa'}) SET n.name = 'hacked'",  # set a property
    "MATCH (n:Entity {id: 'un.dpa'}) REMOVE n.name",  # remove a property
    "MATCH (n:Entity {id: 'un.dpa'}) DELETE n",  # delete
    "MATCH (n) DETACH DELETE n",  # wipe everything
    "match (n) detach delete n",  # lower case
    "MaTcH (n) DeTaCh DeLeTe n",  # mixed case
    "// harmless comment\nMATCH (n) DETACH DELETE n",  # after a line comment
    "/* read only */ MATCH (n) WITH n DELETE n",  # after a block comment and a WITH
    "MATCH (n) WITH n LIMIT 1 SET n:Hacked",  # a label after WITH
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",  # LOAD CSV
    "CREATE INDEX hacked IF NOT EXISTS FOR (n:Entity) ON (n.name)",  # schema: index
    "DROP INDEX hacked IF EXISTS",  # schema: drop index
    "CREATE CONSTRAINT hacked IF NOT EXISTS FOR (n:Entity) REQUIRE n.name IS UNIQUE",  # schema: constraint
    "DROP CONSTRAINT entity_id",  # drop the loader's constraint
    "CREATE DATABASE hacked",  # admin
    "CALL { MATCH (n) DETACH DELETE n } IN TRANSACTIONS",  # batched write
    "UNWIND range(1, 3) AS i CREATE (:Junk {i: i})",  # write after UNWIND
    "MATCH (a:Entity), (b:Entity) WITH a, b LIMIT 1 CREATE (a)-[:JUNK]->(b)",  # new relationship
    "FOREACH (i IN [1] | CREATE (:Junk))",  # FOREACH
    "MATCH (n:Entity {id: 'un.dpa'}) SET n += {name: 'x'}",  # map merge
    "CALL db.createLabel('Junk')",  # write procedure
    "MATCH ()-[r]->() DELETE r",  # delete relationships
    "OPTIONAL MATCH (n) WITH n MERGE (m:Junk)",  # MERGE after OPTIONAL MATCH
    "RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1",  # write hidden in a UNION
]


def checksum(driver) -> str:
    with driver.session() as session:
        nodes = session.run(
            "MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id"
        ).data()
        rels = session.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
            "ORDER BY a, t, b"
        ).data()
        schema = session.run("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS c").single()["c"]
    return hashlib.sha256(
        json.dumps([nodes, rels, sorted(schema)], sort_keys=True, default=str).encode()
    ).hexdigest()


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    load_dataset(neo4j_driver, read_dataset())
    return neo4j_driver


def test_at_least_twenty_five_write_statements_are_tried():
    assert len(WRITES) >= 25


@pytest.mark.parametrize("statement", WRITES)
def test_runner_refuses_writes_and_leaves_the_graph_unchanged(loaded, statement):
    before = checksum(loaded)
    with pytest.raises(WriteRefused, match="read-only"):
        Neo4jBackend(loaded).run_cypher(statement)
    assert checksum(loaded) == before


@pytest.mark.parametrize("statement", ["CREATE (n:Junk)", "MATCH (n:Entity {id: 'un.dpa'}) SET n.name = 'x'"])
def test_neo4j_read_mode_refuses_even_when_the_guard_is_bypassed(loaded, statement, monkeypatch):
    monkeypatch.setattr(backends, "refuse_writes", lambda cypher: None)  # the text filter off
    monkeypatch.setattr(backends, "refuse_unsafe_plan", lambda *plan: None)  # and the plan check
    before = checksum(loaded)
    with pytest.raises(QueryError, match="read-only|not allowed|Writing in read access mode"):
        Neo4jBackend(loaded).run_cypher(statement)
    assert checksum(loaded) == before


def test_cli_cypher_refuses_writes(loaded, neo4j_server, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    before = checksum(loaded)
    assert main(["cypher", "MATCH (n) DETACH DELETE n"]) == 2
    assert "refused" in capsys.readouterr().err
    assert checksum(loaded) == before
    assert (
        main(["cypher", "MATCH (n:Entity {id: 'un.dpa'}) RETURN n.short AS short", "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["rows"] == [["DPA"]]


def test_cli_cypher_binds_parameters(loaded, neo4j_server, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    hostile = "x'}) DETACH DELETE n //"
    before = checksum(loaded)
    statement = "MATCH (n:Entity {id: $id}) RETURN n.id"
    assert main(["cypher", statement, "--param", f"id={hostile}", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == []
    assert checksum(loaded) == before
