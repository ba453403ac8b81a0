"""Secrets: the Neo4j password comes from the environment or the connect form, and goes nowhere else.

A distinctive password is used by the CLI (through ``NEO4J_PASSWORD``) and by
the app (typed into the sidebar form, and read from the environment), on the
success path and on the failure paths (unreachable server, invalid URI). It
must then appear in no output, no log record (the driver logging at DEBUG), no
file these tests made the code write, no URL parameter, and nothing in
``st.session_state`` but the driver object itself. The module runs with a
temporary folder of its own (``TMPDIR``, for the CLI processes too), so the
files to read are the ones in that folder, the parse cache and the checkout's
new or changed files -- never the system's temporary folder, where other
programs keep theirs.
``docker-compose.yml`` reading it from ``.env`` is checked in
tests/test_docker_compose.py; here, that git tracks ``.env.example`` and not
``.env``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from un_pathways.cli.main import main
from un_pathways.loaders.neo4j_store import Neo4jSettings

try:
    from tests.test_app_pages import app_data, open_page  # noqa: F401  (app_data is a fixture)
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, open_page  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SECRET = f"Sw0rdfish-{uuid.uuid4().hex}"  # auth is off in the test server: any password is accepted
UNREACHABLE = "bolt://127.0.0.1:9"
PRIVATE: dict[str, Path] = {}  # this module's own temporary folder


@pytest.fixture(scope="module", autouse=True)
def private_temp_folder(tmp_path_factory) -> Iterator[None]:
    """A temporary folder of this module's own, for this process and the CLI processes it starts."""
    PRIVATE["temp"] = tmp_path_factory.mktemp("secrets-tmp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(PRIVATE["temp"]))
        patch.setattr(tempfile, "tempdir", str(PRIVATE["temp"]))
        yield


@pytest.fixture
def debug_logs(caplog):
    """Every log record of the run, the driver's DEBUG records included."""
    caplog.set_level(logging.DEBUG)
    return caplog


def _cli_env(uri: str) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": SECRET}


@pytest.mark.parametrize(
    "argv, uri_kind",
    [
        (["query", "veto_holders", "--backend", "neo4j"], "server"),  # success
        (["cypher", "RETURN 1 AS one", "--json"], "server"),  # success, JSON
        (["cypher", "RETURN 1 AS one"], "unreachable"),  # connection refused
        (["query", "veto_holders", "--backend", "neo4j"], "invalid"),  # a URI the driver rejects
    ],
)
def test_cli_output_never_holds_the_password(neo4j_server, argv, uri_kind):
    uri = {"server": neo4j_server.uri, "unreachable": UNREACHABLE, "invalid": "http://127.0.0.1:1"}[uri_kind]
    done = subprocess.run(
        [sys.executable, "-m", "un_pathways.cli.main", *argv],
        cwd=ROOT,
        env={**_cli_env(uri), "PYTHONWARNINGS": "always"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == (0 if uri_kind == "server" else 2), done.stderr
    assert SECRET not in done.stdout + done.stderr


def test_cli_debug_logs_never_hold_the_password(neo4j_server, debug_logs, monkeypatch, capsys):
    for name, value in _cli_env(neo4j_server.uri).items():
        if name.startswith("NEO4J_"):
            monkeypatch.setenv(name, value)
    assert main(["query", "veto_holders", "--backend", "neo4j", "--json"]) == 0
    monkeypatch.setenv("NEO4J_URI", UNREACHABLE)
    assert main(["cypher", "RETURN 1"]) == 2
    out, err = capsys.readouterr()
    assert any(record.name.startswith("neo4j") for record in debug_logs.records)  # the driver did log
    assert SECRET not in debug_logs.text + out + err


def test_settings_never_show_the_password():
    settings = Neo4jSettings(uri=UNREACHABLE, password=SECRET)
    assert SECRET not in repr(settings) and SECRET not in str(settings)


def _values(value, seen=None):
    """Every plain value inside session state, without looking inside driver objects."""
    seen = seen if seen is not None else set()
    if id(value) in seen or isinstance(value, Driver):
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _values(key, seen)
            yield from _values(item, seen)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _values(item, seen)
    else:
        yield repr(value)


def _assert_app_keeps_no_password(at) -> None:
    assert not at.exception
    assert SECRET not in repr(dict(at.query_params))
    state = {key: at.session_state[key] for key in at.session_state}
    assert not [v for v in _values(state) if SECRET in v]
    shown = [str(getattr(e, "value", "")) for e in at.main] + [
        str(getattr(e, "value", "")) for e in at.sidebar
    ]
    assert not [text for text in shown if SECRET in text]


def test_app_connect_form_keeps_only_the_driver(app_data, neo4j_server, debug_logs):
    at = open_page("queries", q="veto_holders")
    at.sidebar.text_input(key="neo4j_uri").set_value(UNREACHABLE)
    at.sidebar.text_input(key="neo4j_password").set_value(SECRET)
    at.sidebar.button[0].click().run()  # fails: the banner must not quote the password
    _assert_app_keeps_no_password(at)

    at.sidebar.text_input(key="neo4j_uri").set_value(neo4j_server.uri)
    at.sidebar.text_input(key="neo4j_password").set_value(SECRET)
    at.sidebar.button[0].click().run()
    assert "neo4j_connection" in at.session_state  # connected: the session holds the driver
    assert isinstance(at.session_state["neo4j_connection"]["driver"], Driver)
    _assert_app_keeps_no_password(at)
    at.switch_page("pages/explore.py").run()
    _assert_app_keeps_no_password(at)
    assert SECRET not in debug_logs.text


def test_app_connection_from_the_environment_keeps_only_the_driver(app_data, neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    at = open_page("queries", q="veto_holders")
    assert "neo4j_connection" in at.session_state
    _assert_app_keeps_no_password(at)


def _with_credentials(uri: str, password: str) -> str:
    scheme, _, rest = uri.partition("://")
    return f"{scheme}://neo4j:{password}@{rest}"


# Passwords written into NEO4J_URI, with the characters that make URL parsers misread them.
URI_PASSWORDS = [
    SECRET,  # plain
    f"{SECRET}/x",  # a slash: urllib would take the rest for the path
    f"{SECRET}?x=1",  # a question mark: the query
    f"{SECRET}#frag",  # a hash: the fragment
    f"a@{SECRET}",  # an @ inside the password itself
]


# Fixed ids: the secret is random per process, and every xdist worker must collect the same names.
@pytest.mark.parametrize(
    "password", URI_PASSWORDS, ids=["plain", "slash", "question-mark", "hash", "at-sign"]
)
def test_cli_refuses_credentials_in_the_uri_without_showing_them(neo4j_server, password):
    done = subprocess.run(
        [sys.executable, "-m", "un_pathways.cli.main", "cypher", "RETURN 1 AS one"],
        cwd=ROOT,
        env={
            **_cli_env(_with_credentials(neo4j_server.uri, "x")),
            "NEO4J_URI": _with_credentials(neo4j_server.uri, password),
            "PYTHONWARNINGS": "always",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "set NEO4J_USER and NEO4J_PASSWORD" in done.stderr
    assert neo4j_server.uri.partition("://")[2] in done.stderr  # the URI it should be, without them
    assert SECRET not in done.stderr


def test_credentials_in_the_uri_reach_no_log_record(neo4j_server, debug_logs, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", _with_credentials(neo4j_server.uri, f"{SECRET}/x"))
    assert main(["query", "veto_holders", "--backend", "neo4j", "--json"]) == 2
    out, err = capsys.readouterr()
    assert SECRET not in debug_logs.text + out + err
    assert SECRET not in repr(Neo4jSettings.from_env())


def test_app_refuses_credentials_in_the_uri_from_the_environment(app_data, neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", _with_credentials(neo4j_server.uri, f"{SECRET}#x"))
    at = open_page("queries", q="veto_holders")
    assert "neo4j_connection" not in at.session_state
    banner = " ".join(str(e.value) for e in [*at.warning, *at.error]).replace("\\", "")
    assert "the Neo4j URI holds a user name or password" in banner
    assert "NEO4J_USER and NEO4J_PASSWORD" in banner
    _assert_app_keeps_no_password(at)  # the banner, the URI field's default, the session state


def test_app_connect_form_refuses_credentials_in_the_uri_and_clears_them(app_data, neo4j_server, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)  # the form is shown only when not connected from the env
    at = open_page("queries", q="veto_holders")
    at.sidebar.text_input(key="neo4j_uri").set_value(_with_credentials(neo4j_server.uri, f"{SECRET}?x"))
    at.sidebar.button[0].click().run()
    assert "neo4j_connection" not in at.session_state
    assert at.sidebar.text_input(key="neo4j_uri").value == neo4j_server.uri
    _assert_app_keeps_no_password(at)


def _files_the_tests_could_write() -> Iterator[Path]:
    """This module's temporary folder, the parse cache, and the checkout's new or changed files."""
    folders = [PRIVATE["temp"], Path(os.environ["PATHWAYS_CACHE_DIR"])]
    for folder in folders:
        yield from (path for path in folder.rglob("*") if path.is_file())
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for entry in filter(None, changed.split("\0")):
        path = ROOT / entry[3:]
        if path.is_file():
            yield path


def test_no_file_written_during_these_tests_holds_the_password():
    """Runs after the tests above (file order): nothing they made the code write may contain the password."""
    needle = SECRET.encode()
    leaked = []
    for path in _files_the_tests_could_write():
        try:
            if path.stat().st_size < 50_000_000 and needle in path.read_bytes():
                leaked.append(str(path))
        except OSError:  # removed meanwhile
            continue
    assert leaked == []


def test_git_tracks_the_env_template_and_never_the_env_file():
    tracked = subprocess.run(
        ["git", "ls-files", "--", ".env", ".env.example"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked == [".env.example"]
