"""The dataset the app runs on: read once per process, cached, shown as a banner when invalid.

The YAML is read when the first page needs it and then only when someone
presses "Reload data"; every interaction after that works on the cached
graph and on cached configured views of it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st

from un_pathways.graph.build import build_graph
from un_pathways.graph.errors import DataError, PathwaysError
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.queries.saved import SavedQuery, load_saved_queries
from un_pathways.ui.graph_data import layout_positions
from un_pathways.ui.text import escape_markdown

__all__ = [
    "Loaded",
    "data_dir",
    "graph_or_stop",
    "load",
    "node_label",
    "positions_of",
    "reload_data",
    "saved_queries",
    "scenario_label",
    "view_of",
]

PROBLEMS_SHOWN = 12


def data_dir() -> Path:
    """The data folder: ``$PATHWAYS_DATA`` or the project's ``data/``."""
    return Path(os.environ.get("PATHWAYS_DATA") or DEFAULT_DATA_DIR).resolve()


@dataclass(frozen=True)
class Loaded:
    """The outcome of reading the data: a graph, or the error that stopped it."""

    graph: nx.MultiDiGraph | None
    error: PathwaysError | None
    folder: str
    version: str
    seconds: float


@st.cache_resource(show_spinner="Reading the data files…")
def _load(folder: str) -> Loaded:
    started = time.perf_counter()
    try:
        graph = build_graph(read_dataset(folder))
        error = None
    except PathwaysError as exc:  # the failure is cached too: no rerun re-reads broken YAML
        graph, error = None, exc
    return Loaded(graph, error, folder, f"{time.time():.6f}", time.perf_counter() - started)


def load() -> Loaded:
    """The cached outcome of reading the data folder."""
    return _load(str(data_dir()))


def reload_data() -> None:
    """Forget the cached data, views and saved queries; the next run reads the files again."""
    _load.clear()
    view_of.clear()
    positions_of.clear()
    saved_queries.clear()


def _show_error(loaded: Loaded) -> None:
    error = loaded.error
    if isinstance(error, DataError):
        count = len(error.problems)
        st.error(
            f"**The data in `{loaded.folder}` is invalid** ({count} problem{'s' if count != 1 else ''}), "
            "so the explorer cannot start. Fix the files (or run `pathways validate`), then press "
            "**Reload data** in the sidebar.",
            icon=":material/error:",
        )
        with st.expander("What is wrong", expanded=True):
            st.code(
                "\n".join(str(p) for p in error.problems[:PROBLEMS_SHOWN]), language=None, wrap_lines=True
            )
            if count > PROBLEMS_SHOWN:
                st.caption(f"…and {count - PROBLEMS_SHOWN} more.")
    else:
        st.error(f"**The data could not be read:** {escape_markdown(error)}", icon=":material/error:")


def graph_or_stop() -> tuple[nx.MultiDiGraph, str]:
    """The whole graph and its version token; when the data is invalid, a banner and stop."""
    loaded = load()
    if loaded.graph is None:
        _show_error(loaded)
        st.stop()
    return loaded.graph, loaded.version


@st.cache_resource(show_spinner=False)
def saved_queries() -> dict[str, SavedQuery]:
    """The saved query library (queries/library/*.cypher), read once."""
    return load_saved_queries()


@st.cache_resource(max_entries=64, show_spinner=False)
def view_of(
    _graph: nx.MultiDiGraph, version: str, as_of: int | None, setting: str | None, scenario: str | None
) -> nx.MultiDiGraph:
    """The graph configured for a year, setting and scenario (cached; never mutate it)."""
    return configure(_graph, as_of=as_of, setting=setting, scenario=scenario)


@st.cache_resource(show_spinner="Laying out the graph…")
def positions_of(_graph: nx.MultiDiGraph, version: str) -> dict[str, tuple[float, float]]:
    """The seeded layout of the whole graph, computed once per data version."""
    return layout_positions(_graph)


def node_label(graph: nx.MultiDiGraph, node: str | None) -> str:
    """How a node is named on screen: its name, with its acronym when it has one."""
    if node is None:
        return "—"
    if node not in graph:
        return node
    attrs = graph.nodes[node]
    short = attrs.get("short")
    return f"{attrs['name']} ({short})" if short and short != attrs["name"] else attrs["name"]


def scenario_label(graph: nx.MultiDiGraph, scenario: str | None) -> str:
    """A scenario's name and year, or "No scenario" for the plain data."""
    if not scenario:
        return "None (as recorded)"
    found = graph.graph["dataset"].scenarios.get(scenario)
    if found is None:
        return scenario
    year = f", {found.as_of}" if found.as_of and str(found.as_of) not in found.name else ""
    what = " · hypothetical" if found.hypothetical else ""
    return f"{found.name}{year}{what}"
