"""One case on screen: its story, the curated reading of the paper beside the model's verdict, its legs.

Every fact carries its sources one click away (a popover), the stall hop's
mechanism, rationale and sources come from the pathway view the Pathways page
uses, and all data text is rendered as Markdown-escaped text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import streamlit as st

from un_pathways.graph.cases import CONSISTENCY_NOTE
from un_pathways.graph.model import STAGES, Case
from un_pathways.graph.robust_words import holds_words
from un_pathways.graph.views import dataset_of
from un_pathways.ui.case_analysis import THRESHOLD
from un_pathways.ui.pathway_view import pathway_block
from un_pathways.ui.text import escape_markdown

__all__ = [
    "OUTCOME_FILTERS",
    "case_header",
    "case_names",
    "mechanism_text",
    "narrative",
    "outcome_class",
    "robustness_panel",
    "sources_popover",
    "stall_text",
    "stage_legs",
    "verdict_panel",
    "veto_panel",
]

# The curated reading of the paper, as a filter: the first stage it records failing, or none.
OUTCOME_FILTERS = {
    "any": "Any outcome",
    "information": "Warning stalled or not public",
    "decision": "Decision late, hesitant or blocked",
    "implementation": "Implementation failed or partial",
    "through": "No failure recorded",
}
_YES, _NO = ":green[:material/check_circle:]", ":red[:material/cancel:]"


def outcome_class(case: Case) -> str:
    """The key of :data:`OUTCOME_FILTERS` the curated reading of the paper falls under."""
    return case.outcome.stall_stage or "through"


def case_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """How actors are named in chains and sentences: the acronym when there is one."""
    return {node: attrs.get("short") or attrs["name"] for node, attrs in graph.nodes(data=True)}


def _word(value: str | None) -> str:
    """An outcome value in words that stay on one line: ``not_reached`` -> "not reached"."""
    return value.replace("_", "\u00a0") if value else "—"


def mechanism_text(graph: nx.MultiDiGraph, mechanisms: Iterable[str]) -> str:
    """Mechanisms by their vocabulary label (or their id in words), "none" left out."""
    vocabulary = dataset_of(graph).vocabulary.mechanisms
    shown = [
        (vocabulary[m].label if m in vocabulary and vocabulary[m].label else m.replace("_", " "))
        for m in mechanisms
        if m != "none"
    ]
    return ", ".join(shown) or "none recorded"


def sources_popover(sources: list[str], key: str, label: str = "Sources") -> None:
    """A small button that opens the locators of a fact in the paper (or the public record)."""
    with st.popover(f"{label} ({len(sources)})", icon=":material/menu_book:", key=key):
        st.markdown("\n".join(f"- {escape_markdown(s)}" for s in sources) or "none recorded")


def _period(case: Case) -> str:
    start, end = (str(p) if p is not None else "…" for p in case.period)
    return start if start == end else f"{start}–{end}"


def case_header(graph: nx.MultiDiGraph, case: Case, scenario_text: str) -> None:
    """The case's name, and where and when it happened in one line of badges."""
    st.subheader(escape_markdown(case.name), anchor=False)
    setting = "mission setting" if case.setting == "mission" else "non-mission setting"
    country = graph.nodes[case.country]["name"] if case.country in graph else case.country
    st.markdown(
        f":gray-badge[:material/event: {_period(case)}] "
        f":gray-badge[:material/public: {escape_markdown(country)}] "
        f":blue-badge[{setting}] :violet-badge[{escape_markdown(scenario_text)}] "
        f":gray-badge[replayed as of {case.as_of}]"
    )


def narrative(graph: nx.MultiDiGraph, case: Case, names: dict[str, str]) -> None:
    """What happened, then the curated reading of the paper, stage by stage with its locators."""
    st.markdown(escape_markdown(case.description))
    sources_popover([s.citation() for s in case.sources], key=f"cs_src_{case.id}")
    outcome = case.outcome
    st.markdown("**The paper, as the curators read it**")
    st.markdown(escape_markdown(outcome.summary))
    st.markdown("\n".join(_reading_line(graph, stage, outcome.stage(stage), names) for stage in STAGES))
    sources_popover([s.citation() for s in outcome.sources], key=f"cs_out_{case.id}")


def _reading_line(graph: nx.MultiDiGraph, stage: str, reading, names: dict[str, str]) -> str:
    """One stage of the curated reading as a list item: status, locator, paraphrase, then who and why."""
    where = f" ({escape_markdown(reading.locator)})" if reading.locator else ""
    says = f": {escape_markdown(reading.says)}" if reading.says else ""
    line = f"- **{stage.capitalize()}: {_word(reading.status)}**{where}{says}"
    if reading.actors:
        line += f" *Who:* {', '.join(escape_markdown(names.get(a, a)) for a in reading.actors)}."
    if reading.mechanisms:
        line += f" *Why:* {escape_markdown(mechanism_text(graph, reading.mechanisms))}."
    inference = reading.inference
    if inference:
        added = [
            *(["the status itself"] if inference.status else []),
            *(names.get(a, a) for a in inference.actors),
            *([mechanism_text(graph, inference.mechanisms)] if inference.mechanisms else []),
        ]
        line += (
            f" *Curators' inference, not the paper* ({escape_markdown(', '.join(added))}): "
            f"{escape_markdown(inference.reason)}"
        )
    for source in reading.public_record:
        line += f" *Public record, not the paper:* {escape_markdown(source.citation())}."
    return line


def _comparison_cell(row: dict) -> str:
    if not row["compared"]:
        return "not compared"
    mark = f"{_YES}\u00a0reproduces" if row["reproduces"] else f"{_NO}\u00a0differs"
    return mark + (" (on an inference)" if row["inferred"] else "")


def _table(verdict: dict, whatif: dict | None) -> str:
    """Stage | model (estimate) | paper/curators | comparison | what if (when one is chosen)."""
    head = "| stage | model (estimate) | paper / curators | comparison |"
    rule = "| --- | --- | --- | --- |"
    rows = [head + (" what if (model) |" if whatif else ""), rule + (" --- |" if whatif else "")]
    for stage in STAGES:
        row_of = verdict["comparison"]["stages"][stage]
        model = verdict["verdict"][stage]
        row = f"| **{stage}** | {_word(model)} | {_word(row_of['reading'])} | {_comparison_cell(row_of)} |"
        if whatif is not None:
            after = whatif["verdict"][stage]
            row += f" :orange-background[**{_word(after)}**] |" if after != model else f" {_word(after)} |"
        rows.append(row)
    return "\n".join(rows)


def stall_text(stall: dict | None, names: dict[str, str]) -> str:
    """Where a verdict stalled, as "A → B", or "no stall"."""
    if not stall:
        return "no stall"
    return f"{names.get(stall['from'], stall['from'])} → {names.get(stall['to'], stall['to'])}"


def verdict_panel(
    graph: nx.MultiDiGraph, verdict: dict, names: dict[str, str], whatif: dict | None = None
) -> None:
    """The model's verdict beside the curated reading of the paper stage by stage, with the comparison."""
    comparison = verdict["comparison"]
    if comparison["result"] == "reproduces":
        st.success(
            "**The model reproduces the curated reading of the paper** at every stage the reading states.",
            icon=":material/check_circle:",
        )
    elif comparison["result"] == "differs":
        differ = ", ".join(k.replace("_", " ") for k in comparison["differs_on"])
        st.warning(f"**The model differs from the curated reading** on: {differ}.", icon=":material/help:")
    else:
        st.info(
            "**Nothing to compare:** the reading states no stage in terms the model computes.",
            icon=":material/remove_circle_outline:",
        )
    st.caption(CONSISTENCY_NOTE)
    changes = whatif is not None and any(whatif["verdict"][s] != verdict["verdict"][s] for s in STAGES)
    st.markdown(_table(verdict, whatif if changes else None))  # a what-if column only when it differs
    stall = verdict["verdict"]["stall"]
    if stall:
        why = "no channel route" if stall["no_route"] else mechanism_text(graph, stall["mechanism"])
        st.markdown(
            f"**The model's stall point (an estimate):** {escape_markdown(stall_text(stall, names))} "
            f"({stall['stage']} stage) · {escape_markdown(why)}"
        )
    checks = comparison["stall"]
    st.caption(
        "Also compared with the reading: "
        + ", ".join(
            f"stall {name} "
            + ("not compared" if ok is None else (_YES if ok else _NO))
            + (" (only through a curators' inference)" if name in comparison["rests_on_inference"] else "")
            for name, ok in checks.items()
        )
        + f" · a stage passes in the model when its best pathway keeps a signal of at least {THRESHOLD:.2f}; "
        "the model cannot tell a late or hesitant decision from one that does not follow, so both read as "
        "'blocked'."
    )


def robustness_panel(robust: dict, names: dict[str, str]) -> None:
    """How far the verdict and its stall point rest on the exact numbers: share, label, tipping point."""
    verdict = robust["verdict"]
    icon = ":material/verified:" if verdict["label"] == "robust" else ":material/warning:"
    st.info(escape_markdown(holds_words(verdict, "verdict", names)), icon=icon)
    if robust["stall"]["holds"]:
        st.caption(escape_markdown(holds_words(robust["stall"], "stall", names)))
    st.caption(
        f"Over {verdict['samples']} settings drawn from the plausible ranges the curators declare for each "
        "friction level's pass probability and for the stall threshold (a judgement, not the paper's)."
    )


def stage_legs(verdict: dict, names: dict[str, str], key: str) -> None:
    """Each stage the case went through, as a pathway chain; the failing one shows its stall."""
    for leg in verdict["legs"]:
        stage = leg["stage"].capitalize()
        ends = f"{' / '.join(names.get(s, s) for s in leg['from'])} → {names.get(leg['to'], leg['to'])}"
        if leg["path"] is None:
            st.warning(
                f"**{stage} stage** ({escape_markdown(ends)}): no channel route in this configuration.",
                icon=":material/block:",
            )
            continue
        title = f"{stage} stage {'passes' if leg['passed'] else 'stalls'}"
        pathway_block(0, leg["path"], names, THRESHOLD, key=f"{key}_{leg['stage']}", title=title)
    skipped = [s for s in STAGES[len(verdict["legs"]) :] if verdict["verdict"][s] == "not_reached"]
    if skipped:
        st.caption(f"Not run: {', '.join(skipped)} (the case stalled before).")


def veto_panel(graph: nx.MultiDiGraph, case: Case, vetoes: dict, names: dict[str, str]) -> None:
    """Who could block the decision, who the paper records blocking it, each with sources."""
    decider = names.get(vetoes["decision_maker"], vetoes["decision_maker"])
    holders = vetoes["can_block"]
    if not holders:
        st.caption(f"No one holds a veto over {escape_markdown(decider)} in the data.")
        return
    badges = " ".join(
        f":red-badge[:material/block: {escape_markdown(h['name'])} · vetoed]"
        if h["recorded_veto"]
        else f":gray-badge[{escape_markdown(h['name'])}]"
        for h in holders
    )
    st.markdown(f"**Who could block a decision of {escape_markdown(decider)}:** {badges}")
    recorded = vetoes["recorded_vetoes"]
    if recorded:
        st.markdown(
            "**The paper records a veto by** "
            + ", ".join(escape_markdown(names.get(v, v)) for v in recorded)
            + "."
        )
    elif case.outcome.stall_stage == "decision":
        st.markdown("No veto is recorded for this case: the decision stalled without one.")
    else:
        st.caption("No veto is recorded for this case.")
    sources_popover(_veto_sources(graph, case, vetoes, names), key=f"cs_veto_{case.id}")


def _veto_sources(graph: nx.MultiDiGraph, case: Case, vetoes: dict, names: dict[str, str]) -> list[str]:
    """The sources of each veto right (HOLDS_VETO_IN) and of each veto recorded for the case."""

    def of(actor: str, target: str, kind: str, what: str) -> list[str]:
        return [
            f"{names.get(actor, actor)} {what}: {source}"
            for _, end, attrs in graph.out_edges(actor, data=True)
            if end == target and attrs["type"] == kind
            for source in attrs["sources"]
        ]

    sources = [
        line
        for holder in vetoes["can_block"]
        for line in of(holder["id"], vetoes["decision_maker"], "HOLDS_VETO_IN", "holds a veto")
    ]
    sources += [
        line for vetoer in vetoes["recorded_vetoes"] for line in of(vetoer, case.id, "VETOED", "vetoed")
    ]
    if case.vetoes:
        sources += [f"the case file: {s.citation()}" for s in case.sources]
    return sources
