"""What the dataset holds: counts by kind, relation type, stage and friction, the scenarios, the vocabularies.

The counts are :func:`graph.stats.graph_stats`, the figures ``pathways stats``
prints, drawn as bar charts with the same numbers in tables beside them.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import networkx as nx
import pandas as pd
import streamlit as st

from un_pathways.graph.model import STAGES
from un_pathways.graph.stats import graph_stats
from un_pathways.graph.views import dataset_of
from un_pathways.ui.data import Loaded
from un_pathways.ui.graph_style import FRICTION_COLOURS
from un_pathways.ui.text import escape_markdown

__all__ = [
    "counts_frame",
    "counts_section",
    "scenarios_section",
    "stats_of",
    "validation_status",
    "vocabulary_section",
]

FRICTION_ORDER = ("none", "low", "medium", "high", "blocking")
STAGE_COLOUR = "#1f77b4"


@st.cache_data(show_spinner=False, max_entries=8)
def stats_of(_graph: nx.MultiDiGraph, version: str) -> dict:
    """The dataset's counts, computed once per data version."""
    return graph_stats(_graph)


def counts_frame(counts: dict[str, int], what: str, order: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Counts as a two-column table, largest first (or in a given order, e.g. friction levels)."""
    items = (
        [(k, counts[k]) for k in order if k in counts]
        if order
        else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return pd.DataFrame(items, columns=[what, "count"])


def _bars(frame: pd.DataFrame, what: str, colours: dict[str, str] | None = None) -> alt.Chart:
    colour = (
        alt.Color(
            f"{what}:N", scale=alt.Scale(domain=list(colours), range=list(colours.values())), legend=None
        )
        if colours
        else alt.value(STAGE_COLOUR)
    )
    bars = alt.Chart(frame).encode(
        x=alt.X("count:Q", title=None, axis=alt.Axis(tickMinStep=1)),
        y=alt.Y(f"{what}:N", sort=list(frame[what]), title=None, axis=alt.Axis(labelLimit=240)),
    )
    labels = bars.mark_text(align="left", dx=3, fontSize=11).encode(text="count:Q")
    # one 20-pixel band per bar, so no label is dropped for lack of room
    return (bars.mark_bar(color=STAGE_COLOUR).encode(color=colour) + labels).properties(height=alt.Step(20))


def _counted(title: str, frame: pd.DataFrame, what: str, key: str, colours=None) -> None:
    st.markdown(f"**{title}** ({int(frame['count'].sum())})")
    st.altair_chart(_bars(frame, what, colours), width="stretch", key=key)


def counts_section(graph: nx.MultiDiGraph, version: str) -> None:
    """Totals, then a bar chart per breakdown, then every count as a table."""
    stats = stats_of(graph, version)
    data = dataset_of(graph)
    totals = st.columns(5)
    for column, (label, value) in zip(
        totals,
        (
            ("Nodes", stats["nodes"]),
            ("Relations", stats["edges"]),
            ("Channels", stats["channel_edges"]),
            ("Cases", len(data.cases)),
            ("Scenarios", len(data.scenarios)),
        ),
        strict=True,
    ):
        column.metric(label, value)
    st.caption(
        "A **channel** is a relation that carries a warning or a decision, graded by stage and friction; "
        "the others (membership, hosting, vetoes…) give the structure."
    )
    frames = {
        "kind": counts_frame(stats["by_kind"], "kind"),
        "relation type": counts_frame(stats["by_edge_type"], "relation type"),
        "stage": counts_frame(stats["by_stage"], "stage", STAGES),
        "friction": counts_frame(stats["by_friction"], "friction", FRICTION_ORDER),
    }
    left, right = st.columns(2, gap="large")
    with left:
        _counted("Nodes by kind", frames["kind"], "kind", "data_kind")
        stage, friction = st.columns(2)
        with stage:
            _counted("Channels by stage", frames["stage"], "stage", "data_stage")
        with friction:
            _counted(
                "Channels by friction", frames["friction"], "friction", "data_friction", FRICTION_COLOURS
            )
        with st.expander("Every count as a table"):
            for frame in frames.values():
                st.dataframe(frame, hide_index=True, width="stretch", height=min(36 + 35 * len(frame), 300))
    with right:
        _counted("Relations by type", frames["relation type"], "relation type", "data_type")


def _changes(scenario) -> str:
    parts = [
        (len(scenario.add_edges), "relation added", "relations added"),
        (len(scenario.enable_edges), "route switched on", "routes switched on"),
        (len(scenario.remove_edges), "relation removed", "relations removed"),
        (len(scenario.regrade), "channel re-graded", "channels re-graded"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n) or "no change"


def scenarios_section(graph: nx.MultiDiGraph) -> None:
    """Each scenario: what it stands for, what it changes, its sources."""
    scenarios = dataset_of(graph).scenarios
    if not scenarios:
        st.caption("This dataset defines no scenario.")
        return
    for scenario in scenarios.values():
        year = f" · {scenario.as_of}" if scenario.as_of else ""
        kind = "hypothetical" if scenario.hypothetical else "historical"
        name = escape_markdown(scenario.name)
        with st.expander(f"**{name}** · `{scenario.id}`{year} · {kind} · {_changes(scenario)}"):
            st.markdown(escape_markdown(scenario.description))
            st.caption("Sources: " + escape_markdown("; ".join(s.citation() for s in scenario.sources)))


def _vocabulary_frame(entries: dict, name: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {name: term, "label": entry.label or "", "meaning": entry.description, "example": entry.example}
            for term, entry in entries.items()
        ],
        columns=[name, "label", "meaning", "example"],
    )


def vocabulary_section(graph: nx.MultiDiGraph) -> None:
    """The closed vocabularies the data is checked against, each in a table."""
    vocabulary = dataset_of(graph).vocabulary
    st.caption(
        "Every kind, relation type and mechanism in the data, and every status a case's reading of the paper "
        "gives a stage, must come from these lists (`data/vocabulary/`); `docs/data-model.md` in the "
        "repository explains each field."
    )
    tables = (
        (vocabulary.kinds, "kind", "Kinds"),
        (vocabulary.edge_types, "type", "Relation types"),
        (vocabulary.mechanisms, "mechanism", "Stall mechanisms"),
        (vocabulary.outcome_statuses, "stage.status", "Case outcome statuses"),
    )
    tabs = st.tabs([f"{title} ({len(entries)})" for entries, _, title in tables])
    for tab, (entries, name, _) in zip(tabs, tables, strict=True):
        with tab:
            st.dataframe(
                _vocabulary_frame(entries, name),
                hide_index=True,
                width="stretch",
                height=320,
                column_config={"meaning": st.column_config.TextColumn(width="large")},
            )


def validation_status(loaded: Loaded) -> None:
    """A green line when the data folder is valid (an invalid one gets ui.data's banner instead).

    It names the folder, not its place on the server: visitors have no use for a server path.
    """
    st.success(
        f"**The data is valid.** The folder `{escape_markdown(Path(loaded.folder).name)}/` was read and "
        f"cross-checked in {loaded.seconds:.1f} s; "
        "`pathways validate` runs the same checks from the command line.",
        icon=":material/verified:",
    )
