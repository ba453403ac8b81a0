"""The domain model: what a node, an edge, a case and a scenario are.

The YAML files under ``data/`` are validated into these pydantic models before
anything else sees them, so the graph, Neo4j and the app can trust their
input. Closed vocabularies (kinds, edge types, mechanisms...) are data too
(``data/vocabulary/``) and are checked through the validation context, so a
new edge type is added by documenting it, not by editing code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, overload

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

__all__ = [
    "ACYCLIC_EDGE_TYPES",
    "FRICTIONS",
    "SETTINGS_OF_EDGE",
    "STAGES",
    "Case",
    "CaseOutcome",
    "Edge",
    "EdgeRegrade",
    "Node",
    "Scenario",
    "Source",
    "Vocabulary",
    "VocabularyEntry",
    "edge_key",
    "year_of",
]

ID_PATTERN = r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
FRICTIONS = ("none", "low", "medium", "high", "blocking")
STAGES = ("information", "decision", "implementation")
SETTINGS_OF_EDGE = ("mission", "non_mission", "any")

Year = Annotated[int, Field(ge=1900, le=2100)]
# A date must come as a date (YAML reads an unquoted 2013-12-31 as one): in lax
# mode pydantic would read a number as seconds since 1970, so `valid_from: 0` became 1970-01-01.
Date = Annotated[dt.date, Field(strict=True)]
Validity = Year | Date | None
NodeId = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1)]


@overload
def year_of(value: int | dt.date) -> int: ...
@overload
def year_of(value: None) -> None: ...
@overload
def year_of(value: int | dt.date | None) -> int | None: ...
def year_of(value: int | dt.date | None) -> int | None:
    """The year of a validity bound given as a year or an ISO date.

    >>> year_of(dt.date(2012, 1, 15)), year_of(2013), year_of(None)
    (2012, 2013, None)
    """
    return value.year if isinstance(value, dt.date) else value


def edge_key(source: str, type_: str, target: str) -> str:
    """The stable, readable key of an edge: ``from -TYPE-> to``.

    >>> edge_key("un.dpa", "ADVISES", "un.secretary-general")
    'un.dpa -ADVISES-> un.secretary-general'
    """
    return f"{source} -{type_}-> {target}"


# Edge types whose meaning forbids a loop: a body cannot be part of itself, a
# policy cannot supersede itself, an office holder cannot succeed itself, a body
# cannot be (indirectly) established by what it established.
ACYCLIC_EDGE_TYPES = ("PART_OF", "SUPERSEDES", "SUCCEEDS", "ESTABLISHED_BY")

EDGE_KEY_PATTERN = re.compile(r"^(\S+) -([A-Z_]+)-> (\S+)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _vocab(info: ValidationInfo) -> Vocabulary | None:
    return (info.context or {}).get("vocabulary")


def _check_term(value: str, allowed: dict[str, Any] | None, what: str) -> str:
    if allowed is not None and value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; allowed: {', '.join(sorted(allowed))}")
    return value


def _known_mechanisms(value: list[str], info: ValidationInfo) -> list[str]:
    vocab = _vocab(info)
    for mechanism in value:
        _check_term(mechanism, vocab.mechanisms if vocab else None, "mechanism")
    return value


# A list of stall mechanisms, each checked against data/vocabulary/ when validated with one.
Mechanisms = Annotated[list[str], AfterValidator(_known_mechanisms)]


class Source(_Strict):
    """Where a fact comes from: the seed paper (with a locator) or the public record.

    ``synthetic`` marks generated benchmark items (bench/synthetic.py): never facts, never in data/.
    """

    doc: Literal["seed", "external", "synthetic"]
    locator: Text
    note: str | None = None

    def citation(self) -> str:
        """One readable line, as stored in Neo4j and shown in the app."""
        text = f"{self.doc}: {self.locator}"
        return f"{text} ({self.note})" if self.note else text


def _check_order(start: int | dt.date | None, end: int | dt.date | None, first: str, last: str) -> None:
    if start is not None and end is not None and year_of(end) < year_of(start):
        raise ValueError(f"{last} {year_of(end)} is before {first} {year_of(start)}")


class _Dated(_Strict):
    valid_from: Validity = None
    valid_to: Validity = None

    @model_validator(mode="after")
    def _ordered(self) -> _Dated:
        _check_order(self.valid_from, self.valid_to, "valid_from", "valid_to")
        return self

    def exists_in(self, year: int | None) -> bool:
        """True when this item existed in ``year`` (always true when year is None)."""
        if year is None:
            return True
        start, end = year_of(self.valid_from), year_of(self.valid_to)
        return (start is None or start <= year) and (end is None or year <= end)


class Node(_Dated):
    """An actor, body, state, document or case of the UN protection system."""

    id: NodeId
    name: Text
    short: str | None = None
    kind: str
    # List defaults are factories: pydantic deep-copies a literal [] for every item read.
    roles: list[str] = Field(default_factory=list)
    description: Text
    aliases: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    inventory: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str, info: ValidationInfo) -> str:
        vocab = _vocab(info)
        return _check_term(value, vocab.kinds if vocab else None, "kind")

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: list[str], info: ValidationInfo) -> list[str]:
        vocab = _vocab(info)
        for role in value:
            _check_term(role, vocab.roles if vocab else None, "role")
        return value


class Edge(_Dated):
    """A relationship; a ``channel`` edge can carry a protection signal or decision."""

    source: NodeId = Field(alias="from")
    type: Annotated[str, Field(pattern=r"^[A-Z][A-Z_]*$")]
    target: NodeId = Field(alias="to")
    setting: Literal["mission", "non_mission", "any"] = "any"
    description: str | None = None
    sources: list[Source] = Field(min_length=1)
    inventory: list[str] = Field(default_factory=list)
    note: str | None = None
    channel: bool = False
    stage: Literal["information", "decision", "implementation"] | None = None
    friction: Literal["none", "low", "medium", "high", "blocking"] | None = None
    mechanism: Mechanisms = Field(default_factory=list)
    rationale: str | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str, info: ValidationInfo) -> str:
        vocab = _vocab(info)
        return _check_term(value, vocab.edge_types if vocab else None, "edge type")

    @model_validator(mode="after")
    def _channel_fields(self) -> Edge:
        channel_fields = {"stage": self.stage, "friction": self.friction, "rationale": self.rationale}
        if self.channel:
            missing = [name for name, value in channel_fields.items() if not value]
            if not self.mechanism:
                missing.append("mechanism")
            if missing:
                raise ValueError(f"channel edge lacks {', '.join(missing)}")
            if self.friction != "none" and self.mechanism == ["none"]:
                raise ValueError(f"friction {self.friction!r} needs a mechanism other than 'none'")
        else:
            present = [name for name, value in channel_fields.items() if value] + (
                ["mechanism"] if self.mechanism else []
            )
            if present:
                raise ValueError(f"{', '.join(present)} only make sense with channel: true")
        if self.source == self.target:
            raise ValueError("an edge cannot start and end at the same node")
        return self

    @property
    def key(self) -> str:
        return edge_key(self.source, self.type, self.target)


class EdgeRegrade(_Strict):
    """A scenario's change to one channel edge's friction."""

    edge: Annotated[str, Field(pattern=EDGE_KEY_PATTERN.pattern)]
    friction: Literal["none", "low", "medium", "high", "blocking"]
    mechanism: Annotated[Mechanisms, Field(min_length=1)]
    rationale: Text
    sources: list[Source] = Field(min_length=1)


class Scenario(_Strict):
    """A named overlay on the graph: edges added, removed or re-graded."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    description: Text
    as_of: Year | None = None
    hypothetical: bool = False
    sources: list[Source] = Field(min_length=1)
    add_edges: list[Edge] = []
    enable_edges: list[Annotated[str, Field(pattern=EDGE_KEY_PATTERN.pattern)]] = []
    remove_edges: list[Annotated[str, Field(pattern=EDGE_KEY_PATTERN.pattern)]] = []
    regrade: list[EdgeRegrade] = []


class CaseOutcome(_Strict):
    """What the paper records happened, stage by stage."""

    information: Literal["reached", "stalled"]
    decision: Literal["taken", "blocked", "not_reached"]
    implementation: Literal["carried_out", "partial", "failed", "not_reached", "not_applicable"]
    stall_stage: Literal["information", "decision", "implementation"] | None = None
    stall_actors: list[NodeId] = []
    mechanisms: Mechanisms = []
    summary: Text
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _stall_consistent(self) -> CaseOutcome:
        stalled = (
            self.information == "stalled"
            or self.decision == "blocked"
            or self.implementation in ("failed", "partial")
        )
        if stalled and not (self.stall_stage and self.stall_actors and self.mechanisms):
            raise ValueError("a stalled outcome needs stall_stage, stall_actors and mechanisms")
        if not stalled and self.stall_stage:
            raise ValueError("stall_stage is set but no stage stalled")
        return self


class Case(_Strict):
    """A crisis the paper discusses, with where the signal started and what it had to reach."""

    id: NodeId
    name: Text
    aliases: list[str] = []
    country: NodeId
    period: tuple[Validity, Validity]
    setting: Literal["mission", "non_mission"]
    description: Text
    signal_from: list[NodeId] = Field(min_length=1)
    decision_maker: NodeId
    implementer: NodeId | None = None
    scenario: str | None = None
    as_of: Year
    vetoes: list[NodeId] = []
    timeline: list[TimelineEntry] = []
    outcome: CaseOutcome
    sources: list[Source] = Field(min_length=1)
    inventory: list[str] = []

    @model_validator(mode="after")
    def _period_ordered(self) -> Case:
        _check_order(self.period[0], self.period[1], "the period's start", "its end")
        return self


class TimelineEntry(_Strict):
    """One dated event in a case's narrative."""

    when: Year | Date | str
    event: Text
    sources: list[Source] = Field(min_length=1)


# Kinds and roles become Neo4j labels (their ``label``, or the term title-cased),
# written into Cypher as identifiers: only plain names are safe there.
TermName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
LabelName = Annotated[str, Field(pattern=r"^[A-Z][A-Za-z0-9_]*$")]


class VocabularyEntry(_Strict):
    """One documented term of a closed vocabulary."""

    label: LabelName | None = None
    description: Text
    example: Text
    inventory: list[str] = []


class Vocabulary(_Strict):
    """Every closed list the data may use, each term documented with an example."""

    kinds: dict[TermName, VocabularyEntry]
    roles: dict[TermName, VocabularyEntry]
    edge_types: dict[str, VocabularyEntry]
    mechanisms: dict[str, VocabularyEntry]
    inventory_types: dict[str, str] = {}


Case.model_rebuild()
