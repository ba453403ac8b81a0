"""Explore: the whole protection system as an interactive graph, with a details panel."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.model import STAGES
from graph.stats import graph_stats
from ui import controls
from ui.data import graph_or_stop, positions_of, view_of
from ui.details import node_panel
from ui.graph_data import METRICS, VisGraph, filtered, vis_graph
from ui.graph_style import legend_html
from ui.network import graph_component, standalone_html
from ui.routing import ensure_router
from ui.url_state import Param, as_choice, as_list, dump_list, publish, restore, warn_ignored

NODE, SEARCH, CLICK = "ex_node", "ex_search", "ex_graph"
HOPS = {"all": "Whole graph", "1": "1 hop", "2": "2 hops"}


@st.cache_data(show_spinner=False, max_entries=64)
def _picture(
    _graph: nx.MultiDiGraph,
    version: str,
    as_of: int | None,
    setting: str | None,
    scenario: str | None,
    kinds: tuple[str, ...],
    types: tuple[str, ...],
    stages: tuple[str, ...],
    channels_only: bool,
    metric: str,
    centre: str | None,
    hops: int,
) -> tuple[VisGraph, int, int]:
    view = view_of(_graph, version, as_of, setting, scenario)
    shown = filtered(view, kinds=kinds, edge_types=types, stages=stages, channels_only=channels_only)
    if centre and hops and centre in shown:
        shown = shown.subgraph(nx.ego_graph(shown.to_undirected(as_view=True), centre, radius=hops)).copy()
    kind_names = {k: k.replace("_", " ") for k in _graph.graph["dataset"].vocabulary.kinds}
    vis = vis_graph(shown, positions=positions_of(_graph, version), kind_names=kind_names, metric=metric)
    return vis, shown.number_of_nodes(), shown.number_of_edges()


def _select(node: str | None) -> None:
    st.session_state[NODE] = node
    st.session_state[SEARCH] = node


def _on_search() -> None:
    st.session_state[NODE] = st.session_state[SEARCH]


def _on_click() -> None:
    clicked = st.session_state.get(CLICK) or {}
    if clicked.get("node"):
        _select(clicked["node"])


def _params(graph: nx.MultiDiGraph, kinds: list[str], types: list[str]) -> list[Param]:
    return [
        controls.node_param(NODE, "node", graph, None),
        controls.scenario_param("ex_scenario", graph),
        controls.year_param("ex_year"),
        controls.setting_param("ex_setting"),
        Param("ex_metric", "size", "degree", as_choice(METRICS), omit_default=True),
        Param("ex_hops", "hops", "all", as_choice(HOPS), omit_default=True),
        Param("ex_kinds", "kinds", kinds, as_list(kinds), dump_list, omit_default=True),
        Param("ex_types", "types", types, as_list(types), dump_list, omit_default=True),
        Param("ex_stages", "stages", list(STAGES), as_list(STAGES), dump_list, omit_default=True),
        Param("ex_channels", "channels", False, as_choice([True, False]), omit_default=True),
    ]


def _filters(kinds: list[str], types: list[str]) -> None:
    with st.expander("Filter what the graph shows"):
        left, right = st.columns(2)
        left.multiselect("Kinds of node", kinds, key="ex_kinds", format_func=lambda k: k.replace("_", " "))
        right.multiselect("Relation types", types, key="ex_types")
        left.multiselect(
            "Channel stages",
            list(STAGES),
            key="ex_stages",
            help="Channels carry a warning (information), a decision, or its implementation.",
        )
        right.toggle("Only channels (where signals travel)", key="ex_channels")
        controls.setting_select("ex_setting")


def _intro(graph: nx.MultiDiGraph) -> None:
    stats = graph_stats(graph)
    st.markdown("#### How to read it")
    st.markdown(
        "Each **node** is an actor, body, state or document of the UN protection system; its colour and "
        "shape give its kind, its size how connected it is. **Coloured arrows are channels**: the routes a "
        "warning or a decision travels, from green (passes) to dark red (blocked). Hover for details, "
        "**click a node** (or find it above) to open its panel."
    )
    c1, c2, c3 = st.columns(3)
    c1.metric("Nodes", stats["nodes"])
    c2.metric("Relations", stats["edges"])
    c3.metric("Channels", stats["channel_edges"])


def main() -> None:
    graph, version = graph_or_stop()
    kinds = sorted({attrs["kind"] for _, attrs in graph.nodes(data=True)})
    types = sorted({attrs["type"] for *_, attrs in graph.edges(data=True)})
    params = _params(graph, kinds, types)
    ignored = restore(params)
    st.session_state.setdefault(SEARCH, st.session_state.get(NODE))

    st.title("Explore the UN protection system", anchor=False)
    warn_ignored(ignored)
    find, scenario, year, size = st.columns([4, 3, 3, 2], vertical_alignment="bottom")
    with find:
        controls.node_select(graph, SEARCH, "Find a node", on_change=_on_search)
    with scenario:
        controls.scenario_select(graph, "ex_scenario")
    with year:
        controls.year_slider("ex_year", "Show the system as it was in")
    with size:
        st.selectbox(
            "Size nodes by",
            list(METRICS),
            key="ex_metric",
            format_func=METRICS.get,
            help="Degree: how many relations a node has. Betweenness: how often it lies on the "
            "shortest routes between others (a broker).",
        )
    _filters(kinds, types)

    state = st.session_state
    node = state.get(NODE)
    as_of, setting, scenario_id = (
        controls.as_of(state["ex_year"]),
        controls.setting_of(state["ex_setting"]),
        state["ex_scenario"] or None,
    )
    hops = int(state["ex_hops"]) if node and state["ex_hops"] != "all" else 0
    vis, n_nodes, n_edges = _picture(
        graph,
        version,
        as_of,
        setting,
        scenario_id,
        tuple(state["ex_kinds"]),
        tuple(state["ex_types"]),
        tuple(state["ex_stages"]),
        state["ex_channels"],
        state["ex_metric"],
        node,
        hops,
    )
    left, right = st.columns([2, 1.1] if node else [2.8, 1], gap="medium")
    with left:
        graph_component(
            vis, key=CLICK, selected=node, height=640, on_click=_on_click, png_name="un-pathways-explore"
        )
        kind_names = {k: k.replace("_", " ") for k in kinds}
        shown_kinds = {graph.nodes[n["id"]]["kind"] for n in vis.nodes}
        st.html(legend_html(shown_kinds, kind_names))
        where = f"{controls.SETTINGS_SHOWN[state['ex_setting']].lower()}, " + (
            f"as of {as_of}" if as_of else "all years"
        )
        st.caption(
            f"Showing {n_nodes} nodes and {n_edges} relations ({where}"
            + (f", scenario {scenario_id}" if scenario_id else "")
            + ")."
        )
        st.download_button(
            "Download this view as HTML",
            help="A self-contained page that works offline. For a picture, use the PNG button on the graph.",
            data=lambda: standalone_html(vis, f"UN Pathways · {where}", png_name="un-pathways-explore"),
            file_name="un-pathways-graph.html",
            mime="text/html",
            icon=":material/download:",
            on_click="ignore",
        )
    with right:
        if node:
            view = view_of(graph, version, as_of, setting, scenario_id)
            st.segmented_control(
                "Show",
                list(HOPS),
                key="ex_hops",
                format_func=HOPS.get,
                required=True,
                help="Isolate the selected node's neighbourhood.",
            )
            st.button("Clear selection", on_click=_select, args=(None,), icon=":material/close:")
            node_panel(graph, view, node, {k: k.replace("_", " ") for k in kinds}, on_pick=_select)
        else:
            _intro(view_of(graph, version, as_of, setting, scenario_id))
    publish(params)


ensure_router()
main()
