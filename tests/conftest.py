"""Shared pytest fixtures.

Neo4j: tests that need a real Neo4j use the ``neo4j_server`` / ``neo4j_driver``
fixtures. By default the session starts its own Neo4j 5.26 server from Maven
Central artifacts (see tests/neo4j_server.py); set NEO4J_URI (plus NEO4J_USER,
NEO4J_PASSWORD) to use an existing server instead. Without Java/Maven those
tests are skipped loudly -- unless PATHWAYS_REQUIRE_NEO4J=1 (set it in CI),
which turns the skip into a failure so a missing Neo4j can never pass silently.

Parallel runs (pytest-xdist, ``-n`` in pyproject's addopts, ``--dist loadgroup``):
every module with a Neo4j test runs whole on one worker, the "neo4j" group, so
one server serves them in file order exactly as in a serial run -- Neo4j
Community has a single user database, and these tests load, reload and restart
it. Each browser module is a group of its own (one app server and one Chromium
per module). Every other test goes to whichever worker is free.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

try:  # `tests` importable as a package (rootdir on sys.path, or tests/__init__.py)
    from tests.neo4j_server import Neo4jServer, find_java_and_maven
except ImportError:  # pytest's default rootdir-less import: tests/ itself is on sys.path
    from neo4j_server import Neo4jServer, find_java_and_maven

NEO4J_FIXTURES = {"neo4j_server", "neo4j_driver"}
_neo4j_uri_key = pytest.StashKey[str]()


@dataclass(frozen=True)
class ExternalNeo4j:
    """A Neo4j server given through NEO4J_URI: used as is, never stopped."""

    uri: str
    user: str
    password: str
    can_restart: bool = False


def pytest_configure(config: pytest.Config) -> None:
    # The suite (and the app and CLI processes it starts) keep their parse cache in a
    # folder of their own, never in the user's ~/.cache, removed at the end.
    if "PATHWAYS_CACHE_DIR" not in os.environ:
        os.environ["PATHWAYS_CACHE_DIR"] = tempfile.mkdtemp(prefix="pathways-test-cache-")
        config.add_cleanup(lambda: shutil.rmtree(os.environ.pop("PATHWAYS_CACHE_DIR"), ignore_errors=True))
    # Nor do they read the user's config: a server started with `pathways neo4j start` would otherwise
    # become the Neo4j of every test that expects none (loaders/local_neo4j.py).
    config_home = tempfile.mkdtemp(prefix="pathways-test-config-")
    os.environ["XDG_CONFIG_HOME"] = config_home
    config.add_cleanup(lambda: shutil.rmtree(config_home, ignore_errors=True))
    config.addinivalue_line(
        "markers",
        "neo4j: runs against a real Neo4j server (added automatically to tests "
        "using the neo4j_server / neo4j_driver fixtures)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every Neo4j-backed test (`-m neo4j` / `-m "not neo4j"`) and give xdist its groups."""
    neo4j_modules = set()
    for item in items:
        if NEO4J_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
            neo4j_modules.add(item.path)
    for item in items:
        if item.path in neo4j_modules:
            item.add_marker(pytest.mark.xdist_group("neo4j"))
        elif item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(f"browser-{item.path.stem}"))


@pytest.fixture(scope="session")
def neo4j_server(request: pytest.FixtureRequest) -> Iterator[Neo4jServer | ExternalNeo4j]:
    """A running Neo4j for the whole session (uri, user, password, can_restart)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        request.config.stash[_neo4j_uri_key] = uri
        yield ExternalNeo4j(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
        )
        return

    reason = find_java_and_maven()
    if reason:
        message = f"NEO4J TESTS NOT RUN: {reason}; or set NEO4J_URI to an existing server"
        if os.environ.get("PATHWAYS_REQUIRE_NEO4J") == "1":
            pytest.fail(f"{message} (PATHWAYS_REQUIRE_NEO4J=1 forbids skipping)", pytrace=False)
        pytest.skip(message)

    # Java and Maven are present, so a build or start-up failure is a real
    # error (raised as-is), not a reason to skip.
    server = Neo4jServer()
    server.start()
    _warm_up(server)
    request.config.stash[_neo4j_uri_key] = server.uri
    try:
        yield server
    finally:
        server.close()


def _warm_up(server: Neo4jServer) -> None:
    """Plan and run a first few queries, so the first test's query is not the one paying for a cold JVM.

    On a busy machine a cold server's first Cypher (parsing, planning, JIT) can
    take seconds, enough to hit a test's query time limit.
    """
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        for statement in (
            "RETURN 1",
            "MATCH (n:Entity {id: 'warm-up'})-[r]->(m) RETURN n.id, type(r), m.id LIMIT 1",
            "MATCH p = (a:Entity)-[*1..3]->(b:Entity) WHERE a.id = 'warm-up' RETURN count(p)",
        ):
            driver.execute_query(statement)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand the Neo4j URI to the controller for the summary line."""
    uri = session.config.stash.get(_neo4j_uri_key, None)
    if uri and hasattr(session.config, "workeroutput"):
        session.config.workeroutput["neo4j_uri"] = uri


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """On the xdist controller: remember the URI a worker's Neo4j server had."""
    uri = getattr(node, "workeroutput", {}).get("neo4j_uri")
    if uri:
        node.config.stash[_neo4j_uri_key] = uri


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jServer | ExternalNeo4j):
    """A neo4j driver connected to ``neo4j_server``, closed at session end."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        yield driver
    finally:
        driver.close()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """One line showing whether the Neo4j tests really ran, and against what."""
    counts: dict[str, int] = {}
    skip_reason = None
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if "neo4j" in getattr(report, "keywords", {}):
                counts[outcome] = counts.get(outcome, 0) + 1
                if outcome == "skipped" and skip_reason is None and isinstance(report.longrepr, tuple):
                    skip_reason = report.longrepr[2].removeprefix("Skipped: ")
    if not counts:
        return
    ran = counts.get("passed", 0) + counts.get("failed", 0)
    uri = config.stash.get(_neo4j_uri_key, "<no server started>")
    line = f"neo4j: {ran} tests ran against Neo4j at {uri}, {counts.get('skipped', 0)} skipped"
    if counts.get("failed") or counts.get("error"):
        line += f" ({counts.get('failed', 0)} failed, {counts.get('error', 0)} errors)"
    if skip_reason:
        line += f" -- {skip_reason}"
    terminalreporter.write_line(line, yellow=bool(counts.get("skipped")), bold=True)
