"""Start a real Neo4j 5.26 LTS server for the test suite, without Docker.

Why this exists: the Neo4j backend must be tested against a genuine Neo4j
server, not a mock, but the machines that run the tests have no Docker engine
and cannot download the Neo4j tarball -- they only reach Maven Central. So
the package ships a tiny Maven module (``loaders/neo4j_launcher``) that embeds
the community Neo4j DBMS (``org.neo4j:neo4j`` from Maven Central) and opens its
Bolt connector; ``un_pathways.loaders.java_launcher`` builds it on demand into
the user's cache folder, and this module runs it as a child ``java`` process on
a free local port and hands the tests a ``bolt://`` URI that the ordinary
``neo4j`` Python driver talks to exactly as it would to a standalone server.
(``pathways neo4j start`` runs the same launcher, with authentication on.)

Auth is disabled for the tests, so any credentials are accepted.

Only the standard library, the ``neo4j`` driver and the package's launcher
module are used, so the module can be imported from ``conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from un_pathways.loaders.java_launcher import (
    READY_PREFIX,
    TRANSACTION_MEMORY_MB,
    build_launcher,
    launcher_command,
    missing_tools,
)


def find_java_and_maven() -> str | None:
    """Return why a Neo4j server cannot be started here, or None if it can.

    Lets a fixture skip (or fail, in CI) with a precise reason instead of
    erroring deep inside a subprocess call.
    """
    reason = missing_tools()
    return f"cannot start a real Neo4j for the tests: {reason}" if reason else None


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no {path.name})"


class Neo4jServer:
    """A real Neo4j server in a child JVM, for tests.

    ``start()`` builds the launcher if needed, picks a free port (once) and
    waits until the server accepts Bolt connections. ``stop()`` shuts it down
    cleanly but keeps the data directory, so ``restart()`` brings the same
    database back on the same URI -- tests use that to simulate a lost
    database. ``close()`` (or leaving the ``with`` block) also deletes the
    data directory if this object created it.

    The child's stdin is a pipe that is never written to: the launcher exits
    when it reaches EOF, so the JVM dies with the test process even if the
    test process is killed without running ``stop()``.
    """

    can_restart = True
    # Auth is off for the tests: these are accepted but not checked.
    user = "neo4j"
    password = "unpathways-test"

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        port: int | None = None,
        startup_timeout: float = 120.0,
        stop_timeout: float = 30.0,
        transaction_memory_mb: int = TRANSACTION_MEMORY_MB,
    ) -> None:
        self._owns_data_dir = data_dir is None
        self.transaction_memory_mb = transaction_memory_mb
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.port = port
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._output = None  # file receiving the JVM's stdout + stderr
        self.startup_seconds: float | None = None  # of the last start(), for reports

    @property
    def uri(self) -> str:
        if self.port is None:
            raise RuntimeError("Neo4jServer has no port yet; call start() first")
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def debug_log(self) -> Path | None:
        """Neo4j's own log (the launcher keeps stdout for the ready line only)."""
        return self.data_dir / "logs" / "debug.log" if self.data_dir else None

    def start(self) -> None:
        """Start the server and return once it answers Bolt; no-op if running."""
        if self.is_running:
            return
        reason = find_java_and_maven()
        if reason:
            raise RuntimeError(reason)
        build = build_launcher()
        if self.data_dir is None:
            self.data_dir = Path(tempfile.mkdtemp(prefix="unpathways-neo4j-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.port is None:
            self.port = _free_port()

        output_path = self.data_dir / "launcher-output.log"
        self._output = open(output_path, "ab")
        start_offset = self._output.tell()
        cmd = launcher_command(
            build, self.port, self.data_dir, transaction_memory_mb=self.transaction_memory_mb
        )
        started_at = time.monotonic()
        self._process = subprocess.Popen(  # a process group of its own, stopped as a group
            cmd, stdin=subprocess.PIPE, stdout=self._output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            self._wait_until_ready(output_path, start_offset, started_at)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started_at

    def _wait_until_ready(self, output_path: Path, offset: int, started_at: float) -> None:
        deadline = started_at + self.startup_timeout
        # 1. The launcher prints the ready line once the DBMS is up and Bolt is bound.
        while True:
            with open(output_path, "rb") as out:
                out.seek(offset)
                if READY_PREFIX.encode() in out.read():
                    break
            self._check_alive_and_in_time(deadline, output_path, "the NEO4J_READY line")
            time.sleep(0.1)
        # 2. Then make sure the Python driver can actually talk to it.
        last_error: Exception | None = None
        while True:
            try:
                with GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
                    driver.verify_connectivity()
                return
            except (DriverError, Neo4jError, OSError) as error:
                last_error = error
            self._check_alive_and_in_time(
                deadline, output_path, f"Bolt connectivity (last error: {last_error!r})"
            )
            time.sleep(0.2)

    def _check_alive_and_in_time(self, deadline: float, output_path: Path, waiting_for: str) -> None:
        assert self._process is not None
        if self._process.poll() is not None:
            problem = f"the Neo4j launcher exited with code {self._process.returncode}"
        elif time.monotonic() > deadline:
            problem = f"timed out after {self.startup_timeout:.0f} s waiting for {waiting_for}"
        else:
            return
        raise RuntimeError(
            f"Neo4j test server on {self.uri} did not start: {problem}.\n"
            f"--- launcher output ({output_path}) ---\n{_tail(output_path, 20)}\n"
            f"--- tail of Neo4j log ({self.debug_log}) ---\n{_tail(self.debug_log)}"
        )

    def stop(self) -> None:
        """Shut the server down cleanly (data kept); kill it after a grace period."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                # Either signal makes the launcher run its shutdown hook, which
                # checkpoints and unlocks the store for the next start().
                try:
                    process.stdin.close()
                    os.killpg(process.pid, signal.SIGTERM)
                except OSError:
                    pass
                try:
                    process.wait(timeout=self.stop_timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            elif process.stdin:
                process.stdin.close()
        if self._output is not None:
            self._output.close()
            self._output = None

    def restart(self) -> None:
        """Stop and start again: same port, same data directory, same URI."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop, and delete the data directory if this object created it."""
        self.stop()
        if self._owns_data_dir and self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.data_dir = None

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
