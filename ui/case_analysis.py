"""Cached calls into graph/cases.py: a case's verdict, its replay under a what-if, its veto holders.

Results are cached (``st.cache_data``) under the data version, the case and
the scenario, so flipping the what-if switch back and forth costs nothing.
The reach figures reuse the Pathways page's cached calls (ui/analysis.py), so
both pages give the same number for the same question.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from un_pathways.graph.cases import case_verdict, veto_chokepoints
from un_pathways.graph.errors import PathwaysError
from un_pathways.graph.model import Case
from un_pathways.graph.provenance import attach_judgements
from un_pathways.graph.robust_questions import ViewCache, case_robustness
from un_pathways.graph.robustness import Point
from un_pathways.graph.settings import SETTINGS
from un_pathways.graph.views import dataset_of
from un_pathways.ui.analysis import analyse, compare, robustness_of_pathway
from un_pathways.ui.data import view_of

__all__ = [
    "THRESHOLD",
    "case_reach",
    "case_reach_band",
    "case_whatif",
    "robustness_of_case",
    "verdict_of",
    "vetoes_of",
]

THRESHOLD = SETTINGS["stall_threshold"].default
NO_REGRADES = "{}"


@st.cache_data(show_spinner="Replaying the case…", max_entries=256)
def verdict_of(_graph: nx.MultiDiGraph, version: str, case_id: str, scenario: str | None) -> dict:
    """The model's verdict on a case under its own scenario (None) or another one."""
    case = dataset_of(_graph).cases[case_id]
    verdict = case_verdict(_graph, case, scenario=scenario, threshold=THRESHOLD)
    own_scenario = case.scenario if scenario is None else scenario
    view = view_of(_graph, version, case.as_of, case.setting, own_scenario or None)
    for leg in verdict["legs"]:
        if leg["path"] is not None:
            attach_judgements(view, leg["path"])
    return verdict


@st.cache_data(show_spinner="Testing how robust the verdict is…", max_entries=256)
def robustness_of_case(_graph: nx.MultiDiGraph, version: str, case_id: str, scenario: str | None) -> dict:
    """The share of plausible settings in which the verdict and the stall hop hold, with tipping points."""
    case = dataset_of(_graph).cases[case_id]
    return case_robustness(ViewCache(_graph), case, Point.of(None, THRESHOLD), scenario=scenario)


def case_reach_band(graph: nx.MultiDiGraph, version: str, case: Case) -> dict | None:
    """The band of the case's reach over the plausible settings (None when an end is missing)."""
    try:
        robust = robustness_of_pathway(
            graph, version, *_own_question(case), THRESHOLD, NO_REGRADES, NO_REGRADES
        )
    except PathwaysError:
        return None
    return robust["reach"]


@st.cache_data(show_spinner=False, max_entries=128)
def vetoes_of(_graph: nx.MultiDiGraph, version: str, case_id: str) -> dict:
    """Who could block the case's decision, and who the paper records blocking it."""
    return veto_chokepoints(_graph, dataset_of(_graph).cases[case_id])


def _ends(case: Case) -> tuple[str, str]:
    # From where the warning first rose to who had to decide, as `pathways compare CASE` does.
    return case.signal_from[0], case.decision_maker


def _own_question(case: Case) -> tuple[str, str, int | None, str | None, str | None]:
    """The case's own pathway question: its ends, year, setting and scenario (reach and its band ask it)."""
    return (*_ends(case), case.as_of, case.setting, case.scenario or None)


def case_reach(graph: nx.MultiDiGraph, version: str, case: Case) -> dict | None:
    """Reach from the first signal origin to the decision-maker in the case's own configuration."""
    try:
        result = analyse(graph, version, *_own_question(case), 1, THRESHOLD, NO_REGRADES, NO_REGRADES)
    except PathwaysError:  # an end missing in that year: the verdict already says "no route"
        return None
    return result["reach"]


def case_whatif(graph: nx.MultiDiGraph, version: str, case: Case, scenario: str) -> dict:
    """The case's own configuration beside the same year and setting under ``scenario``."""
    source, target = _ends(case)
    return compare(
        graph,
        version,
        source,
        target,
        (case.scenario or None, case.as_of, case.setting),
        (scenario, case.as_of, case.setting),
        1,
        THRESHOLD,
        NO_REGRADES,
        NO_REGRADES,
    )
