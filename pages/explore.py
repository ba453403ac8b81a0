"""Explore: the whole protection system as an interactive graph, with a details panel."""

from __future__ import annotations

from collections.abc import Callable

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
from un_pathways.ui.graph_data import METRICS, SPRING_MAX, VisGraph, filtered, vis_graph
from un_pathways.ui.graph_style import legend_html, legend_kinds
from un_pathways.ui.graph_toggles import expanded_view_nodes, toggle_expansion, toggle_kind
from un_pathways.ui.label_levels import picture_label_zooms
from un_pathways.ui.layered_layout import bands_caption, bands_of
from un_pathways.ui.layout_choice import (
    LAYOUT_HELP,
    LAYOUTS,
    chosen_layout,
    focused_positions,
    system_positions,
)
from un_pathways.ui.network import graph_component, standalone_html
from un_pathways.ui.routing import ensure_router
from un_pathways.ui.search_box import search_box, show_text
from un_pathways.ui.text import escape_markdown
from un_pathways.ui.theme import DETAILS_FIRST
from un_pathways.ui.url_state import Param, as_choice, as_list, dump_list, publish, restore, warn_ignored

NODE, SEARCH, CLICK, COUNTRY = "ex_node", "ex_search", "ex_graph", "ex_country"
EXPANDED = "ex_expanded"  # the nodes whose neighbours a double-click added to the focused view
HINT = (  # the component adds the keys (not on a phone)
    "Click a node for its details · double-click it to show or hide its neighbours · "
    "drag to pan, scroll to zoom"
)
# The reader's layout choice ("": the view's default) and the buttons that show the layout drawn.
LAYOUT, LAYOUT_PICK = "ex_layout", "ex_layout_pick"
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
    layout: str,
    expanded: tuple[str, ...] = (),
) -> tuple[VisGraph, int, int, str | None]:
    """The picture to draw, the nodes and relations it stands for, and how it was summarised (if it was)."""
    view = view_of(_graph, version, as_of, setting, scenario)
    shown = filtered(view, kinds=kinds, edge_types=types, stages=stages, channels_only=channels_only)
    if country:
        shown = country_view(shown, _countries(_graph, version), country)
    focused, base = False, set()
    if not country and centre and hops and centre in shown:
        base = nodes_within_hops(shown, centre, hops)
        shown = shown.subgraph(expanded_view_nodes(shown, base, expanded)).copy()
        focused = True
    kind_names = {k: k.replace("_", " ") for k in _graph.graph["dataset"].vocabulary.kinds}
    kind_names[CLUSTER_KIND] = "cluster of nodes"
    drawn, grouping = shown, None
    if shown.number_of_nodes() > DRAW_LIMIT:
        whole = positions_of(_graph, version)
        summary = summarised(shown, _countries(_graph, version), _state_names(_graph, version), whole)
        drawn, positions, grouping = summary.drawn, summary.positions, summary.grouping
    elif focused and centre:  # its own picture, not its place in the whole system
        positions = focused_positions(shown, centre, layout, metric, base=base, expanded=expanded)
    else:
        positions = system_positions(_graph, layout, lambda: positions_of(_graph, version))
    focused = focused and grouping is None
    # Rings around a focus draw every label (ui/focus_layout.py made room); elsewhere labels come by zoom.
    zooms = (
        None if grouping or (focused and layout == "rings") else picture_label_zooms(drawn, positions, metric)
    )
    bands = bands_of(drawn) if layout == "layers" and not grouping else None
    vis = vis_graph(
        drawn,
        positions=positions,
        kind_names=kind_names,
        metric=metric,
        focused=focused,
        label_zooms=zooms,
        bands=bands,
    )
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
    if node != st.session_state.get(NODE):
        st.session_state[EXPANDED] = []  # expansions belong to the neighbourhood they grew
    st.session_state[NODE] = node
    graph = graph_or_stop()[0]
    show_text(SEARCH, graph.nodes[node]["name"] if node in graph else "")


def _open_found(node: str) -> None:
    if node != st.session_state.get(NODE):
        st.session_state[EXPANDED] = []
    st.session_state[NODE] = node


def _expand(node: str) -> None:
    """A double-click: in a focused view, show or hide ``node``'s neighbours; elsewhere focus on it."""
    state = st.session_state
    if state.get(NODE) and state.get("ex_hops", "all") != "all":
        state[EXPANDED] = toggle_expansion(state.get(EXPANDED, []), node)
    else:
        _select(node)
        state["ex_hops"] = "1"


def _on_click() -> None:
    event = st.session_state.get(CLICK) or {}
    if event.get("event") == "kind" and event.get("kind"):  # a kind pressed in the legend
        st.session_state["ex_kinds"] = toggle_kind(st.session_state.get("ex_kinds", []), event["kind"])
        return
    clicked = event.get("node")
    if not clicked:
        return
    if event.get("event") == "expand" and not clicked.startswith("cluster:"):
        _expand(clicked)
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
        Param(EXPANDED, "expand", [], as_list(graph), dump_list, omit_default=True),
        Param(LAYOUT, "layout", "", as_choice(["", *LAYOUTS]), omit_default=True),
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


def _pick_layout() -> None:
    st.session_state[LAYOUT] = st.session_state[LAYOUT_PICK]


def _layout_select(layout: str) -> None:
    """The layout buttons, showing the layout drawn (the reader's choice, else the view's default)."""
    st.session_state[LAYOUT_PICK] = layout
    st.segmented_control(
        "Layout",
        list(LAYOUTS),
        key=LAYOUT_PICK,
        format_func=LAYOUTS.get,
        required=True,
        on_change=_pick_layout,
        help=LAYOUT_HELP,
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


def _kind_name(kind: str) -> str:
    return kind.replace("_", " ")


def _keep_only(picker: str, chosen_key: str) -> None:
    """The filter keeps just the option picked; the picker empties again, ready for the next one."""
    picked = st.session_state.get(picker)
    if picked is not None:
        st.session_state[chosen_key] = [picked]
        st.session_state[picker] = None


def _show_all(chosen_key: str, options: list[str]) -> None:
    st.session_state[chosen_key] = list(options)


def _only_this(what: str, chosen_key: str, options: list[str], name: Callable[[str], str]) -> None:
    """Under a filter: "Show only one ..." (a pick keeps just that one) and "Show all ..." (clears it)."""
    picker = f"{chosen_key}_only"
    pick, clear = st.columns([3, 2], vertical_alignment="bottom")
    pick.selectbox(
        f"Show only one {what}",
        options,
        index=None,
        key=picker,
        format_func=name,
        placeholder=f"Pick a {what} to show it alone",
        on_change=_keep_only,
        args=(picker, chosen_key),
    )
    every = len(st.session_state.get(chosen_key, options)) == len(options)
    clear.button(
        f"Show all {what}s",
        key=f"{chosen_key}_all",
        on_click=_show_all,
        args=(chosen_key, options),
        disabled=every,
        help=f"Clear this filter: every {what} again.",
    )


def _filters(
    kinds: list[str], types: list[str], graph: nx.MultiDiGraph, countries: list[str], big: bool
) -> None:
    if big and countries:
        _country_select(graph, countries, big)
    with st.expander("Filter what the graph shows"):
        left, right = st.columns(2)
        with left:
            st.multiselect("Kinds of node", kinds, key="ex_kinds", format_func=_kind_name)
            _only_this("kind", "ex_kinds", kinds, _kind_name)
        with right:
            st.multiselect("Relation types", types, key="ex_types")
            _only_this("relation type", "ex_types", types, str)
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


def _gestures(graph: nx.MultiDiGraph, kinds: list[str], drawn: set[str]) -> dict:
    """What the graph component offers beyond a click: double-click to expand, a legend that hides kinds.

    A double-click in the whole graph opens the node's 1-hop neighbourhood (see ``_expand``).
    """
    kind_names = {k: _kind_name(k) for k in kinds} | {CLUSTER_KIND: "cluster of nodes"}
    drawn_kinds = {graph.nodes[n]["kind"] if n in graph else CLUSTER_KIND for n in drawn}
    hidden = set(kinds) - set(st.session_state["ex_kinds"])
    return {
        "expandable": True,
        "kind_legend": legend_kinds(drawn_kinds, hidden, kind_names, toggleable=kinds),
        "hint": HINT,
    }


def _expansion_note(graph: nx.MultiDiGraph, expanded: list[str], drawn: set[str]) -> str:
    """Which nodes a double-click expanded (those shown), for the caption under the graph."""
    names = [escape_markdown(graph.nodes[n]["name"]) for n in expanded if n in drawn and n in graph]
    if not names:
        return ""
    return f" With the neighbours of {', '.join(names)} (double-click again to take them away)."


def _intro(graph: nx.MultiDiGraph) -> None:
    stats = graph_stats(graph)
    st.markdown("#### How to read it")
    st.markdown(
        "Each **node** is an actor, body, state or document of the UN protection system; its colour and "
        "shape give its kind, its size how connected it is. **Coloured arrows are channels**: the routes a "
        "warning or a decision travels, from solid blue (passes) to dotted dark red (blocked), thicker "
        "and more broken the harder it is. Hover for details, "
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
    layout = chosen_layout(state[LAYOUT], focused=bool(hops) and not state[COUNTRY])
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
        layout,
        tuple(state[EXPANDED]) if hops else (),
    )
    if grouping:
        _summary_notice(n_nodes, n_edges, grouping)
    drawn_ids = {n["id"] for n in vis.nodes}
    highlighted = node if node in drawn_ids or not node else f"cluster:{_countries(graph, version).get(node)}"
    left, right = st.columns([2, 1.1] if node else [2.8, 1], gap="medium")
    with left:
        if not grouping and (hops or graph.number_of_nodes() <= SPRING_MAX):  # big graphs keep theirs
            _layout_select(layout)
        graph_component(
            vis,
            key=CLICK,
            selected=highlighted,
            focus=not (node and hops),  # a neighbourhood is its own picture: show all of it
            height=640,
            on_click=_on_click,
            png_name="un-pathways-explore",
            **_gestures(graph, kinds, drawn_ids),
            expanded=list(state[EXPANDED]) if hops else [],
        )
        kind_names = {k: k.replace("_", " ") for k in kinds} | {CLUSTER_KIND: "cluster of nodes"}
        shown_kinds = {graph.nodes[n]["kind"] if n in graph else CLUSTER_KIND for n in drawn_ids}
        if layout == "layers" and not grouping:
            st.caption(bands_caption())
        st.html(legend_html([], kind_names))  # the kinds: clickable, in the graph component
        where = f"{controls.SETTINGS_SHOWN[state['ex_setting']].lower()}, " + (
            f"as of {as_of}" if as_of else "all years"
        )
        st.caption(
            f"Showing {n_nodes} nodes and {n_edges} relations ({where}"
            + (f", scenario {escape_markdown(scenario_id)}" if scenario_id else "")
            + ")."
            + _expansion_note(graph, state[EXPANDED] if hops else [], drawn_ids)
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
            positions = system_positions(graph, layout, lambda: positions_of(graph, version))
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
