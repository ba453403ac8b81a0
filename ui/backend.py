"""Which backend answers queries: the embedded graph, or a Neo4j server the user connects to.

The password typed in the connect form (or read from ``NEO4J_PASSWORD``) goes
into the driver and nowhere else: not into ``st.session_state``, not on disk,
not in the URL, never shown again. The session keeps the verified driver
object, so when Neo4j goes away the app says so, carries on with the embedded
graph, and reconnects later with the same driver, without a restart and
without asking for the password again. Drivers are shared between sessions
that connect with the same credentials (``st.cache_resource``).
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from un_pathways.graph.errors import ConnectionFailed
from un_pathways.graph.settings import SETTINGS
from un_pathways.loaders.neo4j_store import Neo4jSettings, open_driver
from un_pathways.queries.backends import EmbeddedBackend, Neo4jBackend

__all__ = [
    "ROW_LIMIT_KEY",
    "TIMEOUT_KEY",
    "backend_for",
    "connect",
    "connected_uri",
    "disconnect",
    "lost_connection",
    "reconnect",
    "take_problem",
    "use_neo4j",
    "using_neo4j",
]

_CONNECTION = "neo4j_connection"  # {uri, user, database, driver}: no password
_USE_NEO4J = "neo4j_in_use"
_PROBLEM = "neo4j_problem"
_ENV_TRIED = "neo4j_env_tried"
TIMEOUT_KEY = "query_timeout_s"  # the sidebar's "Query limits" widgets
ROW_LIMIT_KEY = "query_row_limit"


@st.cache_resource(show_spinner="Connecting to Neo4j…", max_entries=8)
def _driver(uri: str, user: str, password: str, database: str | None):
    return open_driver(Neo4jSettings(uri=uri, user=user, password=password, database=database))


def connect(uri: str, user: str, password: str, database: str | None = None) -> bool:
    """Open (or reuse) a verified driver and switch this session to it; False if it failed."""
    uri, user = uri.strip(), user.strip()
    if not uri:
        st.session_state[_PROBLEM] = "give the server's URI, e.g. bolt://localhost:7687"
        return False
    try:
        driver = _driver(uri, user, password, database or None)
    except ConnectionFailed as exc:
        st.session_state[_PROBLEM] = str(exc)
        return False
    st.session_state[_CONNECTION] = {"uri": uri, "user": user, "database": database or None, "driver": driver}
    st.session_state[_USE_NEO4J] = True
    st.session_state.pop(_PROBLEM, None)
    return True


def disconnect() -> None:
    """Forget this session's connection and go back to the embedded graph."""
    st.session_state.pop(_CONNECTION, None)
    st.session_state[_USE_NEO4J] = False


def use_neo4j(on: bool) -> None:
    """Switch between the connected Neo4j and the embedded graph, keeping the connection."""
    if on:
        reconnect()
    else:
        st.session_state[_USE_NEO4J] = False


def reconnect() -> bool:
    """Use this session's Neo4j again if it answers now (after it was lost); False if it does not."""
    connection = st.session_state.get(_CONNECTION)
    if connection is None:
        return False
    try:
        connection["driver"].verify_connectivity()
    except Exception as exc:  # any driver failure means "not reachable yet"
        st.session_state[_PROBLEM] = (
            f"Neo4j at {connection['uri']} still does not answer ({type(exc).__name__}); "
            "start it, then press the button again"
        )
        st.session_state[_USE_NEO4J] = False
        return False
    st.session_state[_USE_NEO4J] = True
    st.session_state.pop(_PROBLEM, None)
    return True


def _connect_from_env_once() -> None:
    if st.session_state.get(_ENV_TRIED):
        return
    st.session_state[_ENV_TRIED] = True
    settings = Neo4jSettings.configured()  # NEO4J_* variables, else a running `pathways neo4j start`
    if settings is not None:
        connect(settings.uri, settings.user, settings.password, settings.database)


def connected_uri() -> str | None:
    """The URI of this session's Neo4j connection, if it has one."""
    connection = st.session_state.get(_CONNECTION)
    return connection["uri"] if connection else None


def using_neo4j() -> bool:
    """True when queries of this session go to Neo4j."""
    _connect_from_env_once()
    return bool(st.session_state.get(_USE_NEO4J)) and _CONNECTION in st.session_state


def backend_for(graph: nx.MultiDiGraph) -> EmbeddedBackend | Neo4jBackend:
    """The backend this session's queries run on, with the session's query limits."""
    row_limit = st.session_state.get(ROW_LIMIT_KEY) or SETTINGS["row_limit"].default
    if using_neo4j():
        connection = st.session_state[_CONNECTION]
        return Neo4jBackend(
            connection["driver"],
            uri=connection["uri"],
            database=connection["database"],
            timeout_s=st.session_state.get(TIMEOUT_KEY) or SETTINGS["query_timeout_s"].default,
            row_limit=row_limit,
        )
    return EmbeddedBackend(graph, row_limit=row_limit)


def lost_connection(exc: ConnectionFailed) -> None:
    """A query found Neo4j gone: fall back to embedded and say why; the driver is kept to reconnect."""
    st.session_state[_PROBLEM] = str(exc)
    st.session_state[_USE_NEO4J] = False


def take_problem() -> str | None:
    """The last connection problem, once (it is cleared when read)."""
    return st.session_state.pop(_PROBLEM, None)
