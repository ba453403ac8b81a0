"""The details panel of one node: what it is, where the facts come from, what it connects to."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pandas as pd
import streamlit as st

from un_pathways.graph.provenance import channel_statements
from un_pathways.graph.stats import node_details
from un_pathways.ui.citation import locator_note
from un_pathways.ui.text import escape_markdown

__all__ = ["node_panel", "relations_frame"]


def relations_frame(rows: list[dict], graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Incoming or outgoing relations as a table naming the other end."""
    records = []
    for row in rows:
        channel = bool(row.get("channel"))
        records.append(
            {
                "relation": row["type"],
                "with": row["other_name"],
                "stage": row.get("stage") or "",
                "friction": row.get("friction") or "",
                "why it stalls": ", ".join(
                    m.replace("_", " ") for m in row.get("mechanism", []) if m != "none"
                )
                if channel
                else "",
                "id": row["other"],
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["relation", "with", "friction", "stage", "why it stalls", "id"]
    )


def _years(attrs: dict) -> str:
    start, end = attrs.get("valid_from"), attrs.get("valid_to")
    if not start and not end:
        return "no dates recorded"
    return f"from {start or '…'} to {end or 'today'}"


def _relations(
    title: str, rows: list[dict], graph: nx.MultiDiGraph, key: str, on_pick: Callable[[str], None]
) -> None:
    st.markdown(f"**{title}** ({len(rows)})")
    if not rows:
        st.caption("none in this configuration")
        return
    frame = relations_frame(rows, graph)

    def picked() -> None:
        selection = st.session_state[key].selection.rows
        if selection:
            on_pick(frame.iloc[selection[0]]["id"])

    st.dataframe(
        frame.drop(columns=["id"]),
        hide_index=True,
        width="stretch",
        height=min(36 + 35 * len(frame), 260),
        key=key,
        on_select=picked,
        selection_mode="single-row",
        column_order=["relation", "with", "friction"],
    )


def node_panel(
    graph: nx.MultiDiGraph,
    view: nx.MultiDiGraph,
    node: str,
    kind_names: dict[str, str],
    on_pick: Callable[[str], None],
) -> None:
    """Description, properties, sources and relations of ``node``; a row click calls ``on_pick``."""
    present = node in view
    details = node_details(view if present else graph, node)
    st.subheader(escape_markdown(details["name"]), anchor=False)
    kind = escape_markdown(kind_names.get(details["kind"], details["kind"]))
    short = f" · **{escape_markdown(details['short'])}**" if details.get("short") else ""
    st.markdown(f":blue-badge[{kind}] `{node}`{short}")
    if not present:
        st.warning(
            "Not present in this configuration (year, setting or scenario); showing all its relations.",
            icon=":material/history:",
        )
    st.markdown(escape_markdown(details.get("description", "")))
    properties = {
        "Also known as": ", ".join(details.get("aliases", [])) or "—",
        "Roles": ", ".join(r.replace("_", " ") for r in details.get("roles", [])) or "—",
        "Exists": _years(details),
        "Neo4j labels": ", ".join(details.get("labels", [])),
    }
    if details.get("note"):
        properties["Note"] = details["note"]
    if details.get("paper_error"):
        properties["Error in the paper (kept as printed)"] = details["paper_error"]
    st.markdown("\n".join(f"- **{name}:** {escape_markdown(value)}" for name, value in properties.items()))
    with st.expander(f"Sources ({len(details.get('sources', []))})", expanded=True):
        for source in details.get("sources", []):
            st.markdown(f"- {escape_markdown(source)}")
        locator_note()
    _relations("Outgoing", details["outgoing"], graph, f"out_{node}", on_pick)
    _relations("Incoming", details["incoming"], graph, f"in_{node}", on_pick)
    st.caption("Click a row to go to that node.")
    _channel_statements(details["outgoing"] + details["incoming"])


def _channel_statements(rows: list[dict]) -> None:
    """Each channel's paper statement and the curators' judgement on its friction, labelled apart."""
    channels = [row for row in rows if row.get("channel")]
    if not channels:
        return
    with st.expander(f"Channels: what the paper says, and why the curators graded them ({len(channels)})"):
        st.caption("Friction grades are the curators' judgement; the paper grades nothing.")
        for row in channels:
            edge = escape_markdown(row["edge_id"])
            lines = [f"**{edge}** · {row['stage']} stage · friction **{row['friction']}**"]
            lines += [f"- **{label}:** {escape_markdown(text)}" for label, text in channel_statements(row)]
            st.markdown("\n".join(lines))
