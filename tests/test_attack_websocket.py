"""Issue 17's attacks sent to the running app over Streamlit's websocket, with no browser in between.

One real app server (``streamlit run app.py``, connected to the test Neo4j
through ``NEO4J_URI``) serves the whole module. For each attempt a fresh
session of ``tests/streamlit_ws_client.py`` opens the Queries page, learns the
ids the server gave the ad-hoc form's text area and Run button from the
deltas it drew, and sends a rerun whose widget states hold the attack: the
text reaches the page exactly as sent (CR, U+2028, NUL, a megabyte), not as a
browser's text box would pass it on. Every attack of the catalogue and every
text of ``WEBSOCKET_ONLY`` must come back as an error alert, with no ad-hoc
result, no traceback and nothing of the server's files, environment or
password in what was drawn. Widget states no browser sends (a number where
the form holds text, ids the page never drew, another page's ids) must run
nothing and draw no traceback. Last, the database's checksum is unchanged and
Neo4j and the app still answer.
"""

from __future__ import annotations

import pytest
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.WidgetStates_pb2 import WidgetState

from un_pathways.queries.backends import Neo4jBackend

try:
    from tests.app_server import ROOT, serve_app
    from tests.attack_catalogue import ATTACKS, HARMLESS, PASSWD, WEBSOCKET_ONLY, attack_log_fixture, gate_of
    from tests.streamlit_ws_client import Render, StreamlitSession, string_state, trigger_state
    from tests.test_attack_cypher import loaded  # noqa: F401  (a fixture)
    from tests.test_read_only import checksum
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import ROOT, serve_app
    from attack_catalogue import ATTACKS, HARMLESS, PASSWD, WEBSOCKET_ONLY, attack_log_fixture, gate_of
    from streamlit_ws_client import Render, StreamlitSession, string_state, trigger_state
    from test_attack_cypher import loaded  # noqa: F401
    from test_read_only import checksum

ENTRY = "app (raw websocket)"
PAGE = "queries"  # the page of the ad-hoc form, by its URL path
TEXT, PARAMS, RUN = "q_adhoc_text", "q_adhoc_params", "FormSubmitter:adhoc-Run on Neo4j"  # its widget keys
RESULT = "adhoc_csv"  # a widget drawn only with an ad-hoc result (its CSV download)
# What must never be drawn: lines of /etc/passwd, the server's environment (/proc/self/environ).
LEAKS = ["root:x:0:0", "/usr/sbin/nologin", "PATH=/", "HOME=/"]

attack_log = pytest.fixture(scope="session")(attack_log_fixture)


def _app_env(neo4j_server) -> dict[str, str]:
    """The NEO4J_* variables the app is started with: connected from the environment, as deployed."""
    return {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user or "neo4j",
        "NEO4J_PASSWORD": neo4j_server.password or "unused-password",
    }


@pytest.fixture(scope="module")
def app_url(loaded, neo4j_server):
    """The real app, on the curated data, connected to the test Neo4j."""
    with serve_app(ROOT / "data", env=_app_env(neo4j_server)) as url:
        yield url


@pytest.fixture(scope="module")
def leaks(neo4j_server) -> list[str]:
    """LEAKS, and the password the app was given."""
    return [*LEAKS, _app_env(neo4j_server)["NEO4J_PASSWORD"]]


def _submit(app_url: str, *states_of) -> Render:
    """A fresh session: open the Queries page, then rerun it with the widget states ``states_of(page)``."""
    with StreamlitSession(app_url) as session:
        page = session.open_page(PAGE)
        assert page.has_widget(TEXT), "the Queries page drew no ad-hoc form: is the app connected to Neo4j?"
        return session.rerun(page.page_hash(PAGE), [state for make in states_of for state in make(page)])


def _typed(text: str):
    """The form as a browser submits it: this text in the text area, the Run button pressed."""
    return lambda page: [string_state(page.widget_id(TEXT), text), trigger_state(page.widget_id(RUN))]


def _assert_nothing_leaked(shown: Render, leaks: list[str]) -> None:
    assert shown.exceptions() == []
    text = shown.text()
    assert [leak for leak in leaks if leak in text] == []


@pytest.mark.parametrize("statement", HARMLESS)
def test_a_plain_read_sent_over_the_websocket_is_answered(app_url, loaded, statement, leaks):
    """The control: the raw client really submits the form, and the result's rows come back in the deltas."""
    shown = _submit(app_url, _typed(statement))
    _assert_nothing_leaked(shown, leaks)
    assert shown.alerts() == [] and shown.has_widget(RESULT)
    rows = Neo4jBackend(loaded[0]).run_cypher(statement).rows
    assert rows and f"{len(rows)} row(s) · neo4j" in shown.text()
    assert len(shown.tables()[-1]) == len(rows)  # the ad-hoc result is the last table drawn


@pytest.mark.parametrize(
    "source, attack",
    [("catalogue", attack) for attack in ATTACKS] + [("websocket only", attack) for attack in WEBSOCKET_ONLY],
    ids=[attack.name for attack in ATTACKS + WEBSOCKET_ONLY],
)
def test_the_app_refuses_over_the_websocket(app_url, source, attack, attack_log, leaks):
    shown = _submit(app_url, _typed(attack.text))
    errors = "\n".join(shown.alerts())
    refused = bool(errors) and not shown.has_widget(RESULT)
    attack_log.add(source, ENTRY, attack.name, "refused" if refused else "ran", gate_of(errors))
    _assert_nothing_leaked(shown, leaks)
    assert refused, shown.text()[-2000:]


@pytest.mark.parametrize(
    "key, state",
    [
        (TEXT, WidgetState(int_value=7)),  # a number where the text area holds text
        (TEXT, WidgetState(double_value=7.5)),
        (TEXT, WidgetState(bool_value=True)),
        (TEXT, WidgetState(string_array_value=StringArray(data=["RETURN 1", PASSWD]))),
        (PARAMS, WidgetState(int_value=3)),  # a number where the parameters' JSON goes
    ],
    ids=["text-as-int", "text-as-double", "text-as-bool", "text-as-list", "params-as-int"],
)
def test_a_value_of_the_wrong_type_gets_a_message_not_a_traceback(app_url, key, state, leaks):
    def wrong(page: Render) -> list[WidgetState]:
        sent = WidgetState()
        sent.CopyFrom(state)
        sent.id = page.widget_id(key)
        return [sent]

    other = _typed(PASSWD) if key != TEXT else lambda page: [trigger_state(page.widget_id(RUN))]
    shown = _submit(app_url, other, wrong)
    _assert_nothing_leaked(shown, leaks)
    assert "came as" in "\n".join(shown.alerts()) and not shown.has_widget(RESULT)


@pytest.mark.parametrize("key", ["query_timeout_s", "query_row_limit"])
def test_a_widget_streamlit_decodes_itself_shows_no_error_details(app_url, key, leaks):
    """A number widget sent text: Streamlit's own decoding raises before the page sees the value. The app is
    served with ``client.showErrorDetails = none``, so the sender sees a generic message: no exception type,
    no message, no trace, no file path."""

    def text_for_a_number(page: Render) -> list[WidgetState]:
        return [string_state(page.widget_id(key), "x")]

    shown = _submit(app_url, text_for_a_number)
    raw = [element for kind, element in shown.elements if kind == "exception"]
    assert raw, "expected Streamlit's generic error box for a value its widget cannot decode"
    for element in raw:
        assert list(element.stack_trace) == []
        assert not any(word in element.message for word in ("Error", "invalid literal", "must be", ".py"))
        assert "Error" not in element.type
    assert [leak for leak in leaks if leak in shown.text()] == []


def test_parameters_nested_too_deep_get_a_message_not_a_traceback(app_url, leaks):
    def nested(page: Render) -> list[WidgetState]:
        return [string_state(page.widget_id(PARAMS), "[" * 100_000)]

    shown = _submit(app_url, _typed("RETURN $x AS x"), nested)
    _assert_nothing_leaked(shown, leaks)
    assert "nested too deeply" in "\n".join(shown.alerts()) and not shown.has_widget(RESULT)


def _forged(page: Render) -> list[WidgetState]:
    """The form's widget ids with a hash the server never gave out."""
    forged = "$$ID-" + "0" * 32
    return [
        WidgetState(id=f"{forged}-{TEXT}", string_value=PASSWD),
        WidgetState(id=f"{forged}-{RUN}", trigger_value=True),
    ]


def _bare_keys(page: Render) -> list[WidgetState]:
    """The user keys in place of the ids."""
    return [string_state(TEXT, PASSWD), trigger_state(RUN)]


@pytest.mark.parametrize("states", [_forged, _bare_keys], ids=["forged-ids", "bare-keys"])
def test_widget_ids_the_page_never_drew_run_nothing(app_url, states, leaks):
    shown = _submit(app_url, states)
    _assert_nothing_leaked(shown, leaks)
    assert shown.has_widget(TEXT)  # the Queries page ran again, with the form untouched
    assert shown.alerts() == [] and not shown.has_widget(RESULT)


@pytest.mark.parametrize("page_hash", ["start", "0" * 32], ids=["start-page", "unknown-page"])
def test_the_form_sent_to_another_page_runs_nothing(app_url, page_hash, leaks):
    """The right ids, with the rerun addressed to the Start page, or to a page hash that does not exist."""
    with StreamlitSession(app_url) as session:
        page = session.open_page(PAGE)
        target = page.default_page_hash() if page_hash == "start" else page_hash
        shown = session.rerun(target, _typed(PASSWD)(page))
    _assert_nothing_leaked(shown, leaks)
    assert not shown.has_widget(RESULT) and not shown.has_widget(TEXT)


def test_zz_the_database_is_unchanged_and_neo4j_and_the_app_answer(app_url, loaded, leaks):
    """Last in the file: after every attempt above, the same graph, and a server and an app that answer."""
    driver, before = loaded
    assert checksum(driver) == before
    driver.verify_connectivity()
    shown = _submit(app_url, _typed(HARMLESS[0]))
    assert shown.alerts() == [] and shown.has_widget(RESULT)
