"""Two backends, one interface: the embedded networkx graph and a real Neo4j.

Both answer ``run_saved(query, params)`` with the same :class:`QueryResult`;
Neo4j runs the saved Cypher verbatim in a read transaction with a timeout and
a row cap, the embedded backend runs the query's networkx twin.
"""

from __future__ import annotations

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
from un_pathways.queries.saved import SavedQuery, bind_parameters
from un_pathways.queries.twins import twin_for

__all__ = ["EmbeddedBackend", "Neo4jBackend", "QueryResult"]

# How long past the time limit a caller still waits for Neo4j to stop a query itself.
_CLIENT_GRACE_S = 0.25
# How long the driver retries a read whose server went away, before saying so (its default is 30 s).
_RETRY_S = 0.5


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query and how they were obtained."""

    columns: list[str]
    rows: list[list[Any]]
    backend: str
    elapsed_ms: float
    truncated: bool

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
        return QueryResult(columns, rows, self.name, (time.perf_counter() - started) * 1000, truncated)

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


class Neo4jBackend:
    """Runs Cypher on a real Neo4j, read-only, with a timeout and a row cap.

    The time limit is enforced twice: Neo4j stops the transaction itself
    (``unit_of_work(timeout=...)``), and the caller stops waiting shortly after
    the limit even if the server notices late (Neo4j checks for timed-out
    transactions only every couple of seconds), so no user waits much longer
    than the limit. A lost server fails fast instead of being retried for the
    driver's default 30 s.
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
    ):
        self.driver = driver
        self.uri = uri
        self.database = database
        self.timeout_s = timeout_s or SETTINGS["query_timeout_s"].default
        self.row_limit = row_limit or SETTINGS["row_limit"].default

    def describe(self) -> str:
        return f"Neo4j at {self.uri}" if self.uri else "Neo4j"

    def run_saved(
        self,
        query: SavedQuery,
        params: dict[str, Any] | None = None,
        *,
        friction: Mapping[str, float] | None = None,
    ) -> QueryResult:
        """Run the saved Cypher; ``friction`` holds the user's changes to the friction map (``$friction``)."""
        return self.run_cypher(query.cypher, bind_parameters(query, params or {}, friction))

    def run_cypher(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        refuse_writes(cypher)
        params = params or {}
        _refuse_unencodable(cypher, params)
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["rows"] = self._read(cypher, params)
            except BaseException as exc:  # handed to the waiting caller below
                outcome["error"] = exc

        started = time.perf_counter()
        worker = threading.Thread(target=work, name="pathways-neo4j-query", daemon=True)
        worker.start()
        worker.join(self.timeout_s + _CLIENT_GRACE_S)
        if worker.is_alive():  # Neo4j has not stopped it yet; it will, and the thread then ends
            raise QueryError(_timeout_message(self.timeout_s))
        if "error" in outcome:
            raise outcome["error"]
        columns, rows = outcome["rows"]
        rows, truncated = _cap(rows, self.row_limit)
        return QueryResult(columns, rows, self.name, (time.perf_counter() - started) * 1000, truncated)

    def _read(self, cypher: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        limit = self.row_limit

        @neo4j.unit_of_work(timeout=self.timeout_s)
        def read(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(cypher, params)
            columns = list(result.keys())
            rows = []
            for record in result:
                rows.append([_plain(v) for v in record.values()])
                if len(rows) > limit:
                    break
            return columns, rows

        try:
            with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                max_transaction_retry_time=_RETRY_S,
            ) as session:
                return session.execute_read(read)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise ConnectionFailed(
                f"lost the connection to {self.describe()} ({type(exc).__name__}): is the server still "
                "running? Start it again, then retry"
            ) from None
        except (ClientError, TransientError, DatabaseError) as exc:
            raise QueryError(_explain(exc, self.timeout_s)) from None


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
    return f"Neo4j rejected the query: {exc.message} [{code}]"
