"""The embedded twin of each saved query: the same question answered on networkx.

A twin takes the graph and the query's parameters (and ``friction``, the
friction map in use, when the Cypher reads ``$friction``) and returns
``(columns, rows)`` exactly as Neo4j would for the saved Cypher; the parity
tests run both on the real Neo4j to keep them honest. Twins reuse ``graph/``
functions rather than re-implementing analysis.

Each ``.cypher`` header names its twin (``twin: pathways.most_reliable_pathways``
is the function ``most_reliable_pathways`` of ``queries/twin_library/pathways.py``)
or says it has none (``twin: none``); twins are looked up from that name, so
nothing registers itself as a side effect of an import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from un_pathways.graph.errors import QueryError
from un_pathways.queries.saved import SavedQuery

__all__ = ["NO_TWIN", "TWIN_PACKAGE", "Rows", "twin_for"]

Rows = tuple[list[str], list[list[Any]]]
TWIN_PACKAGE = "un_pathways.queries.twin_library"
NO_TWIN = "none"


def twin_for(query: SavedQuery) -> Callable[..., Rows]:
    """The twin the query's header names; a QueryError when it has none or the name is wrong."""
    if query.twin == NO_TWIN:
        raise QueryError(f"saved query {query.name!r} has no embedded twin; run it with --backend neo4j")
    module_name, _, function_name = query.twin.partition(".")
    try:
        module = importlib.import_module(f"{TWIN_PACKAGE}.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{TWIN_PACKAGE}.{module_name}":
            raise
        module = None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise QueryError(
            f"{query.path}: header names the twin {query.twin!r}, but queries/twin_library/{module_name}.py "
            f"has no function {function_name!r}; fix the header's twin: line"
        )
    return function
