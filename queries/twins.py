"""The embedded twin of each saved query: the same question answered on networkx.

A twin takes the graph and the query's parameters and returns
``(columns, rows)`` exactly as Neo4j would for the saved Cypher; the parity
tests run both on the real Neo4j to keep them honest. Twins reuse ``graph/``
functions rather than re-implementing analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from un_pathways.graph.errors import QueryError

__all__ = ["TWINS", "twin", "twin_for"]

Rows = tuple[list[str], list[list[Any]]]
TWINS: dict[str, Callable[..., Rows]] = {}


def twin(name: str) -> Callable[[Callable[..., Rows]], Callable[..., Rows]]:
    """Register the function as the embedded twin of the saved query ``name``."""

    def register(function: Callable[..., Rows]) -> Callable[..., Rows]:
        TWINS[name] = function
        return function

    return register


def twin_for(name: str) -> Callable[..., Rows]:
    """The twin of a saved query; importing the twin modules registers them all."""
    from un_pathways.queries import twin_library  # noqa: F401  (registers the twins)

    if name not in TWINS:
        raise QueryError(f"saved query {name!r} has no embedded twin; run it with --backend neo4j")
    return TWINS[name]
