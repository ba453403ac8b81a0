"""The interactive graph: a bidirectional Streamlit component around vis-network.

pyvis cannot tell Python which node was clicked, so the vis-network picture
lives in a small component (``ui/graph_component/index.html``) that posts the
clicked node's id back. The vis-network library is the one the pyvis wheel
ships (``pyvis/templates/lib/vis-9.1.2``): no CDN, works offline. The files
are assembled in a temporary folder because the source tree may be read-only
(the Docker image) and Streamlit serves a component only from one folder.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyvis
import streamlit.components.v1 as components

from un_pathways.loaders.resources import graph_component_dir
from un_pathways.ui.graph_data import VisGraph

__all__ = ["FRONTEND", "VIS_LIB", "graph_component", "standalone_html"]

FRONTEND = graph_component_dir() / "index.html"
VIS_LIB = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
_ASSETS = ("vis-network.min.js", "vis-network.css")


def _served_folder() -> Path:
    """A folder holding index.html and the vis-network files, named after their content."""
    digest = hashlib.sha1(FRONTEND.read_bytes())
    for name in _ASSETS:
        digest.update((VIS_LIB / name).read_bytes())
    folder = Path(tempfile.gettempdir()) / f"un-pathways-graph-{digest.hexdigest()[:12]}"
    if not (folder / "index.html").is_file():
        staging = Path(tempfile.mkdtemp(prefix="un-pathways-graph-"))
        shutil.copy(FRONTEND, staging / "index.html")
        for name in _ASSETS:
            shutil.copy(VIS_LIB / name, staging / name)
        try:
            os.replace(staging, folder)
        except OSError:  # another process assembled it first
            shutil.rmtree(staging, ignore_errors=True)
    return folder


_component = components.declare_component("pathways_graph", path=str(_served_folder()))


def graph_component(
    vis: VisGraph,
    *,
    key: str,
    selected: str | None = None,
    height: int = 640,
    focus: bool = True,
    on_click: Callable[[], None] | None = None,
    png_name: str = "un-pathways-graph",
    expandable: bool = False,
    kind_legend: list[dict] | None = None,
    hint: str | None = None,
    expanded: list[str] | None = None,
) -> dict | None:
    """Draw the graph; return ``{"node": id, "seq": ...}`` of the last node clicked, or None.

    ``on_click`` runs (as a widget callback, before the page) when a node is
    clicked (or opened with the keyboard: Tab into the graph, arrow keys,
    Enter); the value is then in ``st.session_state[key]``. The component's
    PNG button saves the picture as drawn to ``<png_name>.png``.

    ``expandable``: a double-click sends ``{"node": id, "event": "expand", ...}``
    (a single click then waits a moment, to tell the two apart).
    ``kind_legend`` (``ui/graph_style.legend_kinds``): the component draws the
    kinds as buttons; a click sends ``{"kind": kind, "event": "kind", ...}``.
    ``hint`` replaces the line of help under the graph (by default: a click opens the
    node's details); the ``expanded`` nodes are
    drawn with a dark border and their neighbours never faded.
    """
    return _component(
        nodes=vis.nodes,
        edges=vis.edges,
        options=vis.options,
        version=vis.version,
        selected=selected,
        height=height,
        focus=focus,
        png_name=png_name,
        expandable=expandable,
        kind_legend=kind_legend,
        hint=hint,
        expanded=expanded,
        key=key,
        default=None,
        on_change=on_click,
    )


def _inline_json(data: object) -> str:
    # "<" escaped as \u003c keeps the JSON valid and makes "</script>" impossible inside it.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _framed(page: str, title: str, legend: str) -> str:
    """The page with its title above the graph and its legend (HTML, already escaped) below it."""
    if title:
        heading = (
            '<h1 style="font:600 22px Source Sans Pro,Arial,sans-serif;margin:6px 4px 10px">'
            f"{html.escape(title)}</h1>"
        )
        page = page.replace("<body>", f"<body>\n{heading}", 1)
    if legend:
        style = "font-family:Source Sans Pro,Arial,sans-serif;margin:10px 4px"
        block = f'<div id="legend" style="{style}">{legend}</div>'
        at = page.rfind("</body>")
        page = page[:at] + block + "\n" + page[at:]
    return page


def standalone_html(
    vis: VisGraph, caption: str = "", png_name: str = "un-pathways-graph", title: str = "", legend: str = ""
) -> str:
    """The graph as one self-contained HTML file (library and data inlined, no network needed).

    ``title`` goes above the graph, ``legend`` (``ui/graph_style.legend_html``) below it, so the
    file explains itself when opened on its own.
    """
    page = FRONTEND.read_text(encoding="utf-8")
    script = (VIS_LIB / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_LIB / "vis-network.css").read_text(encoding="utf-8")
    data = {
        "nodes": vis.nodes,
        "edges": vis.edges,
        "options": vis.options,
        "version": vis.version,
        "selected": None,
        "height": None,  # the page fills the browser window
        "caption": caption,
        "png_name": png_name,
    }
    data_tag = '<script id="standalone-data" type="application/json">'
    replacements = {
        '<link rel="stylesheet" href="vis-network.css">': f"<style>{css}</style>",
        '<script src="vis-network.min.js"></script>': f"<script>{script}</script>",
        f"{data_tag}null</script>": f"{data_tag}{_inline_json(data)}</script>",
    }
    for old, new in replacements.items():
        if old not in page:
            raise RuntimeError(f"ui/graph_component/index.html no longer contains {old!r}")
        page = page.replace(old, new, 1)
    return _framed(page, title, legend)
