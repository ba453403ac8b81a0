"""The plan rules on plans shaped like Neo4j 5.26's (operator names and Details as EXPLAIN returns them).

The real server's plans are checked in tests/test_attack_cypher.py; here each
rule is pinned on its own, including cases the community server cannot show
(a user function needs a plugin such as APOC).
"""

from __future__ import annotations

import pytest

from un_pathways.graph.errors import WriteRefused
from un_pathways.queries.plan_check import refuse_unsafe_plan


def _plan(*operators: tuple[str, str], database: str = "neo4j") -> dict:
    """A chain of operators, the first on top, each ``(operatorType without @db, Details)``."""
    plan: dict = {}
    for name, details in reversed(operators):
        plan = {
            "operatorType": f"{name}@{database}",
            "args": {"Details": details},
            "children": [plan] if plan else [],
        }
    return plan


@pytest.mark.parametrize(
    "plan",
    [
        _plan(("ProduceResults", "n"), ("AllNodesScan", "n")),  # MATCH (n) RETURN n
        _plan(("ProduceResults", "n"), ("Expand(All)", "(a)-[r]->(n)"), ("NodeByLabelScan", "a:Entity")),
        _plan(("ProduceResults", "p"), ("VarLengthExpand(Pruning,BFS,All)", "(a)-[*]-(b)"), ("Argument", "")),
        _plan(("ProduceResults", "label"), ("ProcedureCall", "db.labels() :: (label :: STRING)")),
        _plan(("ProduceResults", "i"), ("Unwind", "range($autoint_0, $autoint_1) AS i")),  # streams
        _plan(("ProduceResults", "s"), ("Projection", "[i IN range($autoint_0, size(p) - $autoint_1) | i]")),
        _plan(("ProduceResults", "d"), ("Projection", "duration.between(a, b) AS d, point.distance(x, y)")),
    ],
    ids=["scan", "expand", "var-length-bfs", "db.labels", "unwind-range", "range-over-a-list", "temporal"],
)
def test_plain_reads_pass(plan):
    refuse_unsafe_plan("r", plan, "neo4j")


@pytest.mark.parametrize(
    "query_type, plan, match",
    [
        ("w", _plan(("ProduceResults", ""), ("Create", "(n)")), "query type 'w'"),  # a write
        ("s", _plan(("ProduceResults", ""), ("ProcedureCall", "dbms.killConnections($x)")), "type 's'"),
        ("r", None, "has no plan"),  # nothing to judge: refuse
        ("r", _plan(("ProduceResults", "row"), ("LoadCSV", "row")), "uses LoadCSV"),
        ("r", _plan(("ProduceResults", "x"), ("ShowTransactions", "all")), "uses ShowTransactions"),
        ("r", _plan(("ProduceResults", "x"), ("TerminateTransactions", "transactions(x)")), "uses Terminate"),
        (
            "r",
            _plan(("ProduceResults", "n"), ("TransactionApply", "IN TRANSACTIONS"), ("AllNodesScan", "n")),
            "uses TransactionApply",
        ),
        ("r", _plan(("ProduceResults", "x"), ("SomethingNew", "")), "uses SomethingNew"),  # unknown: refused
        (
            "r",
            _plan(("ProduceResults", "x"), ("ProcedureCall", "db.index.fulltext.queryNodes($a, $b)")),
            "calls the procedure db.index.fulltext.queryNodes",
        ),
        (
            "r",
            _plan(("ProduceResults", "v"), ("Projection", "apoc.text.join($l, $s) AS v")),
            "calls the function apoc.text.join",
        ),  # a user function
        (
            "r",
            _plan(("ProduceResults", "v"), ("Filter", "graph.byName($g) IS NOT NULL")),
            "calls the function graph.byName",
        ),  # composite-database built-in: not on the list
        ("r", _plan(("ProduceResults", "n"), ("AllNodesScan", "n"), database="system"), "'system'"),
        ("r", _plan(("ProduceResults", "r"), ("Projection", "range($autoint_0, $autoint_1)")), "range()"),
        (
            "r",
            _plan(("ProduceResults", "l"), ("Projection", "[x IN range($a, $b) | toString(x)] AS l")),
            "range()",
        ),
        ("r", _plan(("ProduceResults", "i"), ("Unwind", "[x IN range($a, $b) | x] AS i")), "range()"),
        (
            "r",
            _plan(("ProduceResults", "l"), ("Projection", "[x IN range(1, size($l) * $n) | x] AS l")),
            "range()",
        ),
    ],
    ids=[
        "write",
        "dbms-procedure",
        "no-plan",
        "load-csv",
        "show-transactions",
        "terminate",
        "in-transactions",
        "unknown-operator",
        "procedure-not-listed",
        "user-function",
        "graph-function",
        "other-database",
        "range-value",
        "range-comprehension",
        "range-inside-unwind",
        "range-times-constant",
    ],
)
def test_refused(query_type, plan, match):
    with pytest.raises(WriteRefused, match=match):
        refuse_unsafe_plan(query_type, plan, "neo4j")
