"""How a load that Neo4j refuses is reported: at once, with what to change (no server needed).

The refusal itself is real Neo4j behaviour measured on the test server: the
benchmark's N=1000 dataset (26,039 nodes) held more than the 256 MiB one
transaction may use and Neo4j answered MemoryPoolOutOfMemoryError, a
*transient* error, which the driver's managed transactions retry for about
30 s. Here a session stands in for the server and raises that error, so the
test shows what the loader does with it, not what Neo4j does.
"""

from __future__ import annotations

import pytest
from neo4j.exceptions import Neo4jError

from un_pathways.graph.errors import QueryError
from un_pathways.loaders import neo4j_store
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.loaders.neo4j_store import MEMORY_CAP_CODE, load_dataset

REFUSAL = (
    "The allocation of an extra 2.0 MiB would use more than the limit 256.0 MiB. Currently using 256.0 MiB. "
    "db.memory.transaction.max threshold reached"
)


class _RefusingTransaction:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.log.append("closed")

    def run(self, statement: str, **params):
        if "UNWIND $rows" in statement:  # the first batch of writes
            raise Neo4jError._hydrate_neo4j(code=MEMORY_CAP_CODE, message=REFUSAL)
        return None

    def commit(self) -> None:
        self.log.append("committed")


class _Session:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def run(self, statement: str, **params):
        return type("Result", (), {"consume": lambda self: None})()

    def begin_transaction(self):
        self.log.append("began")
        return _RefusingTransaction(self.log)

    def execute_write(self, work, *args):  # what the driver retries; the loader must not use it
        raise AssertionError("the load went through a retried managed transaction")


class _Driver:
    def __init__(self) -> None:
        self.log: list[str] = []

    def session(self, database=None):
        return _Session(self.log)


def test_a_load_over_the_servers_memory_cap_is_refused_once_with_the_setting_to_raise(monkeypatch):
    driver = _Driver()
    monkeypatch.setattr(neo4j_store, "graph_counts", lambda *args: pytest.fail("counted after a refusal"))
    with pytest.raises(QueryError) as refused:
        load_dataset(driver, read_dataset(DEFAULT_DATA_DIR))
    message = str(refused.value)
    assert driver.log == ["began", "closed"]  # one transaction, never committed, not retried
    assert message.startswith("Neo4j refused the load") and MEMORY_CAP_CODE in message
    assert "rolled back, so the database is as it was" in message
    assert "db.memory.transaction.max" in message and "NEO4J_db_memory_transaction_max" in message
