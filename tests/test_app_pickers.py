"""The actor pickers of Pathways and Queries, Pathways' details panel and the Cypher copy button (AppTest).

The pickers rank as the Explore box and ``pathways find`` do (graph/search.py):
an acronym or alias picks its body first. The real browser checks (a graph
click, the clipboard, a phone screen) are in tests/test_browser_pages_ux.py.
"""

from __future__ import annotations

import html

import pytest

try:
    from tests.test_app_pages import app_data, graph_args, open_page, texts
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, graph_args, open_page, texts

__all__ = ["app_data"]  # the fixture, imported for pytest


@pytest.mark.parametrize(
    ("typed", "node", "name"),
    [
        ("UNSC", "un.security-council", "Security Council"),  # an acronym
        ("the Council", "un.security-council", "Security Council"),  # an alias
        ("DPA", "un.dpa", "Department of Political Affairs"),  # an acronym, not a longer name holding it
        ("political affairs", "un.dpa", "Department of Political Affairs"),  # an alias in lower case
    ],
)
def test_pathways_picker_chooses_the_body_named_first(app_data, typed, node, name):
    at = open_page("pathways")
    at.text_input(key="pw_source__text").input(typed).run()  # typed, then Enter
    assert at.session_state["pw_source"] == node
    assert at.text_input(key="pw_source__text").value == name  # the box now shows what it holds
    assert at.radio(key="pw_source__text__pick").options[0].startswith(f"**{name}**")
    assert at.query_params["source"] == node


def test_pathways_picker_lists_the_other_matches_to_pick_instead(app_data):
    at = open_page("pathways")
    at.text_input(key="pw_target__text").input("Sri Lanka").run()
    hits = at.session_state["pw_target__text__hits"]
    assert len(hits) > 1
    at.radio(key="pw_target__text__pick").set_value(1).run()
    assert at.session_state["pw_target"] == hits[1]["node"] == at.query_params["target"]


def test_pathways_picker_keeps_its_actor_when_nothing_matches_or_the_box_is_emptied(app_data):
    at = open_page("pathways")
    at.text_input(key="pw_source__text").input("qzxv wplk").run()
    assert at.session_state["pw_source"] == "field.unct.sri-lanka"
    assert "No match for “qzxv wplk”" in texts(at.caption)
    at.text_input(key="pw_source__text").input("").run()
    assert at.session_state["pw_source"] == "field.unct.sri-lanka"
    assert at.text_input(key="pw_source__text").value  # the chosen actor's name again, not an empty box


def test_pathways_swap_swaps_the_actors_and_their_names(app_data):
    at = open_page("pathways", source="un.dpa")
    at.button(key="pw_swap").click().run()
    assert (at.session_state["pw_source"], at.session_state["pw_target"]) == ("un.security-council", "un.dpa")
    assert at.text_input(key="pw_source__text").value == "Security Council"
    assert at.text_input(key="pw_target__text").value == "Department of Political Affairs"


def test_a_link_into_a_page_wins_over_what_the_page_showed_before(app_data):
    """The pickers' ids live outside widgets; entering the page, the link's URL still decides."""
    at = open_page("pathways", source="un.dpa")
    at.switch_page("pages/queries.py")
    at.query_params.clear()
    at.run()
    at.switch_page("pages/pathways.py")
    at.query_params.clear()
    at.query_params.update({"source": "un.general-assembly"})  # e.g. a link from a case
    at.run()
    assert at.session_state["pw_source"] == "un.general-assembly"
    assert at.text_input(key="pw_source__text").value == "General Assembly"
    at.switch_page("pages/queries.py")
    at.query_params.clear()
    at.run()
    at.switch_page("pages/pathways.py")
    at.query_params.clear()  # back through the navigation, no link: the page's last view
    at.run()
    assert at.session_state["pw_source"] == "un.general-assembly"


def test_pathways_graph_node_opens_its_details_beside_the_graph(app_data):
    at = open_page("pathways", node="un.secretary-general")  # what a click on the graph stores
    assert "Secretary-General" in [s.value for s in at.subheader]
    assert graph_args(at)["selected"] == "un.secretary-general"
    assert any("Outgoing" in m.value for m in at.markdown)  # the panel Explore shows
    at.button(key=next(b.key for b in at.button if b.label == "Close the details")).click().run()
    assert "Secretary-General" not in [s.value for s in at.subheader]
    assert "node" not in at.query_params
    assert "Click a node on the graph to see its details here" in texts(at.caption)


def test_queries_actor_parameter_is_picked_like_the_search_box(app_data):
    at = open_page("queries", q="pathways_within_hops")
    at.text_input(key="qp_pathways_within_hops_target__text").input("UNSC").run()
    assert at.session_state["qp_pathways_within_hops_target"] == "un.security-council"
    assert (
        at.radio(key="qp_pathways_within_hops_target__text__pick")
        .options[0]
        .startswith("**Security Council**")
    )
    assert at.query_params["p.target"] == "un.security-council"


def test_queries_copy_button_holds_the_cypher_with_its_parameters(app_data):
    at = open_page("queries", q="veto_holders")
    shown = next(c.value for c in at.code if c.value.startswith(":params"))
    button = at.get("iframe")[0].proto.srcdoc
    assert "Copy the Cypher with its parameters" in button
    assert html.escape(shown) in button  # exactly the text shown, escaped inside the page
