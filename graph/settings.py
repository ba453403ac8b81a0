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
from typing import Any, Generic, TypeVar

from un_pathways.graph.errors import QueryError

__all__ = [
    "DEFAULT_FRICTION_PASS",
    "EXACT_REACH_MAX_EDGES",
    "K_PATHS",
    "MONTE_CARLO_SAMPLES",
    "QUERY_TIMEOUT_S",
    "RANDOM_SEED",
    "ROW_LIMIT",
    "SETTINGS",
    "STALL_THRESHOLD",
    "Setting",
    "friction_map",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A tunable value with its default and a one-line reason."""

    name: str
    default: T
    help: str


# Pass probability of a channel edge for each friction level. Friction is an
# ordinal judgement from the paper; these numbers only turn it into something
# the path algorithms can multiply, and the user can change every one of them.
DEFAULT_FRICTION_PASS: Mapping[str, float] = MappingProxyType(
    {"none": 0.95, "low": 0.85, "medium": 0.6, "high": 0.3, "blocking": 0.0}
)


def friction_map(changes: Mapping[str, float] | None = None) -> dict[str, float]:
    """The friction-to-probability map in use: the defaults with a user's changes laid over them.

    Saved queries receive it as ``$friction`` and their twins as ``friction``,
    so a map changed in the app or on the command line changes every answer.

    >>> friction_map({"high": 0.5})["high"], friction_map()["high"]
    (0.5, 0.3)
    >>> friction_map({"severe": 0.1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.QueryError: unknown friction level 'severe'; levels: none, low, ...
    """
    chosen = dict(DEFAULT_FRICTION_PASS)
    for level, p in (changes or {}).items():
        if level not in chosen:
            raise QueryError(f"unknown friction level {level!r}; levels: {', '.join(DEFAULT_FRICTION_PASS)}")
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise QueryError(f"friction level {level!r}: a probability lies between 0 and 1, got {p!r}")
        chosen[level] = float(p)
    return chosen


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
RANDOM_SEED = Setting("random_seed", 2016, "Seed of every random draw, so results repeat exactly.")

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
            EXACT_REACH_MAX_EDGES,
            MONTE_CARLO_SAMPLES,
            RANDOM_SEED,
        )
    }
)
