"""Pathways: how a warning travels from one actor to another, and where it stalls."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import streamlit as st

from un_pathways.graph.errors import PathwaysError
from un_pathways.graph.settings import DEFAULT_FRICTION_PASS, SETTINGS
from un_pathways.ui import controls
from un_pathways.ui.analysis import analyse, bottlenecks_of, compare, robustness_of_pathway
from un_pathways.ui.data import graph_or_stop, node_label, scenario_label, view_of
from un_pathways.ui.details import node_panel
from un_pathways.ui.figure_exports import pathway_downloads
from un_pathways.ui.graph_data import vis_graph
from un_pathways.ui.network import graph_component
from un_pathways.ui.pathway_view import bottleneck_frames, pathway_block, reach_metric, robustness_note
from un_pathways.ui.regrade import FRICTION, OVERRIDES, channel_keys, regrade_panel
from un_pathways.ui.routing import ensure_router
from un_pathways.ui.search_box import node_picker, pick_node
from un_pathways.ui.text import escape_markdown as esc
from un_pathways.ui.theme import DETAILS_FIRST
from un_pathways.ui.url_state import (
    Param,
    as_choice,
    as_float,
    as_int,
    as_json_probabilities,
    dump_json,
    publish,
    restore,
    warn_ignored,
)

SOURCE, TARGET, NODE, CLICK = "pw_source", "pw_target", "pw_node", "pw_graph"
DEFAULT_SOURCE, DEFAULT_TARGET = "field.unct.sri-lanka", "un.security-council"
MODES = {"one": "One view", "compare": "Compare A/B"}


def _default(graph: nx.MultiDiGraph, wanted: str, position: int) -> str:
    if wanted in graph:
        return wanted
    ordered = sorted(graph, key=lambda n: graph.nodes[n]["name"].casefold())
    return ordered[min(position, len(ordered) - 1)]


def _params(graph: nx.MultiDiGraph) -> list[Param]:
    return [
        controls.node_param(SOURCE, "source", graph, _default(graph, DEFAULT_SOURCE, 0)),
        controls.node_param(TARGET, "target", graph, _default(graph, DEFAULT_TARGET, 1)),
        controls.node_param(NODE, "node", graph, None),
        Param("pw_mode", "mode", "one", as_choice(MODES), omit_default=True),
        Param("pw_k", "k", SETTINGS["k_paths"].default, as_int(1, 10)),
        Param("pw_threshold", "threshold", SETTINGS["stall_threshold"].default, as_float(0, 1)),
        controls.setting_param("pw_setting"),
        Param(FRICTION, "friction", {}, as_json_probabilities(DEFAULT_FRICTION_PASS), dump_json),
        Param(OVERRIDES, "edges", {}, as_json_probabilities(channel_keys(graph)), dump_json),
    ]


def _side_params(graph: nx.MultiDiGraph, compare_mode: bool) -> list[Param]:
    if not compare_mode:
        return [
            controls.scenario_param("pw_scenario", graph, "pre_hruf"),
            controls.year_param("pw_year", 2009),
        ]
    return [
        controls.scenario_param("pw_a_scenario", graph, "pre_hruf", name="a_scenario"),
        controls.year_param("pw_a_year", 2009, name="a_year"),
        controls.scenario_param("pw_b_scenario", graph, "hruf", name="b_scenario"),
        controls.year_param("pw_b_year", 2009, name="b_year"),
    ]


def _swap() -> None:
    graph, state = graph_or_stop()[0], st.session_state
    source, target = state[SOURCE], state[TARGET]
    pick_node(graph, SOURCE, target)
    pick_node(graph, TARGET, source)


def _open(node: str | None) -> None:
    """Show ``node``'s details beside the graph (None: close them)."""
    st.session_state[NODE] = node


def _on_click() -> None:
    clicked = (st.session_state.get(CLICK) or {}).get("node")
    if clicked:
        _open(clicked)


def _names(graph: nx.MultiDiGraph) -> dict[str, str]:
    return {n: a.get("short") or a["name"] for n, a in graph.nodes(data=True)}


def _pathway_picture(view: nx.MultiDiGraph, paths: list[dict], kind_names: dict[str, str]):
    shown = nx.MultiDiGraph(**view.graph)
    emphasis, labels = {}, {}
    for rank, path in enumerate(paths):
        stall = path["stall"]["hop_index"] if path.get("stall") else None
        for index, hop in enumerate(path["hops"]):
            for end in (hop["from"], hop["to"]):
                shown.add_node(end, **view.nodes[end])
            shown.add_edge(
                hop["from"], hop["to"], key=hop["key"], **view.edges[hop["from"], hop["to"], hop["key"]]
            )
            emphasis.setdefault(hop["key"], 7 if rank == 0 else 3.5)
            if rank == 0 or hop["key"] not in labels:
                labels[hop["key"]] = f"{hop['pass_probability']:.0%}" + (
                    " · stalls" if index == stall else ""
                )
    probabilities = {h["key"]: h["pass_probability"] for p in paths for h in p["hops"]}
    return vis_graph(
        shown,
        positions=None,
        kind_names=kind_names,
        metric="uniform",
        emphasis=emphasis,
        probabilities=probabilities,
        edge_labels=labels,
    )


def _stall_summary(result: dict, names: dict[str, str], target: str) -> None:
    if not result["paths"]:
        st.warning(
            f"No channel route leads to {esc(names[target])} in this configuration.", icon=":material/block:"
        )
        return
    best = result["paths"][0]
    stall = best.get("stall")
    if stall:
        mechanisms = esc(", ".join(m.replace("_", " ") for m in stall["mechanism"] if m != "none"))
        st.error(
            f"Model estimate: **The best pathway stalls** between **{esc(names[stall['from']])}** "
            f"and **{esc(names[stall['to']])}** ({stall['stage']} stage; the curators grade this channel's "
            f"friction {stall['friction']} and name what holds it up: {mechanisms}).",
            icon=":material/block:",
        )
    else:
        st.success(
            f"Model estimate: **The best pathway gets through**, with a signal of {best['signal']:.2f} "
            f"at {esc(names[target])}.",
            icon=":material/check_circle:",
        )


def _single(graph, version, source, target, friction, overrides, names, kind_names) -> None:
    state = st.session_state
    scenario, year = state["pw_scenario"] or None, controls.as_of(state["pw_year"])
    setting = controls.setting_of(state["pw_setting"])
    result = analyse(
        graph,
        version,
        source,
        target,
        year,
        setting,
        scenario,
        state["pw_k"],
        state["pw_threshold"],
        friction,
        overrides,
    )
    robust = robustness_of_pathway(
        graph, version, source, target, year, setting, scenario, state["pw_threshold"], friction, overrides
    )
    metric, summary = st.columns([1, 2.2], vertical_alignment="center")
    with metric:
        reach_metric(result["reach"], names[target])
    with summary:
        _stall_summary(result, names, target)
        st.caption(
            f"{esc(scenario_label(graph, scenario))} · as of {result['as_of'] or 'every year'} · "
            f"{controls.SETTINGS_SHOWN[state['pw_setting']].lower()}"
        )
    if result["paths"]:
        robustness_note(robust, "stall", names)
    paths_tab, bottleneck_tab, graph_tab = st.tabs(
        [f"Pathways ({len(result['paths'])})", "Bottlenecks", "On the graph"]
    )
    with paths_tab:
        for number, path in enumerate(result["paths"], 1):
            pathway_block(number, path, names, state["pw_threshold"], key=f"path{number}")
    with bottleneck_tab:
        found = bottlenecks_of(graph, version, source, target, year, setting, scenario, friction, overrides)
        _bottleneck_tables(found, names)
    with graph_tab:
        if result["paths"]:
            view = view_of(graph, version, year, setting, scenario)
            _graph_with_details(graph, view, result["paths"], kind_names)
            pathway_downloads(
                view,
                result["paths"],
                f"From {names[source]} to {names[target]}",
                f"{scenario_label(graph, scenario)} · as of {result['as_of'] or 'every year'} · "
                f"{controls.SETTINGS_SHOWN[state['pw_setting']].lower()} · "
                f"stall threshold {state['pw_threshold']:.2f}",
            )


def _graph_with_details(
    graph: nx.MultiDiGraph, view: nx.MultiDiGraph, paths: list[dict], kind_names: dict[str, str]
) -> None:
    """The pathways drawn, and beside them the details of the node last clicked (as on Explore)."""
    picture = _pathway_picture(view, paths, kind_names)
    node = st.session_state.get(NODE)
    drawing, details = st.columns([2, 1.1], gap="medium")
    with drawing:
        graph_component(
            picture,
            key=CLICK,
            selected=node if node in {n["id"] for n in picture.nodes} else None,
            focus=False,  # the whole pathway stays in view
            height=400,
            on_click=_on_click,
            png_name="un-pathways-pathways",
        )
        st.caption(
            "Thick: the most reliable pathway; thin: the others. Labels give each hop's chance to pass "
            "and where the signal stalls."
        )
    with details:
        if node in graph:
            with st.container(key=f"pw_{DETAILS_FIRST}"):
                st.button("Close the details", on_click=_open, args=(None,), icon=":material/close:")
                node_panel(graph, view, node, kind_names, on_pick=_open)
        else:
            st.caption(
                "Click a node on the graph to see its details here: what it is, its sources, its relations."
            )


def _bottleneck_tables(found: dict, names: dict[str, str]) -> None:
    edges, actors = bottleneck_frames(found, names)
    through = ", ".join(esc(names.get(n, n)) for n in found["every_route_through"]) or "no single actor"
    st.markdown(
        f"**Every route passes through:** {through}. **Smallest cut:** "
        + (", ".join(f"{esc(names[c['from']])} → {esc(names[c['to']])}" for c in found["min_cut"]) or "none")
    )
    percent = st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0)
    st.dataframe(
        edges,
        hide_index=True,
        width="stretch",
        column_config={"reach lost if removed": percent, "reach gained if repaired": percent},
    )
    st.dataframe(actors, hide_index=True, width="stretch", column_config={"reach lost if removed": percent})


def _compare(graph, version, source, target, friction, overrides, names) -> None:
    state = st.session_state
    setting = controls.setting_of(state["pw_setting"])
    first = (state["pw_a_scenario"] or None, controls.as_of(state["pw_a_year"]), setting)
    second = (state["pw_b_scenario"] or None, controls.as_of(state["pw_b_year"]), setting)
    result = compare(
        graph,
        version,
        source,
        target,
        first,
        second,
        state["pw_k"],
        state["pw_threshold"],
        friction,
        overrides,
    )
    a_col, b_col = st.columns(2, gap="large")
    for column, side, label in ((a_col, result["first"], "A"), (b_col, result["second"], "B")):
        with column:
            delta = result["reach_change"] if label == "B" else None
            reach_metric(
                side["reach"],
                names[target],
                delta,
                label=f"{label}: chance the signal reaches {names[target]}",
            )
            config = side["configuration"]
            st.caption(
                f"{esc(scenario_label(graph, config['scenario']))} · "
                f"as of {config['as_of'] or 'the scenario year'}"
                + (f" · {len(config['overrides'])} channel(s) re-graded" if config["overrides"] else "")
            )
            if side["paths"]:
                scenario, year, _ = first if label == "A" else second
                robust = robustness_of_pathway(
                    graph,
                    version,
                    source,
                    target,
                    year,
                    setting,
                    scenario,
                    state["pw_threshold"],
                    friction,
                    overrides if label == "B" else "{}",
                )
                robustness_note(robust, "stall", names)
                pathway_block(1, side["paths"][0], names, state["pw_threshold"], key=f"cmp{label}")
            else:
                st.warning("No channel route in this configuration.")
    moved = "The stall point **moved**." if result["stall_moved"] else "The stall point did not move."
    st.markdown(f"**Reach changes by {result['reach_change'] * 100:+.1f} points.** {moved}")
    rows = [
        {
            "channel": f"{names.get(c['from'], c['from'])} → {names.get(c['to'], c['to'])}",
            "relation": c["type"],
            "A": _state_text(c["first"]),
            "B": _state_text(c["second"]),
            "why (B)": ", ".join(c["second"]["mechanism"] or c["first"]["mechanism"] or []),
        }
        for c in result["changed_edges"]
    ]
    st.markdown(f"**Channels that differ** ({len(rows)})")
    frame = pd.DataFrame(rows, columns=["channel", "relation", "A", "B", "why (B)"])
    st.dataframe(
        frame.style.set_properties(subset=["B"], **{"background-color": "#fff3cd", "font-weight": "bold"}),
        hide_index=True,
        width="stretch",
    )


def _state_text(state: dict) -> str:
    if not state["present"]:
        return "absent"
    return f"{state['friction']} ({state['pass_probability']:.0%})"


def main() -> None:
    graph, version = graph_or_stop()
    params = _params(graph)
    ignored = restore(params)
    compare_mode = st.session_state["pw_mode"] == "compare"
    side = _side_params(graph, compare_mode)
    ignored += restore(side)

    st.title("Where does the warning stall?", anchor=False)
    warn_ignored(ignored)
    # Top-aligned, so each picker's list of other matches opens right under it (on a phone too);
    # the swap button, which has no label, is lowered to the boxes by ui/theme.py.
    src, swap, dst, k, threshold = st.columns([4, 0.7, 4, 1.4, 2])
    with src:
        node_picker(graph, SOURCE, "From (where the warning starts)")
    swap.button("⇄", on_click=_swap, help="Swap source and target", key="pw_swap")
    with dst:
        node_picker(graph, TARGET, "To (who must hear it)")
    k.number_input("Pathways", 1, 10, key="pw_k", help="How many most reliable pathways to show.")
    threshold.slider(
        "Stall threshold", 0.0, 1.0, step=0.05, key="pw_threshold", help=SETTINGS["stall_threshold"].help
    )
    mode, *config = st.columns([2.2, 3, 3, 2], vertical_alignment="bottom")
    mode.segmented_control("Mode", list(MODES), key="pw_mode", format_func=MODES.get, required=True)
    if compare_mode:
        with config[0]:
            controls.scenario_select(graph, "pw_a_scenario", "A: scenario")
            controls.year_slider("pw_a_year", "A: as of", "Scenario's own year")
        with config[1]:
            controls.scenario_select(graph, "pw_b_scenario", "B: scenario")
            controls.year_slider("pw_b_year", "B: as of", "Scenario's own year")
    else:
        with config[0]:
            controls.scenario_select(graph, "pw_scenario")
        with config[1]:
            controls.year_slider("pw_year", "As of", "Scenario's own year")
    with config[2]:
        controls.setting_select("pw_setting")
    state = st.session_state
    source, target = state[SOURCE], state[TARGET]
    view = view_of(
        graph,
        version,
        None if compare_mode else controls.as_of(state["pw_year"]),
        controls.setting_of(state["pw_setting"]),
        None if compare_mode else state["pw_scenario"] or None,
    )
    regrade_panel(view, channel_keys(graph))
    friction, overrides = (
        json.dumps(state[FRICTION], sort_keys=True),
        json.dumps(state[OVERRIDES], sort_keys=True),
    )
    names = _names(graph)
    kind_names = {k: k.replace("_", " ") for k in graph.graph["dataset"].vocabulary.kinds}
    publish(params + side)
    if source == target:
        st.info(f"Pick two different actors: both ends are {esc(node_label(graph, source))}.")
        return
    try:
        if compare_mode:
            _compare(graph, version, source, target, friction, overrides, names)
        else:
            _single(graph, version, source, target, friction, overrides, names, kind_names)
    except PathwaysError as exc:
        st.error(esc(exc), icon=":material/error:")


ensure_router()
main()
