"""Which backend answers queries: the embedded graph, or a Neo4j server the user connects to.

The credentials live in ``st.session_state`` of the one browser session that
typed them: never on disk, never in the URL, never shown again. The verified
driver is cached (``st.cache_resource``) so switching backends needs no
restart; when Neo4j cannot be reached the app says so and keeps working on
the embedded graph.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.errors import ConnectionFailed
from loaders.neo4j_store import Neo4jSettings, open_driver
from queries.backends import EmbeddedBackend, Neo4jBackend

__all__ = [
    "backend_for",
    "connect",
    "connected_uri",
    "disconnect",
    "lost_connection",
    "take_problem",
    "use_neo4j",
    "using_neo4j",
]

_CONNECTION = "neo4j_connection"  # {uri, user, password, database}, this session only
_USE_NEO4J = "neo4j_in_use"
_PROBLEM = "neo4j_problem"
_ENV_TRIED = "neo4j_env_tried"


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
        _driver(uri, user, password, database or None)
    except ConnectionFailed as exc:
        st.session_state[_PROBLEM] = str(exc)
        return False
    st.session_state[_CONNECTION] = {
        "uri": uri,
        "user": user,
        "password": password,
        "database": database or None,
    }
    st.session_state[_USE_NEO4J] = True
    st.session_state.pop(_PROBLEM, None)
    return True


def disconnect() -> None:
    """Forget this session's credentials and go back to the embedded graph."""
    st.session_state.pop(_CONNECTION, None)
    st.session_state[_USE_NEO4J] = False


def use_neo4j(on: bool) -> None:
    """Switch between the connected Neo4j and the embedded graph, keeping the connection."""
    st.session_state[_USE_NEO4J] = bool(on) and _CONNECTION in st.session_state


def _connect_from_env_once() -> None:
    if st.session_state.get(_ENV_TRIED):
        return
    st.session_state[_ENV_TRIED] = True
    settings = Neo4jSettings.from_env()
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
    """The backend this session's queries run on."""
    if using_neo4j():
        connection = st.session_state[_CONNECTION]
        try:
            driver = _driver(
                connection["uri"], connection["user"], connection["password"], connection["database"]
            )
        except ConnectionFailed as exc:
            lost_connection(exc)
        else:
            return Neo4jBackend(driver, uri=connection["uri"], database=connection["database"])
    return EmbeddedBackend(graph)


def lost_connection(exc: ConnectionFailed) -> None:
    """A query found Neo4j gone: drop the cached driver, fall back to embedded, say why."""
    _driver.clear()
    st.session_state[_PROBLEM] = str(exc)
    st.session_state[_USE_NEO4J] = False


def take_problem() -> str | None:
    """The last connection problem, once (it is cleared when read)."""
    return st.session_state.pop(_PROBLEM, None)
