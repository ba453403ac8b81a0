"""The Neo4j the harness measures: the one NEO4J_URI names, or a local one started for the run.

Without NEO4J_URI the harness starts the test suite's Neo4j 5.26 (built from
Maven Central by tests/neo4j_server.py) and stops it at the end. The curated
dataset is loaded back when the run ends, so a shared server (the test
session's) is left as the other tests expect it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import neo4j

from bench.harness import progress
from un_pathways.loaders.neo4j_store import Neo4jSettings, load_dataset, open_driver

__all__ = ["Neo4jSession", "neo4j_session"]


@dataclass(frozen=True)
class Neo4jSession:
    """A connected driver and what to say about it in the report."""

    driver: neo4j.Driver
    uri: str
    version: str
    started_here: bool


def _version(driver: neo4j.Driver) -> str:
    with driver.session() as session:
        row = session.run("CALL dbms.components() YIELD name, versions, edition RETURN *").single()
    return f"{row['name']} {row['versions'][0]} {row['edition']}"


# The N=1000 dataset (26,039 nodes, 60,566 relations) loads in one all-or-nothing transaction, which holds
# more than the 256 MiB the test server and docker-compose.yml allow one transaction (measured: refused at the
# cap; with 1 GiB it loads in 17 s). The harness's own server allows 1 GiB, on a 4 GiB heap.
BENCH_TRANSACTION_MEMORY_MB = 1024


@contextmanager
def neo4j_session(restore=None) -> Iterator[Neo4jSession]:
    """Yield a session; on exit load ``restore`` (a Dataset) back, then close what was opened."""
    settings = Neo4jSettings.from_env()
    server = None
    if settings is None:
        from tests.neo4j_server import Neo4jServer

        progress(
            "no NEO4J_URI: starting a local Neo4j 5.26 (tests/neo4j_server.py, "
            f"{BENCH_TRANSACTION_MEMORY_MB} MiB per transaction)…"
        )
        server = Neo4jServer(transaction_memory_mb=BENCH_TRANSACTION_MEMORY_MB)
        server.start()
        settings = Neo4jSettings(uri=server.uri, user=server.user, password=server.password)
    driver = open_driver(settings)
    try:
        yield Neo4jSession(driver, settings.uri, _version(driver), server is not None)
    finally:
        try:
            if restore is not None:
                load_dataset(driver, restore)
        finally:
            driver.close()
            if server is not None:
                server.close()
