"""How far the model's answers rest on the exact numbers chosen for friction and the threshold.

The pass probability of each friction level and the stall threshold are the
curators' judgements; ``graph/settings.py`` declares a plausible range for each.
This module asks the same question at many settings drawn from those ranges
(a seeded Latin hypercube, so results repeat) and reports, for a numeric answer
(reach), its 5th-95th percentile band, and for a categorical one (a case
verdict, a stall hop), the share of settings in which it holds, labelled
*robust* or *fragile*, with its *tipping point*: the smallest single change
that flips it (one level's pass probability, the threshold, or one channel on
the route moved one grade). Everything here is a model estimate.

A question is a function from a :class:`Point` (one full setting) to a dict of
*aspects* (``{"verdict": ..., "stall": ...}``); :func:`robustness_of` does the
sampling and the searches for any such function, and ``graph/robust_questions.py``
builds the functions for cases and pathways.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from un_pathways.graph.settings import (
    FRICTION_LEVELS,
    PLAUSIBLE_FRICTION_PASS,
    PLAUSIBLE_THRESHOLD,
    SETTINGS,
    FrictionLevel,
    PlausibleRange,
    as_friction_level,
    friction_map,
)

__all__ = [
    "Point",
    "Space",
    "band",
    "declared_space",
    "flips",
    "label_of",
    "latin_hypercube",
    "robustness_of",
    "tipping_point",
]

# A one-grade move of a channel counts as big as moving a level across its whole plausible range,
# so a numeric flip inside the range is "smaller" than regrading a channel, and one beyond it is not.
CHANNEL_MOVE_COST = 1.0
_SCAN_STEPS = 8  # grid points per direction before bisecting: catches a flip that reverts
_BISECT_STEPS = 7  # halvings of the bracketing step: flip values to within ~1/1000 of the span


@dataclass(frozen=True)
class Point:
    """One setting of the model's numbers: a pass probability per friction level, the threshold,
    channels moved to another grade (``edge_levels``) and channels given a fixed probability
    (``overrides``), both by edge key ("FROM -TYPE-> TO").

    >>> point = Point.of({"high": 0.4}, 0.5)
    >>> point.pass_of({"key": "a -ALERTS-> b", "friction": "high"})
    0.4
    >>> point.with_edge("a -ALERTS-> b", "medium").pass_of({"key": "a -ALERTS-> b", "friction": "high"})
    0.6
    """

    friction: tuple[float, ...]
    threshold: float
    edge_levels: tuple[tuple[str, str], ...] = ()
    overrides: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(
        cls,
        friction: Mapping[str, float] | None,
        threshold: float,
        edge_levels: Mapping[str, str] | None = None,
        overrides: Mapping[str, float] | None = None,
    ) -> Point:
        full = friction_map(friction)
        return cls(
            tuple(full[level] for level in FRICTION_LEVELS),
            threshold,
            tuple(sorted((edge_levels or {}).items())),
            tuple(sorted((overrides or {}).items())),
        )

    @cached_property
    def friction_map(self) -> dict[str, float]:
        return dict(zip(FRICTION_LEVELS, self.friction, strict=True))

    @cached_property
    def _levels(self) -> dict[str, str]:
        return dict(self.edge_levels)

    @cached_property
    def _fixed(self) -> dict[str, float]:
        return dict(self.overrides)

    def level_of(self, hop: Mapping) -> str:
        """The grade of a channel at this point (its own, or the one it was moved to)."""
        return self._levels.get(hop["key"], hop["friction"])

    def pass_of(self, hop: Mapping) -> float:
        """The pass probability of one channel (a hop of ``channel_digraph``) at this point."""
        fixed = self._fixed.get(hop["key"])
        return fixed if fixed is not None else self.friction_map[self.level_of(hop)]

    def analysis_overrides(self) -> dict[str, float]:
        """The per-channel probabilities the analysis functions take as ``overrides`` at this point."""
        return {**{key: self.friction_map[level] for key, level in self.edge_levels}, **self._fixed}

    def with_level(self, level: str, p: float) -> Point:
        values = list(self.friction)
        values[FRICTION_LEVELS.index(level)] = p
        return replace(self, friction=tuple(values))

    def with_threshold(self, threshold: float) -> Point:
        return replace(self, threshold=threshold)

    def with_edge(self, key: str, level: str) -> Point:
        return replace(self, edge_levels=tuple(sorted({**self._levels, key: level}.items())))


@dataclass(frozen=True)
class Space:
    """The plausible settings: a range per friction level and for the threshold.

    ``pinned`` names what the user fixed (a level or ``"threshold"``): it keeps the
    value of the base point in every sample.
    """

    friction: Mapping[FrictionLevel, PlausibleRange]
    threshold: PlausibleRange
    pinned: frozenset[str] = field(default_factory=frozenset)

    def range_of(self, dimension: str) -> PlausibleRange:
        return self.threshold if dimension == "threshold" else self.friction[as_friction_level(dimension)]


def declared_space(pinned: Iterable[str] = ()) -> Space:
    """The space declared in ``graph/settings.py``, with ``pinned`` dimensions held fixed.

    >>> space = declared_space(["high"])
    >>> space.range_of("medium").low, "high" in space.pinned
    (0.45, True)
    """
    return Space(PLAUSIBLE_FRICTION_PASS, PLAUSIBLE_THRESHOLD, frozenset(pinned))


def latin_hypercube(
    base: Point, space: Space, samples: int | None = None, seed: int | None = None
) -> list[Point]:
    """``samples`` points spread over ``space`` (one per stratum of every range), levels kept in order.

    >>> points = latin_hypercube(Point.of(None, 0.5), declared_space(), samples=10, seed=1)
    >>> len(points), all(list(p.friction) == sorted(p.friction, reverse=True) for p in points)
    (10, True)
    >>> all(0.35 <= p.threshold <= 0.65 for p in points)
    True
    """
    n = samples or SETTINGS["robustness_samples"].default
    rng = random.Random(SETTINGS["random_seed"].default if seed is None else seed)
    columns = {}
    for dimension in (*FRICTION_LEVELS, "threshold"):
        span = space.range_of(dimension)
        strata = list(range(n))
        rng.shuffle(strata)
        columns[dimension] = [span.low + (s + rng.random()) / n * span.width for s in strata]
    points = []
    for i in range(n):
        point = base if "threshold" in space.pinned else base.with_threshold(columns["threshold"][i])
        values = {
            lvl: base.friction_map[lvl] if lvl in space.pinned else columns[lvl][i] for lvl in FRICTION_LEVELS
        }
        points.append(replace(point, friction=_ordered(values, space.pinned)))
    return points


def _ordered(values: Mapping[FrictionLevel, float], pinned: frozenset[str]) -> tuple[float, ...]:
    """Levels in ``FRICTION_LEVELS`` order, each free one clipped between the pinned ones around it."""
    out = []
    for index, level in enumerate(FRICTION_LEVELS):
        value = values[level]
        if level not in pinned:
            above = [values[b] for b in FRICTION_LEVELS[:index] if b in pinned]
            below = [values[w] for w in FRICTION_LEVELS[index + 1 :] if w in pinned]
            value = min([value, *above]) if above else value
            value = max([value, *below]) if below else value
        out.append(value)
    return tuple(out)


def band(values: list[float]) -> dict[str, float]:
    """The 5th, 50th and 95th percentiles of ``values``.

    >>> band([i / 100 for i in range(101)])
    {'p5': 0.05, 'median': 0.5, 'p95': 0.95}
    """
    if len(values) == 1:
        return {"p5": values[0], "median": values[0], "p95": values[0]}
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return {"p5": cuts[0], "median": statistics.median(values), "p95": cuts[18]}


def label_of(share: float) -> str:
    """``"robust"`` when a verdict holds in at least the ``robust_share`` setting, else ``"fragile"``.

    >>> label_of(0.8), label_of(0.79)
    ('robust', 'fragile')
    """
    return "robust" if share >= SETTINGS["robust_share"].default else "fragile"


Question = Callable[[Point], dict]


def _numeric_domain(base: Point, dimension: str) -> tuple[float, float]:
    """Where a dimension may move with the others fixed: a level between its neighbours' values."""
    if dimension == "threshold":
        return 0.01, 0.99
    index = FRICTION_LEVELS.index(dimension)
    upper = base.friction[index - 1] if index > 0 else 1.0
    lower = base.friction[index + 1] if index + 1 < len(FRICTION_LEVELS) else 0.0
    return lower, upper


def _moved(base: Point, dimension: str, value: float) -> Point:
    return base.with_threshold(value) if dimension == "threshold" else base.with_level(dimension, value)


def _search(ask: Question, base: Point, dimension: str, aspect: str, end: float) -> float | None:
    """The value nearest the base's, towards ``end``, at which ``aspect`` first differs; None if none."""
    start = base.threshold if dimension == "threshold" else base.friction_map[dimension]
    held = ask(base)[aspect]
    if end == start:
        return None
    previous = start
    for step in range(1, _SCAN_STEPS + 1):
        value = start + (end - start) * step / _SCAN_STEPS
        if ask(_moved(base, dimension, value))[aspect] != held:
            same, other = previous, value
            for _ in range(_BISECT_STEPS):
                middle = (same + other) / 2
                if ask(_moved(base, dimension, middle))[aspect] == held:
                    same = middle
                else:
                    other = middle
            return other
        previous = value
    return None


def flips(ask: Question, base: Point, aspect: str, route_hops: Iterable[Mapping] = ()) -> list[dict]:
    """Every single change that flips ``aspect``: each level and the threshold, up and down
    (the nearest flipping value), and each channel in ``route_hops`` moved one grade either way.

    Each flip is ``{kind, dimension, direction, from, to, cost, within_plausible, becomes}``;
    ``cost`` is the change as a share of the dimension's plausible range (a channel move costs
    :data:`CHANNEL_MOVE_COST`), so flips of different kinds compare.
    """
    held = ask(base)[aspect]
    found = []
    for dimension in (*FRICTION_LEVELS, "threshold"):
        span = (
            PLAUSIBLE_THRESHOLD
            if dimension == "threshold"
            else PLAUSIBLE_FRICTION_PASS[as_friction_level(dimension)]
        )
        start = base.threshold if dimension == "threshold" else base.friction_map[dimension]
        for direction, end in zip(("down", "up"), _numeric_domain(base, dimension), strict=True):
            value = _search(ask, base, dimension, aspect, end)
            if value is None:
                continue
            found.append(
                {
                    "kind": "threshold" if dimension == "threshold" else "friction",
                    "dimension": dimension,
                    "direction": direction,
                    "from": start,
                    "to": round(value, 3),
                    "cost": abs(value - start) / span.width if span.width else float("inf"),
                    "within_plausible": value in span,
                    "becomes": ask(_moved(base, dimension, value))[aspect],
                }
            )
    seen = set()
    for hop in route_hops:
        if hop["key"] in seen:
            continue
        seen.add(hop["key"])
        level = base.level_of(hop)
        index = FRICTION_LEVELS.index(level)
        for direction, moved in (("up", index - 1), ("down", index + 1)):
            if not 0 <= moved < len(FRICTION_LEVELS):
                continue
            after = ask(base.with_edge(hop["key"], FRICTION_LEVELS[moved]))[aspect]
            if after != held:
                found.append(
                    {
                        "kind": "channel",
                        "dimension": hop["key"],
                        "direction": direction,
                        "from": level,
                        "to": FRICTION_LEVELS[moved],
                        "cost": CHANNEL_MOVE_COST,
                        "within_plausible": True,
                        "becomes": after,
                    }
                )
    return found


def tipping_point(found: list[dict]) -> dict | None:
    """The smallest of ``found`` flips (numeric ones first on a tie), or None when nothing flips."""
    if not found:
        return None
    return min(found, key=lambda flip: (flip["cost"], flip["kind"] == "channel"))


def robustness_of(
    ask: Question,
    base: Point,
    aspects: Iterable[str],
    *,
    space: Space | None = None,
    route_hops: Callable[[dict], Iterable[Mapping]] = lambda answer: (),
    measure: Question | None = None,
    samples: int | None = None,
) -> dict[str, dict]:
    """The robustness of each aspect of ``ask``'s answer at ``base`` over the plausible space.

    Categorical aspects get ``{holds, share, label, samples, tipping_point, flips, route_channels}``
    (``route_channels``: the channel keys tried one grade up and down). ``measure``,
    when given, returns numeric figures (``{"reach": 0.12}``); each gets ``{value, band: {p5,
    median, p95}, samples}``: it is asked only at the sampled points, not in the tipping-point
    searches. ``ask`` should be cheap: it is called about a hundred times per aspect (answers are
    remembered per point, so repeats are free). ``route_hops`` gives the channels of the base
    answer's route(s), each tried one grade up and down.

    Examples
    --------
    >>> ask = lambda point: {"passes": point.friction_map["medium"] >= point.threshold}
    >>> out = robustness_of(ask, Point.of(None, 0.5), ["passes"])["passes"]
    >>> out["holds"], out["label"], out["tipping_point"]["dimension"], out["tipping_point"]["to"]
    (True, 'fragile', 'threshold', 0.6)
    """
    remembered: dict[Point, dict] = {}

    def remembered_ask(point: Point) -> dict:
        if point not in remembered:
            remembered[point] = ask(point)
        return remembered[point]

    points = latin_hypercube(base, space or declared_space(), samples)
    answers = [remembered_ask(point) for point in points]
    answer = remembered_ask(base)
    out: dict[str, dict] = {}
    if measure is not None:
        measured = [measure(point) for point in points]
        for name, value in measure(base).items():
            out[name] = {"value": value, "band": band([m[name] for m in measured]), "samples": len(points)}
    for aspect in aspects:
        share = sum(a[aspect] == answer[aspect] for a in answers) / len(answers)
        hops = list(route_hops(answer))
        found = flips(remembered_ask, base, aspect, hops)
        out[aspect] = {
            "holds": answer[aspect],
            "share": share,
            "label": label_of(share),
            "samples": len(points),
            "tipping_point": tipping_point(found),
            "flips": found,
            "route_channels": sorted({hop["key"] for hop in hops}),
        }
    return out
