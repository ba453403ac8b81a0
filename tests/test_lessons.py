"""Guided lessons: they load against the real data, name only real ids, and their quizzes follow the graph."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from un_pathways.graph.build import build_graph, edge_properties
from un_pathways.graph.errors import DataError
from un_pathways.graph.lessons import (
    Lesson,
    Neighbourhood,
    Question,
    Subgraph,
    select_subgraph,
    step_subgraph,
)
from un_pathways.graph.model import Edge
from un_pathways.graph.quiz import QuestionUnanswerable, QuizItem, check_answer, lesson_quiz, make_question
from un_pathways.graph.reach import bottlenecks
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.loaders.lessons import lessons_folder, read_lessons

try:
    from tests.test_sources_integrity import project_files
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_sources_integrity import project_files

QUESTION = TypeAdapter(Question)
P5 = {"state.china", "state.france", "state.russia", "state.united-kingdom", "state.united-states"}
REQUIRED_TITLES = [
    "The Security Council and the veto",
    "The Secretariat and the Secretary-General's voice",
    "Non-mission settings: Resident Coordinators and the UNDP-DPA relationship",
    "Protection of civilians in peace operations",
    "Sri Lanka 2008-09: anatomy of an information gap",
    "Reforms: Special Circumstances, Human Rights Up Front, HIPPO",
]
SL_UNCT, SL_RC, SG, UNSC = (
    "field.unct.sri-lanka",
    "field.rc.sri-lanka",
    "un.secretary-general",
    "un.security-council",
)
SL_RC_TO_SG = f"{SL_RC} -REPORTS_TO-> {SG}"


@pytest.fixture(scope="module")
def graph():
    return build_graph(read_dataset())


@pytest.fixture(scope="module")
def lessons(graph):
    return read_lessons(DEFAULT_DATA_DIR, graph)


def ask(graph, seed: str = "test", **template) -> QuizItem:
    return make_question(graph, QUESTION.validate_python(template), seed)


# ------------------------------------------------------------------ the lessons on the real data


def test_the_six_lessons_load_in_teaching_order(lessons):
    assert [lesson.title for lesson in lessons.values()] == REQUIRED_TITLES
    assert [lesson.order for lesson in lessons.values()] == sorted(
        lesson.order for lesson in lessons.values()
    )


def test_each_lesson_has_five_to_eight_steps_and_three_to_five_questions(lessons):
    for lesson in lessons.values():
        assert 5 <= len(lesson.steps) <= 8, lesson.id
        assert 3 <= len(lesson.quiz) <= 5, lesson.id


def test_step_texts_are_short_for_a_student(lessons):
    for lesson in lessons.values():
        for number, step in enumerate(lesson.steps, 1):
            sentences = re.findall(r"[^.!?]+[.!?](?=\s|$)", step.text)
            assert 2 <= len(sentences) <= 5, f"{lesson.id} step {number} has {len(sentences)} sentences"


def test_every_id_a_lesson_names_exists_in_the_dataset(lessons, graph):
    dataset = graph.graph["dataset"]
    edges = set(dataset.edges) | {e.key for s in dataset.scenarios.values() for e in s.add_edges}
    for lesson in lessons.values():
        for step in lesson.steps:
            named = [*step.show.nodes, *(h.node for h in step.show.around), *step.highlight]
            assert set(named) <= set(dataset.nodes), lesson.id
            assert set(step.show.edges) <= edges
            assert set(step.show.edge_types) <= set(dataset.vocabulary.edge_types)
            assert step.scenario is None or step.scenario in dataset.scenarios
            shown = step_subgraph(graph, step)
            assert set(step.highlight) <= set(shown), f"{lesson.id}: {step.title} hides a highlighted node"
            assert set(step.show.nodes) <= set(shown), f"{lesson.id}: {step.title} misses a node in its year"
        for question in lesson.quiz:
            for field in ("source", "target", "node", "council"):
                assert getattr(question, field, None) in (None, *dataset.nodes), (lesson.id, field)
            assert getattr(question, "case", None) in (None, *dataset.cases)
            for scenario in [getattr(question, "scenario", None), *getattr(question, "scenarios", [])]:
                assert scenario in (None, *dataset.scenarios)


LOCATOR = re.compile(
    r"^(?:(?:FM|INT|R2P|POC|NMS|CON) ¶\d+(?:-¶\d+)?(?:, ¶\d+(?:-¶\d+)?)*|n\.\d+(?:, n\.\d+)*)$"
)
PARAGRAPHS = {"INT": 13, "R2P": 12, "POC": 13, "NMS": 13, "CON": 1}


def test_every_step_cites_the_paper_with_a_real_locator(lessons):
    for lesson in lessons.values():
        for step in lesson.steps:
            seed = [s.locator for s in step.sources if s.doc == "seed"]
            assert seed, f"{lesson.id}: {step.title} cites nothing in the paper"
            for locator in seed:
                for part in locator.split("; "):
                    assert LOCATOR.match(part), f"{lesson.id}: malformed locator {part!r}"
                    section = part.split(" ")[0]
                    for number in map(int, re.findall(r"¶(\d+)", part)):
                        assert 1 <= number <= PARAGRAPHS[section], (
                            f"{part!r}: the paper has no such paragraph"
                        )
                    assert all(1 <= int(n) <= 82 for n in re.findall(r"n\.(\d+)", part)), part


def test_lesson_files_are_covered_by_the_no_copy_check():
    checked = {path.resolve() for path in project_files()}
    files = sorted(lessons_folder(DEFAULT_DATA_DIR).glob("*.yaml"))
    assert len(files) >= 6 and all(path.resolve() in checked for path in files)


def test_every_quiz_question_offers_its_answer_exactly_once(lessons, graph):
    for lesson in lessons.values():
        for item in lesson_quiz(graph, lesson):
            ids = [choice.id for choice in item.choices]
            assert len(ids) == len(set(ids)) >= 3, item.prompt
            assert ids.count(item.answer) == 1
            assert item.explanation and item.sources


def test_quizzes_are_deterministic(lessons, graph):
    lesson = lessons["sri-lanka-information-gap"]
    assert lesson_quiz(graph, lesson) == lesson_quiz(graph, lesson)


# ------------------------------------------------------------------ each question kind on the real graph


def test_veto_holders_are_the_five_permanent_members(graph):
    for seed in map(str, range(25)):
        item = ask(graph, seed, ask="veto_holders")
        assert item.answer in P5
        assert not {c.id for c in item.choices if c.id != item.answer} & P5  # no distractor is also right
    for name in ("China", "France", "Russia", "United Kingdom", "United States"):
        assert name in item.explanation
    assert any("Article 27(3)" in source for source in item.sources)


def test_a_sri_lanka_warning_before_hruf_must_pass_through_the_resident_coordinator(graph):
    # NMS ¶1-¶2: the country team is led by the RC, through whom its concerns go up.
    item = ask(
        graph,
        ask="must_pass_through",
        **{"from": SL_UNCT, "to": UNSC},
        year=2009,
        scenario="pre_hruf",
        setting="non_mission",
    )
    assert item.answer == SL_RC
    view = configure(graph, as_of=2009, setting="non_mission", scenario="pre_hruf")
    on_every_route = set(bottlenecks(view, SL_UNCT, UNSC)["every_route_through"])
    assert {c.id for c in item.choices} & on_every_route == {
        SL_RC
    }  # the SG is on every route too: not offered
    assert "Resident Coordinator in Sri Lanka" in item.explanation


def test_with_hruf_the_warning_can_bypass_the_resident_coordinator(graph):
    # NMS ¶8: HRUF's coordination mechanisms back country teams directly from Headquarters.
    item = ask(
        graph,
        ask="must_pass_through",
        **{"from": SL_UNCT, "to": UNSC},
        year=2009,
        scenario="hruf",
        setting="non_mission",
    )
    assert item.answer == SG


def test_the_weakest_link_and_the_stall_point_of_sri_lanka_are_the_rc_line_to_the_secretary_general(graph):
    # NMS ¶2, ¶5-¶6: the RC's dependence on the host and fear for aid access kept the warning in the field.
    weakest = ask(graph, ask="weakest_link", **{"from": SL_UNCT, "to": UNSC}, year=2009, scenario="pre_hruf")
    stall = ask(graph, ask="stall_point", case="case.sri-lanka-2008-09")
    assert weakest.answer == stall.answer == SL_RC_TO_SG
    assert "information stage" in stall.explanation and "host consent dependence" in stall.explanation


def test_syria_stalls_at_the_council_decision(graph):
    # INT ¶6, ¶10: deadlock among the permanent members, Russian and Chinese vetoes.
    item = ask(graph, ask="stall_point", case="case.syria-2011-16")
    assert item.answer == "un.security-council -MANDATES-> case.syria-2011-16"
    assert "veto deadlock" in item.explanation


def test_related_finds_who_vetoed_syria_and_who_appointed_petrie(graph):
    for seed in map(str, range(10)):
        vetoes = ask(
            graph,
            seed,
            ask="related",
            node="res.syria-drafts-vetoed",
            types=["VETOED"],
            direction="in",
            prompt="Who vetoed the drafts on Syria?",
        )
        assert vetoes.answer in {"state.russia", "state.china"}  # INT ¶10; R2P ¶4
        assert not {c.id for c in vetoes.choices} - {vetoes.answer} & {"state.russia", "state.china"}
    petrie = ask(
        graph,
        ask="related",
        node="panel.petrie",
        types=["APPOINTS"],
        direction="in",
        prompt="Who appointed the panel?",
    )
    assert petrie.answer == "person.ban-ki-moon"  # NMS ¶5


def test_scenario_that_opens_a_channel(graph):
    hruf = ask(
        graph, ask="scenario_opens_channel", **{"from": SL_UNCT, "to": "mech.hruf-coordination"}, year=2009
    )
    task_force = ask(
        graph,
        ask="scenario_opens_channel",
        **{"from": SL_RC, "to": "mech.special-circumstances-task-force"},
        year=2009,
    )
    assert (hruf.answer, task_force.answer) == ("hruf", "special_circumstances")  # NMS ¶8; n.72


def test_best_scenario_compares_reach(graph):
    item = ask(
        graph,
        ask="best_scenario",
        **{"from": SL_UNCT, "to": UNSC},
        year=2009,
        scenarios=["pre_hruf", "special_circumstances", "hruf"],
    )
    assert item.answer == "hruf"
    assert {c.id for c in item.choices} == {"pre_hruf", "special_circumstances", "hruf"}
    candour = ask(
        graph,
        ask="best_scenario",
        **{"from": "un.secretariat", "to": UNSC},
        scenarios=["pre_hruf", "hruf", "brahimi_candour"],
    )
    assert candour.answer == "brahimi_candour"  # POC ¶8: self-censorship is the loss on this channel


def test_changing_the_graph_changes_the_answer(graph):
    changed = build_graph(read_dataset())
    shortcut = Edge.model_validate(
        {
            "from": SL_UNCT,
            "type": "ALERTS",
            "to": SG,
            "setting": "non_mission",
            "channel": True,
            "stage": "information",
            "friction": "low",
            "mechanism": ["capacity_gap"],
            "rationale": "test",
            "justification": "test judgement",
            "sources": [{"doc": "seed", "locator": "NMS ¶1"}],
        }
    )
    changed.add_edge(SL_UNCT, SG, key=shortcut.key, **edge_properties(shortcut))
    template = {"ask": "must_pass_through", "from": SL_UNCT, "to": UNSC, "year": 2009, "scenario": "pre_hruf"}
    assert ask(graph, **template).answer == SL_RC
    assert ask(changed, **template).answer == SG

    changed.remove_edge("state.france", UNSC, key=f"state.france -HOLDS_VETO_IN-> {UNSC}")
    item = ask(changed, ask="veto_holders")
    assert "France" not in item.explanation and item.explanation.startswith("4 ")


def test_checking_an_answer_is_pure(graph):
    item = ask(graph, ask="veto_holders")
    wrong = next(c.id for c in item.choices if c.id != item.answer)
    right = check_answer(item, item.answer)
    assert right.correct and right.answer.id == item.answer and right.sources == item.sources
    assert not check_answer(item, wrong).correct and check_answer(item, wrong).chosen.id == wrong
    assert not check_answer(item, None).correct and check_answer(item, "not.an-option").chosen is None
    assert check_answer(item, item.answer) == right


@pytest.mark.parametrize(
    "template, message",
    [
        ({"ask": "veto_holders", "council": "un.general-assembly"}, "holds a veto"),  # nobody vetoes the GA
        (
            {"ask": "best_scenario", "from": "un.secretariat", "to": UNSC, "scenarios": ["pre_hruf", "hruf"]},
            "same reach",
        ),  # HRUF leaves this channel as it was: a tie has no single answer
        ({"ask": "must_pass_through", "from": UNSC, "to": SL_UNCT}, "no channel route"),  # signals go up
        (
            {
                "ask": "related",
                "node": SG,
                "types": ["PRESSURES"],
                "direction": "in",
                "prompt": "Who {nope}?",
            },
            "placeholder",
        ),
    ],
)
def test_a_question_without_a_single_answer_is_refused(graph, template, message):
    with pytest.raises(QuestionUnanswerable, match=message):
        ask(graph, **template)


def test_a_subgraph_is_named_nodes_neighbourhoods_and_edges(graph):
    show = Subgraph(
        around=[Neighbourhood(node=UNSC, hops=1)],
        edge_types=["HOLDS_VETO_IN"],
        edges=[f"{SG} -BRIEFS-> {UNSC}"],
    )
    shown = select_subgraph(graph, show)
    assert set(shown) == P5 | {"un.permanent-members", UNSC, SG}
    assert {d["type"] for *_, d in shown.edges(data=True)} == {"HOLDS_VETO_IN", "BRIEFS"}
    in_2009 = select_subgraph(configure(graph, as_of=2009), Subgraph(nodes=["mech.hruf-coordination", SG]))
    assert set(in_2009) == {SG}  # HRUF's mechanisms were set up in 2013


# -------------------------------------------------------------- broken lessons: each problem, with its place

GOOD = DEFAULT_DATA_DIR / "lessons" / "sri-lanka-information-gap.yaml"


def _broken_folder(tmp_path: Path, text: str, name: str = "sri-lanka-information-gap.yaml") -> Path:
    data = tmp_path / "data"
    (data / "lessons").mkdir(parents=True)
    (data / "lessons" / name).write_text(text, encoding="utf-8")
    return data


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_broken_lesson_names_file_line_and_id(tmp_path, graph):
    text = GOOD.read_text(encoding="utf-8")
    text = text.replace(
        "highlight: [field.rc.sri-lanka]\n    year: 2009\n    scenario: pre_hruf",
        "highlight: [un.nowhere]\n    year: 2009\n    scenario: pre_hruf",
        1,
    )
    text = text.replace("    case: case.sri-lanka-2008-09\n", "    case: case.atlantis-2009\n", 1)
    data = _broken_folder(tmp_path, text)
    with pytest.raises(DataError) as caught:
        read_lessons(data, graph)
    message = str(caught.value)
    step_line = _line_of(text, "- title: The route up to the Council")
    quiz_line = _line_of(text, "- ask: stall_point")
    assert f"data/lessons/sri-lanka-information-gap.yaml:{step_line} [sri-lanka-information-gap]" in message
    assert "step 4 refers to unknown node 'un.nowhere'" in message
    assert f"sri-lanka-information-gap.yaml:{quiz_line}" in message and "'case.atlantis-2009'" in message
    assert len(caught.value.problems) == 2  # every problem at once


@pytest.mark.parametrize(
    "edit, line_of, fragment",
    [
        # a highlighted node the step does not draw
        (
            ("highlight: [case.sri-lanka-2008-09]\n    year: 2009", "highlight: [un.dpko]\n    year: 2009"),
            "- title: The last months of the war",
            "highlights 'un.dpko', which the step does not show",
        ),
        # a node that did not exist in the step's year
        (
            (
                "nodes: [state.sri-lanka, nsa.tamil-tigers, case.sri-lanka-2008-09]",
                "nodes: [state.sri-lanka, nsa.tamil-tigers, case.sri-lanka-2008-09, mech.hruf-coordination]",
            ),
            "- title: The last months of the war",
            "shows 'mech.hruf-coordination', which does not exist as of 2009",
        ),
        # a question the graph cannot answer: nobody vetoed the Petrie panel
        (
            ("    node: panel.petrie\n    types: [APPOINTS]", "    node: panel.petrie\n    types: [VETOED]"),
            "- ask: related",
            "cannot be answered",
        ),
        # an unknown question kind
        (("- ask: weakest_link", "- ask: weakest_hop"), "- ask: weakest_hop", "weakest_hop"),
        # a missing field
        (
            (
                "    text: >-\n      Sri Lanka was a non-mission",
                "    txt: >-\n      Sri Lanka was a non-mission",
            ),
            "- title: No mission, only a country team",
            "field 'steps.1.text' is missing",
        ),
    ],
)
def test_each_kind_of_mistake_is_reported_at_its_line(tmp_path, graph, edit, line_of, fragment):
    text = GOOD.read_text(encoding="utf-8")
    assert edit[0] in text
    text = text.replace(edit[0], edit[1], 1)
    with pytest.raises(DataError) as caught:
        read_lessons(_broken_folder(tmp_path, text), graph)
    line = _line_of(text, line_of)
    assert any(p.line == line and fragment in str(p) for p in caught.value.problems), str(caught.value)


def test_yaml_syntax_errors_and_misnamed_files_are_reported(tmp_path, graph):
    text = GOOD.read_text(encoding="utf-8")
    data = _broken_folder(tmp_path, text, name="sri-lanka.yaml")
    (data / "lessons" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_lessons(data, graph)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith("data/lessons/broken.yaml:") and "invalid YAML" in p for p in problems), problems
    assert any("differs from its file name" in p and "sri-lanka-information-gap.yaml" in p for p in problems)


def test_a_data_folder_without_lessons_has_none(tmp_path, graph):
    assert read_lessons(tmp_path, graph) == {}


def test_the_lesson_model_refuses_an_empty_step():
    raw = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    raw["steps"][0]["show"] = {"edge_types": ["ATTACKS"]}
    with pytest.raises(ValueError, match="must show some nodes"):
        Lesson.model_validate(raw)


def test_the_cli_lists_and_checks_the_lessons(capsys, tmp_path):
    from un_pathways.cli.main import main

    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert "sri-lanka-information-gap" in out and "ok: 6 lessons" in out
    broken = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, broken)
    target = broken / "lessons" / "reforms.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("policy.hruf]", "policy.hurf]"), encoding="utf-8"
    )
    assert main(["lessons", "--data", str(broken)]) == 1
    assert "unknown node 'policy.hurf'" in capsys.readouterr().err


def test_quiz_feedback_speaks_without_schema_names(lessons, graph):
    """No relation type in capitals (HOLDS_VETO_IN) and no edge key (a -TYPE-> b) in any explanation."""
    import re

    explanations = [item.explanation for lesson in lessons.values() for item in lesson_quiz(graph, lesson)]
    assert explanations
    schema = re.compile(r"\b[A-Z]+(?:_[A-Z]+)+\b|-[A-Z_]+->|\bedge\b")
    assert [text for text in explanations if schema.search(text)] == []
