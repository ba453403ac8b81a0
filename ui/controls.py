"""Controls several pages share: node parameters, scenario, year and setting, with their URL form."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import streamlit as st

from un_pathways.ui.data import scenario_label
from un_pathways.ui.url_state import Param, as_choice

__all__ = [
    "ALL_YEARS",
    "SETTINGS_SHOWN",
    "YEARS",
    "as_of",
    "node_param",
    "scenario_param",
    "scenario_select",
    "setting_of",
    "setting_param",
    "setting_select",
    "year_param",
    "year_slider",
]

ALL_YEARS = "all"
YEARS = list(range(1945, 2027))
SETTINGS_SHOWN = {"any": "Any setting", "mission": "Mission settings", "non_mission": "Non-mission settings"}


def _node_parse(graph: nx.MultiDiGraph) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in graph:
            raise ValueError("is not a node of the data")
        return text

    return parse


def node_param(key: str, name: str, graph: nx.MultiDiGraph, default: str | None) -> Param:
    return Param(key, name, default if default in graph else None, _node_parse(graph))


def scenario_param(key: str, graph: nx.MultiDiGraph, default: str = "", name: str = "scenario") -> Param:
    scenarios = graph.graph["dataset"].scenarios
    return Param(key, name, default if default in scenarios else "", as_choice(["", *scenarios]))


def year_param(key: str, default: int | str = ALL_YEARS, name: str = "year") -> Param:
    return Param(key, name, default, as_choice([ALL_YEARS, *YEARS]))


def setting_param(key: str, name: str = "setting") -> Param:
    return Param(key, name, "any", as_choice(SETTINGS_SHOWN), omit_default=True)


def as_of(value: int | str) -> int | None:
    """The year a year control stands for (None: every year, or the scenario's own)."""
    return None if value == ALL_YEARS else int(value)


def setting_of(value: str) -> str | None:
    return None if value == "any" else value


def scenario_select(graph: nx.MultiDiGraph, key: str, label: str = "Scenario") -> str:
    scenarios = graph.graph["dataset"].scenarios
    return st.selectbox(
        label,
        ["", *scenarios],
        key=key,
        format_func=lambda s: scenario_label(graph, s),
        help="A scenario adds, removes or re-grades channels: a reform, or a what-if.",
    )


def year_slider(key: str, label: str = "Year", all_label: str = "All years") -> int | str:
    return st.select_slider(
        label,
        [ALL_YEARS, *YEARS],
        key=key,
        format_func=lambda y: all_label if y == ALL_YEARS else str(y),
        help="Show the system as it was in that year: bodies and relations that did not exist yet "
        "(or no longer existed) disappear.",
    )


def setting_select(key: str, label: str = "Setting") -> str:
    return st.selectbox(
        label,
        list(SETTINGS_SHOWN),
        key=key,
        format_func=SETTINGS_SHOWN.get,
        help="Mission settings have a peace operation on the ground; non-mission settings only a "
        "country team.",
    )
