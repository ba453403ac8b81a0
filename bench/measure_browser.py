"""The app in the real browser: start to first graph, widget change to updated result, page switch, memory.

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
from typing import NamedTuple

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
# A round of sidebar clicks, each page with its title and what shows that it is ready (beyond its title).
PAGE_ROUND = (
    ("pathways", "Where does the warning stall?", METRIC),
    ("cases", "Cases", None),
    ("learn", "Learn", None),
    ("queries", "Ask the graph", None),
    ("explore", "Explore the UN protection system", "graph"),
)


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


class Visit(NamedTuple):
    """What one app run measured."""

    start_s: float  # server start to the graph drawn on Explore
    peak_rss_mb: float
    changes: Timing | None  # scenario changes on Pathways
    switches: Timing | None  # sidebar clicks to the next page ready


def _visit(browser, folder: Path, timeout_ms: int, changes: int = 0, rounds: int = 0) -> Visit:
    """One app run: seconds from server start to the graph drawn on Explore, then ``rounds`` rounds of
    page switches from the sidebar and ``changes`` scenario changes on Pathways; the server's peak RSS."""
    with _app(folder) as (url, pid, started):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            page.goto(f"{url}/explore")  # the first graph (the start page at / has none)
            _wait_for_graph(page)
            start = time.monotonic() - started
            switches = _page_switches(page, rounds) if rounds else None
            change = _scenario_changes(page, url, changes) if changes else None
            return Visit(start, _peak_rss_mb(pid), change, switches)
        finally:
            context.close()


def _page_switches(page, rounds: int) -> Timing:
    """Seconds from a click on a sidebar page link to that page drawn and idle, for every page of
    PAGE_ROUND, ``rounds`` times over (each page's first visit is its warm-up)."""
    runs = []
    for index in range(rounds + 1):
        for path, title, ready in PAGE_ROUND:
            started = time.monotonic()
            page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").click()
            page.get_by_role("heading", name=title, exact=True).wait_for()
            if ready == "graph":
                _wait_for_graph(page)
            elif ready:
                page.locator(ready).first.wait_for()
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                " && !document.querySelector('[data-stale=\"true\"]')"
            )
            if index:
                runs.append(time.monotonic() - started)
    return Timing(tuple(runs))


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
    name_switch = "sidebar click to the next page drawn (5 pages)"
    if not Path(CHROMIUM).exists():
        note = f"not measured: {CHROMIUM} is missing (apt-get install chromium)"
        names = (name_start, name_change, name_switch)
        return [Figure(curated.label, "app", name, note=note) for name in names]
    from playwright.sync_api import sync_playwright

    # The first start compiles bytecode and fills caches: with several starts it is the warm-up.
    starts, changes, rounds = (1, 2, 1) if options.quick else (4, 6, 2)
    figures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            progress(f"  app on {curated.label}: {starts} start(s), then {changes} scenario changes…")
            visits = [
                _visit(browser, curated.folder, 60_000, *((changes, rounds) if i == starts - 1 else (0, 0)))
                for i in range(starts)
            ]
            last = visits[-1]
            assert last.changes is not None and last.switches is not None
            timing = Timing(tuple(v.start_s for v in visits[1:] or visits), cold=starts == 1)
            start = Figure(curated.label, "app", name_start, embedded=timing)
            change = Figure(curated.label, "app", name_change, embedded=last.changes)
            switch = Figure(curated.label, "app", name_switch, embedded=last.switches)
            figures += [
                start.check("start to graph", targets.APP_START_TO_GRAPH_S, timing.median),
                change.check("widget change", targets.WIDGET_CHANGE_S, last.changes.median),
                switch.check("page switch", targets.APP_PAGE_SWITCH_S, last.switches.median),
                Figure(curated.label, "app", name_rss, value=last.peak_rss_mb, unit="MB"),
            ]
            if big is not None:
                progress(f"  app on {big.label}: start, peak memory…")
                seconds, peak, change_big, _ = _visit(browser, big.folder, 300_000, 0 if options.quick else 3)
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
