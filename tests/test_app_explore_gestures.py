"""Explore's view state for the graph gestures, run headless with AppTest on the app test dataset.

Expansions (double-click) travel in the URL as ``expand=``; a kind hidden from
the legend is the kind filter itself; "Show only one" and "Show all" set that
filter. The gestures themselves are driven in a real browser in
tests/test_browser_gestures.py.
"""

from __future__ import annotations

try:
    from tests.test_app_pages import app_data, graph_args, open_page, texts
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, graph_args, open_page, texts

__all__ = ["app_data"]  # the fixture, imported to be used here

CENTRE = "un.secretary-general"


def _shown(at) -> set[str]:
    return {node["id"] for node in graph_args(at)["nodes"]}


def test_an_expansion_in_the_link_grows_the_focused_view_and_stays_in_the_url(app_data):
    base = _shown(open_page("explore", node=CENTRE, hops="1"))
    at = open_page("explore", node=CENTRE, hops="1", expand="un.security-council")
    grown = _shown(at)
    assert base < grown  # the Council's neighbours join; nothing of the neighbourhood goes
    assert "state.russia" in grown - base
    assert at.session_state["ex_expanded"] == ["un.security-council"]
    assert at.query_params["expand"] == "un.security-council"
    assert "With the neighbours of Security Council (double-click again" in texts(at.caption)
    assert graph_args(at)["expanded"] == ["un.security-council"]
    positions = {n["id"]: (n["x"], n["y"]) for n in graph_args(at)["nodes"]}
    assert len(set(positions.values())) == len(positions)  # every added node has its own place


def test_expansions_count_only_in_a_focused_view(app_data):
    at = open_page("explore", node=CENTRE, expand="un.security-council")  # whole graph
    whole = _shown(open_page("explore", node=CENTRE))
    assert _shown(at) == whole


def test_an_unknown_node_in_expand_is_ignored_with_a_warning(app_data):
    at = open_page("explore", node=CENTRE, hops="1", expand="un.nowhere")
    assert "expand=un.nowhere" in texts(at.warning)
    assert at.session_state["ex_expanded"] == []


def test_opening_another_node_drops_the_expansions(app_data):
    at = open_page("explore", node=CENTRE, hops="1", expand="un.security-council")
    at.text_input(key="ex_search").input("Department of Political Affairs").run()
    assert at.session_state["ex_node"] == "un.dpa"
    assert at.session_state["ex_expanded"] == [] and "expand" not in at.query_params


def test_the_legend_marks_a_hidden_kind_and_the_filter_agrees(app_data):
    at = open_page("explore", node=CENTRE, hops="1", kinds="organ,office,department,member_state")
    legend = {entry["kind"]: entry for entry in graph_args(at)["kind_legend"]}
    assert legend["panel"]["hidden"] and legend["panel"]["toggle"]  # not in the filter: hidden
    assert not legend["organ"]["hidden"]
    assert at.multiselect(key="ex_kinds").value == ["organ", "office", "department", "member_state"]
    assert "panel.petrie" not in _shown(at)
    assert graph_args(at)["expandable"] is True and "double-click" in graph_args(at)["hint"]


def test_show_only_one_kind_then_show_all(app_data):
    at = open_page("explore")
    every = at.multiselect(key="ex_kinds").value
    assert at.button(key="ex_kinds_all").disabled  # nothing to clear yet
    at.selectbox(key="ex_kinds_only").set_value("member_state").run()
    assert at.multiselect(key="ex_kinds").value == ["member_state"]
    assert at.query_params["kinds"] == "member_state"
    assert {n.split(".")[0] for n in _shown(at)} == {"state"}
    assert at.selectbox(key="ex_kinds_only").value is None  # ready for the next pick
    at.button(key="ex_kinds_all").click().run()
    assert at.multiselect(key="ex_kinds").value == every and "kinds" not in at.query_params


def test_show_only_one_relation_type_then_show_all(app_data):
    at = open_page("explore")
    every = at.multiselect(key="ex_types").value
    at.selectbox(key="ex_types_only").set_value("REPORTS_TO").run()
    assert at.multiselect(key="ex_types").value == ["REPORTS_TO"]
    assert {edge["id"].split(" -")[1].split("->")[0] for edge in graph_args(at)["edges"]} == {"REPORTS_TO"}
    at.button(key="ex_types_all").click().run()
    assert at.multiselect(key="ex_types").value == every and "types" not in at.query_params
