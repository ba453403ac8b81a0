"""Named limits and defaults, declared once with the reason for each value.

Everything a user may want to tune lives here, so the CLI, the app and the
tests read one definition instead of repeating magic numbers. Each setting is
a typed constant (``K_PATHS.default`` is an ``int``); ``SETTINGS`` finds them
by name for the CLI's and the app's help texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeVar

from un_pathways.graph.errors import QueryError

__all__ = [
    "DEFAULT_FRICTION_PASS",
    "EXACT_REACH_MAX_EDGES",
    "FRICTION_LEVELS",
    "K_PATHS",
    "MONTE_CARLO_SAMPLES",
    "PLAUSIBLE_FRICTION_PASS",
    "PLAUSIBLE_THRESHOLD",
    "QUERY_TIMEOUT_S",
    "RANDOM_SEED",
    "RESULT_MAX_BYTES",
    "ROBUSTNESS_SAMPLES",
    "ROBUST_SHARE",
    "ROW_LIMIT",
    "SETTINGS",
    "STALL_THRESHOLD",
    "FrictionLevel",
    "FrictionMap",
    "PlausibleRange",
    "Setting",
    "as_friction_level",
    "friction_map",
]

FrictionLevel = Literal["none", "low", "medium", "high", "blocking"]
FrictionMap = Mapping[FrictionLevel, float]
# The friction levels from the most open channel to the most obstructed: a level's pass
# probability never exceeds the one before it (every analysis keeps this order).
FRICTION_LEVELS: tuple[FrictionLevel, ...] = ("none", "low", "medium", "high", "blocking")
T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A tunable value with its default and a one-line reason."""

    name: str
    default: T
    help: str


# Pass probability of a channel edge for each friction level. Friction is an
# ordinal grade that the curators give each channel (their judgement, argued in
# the edge's `justification` from what the paper says; the paper grades nothing).
# These numbers only turn it into something the path algorithms can multiply,
# and the user can change every one of them.
DEFAULT_FRICTION_PASS: FrictionMap = MappingProxyType(
    {"none": 0.95, "low": 0.85, "medium": 0.6, "high": 0.3, "blocking": 0.0}
)


def as_friction_level(name: str) -> FrictionLevel:
    """``name`` typed as one of ``FRICTION_LEVELS``, so maps keyed by level can be read with it.

    >>> as_friction_level("high")
    'high'
    >>> as_friction_level("severe")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.QueryError: unknown friction level 'severe'; levels: none, low, ...
    """
    for level in FRICTION_LEVELS:
        if level == name:
            return level
    raise QueryError(f"unknown friction level {name!r}; levels: {', '.join(FRICTION_LEVELS)}")


def friction_map(changes: Mapping[str, float] | None = None) -> dict[FrictionLevel, float]:
    """The friction-to-probability map in use: the defaults with a user's changes laid over them.

    Saved queries receive it as ``$friction``, their twins and the analysis functions as
    ``friction``/``friction_pass``, so a map changed in the app or on the command line changes
    every answer. The levels come back in ``FRICTION_LEVELS`` order.

    >>> friction_map({"high": 0.4})["high"], friction_map()["none"]
    (0.4, 0.95)
    >>> friction_map({"severe": 0.1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.QueryError: unknown friction level 'severe'; levels: none, low, ...
    """
    chosen: dict[str, float] = {level: DEFAULT_FRICTION_PASS[level] for level in FRICTION_LEVELS}
    for level, p in (changes or {}).items():
        if level not in chosen:
            raise QueryError(f"unknown friction level {level!r}; levels: {', '.join(FRICTION_LEVELS)}")
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise QueryError(f"friction level {level!r}: a probability lies between 0 and 1, got {p!r}")
        chosen[level] = float(p)
    return {level: chosen[level] for level in FRICTION_LEVELS}


@dataclass(frozen=True)
class PlausibleRange:
    """The values a curator finds plausible for one modelling number, and why."""

    low: float
    high: float
    reason: str

    @property
    def width(self) -> float:
        return self.high - self.low

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


# How far each default could plausibly be off. These ranges are the curators' judgement,
# as the defaults are: the paper grades no channel and gives no probability. Robustness
# (graph/robustness.py) samples this space; a verdict that holds across it does not rest on
# the exact numbers above. The ranges touch but do not overlap, so any draw keeps the order.
PLAUSIBLE_FRICTION_PASS: Mapping[FrictionLevel, PlausibleRange] = MappingProxyType(
    {
        "none": PlausibleRange(
            0.90,
            0.99,
            "a formal, direct duty to report or decide: it almost always works, but people and "
            "offices still drop messages, so never certainly",
        ),
        "low": PlausibleRange(
            0.75,
            0.90,
            "a working channel with some cost (a sign-off, a busy desk): it passes most signals, "
            "but less surely than a direct duty",
        ),
        "medium": PlausibleRange(
            0.45,
            0.75,
            "a channel the curators read as obstructed about as often as not (caution, turf, "
            "missing capacity): near even odds, leaning either way",
        ),
        "high": PlausibleRange(
            0.15,
            0.45,
            "a channel the curators read as usually failing (political cost, fear for access): "
            "a signal passes now and then, rarely better than two times in five",
        ),
        "blocking": PlausibleRange(
            0.0,
            0.05,
            "a channel the curators read as closed (a veto, a refusal): almost nothing passes, "
            "though a closed door may still leak",
        ),
    }
)
PLAUSIBLE_THRESHOLD = PlausibleRange(
    0.35,
    0.65,
    "the stall threshold reads 'a signal weaker than this is more likely lost than acted on'; "
    "even odds (0.5) is the default, and a reader may fairly set the bar a good deal lower or higher",
)

STALL_THRESHOLD = Setting(
    "stall_threshold",
    0.5,
    "A pathway stalls at the first hop where its cumulative signal falls below this.",
)
K_PATHS = Setting("k_paths", 3, "How many most-reliable pathways to show by default.")
QUERY_TIMEOUT_S = Setting(
    "query_timeout_s",
    10.0,
    "Neo4j stops a read query after this many seconds, so a runaway match cannot hang the app.",
)
ROW_LIMIT = Setting(
    "row_limit",
    1000,
    "At most this many rows come back from a query; more are cut and the result says so.",
)
EXACT_REACH_MAX_EDGES = Setting(
    "exact_reach_max_edges",
    22,
    "Exact reach enumerates 2^edges states, so above this many relevant edges Monte Carlo is used.",
)
MONTE_CARLO_SAMPLES = Setting(
    "monte_carlo_samples",
    20000,
    "Samples for Monte Carlo reach; the 95% interval half-width is then below 0.007.",
)
RESULT_MAX_BYTES = Setting(
    "result_max_bytes",
    32 * 1024 * 1024,
    "At most this many bytes of a Neo4j result are kept (estimated while streaming); more are cut "
    "and the result says so, so one huge result cannot exhaust the app's memory.",
)
RANDOM_SEED = Setting("random_seed", 2016, "Seed of every random draw, so results repeat exactly.")

ROBUSTNESS_SAMPLES = Setting(
    "robustness_samples",
    64,
    "Settings drawn (Latin hypercube) from the plausible ranges to judge a verdict's robustness; "
    "a share is then known to about +-0.06 (one standard error at 50%).",
)
ROBUST_SHARE = Setting(
    "robust_share",
    0.8,
    "A verdict is called robust when it holds in at least this share of the plausible settings, "
    "fragile otherwise.",
)

# Every setting by name (the CLI's and the app's help texts look them up here); code that needs a
# setting's value uses the typed constant above.
SETTINGS: Mapping[str, Setting[Any]] = MappingProxyType(
    {
        s.name: s
        for s in (
            STALL_THRESHOLD,
            K_PATHS,
            QUERY_TIMEOUT_S,
            ROW_LIMIT,
            RESULT_MAX_BYTES,
            EXACT_REACH_MAX_EDGES,
            MONTE_CARLO_SAMPLES,
            RANDOM_SEED,
            ROBUSTNESS_SAMPLES,
            ROBUST_SHARE,
        )
    }
)
