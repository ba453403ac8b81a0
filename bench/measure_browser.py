"""The app in the real browser: start to first graph, widget change to updated result, peak memory.

Serves ``app.py`` with Streamlit exactly as the browser tests do (their
``serve_app``, and their wait for the drawn graph), drives
Debian's Chromium with Playwright, and reads the server's peak resident
memory (VmHWM) from /proc after it has drawn the graph.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import targets
from bench.harness import Figure, Options, SizeSummary, Timing, progress
from tests.app_server import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, serve_app
from tests.test_browser import _wait_for_graph

__all__ = ["measure_browser"]

SCENARIOS = (
    re.compile(r"^Before Human Rights", re.IGNORECASE),
    re.compile(r"^Human Rights up Front", re.IGNORECASE),
)
METRIC = "[data-testid='stMetricValue']"


@contextmanager
def _app(folder: Path) -> Iterator[tuple[str, int, float]]:
    """A running app on ``folder``: (URL, the server's pid, when it was started)."""
    started = time.monotonic()
    with serve_app(folder) as url:
        yield url, _server_pid(int(url.rsplit(":", 1)[1])), started


def _server_pid(port: int) -> int:
    """The pid of the streamlit process serving ``port`` (found by its command line)."""
    wanted = f"--server.port\0{port}\0".encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and wanted in (entry / "cmdline").read_bytes():
                return int(entry.name)
        except OSError:
            continue
    raise RuntimeError(f"no process serves port {port}")


def _peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set size) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def _visit(browser, folder: Path, timeout_ms: int, changes: int = 0) -> tuple[float, float, Timing | None]:
    """One app run: seconds from server start to the graph drawn on Explore, then ``changes``
    scenario changes on Pathways; with the server's peak RSS (MB) at the end."""
    with _app(folder) as (url, pid, started):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            page.goto(f"{url}/explore")  # the first graph (the start page at / has none)
            _wait_for_graph(page)
            start = time.monotonic() - started
            change = _scenario_changes(page, url, changes) if changes else None
            return start, _peak_rss_mb(pid), change
        finally:
            context.close()


def _scenario_changes(page, url: str, changes: int) -> Timing:
    """Seconds from choosing another scenario on Pathways to the new reach shown, per change."""
    runs = []
    page.goto(f"{url}/pathways")
    page.locator(METRIC).first.wait_for()
    for index in range(changes + 1):  # the first change is the warm-up
        before = page.locator(METRIC).first.inner_text()
        started = time.monotonic()
        page.get_by_role("combobox", name="Scenario").click()
        page.get_by_role("option", name=SCENARIOS[(index + 1) % 2]).first.click()
        page.wait_for_function(
            "(old) => { const m = document.querySelector(\"[data-testid='stMetricValue']\");"
            " return m && m.innerText !== old; }",
            arg=before,
        )
        if index:
            runs.append(time.monotonic() - started)
    return Timing(tuple(runs))


def measure_browser(curated: SizeSummary, big: SizeSummary | None, options: Options) -> list[Figure]:
    """Start-to-graph and a widget change on the curated data; peak memory (and the same times) on ``big``."""
    name_start, name_change, name_rss = (
        "app start to first graph (Explore)",
        "scenario change to new reach (Pathways)",
        "app peak RSS",
    )
    if not Path(CHROMIUM).exists():
        note = f"not measured: {CHROMIUM} is missing (apt-get install chromium)"
        return [Figure(curated.label, "app", name, note=note) for name in (name_start, name_change)]
    from playwright.sync_api import sync_playwright

    # The first start compiles bytecode and fills caches: with several starts it is the warm-up.
    starts, changes = (1, 2) if options.quick else (4, 6)
    figures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            progress(f"  app on {curated.label}: {starts} start(s), then {changes} scenario changes…")
            visits = [
                _visit(browser, curated.folder, 60_000, changes if i == starts - 1 else 0)
                for i in range(starts)
            ]
            timing = Timing(tuple(v[0] for v in visits[1:] or visits), cold=starts == 1)
            start = Figure(curated.label, "app", name_start, embedded=timing)
            change = Figure(curated.label, "app", name_change, embedded=visits[-1][2])
            figures += [
                start.check("start to graph", targets.APP_START_TO_GRAPH_S, timing.median),
                change.check("widget change", targets.WIDGET_CHANGE_S, visits[-1][2].median),
                Figure(curated.label, "app", name_rss, value=visits[-1][1], unit="MB"),
            ]
            if big is not None:
                progress(f"  app on {big.label}: start, peak memory…")
                seconds, peak, change_big = _visit(browser, big.folder, 300_000, 0 if options.quick else 3)
                figures.append(Figure(big.label, "app", name_start, embedded=Timing((seconds,), cold=True)))
                if change_big:
                    figures.append(Figure(big.label, "app", name_change, embedded=change_big))
                rss = Figure(big.label, "app", name_rss, value=peak, unit="MB")
                figures.append(
                    rss.check("peak RSS", targets.APP_PEAK_RSS_MB if big.label == "N=130" else None, peak)
                )
        finally:
            browser.close()
    return figures
