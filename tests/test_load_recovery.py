"""A load into Neo4j is all or nothing: a failed or killed load leaves the database as it was.

The loader writes everything in one transaction, so Neo4j itself guarantees
that another session sees either the graph before the load or the graph
after it. These tests check that promise against the real server, with a
checksum of every node (id, labels, properties), every relationship (ends,
type, properties) and the constraints: a load that fails midway (injected
after some batches were sent, or refused by Neo4j itself) changes nothing;
three loads give the same graph; and a `pathways load` killed with SIGKILL
while it writes leaves the old graph, and run again gives exactly the graph
of an uninterrupted load. Every test leaves the curated data loaded, as the
other Neo4j test files expect.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from un_pathways.graph.dataset import Dataset
from un_pathways.graph.errors import QueryError
from un_pathways.graph.model import Edge, Node
from un_pathways.loaders import neo4j_store
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.loaders.neo4j_store import load_dataset

PATHWAYS = Path(sys.executable).with_name("pathways")
ROOT = Path(__file__).resolve().parent.parent

# Extra generated nodes (and as many edges) for the interrupted load: enough
# that the write lasts long enough to be killed in the middle of it.
BULK = 2000
BULK_SOURCE = {"doc": "seed", "locator": "INT ¶1"}
BULK_DESCRIPTION = "A body generated for the load tests."


def graph_checksum(driver) -> str:
    """sha256 of every node, relationship and constraint, sorted so it does not depend on storage order."""
    with driver.session() as session:
        nodes = session.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props").data()
        rels = session.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
        ).data()
        constraints = session.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *").data()
    rows = [
        sorted(json.dumps({**n, "labels": sorted(n["labels"])}, sort_keys=True, default=str) for n in nodes),
        sorted(json.dumps(r, sort_keys=True, default=str) for r in rels),
        sorted(json.dumps(c, sort_keys=True) for c in constraints),
    ]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def counts(driver) -> tuple[int, int]:
    """(nodes, relationships) in the database."""
    with driver.session() as session:
        return tuple(
            session.run(
                "CALL () { MATCH (n) RETURN count(n) AS nodes } "
                "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
            )
            .single()
            .values()
        )


def stable_counts(driver) -> tuple[int, int] | None:
    """counts() read twice in a row, or None if they differ.

    Neo4j reads are read-committed, not snapshots: a commit landing between the
    node count and the relationship count gives a reader a mix of before and
    after. Two equal reads in a row rule that out.
    """
    first = counts(driver)
    return first if counts(driver) == first else None


def open_transactions(driver) -> dict[str, str]:
    """transactionId -> the statement it is running ("" between statements), for every open transaction."""
    with driver.session() as session:
        rows = session.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN *").data()
    return {
        r["transactionId"]: r["currentQuery"] or ""
        for r in rows
        if "SHOW TRANSACTIONS" not in (r["currentQuery"] or "")
    }


def loader_writing(driver, statement: str = "") -> str | None:
    """The id of a transaction running one of the loader's write statements (containing ``statement``)."""
    for transaction, query in open_transactions(driver).items():
        if ("UNWIND $rows" in query or "NOT n.id IN $ids" in query) and statement in query:
            return transaction
    return None


def bulk_rows(count: int = BULK) -> tuple[list[dict], list[dict]]:
    """A chain of generated bodies, each reporting to the next, the last to the Council."""
    nodes = [
        {
            "id": f"bulk.n{i}",
            "name": f"Bulk body {i}",
            "kind": "organ",
            "description": BULK_DESCRIPTION,
            "sources": [BULK_SOURCE],
        }
        for i in range(count)
    ]
    ends = [f"bulk.n{i}" for i in range(1, count)] + ["un.security-council"]
    edges = [
        {"from": node["id"], "type": "REPORTS_TO", "to": end, "sources": [BULK_SOURCE]}
        for node, end in zip(nodes, ends, strict=True)
    ]
    return nodes, edges


def write_big_data(folder: Path, count: int = BULK) -> Path:
    """The curated data plus ``count`` bulk nodes and edges, one YAML flow mapping per line."""
    data = folder / "data"
    shutil.copytree(os.environ.get("PATHWAYS_DATA", DEFAULT_DATA_DIR), data)
    nodes, edges = bulk_rows(count)
    for section, rows in (("nodes", nodes), ("edges", edges)):
        lines = [f"  - {json.dumps(row, ensure_ascii=False)}" for row in rows]  # JSON is YAML flow style
        (data / section / "zz-bulk.yaml").write_text(
            f"{section}:\n" + "\n".join(lines) + "\n", encoding="utf-8"
        )
    return data


def with_bulk(base: Dataset, count: int = BULK) -> Dataset:
    """``base`` plus the rows write_big_data adds, built in process (no YAML to parse)."""
    nodes, edges = bulk_rows(count)
    bulk_edges = [Edge.model_validate(e) for e in edges]
    return Dataset(
        vocabulary=base.vocabulary,
        nodes={**base.nodes, **{n["id"]: Node.model_validate(n) for n in nodes}},
        edges={**base.edges, **{e.key: e for e in bulk_edges}},
        cases=base.cases,
        scenarios=base.scenarios,
        lessons=base.lessons,
    )


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return read_dataset(os.environ.get("PATHWAYS_DATA", DEFAULT_DATA_DIR))


@pytest.fixture(scope="module")
def mini() -> Dataset:
    """A two-node dataset: loading it over the curated data first deletes almost everything."""
    return read_dataset(Path(__file__).parent / "fixtures" / "mini")


@pytest.fixture(scope="module")
def curated_checksum(neo4j_driver, curated) -> str:
    """The checksum of the curated data as loaded: the state every test starts from and leaves."""
    load_dataset(neo4j_driver, curated)
    return graph_checksum(neo4j_driver)


@pytest.fixture
def db(neo4j_driver, curated, curated_checksum):
    """The curated data loaded before the test and again after it, whatever the test did."""

    def restore() -> None:
        if graph_checksum(neo4j_driver) != curated_checksum:
            load_dataset(neo4j_driver, curated)
            assert graph_checksum(neo4j_driver) == curated_checksum

    restore()
    try:
        yield neo4j_driver
    finally:
        restore()


@pytest.fixture
def unique_organ_descriptions(db):
    """A constraint the curated data meets and the bulk bodies (one shared description) break."""
    with db.session() as session:
        session.run(
            "CREATE CONSTRAINT recovery_unique_description IF NOT EXISTS "
            "FOR (n:Organ) REQUIRE n.description IS UNIQUE"
        ).consume()
    try:
        yield db
    finally:
        with db.session() as session:
            session.run("DROP CONSTRAINT recovery_unique_description IF EXISTS").consume()


def start_load(neo4j_server, data: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    return subprocess.Popen(
        [str(PATHWAYS), "load", "--neo4j", "--json", "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def wait_until(condition, timeout: float, what: str, process: subprocess.Popen | None = None) -> float:
    """Poll ``condition`` every 10 ms; return the seconds it took."""
    started = time.perf_counter()
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the load ended before {what}: {process.communicate()}")
        if time.perf_counter() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.01)
    return time.perf_counter() - started


# --- idempotency ---------------------------------------------------------------------------------


def test_three_loads_give_the_same_checksum(db, curated):
    sums = []
    for _ in range(3):
        load_dataset(db, curated)
        sums.append(graph_checksum(db))
    assert sums[0] == sums[1] == sums[2]
    assert counts(db)[0] == len(curated.nodes)


def test_loading_other_data_then_the_same_again_restores_the_checksum(db, curated, mini):
    before = graph_checksum(db)
    load_dataset(db, mini)
    assert counts(db) == (2, 1)
    load_dataset(db, curated)
    assert graph_checksum(db) == before


# --- a load that fails midway --------------------------------------------------------------------


def test_a_failure_after_some_batches_leaves_the_database_unchanged(db, mini, monkeypatch):
    before, before_counts = graph_checksum(db), counts(db)
    sent = []
    real_batches = neo4j_store._batches

    def failing_batches(rows):
        for batch in real_batches(rows):
            if len(sent) == 5:
                raise RuntimeError("injected failure after 5 batches")
            sent.append(len(batch))
            yield batch

    monkeypatch.setattr(neo4j_store, "BATCH_SIZE", 20)  # many batches, so the failure comes midway
    monkeypatch.setattr(neo4j_store, "_batches", failing_batches)
    # Loading mini + bulk first deletes almost all the curated nodes, then writes 100 bulk nodes, then fails.
    with pytest.raises(RuntimeError, match="injected"):
        load_dataset(db, with_bulk(mini, count=200))
    assert len(sent) == 5 and sum(sent) >= 40  # five batches went to Neo4j before the failure
    assert counts(db) == before_counts
    assert graph_checksum(db) == before


@pytest.mark.parametrize("base", ["curated", "mini"])
def test_a_write_neo4j_refuses_midway_leaves_the_database_unchanged(unique_organ_descriptions, base, request):
    db = unique_organ_descriptions
    before, before_counts = graph_checksum(db), counts(db)
    # The deletes and the first node groups are written, then Neo4j refuses the bulk bodies' batch.
    with pytest.raises(QueryError, match="rolled back, so the database is as it was"):
        load_dataset(db, with_bulk(request.getfixturevalue(base), count=50))
    assert counts(db) == before_counts
    assert graph_checksum(db) == before


def test_cli_load_refused_by_neo4j_exits_cleanly_and_changes_nothing(
    unique_organ_descriptions, neo4j_server, tmp_path
):
    db = unique_organ_descriptions
    before = graph_checksum(db)
    process = start_load(neo4j_server, write_big_data(tmp_path, count=3))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    assert "Traceback" not in out + err
    assert err.startswith("error: Neo4j refused the load") and "rolled back" in err
    assert len(err.strip().splitlines()) == 1
    assert graph_checksum(db) == before


# --- a load killed midway ------------------------------------------------------------------------


def test_a_killed_load_leaves_the_old_graph_and_a_rerun_gives_the_full_one(
    db, curated, neo4j_server, tmp_path
):
    data = write_big_data(tmp_path)
    started = time.perf_counter()
    load_dataset(db, with_bulk(curated))  # the uninterrupted load, for reference
    write_seconds = time.perf_counter() - started
    full, full_counts = graph_checksum(db), counts(db)
    load_dataset(db, curated)
    old, old_counts = graph_checksum(db), counts(db)
    assert full_counts == (len(curated.nodes) + BULK, len(curated.edges) + BULK)

    # Kill it once every node is written and the relationships are being written, inside its one transaction.
    process = start_load(neo4j_server, data)
    found: dict[str, str | None] = {}

    def running(name: str, statement: str = "") -> str | None:
        found[name] = loader_writing(db, statement)
        return found[name]

    try:
        reading = wait_until(lambda: running("first"), 180, "it writes", process)
        writing = wait_until(
            lambda: running("edges", "MERGE (a)-[r:"), 60, "it writes relationships", process
        )
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    transaction = found["edges"]
    assert transaction == found["first"]  # the nodes and the relationships: one transaction
    rollback = wait_until(
        lambda: transaction not in open_transactions(db), 60, "Neo4j rolled the killed load back"
    )
    assert counts(db) == old_counts
    assert graph_checksum(db) == old

    # Run again to completion, watching from another session: only the old or the new graph is ever seen.
    process = start_load(neo4j_server, data)
    seen = set()
    transactions = set()
    while process.poll() is None:
        seen.add(stable_counts(db))
        transactions |= {loader_writing(db)} - {None}
        time.sleep(0.02)
    out, err = process.communicate()
    assert process.returncode == 0, err
    assert seen - {None} <= {old_counts, full_counts}
    assert len(transactions) <= 1  # one transaction for the whole load
    assert json.loads(out)["nodes"] == full_counts[0]
    assert graph_checksum(db) == full
    print(
        f"\ninterrupted load of {full_counts[0]} nodes / {full_counts[1]} relationships: "
        f"in-process write {write_seconds:.2f} s, CLI read the YAML for {reading:.2f} s, "
        f"killed {writing:.2f} s into the write (relationships being written), "
        f"Neo4j rolled back within {rollback:.2f} s"
    )
