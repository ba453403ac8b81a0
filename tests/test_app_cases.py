"""The Cases page, run headless with AppTest: the case library, a case's story and verdict, the what-if.

Most tests run on the app test dataset plus three cases written here (one whose
curated reading the model reproduces, one it differs from), whose answers follow from the channels
in tests/test_app_fixture_data.py. The Sri Lanka what-if and the veto panel
are also checked on the real data/ against the analysis functions themselves.
"""

from __future__ import annotations

import re

import pytest
import yaml

try:
    from tests.data_env import pathways_data
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from data_env import pathways_data
try:
    from tests.test_app_fixture_data import write_app_dataset
    from tests.test_app_pages import open_page, texts
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_fixture_data import write_app_dataset
    from test_app_pages import open_page, texts

SOURCE = [{"doc": "seed", "locator": "NMS ¶5"}]

SRI_LANKA = {
    "id": "case.sri-lanka-2008-09",
    "name": "Sri Lanka 2008-09",
    "country": "state.sri-lanka",
    "period": [2008, 2009],
    "setting": "non_mission",
    "description": "A war's last phase: the country team kept <b>quiet</b> and the Council was not told.",
    "signal_from": ["field.unct.sri-lanka"],
    "decision_maker": "un.security-council",
    "scenario": "pre_hruf",
    "as_of": 2009,
    "timeline": [
        {"when": "2008-2009", "event": "Civilians are killed in large numbers.", "sources": SOURCE},
        {
            "when": 2009,
            "event": "The Council is not told.",
            "sources": [{"doc": "seed", "locator": "NMS ¶7"}],
        },
        {"when": "2012-11", "event": "An internal review finds a failure.", "sources": SOURCE},
    ],
    "outcome": {
        "information": {
            "status": "stalled",
            "locator": "NMS ¶7",
            "says": "The Council was left <i>uninformed</i>.",
            "actors": ["field.rc.sri-lanka", "un.secretary-general"],
            "mechanisms": ["no_political_mandate", "host_consent_dependence"],
        },
        "decision": {"status": "not_reached", "locator": "R2P ¶1", "says": "Complete inaction."},
        "implementation": {"status": "not_stated"},
        "summary": "The warning died between the Resident Coordinator and Headquarters.",
        "sources": [{"doc": "seed", "locator": "NMS ¶6"}],
    },
    "sources": SOURCE,
}

# Warned and mandated, but no implementation channel reaches the case: the model says the
# implementation failed for want of any route, so it finds no mechanism the paper gives.
UNMISS = {
    "id": "case.unmiss-2014",
    "name": "UNMISS 2014",
    "country": "state.south-sudan",
    "period": [2013, 2014],
    "setting": "mission",
    "description": "A mission with a protection mandate that could not protect the people it sheltered.",
    "signal_from": ["un.dpko"],
    "decision_maker": "un.security-council",
    "implementer": "mission.unmiss",
    "as_of": 2014,
    "outcome": {
        "information": {"status": "not_stated"},
        "decision": {"status": "taken", "locator": "POC ¶3", "says": "UNMISS had a protection mandate."},
        "implementation": {
            "status": "failed",
            "locator": "POC ¶3",
            "says": "The troops held back.",
            "actors": ["mission.unmiss"],
            "mechanisms": ["troop_caveats"],
        },
        "summary": "The mandate was given but the troops held back.",
        "sources": [{"doc": "seed", "locator": "POC ¶3"}],
    },
    "sources": [{"doc": "seed", "locator": "INT ¶8"}],
}

# The Secretary-General's briefing alone carries the warning: high friction before the Brahimi
# candour scenario, low under it, so the what-if changes the stage outcomes themselves.
DARFUR = {
    "id": "case.darfur-2004",
    "name": "Darfur 2004",
    "country": "state.sudan",
    "period": [2003, 2004],
    "setting": "non_mission",
    "description": "Field reports of atrocities met silence at Headquarters.",
    "signal_from": ["un.secretary-general"],
    "decision_maker": "un.security-council",
    "scenario": "pre_hruf",
    "as_of": 2004,
    "outcome": {
        "information": {
            "status": "stalled",
            "locator": "INT ¶4",
            "says": "The Council was not told.",
            "actors": ["un.secretary-general"],
            "mechanisms": ["self_censorship"],
        },
        "decision": {"status": "not_reached", "locator": "INT ¶4", "says": "Nothing came before it."},
        "implementation": {"status": "not_reached", "locator": "INT ¶4", "says": "Nothing to carry out."},
        "summary": "The Council was not told.",
        "sources": [{"doc": "seed", "locator": "INT ¶4"}],
    },
    "sources": [{"doc": "seed", "locator": "INT ¶4"}],
}


class _PlainDumper(yaml.SafeDumper):
    """Writes shared values out in full: data files may not use YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


@pytest.fixture(scope="module")
def case_data(tmp_path_factory):
    """The app test dataset with the three cases above, and PATHWAYS_DATA pointing at it."""
    folder = write_app_dataset(tmp_path_factory.mktemp("cases"))
    for case in (SRI_LANKA, UNMISS, DARFUR):
        slug = case["id"].removeprefix("case.")
        (folder / "cases" / f"{slug}.yaml").write_text(
            yaml.dump(case, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True)
        )
    with pathways_data(folder):
        yield folder


@pytest.fixture
def real_data(monkeypatch):
    """The project's data/ (the tests that use it compare with the analysis functions, not fixed numbers)."""
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

    monkeypatch.setenv("PATHWAYS_DATA", str(DEFAULT_DATA_DIR))
    from un_pathways.graph.build import build_graph
    from un_pathways.loaders.dataset import read_dataset

    return build_graph(read_dataset(DEFAULT_DATA_DIR))


def plain(text: str) -> str:
    """Markdown as a reader sees it: bold marks and the backslash escapes of data text removed."""
    return re.sub(r"\\(.)", r"\1", text.replace("**", ""))


def changed_channels(at):
    """The what-if's table of channels that differ."""
    return next(d.value for d in at.dataframe if "channel" in d.value.columns)


def shown(at) -> str:
    return plain(texts(at.main.markdown))


def test_opens_on_sri_lanka_with_the_paper_beside_the_model(case_data):
    at = open_page("cases")
    assert at.title[0].value == "Cases"
    assert at.selectbox(key="cs_case").value == "case.sri-lanka-2008-09"
    assert at.selectbox(key="cs_whatif").value == ""
    assert {"cs_setting", "cs_outcome"} <= {w.key for w in at.segmented_control}
    assert at.subheader[0].value == "Sri Lanka 2008-09"
    assert "The model reproduces the curated reading of the paper" in texts(at.success)
    assert "not a validation of the model" in texts(at.caption)
    table = next(m.value for m in at.markdown if m.value.startswith("| stage |"))
    assert table.startswith("| stage | model (estimate) | paper / curators | comparison |")
    assert "| **information** | stalled | stalled | :green[" in table and ":red[" not in table
    assert "| **implementation** | not\u00a0reached | not\u00a0stated | not compared |" in table
    # the reading, stage by stage, with its locator and paraphrase, shown literally
    assert "Information: stalled (NMS ¶7): The Council was left <i>uninformed</i>." in shown(at)
    assert "kept <b>quiet</b>" in shown(at)  # the narrative, shown literally
    assert "RC Sri Lanka → DPA" in shown(at)  # the model's stall point, from the channels
    assert [t.label for t in at.tabs][:3] == ["Pathway", "Timeline (3)", "Who could block it (3)"]
    assert at.query_params["case"] == "sri-lanka-2008-09"


def test_a_case_as_recorded_offers_a_slide_and_a_handout(case_data):
    at = open_page("cases")
    labels = [b.label for b in at.get("download_button")]
    assert labels[-3:] == ["PNG for slides", "SVG", "PDF handout"]  # the files: tests/test_figures.py
    at.selectbox(key="cs_whatif").set_value("hruf").run()  # a what-if replay offers none (yet)
    assert "PDF handout" not in [b.label for b in at.get("download_button")]


def test_choosing_another_case_changes_the_story_and_the_verdict(case_data):
    at = open_page("cases")
    at.selectbox(key="cs_case").set_value("case.unmiss-2014").run()
    assert at.subheader[0].value == "UNMISS 2014"
    assert "could not protect the people it sheltered" in shown(at)
    assert "kept <b>quiet</b>" not in shown(at)
    differs = texts(at.warning)
    assert "The model differs from the curated reading" in differs and "stall mechanism" in differs
    assert "no channel route in this configuration" in texts(at.warning)  # the implementation leg
    assert at.query_params["case"] == "unmiss-2014"


def test_filters_narrow_the_library(case_data):
    at = open_page("cases")
    at.segmented_control(key="cs_setting").set_value("mission").run()
    assert at.selectbox(key="cs_case").options == ["UNMISS 2014 · mission · implementation failed or partial"]
    assert at.selectbox(key="cs_case").value == "case.unmiss-2014"
    at.segmented_control(key="cs_outcome").set_value("information").run()
    assert "No case matches these filters" in texts(at.info)
    assert at.query_params["setting"] == "mission" and at.query_params["outcome"] == "information"


def test_whatif_hruf_raises_the_reach_and_shows_what_changed(case_data):
    at = open_page("cases")
    at.selectbox(key="cs_whatif").set_value("hruf").run()
    before, after = [m for m in at.metric if m.label == "Chance the warning reaches UNSC"]
    assert float(after.value.rstrip("%")) > float(before.value.rstrip("%"))
    assert after.delta.startswith("+")
    summary = plain(texts(at.info))
    assert "What if: Human Rights up Front" in summary
    assert "the stall point moves from RC Sri Lanka → DPA to SG → UNSC" in summary
    changed = changed_channels(at)
    assert dict(zip(changed["channel"], changed["as recorded"], strict=True)) == {
        "RC Sri Lanka → HRuF coordination meetings": "absent",  # the routes HRuF switches on
        "HRuF coordination meetings → SG": "absent",
        "SG → UNSC": "high (30%)",  # and the briefing it re-grades
    }
    assert changed["what if"].tolist()[-1] == "medium (60%)"
    assert "| **information** | stalled | stalled | " in next(
        m.value for m in at.markdown if m.value.startswith("| stage |")
    )
    assert "Every stage ends as before." in summary
    assert "what if" not in next(m.value for m in at.markdown if m.value.startswith("| stage |"))
    assert at.query_params["whatif"] == "hruf"
    link = at.get("page_link")[0].proto  # the same comparison, one click away on the Pathways page
    assert link.page == "pathways" and "mode=compare&a_scenario=pre_hruf&b_scenario=hruf" in link.query_string
    at.selectbox(key="cs_whatif").set_value("").run()
    assert len([m for m in at.metric if m.label == "Chance the warning reaches UNSC"]) == 1
    assert "whatif" not in at.query_params


def test_a_whatif_that_changes_the_outcome_marks_the_stages(case_data):
    at = open_page("cases", case="darfur-2004")
    table = next(m.value for m in at.markdown if m.value.startswith("| stage |"))
    assert "what if" not in table and "| **information** | stalled | stalled |" in table
    at.selectbox(key="cs_whatif").set_value("brahimi_candour").run()
    table = plain(next(m.value for m in at.markdown if m.value.startswith("| stage |")))
    assert "| stage | model (estimate) | paper / curators | comparison | what if (model) |" in table
    assert "| information | stalled | stalled |" in table
    assert ":orange-background[reached] |" in table  # changed
    assert "The outcome changes at: information, decision" in plain(texts(at.info))


def test_a_link_opens_the_case_and_the_whatif(case_data):
    at = open_page("cases", case="unmiss-2014", whatif="rc_political_mandate")
    assert at.selectbox(key="cs_case").value == "case.unmiss-2014"
    assert at.selectbox(key="cs_whatif").value == "rc_political_mandate"
    assert at.subheader[0].value == "UNMISS 2014"
    assert "What if: RC with a political mandate" in plain(texts(at.info))


def test_a_bad_link_is_ignored_with_a_warning(case_data):
    at = open_page("cases", case="atlantis-2020", whatif="utopia")
    assert "Part of this link was ignored" in texts(at.warning)
    assert at.selectbox(key="cs_case").value == "case.sri-lanka-2008-09"
    assert at.selectbox(key="cs_whatif").value == ""


def test_timeline_and_facts_carry_their_sources(case_data):
    at = open_page("cases")
    entries = [plain(m.value) for m in at.markdown if re.match(r"\*\*\d\.\*\*", m.value)]
    assert entries == [
        "1. `2008-2009` Civilians are killed in large numbers.",
        "2. `2009` The Council is not told.",
        "3. `2012-11` An internal review finds a failure.",
    ]
    assert "Sources: seed: NMS ¶7" in [plain(c.value) for c in at.caption]
    assert at.get("vega_lite_chart")  # the compact timeline chart
    listed = shown(at)
    assert "- seed: NMS ¶5" in listed and "- seed: NMS ¶6" in listed  # case and outcome sources, in popovers


def test_a_dataset_without_cases_says_so(tmp_path):
    folder = write_app_dataset(tmp_path)
    with pathways_data(folder):
        at = open_page("cases")
        assert "holds no cases" in texts(at.info)


def test_real_sri_lanka_whatif_matches_the_comparison(real_data):
    from un_pathways.graph.cases import case_verdict
    from un_pathways.graph.compare import Configuration, compare_configurations

    case = real_data.graph["dataset"].cases["case.sri-lanka-2008-09"]
    expected = compare_configurations(
        real_data,
        [case.signal_from[0]],
        case.decision_maker,
        Configuration(case.scenario, case.as_of, case.setting),
        Configuration("hruf", case.as_of, case.setting),
        k=1,
    )
    at = open_page("cases", whatif="hruf")  # Sri Lanka is the default case
    reaches = [m.value for m in at.metric if m.label.startswith("Chance the warning reaches")]
    assert reaches == [f"{expected[side]['reach']['probability']:.1%}" for side in ("first", "second")]
    assert len(changed_channels(at)) == len(expected["changed_edges"]) > 0
    stalls = [case_verdict(real_data, case, scenario=s)["verdict"]["stall"] for s in (None, "hruf")]
    names = {n: a.get("short") or a["name"] for n, a in real_data.nodes(data=True)}
    moved = [f"{names[s['from']]} → {names[s['to']]}" for s in stalls]
    assert moved[0] != moved[1] and f"moves from {moved[0]} to {moved[1]}" in plain(texts(at.info))


def test_real_vetoes_are_shown_for_syria(real_data):
    from un_pathways.graph.cases import case_named, veto_chokepoints

    vetoes = veto_chokepoints(real_data, case_named(real_data, "syria-2011-16"))
    at = open_page("cases", case="syria-2011-16")
    panel = next(m.value for m in at.markdown if "Who could block a decision" in m.value)
    for holder in vetoes["can_block"]:
        assert (f"{holder['name']} · vetoed" in plain(panel)) == holder["recorded_veto"]
    assert f"Vetoes ({len(vetoes['recorded_vetoes'])} recorded)" in [t.label for t in at.tabs]


def test_every_real_case_opens_and_shows_its_verdict(real_data):
    from un_pathways.graph.cases import case_verdict

    cases = real_data.graph["dataset"].cases
    at = open_page("cases")
    for case_id, case in cases.items():
        at.selectbox(key="cs_case").set_value(case_id).run()
        assert not at.exception, (case_id, [e.value for e in at.exception])
        assert at.subheader[0].value == case.name
        result = case_verdict(real_data, case)["comparison"]["result"]
        banner = {
            "reproduces": (at.success, "The model reproduces the curated reading of the paper"),
            "differs": (at.warning, "The model differs from the curated reading"),
            "nothing_to_compare": (at.info, "Nothing to compare"),
        }[result]
        assert banner[1] in texts(banner[0]), case_id


def test_cases_work_the_same_with_neo4j_connected(case_data, neo4j_server):
    at = open_page("cases", whatif="hruf")
    embedded = ([m.value for m in at.metric], shown(at))
    at.sidebar.text_input(key="neo4j_uri").set_value(neo4j_server.uri)
    at.sidebar.text_input(key="neo4j_user").set_value(neo4j_server.user or "neo4j")
    at.sidebar.text_input(key="neo4j_password").set_value(neo4j_server.password or "unused-password")
    at.sidebar.button[0].click().run()  # the connect form's button
    assert not at.exception
    assert f"Neo4j at {neo4j_server.uri}" in texts(at.sidebar.markdown)
    # The verdicts come from the same analysis functions over the same data, whatever answers queries.
    assert ([m.value for m in at.metric], shown(at)) == embedded
