"""The Learn page, run headless with AppTest on the project's real data/.

Every lesson renders, Next moves to the next step and changes what the graph
highlights, a quiz answer gets the right verdict with its explanation and
sources, and a shared link opens lesson N at step M.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from un_pathways.graph.build import build_graph
from un_pathways.graph.quiz import lesson_quiz
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.loaders.lessons import read_lessons
from un_pathways.ui.lesson_view import highlighted_ids

try:
    from tests.data_env import pathways_data
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from data_env import pathways_data
try:
    from tests.test_app_fixture_data import write_app_dataset
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_fixture_data import write_app_dataset

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 90
LESSONS = read_lessons(DEFAULT_DATA_DIR, build_graph(read_dataset(DEFAULT_DATA_DIR)))


@pytest.fixture(scope="module", autouse=True)
def real_data():
    """PATHWAYS_DATA pointing at the project's data/ while this module runs (restored after)."""
    with pathways_data(DEFAULT_DATA_DIR) as folder:
        yield folder


def open_learn(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/learn.py")
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawn(at: AppTest) -> dict:
    """What the page sent to the graph component."""
    return json.loads(at.get("component_instance")[0].proto.json_args)


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


@pytest.mark.parametrize("lesson_id", list(LESSONS))
def test_every_lesson_renders_its_first_step_and_its_quiz(lesson_id):
    lesson = LESSONS[lesson_id]
    at = open_learn(lesson=lesson_id)
    assert at.title[0].value == "Learn"
    assert at.selectbox(key="ln_lesson").value == lesson_id
    assert at.subheader[0].value == lesson.steps[0].title
    assert highlighted_ids(drawn(at)["nodes"]) == set(lesson.steps[0].highlight)
    assert not at.error
    at = open_learn(lesson=lesson_id, step="quiz")
    assert len(at.radio) == len(lesson.quiz)
    assert at.subheader[0].value == f"Quiz: {len(lesson.quiz)} questions"


def test_next_changes_the_step_the_text_and_the_highlights():
    lesson = LESSONS["security-council-veto"]
    at = open_learn(lesson="security-council-veto")
    assert highlighted_ids(drawn(at)["nodes"]) == {"un.security-council"}
    assert at.button(key="ln_prev").disabled
    at.button(key="ln_next").click().run()
    assert at.subheader[0].value == lesson.steps[1].title
    highlights = highlighted_ids(drawn(at)["nodes"])
    assert highlights == {
        "state.china",
        "state.france",
        "state.russia",
        "state.united-kingdom",
        "state.united-states",
    }
    assert at.query_params["step"] == "2" and at.query_params["lesson"] == "security-council-veto"
    at.button(key="ln_prev").click().run()
    assert at.subheader[0].value == lesson.steps[0].title


def test_walking_a_whole_lesson_ends_at_the_quiz():
    lesson = LESSONS["sri-lanka-information-gap"]
    at = open_learn(lesson=lesson.id)
    for step in lesson.steps[1:]:
        at.button(key="ln_next").click().run()
        assert not at.exception and at.subheader[0].value == step.title
    assert at.button(key="ln_next").label == "Take the quiz"
    at.button(key="ln_next").click().run()
    assert at.query_params["step"] == "quiz" and len(at.radio) == len(lesson.quiz)


def test_a_shared_link_opens_lesson_n_at_step_m():
    lesson = LESSONS["protection-of-civilians"]
    at = open_learn(lesson="protection-of-civilians", step="3")
    assert at.selectbox(key="ln_lesson").value == "protection-of-civilians"
    assert at.subheader[0].value == lesson.steps[2].title
    progress = at.get("progress")[0]
    assert progress.proto.text == f"Step 3 of {len(lesson.steps)}: {lesson.steps[2].title}"
    assert progress.value == round(100 * 3 / (len(lesson.steps) + 1))  # the quiz is the last place
    assert highlighted_ids(drawn(at)["nodes"]) == set(lesson.steps[2].highlight)


def test_a_step_that_does_not_exist_is_ignored_with_a_warning():
    at = open_learn(lesson="reforms", step="42")
    assert "Part of this link was ignored" in texts(at.warning)
    assert at.subheader[0].value == LESSONS["reforms"].steps[0].title


def test_choosing_another_lesson_starts_it_at_step_one():
    at = open_learn(lesson="reforms", step="5")
    at.selectbox(key="ln_lesson").set_value("non-mission-settings").run()
    assert at.subheader[0].value == LESSONS["non-mission-settings"].steps[0].title
    assert at.query_params["step"] == "1"


def test_quiz_answers_get_the_right_verdict_explanation_and_sources():
    lesson = LESSONS["sri-lanka-information-gap"]
    first = lesson_quiz(build_graph(read_dataset(DEFAULT_DATA_DIR)), lesson)[0]
    assert first.answer == "field.rc.sri-lanka"  # the RC lies on every route before HRUF (NMS ¶1-¶2)
    key = f"ln_q_{lesson.id}_0"
    at = open_learn(lesson=lesson.id, step="quiz")

    at.button(key=f"{key}_check").click().run()
    assert "Choose an answer first" in texts(at.warning)

    wrong = next(c for c in first.choices if c.id != first.answer)
    at.radio(key=f"{key}_answer").set_value(wrong.id).run()
    at.button(key=f"{key}_check").click().run()
    assert "Not quite" in texts(at.error) and "The answer is **Resident Coordinator in Sri Lanka**" in texts(
        at.error
    )
    assert first.explanation in texts(at.markdown)
    assert any(c.value.startswith("Sources: seed:") for c in at.caption)
    assert at.metric[0].value == "0 / 4"

    at.radio(key=f"{key}_answer").set_value(first.answer).run()
    assert not at.error  # a new answer clears the old verdict until it is checked
    at.button(key=f"{key}_check").click().run()
    assert "Right:" in texts(at.success) and "Resident Coordinator in Sri Lanka" in texts(at.success)
    assert at.metric[0].value == "1 / 4"

    at.button(key="ln_again").click().run()
    assert at.radio(key=f"{key}_answer").value is None and not at.success


def test_a_dataset_without_lessons_says_so(tmp_path, monkeypatch):
    data = write_app_dataset(tmp_path)
    shutil.rmtree(data / "lessons")
    monkeypatch.setenv("PATHWAYS_DATA", str(data))
    at = open_learn()
    assert "No lessons in this dataset" in texts(at.info)
    assert not at.error


def test_broken_lessons_are_listed_not_a_traceback(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    lesson = data / "lessons" / "reforms.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("policy.hruf]", "policy.hurf]"), encoding="utf-8"
    )
    monkeypatch.setenv("PATHWAYS_DATA", str(data))
    at = open_learn()
    assert "are invalid" in texts(at.error)
    assert "data/lessons/reforms.yaml:" in texts(at.code) and "policy.hurf" in texts(at.code)
