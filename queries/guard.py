"""Refuse statements that would write, before they reach the database.

The real guarantee is that every query runs in a *read* transaction, where
Neo4j itself refuses writes. This lexical check comes first so the user gets
a clear message naming the clause instead of a server error, and so embedded
mode refuses the same statements.
"""

from __future__ import annotations

import re

from un_pathways.graph.errors import WriteRefused

__all__ = ["refuse_writes"]

_COMMENTS_AND_STRINGS = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`(?:``|[^`])*`", re.DOTALL
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


def refuse_writes(cypher: str) -> None:
    """Raise WriteRefused if the statement contains a write or admin clause.

    >>> refuse_writes("MATCH (n) RETURN n.name // CREATE is fine in a comment")
    >>> refuse_writes("match (n) detach delete n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.WriteRefused: refused: the statement contains 'detach', which writes to the database. ...
    """
    code = _COMMENTS_AND_STRINGS.sub(" ", cypher)
    found = _WRITE_CLAUSES.search(code) or _WRITE_PROCEDURES.search(code)
    if found:
        raise WriteRefused(
            f"refused: the statement contains {found.group(0).split()[0]!r}, which writes to the database. "
            "Queries here are read-only; only `pathways load` writes the dataset."
        )
