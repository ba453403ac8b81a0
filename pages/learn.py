"""Learn: guided lessons over the graph, step by step, each ending with a quiz computed from the data."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from un_pathways.graph.lessons import Lesson
from un_pathways.graph.quiz import check_answer
from un_pathways.loaders.lessons import lessons_folder
from un_pathways.ui.data import data_dir, graph_or_stop, view_of
from un_pathways.ui.details import node_panel
from un_pathways.ui.lesson_view import (
    lessons_of,
    question_block,
    quiz_of,
    show_lesson_problems,
    step_caption,
    step_legend,
    step_picture,
)
from un_pathways.ui.network import graph_component
from un_pathways.ui.routing import ensure_router
from un_pathways.ui.text import escape_markdown
from un_pathways.ui.url_state import Param, as_choice, publish, restore, warn_ignored

LESSON, STEP, PICK, CLICK = "ln_lesson", "ln_step", "ln_pick", "ln_graph"
QUIZ = "quiz"


def _stages(lesson: Lesson) -> list[int | str]:
    """Every place in a lesson: its steps (1-based), then the quiz."""
    return [*range(1, len(lesson.steps) + 1), QUIZ]


def _go(stage: int | str) -> None:
    st.session_state[STEP] = stage
    st.session_state[PICK] = None


def _restart() -> None:
    """A new lesson starts at its first step."""
    _go(1)


def _on_click() -> None:
    clicked = st.session_state.get(CLICK) or {}
    if clicked.get("node"):
        st.session_state[PICK] = clicked["node"]


def _progress(lesson: Lesson, stage: int | str) -> None:
    stages = _stages(lesson)
    place = stages.index(stage) + 1
    what = (
        "Quiz"
        if stage == QUIZ
        else f"Step {stage} of {len(lesson.steps)}: {escape_markdown(lesson.steps[stage - 1].title)}"
    )
    st.progress(place / len(stages), text=what)
    st.segmented_control(
        "Go to",
        stages,
        key=STEP,
        format_func=lambda s: "Quiz" if s == QUIZ else str(s),
        required=True,
        label_visibility="collapsed",
        on_change=lambda: st.session_state.update({PICK: None}),
    )


def _step(graph: nx.MultiDiGraph, version: str, lesson: Lesson, number: int) -> None:
    step = lesson.steps[number - 1]
    vis, kinds = step_picture(graph, version, lesson.id, number - 1, lesson)
    picture, words = st.columns([2.3, 1], gap="medium")
    with picture:
        graph_component(vis, key=CLICK, height=460, focus=False, on_click=_on_click)
        st.html(step_legend(kinds))
        st.caption(escape_markdown(step_caption(graph, step)))
    with words:
        st.subheader(escape_markdown(step.title), anchor=False)
        st.markdown(escape_markdown(step.text))
        st.caption("Sources: " + escape_markdown("; ".join(s.citation() for s in step.sources)))
        back, forward = st.columns(2)
        back.button(
            "Previous",
            icon=":material/arrow_back:",
            disabled=number == 1,
            on_click=_go,
            args=(number - 1,),
            width="stretch",
            key="ln_prev",
        )
        last = number == len(lesson.steps)
        forward.button(
            "Take the quiz" if last else "Next",
            icon=":material/quiz:" if last else ":material/arrow_forward:",
            type="primary",
            on_click=_go,
            args=(QUIZ if last else number + 1,),
            width="stretch",
            key="ln_next",
        )
        picked = st.session_state.get(PICK)
        if picked and picked in graph:
            with st.expander("About the node you clicked", expanded=True):
                view = view_of(graph, version, step.year, step.setting, step.scenario)
                kind_names = {k: k.replace("_", " ") for k in graph.graph["dataset"].vocabulary.kinds}
                node_panel(
                    graph, view, picked, kind_names, on_pick=lambda n: st.session_state.update({PICK: n})
                )


def _check(key: str) -> None:
    st.session_state[f"{key}_checked"] = st.session_state.get(f"{key}_answer")


def _question_key(lesson: Lesson, index: int) -> str:
    return f"ln_q_{lesson.id}_{index}"


def _start_again(lesson: Lesson) -> None:
    for index in range(len(lesson.quiz)):
        for suffix in ("_answer", "_checked"):
            st.session_state.pop(_question_key(lesson, index) + suffix, None)


def _quiz(graph: nx.MultiDiGraph, version: str, lesson: Lesson) -> None:
    items = quiz_of(graph, version, lesson.id, lesson)
    questions, side = st.columns([2.4, 1], gap="large")
    right_answers = checked = 0
    with questions:
        st.subheader(f"Quiz: {len(items)} questions", anchor=False)
        st.caption(
            "The answers are worked out from the graph itself, so they follow the data. Pick an answer and "
            "press Check to see why."
        )
        for index, item in enumerate(items):
            key = _question_key(lesson, index)
            question_block(item, index + 1, key, on_check=lambda key=key: _check(key))
            chosen = st.session_state.get(f"{key}_checked")
            if chosen is not None:
                checked += 1
                right_answers += check_answer(item, chosen).correct
    with side:
        st.metric(
            "Your score", f"{right_answers} / {len(items)}", help="Right answers among the questions checked."
        )
        st.caption(f"{checked} of {len(items)} questions checked.")
        st.button(
            "Back to the last step",
            icon=":material/arrow_back:",
            on_click=_go,
            args=(len(lesson.steps),),
            key="ln_back",
            width="stretch",
        )
        st.button(
            "Start the quiz again",
            icon=":material/restart_alt:",
            on_click=_start_again,
            args=(lesson,),
            key="ln_again",
            width="stretch",
        )


def main() -> None:
    graph, version = graph_or_stop()
    st.title("Learn", anchor=False)
    folder = lessons_folder(data_dir())
    if not folder.is_dir():
        st.info(
            f"**No lessons in this dataset.** The data folder `{data_dir()}` has no `lessons/` folder. "
            "Lessons are YAML files in `data/lessons/`, one per lesson; the project's own data has six to "
            "start from.",
            icon=":material/school:",
        )
        return
    loaded = lessons_of(graph, version, str(data_dir()))
    if loaded.error is not None:
        show_lesson_problems(loaded.error, str(folder))
        return
    lessons = loaded.lessons
    if not lessons:
        st.info(f"**No lessons yet.** The folder `{folder}` holds no lesson files.", icon=":material/school:")
        return
    lesson_param = Param(LESSON, "lesson", next(iter(lessons)), as_choice(lessons))
    ignored = restore([lesson_param])
    lesson = lessons[st.session_state[LESSON]]
    step_param = Param(STEP, "step", 1, as_choice(_stages(lesson)))
    ignored += restore([step_param])
    if st.session_state[STEP] not in _stages(lesson):  # left over from a longer lesson
        _go(1)
    warn_ignored(ignored)

    st.selectbox(
        "Lesson",
        list(lessons),
        key=LESSON,
        format_func=lambda i: f"{lessons[i].order}. {lessons[i].title}",
        on_change=_restart,
    )
    st.caption(escape_markdown(lesson.summary))
    stage = st.session_state[STEP]
    _progress(lesson, stage)
    if stage == QUIZ:
        _quiz(graph, version, lesson)
    else:
        _step(graph, version, lesson, stage)
    publish([lesson_param, step_param])


ensure_router()
main()
