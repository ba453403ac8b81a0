"""Explore: the whole protection system as an interactive graph, with a details panel."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from un_pathways.graph.model import STAGES
from un_pathways.graph.overview import CLUSTER_KIND, country_groups, nodes_within_hops
from un_pathways.graph.stats import graph_stats
from un_pathways.ui import controls
from un_pathways.ui.big_graph import DRAW_LIMIT, country_view, summarised
from un_pathways.ui.data import graph_or_stop, positions_of, view_of
from un_pathways.ui.details import node_panel
from un_pathways.ui.figure_exports import view_downloads
from un_pathways.ui.focus_layout import focus_positions
from un_pathways.ui.graph_data import METRICS, VisGraph, filtered, vis_graph
from un_pathways.ui.graph_style import legend_html
from un_pathways.ui.network import graph_component, standalone_html
from un_pathways.ui.routing import ensure_router
from un_pathways.ui.search_box import search_box, show_text
from un_pathways.ui.text import escape_markdown
from un_pathways.ui.theme import DETAILS_FIRST
from un_pathways.ui.url_state import Param, as_choice, as_list, dump_list, publish, restore, warn_ignored

NODE, SEARCH, CLICK, COUNTRY = "ex_node", "ex_search", "ex_graph", "ex_country"
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
    country: str | None,
) -> tuple[VisGraph, int, int, str | None]:
    """The picture to draw, the nodes and relations it stands for, and how it was summarised (if it was)."""
    view = view_of(_graph, version, as_of, setting, scenario)
    shown = filtered(view, kinds=kinds, edge_types=types, stages=stages, channels_only=channels_only)
    if country:
        shown = country_view(shown, _countries(_graph, version), country)
    focused = False
    if not country and centre and hops and centre in shown:
        shown = shown.subgraph(nodes_within_hops(shown, centre, hops)).copy()
        focused = True
    kind_names = {k: k.replace("_", " ") for k in _graph.graph["dataset"].vocabulary.kinds}
    kind_names[CLUSTER_KIND] = "cluster of nodes"
    positions, drawn, grouping = positions_of(_graph, version), shown, None
    if shown.number_of_nodes() > DRAW_LIMIT:
        summary = summarised(shown, _countries(_graph, version), _state_names(_graph, version), positions)
        drawn, positions, grouping = summary.drawn, summary.positions, summary.grouping
    if focused and shown.number_of_nodes() <= DRAW_LIMIT:  # its own picture, labels clear of each other
        positions = focus_positions(shown, centre, metric)
    focused = focused and grouping is None
    vis = vis_graph(drawn, positions=positions, kind_names=kind_names, metric=metric, focused=focused)
    return vis, shown.number_of_nodes(), shown.number_of_edges(), grouping


@st.cache_resource(show_spinner=False, max_entries=4)
def _countries(_graph: nx.MultiDiGraph, version: str) -> dict[str, str]:
    """Which country each node belongs to, worked out once per data version."""
    return country_groups(_graph)


@st.cache_resource(show_spinner=False, max_entries=4)
def _state_names(_graph: nx.MultiDiGraph, version: str) -> dict[str, str]:
    return {state: _graph.nodes[state]["name"] for state in set(_countries(_graph, version).values())}


def _select(node: str | None) -> None:
    """Open ``node`` (None: close the panel); the search box then shows its name."""
    st.session_state[NODE] = node
    graph = graph_or_stop()[0]
    show_text(SEARCH, graph.nodes[node]["name"] if node in graph else "")


def _open_found(node: str) -> None:
    st.session_state[NODE] = node


def _on_click() -> None:
    clicked = (st.session_state.get(CLICK) or {}).get("node")
    if not clicked:
        return
    if clicked.startswith("cluster:kind:"):  # a whole kind: show only that kind
        st.session_state["ex_kinds"] = [clicked.removeprefix("cluster:kind:")]
    elif clicked.startswith("cluster:"):  # a country: show it in full
        st.session_state[COUNTRY] = clicked.removeprefix("cluster:")
        _select(None)
    else:
        _select(clicked)


def _params(graph: nx.MultiDiGraph, kinds: list[str], types: list[str], countries: list[str]) -> list[Param]:
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
        Param(COUNTRY, "country", "", as_choice(["", *countries]), omit_default=True),
    ]


def _country_select(graph: nx.MultiDiGraph, countries: list[str], big: bool) -> None:
    everything = "All countries, each as one cluster" if big else "All countries"
    st.selectbox(
        "Show one country in full",
        ["", *countries],
        key=COUNTRY,
        format_func=lambda state: graph.nodes[state]["name"] if state else everything,
        help="A country: its member state, the presences and missions it hosts, and what those touch.",
    )


def _summary_notice(n_nodes: int, n_edges: int, grouping: str) -> None:
    grouped = (
        "each country is drawn as one cluster"
        if grouping == "country"
        else "each kind of node is one cluster"
    )
    st.info(
        f"This view holds {n_nodes:,} nodes and {n_edges:,} relations, more than a browser draws smoothly "
        f"({DRAW_LIMIT:,} nodes), so {grouped} (hexagons; merged arrows keep their type and friction). "
        "Click a cluster or pick a country to see it in full, or find a node and isolate its neighbourhood.",
        icon=":material/bubble_chart:",
    )


def _filters(
    kinds: list[str], types: list[str], graph: nx.MultiDiGraph, countries: list[str], big: bool
) -> None:
    if big and countries:
        _country_select(graph, countries, big)
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
        if countries and not big:
            _country_select(graph, countries, big)


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


def _slide_title(graph: nx.MultiDiGraph, node: str | None, hops: int) -> str:
    if node and hops and node in graph:
        return f"{graph.nodes[node]['name']}: what lies within {hops} {'hop' if hops == 1 else 'hops'}"
    return "The UN protection system"


def main() -> None:
    graph, version = graph_or_stop()
    kinds = sorted({attrs["kind"] for _, attrs in graph.nodes(data=True)})
    types = sorted({attrs["type"] for *_, attrs in graph.edges(data=True)})
    countries = sorted(set(_countries(graph, version).values()), key=lambda c: graph.nodes[c]["name"])
    params = _params(graph, kinds, types, countries)
    ignored = restore(params)
    if SEARCH not in st.session_state:  # a shared link: the box shows the node it opened
        opened = st.session_state[NODE]
        st.session_state[SEARCH] = graph.nodes[opened]["name"] if opened else ""

    st.title("Explore the UN protection system", anchor=False)
    warn_ignored(ignored)
    find, scenario, year, size = st.columns([4, 3, 3, 2], vertical_alignment="bottom")
    results = st.container()
    with find:
        search_box(graph, SEARCH, "Find a node", on_pick=_open_found, results=results)
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
    big = graph.number_of_nodes() > DRAW_LIMIT
    _filters(kinds, types, graph, countries, big)

    state = st.session_state
    node = state.get(NODE)
    as_of, setting, scenario_id = (
        controls.as_of(state["ex_year"]),
        controls.setting_of(state["ex_setting"]),
        state["ex_scenario"] or None,
    )
    hops = int(state["ex_hops"]) if node and state["ex_hops"] != "all" else 0
    vis, n_nodes, n_edges, grouping = _picture(
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
        state[COUNTRY] or None,
    )
    if grouping:
        _summary_notice(n_nodes, n_edges, grouping)
    drawn_ids = {n["id"] for n in vis.nodes}
    highlighted = node if node in drawn_ids or not node else f"cluster:{_countries(graph, version).get(node)}"
    left, right = st.columns([2, 1.1] if node else [2.8, 1], gap="medium")
    with left:
        graph_component(
            vis,
            key=CLICK,
            selected=highlighted,
            focus=not (node and hops),  # a neighbourhood is its own picture: show all of it
            height=640,
            on_click=_on_click,
            png_name="un-pathways-explore",
        )
        kind_names = {k: k.replace("_", " ") for k in kinds} | {CLUSTER_KIND: "cluster of nodes"}
        shown_kinds = {graph.nodes[n]["kind"] if n in graph else CLUSTER_KIND for n in drawn_ids}
        st.html(legend_html(shown_kinds, kind_names))
        where = f"{controls.SETTINGS_SHOWN[state['ex_setting']].lower()}, " + (
            f"as of {as_of}" if as_of else "all years"
        )
        st.caption(
            f"Showing {n_nodes} nodes and {n_edges} relations ({where}"
            + (f", scenario {escape_markdown(scenario_id)}" if scenario_id else "")
            + ")."
        )
        st.download_button(
            "Download this view as HTML",
            help="A self-contained page with its title and legend that works offline.",
            data=lambda: standalone_html(
                vis,
                f"UN Pathways · {where}",
                png_name="un-pathways-explore",
                title=_slide_title(graph, node, hops),
                legend=legend_html(shown_kinds, kind_names),
            ),
            file_name="un-pathways-graph.html",
            mime="text/html",
            icon=":material/download:",
            on_click="ignore",
        )
        if not grouping and not state[COUNTRY]:
            # Read now: the picture is drawn on click, outside the page's run, where session state is not.
            configured = view_of(graph, version, as_of, setting, scenario_id)
            positions = positions_of(graph, version)
            chosen = {
                "kinds": tuple(state["ex_kinds"]),
                "edge_types": tuple(state["ex_types"]),
                "stages": tuple(state["ex_stages"]),
                "channels_only": bool(state["ex_channels"]),
            }
            view_downloads(
                lambda: filtered(configured, **chosen),
                lambda: positions,
                node,
                hops,
                _slide_title(graph, node, hops),
                f"UN Pathways · {where}" + (f", scenario {scenario_id}" if scenario_id else ""),
            )
    with right:
        if node:  # on a phone, where the columns stack, this column comes first (ui/theme.py)
            view = view_of(graph, version, as_of, setting, scenario_id)
            with st.container(key=f"ex_{DETAILS_FIRST}"):
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
