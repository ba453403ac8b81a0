"""Timing primitives and the records every measurement produces.

A measurement runs a warm-up call (which pays for first-time costs such as
Neo4j planning a query), then several timed calls, and keeps every run so
the report can show the median and the spread (the interquartile range when
there are at least four runs, the minimum-maximum otherwise). Slow calls get
fewer runs (about ``measure_budget_s`` in total), and a call slower than
``single_shot_s`` is not repeated: its warm-up is the one (cold) run, and the
figure says so, so a full run stays within minutes.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from bench.targets import Target
from un_pathways.graph.dataset import Dataset

__all__ = [
    "Check",
    "Figure",
    "Options",
    "Projection",
    "SizeCase",
    "SizeSummary",
    "Timing",
    "measure",
    "progress",
    "wanted",
]


@dataclass(frozen=True)
class Options:
    """How hard to measure: repeats after the warm-up, and when one run is enough."""

    quick: bool = False
    repeats: int = 5
    single_shot_s: float = 10.0  # a warm-up slower than this is the only run
    measure_budget_s: float = 5.0  # timed runs of one measurement stop at about this much in total
    budget_s: float = (
        120.0  # slow baselines (naive loader, whole-graph layout) run only when projected under it
    )
    browser: bool = True


@dataclass(frozen=True)
class SizeCase:
    """One dataset size: its label, its YAML folder, the dataset and the graph built from the folder."""

    label: str
    countries: int | None  # None: the curated data/ alone
    folder: Path
    dataset: Dataset
    graph: nx.MultiDiGraph

    def summary(self) -> SizeSummary:
        """What the report needs once the size is measured (the graph itself can then be freed)."""
        return SizeSummary(
            self.label,
            self.countries,
            self.folder,
            self.graph.number_of_nodes(),
            self.graph.number_of_edges(),
            sum(1 for e in self.dataset.edges.values() if e.channel),
            sum(p.stat().st_size for p in self.folder.rglob("*.yaml")),
        )


@dataclass(frozen=True)
class SizeSummary:
    """The counts of a measured size, and its folder (the browser measurements serve it)."""

    label: str
    countries: int | None
    folder: Path
    nodes: int
    edges: int
    channel_edges: int
    yaml_bytes: int


@dataclass(frozen=True)
class Timing:
    """Seconds of each timed run (``cold``: a single run, the warm-up itself)."""

    runs: tuple[float, ...]
    cold: bool = False
    first: float | None = None  # the warm-up: first-time costs (Neo4j planning a query) show here

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def spread(self) -> tuple[str, float, float]:
        """("IQR", q1, q3) with four runs or more, else ("min-max", low, high)."""
        if len(self.runs) >= 4:
            q1, _, q3 = statistics.quantiles(self.runs, n=4, method="inclusive")
            return "IQR", q1, q3
        return "min-max", min(self.runs), max(self.runs)


@dataclass(frozen=True)
class Check:
    """One figure held against one target."""

    label: str
    target: Target
    value: float

    @property
    def met(self) -> bool:
        return self.target.met(self.value)

    @property
    def factor(self) -> float:
        return self.target.factor(self.value)


@dataclass
class Figure:
    """One row of the report: a measurement on one size, embedded beside Neo4j when both exist."""

    size: str
    topic: str
    name: str
    embedded: Timing | None = None
    neo4j: Timing | None = None
    checks: list[Check] = field(default_factory=list)
    note: str = ""
    value: float | None = None  # a non-time figure (MB, a ratio), shown instead of timings
    unit: str = ""
    timed_out: tuple[str, ...] = ()  # "embedded" / "neo4j": stopped at the query time limit

    @property
    def key(self) -> tuple[str, str]:
        return self.topic, self.name

    @property
    def ratio(self) -> float | None:
        """Neo4j time over embedded time."""
        if self.embedded and self.neo4j and self.embedded.median > 0:
            return self.neo4j.median / self.embedded.median
        return None

    def check(self, label: str, target: Target | None, value: float | None) -> Figure:
        if target is not None and value is not None:
            self.checks.append(Check(label, target, value))
        return self


class Projection:
    """Seconds per unit of work of a slow call, to skip a bigger size that would blow the budget.

    The unit says how the call grows: rows for a per-row loader, nodes squared
    for a layout that is quadratic, so the projection is pessimistic for
    anything that grows slower.
    """

    def __init__(self) -> None:
        self.seconds_per_unit: float | None = None

    def record(self, units: float, seconds: float) -> None:
        self.seconds_per_unit = seconds / units

    def projected(self, units: float) -> float | None:
        return None if self.seconds_per_unit is None else self.seconds_per_unit * units

    def skip_reason(self, units: float, options: Options) -> str | None:
        """Why the call is not run at this size, or None when it fits the budget."""
        projected = self.projected(units)
        if projected is not None and projected > options.budget_s:
            return (
                f"not run: projected {projected:.0f} s from the smaller size, "
                f"over the {options.budget_s:.0f} s budget"
            )
        return None


def measure(
    call: Callable[[], object],
    options: Options,
    *,
    setup: Callable[[], object] | None = None,
    repeats: int | None = None,
    single_shot_s: float | None = None,
) -> Timing:
    """Warm up, then time ``repeats`` calls (``setup`` runs untimed before each).

    A garbage collection runs (untimed) before each call, so every run starts
    from the same heap instead of paying for the previous run's garbage.
    """
    repeats = options.repeats if repeats is None else repeats
    warm_up = _timed_call(call, setup)
    if warm_up > (single_shot_s or options.single_shot_s) or repeats == 0:
        return Timing((warm_up,), cold=True)
    affordable = max(1, int(options.measure_budget_s / max(warm_up, 1e-6)))
    runs = tuple(_timed_call(call, setup) for _ in range(min(repeats, affordable)))
    return Timing(runs, first=warm_up)


def _timed_call(call: Callable[[], object], setup: Callable[[], object] | None) -> float:
    if setup:
        setup()
    gc.collect()
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def wanted(options: Options, target: Target | None) -> bool:
    """Whether to measure a figure: always in a full run; in quick mode only when it has a target."""
    return not options.quick or target is not None


def progress(message: str) -> None:
    """One line on stderr, so a long run shows where it is."""
    print(message, file=sys.stderr, flush=True)
