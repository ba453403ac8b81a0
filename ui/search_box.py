"""The search box of the app's pages: type, press Enter, the best match opens and the others are listed.

Ranking is graph/search.py's, the same as ``pathways find``: exact names,
acronyms and aliases first, then prefixes and close names, then the words of
descriptions, notes and relations (each shown with where the words matched).
Streamlit's own select box filters its options in the browser with its own
scoring, which put the P5 before the Security Council; this box asks Python.
:func:`node_picker` is the same box holding one chosen node (the actors of
Pathways and of the saved queries' parameters).
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import streamlit as st

from un_pathways.graph.search import search
from un_pathways.ui.text import escape_markdown

__all__ = ["PICKER_HELP", "RESULTS_SHOWN", "hits_key", "node_picker", "pick_node", "search_box", "show_text"]

RESULTS_SHOWN = 8
PICKER_HELP = (
    "Type a name, acronym or alias and press Enter: the best match is chosen and the others are "
    "listed under the box to pick instead."
)


def hits_key(key: str) -> str:
    return f"{key}__hits"


def _pick_key(key: str) -> str:
    return f"{key}__pick"


def show_text(key: str, text: str) -> None:
    """Put ``text`` in the box and forget the last results (call from a callback, before the box is drawn)."""
    st.session_state[key] = text
    st.session_state.pop(hits_key(key), None)
    st.session_state.pop(_pick_key(key), None)


def _option(hit: dict) -> str:
    """A result as Markdown: the name, its kind, and for a text match the words in context."""
    kind = "relation" if hit["what"] == "relation" else hit["kind"].replace("_", " ")
    line = f"**{escape_markdown(hit['name'])}** · {escape_markdown(kind)}"
    if hit["tier"] == 3:
        field = hit["field"].removeprefix("relation ")
        line += f" · {escape_markdown(field)}: “{escape_markdown(hit['snippet'])}”"
    elif hit["field"] == "alias":
        line += " · by an alias"
    return line


def search_box(
    graph: nx.MultiDiGraph,
    key: str,
    label: str,
    *,
    on_pick: Callable[[str], None],
    placeholder: str = "A name, acronym, document symbol or any word…",
    help: str | None = None,
    results=None,
) -> None:
    """A text box: Enter runs the search, opens the best match (``on_pick(node)``) and lists the others.

    A relation found by its text opens the node it starts from. ``results`` is
    the container the list goes in (default: under the box).
    """

    def run_search() -> None:
        hits = [hit.to_dict() for hit in search(graph, st.session_state.get(key) or "", limit=RESULTS_SHOWN)]
        st.session_state[hits_key(key)] = hits
        st.session_state[_pick_key(key)] = 0 if hits else None
        if hits:
            on_pick(hits[0]["node"])

    def pick() -> None:
        chosen = st.session_state.get(_pick_key(key))
        hits = st.session_state.get(hits_key(key)) or []
        if chosen is not None and chosen < len(hits):
            on_pick(hits[chosen]["node"])

    st.text_input(
        label,
        key=key,
        placeholder=placeholder,
        on_change=run_search,
        help=help
        or "Press Enter: the best match opens. Names, acronyms and aliases come first, then "
        "the words of descriptions, notes, sources and relations.",
    )
    hits = st.session_state.get(hits_key(key))
    if hits is None:
        return
    area = results if results is not None else st.container(key=f"{key}__matches")
    if not hits:
        area.caption(f"No match for “{escape_markdown(st.session_state.get(key, ''))}”: try another word.")
        return
    with area.expander(
        f"{len(hits)} best matches" if len(hits) > 1 else "1 match", expanded=hits[0]["tier"] > 0
    ):
        st.radio(
            "Matches, best first",
            list(range(len(hits))),
            key=_pick_key(key),
            format_func=lambda i: _option(hits[i]),
            on_change=pick,
            label_visibility="collapsed",
        )


def _text_key(key: str) -> str:
    return f"{key}__text"


def _name(graph: nx.MultiDiGraph, node: str | None) -> str:
    return graph.nodes[node]["name"] if node in graph else ""


def pick_node(graph: nx.MultiDiGraph, key: str, node: str) -> None:
    """Choose ``node`` in the picker ``key`` and show its name (call from a callback, e.g. a swap)."""
    st.session_state[key] = node
    show_text(_text_key(key), _name(graph, node))


def node_picker(
    graph: nx.MultiDiGraph, key: str, label: str, *, help: str | None = None, results=None
) -> str | None:
    """A node chooser ranked like every search box; ``st.session_state[key]`` holds the node id.

    Enter picks the best match for a name, acronym, alias or any word and the
    box then shows the chosen node's name; the other matches stay listed to
    pick from (in ``results``, default: under the box). An emptied box shows
    the chosen node again: a picker always holds a node. The id in ``key`` is
    what the page's URL state keeps.
    """
    text_key = _text_key(key)
    chosen = st.session_state.get(key)
    if not (st.session_state.get(text_key) or "").strip():  # first drawn, or emptied: show the choice
        show_text(text_key, _name(graph, chosen))

    def choose(node: str) -> None:
        st.session_state[key] = node
        st.session_state[text_key] = _name(graph, node)

    search_box(
        graph,
        text_key,
        label,
        on_pick=choose,
        placeholder="A name, acronym or alias…",
        help=help or PICKER_HELP,
        results=results,
    )
    return st.session_state.get(key)
