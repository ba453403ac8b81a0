"""Connect to Neo4j and write the dataset into it, idempotently, in one transaction.

The database mirrors the data files exactly: nodes and relationships are
MERGEd by id in batches (``UNWIND $rows``), their properties replaced, and
whatever the files no longer contain is deleted, all in a single transaction,
so a failed load leaves the database as it was. Only ``pathways load`` writes.

Speed (docs/benchmarks.md): a load's time is the Python driver packing the
parameters value by value, then the server writing and committing. So rows
travel as compact lists (``_PropertyTable``) and the write statements keep
their cached plans (``KEEP_CACHED_PLAN``).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import neo4j
from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable, SessionExpired

from un_pathways.graph.build import edge_properties, node_labels, node_properties
from un_pathways.graph.dataset import Dataset
from un_pathways.graph.errors import ConnectionFailed, QueryError

__all__ = [
    "Neo4jSettings",
    "graph_counts",
    "load_dataset",
    "load_dataset_naive",
    "open_driver",
    "refuse_credentials_in_uri",
    "uri_without_credentials",
]

BATCH_SIZE = 2000

# The write statements keep the plan Neo4j cached for them even when the
# statistics changed since (they always do: a load fills an empty database, or
# replaces one). Without it a warm load re-planned its ~80 statements every few
# runs, which took longer than the writes themselves. Their plans cannot get
# better: every MERGE and MATCH goes through the unique index of the entity_id
# constraint. (The first load after a server start or a schema change still plans.)
KEEP_CACHED_PLAN = "CYPHER replan=skip "
# What Neo4j answers when a transaction would hold more query memory than db.memory.transaction.max allows.
MEMORY_CAP_CODE = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect: from the environment, a connect form, or the local server's connection."""

    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str | None = None

    @classmethod
    def from_env(cls) -> Neo4jSettings | None:
        """Settings from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, or None."""
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            return None
        return cls(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE") or None,
        )

    @classmethod
    def configured(cls) -> Neo4jSettings | None:
        """The environment's settings if NEO4J_URI is set, else those of a running `pathways neo4j start`."""
        from un_pathways.loaders.local_neo4j import saved_settings  # it imports this module

        return cls.from_env() or saved_settings()

    def __repr__(self) -> str:  # never show the password, nor credentials written into the URI
        shown = uri_without_credentials(self.uri)
        return f"Neo4jSettings(uri={shown!r}, user={self.user!r}, database={self.database!r})"


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def uri_without_credentials(uri: str) -> str:
    """The URI with any ``user:password@`` part dropped: the only form of a URI ever shown.

    Parsed by hand rather than with urllib: a password may hold ``/``, ``?`` or ``#``,
    which urllib would take for the start of the path, so everything up to the
    last ``@`` counts as credentials.

    >>> uri_without_credentials("bolt://neo4j:pa/ss#w@db.example.org:7687")
    'bolt://db.example.org:7687'
    >>> uri_without_credentials("neo4j+s://abc.databases.neo4j.io")
    'neo4j+s://abc.databases.neo4j.io'
    """
    scheme, sep, rest = uri.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if "@" in rest else uri


def refuse_credentials_in_uri(uri: str) -> None:
    """Raise ConnectionFailed if the URI carries a user name or password, without ever showing them."""
    if "@" in uri.partition("://")[2]:
        raise ConnectionFailed(
            f"the Neo4j URI holds a user name or password (the part before '@'); they are never read from "
            f"the URI. Use {uri_without_credentials(uri)!r} and set NEO4J_USER and NEO4J_PASSWORD "
            "(in the app: "
            "the User and Password fields) instead"
        )


def open_driver(settings: Neo4jSettings) -> neo4j.Driver:
    """A verified driver for bolt://, neo4j:// or neo4j+s:// URIs (single server, cluster or Aura).

    Other schemes are refused up front (the driver's http:// Query API is a
    preview this app does not use), and so is a URI with credentials in it
    (``bolt://user:pw@host``): they come only from NEO4J_USER/NEO4J_PASSWORD.
    The server's notifications (deprecations, hints) are switched off: the
    driver would log them as warnings on the user's terminal.
    """
    refuse_credentials_in_uri(settings.uri)
    shown = settings.uri
    scheme = settings.uri.partition("://")[0].lower()
    try:
        if scheme not in BOLT_SCHEMES:
            raise ValueError(f"the scheme must be one of {', '.join(BOLT_SCHEMES)}")
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password), notifications_min_severity="OFF"
        )
    except (ValueError, ConfigurationError) as exc:
        raise ConnectionFailed(
            f"invalid Neo4j URI {shown!r}: {exc}. Use bolt://host:7687, neo4j://host or neo4j+s://host"
        ) from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise ConnectionFailed(
            f"Neo4j at {shown} refused the credentials of user {settings.user!r}; "
            "check NEO4J_USER and NEO4J_PASSWORD"
        ) from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        driver.close()
        raise ConnectionFailed(
            f"cannot reach Neo4j at {shown} ({type(exc).__name__}); is it running? "
            "Start one with `docker compose up neo4j`, or set NEO4J_URI"
        ) from None
    return driver


def _constraint_statements(dataset: Dataset) -> list[str]:
    return [
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    ]


def _all_labels(dataset: Dataset) -> list[str]:
    vocab = dataset.vocabulary
    return sorted({e.label for e in [*vocab.kinds.values(), *vocab.roles.values()] if e.label})


def _batches(rows: list) -> Iterator[list]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


def _node_groups(dataset: Dataset) -> dict[tuple[str, ...], list[dict]]:
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for node in dataset.nodes.values():
        labels = tuple(node_labels(node, dataset)[1:])
        groups[labels].append({"id": node.id, "props": node_properties(node, dataset)})
    return groups


def _edge_groups(dataset: Dataset) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for edge in dataset.edges.values():
        groups[edge.type].append(
            {
                "source": edge.source,
                "target": edge.target,
                "edge_id": edge.key,
                "props": edge_properties(edge),
            }
        )
    return groups


def _all_identical(values: list) -> bool:
    """Whether the values are all the same, types included: in Python True == 1 == 1.0, in Neo4j not."""
    return values.count(values[0]) == len(values) and len(set(map(repr, values))) == 1


@dataclass(frozen=True)
class _PropertyTable:
    """A group's property maps as UNWIND rows that are cheap to send.

    The driver packs parameters in Python one value at a time, a large part
    of a batched load's time. So a value every map of the group shares (its
    labels, kind, relationship type) goes once in ``$shared``; each row is a
    list of the other values in ``keys`` order, most common keys first, with
    its trailing nulls cut off. Cypher reads ``row[i]`` past the end as null,
    and ``SET n = {k: null}`` stores no ``k``: the result is exactly ``SET n =
    map``. ``first`` columns come before the properties (a relationship's ends).
    """

    shared: dict[str, object]
    keys: list[str]
    rows: list[list]
    first: int

    @classmethod
    def of(cls, maps: list[dict], leading: list[list] | None = None) -> _PropertyTable:
        counts = Counter(key for props in maps for key in props)
        columns = {key: [props[key] for props in maps] for key, n in counts.items() if n == len(maps)}
        shared = {key: values[0] for key, values in columns.items() if _all_identical(values)}
        keys = [key for key, _ in counts.most_common() if key not in shared]
        leading = leading if leading is not None else [[] for _ in maps]
        rows = []
        for lead, props in zip(leading, maps, strict=True):
            row = lead + list(map(props.get, keys))
            while row and row[-1] is None:  # never a leading column: those are ids
                row.pop()
            rows.append(row)
        return cls(shared, keys, rows, first=len(leading[0]) if leading else 0)

    def value_expression(self, key: str) -> str:
        """The Cypher expression of one property of the current row."""
        return f"$shared.`{key}`" if key in self.shared else f"row[{self.first + self.keys.index(key)}]"

    def map_expression(self) -> str:
        """The Cypher map of all the current row's properties (property keys come from graph.build)."""
        entries = [f"`{key}`: {self.value_expression(key)}" for key in [*self.keys, *self.shared]]
        return "{" + ", ".join(entries) + "}"


def _node_writes(dataset: Dataset) -> Iterator[tuple[str, _PropertyTable]]:
    # Labels and relationship types come from the validated vocabulary
    # (identifier patterns enforced by the model), never from user input.
    every_label = ":".join(_all_labels(dataset))
    for labels, rows in _node_groups(dataset).items():
        table = _PropertyTable.of([row["props"] for row in rows])
        statement = (
            f"UNWIND $rows AS row MERGE (n:Entity {{id: {table.value_expression('id')}}}) "
            f"SET n = {table.map_expression()} REMOVE n:{every_label} SET n:{':'.join(labels)}"
        )
        yield statement, table


def _edge_writes(dataset: Dataset) -> Iterator[tuple[str, _PropertyTable]]:
    for rel_type, rows in _edge_groups(dataset).items():
        table = _PropertyTable.of(
            [row["props"] for row in rows], leading=[[row["source"], row["target"]] for row in rows]
        )
        statement = (
            "UNWIND $rows AS row MATCH (a:Entity {id: row[0]}), (b:Entity {id: row[1]}) "
            f"MERGE (a)-[r:{rel_type} {{edge_id: {table.value_expression('edge_id')}}}]->(b) "
            f"SET r = {table.map_expression()}"
        )
        yield statement, table


def _write_all(tx: neo4j.Transaction, dataset: Dataset) -> None:
    tx.run("MATCH (n:Entity) WHERE NOT n.id IN $ids DETACH DELETE n", ids=list(dataset.nodes))
    tx.run(
        "MATCH (:Entity)-[r]->(:Entity) WHERE r.edge_id IS NULL OR NOT r.edge_id IN $ids DELETE r",
        ids=list(dataset.edges),
    )
    for statement, table in chain(_node_writes(dataset), _edge_writes(dataset)):
        for batch in _batches(table.rows):
            tx.run(KEEP_CACHED_PLAN + statement, rows=batch, shared=table.shared)


def load_dataset(driver: neo4j.Driver, dataset: Dataset, database: str | None = None) -> dict[str, int]:
    """Mirror the dataset into Neo4j in one transaction; return the resulting counts.

    Running it again with the same data leaves the same graph (idempotent). A
    failure rolls the whole transaction back and is reported as a
    PathwaysError saying that nothing was changed.
    """
    try:
        with driver.session(database=database) as session:
            for statement in _constraint_statements(dataset):
                session.run(statement).consume()
            # One explicit transaction, not execute_write: a refusal (the server's memory cap, say) must
            # come back at once, not after the driver has retried the whole load for half a minute.
            with session.begin_transaction() as tx:
                _write_all(tx, dataset)
                tx.commit()
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise ConnectionFailed(
            f"lost the connection to Neo4j during the load ({type(exc).__name__}); "
            "the transaction was rolled back, so the database is as it was: run `pathways load` again"
        ) from None
    except Neo4jError as exc:
        fix = (
            "; the load is all-or-nothing, so the whole dataset must fit in one transaction: raise the "
            "server's db.memory.transaction.max (docker-compose.yml: NEO4J_db_memory_transaction_max) "
            "and run `pathways load` again"
            if exc.code == MEMORY_CAP_CODE
            else ""
        )
        raise QueryError(
            f"Neo4j refused the load ({exc.message} [{exc.code}]); "
            f"the transaction was rolled back, so the database is as it was{fix}"
        ) from None
    return graph_counts(driver, database)


def load_dataset_naive(driver: neo4j.Driver, dataset: Dataset, database: str | None = None) -> None:
    """One MERGE statement per node and per edge: the baseline the benchmarks compare against."""
    with driver.session(database=database) as session:
        for statement in _constraint_statements(dataset):
            session.run(statement).consume()

        def write(tx: neo4j.ManagedTransaction) -> None:
            for labels, rows in _node_groups(dataset).items():
                for row in rows:
                    tx.run(f"MERGE (n:Entity {{id: $id}}) SET n = $props SET n:{':'.join(labels)}", **row)
            for rel_type, rows in _edge_groups(dataset).items():
                for row in rows:
                    tx.run(
                        "MATCH (a:Entity {id: $source}), (b:Entity {id: $target}) "
                        f"MERGE (a)-[r:{rel_type} {{edge_id: $edge_id}}]->(b) SET r = $props",
                        **row,
                    )

        session.execute_write(write)


@contextmanager
def _read_session(driver: neo4j.Driver, database: str | None):
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        yield session


def graph_counts(driver: neo4j.Driver, database: str | None = None) -> dict[str, int]:
    """Counts of entity nodes per label and relationships per type (for parity checks)."""
    with _read_session(driver, database) as session:
        labels = session.run("MATCH (n:Entity) UNWIND labels(n) AS label RETURN label, count(*) AS n").data()
        types = session.run("MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(*) AS n").data()
    counts = {f"label:{row['label']}": row["n"] for row in labels}
    counts.update({f"type:{row['type']}": row["n"] for row in types})
    return counts
