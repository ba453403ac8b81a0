"""A fast first filter for ad-hoc Cypher: a size limit and the obvious writes, in linear time.

This is never the guarantee. What decides whether ad-hoc Cypher may run is
Neo4j's own parser (``queries/plan_check.py``: the server's ``EXPLAIN`` plan
checked against an allow-list), and every query runs in a read transaction
where Neo4j refuses writes. The filter here exists so that the user gets a
clear message naming the clause, and so a huge or hostile text is turned away
before anything else looks at it: it reads each character a bounded number of times (an unclosed
``/*`` or quote simply runs to the end), so 1 MB is refused in milliseconds.

Where it cannot know how Neo4j will read the text it errs towards looking at
more: a ``//`` comment ends at *any* line terminator (Neo4j ends it only at
``\\n`` and ``\\r``), so text hidden after ``\\u2028`` is still checked.
"""

from __future__ import annotations

import re

from un_pathways.graph.errors import QueryError, WriteRefused

__all__ = ["MAX_QUERY_BYTES", "LINE_TERMINATORS", "refuse_oversized", "refuse_writes"]

MAX_QUERY_BYTES = 64 * 1024  # a hand-written query is a few hundred bytes; this is 100 times that

# Every character some parser treats as the end of a line (Unicode's list plus the ASCII separators).
LINE_TERMINATORS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

# Each alternative either matches or fails at its first character, and an unclosed comment or
# quote runs to the end of the text instead of failing there: one pass, linear time.
_COMMENTS_AND_STRINGS = re.compile(
    rf"//[^{LINE_TERMINATORS}]*"
    r"|/\*(?:[^*]|\*(?!/))*(?:\*/)?"
    r"|'(?:\\.|[^'\\])*'?"
    r"|\"(?:\\.|[^\"\\])*\"?"
    r"|`(?:``|[^`])*`?",
    re.DOTALL,
)
_WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|"
    r"ALTER|RENAME|GRANT|DENY|REVOKE|START\s+DATABASE|STOP\s+DATABASE|ENABLE|TERMINATE)\b",
    re.IGNORECASE,
)
_WRITE_PROCEDURES = re.compile(
    r"\bCALL\s+(db\.(create|clear|index\.fulltext\.(create|drop)|awaitIndex)|dbms\.(security|setConfig|killQuer)|apoc\.(create|merge|refactor|periodic|load|cypher\.doIt|do\.|nodes\.delete|trigger))",
    re.IGNORECASE,
)


def refuse_oversized(cypher: str) -> None:
    """Raise QueryError if the statement is longer than MAX_QUERY_BYTES (UTF-8).

    >>> refuse_oversized("RETURN 1")
    >>> refuse_oversized("RETURN 1 " + "/*" * 40_000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.QueryError: refused: the statement is 80,009 bytes long; ...
    """
    if len(cypher) * 4 <= MAX_QUERY_BYTES:  # cannot be over the limit: skip the encoding
        return
    size = len(cypher.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(
            f"refused: the statement is {size:,} bytes long; ad-hoc Cypher is limited to "
            f"{MAX_QUERY_BYTES // 1024} kB. Shorten it, or pass long values as parameters "
            "(--param NAME=VALUE)"
        )


def refuse_writes(cypher: str) -> None:
    """Raise WriteRefused if the statement contains a write or admin clause (after the size check).

    >>> refuse_writes("MATCH (n) RETURN n.name // CREATE is fine in a comment")
    >>> refuse_writes("match (n) detach delete n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.WriteRefused: refused: the statement contains 'detach', which writes...
    >>> refuse_writes("// x\\u2028LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.WriteRefused: refused: the statement contains 'LOAD', ...
    """
    refuse_oversized(cypher)
    code = _COMMENTS_AND_STRINGS.sub(" ", cypher)
    found = _WRITE_CLAUSES.search(code) or _WRITE_PROCEDURES.search(code)
    if found:
        raise WriteRefused(
            f"refused: the statement contains {found.group(0).split()[0]!r}, which writes to the database. "
            "Queries here are read-only; only `pathways load` writes the dataset."
        )
