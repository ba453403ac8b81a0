"""Start a real Neo4j 5.26 LTS server for the test suite, without Docker.

Why this exists: the Neo4j backend must be tested against a genuine Neo4j
server, not a mock, but the machines that run the tests have no Docker engine
and cannot download the Neo4j tarball -- they only reach Maven Central. So
``tests/neo4j_launcher`` is a tiny Maven module that embeds the community Neo4j
DBMS (``org.neo4j:neo4j`` from Maven Central) and opens its Bolt connector;
this module builds it on demand, runs it as a child ``java`` process on a free
local port and hands the tests a ``bolt://`` URI that the ordinary ``neo4j``
Python driver talks to exactly as it would to a standalone server.

Auth is disabled in the launcher, so any credentials are accepted.

Only the standard library and the ``neo4j`` driver are used, so the module can
be imported from ``conftest.py`` without extra dependencies.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j_launcher"
MAIN_CLASS = "org.unpathways.launcher.Neo4jLauncher"
READY_PREFIX = "NEO4J_READY "

# Written after a successful build; sources newer than this trigger a rebuild.
_BUILD_STAMP = LAUNCHER_DIR / "target" / ".unpathways-build-stamp"

# JVM flags. Heap is fixed (-Xms = -Xmx) as Neo4j recommends; the page cache
# (256 MiB, set in the launcher) is off-heap, so expect ~1.3 GiB at most.
# The --add-opens flags are the ones Neo4j's own neo4j.conf ships with: without
# them Neo4j falls back to slower I/O paths and logs warnings.
JVM_FLAGS = (
    "-Xms1g",
    "-Xmx1g",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

MIN_JAVA_MAJOR = 17

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def find_java_and_maven() -> str | None:
    """Return why a Neo4j server cannot be started here, or None if it can.

    Lets a fixture skip (or fail, in CI) with a precise reason instead of
    erroring deep inside a subprocess call.
    """
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        return (
            f"cannot start a real Neo4j for the tests: {' and '.join(missing)} "
            f"not found on PATH (need Java {MIN_JAVA_MAJOR}+ and Maven 3.8+)"
        )
    major = _java_major_version()
    if major is not None and major < MIN_JAVA_MAJOR:
        return (
            f"cannot start a real Neo4j for the tests: java on PATH is version "
            f"{major}, Neo4j 5.26 needs Java {MIN_JAVA_MAJOR}+"
        )
    return None


def _java_major_version() -> int | None:
    """Major version of the `java` on PATH (e.g. 17), or None if unparseable."""
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return None
    major = int(match.group(1))
    # Pre-9 Java reports "1.8.0_..."
    return int(match.group(2) or 0) if major == 1 else major


def build_launcher() -> None:
    """Build tests/neo4j_launcher with Maven unless the build is up to date.

    The first build downloads Neo4j and its dependencies (~125 MB) from Maven
    Central into ~/.m2. A file lock keeps parallel test processes (e.g.
    pytest-xdist workers) from building into the same target/ at once.
    """
    lock_path = Path(tempfile.gettempdir()) / "unpathways-neo4j-launcher-build.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _needs_build():
                return
            # `clean` matters: copy-dependencies never deletes jars, so after a
            # Neo4j version bump target/lib would otherwise hold both versions.
            pom = str(LAUNCHER_DIR / "pom.xml")
            cmd = ["mvn", "-q", "-B", "-Dstyle.color=never", "-f", pom, "clean", "package", "-DskipTests"]
            result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if result.returncode != 0:
                output = _ANSI_ESCAPE.sub("", result.stdout)  # Debian's mvn colours even with -B
                tail = "\n".join(output.splitlines()[-40:])
                raise RuntimeError(
                    f"building the Neo4j test launcher failed (exit {result.returncode}).\n"
                    f"command: {' '.join(cmd)}\n"
                    f"last Maven output:\n{tail}"
                )
            _BUILD_STAMP.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _needs_build() -> bool:
    if not _BUILD_STAMP.exists() or not (LAUNCHER_DIR / "target" / "lib").is_dir():
        return True
    built_at = _BUILD_STAMP.stat().st_mtime
    sources = [LAUNCHER_DIR / "pom.xml", *(LAUNCHER_DIR / "src").rglob("*")]
    return any(path.stat().st_mtime > built_at for path in sources if path.is_file())


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
    # Auth is disabled in the launcher: these are accepted but not checked.
    user = "neo4j"
    password = "unpathways-test"

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        port: int | None = None,
        startup_timeout: float = 120.0,
        stop_timeout: float = 30.0,
    ) -> None:
        self._owns_data_dir = data_dir is None
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
        build_launcher()
        if self.data_dir is None:
            self.data_dir = Path(tempfile.mkdtemp(prefix="unpathways-neo4j-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.port is None:
            self.port = _free_port()

        output_path = self.data_dir / "launcher-output.log"
        self._output = open(output_path, "ab")
        start_offset = self._output.tell()
        classpath = os.pathsep.join(
            [str(LAUNCHER_DIR / "target" / "classes"), str(LAUNCHER_DIR / "target" / "lib" / "*")]
        )
        args = ["--port", str(self.port), "--data-dir", str(self.data_dir)]
        cmd = ["java", *JVM_FLAGS, "-cp", classpath, MAIN_CLASS, *args]
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
