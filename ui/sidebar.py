"""The sidebar every page shares: which backend answers queries, how to connect, the data."""

from __future__ import annotations

import os

import streamlit as st

from un_pathways.graph.settings import SETTINGS
from un_pathways.loaders.neo4j_store import uri_without_credentials
from un_pathways.ui import backend
from un_pathways.ui.data import load, reload_data
from un_pathways.ui.history import one_history_entry_per_action
from un_pathways.ui.text import escape_markdown
from un_pathways.ui.theme import apply_theme

__all__ = ["render_sidebar"]

DEFAULT_URI = "bolt://localhost:7687"


def _on_connect() -> None:
    state = st.session_state
    password, state["neo4j_password"] = state["neo4j_password"], ""  # the form never keeps it
    uri, state["neo4j_uri"] = state["neo4j_uri"], uri_without_credentials(state["neo4j_uri"])  # nor a URI's
    if backend.connect(uri, state["neo4j_user"], password, state["neo4j_database"]):
        st.toast(
            f"Connected to Neo4j at {backend.connected_uri()}",
            icon=":material/check_circle:",
        )


def _connect_form() -> None:
    with st.form("neo4j_connect", border=False):
        st.text_input(
            "URI",
            key="neo4j_uri",
            value=uri_without_credentials(os.environ.get("NEO4J_URI") or DEFAULT_URI),
            help="bolt://host:7687, neo4j://host or neo4j+s://host (Aura)",
        )
        st.text_input("User", key="neo4j_user", value=os.environ.get("NEO4J_USER", "neo4j"))
        st.text_input(
            "Password",
            key="neo4j_password",
            type="password",
            help="Kept in this browser session only: never saved, never put in the URL.",
        )
        st.text_input("Database", key="neo4j_database", value="", placeholder="default database")
        st.form_submit_button("Connect", icon=":material/power:", on_click=_on_connect, type="primary")


def _limits() -> None:
    with st.expander("Query limits", icon=":material/timer:"):
        st.number_input(
            "Time limit (seconds, Neo4j)",
            min_value=1.0,
            max_value=600.0,
            value=float(SETTINGS["query_timeout_s"].default),
            step=1.0,
            key=backend.TIMEOUT_KEY,
            help=SETTINGS["query_timeout_s"].help,
        )
        st.number_input(
            "Row limit",
            min_value=1,
            max_value=100_000,
            value=int(SETTINGS["row_limit"].default),
            step=100,
            key=backend.ROW_LIMIT_KEY,
            help=SETTINGS["row_limit"].help,
        )


def _backend_section() -> None:
    st.markdown("**Queries run on**")
    if backend.using_neo4j():
        st.badge(f"Neo4j at {backend.connected_uri()}", icon=":material/dns:", color="green")
        left, right = st.columns(2)
        left.button(
            "Use embedded", on_click=backend.use_neo4j, args=(False,), key="use_embedded", width="stretch"
        )
        right.button("Disconnect", on_click=backend.disconnect, key="neo4j_disconnect", width="stretch")
        _limits()
        return
    st.badge("Embedded graph (networkx)", icon=":material/memory:", color="blue")
    if backend.connected_uri():
        st.button(
            f"Use Neo4j at {backend.connected_uri()}",
            on_click=backend.use_neo4j,
            args=(True,),
            key="use_neo4j",
            width="stretch",
        )
    with st.expander("Connect to Neo4j"):
        _connect_form()
    _limits()


def _data_section() -> None:
    loaded = load()
    if loaded.graph is not None:
        graph = loaded.graph
        data = graph.graph["dataset"]
        st.caption(
            f"**Data** · {graph.number_of_nodes()} nodes · {graph.number_of_edges()} relations · "
            f"{len(data.cases)} cases · {len(data.scenarios)} scenarios · read in {loaded.seconds:.1f} s"
        )
    else:
        st.caption(f"**Data** · invalid ({loaded.folder})")
    st.button(
        "Reload data",
        icon=":material/refresh:",
        on_click=reload_data,
        key="reload_data",
        help="Read the YAML files again (after they were edited).",
    )


def render_sidebar() -> None:
    """Draw the shared sidebar, and a banner when Neo4j could not be reached."""
    apply_theme()
    with st.sidebar:
        one_history_entry_per_action()
        _backend_section()
        st.divider()
        _data_section()
    problem = backend.take_problem()
    if problem:
        reconnect = " Once it is back, press **Use Neo4j** in the sidebar." if backend.connected_uri() else ""
        st.warning(
            f"**Neo4j is not available:** {escape_markdown(problem)}. "
            f"Working on the embedded graph.{reconnect}",
            icon=":material/cloud_off:",
        )
