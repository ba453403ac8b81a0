"""Build and run the embedded Neo4j launcher: a real Neo4j 5.26 community server from Maven Central.

The launcher is a tiny Maven module shipped inside the package (``loaders/neo4j_launcher``: pom.xml and one
Java class) that embeds the community DBMS and opens its Bolt connector. It serves two users: the test
suite (tests/neo4j_server.py, auth off, the server dies with the test process) and ``pathways neo4j start``
(loaders/local_neo4j.py, auth on, runs until stopped). Both build it here and start it with
:func:`launcher_command`.

The build goes to the user's cache folder (``$XDG_CACHE_HOME/un-pathways/neo4j-launcher/<digest>``), never
into the package: site-packages may be read-only, and the build holds Neo4j's jars (~125 MB, downloaded by
Maven into ``~/.m2`` on the first build). The digest covers the module's sources, so an upgraded package
builds afresh and an unchanged one reuses the build.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from un_pathways.graph.errors import PathwaysError
from un_pathways.loaders.resources import neo4j_launcher_dir

__all__ = [
    "INSTALL_HINT",
    "JVM_FLAGS",
    "TRANSACTION_MEMORY_MB",
    "MAIN_CLASS",
    "MIN_JAVA_MAJOR",
    "READY_PREFIX",
    "LauncherError",
    "build_folder",
    "build_launcher",
    "launcher_command",
    "missing_tools",
]

MAIN_CLASS = "org.unpathways.launcher.Neo4jLauncher"
READY_PREFIX = "NEO4J_READY "  # the launcher prints this line once Bolt answers
MIN_JAVA_MAJOR = 17
INSTALL_HINT = (
    "install a Java 17+ JDK and Maven, e.g. `sudo apt-get install openjdk-17-jdk-headless maven` "
    "(Debian/Ubuntu), `sudo dnf install java-17-openjdk-devel maven` (Fedora) or "
    "`brew install openjdk@17 maven` (macOS)"
)

# JVM flags. Heap is fixed (-Xms = -Xmx) as Neo4j recommends; the page cache (256 MiB, set in the
# launcher) is off-heap, so expect ~1.3 GiB at most. The --add-opens flags are the ones Neo4j's own
# neo4j.conf ships with: without them Neo4j falls back to slower I/O paths and logs warnings.
# No -XX:+ExitOnOutOfMemoryError: a query that builds a value bigger than the heap (Neo4j does not
# count expression values against db.memory.transaction.max) must fail with
# Neo.TransientError.General.OutOfMemoryError, not take the server down (measured: with the flag the
# JVM exited; without it the query failed and Neo4j answered on). The default G1 collector is kept:
# with -XX:+UseParallelGC, whose "GC overhead limit" should fail such a query early, a query building
# millions of small texts froze the server for good instead (measured, docs/reliability.md section 10).
# Query memory one transaction may hold (db.memory.transaction.max), the same as docker-compose.yml: enough
# for the curated data and ten times it in one all-or-nothing load; the benchmark's N=1000 load asks for more.
TRANSACTION_MEMORY_MB = 256
JVM_FLAGS = (
    "-Xms1g",
    "-Xmx1g",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_BUILT = ".unpathways-built"  # written last: a folder without it is an interrupted build


class LauncherError(PathwaysError):
    """Java or Maven is missing or too old, or the launcher does not build."""


def missing_tools() -> str | None:
    """Why the launcher cannot be built and run here (what is missing, what to install), or None."""
    missing = [tool for tool in ("java", "javac", "mvn") if shutil.which(tool) is None]
    if missing:
        return (
            f"running Neo4j without Docker needs Java {MIN_JAVA_MAJOR}+ (a JDK: the launcher is compiled) "
            f"and Maven 3.8+; not found on PATH: {', '.join(missing)}. To fix: {INSTALL_HINT}"
        )
    major = _java_major_version()
    if major is not None and major < MIN_JAVA_MAJOR:
        return f"the java on PATH is version {major}, Neo4j needs {MIN_JAVA_MAJOR}+. To fix: {INSTALL_HINT}"
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
    return int(match.group(2) or 0) if major == 1 else major  # pre-9 Java reports "1.8.0_..."


def _sources(module: Path) -> list[Path]:
    return [module / "pom.xml", *sorted(p for p in (module / "src").rglob("*") if p.is_file())]


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "un-pathways" / "neo4j-launcher"


def build_folder(module: Path | None = None) -> Path:
    """Where the launcher of these sources is (or will be) built: one folder per source digest."""
    module = module or neo4j_launcher_dir()
    digest = hashlib.sha256()
    for path in _sources(module):
        digest.update(str(path.relative_to(module)).encode() + b"\0" + path.read_bytes() + b"\0")
    return _cache_root() / digest.hexdigest()[:16]


def build_launcher(module: Path | None = None) -> Path:
    """Build the launcher with Maven unless this version is already built; returns its build folder.

    The first build downloads Neo4j and its dependencies (~125 MB) from Maven Central into ~/.m2. A file
    lock keeps parallel processes (test workers, two commands) from building the same folder at once.
    Builds of other source versions are removed once this one succeeds.
    """
    reason = missing_tools()
    if reason:
        raise LauncherError(reason)
    module = module or neo4j_launcher_dir()
    folder = build_folder(module)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (folder / _BUILT).is_file():
                return folder
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(module, folder, ignore=shutil.ignore_patterns("target"))
            cmd = [
                "mvn",
                "-q",
                "-B",
                "-Dstyle.color=never",
                "-f",
                str(folder / "pom.xml"),
                "package",
                "-DskipTests",
            ]
            result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if result.returncode != 0:
                output = _ANSI_ESCAPE.sub("", result.stdout)  # Debian's mvn colours even with -B
                tail = "\n".join(output.splitlines()[-40:])
                raise LauncherError(
                    f"building the Neo4j launcher failed (exit {result.returncode}).\n"
                    f"command: {' '.join(cmd)}\nlast Maven output:\n{tail}"
                )
            (folder / _BUILT).touch()
            for other in folder.parent.iterdir():
                if other.is_dir() and other != folder:
                    shutil.rmtree(other, ignore_errors=True)
            return folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def launcher_command(
    folder: Path,
    port: int,
    data_dir: Path,
    *,
    auth: bool = False,
    until_signal: bool = False,
    transaction_memory_mb: int = TRANSACTION_MEMORY_MB,
) -> list[str]:
    """The ``java`` command line that starts the built launcher on 127.0.0.1:``port``.

    With ``auth`` the launcher reads the password from the first line of its stdin (never an argument:
    arguments are visible to every local user). Without ``until_signal`` it stops at EOF on stdin.
    ``transaction_memory_mb``: the query memory one transaction may hold (all together: twice that);
    above the default the heap grows to four times it, so the transactions' cap stays inside the heap.
    """
    classpath = os.pathsep.join([str(folder / "target" / "classes"), str(folder / "target" / "lib" / "*")])
    args = ["--port", str(port), "--data-dir", str(data_dir)]
    args += ["--auth"] if auth else []
    args += ["--until-signal"] if until_signal else []
    flags = list(JVM_FLAGS)
    if transaction_memory_mb != TRANSACTION_MEMORY_MB:
        args += ["--transaction-memory-mb", str(transaction_memory_mb)]
        heap = max(1024, 4 * transaction_memory_mb)
        flags = [f"-Xms{heap}m", f"-Xmx{heap}m", *(f for f in flags if not f.startswith(("-Xms", "-Xmx")))]
    return ["java", *flags, "-cp", classpath, MAIN_CLASS, *args]
