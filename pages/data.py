"""Data: what the dataset holds, where it comes from, what the model assumes, and the graph to download."""

from __future__ import annotations

import streamlit as st

from un_pathways.ui import backend
from un_pathways.ui.assumptions import assumptions_section
from un_pathways.ui.citation import source_section
from un_pathways.ui.data import graph_or_stop, load
from un_pathways.ui.dataset_exports import download_buttons
from un_pathways.ui.dataset_view import (
    counts_section,
    scenarios_section,
    validation_status,
    vocabulary_section,
)
from un_pathways.ui.routing import ensure_router

TABS = ("Contents", "Source and citation", "Assumptions", "Downloads")


def main() -> None:
    st.title("Data", anchor=False)
    status = st.container()  # filled last: an invalid folder stops the run there, after the static tabs
    loaded = load()
    shown = TABS if loaded.graph is not None else ("Source and citation", "Assumptions")
    tabs = dict(zip(shown, st.tabs(list(shown)), strict=True))
    with tabs["Source and citation"]:
        source_section()
    with tabs["Assumptions"]:
        assumptions_section()
    with status:
        graph, version = graph_or_stop()  # the list of problems, and stop, when the data is invalid
        validation_status(loaded)
        if backend.using_neo4j():
            st.caption(
                f"Queries run on Neo4j at {backend.connected_uri()}; the figures here come from the same "
                "YAML files, read into the embedded graph, that `pathways load --neo4j` writes to Neo4j."
            )
    with tabs["Contents"]:
        counts_section(graph, version)
        st.subheader("Scenarios", anchor=False)
        scenarios_section(graph)
        st.subheader("Vocabularies", anchor=False)
        vocabulary_section(graph)
    with tabs["Downloads"]:
        st.markdown(
            "The whole graph as it is loaded here: every node and relation with all its properties, "
            "sources included."
        )
        download_buttons(graph, version)


ensure_router()
main()
