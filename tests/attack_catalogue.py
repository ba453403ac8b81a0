"""The attacks on ad-hoc Cypher that the suite replays, and the record of what each one did.

Every reproduction of issue 17 and its kin is an :class:`Attack`: a name, the
text, and why it is dangerous. ``tests/test_attack_cypher.py`` sends each one
through the runner, the CLI and the app, ``tests/test_attack_websocket.py``
through the running app's websocket (every one of ``ENTRY_POINTS``), against
the real Neo4j, and expects it to be refused or stopped;
``tests/test_attack_fuzz.py`` adds generated texts. Each attempt's outcome is
recorded (``AttackLog``) into a JSON file under pytest's temporary folder, never into a tracked file;
``python tests/attack_report.py FILE`` renders it as the tables of
docs/reliability.md, and ``tests/test_reliability_doc.py`` checks the declared
table there against this catalogue.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "ATTACKS",
    "ENTRY_POINTS",
    "FUZZ_EXAMPLES",
    "HARMLESS",
    "TERMINATORS",
    "WEBSOCKET_ONLY",
    "Attack",
    "AttackLog",
    "attack_log_fixture",
    "gate_of",
]

# Every character some parser takes for a line end; Neo4j 5.26 ends a // comment only at \n and \r.
TERMINATORS = {
    "LF": "\n",
    "CR": "\r",
    "CRLF": "\r\n",
    "LS": "\u2028",
    "PS": "\u2029",
    "NEL": "\u0085",
    "VT": "\x0b",
    "FF": "\x0c",
}
PASSWD = "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row[0] AS line LIMIT 3"
FUZZ_EXAMPLES = 60  # hypothesis examples per entry point in tests/test_attack_fuzz.py


@dataclass(frozen=True)
class Attack:
    name: str
    text: str
    why: str


def _attacks() -> list[Attack]:
    attacks = [
        Attack("load-csv-file", PASSWD, "reads the server's files"),
        Attack(
            "load-csv-environ",
            "LOAD CSV FROM 'file:///proc/self/environ' AS r RETURN r",
            "reads the server's environment",
        ),
        Attack(
            "load-csv-loopback-url",
            "LOAD CSV FROM 'http://127.0.0.1:7474/' AS r RETURN r LIMIT 1",
            "makes the server fetch a local URL",
        ),
        Attack(
            "load-csv-nbsp", PASSWD.replace("LOAD CSV", "LOAD\u00a0CSV"), "Unicode space between keywords"
        ),
        Attack("load-csv-cypher-options", "CYPHER runtime=slotted " + PASSWD, "query options in front"),
        Attack("load-csv-unclosed-block-comment", "/* x\n" + PASSWD, "an unclosed comment"),
        Attack(
            "terminate-transaction",
            "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
            "ends other users' transactions",
        ),
        Attack(
            "terminate-hidden-cr",
            "// x\rTERMINATE TRANSACTIONS 'neo4j-transaction-1'",
            "hidden after a comment ended by CR",
        ),
        Attack("show-transactions", "SHOW TRANSACTIONS", "lists other users' queries"),
        Attack(
            "show-settings", "SHOW SETTINGS YIELD name, value RETURN name, value", "reads the configuration"
        ),
        Attack("show-procedures", "SHOW PROCEDURES", "administration command"),
        Attack("kill-connections", "CALL dbms.killConnections(['bolt-1'])", "drops other clients"),
        Attack(
            "kill-connections-backticks",
            "CALL `dbms`.`killConnections`(['bolt-1'])",
            "backtick-quoted procedure name",
        ),
        Attack(
            "list-config",
            "CALL dbms.listConfig() YIELD name, value RETURN name, value",
            "reads the configuration",
        ),
        Attack("create-label-backticks", "CALL `db`.`createLabel`('Junk')", "write procedure, quoted"),
        Attack("clear-query-caches", "CALL db.clearQueryCaches()", "administration procedure"),
        Attack("use-system", "USE system SHOW DATABASES", "another database"),
        Attack("use-system-match", "USE system MATCH (n) RETURN n", "another database"),
        Attack(
            "in-transactions-read",
            "CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n",
            "commits on its own",
        ),
        Attack(
            "in-transactions-delete",
            "MATCH (n:Entity) CALL (n) { DETACH DELETE n } IN TRANSACTIONS",
            "batched delete",
        ),
        Attack("delete-hidden-cr", "// x\rMATCH (n) DETACH DELETE n", "write hidden after CR"),
        Attack("user-function", "RETURN apoc.version() AS v", "a user-defined function"),
        Attack(
            "range-list-bomb",
            "WITH [x IN range(1,60000000) | toString(x)+'padding-padding'] AS l RETURN size(l)",
            "ran the server out of heap",
        ),
        Attack("range-value-bomb", "RETURN range(1, 20000000) AS r", "one row of 20 million numbers"),
        Attack(
            "collect-bomb",
            "UNWIND range(1, 60000000) AS x RETURN collect(toString(x)+'padding-padding') AS l",
            "fills the transaction's memory",
        ),
        *_value_bombs(),
        Attack(
            "unclosed-comment-96kB", "RETURN 1 /*" + "x" * (96 * 1024), "froze the text check (quadratic)"
        ),
        Attack("many-block-openers-60kB", "RETURN 1 " + "/*" * 30_000, "quadratic on every /*"),
    ]
    for label, terminator in TERMINATORS.items():
        attacks.append(
            Attack(
                f"load-csv-hidden-{label}", f"// x{terminator}{PASSWD}", f"hidden after a comment and {label}"
            )
        )
    return attacks


def _nested_replace(levels: int) -> str:
    text = "'xxxxxxxxxx'"
    for _ in range(levels):
        text = f"replace({text}, 'x', 'xxxxxxxxxx')"
    return text


def _value_bombs() -> list[Attack]:
    """One expression that builds a value bigger than the heap: Neo4j neither counts it nor stops it."""
    collected = "MATCH (n) WITH collect(n) AS l RETURN "
    padded = "| toString(x) + 'padding-padding']) AS s"
    return [
        Attack(
            "range-negative-lower-bound",
            f"{collected}size([x IN range(-60000000, size(l)) {padded}",
            "the list bomb with its bound hidden in the lower end",
        ),
        Attack(
            "range-minus-negative",
            f"{collected}size([x IN range(0, size(l) - -60000000) {padded}",
            "a count over a list minus a negative number",
        ),
        Attack(
            "range-negative-step",
            f"{collected}size([x IN range(0, size(l) - 60000000, -1) {padded}",
            "a count over a list run backwards",
        ),
        Attack("replace-nested", f"RETURN size({_nested_replace(8)}) AS s", "a 10^9-character text"),
        Attack(
            "reduce-doubling-text", f"{collected}size(reduce(s = 'x', n IN l | s + s)) AS s", "2^n characters"
        ),
        Attack("reduce-doubling-list", f"{collected}reduce(s = [1], n IN l | s + s) AS s", "2^n elements"),
        Attack(
            "reduce-nesting",
            "UNWIND range(1, 1000) AS x WITH collect(x) AS l RETURN reduce(s = [], n IN l | [s]) AS s",
            "a list 1,000 deep: the runner's reader crashed with a RecursionError",
        ),
        Attack(
            "reduce-replace",
            f"{collected}size(reduce(s = 'x', n IN l | replace(s, 'x', 'xx'))) AS s",
            "replace() repeated by reduce",
        ),
        Attack(
            "comprehension-four-deep",
            f"{collected}size([a IN l | [b IN l | [c IN l | [d IN l | 1]]]]) AS s",
            "n^4 elements",
        ),
        Attack(
            "split-in-two-comprehensions",
            f"{collected}size([a IN l | [b IN l | split('{'x' * 2000}', '')]]) AS s",
            "n^2 x 2,000 one-letter texts: froze the server for 98 s",
        ),
        Attack(
            "quantifiers-four-deep",
            f"{collected}all(a IN l WHERE all(b IN l WHERE all(c IN l "
            "WHERE all(d IN l WHERE d IS NOT NULL)))) AS s",
            "n^4 evaluations the time limit does not interrupt",
        ),
    ]


ATTACKS = _attacks()

# Texts only a client speaking Streamlit's websocket sends as they are (tests/test_attack_websocket.py):
# no command-line argument carries a NUL, and a browser's text box would hold a megabyte only grudgingly.
WEBSOCKET_ONLY = [
    Attack("nul-then-load-csv", "RETURN 1\x00" + PASSWD, "a NUL before the attack"),
    Attack("nul-hidden-after-comment", "// x\x00\r" + PASSWD, "a NUL inside a comment ended by CR"),
    Attack("nul-between-keywords", PASSWD.replace("LOAD CSV", "LOAD\x00CSV"), "a NUL between the keywords"),
    Attack("one-megabyte-hidden-cr", "// x\r" + PASSWD + " //" + "x" * 2**20, "1 MB after a hidden LOAD CSV"),
    Attack(
        "one-megabyte-of-line-separators",
        "RETURN 1 /*" + "\u2028" * (2**20 // 3) + "*/ " + PASSWD.replace("LOAD", "\rLOAD"),
        "1 MB of U+2028 inside a comment, then the attack",
    ),
]

# Controls: plain reads every entry point must still answer (the allow-lists do not refuse everything).
HARMLESS = [
    "MATCH (n:Entity) RETURN n.id AS id ORDER BY id LIMIT 3",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "UNWIND range(1, 5) AS i RETURN i",
    "// a comment\rMATCH (n:Entity {id: 'un.dpa'}) RETURN n.short AS short",
    # the teaching shapes the expression rules must leave alone
    "MATCH path = (:Entity)-[*1..2]->() WITH path LIMIT 3 "
    "RETURN [n IN nodes(path) | n.id] AS ids, reduce(p = 1.0, r IN relationships(path) | p * 0.9) AS signal",
    "MATCH (n:Entity) WITH collect(n.id) AS l "
    "RETURN [i IN range(0, size(l) - 1) WHERE i < 3 | l[i]] AS first",
    "MATCH (n:Entity) WITH collect(size(n.id)) AS l "
    "RETURN reduce(m = 0, x IN l | CASE WHEN x > m THEN x ELSE m END) AS longest",
]

# Where ad-hoc Cypher comes in. "plan check alone" is the runner with the text filter switched off:
# it shows the guarantee rests on Neo4j's plan, not on the text.
# "app (raw websocket)" is the app driven by tests/streamlit_ws_client.py, with no browser in between.
ENTRY_POINTS = ["runner", "plan check alone", "CLI", "app", "app (raw websocket)"]


def gate_of(message: str) -> str:
    """Which gate stopped an attempt, from its one-line message."""
    if "bytes long" in message:
        return "size limit"
    if "the statement contains" in message:
        return "text filter"
    if message.startswith("refused: the statement"):
        return "plan check"
    if "more memory than the server allows" in message:
        return "server memory cap"
    if "time limit" in message:
        return "time limit"
    return "Neo4j refused it"


@dataclass
class AttackLog:
    """Outcomes of the attempts of one test session, written as JSON at its end."""

    records: list[dict] = field(default_factory=list)

    def add(self, source: str, entry: str, name: str, outcome: str, gate: str = "") -> None:
        self.records.append(asdict(_Record(source, entry, name, outcome, gate)))

    def write(self, path: Path) -> None:
        existing = json.loads(path.read_text()) if path.exists() else []
        path.write_text(json.dumps(existing + self.records, indent=1))


@dataclass(frozen=True)
class _Record:
    source: str  # "catalogue", "generated" or "websocket only"
    entry: str  # one of ENTRY_POINTS
    name: str
    outcome: str  # "refused" (with the gate that refused it) or "passed" (ran, proven harmless)
    gate: str


def attack_log_fixture(tmp_path_factory) -> AttackLog:
    """Body of the ``attack_log`` fixture of the attack test files: records, then appends them to the JSON.

    The file is ``attacks.json`` in pytest's temporary folder for the session (or
    ``$PATHWAYS_ATTACK_REPORT``), never a tracked file.
    """
    import os

    log = AttackLog()
    yield log
    path = Path(os.environ.get("PATHWAYS_ATTACK_REPORT") or tmp_path_factory.getbasetemp() / "attacks.json")
    log.write(path)
    print(f"\nattack outcomes: {path}")
