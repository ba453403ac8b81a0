"""Issue 17's attacks on ad-hoc Cypher, replayed against the real Neo4j through four entry points.

Each attack of ``tests/attack_catalogue.py`` goes through the runner
(``Neo4jBackend.run_cypher``), the runner with the text filter switched off
(so the plan check alone must hold), the CLI in a real process, and the app's
ad-hoc form, driven with ``AppTest``, which sets the form's value directly
rather than typing into the text box. (tests/test_attack_websocket.py sends
the same attacks to the running app over Streamlit's websocket with a raw
client.) Every attempt must be refused or stopped; plain reads must still
answer; and after the whole file the database's checksum is unchanged and
Neo4j still answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from un_pathways.graph.errors import PathwaysError
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import load_dataset
from un_pathways.queries import backends
from un_pathways.queries.backends import Neo4jBackend
from un_pathways.queries.plan_check import refuse_unsafe_plan
from un_pathways.queries.saved import coerce_parameters, load_saved_queries

try:
    from tests.attack_catalogue import ATTACKS, HARMLESS, attack_log_fixture, gate_of
    from tests.test_app_pages import app_data, texts  # noqa: F401  (app_data is a fixture)
    from tests.test_limits import _adhoc, _connected
    from tests.test_read_only import checksum
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from attack_catalogue import ATTACKS, HARMLESS, attack_log_fixture, gate_of
    from test_app_pages import app_data, texts  # noqa: F401
    from test_limits import _adhoc, _connected
    from test_read_only import checksum

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 5.0  # the time limit of every attempt: the memory bombs must be stopped well before it
IDS = [attack.name for attack in ATTACKS]

attack_log = pytest.fixture(scope="session")(attack_log_fixture)


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    """The curated data in Neo4j, and its checksum before any attack."""
    load_dataset(neo4j_driver, read_dataset())
    return neo4j_driver, checksum(neo4j_driver)


def _runner(driver) -> Neo4jBackend:
    return Neo4jBackend(driver, timeout_s=LIMIT_S)


@pytest.mark.parametrize("attack", ATTACKS, ids=IDS)
def test_the_runner_refuses(loaded, attack, attack_log):
    with pytest.raises(PathwaysError) as refused:
        _runner(loaded[0]).run_cypher(attack.text)
    attack_log.add("catalogue", "runner", attack.name, "refused", gate_of(str(refused.value)))
    assert "root:" not in str(refused.value)  # no file content in the message either


@pytest.mark.parametrize("attack", ATTACKS, ids=IDS)
def test_the_plan_check_alone_refuses(loaded, attack, attack_log, monkeypatch):
    """The text filter off: Neo4j's own reading of the statement must be enough."""
    monkeypatch.setattr(backends, "refuse_writes", lambda cypher: None)
    with pytest.raises(PathwaysError) as refused:
        _runner(loaded[0]).run_cypher(attack.text)
    gate = gate_of(str(refused.value))
    attack_log.add("catalogue", "plan check alone", attack.name, "refused", gate)
    assert gate not in ("text filter", "size limit")


@pytest.fixture
def cli_env(neo4j_server) -> dict[str, str]:
    return {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user or "neo4j",
        "NEO4J_PASSWORD": neo4j_server.password or "unused-password",
        "PYTHONWARNINGS": "always",
    }


@pytest.mark.parametrize("attack", ATTACKS, ids=IDS)
def test_the_cli_refuses_in_one_line(loaded, attack, attack_log, cli_env):
    done = subprocess.run(
        [sys.executable, "-m", "un_pathways.cli.main", "cypher", attack.text, "--timeout", str(LIMIT_S)],
        cwd=ROOT,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    attack_log.add(
        "catalogue",
        "CLI",
        attack.name,
        "refused" if done.returncode == 2 else "ran",
        gate_of(done.stderr.removeprefix("error: ")),
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr


@pytest.fixture(scope="module")
def app_session(app_data, loaded, neo4j_server):
    """An app session connected through the sidebar form (not from NEO4J_URI, so the form is shown)."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("NEO4J_URI", raising=False)
        yield _connected(neo4j_server)


@pytest.mark.parametrize("attack", ATTACKS, ids=IDS)
def test_the_app_refuses(app_session, attack, attack_log):
    at = _adhoc(app_session, attack.text)
    shown = texts(at.error)
    attack_log.add("catalogue", "app", attack.name, "refused" if shown else "ran", gate_of(shown))
    assert not at.exception
    assert shown and "root:" not in shown
    assert "q_adhoc_result" not in at.session_state or not at.session_state["q_adhoc_result"]


@pytest.mark.parametrize("statement", HARMLESS)
def test_plain_reads_still_answer_everywhere(loaded, statement, cli_env):
    assert _runner(loaded[0]).run_cypher(statement).rows
    done = subprocess.run(
        [sys.executable, "-m", "un_pathways.cli.main", "cypher", statement, "--json"],
        cwd=ROOT,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_the_app_still_answers_a_plain_read(app_session):
    at = _adhoc(app_session, HARMLESS[0])
    assert not at.error and len(at.dataframe[-1].value) == 3


@pytest.mark.parametrize("name", sorted(load_saved_queries()))
def test_every_saved_query_passes_the_plan_check(loaded, name):
    """Saved queries skip the plan check at run time (project text); here they must pass it."""
    query = load_saved_queries()[name]
    with loaded[0].session() as session:
        summary = session.run("EXPLAIN " + query.cypher, coerce_parameters(query, {})).consume()
    refuse_unsafe_plan(summary.query_type, summary.plan, summary.database)


def test_zz_the_database_is_unchanged_and_neo4j_answers(loaded):
    """Last in the file: after every attack above, the same graph, and a server that answers."""
    driver, before = loaded
    assert checksum(driver) == before
    driver.verify_connectivity()
    assert _runner(driver).run_cypher("RETURN 1 AS one").rows == [[1]]
