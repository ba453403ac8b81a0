"""`pathways neo4j start|stop|status`: a real Neo4j without Docker, with authentication on.

The real test runs the command as a user would (the installed `pathways` script, in a child process)
with HOME and the XDG config and data folders in a temporary folder, so it never reads or writes the
user's own config or store; only the launcher build is shared with the suite's Neo4j (the XDG cache).
It leaves no process behind: the server's pid is checked after `stop`, and killed if a step failed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from un_pathways.cli.main import main
from un_pathways.loaders.java_launcher import missing_tools

try:
    from tests.test_app_pages import open_page, texts
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import open_page, texts

PATHWAYS = Path(sys.executable).parent / "pathways"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def alive(pid: int) -> bool:
    """Running, not merely an exited process waiting to be reaped."""
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


@pytest.fixture
def user_dirs(tmp_path: Path) -> dict[str, str]:
    """An environment whose home, config and data folders are temporary; no NEO4J_* variables."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")  # the shared launcher build
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=cache,
    )
    (tmp_path / "home").mkdir()
    return env


def pathways(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PATHWAYS), *argv], env=env, capture_output=True, text=True, timeout=900)


def test_start_without_java_or_maven_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["neo4j", "start"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert "java, javac, mvn" in err
    assert "apt-get install openjdk-17-jdk-headless maven" in err
    assert not (tmp_path / "config").exists() and not (tmp_path / "data").exists(), "wrote before checking"


def test_status_and_stop_when_nothing_runs(user_dirs):
    status = pathways(user_dirs, "neo4j", "status")
    assert status.returncode == 3 and "not running" in status.stdout
    stop = pathways(user_dirs, "neo4j", "stop", "--json")
    assert stop.returncode == 0 and json.loads(stop.stdout) == {"stopped": False, "pid": None}


@pytest.mark.neo4j
def test_start_query_status_stop_with_authentication(user_dirs, tmp_path, monkeypatch):
    reason = missing_tools()
    if reason:
        if os.environ.get("PATHWAYS_REQUIRE_NEO4J") == "1":
            pytest.fail(f"{reason} (PATHWAYS_REQUIRE_NEO4J=1 forbids skipping)", pytrace=False)
        pytest.skip(reason)
    config_folder = tmp_path / "config" / "un-pathways"
    config_folder.mkdir(parents=True, mode=0o755)  # an existing, too open folder gets closed
    config_folder.chmod(0o755)
    server_home = tmp_path / "data" / "un-pathways" / "neo4j"
    port = free_port()
    pid = None
    try:
        start = pathways(user_dirs, "neo4j", "start", "--port", str(port), "--json")
        if (server_home / "neo4j.pid").is_file():
            pid = int((server_home / "neo4j.pid").read_text())
        assert start.returncode == 0, start.stderr
        started = json.loads(start.stdout)
        assert started["running"] and started["uri"] == f"bolt://127.0.0.1:{port}"
        assert started["pid"] == pid and alive(pid)
        assert started["nodes"] > 200 and started["relationships"] > 400

        # The password: generated, owner-only, and in no output or log.
        assert stat.S_IMODE(config_folder.stat().st_mode) == 0o700
        config_file = config_folder / "neo4j.json"
        assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
        saved = json.loads(config_file.read_text())
        password = saved["password"]
        assert len(password) >= 32 and saved["uri"] == started["uri"]
        assert password not in start.stdout + start.stderr
        for log in [server_home / "launcher-output.log", *(server_home / "logs").glob("*.log")]:
            assert password not in log.read_text(errors="replace"), f"password written to {log}"

        # Authentication is on: the saved password opens it, the default and a wrong one do not.
        for wrong in ("neo4j", "not-the-password"):
            with GraphDatabase.driver(started["uri"], auth=("neo4j", wrong)) as driver:
                with pytest.raises(AuthError):
                    driver.verify_connectivity()

        # The CLI finds it with no NEO4J_* variable set, and gets the same answer as the embedded graph.
        on_neo4j = pathways(user_dirs, "query", "veto_holders", "--backend", "neo4j", "--json")
        embedded = pathways(user_dirs, "query", "veto_holders", "--json")
        assert on_neo4j.returncode == 0, on_neo4j.stderr
        assert json.loads(on_neo4j.stdout)["backend"].startswith("neo4j")
        assert json.loads(on_neo4j.stdout)["rows"] == json.loads(embedded.stdout)["rows"]

        # So does the app: its Queries page runs on it.
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
            monkeypatch.setenv(name, user_dirs[name])
        for name in [key for key in os.environ if key.startswith("NEO4J_")]:
            monkeypatch.delenv(name)
        at = open_page("queries", q="veto_holders")
        assert f"Neo4j at {started['uri']}" in texts(at.sidebar.markdown)
        assert "neo4j ·" in texts(at.caption)

        again = pathways(user_dirs, "neo4j", "start", "--json")  # reloads into the running server
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout) | {"already_running": True, "pid": pid} == json.loads(again.stdout)

        status = pathways(user_dirs, "neo4j", "status", "--json")
        assert status.returncode == 0
        assert json.loads(status.stdout) | {"running": True, "pid": pid} == json.loads(status.stdout)

        stop = pathways(user_dirs, "neo4j", "stop")
        assert stop.returncode == 0 and f"pid {pid}" in stop.stdout
        assert not alive(pid), "the server survived `pathways neo4j stop`"
        assert not (server_home / "neo4j.pid").exists()
        assert pathways(user_dirs, "neo4j", "status").returncode == 3
        after = pathways(user_dirs, "query", "veto_holders", "--backend", "neo4j")
        assert after.returncode == 2 and "no Neo4j configured" in after.stderr
        assert json.loads(config_file.read_text()) == {"user": "neo4j", "password": password}
    finally:
        if pid is not None and alive(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 60
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.5)
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
