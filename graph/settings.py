"""Named limits and defaults, declared once with the reason for each value.

Everything a user may want to tune lives here, so the CLI, the app and the
tests read one definition instead of repeating magic numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["DEFAULT_FRICTION_PASS", "SETTINGS", "Setting"]


@dataclass(frozen=True)
class Setting:
    """A tunable value with its default and a one-line reason."""

    name: str
    default: object
    help: str


# Pass probability of a channel edge for each friction level. Friction is an
# ordinal judgement from the paper; these numbers only turn it into something
# the path algorithms can multiply, and the user can change every one of them.
DEFAULT_FRICTION_PASS = MappingProxyType(
    {"none": 0.95, "low": 0.85, "medium": 0.6, "high": 0.3, "blocking": 0.0}
)

SETTINGS = {
    s.name: s
    for s in (
        Setting(
            "stall_threshold",
            0.5,
            "A pathway stalls at the first hop where its cumulative signal falls below this.",
        ),
        Setting("k_paths", 3, "How many most-reliable pathways to show by default."),
        Setting(
            "query_timeout_s",
            10.0,
            "Neo4j stops a read query after this many seconds, so a runaway match cannot hang the app.",
        ),
        Setting(
            "row_limit",
            1000,
            "At most this many rows come back from a query; more are cut and the result says so.",
        ),
        Setting(
            "result_max_bytes",
            32 * 1024 * 1024,
            "At most this many bytes of a Neo4j result are kept (estimated while streaming); more are cut "
            "and the result says so, so one huge result cannot exhaust the app's memory.",
        ),
        Setting(
            "exact_reach_max_edges",
            22,
            "Exact reach enumerates 2^edges states, so above this many relevant edges Monte Carlo is used.",
        ),
        Setting(
            "monte_carlo_samples",
            20000,
            "Samples for Monte Carlo reach; the 95% interval half-width is then below 0.007.",
        ),
        Setting("random_seed", 2016, "Seed of every random draw, so results repeat exactly."),
    )
}
