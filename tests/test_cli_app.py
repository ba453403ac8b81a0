"""`pathways app` (the README's first command) serves the explorer, prints its URL, and leaves nothing behind.

The command replaces itself with the Streamlit server (``os.execve``), so the pid a user (or a container
runtime) started is the server: a SIGTERM to it stops the server, and no process of the group it started
survives. The test checks that on its own process group only, never on the machine's process table.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

try:
    from tests.process_group import start_group, stop_group
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from process_group import start_group, stop_group

ROOT = Path(__file__).resolve().parent.parent
PATHWAYS = Path(sys.executable).parent / "pathways"  # the console script this venv installed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(port: int, timeout: float = 60) -> int | None:
    deadline, status = time.monotonic() + timeout, None
    while time.monotonic() < deadline and status != 200:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                status = answer.status
        except OSError:
            time.sleep(0.3)
    return status


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_pathways_app_answers_http_200_and_stops_on_sigterm():
    port = free_port()
    process = start_group(
        [str(PATHWAYS), "app", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # its own process group: what it leaves behind is checked there only
    pgid = process.pid
    try:
        first_line = process.stdout.readline()
        assert f"http://localhost:{port}" in first_line
        assert wait_for_health(port) == 200, "the health endpoint never answered"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert page.status == 200
            assert "<html" in page.read().decode().lower()
        # The pid that was started is the server itself, not a parent waiting on it.
        assert "streamlit run" in command_line(process.pid)

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) is not None
        deadline = time.monotonic() + 30
        while group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not group_alive(pgid), "a process started by `pathways app` survived its SIGTERM"
    finally:
        stop_group(process)  # the Streamlit server `pathways app` started goes with it
        process.stdout.close()
