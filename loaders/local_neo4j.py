"""The user's own Neo4j server without Docker: what ``pathways neo4j start|stop|status`` runs.

It is the real Neo4j 5.26 community server the test suite runs (loaders/java_launcher.py builds it from
Maven Central), on 127.0.0.1 only and with authentication on. The password is generated once and kept
with the connection in ``$XDG_CONFIG_HOME/un-pathways/neo4j.json`` (``~/.config/...``): folder 0700,
file 0600, the password handed to the server on its stdin, never on a command line or in a log. While
the server runs, :func:`saved_settings` gives the CLI and the app its connection (``NEO4J_URI``,
``NEO4J_USER`` and ``NEO4J_PASSWORD`` still win: see ``Neo4jSettings.configured``).

The store, the pid file and the server's output live in ``$XDG_DATA_HOME/un-pathways/neo4j``
(``~/.local/share/...``); the store keeps the password it was created with, so the config file and
the store belong together.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from un_pathways.graph.dataset import Dataset
from un_pathways.graph.errors import ConnectionFailed, PathwaysError
from un_pathways.loaders.java_launcher import MAIN_CLASS, READY_PREFIX, build_launcher, launcher_command
from un_pathways.loaders.neo4j_store import Neo4jSettings, load_dataset, open_driver

__all__ = [
    "DEFAULT_PORT",
    "ServerState",
    "config_file",
    "saved_settings",
    "server_dir",
    "start_server",
    "server_state",
    "stop_server",
]

DEFAULT_PORT = 7687
USER = "neo4j"  # the community edition's one admin user
START_TIMEOUT_S = 300.0  # a loaded laptop; the launcher build is separate and has no limit
STOP_TIMEOUT_S = 60.0


def config_file() -> Path:
    """Connection file (uri while running, user, password): owner-only."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "un-pathways" / "neo4j.json"


def server_dir() -> Path:
    """The server's home: its store (data/), Neo4j's logs (logs/), the pid file and its output."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "un-pathways" / "neo4j"


def _pid_file() -> Path:
    return server_dir() / "neo4j.pid"


def _output_file() -> Path:
    return server_dir() / "launcher-output.log"


def _read_config() -> dict[str, str]:
    try:
        values = json.loads(config_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}


def _write_config(values: dict[str, str]) -> None:
    """Write the connection file atomically: folder 0700, file 0600 from its creation on."""
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.parent.chmod(0o700)  # also when the folder existed with wider rights
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(values, out, indent=2)
    os.replace(staging, path)


@dataclass(frozen=True)
class ServerState:
    """Whether the local server runs, and where."""

    running: bool
    pid: int | None
    uri: str | None
    server_dir: Path
    config_file: Path

    def to_dict(self) -> dict[str, object]:
        return {
            "running": self.running,
            "pid": self.pid,
            "uri": self.uri,
            "server_dir": str(self.server_dir),
            "config_file": str(self.config_file),
        }


def _is_our_server(pid: int) -> bool:
    """True if ``pid`` is alive and is the launcher (not an unrelated process that reused the pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process
    try:
        return MAIN_CLASS.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc (macOS): trust the live pid
    except OSError:
        return False


def _running_pid() -> int | None:
    try:
        pid = int(_pid_file().read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _is_our_server(pid) else None


def server_state() -> ServerState:
    """Whether the server started by ``pathways neo4j start`` runs, its pid and URI."""
    pid = _running_pid()
    return ServerState(
        pid is not None, pid, _read_config().get("uri") if pid else None, server_dir(), config_file()
    )


def saved_settings() -> Neo4jSettings | None:
    """The running local server's connection, or None when it does not run."""
    config = _read_config()
    if not config.get("uri") or _running_pid() is None:
        return None
    return Neo4jSettings(
        uri=config["uri"], user=config.get("user", USER), password=config.get("password", "")
    )


def _check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise ConnectionFailed(
                f"port {port} on 127.0.0.1 is already in use (another Neo4j, e.g. `docker compose`?): "
                "stop it, or choose another port with `pathways neo4j start --port N`"
            ) from None


def _wait_until_ready(process: subprocess.Popen[bytes], offset: int, deadline: float) -> None:
    while True:
        with open(_output_file(), "rb") as out:
            out.seek(offset)
            if READY_PREFIX.encode() in out.read():
                return
        if process.poll() is not None or time.monotonic() > deadline:
            problem = (
                f"it exited with code {process.returncode}"
                if process.poll() is not None
                else f"it did not answer within {START_TIMEOUT_S:.0f} s"
            )
            tail = "\n".join(_output_file().read_text(errors="replace").splitlines()[-15:])
            raise ConnectionFailed(
                f"the local Neo4j did not start: {problem}. Its output ({_output_file()}):\n{tail}\n"
                f"Neo4j's own log: {server_dir() / 'logs' / 'debug.log'}"
            )
        time.sleep(0.2)


def _launch(port: int, password: str) -> int:
    """Start the server detached from this process (own session); return its pid once Bolt answers."""
    folder = build_launcher()
    home = server_dir()
    home.mkdir(parents=True, exist_ok=True)
    with open(_output_file(), "ab") as output:
        offset = output.tell()
        process = subprocess.Popen(
            launcher_command(folder, port, home, auth=True, until_signal=True),
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=home,
            start_new_session=True,
        )
    try:
        assert process.stdin is not None
        process.stdin.write(password.encode() + b"\n")  # stdin, never argv: argv is public
        process.stdin.close()
        _wait_until_ready(process, offset, time.monotonic() + START_TIMEOUT_S)
    except BaseException:
        _terminate(process.pid)
        raise
    _pid_file().write_text(f"{process.pid}\n")
    return process.pid


def _terminate(pid: int) -> None:
    """SIGTERM (the launcher's shutdown hook closes the store cleanly), SIGKILL after a grace period."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            finished, _ = os.waitpid(pid, os.WNOHANG)  # reaps it when it is our child
        except ChildProcessError:
            finished = 0
        if finished == pid or not _alive(pid):
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    try:
        os.waitpid(pid, 0)  # our child (a start that failed): reap it
    except ChildProcessError:
        pass


def _alive(pid: int) -> bool:
    """True while ``pid`` runs; an exited process its parent has not reaped yet (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def start_server(dataset: Dataset, port: int = DEFAULT_PORT) -> dict[str, object]:
    """Start the local server (or find it running), load ``dataset`` into it and save its connection.

    Returns the state plus the load's counts. The dataset is validated by the caller before anything
    starts; a server started here is stopped again if the load fails.
    """
    config = _read_config()
    password = config.get("password") or secrets.token_urlsafe(32)
    pid = _running_pid()
    already_running = pid is not None
    if not already_running:
        if (server_dir() / "data").is_dir() and not config.get("password"):
            raise ConnectionFailed(
                f"the local Neo4j store in {server_dir()} was created with a password that is no longer in "
                f"{config_file()}: delete {server_dir()} to start afresh (the dataset is loaded again)"
            )
        _check_port_free(port)
        _write_config({"user": USER, "password": password})  # saved before the store takes it
        pid = _launch(port, password)
        uri = f"bolt://127.0.0.1:{port}"
    else:
        uri = config.get("uri") or f"bolt://127.0.0.1:{port}"
    settings = Neo4jSettings(uri=uri, user=USER, password=password)
    try:
        try:
            driver = open_driver(settings)
        except ConnectionFailed as exc:
            if "refused the credentials" not in str(exc):
                raise
            raise ConnectionFailed(
                f"the local Neo4j store in {server_dir()} has another password than the one in "
                f"{config_file()} (was the file replaced?); it was stopped again: delete {server_dir()} "
                "and start again (the dataset is loaded again)"
            ) from None
        try:
            counts = load_dataset(driver, dataset)
        finally:
            driver.close()
    except BaseException:
        if not already_running and pid is not None:  # pid is the server _launch started above
            _terminate(pid)
            _pid_file().unlink(missing_ok=True)
        raise
    _write_config({"uri": uri, "user": USER, "password": password})
    return {**server_state().to_dict(), "already_running": already_running, "counts": counts}


def stop_server() -> int | None:
    """Stop the local server; returns the pid it stopped, or None if it was not running."""
    pid = _running_pid()
    if pid is not None:
        _terminate(pid)
        if _alive(pid):
            raise PathwaysError(f"the local Neo4j (pid {pid}) did not stop; end it with `kill -9 {pid}`")
    _pid_file().unlink(missing_ok=True)
    config = _read_config()
    if config.pop("uri", None) is not None:
        _write_config(config)  # keep the password: the store still has it
    return pid
