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
from typing import Annotated, Any, Literal, get_args, overload

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)

__all__ = [
    "ACYCLIC_EDGE_TYPES",
    "FRICTIONS",
    "SETTINGS_OF_EDGE",
    "STAGES",
    "Case",
    "CaseOutcome",
    "CuratorsInference",
    "DECISION_STATUSES",
    "DecisionReading",
    "FAILURE_STATUSES",
    "IMPLEMENTATION_STATUSES",
    "INFORMATION_STATUSES",
    "ImplementationReading",
    "InformationReading",
    "STAGE_STATUSES",
    "Edge",
    "EdgeRegrade",
    "Node",
    "PaperError",
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


class PaperError(_Strict):
    """An error in the paper, kept as printed and marked as an error.

    ``paper_says`` quotes the paper's own words (a short phrase) at ``locator``; ``public_record`` says what
    the public record has instead, with its exact ``reference``. The item's other fields follow the record
    where they must (a date, a validity); this field keeps the paper's version visible as the paper's.
    """

    locator: Text
    paper_says: Text
    public_record: Text
    reference: Text

    def citation(self) -> str:
        """One readable line, as stored in Neo4j and shown in the app and the CLI."""
        return (
            f"the paper ({self.locator}) says {self.paper_says}; "
            f"the public record ({self.reference}): {self.public_record}"
        )


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
    paper_error: PaperError | None = None

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
    paper_error: PaperError | None = None
    channel: bool = False
    stage: Literal["information", "decision", "implementation"] | None = None
    friction: Literal["none", "low", "medium", "high", "blocking"] | None = None
    mechanism: Mechanisms = Field(default_factory=list)
    # What the paper says about the channel (paraphrased, with locators): the *paper's* part.
    rationale: str | None = None
    # Why the curators chose this friction rather than the grade above or below it, with the locators argued
    # from, saying where the paper is silent: a *curator's judgement*; the paper gives no grades.
    justification: str | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str, info: ValidationInfo) -> str:
        vocab = _vocab(info)
        return _check_term(value, vocab.edge_types if vocab else None, "edge type")

    @model_validator(mode="after")
    def _channel_fields(self) -> Edge:
        channel_fields = {
            "stage": self.stage,
            "friction": self.friction,
            "rationale": self.rationale,
            "justification": self.justification,
        }
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
    """A scenario's change to one channel edge's friction (the new grade is a curator's judgement too)."""

    edge: Annotated[str, Field(pattern=EDGE_KEY_PATTERN.pattern)]
    friction: Literal["none", "low", "medium", "high", "blocking"]
    mechanism: Annotated[Mechanisms, Field(min_length=1)]
    rationale: Text
    justification: Text
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


# What a case file may say about each stage, in the paper's own shades (documented, with examples, in
# data/vocabulary/outcomes.yaml; a test keeps the two lists equal). `not_stated`: the paper is silent.
InformationStatus = Literal["reached", "stalled", "not_public", "not_stated"]
DecisionStatus = Literal["taken", "delayed", "hesitant", "blocked", "not_reached", "not_stated"]
ImplementationStatus = Literal["carried_out", "partial", "failed", "not_reached", "not_stated"]
INFORMATION_STATUSES = get_args(InformationStatus)
DECISION_STATUSES = get_args(DecisionStatus)
IMPLEMENTATION_STATUSES = get_args(ImplementationStatus)
STAGE_STATUSES = {
    "information": INFORMATION_STATUSES,
    "decision": DECISION_STATUSES,
    "implementation": IMPLEMENTATION_STATUSES,
}
# Statuses that record a failure at that stage (such a stage must name who: its actors).
FAILURE_STATUSES = frozenset({"stalled", "not_public", "delayed", "hesitant", "blocked", "partial", "failed"})


class CuratorsInference(_Strict):
    """What the curators add to a stage beyond what the paper says, always with their reason.

    ``status: true`` when the stage's status itself is their reading (the paper does not state it in
    so many words); ``actors`` and ``mechanisms`` the paper does not give for this case.
    """

    status: bool = False
    actors: list[NodeId] = []
    mechanisms: Mechanisms = []
    reason: Text

    @model_validator(mode="after")
    def _adds_something(self) -> CuratorsInference:
        if not (self.status or self.actors or self.mechanisms):
            raise ValueError("an inference adds something: status: true, actors or mechanisms")
        return self


class _StageReading(_Strict):
    """What the paper says about one stage of a case: a status, where it says it, and a paraphrase.

    ``actors`` and ``mechanisms`` are who and what the paper gives for this stage of this case;
    anything more is the curators' and goes under ``inference``. ``public_record`` cites public
    documents (``doc: external``) that bear on the stage, kept apart from what the paper says. A
    ``not_stated`` stage needs no locator: the paper is silent.
    """

    status: str  # each stage narrows it to its own statuses (declared here so it comes first)
    locator: str | None = None
    says: str | None = None
    actors: list[NodeId] = []
    mechanisms: Mechanisms = []
    inference: CuratorsInference | None = None
    public_record: list[Source] = []

    @model_validator(mode="after")
    def _cited(self) -> _StageReading:
        status = self.status
        if status != "not_stated":
            missing = [name for name in ("locator", "says") if not (getattr(self, name) or "").strip()]
            if missing:
                raise ValueError(f"a stage read as {status!r} needs {' and '.join(missing)}")
        if status in FAILURE_STATUSES and not (self.actors or (self.inference and self.inference.actors)):
            raise ValueError(f"a stage read as {status!r} needs actors (or inference.actors with a reason)")
        if any(source.doc != "external" for source in self.public_record):
            raise ValueError(
                "public_record cites the public record only (doc: external); the paper goes in locator"
            )
        return self

    @property
    def all_actors(self) -> list[str]:
        """The paper's actors, then the curators' inferred ones."""
        return [*self.actors, *(self.inference.actors if self.inference else [])]

    @property
    def all_mechanisms(self) -> list[str]:
        """The paper's mechanisms, then the curators' inferred ones."""
        return [*self.mechanisms, *(self.inference.mechanisms if self.inference else [])]


class InformationReading(_StageReading):
    """Did the warning reach those who could act, as the paper tells it."""

    status: InformationStatus


class DecisionReading(_StageReading):
    """Did those who could act decide, as the paper tells it."""

    status: DecisionStatus


class ImplementationReading(_StageReading):
    """Was the decision carried out, as the paper tells it."""

    status: ImplementationStatus


class CaseOutcome(_Strict):
    """The curated reading of what the paper records, stage by stage, each stage with its locator."""

    information: InformationReading
    decision: DecisionReading
    implementation: ImplementationReading
    summary: Text
    sources: list[Source] = Field(min_length=1)

    def stage(self, name: str) -> InformationReading | DecisionReading | ImplementationReading:
        """The reading of one stage by name (``information``, ``decision``, ``implementation``)."""
        return getattr(self, name)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def stall_stage(self) -> str | None:
        """The first stage the reading records as a failure (None when none is)."""
        return next((s for s in STAGES if self.stage(s).status in FAILURE_STATUSES), None)

    @property
    def stall_actors(self) -> list[str]:
        """Who the reading names at the stall stage (the paper's, then the curators' inferred ones)."""
        return self.stage(self.stall_stage).all_actors if self.stall_stage else []

    @property
    def mechanisms(self) -> list[str]:
        """Why the reading says it stalled there (the paper's, then the curators' inferred ones)."""
        return self.stage(self.stall_stage).all_mechanisms if self.stall_stage else []


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
    # `stage.status` -> its documentation (data/vocabulary/outcomes.yaml); the statuses themselves are the
    # Literal types of the *Reading models above, so the data cannot use an undocumented one.
    outcome_statuses: dict[str, VocabularyEntry] = {}


Case.model_rebuild()
