"""The graph as downloads (GraphML, node-link JSON, neo4j-admin CSV, Cypher), built once per data version.

The files are written by loaders/export.py, the same writers as ``pathways
export``, into a temporary folder, and kept as bytes by ``st.cache_data``, so
a download costs nothing after the first run.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st

from un_pathways.loaders.export import export_graph

__all__ = ["DOWNLOADS", "Download", "download_buttons", "export_bytes"]


@dataclass(frozen=True)
class Download:
    """One export format as offered on the Data page."""

    fmt: str
    label: str
    file_name: str
    mime: str
    use: str


DOWNLOADS = (
    Download(
        "graphml",
        "GraphML",
        "un-pathways.graphml",
        "application/graphml+xml",
        "for Gephi, yEd, Cytoscape or networkx (`read_graphml`); list properties are JSON text.",
    ),
    Download(
        "json",
        "JSON (node-link)",
        "un-pathways.json",
        "application/json",
        "networkx node-link data, for Python, D3 or any JSON tool.",
    ),
    Download(
        "csv",
        "CSV (zip)",
        "un-pathways-csv.zip",
        "application/zip",
        "`nodes.csv` and `relationships.csv` with typed headers for `neo4j-admin database import` "
        '(`--array-delimiter="|"`), or a spreadsheet.',
    ),
    Download(
        "cypher",
        "Cypher script",
        "un-pathways.cypher",
        "text/plain",
        "rebuilds the graph in an empty Neo4j database: `cypher-shell -f un-pathways.cypher`.",
    ),
)


def _zip(files: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, arcname=path.name)
    return buffer.getvalue()


@st.cache_data(show_spinner="Writing the export…", max_entries=16)
def export_bytes(_graph: nx.MultiDiGraph, version: str, fmt: str) -> bytes:
    """The whole graph in ``fmt``, as the bytes of the file offered for download (csv: a zip)."""
    with tempfile.TemporaryDirectory(prefix="pathways-export-") as folder:
        out = Path(folder) / ("csv" if fmt == "csv" else f"graph.{fmt}")
        files = export_graph(_graph, fmt, out)
        return _zip(files) if fmt == "csv" else files[0].read_bytes()


def _size(data: bytes) -> str:
    return f"{len(data) / 1024:.0f} KB" if len(data) < 1024 * 1024 else f"{len(data) / 1024 / 1024:.1f} MB"


def download_buttons(graph: nx.MultiDiGraph, version: str) -> None:
    """A button per format, with what each is for; every property of every node and relation is kept."""
    for item in DOWNLOADS:
        data = export_bytes(graph, version, item.fmt)
        button, text = st.columns([1.3, 4], vertical_alignment="center")
        button.download_button(
            f"{item.label}",
            data,
            file_name=item.file_name,
            mime=item.mime,
            icon=":material/download:",
            key=f"dl_{item.fmt}",
            on_click="ignore",
            width="stretch",
        )
        text.markdown(f"`{item.file_name}` · {_size(data)} · {item.use}")
    st.caption(
        "In every format a channel's `rationale` and `sources` are what the paper says; its `friction`, "
        "`mechanism` and `justification` are the curators' judgement (the paper grades nothing)."
    )
