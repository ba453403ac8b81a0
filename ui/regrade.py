"""The "what if?" panel: change the friction map, or re-grade single channels.

Both live in session state as small dicts (``{level: p}`` and ``{edge key: p}``)
that the URL carries as JSON; only values that differ from the data are kept.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from un_pathways.graph.settings import DEFAULT_FRICTION_PASS
from un_pathways.ui.graph_style import friction_colour
from un_pathways.ui.text import escape_markdown

__all__ = ["FRICTION", "OVERRIDES", "channel_keys", "regrade_panel"]

FRICTION, OVERRIDES = "pw_friction", "pw_overrides"


def channel_keys(graph: nx.MultiDiGraph) -> list[str]:
    """Every channel edge a user may re-grade: in the data, or added by a scenario."""
    keys = {key for *_, key, attrs in graph.edges(keys=True, data=True) if attrs.get("channel")}
    for scenario in graph.graph["dataset"].scenarios.values():
        keys |= {edge.key for edge in scenario.add_edges if edge.channel}
    return sorted(keys)


def _slider_key(level: str) -> str:
    return f"pw_fric_{level}"


def _friction_changed() -> None:
    st.session_state[FRICTION] = {
        level: st.session_state[_slider_key(level)]
        for level, default in DEFAULT_FRICTION_PASS.items()
        if st.session_state[_slider_key(level)] != default
    }


def _reset_friction() -> None:
    st.session_state[FRICTION] = {}
    for level, default in DEFAULT_FRICTION_PASS.items():
        st.session_state[_slider_key(level)] = default


def _add_override() -> None:
    key = st.session_state.get("pw_edge_pick")
    if key:
        st.session_state[OVERRIDES] = {**st.session_state[OVERRIDES], key: st.session_state["pw_edge_p"]}


def _remove_override(key: str) -> None:
    st.session_state[OVERRIDES] = {k: p for k, p in st.session_state[OVERRIDES].items() if k != key}


def _friction_sliders() -> None:
    st.markdown("**Friction map**: the chance that a channel of each friction level passes a signal.")
    columns = st.columns(len(DEFAULT_FRICTION_PASS))
    chosen = st.session_state.get(FRICTION, {})
    for column, (level, default) in zip(columns, DEFAULT_FRICTION_PASS.items(), strict=True):
        if _slider_key(level) not in st.session_state:
            st.session_state[_slider_key(level)] = chosen.get(level, default)
        column.slider(
            level,
            0.0,
            1.0,
            step=0.05,
            key=_slider_key(level),
            on_change=_friction_changed,
            help=f"Default {default:.2f}",
        )
        column.html(f'<div style="height:5px;border-radius:3px;background:{friction_colour(level)}"></div>')
    st.button(
        "Reset the friction map", on_click=_reset_friction, key="pw_reset_friction", disabled=not chosen
    )


def _edge_overrides(view: nx.MultiDiGraph, choices: list[str]) -> None:
    st.markdown(
        "**Re-grade one channel**: give it your own pass probability (applies to configuration B "
        "when comparing)."
    )
    names = {n: a.get("short") or a["name"] for n, a in view.nodes(data=True)}
    friction = {key: attrs.get("friction") for *_, key, attrs in view.edges(keys=True, data=True)}

    def label(key: str) -> str:
        source, _, rest = key.partition(" -")
        kind, _, target = rest.partition("-> ")
        shown = friction.get(key)
        return (
            f"{names.get(source, source)} → {names.get(target, target)} ({kind}"
            + (f", {shown}" if shown else ", not in this view")
            + ")"
        )

    pick, prob, add = st.columns([5, 3, 1.3], vertical_alignment="bottom")
    pick.selectbox(
        "Channel", choices, index=None, key="pw_edge_pick", format_func=label, placeholder="Pick a channel…"
    )
    prob.slider("Passes with probability", 0.0, 1.0, 0.5, 0.05, key="pw_edge_p")
    add.button("Re-grade", on_click=_add_override, key="pw_edge_add", width="stretch")
    for key, p in st.session_state.get(OVERRIDES, {}).items():
        text, remove = st.columns([8, 1.3], vertical_alignment="center")
        text.markdown(f"- {escape_markdown(label(key))} passes **{p:.0%}**")
        remove.button("Remove", key=f"pw_rm_{key}", on_click=_remove_override, args=(key,), width="stretch")


def regrade_panel(view: nx.MultiDiGraph, choices: list[str]) -> None:
    """The expander holding both kinds of re-grading."""
    count = len(st.session_state.get(FRICTION, {})) + len(st.session_state.get(OVERRIDES, {}))
    title = "What if? Re-grade channels and the friction map" + (f" · {count} change(s)" if count else "")
    with st.expander(title, icon=":material/tune:"):
        _friction_sliders()
        st.divider()
        _edge_overrides(view, choices)
