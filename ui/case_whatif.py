"""A case replayed under a reform scenario: both pathways side by side, and what changed."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from un_pathways.graph.model import STAGES, Case
from un_pathways.graph.views import dataset_of
from un_pathways.ui.case_view import mechanism_text, sources_popover, stage_legs, stall_text
from un_pathways.ui.pathway_view import reach_metric
from un_pathways.ui.text import escape_markdown

__all__ = ["changed_channels_frame", "reach_line", "whatif_section", "whatif_summary"]


def _state_text(state: dict) -> str:
    if not state["present"]:
        return "absent"
    return f"{state['friction']} ({state['pass_probability']:.0%})"


def changed_channels_frame(graph: nx.MultiDiGraph, comparison: dict, names: dict[str, str]) -> pd.DataFrame:
    """Every channel on the way whose presence or grade differs between the two configurations."""
    rows = [
        {
            "channel": f"{names.get(c['from'], c['from'])} → {names.get(c['to'], c['to'])}",
            "relation": c["type"],
            "as recorded": _state_text(c["first"]),
            "what if": _state_text(c["second"]),
            "why (what if)": mechanism_text(graph, c["second"]["mechanism"] or c["first"]["mechanism"] or []),
        }
        for c in comparison["changed_edges"]
    ]
    return pd.DataFrame(rows, columns=["channel", "relation", "as recorded", "what if", "why (what if)"])


def reach_line(case: Case, names: dict[str, str]) -> str:
    """Which reach the metric gives: from the first signal origin to the decision-maker."""
    return (
        f"from {names.get(case.signal_from[0], case.signal_from[0])} "
        f"to {names.get(case.decision_maker, case.decision_maker)}"
    )


def whatif_section(
    graph: nx.MultiDiGraph,
    case: Case,
    verdicts: tuple[dict, dict],
    comparison: dict,
    labels: tuple[str, str],
    names: dict[str, str],
) -> None:
    """As recorded (A) beside the what-if (B): reach with its change, each stage's pathway, what changed."""
    target = names.get(case.decision_maker, case.decision_maker)
    columns = st.columns(2, gap="large")
    sides = (comparison["first"], comparison["second"])
    for index, (column, verdict, side, label) in enumerate(
        zip(columns, verdicts, sides, labels, strict=True)
    ):
        with column:
            st.markdown(f"**{'As recorded' if index == 0 else 'What if'}: {escape_markdown(label)}**")
            reach_metric(
                side["reach"],
                target,
                comparison["reach_change"] if index else None,
                label=f"Chance the warning reaches {target}",
            )
            stage_legs(verdict, names, key=f"cs_{'a' if index == 0 else 'b'}")
    frame = changed_channels_frame(graph, comparison, names)
    st.markdown(f"**Channels that differ** ({len(frame)})")
    if frame.empty:
        st.caption("This scenario changes no channel on the way from the warning to the decision-maker.")
    else:
        st.dataframe(
            frame.style.set_properties(
                subset=["what if"], **{"background-color": "#fff3cd", "font-weight": "bold"}
            ),
            hide_index=True,
            width="stretch",
        )
    scenario = dataset_of(graph).scenarios[verdicts[1]["scenario"]]
    with st.expander(f"About the scenario: {escape_markdown(scenario.name)}"):
        st.markdown(escape_markdown(scenario.description))
        sources_popover([s.citation() for s in scenario.sources], key=f"cs_scn_{scenario.id}")


def whatif_summary(
    case: Case, verdicts: tuple[dict, dict], comparison: dict, label: str, names: dict[str, str]
) -> None:
    """In one callout: how the reach changes and whether the stall point moves under the what-if."""
    reaches = [
        side["reach"]["probability"] if side["reach"] else 0.0
        for side in (comparison["first"], comparison["second"])
    ]
    stalls = [stall_text(v["verdict"]["stall"], names) for v in verdicts]
    moved = (
        f"the stall point **moves** from {escape_markdown(stalls[0])} to {escape_markdown(stalls[1])}"
        if stalls[0] != stalls[1]
        else f"the stall point stays at {escape_markdown(stalls[0])}"
    )
    changed, points = len(comparison["changed_edges"]), comparison["reach_change"] * 100
    stages = [s for s in STAGES if verdicts[0]["verdict"][s] != verdicts[1]["verdict"][s]]
    outcome = (
        f"The outcome changes at: {', '.join(stages)} (highlighted in the table)."
        if stages
        else "Every stage ends as before."
    )
    st.info(
        f"**What if: {escape_markdown(label)}.** The chance the warning gets "
        f"{escape_markdown(reach_line(case, names))} "
        f"goes from {reaches[0]:.1%} to **{reaches[1]:.1%}** ({points:+.1f} points); "
        f"{moved}; {changed} channel{' on the way differs' if changed == 1 else 's on the way differ'}. "
        f"{outcome}",
        icon=":material/science:",
    )
