"""Concurrent use: 20 clients run the saved query library against Neo4j, twice over each.

The clients are threads sharing one driver through ``queries/backends.py``,
as the app's sessions do (``ui/backend.py`` shares a driver between sessions
with the same credentials). Each runs every saved query ROUNDS times, in
turn, with its default parameters, starting at a different query: a fixed
amount of work, so what is checked does not depend on how busy the machine
is. No call may fail, every client finishes its calls; afterwards no transaction may be left
open and, once the driver is closed, the server's connection count must be
back to what it was: nothing leaked. Latency percentiles and throughput are
printed and written as JSON to the test's temporary folder, or to
``$PATHWAYS_CONCURRENCY_REPORT`` when a person asks for a copy there.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import load_dataset
from un_pathways.queries.backends import Neo4jBackend
from un_pathways.queries.saved import load_saved_queries

CLIENTS = 20
ROUNDS = 2  # how many times each client runs the whole library


def _server_connections(monitor) -> int:
    records, _, _ = monitor.execute_query(
        "CALL dbms.listConnections() YIELD connectionId RETURN count(*) AS n"
    )
    return records[0]["n"]


def _open_transactions(monitor) -> int:
    records, _, _ = monitor.execute_query("SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS n")
    return records[0]["n"] - 1  # this query's own transaction


def _percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (``values`` is never empty here)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@pytest.fixture(scope="module")
def monitor(neo4j_server, neo4j_driver):
    """A driver that only watches the server, separate from the one the clients share."""
    dataset = read_dataset()
    records, _, _ = neo4j_driver.execute_query(
        "RETURN COUNT { MATCH (:Entity) } AS nodes, COUNT { MATCH (:Entity)-[]->(:Entity) } AS edges"
    )
    if (records[0]["nodes"], records[0]["edges"]) != (len(dataset.nodes), len(dataset.edges)):
        load_dataset(neo4j_driver, dataset)  # only when needed: after a restart a load is slow
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as driver:
        yield driver


def test_twenty_clients_run_the_library_at_once(neo4j_server, monitor, tmp_path):
    library = list(load_saved_queries().values())
    baseline = _server_connections(monitor)
    shared = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    by_query: dict[str, list[float]] = {query.name: [] for query in library}
    errors: list[str] = []
    start = threading.Barrier(CLIENTS + 1)
    calls = ROUNDS * len(library)  # per client

    def client(number: int) -> None:
        backend = Neo4jBackend(shared, uri=neo4j_server.uri)
        start.wait()
        for turn in range(number, number + calls):  # each client starts at a different query
            query = library[turn % len(library)]
            began = time.perf_counter()
            try:
                backend.run_saved(query)
            except Exception as exc:  # every failure counts, whatever its type
                errors.append(f"{query.name}: {type(exc).__name__}: {exc}")
                continue
            latencies[number].append(time.perf_counter() - began)
            by_query[query.name].append(latencies[number][-1])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join(900)  # a hung client fails below instead of hanging the suite
    stuck = sum(thread.is_alive() for thread in threads)
    elapsed = time.monotonic() - began
    during = _server_connections(monitor)
    open_after = _open_transactions(monitor)
    shared.close()
    time.sleep(0.5)  # let the server notice the closed sockets
    after = _server_connections(monitor)

    every = [x for client_latencies in latencies for x in client_latencies]
    report = {
        "clients": CLIENTS,
        "rounds": ROUNDS,
        "duration_s": round(elapsed, 1),
        "queries_in_library": len(library),
        "calls": len(every),
        "errors": len(errors),
        "throughput_per_s": round(len(every) / elapsed, 1),
        "latency_ms": {
            "p50": round(_percentile(every, 0.50) * 1000, 1),
            "p95": round(_percentile(every, 0.95) * 1000, 1),
            "p99": round(_percentile(every, 0.99) * 1000, 1),
            "mean": round(statistics.fmean(every) * 1000, 1),
            "max": round(max(every) * 1000, 1),
        },
        "slowest_queries_p95_ms": {
            name: round(_percentile(times, 0.95) * 1000, 1)
            for name, times in sorted(by_query.items(), key=lambda kv: -_percentile(kv[1], 0.95))[:3]
        },
        "slowest_client_calls": min(len(x) for x in latencies),
        "server_connections": {"before": baseline, "pooled_after_run": during, "after_close": after},
        "open_transactions_after": open_after,
    }
    print("\nconcurrency: " + json.dumps(report))
    written = Path(os.environ.get("PATHWAYS_CONCURRENCY_REPORT") or tmp_path / "concurrency.json")
    written.write_text(json.dumps(report, indent=2) + "\n")

    assert errors == [], errors[:5]
    assert stuck == 0
    assert [len(client_latencies) for client_latencies in latencies] == [calls] * CLIENTS  # none starved
    assert open_after == 0  # no transaction left running
    assert during <= baseline + CLIENTS  # the pool never held more than one connection per client
    assert after == baseline  # closing the driver gave every connection back
