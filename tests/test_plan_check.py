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
        # The test server and docker-compose.yml render literals as written (extract_literals=NEVER).
        _plan(("ProduceResults", "s"), ("Projection", "[i IN range(0, size(p) - 1) | i]")),
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


def _projection(expression: str) -> dict:
    return _plan(("ProduceResults", "v"), ("Projection", f"{expression} AS v"))


@pytest.mark.parametrize(
    "expression",
    [
        "reduce(p = 1.0, r IN relationships(path) | p * coalesce(r.pass, 1.0))",  # a product: one use
        'reduce(s = "", n IN nodes(path) | (s + n.name) + " > ")',  # a route as text: grows by one name
        "reduce(m = 0, x IN l | CASE\n  WHEN x > m THEN x\n  ELSE m\nEND)",  # a maximum: twice, joins nothing
        "reduce(acc = [], x IN l | acc + [x])",  # appending: the accumulator outside the new list
        "reduce(i = 0, x IN l | l[i])",  # an index is not a new list
        "[n IN nodes(path) | n.name]",
        "[i IN range(0, size(l) - 1) WHERE i < 3 | l[i]]",
        "range(1, 10)",  # small numbers written in the query
        "range(0, length(p), 2)",
        "[p IN ps | [n IN nodes(p) | n.id]]",  # two deep
        # the saved country_team_stall_point: reduce over a slice inside a comprehension, two deep
        "[i IN range(1, size(probabilities)) | reduce(s = 1.0, x IN probabilities[0..i] | s * x)]",
        # what one path holds does not count: nodes(p) under a comprehension and a reduce
        "[p IN ps | reduce(s = 0, x IN l | s + size([n IN nodes(p) WHERE all(m IN nodes(p) WHERE m <> x)]))]",
        'replace(n.name, "United Nations", "UN")',  # one level: grows at most by its literal
        'replace(replace(n.name, " ", "_"), "-", "_")',  # nested but never longer
        '"it\'s (a [ quote" + n.name',  # brackets inside strings are not read as brackets
    ],
    ids=[
        "reduce-product",
        "reduce-route-text",
        "reduce-maximum",
        "reduce-append",
        "reduce-index",
        "names-of-a-path",
        "range-over-a-list",
        "range-small-literals",
        "range-length-step",
        "two-deep",
        "stall-point-saved-query",
        "what-a-path-holds-deeper",
        "replace-once",
        "replace-nested-shortening",
        "quoted-brackets",
    ],
)
def test_teaching_expressions_pass(expression):
    refuse_unsafe_plan("r", _projection(expression), "neo4j")


@pytest.mark.parametrize(
    "expression, match",
    [
        # issue 17's bomb and its kin: the lower bound, a negative offset, a step, placeholders
        ('[x IN range(-60000000, size(l)) | toString(x) + "padding"]', r"range\(-60000000, size\(l\)\)"),
        ("[x IN range(0, size(l) - -60000000) | x]", "neither a count over a list"),
        ("[x IN range(0, size(l) - 60000000, -1) | x]", "neither a count over a list"),
        ("range(0, size(l) + 20000)", "at most 10,000"),
        ("range(1, size(l) * 1000)", "neither a count"),
        ("[i IN range($autoint_0, size(p) - $autoint_1) | i]", r"shows literals as \$autoint_0"),
        ("range(0, $n)", "neither a count"),  # a user parameter: its value is not in the plan
        ("range(0, size(l), size(l))", "neither a count"),  # a computed step
        # nesting over arbitrary lists
        ("[a IN l | [b IN l | [c IN l | [d IN l | 1]]]]", "once per element of another list"),
        ("[a IN l | [b IN l | split(a.name, '')]]", "once per element"),  # the 98-second freeze
        ('[a IN l | split("xxxxxxxxxx", "")]', "once per element"),  # split builds a list
        ("reduce(s = 0, a IN l | s + size(range(0, 10)))", "once per element"),  # so does range()
        ("all(a IN l WHERE all(b IN l WHERE any(c IN l WHERE c = a)))", "2 or more other iterations"),
        ("[a IN l | reduce(s = 0, b IN l | s + size([c IN l | c]))]", "once per element"),
        # reduce doubling its accumulator
        ('reduce(s = "x", n IN l | s + s)', "accumulator s with itself"),
        ("reduce(s = [1], n IN l | s + s)", "accumulator s with itself"),
        ('reduce(acc = "x", n IN l | acc || toString(acc))', "accumulator acc"),
        ("reduce(s = [], n IN l | [s, s])", "accumulator s"),
        ("reduce(s = [], n IN l | [s])", "inside a new list or map"),  # as deep as l is long
        ("reduce(s = {}, n IN l | {inner: s})", "inside a new list or map"),
        # replace growing at every level
        ('replace(replace("xxxxxxxxxx", "x", "xxxxxxxxxx"), "x", "xxxxxxxxxx")', "inside replace()"),
        ('reduce(s = "x", n IN l | replace(s, "x", "xx"))', "inside a reduce"),
        ('replace(replace(n.name, "", "x"), "a", "b")', "inside replace()"),  # '' inserts everywhere
        ('replace(replace(n.name, n.id, n.name), "a", "b")', "inside replace()"),  # not literals
        (r'replace(replace(n.name, "\\", "ab"), "a", "b")', "inside replace()"),  # an escape is one character
        ('"unclosed', "cannot read"),  # in doubt: refused
    ],
    ids=[
        "range-negative-lower-bound",
        "range-minus-negative",
        "range-negative-step",
        "range-large-offset",
        "range-times-constant",
        "range-auto-parameters",
        "range-user-parameter",
        "range-computed-step",
        "comprehension-four-deep",
        "split-in-two-comprehensions",
        "split-in-a-comprehension",
        "range-in-a-reduce",
        "quantifiers-three-deep",
        "reduce-in-comprehension-three-deep",
        "reduce-doubling-text",
        "reduce-doubling-list",
        "reduce-doubling-concat-operator",
        "reduce-nesting-list",
        "reduce-wrapping-in-a-list",
        "reduce-wrapping-in-a-map",
        "replace-nested-lengthening",
        "replace-in-reduce",
        "replace-empty-search",
        "replace-computed",
        "replace-escaped-search",
        "unreadable",
    ],
)
def test_value_bombs_refused(expression, match):
    with pytest.raises(WriteRefused, match=match) as refused:
        refuse_unsafe_plan("r", _projection(expression), "neo4j")
    assert "Instead:" in str(refused.value)  # every refusal says how to write it instead


def test_unwind_streams_only_a_whole_range():
    """UNWIND range(a, b) AS i streams; a range sliced or joined inside UNWIND is built whole first."""
    refuse_unsafe_plan("r", _plan(("ProduceResults", "i"), ("Unwind", "range(-60000000, 1) AS i")), "neo4j")
    sliced = _plan(("ProduceResults", "i"), ("Unwind", "range(1, 60000000)[0..5] AS i"))
    with pytest.raises(WriteRefused, match="range"):
        refuse_unsafe_plan("r", sliced, "neo4j")
