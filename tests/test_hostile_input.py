"""Parameters, never interpolation: hostile values through every parameterised path.

The values below go through every parameter of every saved query (both
backends, at the query layer and through ``pathways query``, the values taking
turns where trying every pair would be slow), through ad-hoc Cypher
parameters, through every CLI command that takes a node name or an option
value, and through the app (the free text boxes of the query forms, ad-hoc
parameters, the URL parameters of every page; the Explore search box only
filters its list in the browser, see tests/test_browser_hostile.py). Every
call must give a result or a clear one-line message (exit code 1 or 2, never
a traceback); the graph in Neo4j must be exactly as it was; and a value shown
back on screen must be escaped, never rendered as Markdown or HTML. The
read-only guard itself is tested in tests/test_read_only.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from un_pathways.cli.main import main
from un_pathways.graph.errors import PathwaysError
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.neo4j_store import load_dataset
from un_pathways.queries.backends import EmbeddedBackend, Neo4jBackend
from un_pathways.queries.saved import load_saved_queries
from un_pathways.ui.text import escape_markdown

try:
    from tests.test_app_pages import app_data, open_page  # noqa: F401  (app_data is a fixture)
    from tests.test_read_only import checksum
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, open_page  # noqa: F401
    from test_read_only import checksum

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = [
    "x'}) DETACH DELETE n //",  # closes the map and the pattern, then writes
    "' OR 1=1 //",  # SQL-style tautology
    '" OR ""="',  # the same with double quotes
    "`",  # a lone backtick (Cypher's identifier quote)
    "`) MATCH (m) DETACH DELETE m //",  # breaks out of a quoted identifier
    "un.dpa'}) RETURN n UNION MATCH (m) DETACH DELETE m //",  # a UNION that writes
    "'; CALL apoc.cypher.runFirstColumn('MATCH (n) DETACH DELETE n', {}) //",  # a write procedure
    "\\'}) DETACH DELETE n //",  # an escaped quote first
    "$council",  # the text of a parameter reference
    "{council: 'x'}",  # a map literal
    "/* */ MATCH (n) DETACH DELETE n",  # a block comment, then a write
    "// comment\nMATCH (n) DETACH DELETE n",  # a line comment and a newline
    "\n",  # a newline alone
    "un.dpa\r\nCREATE (n)",  # CRLF, then a clause
    "\x00",  # a null byte alone
    "un.dpa\x00' DETACH DELETE n",  # a null byte inside
    "un.dра",  # Cyrillic р and а that look like Latin p and a
    "ѕecurity council",  # a Cyrillic ѕ
    "ｕｎ．ｄｐａ",  # fullwidth letters
    "\u202eun.dpa",  # right-to-left override
    "un.\u200bdpa",  # a zero-width space
    "\ufeffun.dpa",  # a byte-order mark
    "un.dpa\u0301",  # a combining accent
    "💥",  # outside the Basic Multilingual Plane
    "x" * 100_000,  # a 100 kB string
    "')" * 50_000,  # 100 kB of quote-and-parenthesis
    "\udcff",  # an undecodable byte from a shell argument (a lone surrogate)
    "",  # empty
    "   ",  # blanks
    "\\",  # a lone backslash
    "\\u0027 OR 1=1",  # an escaped quote as text
    "<script>alert(1)</script>",  # HTML script
    "<img src=x onerror=alert(2)>",  # HTML event handler
    "[link](javascript:alert(4))",  # a Markdown link to script
    "**bold** _it_ $x^2$ :red[x] &lt;b&gt;",  # Markdown, LaTeX, a Streamlit directive, an entity
    "-1",  # a negative number as text
    "1e309",  # overflows a float
    "NaN",  # not a number
    "9" * 400,  # a huge integer
    "true",  # a boolean as text
    "[1, 2]",  # a list literal
    "un.dpa,,un.dpa, ,",  # empty list items
    "%s %n {0} {council}",  # format strings
    "[" * 50_000,  # JSON nested 50,000 deep (a URL parameter parsed as JSON)
]
# A browser cannot send a lone surrogate (it becomes U+FFFD on the way), so the app gets the rest.
APP_VALUES = [v for v in HOSTILE if v != "\udcff"]
# Values with markup that must never appear unescaped in anything rendered as Markdown.
MARKUP = {v: escape_markdown(v) for v in HOSTILE if len(v) >= 6 and any(c in v for c in "<>[]*`$&")}

SAVED = load_saved_queries()
WITH_PARAMETERS = sorted(name for name, query in SAVED.items() if query.parameters)


def test_at_least_thirty_hostile_values_are_tried():
    assert len(HOSTILE) >= 30 and len(set(HOSTILE)) == len(HOSTILE)


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    """The curated dataset in the test Neo4j, and its checksum before any hostile call."""
    load_dataset(neo4j_driver, read_dataset())
    return neo4j_driver, checksum(neo4j_driver)


@pytest.fixture(scope="module")
def embedded():
    from un_pathways.cli.context import graph
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

    return EmbeddedBackend(graph(DEFAULT_DATA_DIR))


def _result_or_clear_error(run) -> str:
    """'ok' or 'refused'; fails on anything but a result or a short one-line PathwaysError."""
    try:
        result = run()
    except PathwaysError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 1500, message[:300]
        return "refused"
    assert isinstance(result.rows, list)
    return "ok"


def _free_text(query) -> list[str]:
    """The parameters whose value reaches the database as typed (no type, range or list check)."""
    return [n for n, spec in query.parameters.items() if spec.type in ("string", "list") and not spec.allowed]


def test_saved_query_parameters_on_neo4j_run_or_refuse(loaded):
    """Every free-text parameter of every saved query gets values in turn (each value many times);
    typed parameters are refused before the database by the checks the embedded test below covers."""
    driver, before = loaded
    backend = Neo4jBackend(driver, timeout_s=5)
    sent = {value: 0 for value in HOSTILE}
    turn = 0
    for name in WITH_PARAMETERS:
        query = SAVED[name]
        for parameter in _free_text(query):
            for _ in range(2):
                value = HOSTILE[turn % len(HOSTILE)]
                turn += 1
                _result_or_clear_error(lambda q=query, p=parameter, v=value: backend.run_saved(q, {p: v}))
                sent[value] += 1
    assert min(sent.values()) >= 1  # every value reached Neo4j through the library
    veto = SAVED["veto_holders"]
    for value in HOSTILE:  # and every value through one query
        _result_or_clear_error(lambda v=value: backend.run_saved(veto, {"council": v}))
    assert checksum(driver) == before


def test_a_hostile_id_matches_nothing_and_a_lookalike_is_not_the_real_node(loaded, embedded):
    driver, _ = loaded
    veto = SAVED["veto_holders"]
    real = Neo4jBackend(driver).run_saved(veto, {"council": "un.security-council"}).rows
    assert real  # the real id finds the veto holders
    for lookalike in ["un.security-council'}) //", "un.security-cоuncil", "un.security-council\u200b"]:
        assert Neo4jBackend(driver).run_saved(veto, {"council": lookalike}).rows == []
        assert embedded.run_saved(veto, {"council": lookalike}).rows == []


@pytest.fixture
def neo4j_env(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user or "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password or "unused-password")


def _cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run ``pathways`` in process; the outcome must be a result or a clear one-line error."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 0:
        assert not err.strip() or err.startswith("note:"), err[:300]
    else:
        assert code in (1, 2), code
        assert err.startswith("error: ") and err.count("\n") == 1 and len(err) < 1500, err[:300]
    return code, out, err


@pytest.mark.parametrize("backend", ["embedded", "neo4j"])
def test_cli_query_parameters_run_or_refuse(backend, loaded, neo4j_env, capsys):
    """Every parameter of every saved query through ``pathways query``, the values taking turns."""
    driver, before = loaded
    turn = 0
    for name in WITH_PARAMETERS:
        for parameter in SAVED[name].parameters:
            value = HOSTILE[turn % len(HOSTILE)]
            turn += 1
            argv = ["query", name, "--backend", backend, "--param", f"{parameter}={value}", "--json"]
            code, out, _ = _cli(argv, capsys)
            if code == 0:
                assert set(json.loads(out)) >= {"columns", "rows", "truncated"}
    assert turn >= len(HOSTILE)  # every value went through the CLI
    assert checksum(driver) == before


def test_cli_adhoc_cypher_binds_every_hostile_value(loaded, neo4j_env, capsys):
    driver, before = loaded
    statement = "MATCH (n:Entity) WHERE n.id = $id OR n.name = $id RETURN n.id AS id"
    for value in HOSTILE:
        code, out, err = _cli(["cypher", statement, "--param", f"id={value}", "--json"], capsys)
        if code == 0:
            assert json.loads(out)["rows"] == []
        else:
            assert value == "\udcff" and "not valid Unicode" in err
    assert checksum(driver) == before


NODE_COMMANDS = [
    lambda v: ["find", v],  # search text
    lambda v: ["find", "council", "--kind", v],  # a kind filter
    lambda v: ["show", v],  # a node reference
    lambda v: ["paths", v, "un.security-council"],  # FROM
    lambda v: ["paths", "un.dpa", v],  # TO
    lambda v: ["stall", v],  # FROM
    lambda v: ["stall", "un.dpa", "--to", v],  # --to
    lambda v: ["bottlenecks", "un.dpa", v],  # TO
    lambda v: ["compare", v],  # a case name
    lambda v: ["cases", v],  # a case name
    lambda v: ["paths", "un.dpa", "un.security-council", "--scenario", v],  # a scenario id
    lambda v: ["paths", "un.dpa", "un.security-council", "--edge", v],  # a re-graded edge
    lambda v: ["paths", "un.dpa", "un.security-council", "--friction", v],  # a friction level
    lambda v: ["query", v],  # a saved query name
]


@pytest.mark.parametrize("command", range(len(NODE_COMMANDS)))
def test_cli_node_names_and_options_answer_or_refuse(command, capsys):
    for value in HOSTILE:
        argv = [*NODE_COMMANDS[command](value), "--json"]
        code, out, _ = _cli(argv, capsys)
        if code == 0:
            json.loads(out)


@pytest.mark.parametrize(
    "argv",
    [
        [b"show", b"\xff\xfe<script>"],  # bytes that are not UTF-8, as a shell passes them
        [b"find", b"x" * 100_000],  # a 100 kB argument
        [
            b"query",
            b"veto_holders",
            b"--backend",
            b"neo4j",
            b"--param",
            b"council=\xff'}) DETACH DELETE n //",
        ],
    ],
)
def test_real_process_answers_hostile_arguments_without_a_traceback(argv, loaded, neo4j_server):
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "unused-password"}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"un_pathways.cli.main", *argv],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        timeout=120,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert done.returncode in (0, 1, 2)
    if done.returncode:
        assert err.startswith("error: ") and err.count("\n") == 1
    assert checksum(loaded[0]) == loaded[1]


# ---- the app ----------------------------------------------------------------------------------


def _markdown_bodies(at) -> list[str]:
    """Everything the page renders as Markdown: text, captions, alerts, titles, labels."""
    bodies = []
    for kind in (
        "markdown",
        "caption",
        "warning",
        "error",
        "info",
        "success",
        "title",
        "subheader",
        "header",
    ):
        bodies += [str(element.value) for element in getattr(at, kind)]
    for kind in ("text_input", "selectbox", "number_input", "button", "metric", "multiselect"):
        bodies += [str(getattr(element, "label", "")) for element in at.get(kind)]
    return bodies


def _assert_escaped(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for body in _markdown_bodies(at):
        for value, escaped in MARKUP.items():
            if value in body:
                assert value not in body.replace(escaped, ""), f"{value[:40]!r} unescaped in {body[:200]!r}"


def _typed_in(graph, query) -> list[str]:
    """The parameters the Queries page shows as a free text box (not a picker)."""
    from un_pathways.ui.query_view import free_text_list

    return [
        name
        for name, spec in query.parameters.items()
        if spec.allowed is None
        and (
            (spec.type == "string" and not (isinstance(spec.default, str) and spec.default in graph))
            or free_text_list(graph, spec)
        )
    ]


def test_app_query_forms_take_every_hostile_value(app_data):
    """Typed into every free text box of the saved query forms, the values taking turns."""
    from un_pathways.graph.build import build_graph
    from un_pathways.ui.query_view import widget_key

    graph = build_graph(read_dataset(app_data))
    boxes = [(name, p) for name in WITH_PARAMETERS for p in _typed_in(graph, SAVED[name])]
    per_box = -(-len(APP_VALUES) // len(boxes))
    turn = 0
    for name in sorted({name for name, _ in boxes}):
        at = open_page("queries", q=name)
        for parameter in [p for n, p in boxes if n == name]:
            for _ in range(per_box):
                at.text_input(key=widget_key(SAVED[name], parameter)).set_value(
                    APP_VALUES[turn % len(APP_VALUES)]
                )
                at.run()
                turn += 1
                _assert_escaped(at)
                answered = any("row(s)" in c.value for c in at.main.caption)
                assert answered or at.main.error  # a result or a clear message
    assert turn >= len(APP_VALUES)  # every value was typed into a form


@pytest.mark.parametrize("start", range(0, len(APP_VALUES), 8))
def test_app_url_parameters_of_every_page(app_data, start):
    """Shared links whose every parameter is hostile: ignored with a warning, never rendered."""
    values = [APP_VALUES[(start + i) % len(APP_VALUES)] for i in range(8)]
    pages = [
        (
            None,
            {
                "node": values[0],
                "scenario": values[1],
                "year": values[2],
                "kinds": values[3],
                "hops": values[4],
                "size": values[5],
            },
        ),
        (
            "pathways",
            {
                "source": values[6],
                "target": values[7],
                "scenario": values[0],
                "k": values[1],
                "threshold": values[2],
                "mode": values[3],
                "friction": values[4],
                "edges": values[5],
            },
        ),
        ("queries", {"q": values[0]}),
        (
            "queries",
            {"q": "actor_neighbourhood", "p.actor": values[1], "p.hops": values[2], "p.as_of": values[3]},
        ),
        ("queries", {"q": "highest_official_no_mission", "p.country": values[4], "p.as_of": values[5]}),
    ]
    for page, query in pages:
        at = open_page(page, **query)
        _assert_escaped(at)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,  # nested too deep for the JSON parser
        '{"high": NaN}',  # not a number
        '{"high": 1e309}',  # infinity
        '{"high": true}',  # a boolean is not a probability
        '{"nowhere": 0.5}',  # an unknown name
        "null",  # not an object
    ],
)
def test_app_json_link_parameters_are_ignored_with_a_warning(app_data, text):
    at = open_page("pathways", friction=text, edges=text)
    _assert_escaped(at)
    assert "Part of this link was ignored" in "".join(w.value for w in at.warning)


def test_app_adhoc_parameters_bind_hostile_values_on_neo4j(app_data, loaded, neo4j_server):
    driver, before = loaded
    at = open_page("queries")
    at.sidebar.text_input(key="neo4j_uri").set_value(neo4j_server.uri)
    at.sidebar.text_input(key="neo4j_password").set_value(neo4j_server.password or "unused-password")
    at.sidebar.button[0].click().run()
    at.text_area(key="q_adhoc_text").set_value("MATCH (n:Entity) WHERE n.id = $id RETURN n.id AS id")
    for value in APP_VALUES[:12] + list(MARKUP):
        at.text_input(key="q_adhoc_params").set_value(json.dumps({"id": value}))
        at.button(key="FormSubmitter:adhoc-Run on Neo4j").click().run()
        _assert_escaped(at)
        assert not at.error, at.error[0].value
    assert checksum(driver) == before
