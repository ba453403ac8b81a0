"""The one exception tree of UN Pathways.

Every error a user can cause derives from :class:`PathwaysError`, so the edges
of the program (the CLI and the app) can turn it into a message and an exit
code without ever showing a traceback. Messages say what is wrong, where
(file, line, id) and how to fix it.

PathwaysError
 ├── DataError         invalid or inconsistent data files (one or many problems)
 ├── LookupFailed      an id, name or alias that matches no node, or several
 ├── QueryError        a saved query or ad-hoc Cypher that cannot be run
 │    └── WriteRefused a statement that would change the database
 └── ConnectionFailed  Neo4j cannot be reached or refuses the credentials
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConnectionFailed",
    "DataError",
    "DataProblem",
    "LookupFailed",
    "PathwaysError",
    "QueryError",
    "WriteRefused",
]


LINE_SHOWN = 600  # longer message lines (a pasted 100 kB value) are cut in the middle when shown


class PathwaysError(Exception):
    """Base class of every error UN Pathways reports to a user.

    Messages often quote the value the user gave; ``str()`` cuts any line
    longer than ``LINE_SHOWN`` in the middle, so a huge pasted value still
    gives a readable message that keeps its start (what is wrong) and its end
    (how to fix it).
    """

    exit_code = 2

    def __str__(self) -> str:
        return "\n".join(_cut(line) for line in super().__str__().split("\n"))


def _cut(line: str) -> str:
    if len(line) <= LINE_SHOWN:
        return line
    head, tail = LINE_SHOWN // 2, LINE_SHOWN // 3
    return f"{line[:head]}…[{len(line) - head - tail:,} characters cut]…{line[-tail:]}"


@dataclass(frozen=True)
class DataProblem:
    """One problem found in a data file: where it is, what it is, how to fix it."""

    file: str
    line: int | None
    item_id: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        subject = f" [{self.item_id}]" if self.item_id else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{place}{subject}: {self.message}.{fix}"


class DataError(PathwaysError):
    """The data files are invalid; carries every problem found, not only the first."""

    exit_code = 1

    def __init__(self, problems: list[DataProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data"
        super().__init__(header + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class LookupFailed(PathwaysError):
    """A node reference (id, name or alias) matched nothing, or more than one node."""


class QueryError(PathwaysError):
    """A query cannot be run: unknown name, bad parameter, Cypher error, timeout."""


class WriteRefused(QueryError):
    """A statement would write to the database; only `pathways load` writes."""


class ConnectionFailed(PathwaysError):
    """Neo4j is unreachable, or refused the connection."""
