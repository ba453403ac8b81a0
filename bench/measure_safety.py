"""Issue 17's limits, measured: how fast hostile text is refused, how soon the server stops an
endless query, and how much memory a result over the size cap costs.

Run with the full harness (curated size only), or alone against a Neo4j the
module starts (or NEO4J_URI):

    python -m bench.measure_safety

The peak memory is measured in a child process (``ru_maxrss``), so the
harness's own heap does not count: the child connects, notes its peak RSS,
runs a query whose result is far over the size cap, and notes its peak again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import neo4j

from bench import targets
from bench.harness import Figure, Options, SizeCase, Timing, measure, progress
from un_pathways.graph.errors import QueryError
from un_pathways.graph.settings import SETTINGS
from un_pathways.queries.backends import Neo4jBackend
from un_pathways.queries.guard import refuse_writes

__all__ = ["measure_safety"]

ENDLESS = "MATCH p = (a)-[*]-(b) RETURN count(p) AS paths"
ENDLESS_LIMIT_S = 2.0
OVERSIZED = "UNWIND range(1, 2000000) AS i RETURN i, 'padding ' + toString(i) + '{}' AS text"
ONE_MB = "MATCH (n) RETURN n /*" + "x" * (1024 * 1024)
HOSTILE_63KB = "RETURN 1 " + "/*'`" * (63 * 1024 // 4)  # unclosed comments and quotes, just under the limit

_CHILD = """
import json, os, resource, sys
import neo4j
from un_pathways.queries.backends import Neo4jBackend
driver = neo4j.GraphDatabase.driver(os.environ["NEO4J_URI"], auth=(os.environ.get("NEO4J_USER", "neo4j"),
    os.environ.get("NEO4J_PASSWORD", "unused")), notifications_min_severity="OFF")
backend = Neo4jBackend(driver, timeout_s=120, row_limit=10_000_000)
backend.run_cypher("RETURN 1 AS one")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = backend.run_cypher(sys.argv[1])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "rows": len(result.rows), "cut_at": result.cut_at}))
"""


def _refused(text: str) -> None:
    try:
        refuse_writes(text)
    except QueryError:
        return
    raise AssertionError("the text was not refused")


def _server_stop_s(driver: neo4j.Driver) -> float:
    """Seconds from the call until Neo4j no longer lists the endless query's transaction."""
    started = time.monotonic()
    try:
        Neo4jBackend(driver, timeout_s=ENDLESS_LIMIT_S).run_cypher(ENDLESS)
    except QueryError:
        pass
    while time.monotonic() - started < 60:
        with driver.session() as session:
            running = session.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").value()
        if not any("[*]" in (query or "") for query in running):
            break
        time.sleep(0.05)
    return time.monotonic() - started


def _size_cap_rss(uri: str) -> dict:
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, OVERSIZED],
        env={**os.environ, "NEO4J_URI": uri},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if child.returncode != 0:
        raise RuntimeError(f"the size-cap child failed: {child.stderr[-2000:]}")
    return json.loads(child.stdout)


def measure_safety(case: SizeCase, options: Options, driver: neo4j.Driver | None, uri: str) -> list[Figure]:
    """The three figures of issue 17 (curated size only; the Neo4j ones need a server)."""
    if case.label != "curated":
        return []
    refusal = measure(lambda: _refused(ONE_MB), options)
    scan = measure(lambda: refuse_writes(HOSTILE_63KB), options)
    figures = [
        Figure(case.label, "safety", "refuse a 1 MB query text", embedded=refusal).check(
            "refused in", targets.REFUSE_1MB_S, refusal.median
        ),
        Figure(
            case.label, "safety", "text filter over 63 kB of unclosed comments and quotes", embedded=scan
        ).check("scanned in", targets.REFUSE_1MB_S, scan.median),
    ]
    if driver is None:
        return figures
    stop_s = _server_stop_s(driver)
    past = stop_s - ENDLESS_LIMIT_S
    figures.append(
        Figure(
            case.label,
            "safety",
            f"endless query stopped on the server ({ENDLESS_LIMIT_S:g} s limit)",
            neo4j=Timing((stop_s,), cold=True),
            value=past,
            unit="s past the limit",
            note=f"from the call until SHOW TRANSACTIONS no longer lists it: {stop_s:.2f} s",
        ).check("stopped past the limit", targets.SERVER_STOP_PAST_LIMIT_S, past)
    )
    rss = _size_cap_rss(uri)
    growth_mb = (rss["after_kb"] - rss["before_kb"]) / 1024
    cap_mb = SETTINGS["result_max_bytes"].default / 2**20
    figures.append(
        Figure(
            case.label,
            "safety",
            f"result over the {cap_mb:g} MB size cap: peak RSS growth",
            value=growth_mb,
            unit="MB",
            note=f"{rss['rows']:,} of 2,000,000 rows kept (cut at: {rss['cut_at']}); peak RSS "
            f"{rss['before_kb'] / 1024:.0f} MB before the query, "
            f"{rss['after_kb'] / 1024:.0f} MB after",
        ).check("peak RSS growth", targets.SIZE_CAP_RSS_GROWTH_MB, growth_mb)
    )
    return figures


def main() -> int:
    from bench.neo4j_session import neo4j_session
    from un_pathways.graph.build import build_graph
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
    from un_pathways.loaders.neo4j_store import load_dataset

    core = read_dataset()
    case = SizeCase("curated", None, DEFAULT_DATA_DIR, core, build_graph(core))
    with neo4j_session() as neo:
        load_dataset(neo.driver, core)
        for figure in measure_safety(case, Options(), neo.driver, neo.uri):
            shown = figure.embedded or figure.neo4j
            value = f"{figure.value:,.2f} {figure.unit}" if figure.value is not None else ""
            checks = ", ".join(
                f"{c.label} {c.target.shown()}: {'met' if c.met else 'missed'}" for c in figure.checks
            )
            timing = f"median {shown.median * 1000:.2f} ms" if shown else ""
            progress(f"{figure.name}: {timing} {value} [{checks}] {figure.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
