"""The app against a real Neo4j: connect from the sidebar, run saved and ad-hoc Cypher, switch back.

Read-only: nothing here writes to the server (the app cannot), so these tests
do not disturb the data other Neo4j tests load.
"""

from __future__ import annotations

import pytest

try:
    from tests.test_app_pages import app_data, open_page, texts  # noqa: F401  (app_data is a fixture)
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, open_page, texts  # noqa: F401


@pytest.fixture
def connected(app_data, neo4j_server):
    """The Queries page of an app session connected to the test Neo4j through the sidebar form."""
    at = open_page("queries", q="veto_holders")
    at.sidebar.text_input(key="neo4j_uri").set_value(neo4j_server.uri)
    at.sidebar.text_input(key="neo4j_user").set_value(neo4j_server.user or "neo4j")
    at.sidebar.text_input(key="neo4j_password").set_value(neo4j_server.password or "unused-password")
    at.sidebar.button[0].click().run()
    assert not at.exception
    return at


def test_connecting_switches_queries_to_neo4j(connected, neo4j_server):
    at = connected
    assert f"Neo4j at {neo4j_server.uri}" in texts(at.sidebar.markdown)
    assert "neo4j ·" in texts(at.caption)  # the result line names the backend that answered
    assert not [w for w in at.sidebar.text_input if w.key == "neo4j_password"]  # no form, no password shown
    assert all("password" not in name for name in at.query_params)


def test_adhoc_cypher_runs_read_only_and_shows_errors_plainly(connected):
    at = connected
    at.text_area(key="q_adhoc_text").set_value("RETURN 'un.dpa' AS id, 1 + 1 AS two")
    at.button(key="FormSubmitter:adhoc-Run on Neo4j").click().run()
    frame = at.dataframe[-1].value
    assert list(frame.columns) == ["id", "two"] and frame.iloc[0]["two"] == 2

    at.text_area(key="q_adhoc_text").set_value("MATCH (n RETURN n")
    at.button(key="FormSubmitter:adhoc-Run on Neo4j").click().run()
    assert "Neo4j rejected the query" in texts(at.error)

    at.text_area(key="q_adhoc_text").set_value("MATCH (n) DETACH DELETE n")
    at.button(key="FormSubmitter:adhoc-Run on Neo4j").click().run()
    assert "refused" in texts(at.error)


def test_switching_back_to_embedded_needs_no_restart(connected):
    at = connected
    at.sidebar.button(key="use_embedded").click().run()
    assert "Embedded graph (networkx)" in texts(at.sidebar.markdown)
    assert "embedded ·" in texts(at.caption)
    at.sidebar.button(key="use_neo4j").click().run()
    assert "neo4j ·" in texts(at.caption)
