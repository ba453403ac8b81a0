"""`pathways app` (the README's first command) serves the explorer and prints its URL."""

from __future__ import annotations

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_pathways_app_answers_http_200():
    port = free_port()
    process = start_group(
        [sys.executable, "-m", "un_pathways.cli.main", "app", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert f"http://localhost:{port}" in first_line
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status != 200:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    status = answer.status
            except OSError:
                time.sleep(0.3)
        assert status == 200, "the health endpoint never answered"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert page.status == 200
            assert "<html" in page.read().decode().lower()
    finally:
        stop_group(process)  # the Streamlit server `pathways app` started goes with it
