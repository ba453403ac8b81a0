"""Two backends, one interface: the embedded networkx graph and a real Neo4j.

Both answer ``run_saved(query, params)`` with the same :class:`QueryResult`;
Neo4j runs the saved Cypher verbatim in a read transaction with a timeout and
a row and size cap, the embedded backend runs the query's networkx twin.

Ad-hoc Cypher (``run_cypher``) on Neo4j passes three gates: a linear-time text
filter with a size limit (``queries/guard.py``), then Neo4j's own plan of the
statement checked against allow-lists (``queries/plan_check.py``), then the
read transaction itself, with the time limit sent as the transaction timeout
so the server ends the query.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import neo4j
import networkx as nx
from neo4j.exceptions import ClientError, DatabaseError, ServiceUnavailable, SessionExpired, TransientError

from un_pathways.graph.collector import cycle_collector_paused
from un_pathways.graph.errors import ConnectionFailed, QueryError
from un_pathways.graph.settings import SETTINGS
from un_pathways.queries.guard import refuse_writes
from un_pathways.queries.plan_check import refuse_unsafe_plan
from un_pathways.queries.saved import SavedQuery, bind_parameters
from un_pathways.queries.twins import twin_for

__all__ = ["EmbeddedBackend", "Neo4jBackend", "QueryResult", "approximate_size"]

# How long past the time limit a caller still waits for Neo4j to stop a query itself.
_CLIENT_GRACE_S = 0.25
# How long the driver retries a read whose server went away, before saying so (its default is 30 s).
_RETRY_S = 0.5
_EXPLAIN = "EXPLAIN "  # asks Neo4j for the plan of a statement without running it
# Records the driver fetches per round trip: small, so a stop at the size cap leaves little decoded in vain.
_FETCH_SIZE = 200


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query and how they were obtained."""

    columns: list[str]
    rows: list[list[Any]]
    backend: str
    elapsed_ms: float
    truncated: bool
    cut_at: str = ""  # "rows" or "size" when truncated: which limit cut the result

    def to_dict(self) -> dict:
        return asdict(self)

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _cap(rows: list[list[Any]], limit: int) -> tuple[list[list[Any]], bool]:
    return (rows[:limit], True) if len(rows) > limit else (rows, False)


class EmbeddedBackend:
    """Answers saved queries from the in-process networkx graph."""

    name = "embedded"

    def __init__(self, graph: nx.MultiDiGraph, row_limit: int | None = None):
        self.graph = graph
        self.row_limit = row_limit or SETTINGS["row_limit"].default

    def describe(self) -> str:
        return "embedded (networkx, in process)"

    def run_saved(
        self,
        query: SavedQuery,
        params: dict[str, Any] | None = None,
        *,
        friction: Mapping[str, float] | None = None,
    ) -> QueryResult:
        """Run the query's twin; ``friction`` holds the user's changes to the friction map."""
        values = bind_parameters(query, params or {}, friction)
        started = time.perf_counter()
        with cycle_collector_paused():  # a twin's working sets are acyclic; see graph/collector.py
            columns, rows = twin_for(query)(self.graph, **values)
        rows, truncated = _cap([list(r) for r in rows], self.row_limit)
        elapsed_ms = (time.perf_counter() - started) * 1000
        return QueryResult(columns, rows, self.name, elapsed_ms, truncated, "rows" if truncated else "")

    def run_cypher(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        raise QueryError(
            "ad-hoc Cypher needs a Neo4j connection: start one with `docker compose up -d neo4j` "
            "and set NEO4J_URI=bolt://localhost:7687 (with NEO4J_USER and NEO4J_PASSWORD)"
        )


def _plain(value: Any) -> Any:
    """Neo4j values as plain JSON-able Python, the way twins return them."""
    if isinstance(value, neo4j.graph.Node):
        return {"id": value.get("id"), "name": value.get("name"), "labels": sorted(value.labels)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "edge_id": value.get("edge_id")}
    if isinstance(value, neo4j.graph.Path):
        return [node.get("id") for node in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def approximate_size(value: Any) -> int:
    """Bytes a plain result value holds in Python, roughly (what the size cap counts)."""
    if isinstance(value, str):
        return 49 + len(value)
    if isinstance(value, list):
        return 56 + sum(8 + approximate_size(v) for v in value)
    if isinstance(value, dict):
        return 64 + sum(approximate_size(k) + approximate_size(v) for k, v in value.items())
    return 32


class Neo4jBackend:
    """Runs Cypher on a real Neo4j, read-only, with a timeout and a row and size cap.

    The time limit is the transaction's timeout (``unit_of_work(timeout=...)``),
    so Neo4j itself terminates the query; the caller also stops waiting shortly
    after the limit even if the server notices late, so no user waits much
    longer than the limit. The result is streamed and cut at the row cap or at
    the size cap, whichever comes first. A lost server fails fast instead of
    being retried for the driver's default 30 s.
    """

    name = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        uri: str = "",
        database: str | None = None,
        timeout_s: float | None = None,
        row_limit: int | None = None,
        max_bytes: int | None = None,
    ):
        self.driver = driver
        self.uri = uri
        self.database = database
        self.timeout_s = timeout_s or SETTINGS["query_timeout_s"].default
        self.row_limit = row_limit or SETTINGS["row_limit"].default
        self.max_bytes = max_bytes or SETTINGS["result_max_bytes"].default

    def describe(self) -> str:
        return f"Neo4j at {self.uri}" if self.uri else "Neo4j"

    def run_saved(
        self,
        query: SavedQuery,
        params: dict[str, Any] | None = None,
        *,
        friction: Mapping[str, float] | None = None,
    ) -> QueryResult:
        """Run a saved query (project text, checked against the plan rules by the tests); ``friction`` holds
        the user's changes to the friction map, sent as ``$friction``."""
        return self._run(query.cypher, bind_parameters(query, params or {}, friction), check_plan=False)

    def run_cypher(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run ad-hoc Cypher if the text filter and then Neo4j's plan of it show a plain read."""
        refuse_writes(cypher)
        return self._run(cypher, params or {}, check_plan=True)

    def _run(self, cypher: str, params: dict[str, Any], *, check_plan: bool) -> QueryResult:
        _refuse_unencodable(cypher, params)
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = self._read(cypher, params, check_plan)
            except BaseException as exc:  # handed to the waiting caller below
                outcome["error"] = exc

        started = time.perf_counter()
        worker = threading.Thread(target=work, name="pathways-neo4j-query", daemon=True)
        worker.start()
        worker.join(self.timeout_s + _CLIENT_GRACE_S)
        if worker.is_alive():  # Neo4j terminates the transaction at its timeout; the thread then ends
            raise QueryError(_timeout_message(self.timeout_s))
        if "error" in outcome:
            raise outcome["error"]
        columns, rows, cut_at = outcome["result"]
        elapsed_ms = (time.perf_counter() - started) * 1000
        return QueryResult(columns, rows, self.name, elapsed_ms, bool(cut_at), cut_at)

    def _read(self, cypher: str, params: dict[str, Any], check_plan: bool) -> tuple[list[str], list, str]:
        row_limit, max_bytes = self.row_limit, self.max_bytes

        @neo4j.unit_of_work(timeout=self.timeout_s)
        def read(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], str]:
            if check_plan:
                summary = tx.run(_EXPLAIN + cypher, params).consume()
                refuse_unsafe_plan(summary.query_type, summary.plan, self.database or summary.database or "")
            try:
                return _stream(tx.run(cypher, params), row_limit, max_bytes)
            except TransientError as exc:
                if "OutOfMemoryError" in (exc.code or ""):  # not worth a retry: it would run out again
                    raise QueryError(_explain(exc, self.timeout_s)) from None
                raise

        try:
            with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                max_transaction_retry_time=_RETRY_S,
                fetch_size=_FETCH_SIZE,
            ) as session:
                return session.execute_read(read)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise ConnectionFailed(
                f"lost the connection to {self.describe()} ({type(exc).__name__}): is the server still "
                "running? Start it again, then retry"
            ) from None
        except (ClientError, TransientError, DatabaseError) as exc:
            raise QueryError(_explain(exc, self.timeout_s)) from None


def _stream(result: neo4j.Result, row_limit: int, max_bytes: int) -> tuple[list[str], list[list[Any]], str]:
    """Read records until the end, the row cap or the size cap; say which cap cut them ("" for none)."""
    columns = list(result.keys())
    rows: list[list[Any]] = []
    size = 0
    for record in result:
        if len(rows) == row_limit:
            return columns, rows, "rows"
        try:
            row = [_plain(v) for v in record.values()]
            size += approximate_size(row)
        except RecursionError:  # e.g. reduce(s = [], x IN l | [s]): a list in a list, thousands deep
            raise QueryError(
                f"the result's row {len(rows) + 1} holds a value nested too deep to read (lists or maps "
                "inside each other, hundreds of levels); return a flatter value"
            ) from None
        if size > max_bytes:
            return columns, rows, "size"
        rows.append(row)
    return columns, rows, ""


def _refuse_unencodable(cypher: str, params: dict[str, Any]) -> None:
    """Refuse text Bolt cannot carry (lone surrogates, e.g. undecodable bytes in a shell argument)."""
    for name, value in [("the statement", cypher), *((f"parameter {k!r}", v) for k, v in params.items())]:
        for text in _strings(value):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise QueryError(
                    f"{name} holds a character that is not valid Unicode ({text[exc.start]!r} at position "
                    f"{exc.start}); retype it, or check the terminal's encoding is UTF-8"
                ) from None


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def _timeout_message(timeout_s: float) -> str:
    """What a user reads when a query hits the time limit: what happened and the two ways out."""
    return (
        f"the query was stopped at the {timeout_s:g} s time limit. Narrow it (add LIMIT, bound "
        "variable-length paths such as [*..4]) or raise the limit: --timeout SECONDS on the command line, "
        "Query limits in the app's sidebar"
    )


def _explain(exc: neo4j.exceptions.Neo4jError, timeout_s: float) -> str:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "timed out" in (exc.message or "").lower():
        return _timeout_message(timeout_s)
    if "AccessMode" in code or "Forbidden" in code:
        return f"refused: Neo4j does not allow writes in a read-only query ({exc.message})"
    if "OutOfMemoryError" in code:
        return (
            f"the query was stopped: it needed more memory than the server allows one query ({exc.message}). "
            "Narrow it (add LIMIT, aggregate fewer rows)"
        )
    return f"Neo4j rejected the query: {_first_line(exc.message or '')} [{code}]"


_EXPLAIN_POSITION = re.compile(r"line 1, column (\d+) \(offset: (\d+)\)")


def _first_line(message: str) -> str:
    """A server message in one line, its position counted in the user's text (without "EXPLAIN ").

    Neo4j's syntax errors quote the statement and point at the column on further lines.
    """
    line = message.strip().split("\n", 1)[0].strip()
    shift = len(_EXPLAIN)
    return _EXPLAIN_POSITION.sub(
        lambda m: f"line 1, column {max(1, int(m[1]) - shift)} (offset: {max(0, int(m[2]) - shift)})", line
    )
