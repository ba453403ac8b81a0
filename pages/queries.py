"""Queries: the saved query library (Cypher and its answer), and ad-hoc Cypher on Neo4j."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import streamlit as st

from un_pathways.graph.errors import ConnectionFailed, PathwaysError, QueryError
from un_pathways.queries.saved import CATEGORIES, SavedQuery, bind_parameters, coerce_parameters
from un_pathways.ui import backend
from un_pathways.ui.copy_button import copy_button
from un_pathways.ui.data import graph_or_stop, positions_of, saved_queries
from un_pathways.ui.graph_data import vis_graph
from un_pathways.ui.network import graph_component
from un_pathways.ui.query_view import (
    cypher_with_params,
    empty_result_reason,
    free_text_list,
    node_ids_in,
    parameter_widget,
    result_frame,
    result_json,
    truncation_notice,
    widget_key,
)
from un_pathways.ui.regrade import FRICTION
from un_pathways.ui.routing import ensure_router
from un_pathways.ui.small_layout import SMALL_VIEW_MAX_NODES, small_view_layout
from un_pathways.ui.text import escape_markdown
from un_pathways.ui.url_state import Param, as_choice, publish, restore, warn_ignored

CHOSEN = "q_name"


@st.cache_data(show_spinner="Running the query…", max_entries=256, ttl=600)
def _run_saved(
    _backend, backend_id: str, version: str, name: str, params_json: str, friction_json: str
) -> dict:
    query = saved_queries()[name]
    return _backend.run_saved(query, json.loads(params_json), friction=json.loads(friction_json)).to_dict()


def _backend_id(engine) -> str:
    return (
        f"{engine.name}:{getattr(engine, 'uri', '')}:{getattr(engine, 'database', '') or ''}"
        f":{engine.row_limit}:{getattr(engine, 'timeout_s', '')}"
    )


def _choose(name: str) -> None:
    st.session_state[CHOSEN] = name
    for key in [k for k in st.query_params if k.startswith("p.")]:
        del st.query_params[key]


def _in_widget_form(graph: nx.MultiDiGraph, query: SavedQuery, name: str, value: Any) -> Any:
    if free_text_list(graph, query.parameters[name]) and isinstance(value, list):
        return ", ".join(map(str, value))
    return value


def _param_specs(graph: nx.MultiDiGraph, query: SavedQuery) -> list[Param]:
    specs = []
    for name, spec in query.parameters.items():

        def parse(raw: str, name: str = name, spec: Any = spec) -> Any:
            try:
                value = coerce_parameters(query, {name: raw})[name]
            except PathwaysError as exc:
                raise ValueError(str(exc)) from None
            if (
                spec.type == "string"
                and spec.allowed is None
                and isinstance(spec.default, str)
                and spec.default in graph
                and value not in graph
            ):
                raise ValueError("is not a node of the data")
            return _in_widget_form(graph, query, name, value)

        dump = (lambda v: ",".join(v)) if spec.type == "list" and not free_text_list(graph, spec) else str
        specs.append(
            Param(
                widget_key(query, name),
                f"p.{name}",
                _in_widget_form(graph, query, name, spec.default),
                parse,
                dump,
            )
        )
    return specs


def _library_list(library: dict[str, SavedQuery], chosen: str) -> None:
    with st.container(height=640, border=False):
        for category in CATEGORIES:
            members = [q for q in library.values() if q.category == category]
            if not members:
                continue
            st.markdown(f"**{category}**")
            for query in members:
                st.button(
                    query.title,
                    key=f"qbtn_{query.name}",
                    on_click=_choose,
                    args=(query.name,),
                    type="primary" if query.name == chosen else "tertiary",
                    width="stretch",
                )


def _result_layout(
    sub: nx.MultiDiGraph, graph: nx.MultiDiGraph, version: str
) -> dict[str, tuple[float, float]]:
    """A result's own layout when it is small enough to lay out on a click; else the whole-graph positions."""
    if sub.number_of_nodes() <= SMALL_VIEW_MAX_NODES:
        return small_view_layout(sub)
    return positions_of(graph, version)


def _show_result(graph, version, query_name: str, params: dict, result: dict, key: str) -> None:
    limit = "size" if result.get("cut_at") == "size" else "row"
    cut = f" (cut at the {limit} limit)" if result["truncated"] else ""
    st.caption(f"{len(result['rows'])} row(s){cut} · {result['backend']} · {result['elapsed_ms']:.0f} ms")
    truncation_notice(result)
    ids = node_ids_in(result["rows"], graph)
    show_ids = bool(ids) and st.toggle(
        "Show ids", key=f"{key}_ids", help="Node ids (as in the data and in Cypher) beside the names."
    )
    frame = result_frame(result, graph, show_ids=show_ids)
    tabs = st.tabs(["Table", f"Graph ({len(ids)} nodes)" if ids else "Graph (no node ids)"])
    with tabs[0]:
        rows_shown = max(len(frame), 1)  # an empty table still needs a row for its "empty" line
        st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * rows_shown, 480))
    with tabs[1]:
        if ids:
            sub = nx.MultiDiGraph(graph.subgraph(ids))
            kind_names = {k: k.replace("_", " ") for k in graph.graph["dataset"].vocabulary.kinds}
            graph_component(
                vis_graph(sub, positions=_result_layout(sub, graph, version), kind_names=kind_names),
                key=f"{key}_graph",
                height=460,
                png_name=f"un-pathways-{key}",
                hint="Click a node to light up its links · drag to pan · scroll to zoom",
            )
        else:
            st.caption("This result holds no node ids, so there is nothing to draw.")
    row = st.container(horizontal=True)
    row.download_button(
        "Download CSV",
        result_frame(result, graph, show_ids=True).to_csv(index=False),  # names and ids
        f"{query_name}.csv",
        "text/csv",
        icon=":material/download:",
        key=f"{key}_csv",
        on_click="ignore",
    )
    row.download_button(
        "Download JSON",
        result_json(query_name, params, result),
        f"{query_name}.json",
        "application/json",
        icon=":material/download:",
        key=f"{key}_json",
        on_click="ignore",
    )


def _friction_json() -> str:
    """The friction map the user changed on the Pathways page: it applies to saved queries too."""
    return json.dumps(st.session_state.get(FRICTION, {}), sort_keys=True)


def _run(graph, version, query: SavedQuery, values: dict) -> dict | None:
    engine = backend.backend_for(graph)
    try:
        typed = coerce_parameters(query, values)
        return _run_saved(
            engine,
            _backend_id(engine),
            version,
            query.name,
            json.dumps(typed, sort_keys=True),
            _friction_json(),
        )
    except ConnectionFailed as exc:
        backend.lost_connection(exc)
        st.rerun()
    except PathwaysError as exc:
        st.error(escape_markdown(exc), icon=":material/error:")
    except Exception as exc:  # a bug in a twin or the driver: say so plainly, keep the page alive
        st.error(
            f"The {escape_markdown(engine.describe())} backend failed on this query "
            f"({type(exc).__name__}: {escape_markdown(exc)}). "
            "This is a bug in UN Pathways, not in your parameters; please report it.",
            icon=":material/bug_report:",
        )
    return None


def _explain_empty(graph, version, query: SavedQuery, typed: dict) -> None:
    """Say which chosen value emptied the result, by running the query with it set back to its default."""
    engine = backend.backend_for(graph)

    def rows_with(values: dict) -> int:
        params = json.dumps(values, sort_keys=True)
        return len(
            _run_saved(engine, _backend_id(engine), version, query.name, params, _friction_json())["rows"]
        )

    def shown(value: Any) -> str:  # Markdown-safe: the reason is drawn as Markdown
        named = isinstance(value, str) and value in graph
        return escape_markdown(graph.nodes[value]["name"] if named else value)

    try:
        reason = empty_result_reason(query, typed, rows_with, shown)
    except PathwaysError:
        return  # the result itself is shown; an explanation that cannot be computed is left out
    st.info(reason, icon=":material/filter_alt_off:")


def _saved_query(graph, version, query: SavedQuery) -> None:
    st.subheader(query.title, anchor=False)
    st.markdown(f"**{query.question}**")
    st.caption(f"{query.category} · `{query.name}` · {query.teaching}")
    with st.container(border=True):
        columns = st.columns(3)
        for index, (name, spec) in enumerate(query.parameters.items()):
            with columns[index % 3]:
                parameter_widget(graph, query, name, spec)
        if not query.parameters:
            st.caption("This query has no parameters.")
        st.button(
            "Run again",
            icon=":material/refresh:",
            key=f"rerun_{query.name}",
            on_click=_run_saved.clear,
            help="Results update as soon as a parameter changes; this runs the query afresh "
            "(e.g. after the Neo4j data changed).",
        )
    values = {name: st.session_state[widget_key(query, name)] for name in query.parameters}
    result = _run(graph, version, query, values)
    if result is not None:
        # Every value the query ran with: its parameters and, when it reads it, the friction map in use.
        typed = bind_parameters(query, values, st.session_state.get(FRICTION, {}))
        if not result["rows"]:
            _explain_empty(graph, version, query, coerce_parameters(query, values))
        _show_result(graph, version, query.name, typed, result, key=f"res_{query.name}")
        for_browser = cypher_with_params(query, typed)
        copy_button(
            for_browser,
            "Copy the Cypher with its parameters",
            "For Neo4j Browser: a :params line with the values used here, then the query",
        )
        with st.expander("Cypher", expanded=False, icon=":material/code:"):
            st.code(query.cypher, language="cypher")
        with st.expander("The Cypher with its parameters (what the button copies)", icon=":material/code:"):
            st.code(for_browser, language="cypher")


def _form_text(key: str, label: str) -> str:
    """A field of the ad-hoc form, which must hold text.

    A browser always sends text; a client talking to the websocket directly can
    send a number or a list in its place, which would otherwise fail deep in the
    backend with a message blaming Neo4j.
    """
    value = st.session_state.get(key)
    if not isinstance(value, str):
        raise QueryError(
            f"the {label} field came as {type(value).__name__}, not as text: "
            "reload the page and type it again"
        )
    return value


def _adhoc_params() -> dict[str, Any]:
    """The form's parameters: a JSON object, or a message saying why not."""
    try:
        params = json.loads(_form_text("q_adhoc_params", "Parameters") or "{}")
    except ValueError as exc:
        raise QueryError(f"Parameters are not valid JSON: {exc}") from None
    except RecursionError:
        raise QueryError("Parameters are not valid JSON: arrays or objects are nested too deeply") from None
    if not isinstance(params, dict):
        raise QueryError("Parameters are not valid JSON: the parameters must be a JSON object")
    return params


def _adhoc(graph, version) -> None:
    st.subheader("Your own Cypher (read-only)", anchor=False)
    if not backend.using_neo4j():
        st.caption(
            "Connect to Neo4j in the sidebar to write your own Cypher. Saved queries run on the embedded "
            "graph through their networkx twins."
        )
        return
    with st.form("adhoc", border=True):
        st.text_area(
            "Cypher",
            key="q_adhoc_text",
            height=140,
            placeholder="MATCH (n:Organ) RETURN n.id AS id, n.name AS name LIMIT 10",
        )
        st.text_input("Parameters (JSON object)", key="q_adhoc_params", value="{}")
        submitted = st.form_submit_button("Run on Neo4j", type="primary", icon=":material/play_arrow:")
    if submitted:
        try:
            cypher, params = _form_text("q_adhoc_text", "Cypher"), _adhoc_params()
            st.session_state["q_adhoc_result"] = (
                backend.backend_for(graph).run_cypher(cypher, params).to_dict()
            )
            st.session_state.pop("q_adhoc_error", None)
        except ConnectionFailed as exc:
            backend.lost_connection(exc)
            st.rerun()
        except PathwaysError as exc:
            st.session_state["q_adhoc_error"] = str(exc)
        except Exception as exc:  # a driver failure outside the documented errors: say it, don't crash
            st.session_state["q_adhoc_error"] = (
                f"The Neo4j backend failed unexpectedly ({type(exc).__name__}: {exc})."
            )
    if st.session_state.get("q_adhoc_error"):
        st.error(escape_markdown(st.session_state["q_adhoc_error"]), icon=":material/error:")
    elif st.session_state.get("q_adhoc_result"):
        _show_result(graph, version, "adhoc", {}, st.session_state["q_adhoc_result"], key="adhoc")


def main() -> None:
    graph, version = graph_or_stop()
    try:
        library = saved_queries()
    except PathwaysError as exc:
        st.error(f"**The saved queries could not be read:** {exc}", icon=":material/error:")
        st.stop()
    if not library:
        st.info("No saved queries yet (queries/library/ is empty).")
        st.stop()
    first = sorted(library.values(), key=lambda q: (CATEGORIES.index(q.category), q.title))[0].name
    chosen_param = Param(CHOSEN, "q", first, as_choice(library))
    ignored = restore([chosen_param])
    query = library[st.session_state[CHOSEN]]
    specs = _param_specs(graph, query)
    ignored += restore(specs)

    st.title("Ask the graph", anchor=False)
    warn_ignored(ignored)
    shelf, body = st.columns([1, 3], gap="large")
    with shelf:
        st.markdown(f"##### Saved queries ({len(library)})")
        _library_list(library, query.name)
    with body:
        _saved_query(graph, version, query)
        st.divider()
        _adhoc(graph, version)
    publish([chosen_param, *specs])


ensure_router()
main()
