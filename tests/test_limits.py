"""Time and size limits: a runaway query is stopped, a huge result is cut, and both say so.

The pathological query is an unbounded variable-length match over the whole
curated graph (``MATCH p=(a)-[*]-(b) RETURN count(p)``): it would run for
hours. With a 2 s limit it must be stopped, with a message that names the
limit and how to raise it; a result over the row cap must come back cut, with a
visible notice; and while one session waits on a runaway query, another
session's query must still be answered. How long each stop took is printed
(and quoted in docs/reliability.md), never asserted: on a loaded machine a
timing says more about the machine than about the code.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from un_pathways.cli.main import main
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import load_dataset
from un_pathways.queries.backends import Neo4jBackend

try:
    from tests.test_app_pages import app_data, open_page, texts  # noqa: F401  (app_data is a fixture)
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, open_page, texts  # noqa: F401

PATHOLOGICAL = "MATCH p = (a)-[*]-(b) RETURN count(p) AS paths"
MANY_ROWS = "UNWIND range(1, 5000) AS i RETURN i"
LIMIT_S = 2.0
APP_LIMIT_S = 6.0  # long enough that the other session's query surely finishes while it runs
STOP_TIMES: dict[str, float] = {}  # printed at the end, quoted in docs/reliability.md


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    load_dataset(neo4j_driver, read_dataset())
    yield neo4j_driver
    if STOP_TIMES:
        print("\nstop times: " + ", ".join(f"{k} {v:.2f} s" for k, v in STOP_TIMES.items()))


@pytest.fixture
def neo4j_env(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user or "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password or "unused-password")


def _open_transactions(driver) -> int:
    with driver.session() as session:
        rows = session.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").data()
    return sum("[*]" in (row["currentQuery"] or "") for row in rows)


def test_the_runner_stops_a_runaway_query_at_the_limit(loaded):
    from un_pathways.graph.errors import QueryError

    started = time.monotonic()
    with pytest.raises(QueryError, match=r"stopped at the 2 s time limit.*--timeout SECONDS"):
        Neo4jBackend(loaded, timeout_s=LIMIT_S).run_cypher(PATHOLOGICAL)
    STOP_TIMES["runner"] = time.monotonic() - started


def test_neo4j_itself_ends_the_runaway_transaction(loaded):
    """The caller stops waiting at the limit; the server must stop working soon after, not hours later."""
    from un_pathways.graph.errors import QueryError

    with pytest.raises(QueryError):
        Neo4jBackend(loaded, timeout_s=LIMIT_S).run_cypher(PATHOLOGICAL)
    deadline = time.monotonic() + 10
    while (_open_transactions(loaded) or _query_threads()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _open_transactions(loaded) == 0
    assert _query_threads() == []  # the thread that ran it ended with it: nothing lingers in the app or CLI


def _query_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "pathways-neo4j-query" and t.is_alive()]


def test_cli_timeout_exits_two_with_one_line(loaded, neo4j_env, capsys):
    started = time.monotonic()
    code = main(["cypher", PATHOLOGICAL, "--timeout", str(LIMIT_S)])
    STOP_TIMES["CLI"] = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: the query was stopped at the 2 s time limit")
    assert "--timeout SECONDS" in err  # how to raise it


def test_cli_cuts_at_the_row_limit_and_says_so(loaded, neo4j_env, capsys):
    assert main(["cypher", MANY_ROWS]) == 0  # the default cap, 1000 rows
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        "1000 rows from neo4j in "
        + out.rsplit(" in ", 1)[1].split(" ms")[0]
        + " ms; only the first 1000 rows "
        "are shown: the result was cut at the row limit (raise it with --limit N)"
    )
    assert main(["cypher", MANY_ROWS, "--limit", "25", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["truncated"] is True and [row[0] for row in result["rows"]] == list(range(1, 26))
    assert main(["cypher", MANY_ROWS, "--limit", "25", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 26 and err.startswith("note: only the first 25 rows are shown")
    assert main(["cypher", MANY_ROWS, "--limit", "5000", "--json"]) == 0  # exactly at the cap: not cut
    assert json.loads(capsys.readouterr().out)["truncated"] is False


def test_cli_row_limit_cuts_the_embedded_backend_too(capsys):
    assert main(["query", "actor_degree", "--param", "limit=50", "--limit", "7", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["truncated"] is True and len(result["rows"]) == 7


def _connected(neo4j_server, page: str = "queries", **query):
    at = open_page(page, **query)
    at.sidebar.text_input(key="neo4j_uri").set_value(neo4j_server.uri)
    at.sidebar.text_input(key="neo4j_password").set_value(neo4j_server.password or "unused-password")
    at.sidebar.button[0].click().run()
    assert not at.exception
    return at


def _adhoc(at, statement: str):
    at.text_area(key="q_adhoc_text").set_value(statement)
    return at.button(key="FormSubmitter:adhoc-Run on Neo4j").click().run()


def test_app_cuts_at_the_row_limit_with_a_notice(app_data, loaded, neo4j_server):
    at = _adhoc(_connected(neo4j_server), MANY_ROWS)
    assert len(at.dataframe[-1].value) == 1000
    assert "Only the first 1000 rows are shown: the result was cut at the row limit" in texts(at.warning)
    at.sidebar.number_input(key="query_row_limit").set_value(40).run()
    at = _adhoc(at, MANY_ROWS)
    assert len(at.dataframe[-1].value) == 40 and "Only the first 40 rows" in texts(at.warning)


def test_app_stops_a_runaway_query_and_stays_responsive_to_other_sessions(app_data, loaded, neo4j_server):
    slow = _connected(neo4j_server)
    slow.sidebar.number_input(key="query_timeout_s").set_value(APP_LIMIT_S).run()
    quick = _connected(neo4j_server, q="veto_holders")
    finished: dict[str, float] = {}

    def run_slow() -> None:
        _adhoc(slow, PATHOLOGICAL)
        finished["slow"] = time.monotonic()

    started = time.monotonic()
    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.5)  # the runaway query is now running in the other session
    quick.button(key="rerun_veto_holders").click().run()  # runs the saved query afresh on Neo4j
    finished["quick"] = time.monotonic()
    slow_still_running = worker.is_alive()
    worker.join(60)
    STOP_TIMES["app, runaway query"] = finished["slow"] - started
    STOP_TIMES["app, other session's query"] = finished["quick"] - started - 0.5
    assert not quick.exception and "neo4j ·" in texts(quick.caption)
    assert slow_still_running  # the quick one was answered while the runaway query was still running
    assert f"stopped at the {APP_LIMIT_S:g} s time limit" in texts(slow.error)


class _OneRowResult:
    """Stands in for neo4j.Result: one record holding ``value``."""

    def __init__(self, value):
        self.value = value

    def keys(self):
        return ["s"]

    def __iter__(self):
        yield type("Record", (), {"values": lambda record: [self.value]})()


def test_a_value_nested_thousands_deep_is_refused_in_one_line():
    """reduce(s = [], x IN l | [s]) returned a list 1,000 deep; reading it crashed with a RecursionError."""
    from un_pathways.graph.errors import QueryError
    from un_pathways.queries.backends import _stream

    nested: list = []
    for _ in range(5_000):
        nested = [nested]
    with pytest.raises(QueryError, match="row 1 holds a value nested too deep"):
        _stream(_OneRowResult(nested), row_limit=10, max_bytes=10_000_000)
