"""The Streamlit pages, run headless with AppTest on the app test dataset.

Each page must run without an exception, show its main widgets, and change
what it shows when a widget changes; every view must open from its URL.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

try:
    from tests.data_env import pathways_data
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from data_env import pathways_data
try:
    from tests.test_app_fixture_data import write_app_dataset
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_fixture_data import write_app_dataset

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


@pytest.fixture(scope="module")
def app_data(tmp_path_factory) -> Path:
    """The app test dataset, and PATHWAYS_DATA pointing at it while this module runs.

    Module scope, so the variable is restored before other test files run.
    """
    with pathways_data(write_app_dataset(tmp_path_factory.mktemp("app"))) as folder:
        yield folder


def open_page(page: str | None = None, **query: str) -> AppTest:
    """Run the app on a page (None: the default page), with query parameters as in a shared link."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page:
        at.switch_page(f"pages/{page}.py")
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def graph_args(at: AppTest, index: int = 0) -> dict:
    """The arguments the page sent to a graph component (nodes, edges, selected...)."""
    return json.loads(at.get("component_instance")[index].proto.json_args)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


@pytest.mark.parametrize(
    "page, title",
    [
        (None, "UN Pathways"),  # the default page is the start page
        ("explore", "Explore the UN protection system"),
        ("pathways", "Where does the warning stall?"),
        ("queries", "Ask the graph"),
        ("cases", "Cases"),  # placeholders, until their engineers replace them
        ("learn", "Learn"),
        ("data", "Data"),
    ],
)
def test_every_page_runs_and_has_its_title(app_data, page, title):
    at = open_page(page)
    assert at.title[0].value == title
    assert not [e for e in at.error if e.icon == ":material/error:"]  # red stall callouts are content


def test_start_page_explains_and_leads_into_the_views(app_data):
    at = open_page()
    assert "maps those routes and shows where they stall" in texts(at.markdown)
    links = {
        link.proto.label: (
            link.proto.page,
            dict(
                link.proto.query_string
                and [pair.split("=", 1) for pair in link.proto.query_string.split("&")]
                or []
            ),
        )
        for link in at.get("page_link")
    }
    assert links["Compare the two pathways"][1] == {
        "source": "field.unct.sri-lanka",
        "target": "un.security-council",
        "mode": "compare",
    }
    assert links["Open the case"][1] == {"case": "south-sudan-malakal-2016"}
    assert links["Start the lesson"][1] == {"lesson": "security-council-veto"}
    assert links["Explore the graph"][0] == "explore"


def test_an_old_explore_link_at_the_root_still_opens_explore(app_data):
    at = open_page(node="un.secretary-general")
    assert at.title[0].value == "Explore the UN protection system"
    assert graph_args(at)["selected"] == "un.secretary-general"


def test_sidebar_shows_the_embedded_backend_and_a_connect_form(app_data):
    at = open_page("explore")
    sidebar = at.sidebar
    assert "Embedded graph (networkx)" in texts(sidebar.markdown)
    labels = [w.label for w in sidebar.text_input]
    assert labels == ["URI", "User", "Password", "Database"]
    assert sidebar.text_input(key="neo4j_password").proto.type == 1  # PASSWORD: never echoed


def test_unreachable_neo4j_says_so_and_keeps_working_on_embedded(app_data):
    at = open_page("explore")
    at.sidebar.text_input(key="neo4j_uri").set_value("bolt://127.0.0.1:9")
    at.sidebar.text_input(key="neo4j_password").set_value("secret-pass")
    at.sidebar.button[0].click()  # the form's Connect button
    at.run()
    assert not at.exception
    assert "Neo4j is not available" in texts(at.warning)
    assert "secret-pass" not in json.dumps(dict(at.query_params))
    assert graph_args(at)["nodes"]  # the explorer still draws the embedded graph


def test_explore_draws_the_whole_graph_with_a_legend(app_data):
    at = open_page("explore")
    args = graph_args(at)
    assert len(args["nodes"]) == 26 and len(args["edges"]) == 47
    assert args["options"]["physics"]["enabled"] is False  # no jiggle: positions are fixed
    assert all("x" in node and "y" in node for node in args["nodes"])
    assert {w.label for w in at.selectbox} >= {"Scenario", "Size nodes by", "Setting"}
    assert at.text_input(key="ex_search").label == "Find a node"
    assert at.select_slider(key="ex_year").value == "all"


def test_explore_layout_is_stable_between_reruns(app_data):
    first = {n["id"]: (n["x"], n["y"]) for n in graph_args(open_page("explore"))["nodes"]}
    second = {n["id"]: (n["x"], n["y"]) for n in graph_args(open_page("explore", year="2009"))["nodes"]}
    assert all(first[node] == place for node, place in second.items())


def test_explore_tooltips_escape_data_text(app_data):
    unct = next(n for n in graph_args(open_page("explore"))["nodes"] if n["id"] == "field.unct.sri-lanka")
    assert "&lt;b&gt;during&lt;/b&gt;" in unct["title"]  # the description holds a literal <b>


def test_explore_year_slider_shows_the_system_as_it_was(app_data):
    at = open_page("explore")
    everything = {n["id"] for n in graph_args(at)["nodes"]}
    at.select_slider(key="ex_year").set_value(2009).run()
    in_2009 = {n["id"] for n in graph_args(at)["nodes"]}
    assert "mech.hruf-coordination" in everything - in_2009  # created in 2013
    assert at.query_params["year"] == "2009"


def test_explore_search_selects_and_opens_the_details_panel(app_data):
    at = open_page("explore")
    at.text_input(key="ex_search").input("Secretary-General").run()  # typed, then Enter
    assert at.subheader[0].value == "Secretary-General"
    assert graph_args(at)["selected"] == "un.secretary-general"
    assert at.query_params["node"] == "un.secretary-general"
    shown = texts(at.markdown)
    assert "seed: NMS ¶4" in shown  # sources with their locators
    assert "How to read a source: `seed` is the 2016 paper" in texts(at.caption)  # ... explained
    assert any(link.proto.page == "data" for link in at.get("page_link"))  # the whole scheme, on Data
    assert any("Outgoing" in m.value for m in at.markdown) and any("Incoming" in m.value for m in at.markdown)


def test_explore_details_label_the_paper_and_the_curators_judgement_apart(app_data):
    """A channel's rationale shows as the paper's; its grade's justification as the curators' judgement."""
    at = open_page(node="un.secretary-general")
    shown = texts(at.markdown)
    assert "- **Paper:** " in shown
    assert "- **Curators' judgement:** Fixture judgement:" in shown
    assert "the paper grades nothing" in texts(at.caption)
    channel = next(e for e in graph_args(at)["edges"] if "Fixture judgement" in e.get("title", ""))
    assert "<b>Paper:</b>" in channel["title"] and "<b>Curators&#x27; judgement:</b>" in channel["title"]


def test_explore_search_lists_the_other_matches_and_opens_the_one_picked(app_data):
    at = open_page("explore")
    at.text_input(key="ex_search").input("Sri Lanka").run()
    options = at.radio(key="ex_search__pick").options
    assert len(options) > 1 and "Sri Lanka" in options[0]
    at.radio(key="ex_search__pick").set_value(1).run()
    picked = at.session_state["ex_search__hits"][1]["node"]
    assert graph_args(at)["selected"] == picked and at.query_params["node"] == picked


def test_explore_search_says_when_nothing_matches(app_data):
    at = open_page("explore")
    at.text_input(key="ex_search").input("qzxv wplk").run()
    assert not at.exception and any("No match" in c.value for c in at.caption)


def test_explore_isolates_a_neighbourhood(app_data):
    at = open_page("explore", node="un.secretary-general")
    whole = len(graph_args(at)["nodes"])
    at.segmented_control(key="ex_hops").set_value("1").run()
    near = {n["id"] for n in graph_args(at)["nodes"]}
    assert len(near) < whole and "un.security-council" in near and "state.sudan" not in near


def test_explore_filters_change_the_picture(app_data):
    at = open_page("explore")
    at.toggle(key="ex_channels").set_value(True).run()
    assert {e["id"].split(" -")[1].split("->")[0] for e in graph_args(at)["edges"]} <= {
        "REPORTS_TO",
        "ALERTS",
        "ADVISES",
        "BRIEFS",
        "MANDATES",
    }
    at.multiselect(key="ex_kinds").set_value(["member_state"]).run()
    assert {n["id"] for n in graph_args(at)["nodes"]} == {
        "state.sri-lanka",
        "state.south-sudan",
        "state.sudan",
        "state.russia",
        "state.china",
        "state.united-states",
    }


def test_explore_shared_link_opens_the_same_view(app_data):
    at = open_page("explore", node="un.dpa", scenario="hruf", year="2013", size="betweenness")
    assert at.subheader[0].value == "Department of Political Affairs"
    assert at.selectbox(key="ex_scenario").value == "hruf"
    assert at.select_slider(key="ex_year").value == 2013
    assert at.selectbox(key="ex_metric").value == "betweenness"


def test_explore_bad_link_values_are_ignored_with_a_warning(app_data):
    at = open_page("explore", node="un.nowhere", year="1800")
    assert "Part of this link was ignored" in texts(at.warning)
    assert at.select_slider(key="ex_year").value == "all"


def test_explore_offers_the_view_as_standalone_html(app_data):
    from un_pathways.ui.graph_data import VisGraph
    from un_pathways.ui.network import standalone_html

    page = standalone_html(VisGraph([{"id": "a", "label": "</script><b>x"}], [], {}, "v"), "caption")
    assert not re.search(r'(src|href)="https?:', page)  # nothing loaded from the network
    assert "</script><b>x" not in page and "\\u003c/script>" in page
    labels = [b.label for b in open_page("explore").get("download_button")]
    assert labels == ["Download this view as HTML", "PNG for slides", "SVG"]  # files: test_figures.py


def test_pathways_defaults_show_reach_and_the_stall(app_data):
    at = open_page("pathways")
    assert at.session_state["pw_source"] == "field.unct.sri-lanka"
    assert at.session_state["pw_target"] == "un.security-council"
    assert at.text_input(key="pw_target__text").value == "Security Council"  # the picker shows the name
    assert at.selectbox(key="pw_scenario").value == "pre_hruf"
    assert "The best pathway stalls" in texts(at.error)
    assert [t.label for t in at.tabs] == ["Pathways (3)", "Bottlenecks", "On the graph"]
    assert at.query_params["source"] == "field.unct.sri-lanka" and at.query_params["scenario"] == "pre_hruf"


def test_pathways_stall_shows_the_curators_judgement_beside_the_paper(app_data):
    shown = texts(open_page("pathways").markdown)
    assert "**Paper:**" in shown
    assert "**Curators' judgement** (why **" in shown and "Fixture judgement:" in shown


def test_pathways_switching_scenario_changes_the_reach(app_data):
    at = open_page("pathways")
    label = "Chance the signal reaches UNSC"
    before = metric_values(at)[label]
    at.selectbox(key="pw_scenario").set_value("hruf").run()
    after = metric_values(at)[label]
    assert before != after
    assert float(after.rstrip("%")) > float(before.rstrip("%"))


def test_pathways_regrading_a_channel_changes_the_reach(app_data):
    at = open_page("pathways")
    before = at.metric[0].value
    at.selectbox(key="pw_edge_pick").set_value("field.rc.sri-lanka -ALERTS-> un.dpa")
    at.slider(key="pw_edge_p").set_value(0.95)
    at.button(key="pw_edge_add").click().run()
    assert at.metric[0].value != before
    assert json.loads(at.query_params["edges"]) == {"field.rc.sri-lanka -ALERTS-> un.dpa": 0.95}


def test_pathways_friction_map_changes_the_reach(app_data):
    at = open_page("pathways")
    before = at.metric[0].value
    at.slider(key="pw_fric_high").set_value(0.9).run()
    assert at.metric[0].value != before
    assert json.loads(at.query_params["friction"]) == {"high": 0.9}


def test_pathways_draws_the_pathways_and_ranks_bottlenecks(app_data):
    at = open_page("pathways")
    drawn = graph_args(at)
    assert drawn["options"]["layout"]["hierarchical"]["direction"] == "LR"
    assert {"field.unct.sri-lanka", "un.security-council"} <= {n["id"] for n in drawn["nodes"]}
    assert len(at.dataframe) >= 2  # bottleneck channels and actors
    assert "Every route passes through" in texts(at.markdown)


def test_pathways_compare_mode_shows_both_sides_and_the_difference(app_data):
    at = open_page("pathways", mode="compare")
    labels = [m.label for m in at.metric]
    assert labels == ["A: chance the signal reaches UNSC", "B: chance the signal reaches UNSC"]
    assert at.metric[1].delta.startswith("+")
    assert any("Channels that differ" in m.value for m in at.markdown)
    assert "**Curators' judgement** (why **" in texts(at.markdown)  # each side's stall says why its grade
    assert at.query_params["a_scenario"] == "pre_hruf" and at.query_params["b_scenario"] == "hruf"


def test_pathways_shared_link_opens_the_same_view(app_data):
    at = open_page(
        "pathways",
        source="un.dpa",
        target="un.security-council",
        scenario="hruf",
        year="2013",
        k="1",
        threshold="0.7",
    )
    assert at.session_state["pw_source"] == "un.dpa"
    assert at.text_input(key="pw_source__text").value == "Department of Political Affairs"
    assert at.number_input(key="pw_k").value == 1
    assert at.slider(key="pw_threshold").value == 0.7
    assert [t.label for t in at.tabs][0] == "Pathways (1)"


def test_pathways_missing_actor_in_that_year_is_a_banner_not_a_traceback(app_data):
    at = open_page("pathways", source="un.osapg", year="2000")
    assert "does not exist in this configuration" in texts(at.error)


def test_queries_library_runs_the_chosen_query(app_data):
    at = open_page("queries", q="veto_holders")
    assert at.subheader[0].value == "The veto holders"
    frame = at.dataframe[0].value
    assert sorted(frame["state"]) == ["China", "Russia", "United States"] and "id" not in frame  # names first
    at.toggle(key="res_veto_holders_ids").set_value(True).run()
    assert sorted(at.dataframe[0].value["id"]) == ["state.china", "state.russia", "state.united-states"]
    codes = at.code
    assert any(
        c.language == "cypher" and c.value.startswith("/*") is False and "MATCH" in c.value for c in codes
    )
    assert any(c.value.startswith(':params {council: "un.security-council"}') for c in codes)
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download JSON"]
    assert graph_args(at)["nodes"]  # the ids in the result, drawn as a graph


def test_queries_choosing_another_query_and_parameter(app_data):
    at = open_page("queries", q="veto_holders")
    at.text_input(key="qp_veto_holders_council__text").input("UNGA").run()  # picked by its acronym
    assert at.session_state["qp_veto_holders_council"] == "un.general-assembly"
    assert at.dataframe[0].value.empty
    why = texts(at.info)
    assert "What emptied it: **Decision-maker** (with its default, Security Council, 3 rows)" in why
    assert at.query_params["p.council"] == "un.general-assembly"
    at.button(key=f"qbtn_{next(iter(_titles()))}").click().run()
    assert "p.council" not in at.query_params


def test_queries_parameters_are_labelled_in_words(app_data):
    at = open_page("queries", q="veto_holders")
    assert at.text_input(key="qp_veto_holders_council__text").label == "Decision-maker"
    assert "`$council`" in at.text_input(key="qp_veto_holders_council__text").help


def test_queries_bad_parameter_in_link_is_ignored(app_data):
    at = open_page("queries", q="veto_holders", **{"p.council": "un.nowhere"})
    assert "Part of this link was ignored" in texts(at.warning)
    assert len(at.dataframe[0].value) == 3


def test_queries_adhoc_cypher_needs_neo4j(app_data):
    at = open_page("queries")
    assert any("Connect to Neo4j" in c.value for c in at.caption)
    assert not at.text_area


def test_invalid_data_shows_a_banner(app_data, tmp_path, monkeypatch):
    broken = tmp_path / "data"
    shutil.copytree(app_data, broken)
    (broken / "edges" / "broken.yaml").write_text(
        "edges:\n  - {from: un.dpa, type: ADVISES, to: un.nowhere, sources: [{doc: seed, locator: x}]}\n"
    )
    monkeypatch.setenv("PATHWAYS_DATA", str(broken))
    for page in ("explore", "pathways", "queries"):
        at = open_page(page)
        assert "is invalid" in texts(at.error)
        assert "un.nowhere" in texts(at.code)


def _titles() -> list[str]:
    from un_pathways.queries.saved import load_saved_queries

    return [name for name in load_saved_queries() if name != "veto_holders"]


@pytest.mark.parametrize("page", ["explore", "pathways", "queries"])
def test_pages_run_on_the_real_data(page, monkeypatch):
    from un_pathways.graph.errors import DataError
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset

    try:
        read_dataset(DEFAULT_DATA_DIR)
    except DataError as exc:
        pytest.skip(f"the real data/ does not load yet ({len(exc.problems)} problems)")
    monkeypatch.setenv("PATHWAYS_DATA", str(DEFAULT_DATA_DIR))
    at = open_page(page)
    assert not [e for e in at.error if e.icon == ":material/error:"]
    if page == "explore":
        assert len(graph_args(at)["nodes"]) > 100
    if page == "pathways":
        assert at.metric[0].value.endswith("%")


def _saved_query_names() -> list[str]:
    from un_pathways.queries.saved import load_saved_queries

    return sorted(load_saved_queries())


@pytest.mark.parametrize("name", _saved_query_names())
def test_every_saved_query_opens_on_the_real_data(name, monkeypatch):
    from un_pathways.graph.errors import DataError
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset

    try:
        read_dataset(DEFAULT_DATA_DIR)
    except DataError as exc:
        pytest.skip(f"the real data/ does not load yet ({len(exc.problems)} problems)")
    monkeypatch.setenv("PATHWAYS_DATA", str(DEFAULT_DATA_DIR))
    at = open_page("queries", q=name)
    assert not at.error, texts(at.error)
    assert at.dataframe  # the result table


def test_pathways_offers_a_slide_and_a_handout(app_data):
    labels = [b.label for b in open_page("pathways").get("download_button")]
    assert labels[-3:] == ["PNG for slides", "SVG", "PDF handout"]  # the files: tests/test_figures.py


def test_queries_use_the_friction_map_changed_on_the_pathways_page(app_data):
    """A map changed in the app changes saved answers too: the probabilities come from it."""
    changed = {"none": 0.9, "low": 0.7, "medium": 0.45, "high": 0.55, "blocking": 0.05}
    at = open_page("pathways", friction=json.dumps(changed))
    at.switch_page("pages/queries.py")
    at.query_params.clear()
    at.query_params.update({"q": "council_gatekeepers", "p.stage": "any"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    frame = at.dataframe[0].value
    assert len(frame), "the gatekeepers query answers on the app test data"
    assert {changed[f] for f in frame["friction"]} == set(frame["pass_probability"])


def test_queries_copy_for_neo4j_browser_carries_the_friction_map(app_data):
    """The :params block holds $friction too, so the copied query runs as shown in Neo4j Browser."""
    at = open_page("queries", q="council_gatekeepers")
    copied = next(c.value for c in at.code if c.value.startswith(":params"))
    assert "friction: {`none`: 0.95, `low`: 0.85, `medium`: 0.6, `high`: 0.3, `blocking`: 0.0}" in copied


def _places(at: AppTest) -> dict[str, tuple[float, float]]:
    return {n["id"]: (n["x"], n["y"]) for n in graph_args(at)["nodes"]}


def test_explore_layout_choice_changes_the_view_and_survives_the_link(app_data):
    at = open_page("explore")
    assert at.segmented_control(key="ex_layout_pick").value == "layers"  # the whole system opens in layers
    assert "layout" not in at.query_params  # the default stays out of the link
    layered = _places(at)
    assert all("labelZoom" in node for node in graph_args(at)["nodes"])  # labels come by zoom level
    at.segmented_control(key="ex_layout_pick").set_value("force").run()
    web = _places(at)
    assert web.keys() == layered.keys() and web != layered
    assert at.query_params["layout"] == "force"
    reopened = open_page("explore", layout="force")
    assert reopened.segmented_control(key="ex_layout_pick").value == "force"
    assert _places(reopened) == web


def test_explore_neighbourhood_opens_in_rings_and_can_be_laid_out_in_layers(app_data):
    at = open_page("explore", node="un.secretary-general", hops="1")
    assert at.segmented_control(key="ex_layout_pick").value == "rings"  # a focus keeps its rings
    rings = graph_args(at)
    assert rings["nodes"][0].get("labelZoom") is None  # rings make room for every label
    centre = next(n for n in rings["nodes"] if n["id"] == "un.secretary-general")
    assert (centre["x"], centre["y"]) == (0.0, 0.0)
    at.segmented_control(key="ex_layout_pick").set_value("layers").run()
    layers = graph_args(at)
    assert {n["id"] for n in layers["nodes"]} == {n["id"] for n in rings["nodes"]}
    council = next(n for n in layers["nodes"] if n["id"] == "un.security-council")
    assert council["y"] == min(n["y"] for n in layers["nodes"])  # the Council's band is on top
    assert at.query_params["layout"] == "layers" and at.query_params["hops"] == "1"
