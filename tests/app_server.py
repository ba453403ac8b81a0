"""Serve the real app for browser tests: ``streamlit run app.py`` on a free 127.0.0.1 port.

Shared by tests/test_browser.py and tests/test_browser_hostile.py. The browser
is Debian's ``/usr/bin/chromium`` driven by Playwright; without it the browser
tests skip, loudly, unless ``PATHWAYS_REQUIRE_BROWSER=1`` (CI), which turns
the skip into a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

try:
    from tests.process_group import start_group, stop_group
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from process_group import start_group, stop_group

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ROOT",
    "VIEWPORT",
    "SCREENSHOTS_ENV",
    "launch_chromium",
    "require_chromium",
    "screenshot_folder",
    "serve_app",
]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# `make screenshots` sets it to docs/screenshots: the only way a test run writes the docs' pictures.
SCREENSHOTS_ENV = "PATHWAYS_SCREENSHOTS"


def screenshot_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save their screenshots: ``$PATHWAYS_SCREENSHOTS``, else a temporary folder."""
    wanted = os.environ.get(SCREENSHOTS_ENV)
    if not wanted:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(wanted).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def require_chromium() -> None:
    """Skip (or fail, with PATHWAYS_REQUIRE_BROWSER=1) when Chromium is missing."""
    if Path(CHROMIUM).exists():
        return
    message = (
        f"BROWSER TESTS NOT RUN: {CHROMIUM} is missing (install it with "
        "`apt-get install -y chromium`; never `playwright install`)"
    )
    if os.environ.get("PATHWAYS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} and PATHWAYS_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout} s")


@contextmanager
def serve_app(data: str | Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The app serving the data folder ``data``; yields its base URL once it is healthy."""
    port = _free_port()
    process = start_group(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--client.toolbarMode",
            "minimal",
            "--client.showErrorDetails",
            "none",  # as `pathways app` serves it: no exception text or trace in the browser
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "PATHWAYS_DATA": str(Path(data).resolve())},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        stop_group(process)


@contextmanager
def launch_chromium():
    """Debian's headless Chromium driven by Playwright, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
