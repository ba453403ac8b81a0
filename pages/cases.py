"""Cases: each crisis the paper discusses, where it stalled, and what a reform would change."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from un_pathways.graph.model import Case, year_of
from un_pathways.graph.robust_words import band_words
from un_pathways.graph.views import dataset_of
from un_pathways.ui.case_analysis import (
    case_reach,
    case_reach_band,
    case_whatif,
    robustness_of_case,
    verdict_of,
    vetoes_of,
)
from un_pathways.ui.case_timeline import timeline_section
from un_pathways.ui.case_view import (
    OUTCOME_FILTERS,
    case_header,
    case_names,
    narrative,
    outcome_class,
    robustness_panel,
    stage_legs,
    verdict_panel,
    veto_panel,
)
from un_pathways.ui.case_whatif import reach_line, whatif_section, whatif_summary
from un_pathways.ui.data import graph_or_stop, scenario_label
from un_pathways.ui.figure_exports import case_downloads
from un_pathways.ui.pathway_view import reach_metric
from un_pathways.ui.routing import ensure_router
from un_pathways.ui.text import escape_markdown
from un_pathways.ui.url_state import Param, as_choice, publish, restore, warn_ignored

CASE, WHATIF, SETTING, OUTCOME = "cs_case", "cs_whatif", "cs_setting", "cs_outcome"
FIRST_CASE = "case.sri-lanka-2008-09"  # the paper's model case opens the library
SETTINGS_SHOWN = {"any": "All", "mission": "Mission", "non_mission": "Non-mission"}


def _ordered(cases: dict[str, Case]) -> list[str]:
    """Sri Lanka first, then the others in the order they happened."""

    def when(case: Case) -> tuple:
        return (case.id != FIRST_CASE, year_of(case.period[0]) or 0, case.name.casefold())

    return [case.id for case in sorted(cases.values(), key=when)]


def _case_parse(cases: dict[str, Case]):
    def parse(text: str) -> str:
        for candidate in (text, f"case.{text}"):
            if candidate in cases:
                return candidate
        raise ValueError("is not a case of the data")

    return parse


def _params(graph: nx.MultiDiGraph, ordered: list[str]) -> list[Param]:
    cases, scenarios = dataset_of(graph).cases, dataset_of(graph).scenarios
    return [
        Param(CASE, "case", ordered[0], _case_parse(cases), lambda c: c.removeprefix("case.")),
        Param(WHATIF, "whatif", "", as_choice(["", *scenarios]), omit_default=True),
        Param(SETTING, "setting", "any", as_choice(SETTINGS_SHOWN), omit_default=True),
        Param(OUTCOME, "outcome", "any", as_choice(OUTCOME_FILTERS), omit_default=True),
    ]


def _matching(cases: dict[str, Case], ordered: list[str]) -> list[str]:
    state = st.session_state
    return [
        c
        for c in ordered
        if state[SETTING] in ("any", cases[c].setting) and state[OUTCOME] in ("any", outcome_class(cases[c]))
    ]


def _case_text(case: Case) -> str:
    setting = "mission" if case.setting == "mission" else "non-mission"
    return f"{case.name} · {setting} · {OUTCOME_FILTERS[outcome_class(case)].lower()}"


def _filters() -> None:
    state = st.session_state
    active = (state[SETTING] != "any") + (state[OUTCOME] != "any")
    with st.popover(
        f"Filter ({active})" if active else "Filter", icon=":material/filter_list:", width="stretch"
    ):
        st.segmented_control(
            "Setting", list(SETTINGS_SHOWN), key=SETTING, format_func=SETTINGS_SHOWN.get, required=True
        )
        st.segmented_control(
            "What the curated reading of the paper records",
            list(OUTCOME_FILTERS),
            key=OUTCOME,
            format_func=OUTCOME_FILTERS.get,
            required=True,
        )


def _controls(graph: nx.MultiDiGraph, ordered: list[str]) -> Case | None:
    """Filters, the case picker and the what-if switch; the chosen case, or None when none matches."""
    data = dataset_of(graph)
    state = st.session_state
    pick, filters, whatif = st.columns([4.6, 1.4, 3], vertical_alignment="bottom")
    with filters:
        _filters()
    shown = _matching(data.cases, ordered)
    if not shown:
        pick.selectbox(f"Case (0 of {len(ordered)})", ["—"], disabled=True, key="cs_case_none")
        st.info("No case matches these filters.", icon=":material/filter_alt_off:")
        return None
    if state[CASE] not in shown:
        state[CASE] = shown[0]
    pick.selectbox(
        f"Case ({len(shown)} of {len(ordered)})",
        shown,
        key=CASE,
        format_func=lambda c: _case_text(data.cases[c]),
        help="Type to search. Sri Lanka 2008-09 first, then the others in the order they happened.",
    )
    case = data.cases[state[CASE]]
    options = ["", *(s for s in data.scenarios if s != case.scenario)]
    if state[WHATIF] not in options:
        state[WHATIF] = ""
    whatif.selectbox(
        "What if…",
        options,
        key=WHATIF,
        format_func=lambda s: "As recorded (no what-if)" if not s else scenario_label(graph, s),
        help="Replay the case, same year and setting, under a reform scenario.",
    )
    return case


def _pathways_link(case: Case, whatif: str) -> None:
    """The same question on the Pathways page, where threshold, friction and channels can be changed."""
    query = {"source": case.signal_from[0], "target": case.decision_maker, "setting": case.setting}
    year = str(case.as_of)
    if whatif:
        query |= {"mode": "compare", "a_scenario": case.scenario or "", "b_scenario": whatif}
        query |= {"a_year": year, "b_year": year}
        label = "Compare both on the Pathways page"
    else:
        query |= {"scenario": case.scenario or "", "year": year}  # "": no scenario, not the page's default
        label = "Explore this pathway on the Pathways page"
    st.page_link("pages/pathways.py", label=label, icon=":material/route:", query_params=query)


def _pathway_tab(graph, version, case, names, verdicts, comparison) -> None:
    whatif = st.session_state[WHATIF]
    if comparison is not None:
        labels = (scenario_label(graph, case.scenario), scenario_label(graph, whatif))
        whatif_section(graph, case, verdicts, comparison, labels, names)
    else:
        left, right = st.columns([1, 3], vertical_alignment="top")
        with left:
            target = names.get(case.decision_maker, case.decision_maker)
            reach_metric(
                case_reach(graph, version, case), target, label=f"Chance the warning reaches {target}"
            )
            st.caption(f"Counting every route {escape_markdown(reach_line(case, names))}.")
            band = case_reach_band(graph, version, case)
            if band:
                st.caption(f"Reach {band_words(band)}.")
        with right:
            stage_legs(verdicts[0], names, key="cs_own")
            case_downloads(
                graph, case, verdicts[0], f"{scenario_label(graph, case.scenario)} · as of {case.as_of}"
            )
    _pathways_link(case, whatif)


def main() -> None:
    graph, version = graph_or_stop()
    data = dataset_of(graph)
    st.title("Cases", anchor=False)
    if not data.cases:
        st.info("This dataset holds no cases (`data/cases/` is empty).", icon=":material/folder_off:")
        return
    ordered = _ordered(data.cases)
    params = _params(graph, ordered)
    warn_ignored(restore(params))
    case = _controls(graph, ordered)
    publish(params)
    if case is None:
        return
    names = case_names(graph)
    whatif = st.session_state[WHATIF]
    case_header(graph, case, scenario_label(graph, case.scenario) if case.scenario else "no scenario overlay")
    story, verdict = st.columns([0.9, 1.1], gap="large")
    own = verdict_of(graph, version, case.id, None)
    other = verdict_of(graph, version, case.id, whatif) if whatif else None
    comparison = case_whatif(graph, version, case, whatif) if whatif else None
    with story:
        narrative(graph, case, names)
    with verdict:
        verdict_panel(graph, own, names, other)
        robustness_panel(robustness_of_case(graph, version, case.id, None), names)
        if other is not None:
            whatif_summary(case, (own, other), comparison, scenario_label(graph, whatif), names)
    vetoes = vetoes_of(graph, version, case.id)
    tabs = st.tabs(
        [
            "Pathway" + (" · what if" if whatif else ""),
            f"Timeline ({len(case.timeline)})",
            f"Vetoes ({len(vetoes['recorded_vetoes'])} recorded)"
            if vetoes["recorded_vetoes"]
            else f"Who could block it ({len(vetoes['can_block'])})",
        ]
    )
    with tabs[0]:
        _pathway_tab(graph, version, case, names, (own, other), comparison)
    with tabs[1]:
        timeline_section(case)
    with tabs[2]:
        veto_panel(graph, case, vetoes, names)


ensure_router()
main()
