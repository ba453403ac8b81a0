"""Decide whether ad-hoc Cypher may run from Neo4j's own plan of it, never from its text.

Before an ad-hoc statement runs, the backend asks the server for its plan
(``EXPLAIN``, in a read transaction, which runs nothing) and this module checks
what Neo4j's parser made of it against allow-lists:

- the query type must be read (``r``): Neo4j reports writes as ``w``/``rw``,
  schema changes and ``dbms.*`` procedures as ``s``;
- every plan operator must be a read operator named in ``READ_OPERATORS``: no
  ``LoadCSV`` (a *read* in Neo4j's eyes, but it reads the server's files and
  URLs), no ``ShowTransactions``/``TerminateTransactions`` or any other
  administration command, no ``TransactionApply`` (``CALL { } IN TRANSACTIONS``);
- a ``ProcedureCall`` must call one of ``ALLOWED_PROCEDURES`` (the schema
  listings an editor needs), whatever quoting the text used: the plan names
  the procedure as Neo4j resolved it;
- a namespaced function must be a built-in of an allowed namespace
  (user-defined functions, e.g. APOC, are always namespaced);
- no expression may build a value that multiplies its own size (``range()``
  up to a bound of its own, comprehensions nested over arbitrary lists, a
  ``reduce()`` that doubles its accumulator, lengthening ``replace()`` nested):
  Neo4j builds a value inside one expression whole in the heap, without
  counting it against the transaction memory limit (measured: a
  60-million-element list filled a 1 GB heap); ``queries/expression_check.py``
  has the rules;
- every operator must run on the database the session asked for (``USE`` of
  another database is refused).

Operator names were read from real plans of Neo4j 5.26 (``tests/test_attack_cypher.py``
checks that every saved query passes and every reproduction of issue 17 is refused).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NoReturn

from un_pathways.graph.errors import WriteRefused
from un_pathways.queries.expression_check import refuse_value_bombs

__all__ = ["ALLOWED_FUNCTION_NAMESPACES", "ALLOWED_PROCEDURES", "READ_OPERATORS", "refuse_unsafe_plan"]

# Read operators of the Neo4j 5 Cypher manual's operator summary (slotted and pipelined runtimes), by
# base name: a variant in parentheses (Expand(All), VarLengthExpand(Pruning,BFS,All)...) reads the same way.
READ_OPERATORS = frozenset(
    """
    ProduceResults Argument ArgumentTracker EmptyRow Projection Filter Limit ExhaustiveLimit Skip
    Top Top1WithTies
    PartialTop Sort PartialSort Distinct OrderedDistinct Aggregation EagerAggregation OrderedAggregation Eager
    Unwind PartitionedUnwind CacheProperties NullifyMetadata Optional Anti
    AllNodesScan NodeByLabelScan NodeByIdSeek NodeByElementIdSeek NodeIndexSeek NodeUniqueIndexSeek
    NodeIndexSeekByRange NodeUniqueIndexSeekByRange NodeIndexScan NodeIndexContainsScan NodeIndexEndsWithScan
    MultiNodeIndexSeek AssertingMultiNodeIndexSeek IntersectionNodeByLabelsScan UnionNodeByLabelsScan
    SubtractionNodeByLabelsScan NodeCountFromCountStore RelationshipCountFromCountStore
    DirectedAllRelationshipsScan UndirectedAllRelationshipsScan DirectedRelationshipTypeScan
    UndirectedRelationshipTypeScan DirectedUnionRelationshipTypesScan UndirectedUnionRelationshipTypesScan
    DirectedRelationshipIndexSeek UndirectedRelationshipIndexSeek DirectedRelationshipUniqueIndexSeek
    UndirectedRelationshipUniqueIndexSeek DirectedRelationshipIndexScan UndirectedRelationshipIndexScan
    DirectedRelationshipIndexSeekByRange UndirectedRelationshipIndexSeekByRange
    DirectedRelationshipUniqueIndexSeekByRange UndirectedRelationshipUniqueIndexSeekByRange
    DirectedRelationshipIndexContainsScan UndirectedRelationshipIndexContainsScan
    DirectedRelationshipIndexEndsWithScan UndirectedRelationshipIndexEndsWithScan
    DirectedRelationshipByIdSeek UndirectedRelationshipByIdSeek DirectedRelationshipByElementIdSeek
    UndirectedRelationshipByElementIdSeek
    Expand OptionalExpand VarLengthExpand BFSPruningVarExpand ShortestPath StatefulShortestPath Repeat Trail
    ProjectEndpoints
    Apply SemiApply AntiSemiApply LetSemiApply LetAntiSemiApply SelectOrSemiApply SelectOrAntiSemiApply
    LetSelectOrSemiApply LetSelectOrAntiSemiApply RollUpApply ConditionalApply AntiConditionalApply
    CartesianProduct NodeHashJoin ValueHashJoin NodeLeftOuterHashJoin NodeRightOuterHashJoin
    Union OrderedUnion
    TriadicSelection TriadicBuild TriadicFilter AssertSameNode AssertSameRelationship
    ProcedureCall
    """.split()
)

# The schema listings a Cypher editor offers; all read-only, none reaches outside the database.
ALLOWED_PROCEDURES = frozenset(
    {"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"}
)

# Namespaces of Neo4j's built-in functions that compute on values only (temporal, spatial, vectors).
ALLOWED_FUNCTION_NAMESPACES = (
    "date",
    "datetime",
    "localdatetime",
    "time",
    "localtime",
    "duration",
    "point",
    "vector.similarity",
)

_PROCEDURE_NAME = re.compile(r"^\s*([\w.]+)\s*\(")
# A dotted name directly followed by "(" in a rendered expression is a namespaced function call.
_NAMESPACED_CALL = re.compile(r"(?<![\w.`$])((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*)\s*\(")


def _operators(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("children", []):
        yield from _operators(child)


def _refuse(what: str, why: str) -> NoReturn:
    raise WriteRefused(
        f"refused: the statement {what}, {why}. Ad-hoc queries here are read-only and stay inside the "
        "graph; only `pathways load` writes the dataset."
    )


def refuse_unsafe_plan(query_type: str | None, plan: dict[str, Any] | None, database: str) -> None:
    """Raise WriteRefused unless Neo4j's plan of a statement is a plain read of ``database``.

    ``query_type`` and ``plan`` are ``ResultSummary.query_type`` and ``ResultSummary.plan`` of
    ``EXPLAIN <statement>``. Any doubt (no plan, an operator not on the list) is a refusal.

    >>> plan = {"operatorType": "ProduceResults@neo4j", "args": {"Details": "n"},
    ...         "children": [{"operatorType": "AllNodesScan@neo4j", "args": {"Details": "n"}}]}
    >>> refuse_unsafe_plan("r", plan, "neo4j")
    >>> csv = {"operatorType": "LoadCSV@neo4j", "args": {"Details": "row"}}
    >>> refuse_unsafe_plan("r", {**plan, "children": [csv]}, "neo4j")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.WriteRefused: refused: the statement uses LoadCSV, ...
    """
    if query_type != "r":
        kind = {"w": "writes", "rw": "reads and writes", "s": "changes the schema or administers the server"}
        _refuse(f"is of query type {query_type!r}", f"it {kind.get(query_type or '', 'is not a plain read')}")
    if not plan:
        _refuse("has no plan", "so Neo4j cannot show that it only reads")
    for operator in _operators(plan):
        name, _, on_database = str(operator.get("operatorType", "")).partition("@")
        name = name.partition("(")[0]
        details = str(operator.get("args", {}).get("Details", ""))
        if name not in READ_OPERATORS:
            _refuse(
                f"uses {name}",
                "which is not a plain read of the graph (LOAD CSV, administration "
                "and transaction commands are never run here)",
            )
        if on_database and on_database != database:
            _refuse(f"runs on the database {on_database!r}", f"and queries here may only read {database!r}")
        if name == "ProcedureCall":
            called = _PROCEDURE_NAME.match(details)
            if not called or called.group(1) not in ALLOWED_PROCEDURES:
                shown = called.group(1) if called else details[:80]
                _refuse(
                    f"calls the procedure {shown}",
                    f"and only {', '.join(sorted(ALLOWED_PROCEDURES))} may be called",
                )
            continue
        for function in _NAMESPACED_CALL.findall(details):
            if not function.lower().startswith(tuple(f"{ns}." for ns in ALLOWED_FUNCTION_NAMESPACES)):
                _refuse(
                    f"calls the function {function}",
                    "and only Neo4j's built-in temporal, spatial "
                    "and vector functions may be called by a namespaced name",
                )
        unwinds = name in ("Unwind", "PartitionedUnwind") and details.lstrip().lower().startswith("range")
        refuse_value_bombs(details, streams_a_range=unwinds)
