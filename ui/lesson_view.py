"""How a lesson reads on screen: the step's subgraph with its highlights, the text and sources, the quiz.

Lessons are read and checked once per data version (cached with the graph
they were checked against); each step's picture reuses the app's graph
component and styling, laid out on its own so that a handful of nodes fill
the frame without crowding.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace

import networkx as nx
import streamlit as st

from un_pathways.graph.errors import DataError, PathwaysError
from un_pathways.graph.lessons import Lesson, Step, select_subgraph
from un_pathways.graph.quiz import QuizItem, check_answer, lesson_quiz
from un_pathways.loaders.lessons import read_lessons
from un_pathways.ui.data import scenario_label, view_of
from un_pathways.ui.graph_data import VisGraph, vis_graph
from un_pathways.ui.graph_style import legend_html
from un_pathways.ui.small_layout import small_view_layout
from un_pathways.ui.text import escape_markdown

__all__ = [
    "HIGHLIGHT_BORDER",
    "LoadedLessons",
    "highlighted_ids",
    "lessons_of",
    "quiz_of",
    "show_lesson_problems",
    "step_caption",
    "step_legend",
    "step_picture",
    "question_block",
]

HIGHLIGHT_BORDER = 5  # border width that marks a highlighted node (also how tests find them)
HIGHLIGHT_RING = "#1b1f24"
PROBLEMS_SHOWN = 12


@dataclass(frozen=True)
class LoadedLessons:
    """The lessons of a data folder in teaching order, or the error that stopped them."""

    lessons: dict[str, Lesson]
    error: PathwaysError | None = None


@st.cache_resource(show_spinner="Checking the lessons…", max_entries=8)
def lessons_of(_graph: nx.MultiDiGraph, version: str, folder: str) -> LoadedLessons:
    """Read and check the lessons once per data version (a failure is cached too: no rereading on reruns)."""
    try:
        return LoadedLessons(read_lessons(folder, _graph))
    except PathwaysError as exc:
        return LoadedLessons({}, exc)


@st.cache_resource(show_spinner="Working out the quiz…", max_entries=32)
def quiz_of(_graph: nx.MultiDiGraph, version: str, lesson_id: str, _lesson: Lesson) -> list[QuizItem]:
    """The lesson's quiz, answered on the graph (cached per data version and lesson)."""
    return lesson_quiz(_graph, _lesson)


# A step shows a handful of nodes: sizes and labels vary less than in the whole-graph overview.
STEP_SCALING = {"min": 12, "max": 30, "label": {"enabled": True, "min": 15, "max": 21}}


def _lesson_style(vis: VisGraph, nodes: list[str]) -> VisGraph:
    """Ring the highlighted nodes and give them a glow; scale sizes for a handful of nodes."""
    wanted = set(nodes)
    styled = []
    for node in vis.nodes:
        if node["id"] in wanted:
            colour = dict(node["color"])
            colour.update(border=HIGHLIGHT_RING, highlight={**colour["highlight"], "border": HIGHLIGHT_RING})
            node = {
                **node,
                "borderWidth": HIGHLIGHT_BORDER,
                "color": colour,
                "shadow": {"enabled": True, "color": "rgba(242,169,0,0.9)", "size": 22, "x": 0, "y": 0},
            }
        styled.append(node)
    options = {**vis.options, "nodes": {**vis.options["nodes"], "scaling": STEP_SCALING}}
    digest = hashlib.sha1(json.dumps([vis.version, sorted(wanted)]).encode()).hexdigest()[:16]
    return replace(vis, nodes=styled, options=options, version=digest)


def highlighted_ids(nodes: list[dict]) -> set[str]:
    """Which of the nodes sent to the graph component are drawn highlighted."""
    return {node["id"] for node in nodes if node.get("borderWidth") == HIGHLIGHT_BORDER}


@st.cache_resource(show_spinner=False, max_entries=128)
def step_picture(
    _graph: nx.MultiDiGraph, version: str, lesson_id: str, index: int, _lesson: Lesson
) -> tuple[VisGraph, frozenset[str]]:
    """The step's subgraph as the graph component draws it, and the node kinds it shows."""
    step = _lesson.steps[index]
    view = view_of(_graph, version, step.year, step.setting, step.scenario)
    shown = select_subgraph(view, step.show)
    kind_names = {k: k.replace("_", " ") for k in _graph.graph["dataset"].vocabulary.kinds}
    vis = vis_graph(shown, positions=small_view_layout(shown), kind_names=kind_names, metric="uniform")
    return _lesson_style(vis, step.highlight), frozenset(a["kind"] for _, a in shown.nodes(data=True))


def step_legend(kinds: frozenset[str]) -> str:
    """The legend for the kinds a step shows, as on the Explore page."""
    return legend_html(kinds, {k: k.replace("_", " ") for k in kinds})


def step_caption(graph: nx.MultiDiGraph, step: Step) -> str:
    """How the step configures the graph: its year, scenario and setting."""
    parts = [f"as of {step.year}" if step.year else "all years"]
    if step.scenario:
        parts.append(f"scenario: {scenario_label(graph, step.scenario)}")
    if step.setting:
        parts.append(step.setting.replace("_", "-") + " settings")
    return "The graph shows the system " + " · ".join(parts) + "."


def show_lesson_problems(error: PathwaysError, folder: str) -> None:
    """Say plainly why the lessons cannot be shown, with every problem found (file, line, id)."""
    if isinstance(error, DataError):
        count = len(error.problems)
        st.error(
            f"**The lessons in `{folder}` are invalid** ({count} problem{'s' if count != 1 else ''}). "
            "Fix the files (or run `pathways lessons`), then press **Reload data** in the sidebar.",
            icon=":material/error:",
        )
        st.code("\n".join(str(p) for p in error.problems[:PROBLEMS_SHOWN]), language=None, wrap_lines=True)
        if count > PROBLEMS_SHOWN:
            st.caption(f"…and {count - PROBLEMS_SHOWN} more.")
    else:
        st.error(f"**The lessons could not be read:** {escape_markdown(error)}", icon=":material/error:")


def question_block(item: QuizItem, number: int, key: str, on_check: Callable[[], None]) -> None:
    """One quiz question: radio answers, a Check button and, once checked, the verdict with its sources."""
    labels = {c.id: escape_markdown(c.label) for c in item.choices}
    state = st.session_state
    with st.container(border=True):
        st.markdown(f"**{number}. {escape_markdown(item.prompt)}**")
        st.radio(
            "Your answer",
            list(labels),
            format_func=labels.get,
            index=None,
            key=f"{key}_answer",
            label_visibility="collapsed",
            on_change=lambda: state.pop(f"{key}_checked", None),  # a new answer needs a new check
        )
        st.button("Check", key=f"{key}_check", on_click=on_check, icon=":material/task_alt:")
        if f"{key}_checked" not in state:
            return
        chosen = state[f"{key}_checked"]
        if chosen is None:
            st.warning("Choose an answer first, then press Check.", icon=":material/touch_app:")
            return
        feedback = check_answer(item, chosen)
        answer = escape_markdown(feedback.answer.label)
        if feedback.correct:
            st.success(f"**Right:** {answer}.", icon=":material/check_circle:")
        else:
            st.error(f"**Not quite.** The answer is **{answer}**.", icon=":material/cancel:")
        st.markdown(escape_markdown(feedback.explanation))
        st.caption("Sources: " + escape_markdown("; ".join(feedback.sources)))
