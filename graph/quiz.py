"""Quiz questions whose answers, distractors and explanations are computed from the graph.

A lesson declares question templates (:mod:`graph.lessons`); this module turns
each into a :class:`QuizItem` by asking the graph (one answerer per kind, in
:mod:`graph.quiz_kinds`): who holds a veto, which
actor lies on every route (:func:`graph.reach.bottlenecks`), which hop is the
weakest (:func:`graph.pathways.most_reliable_paths`), where a case stalls
(:func:`graph.cases.case_verdict`), which scenario opens a channel or helps
most (:func:`graph.views.configure`, :func:`graph.reach.reach_probability`).
Change the data and the answers follow. Distractors are drawn with a seeded
random generator, so the same data always gives the same quiz, and they never
include a right answer. Checking an answer is the pure :func:`check_answer`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import networkx as nx

from un_pathways.graph.lessons import Lesson, Question
from un_pathways.graph.quiz_kinds import ANSWERERS, Choice, Draft, QuestionUnanswerable, tidy
from un_pathways.graph.settings import SETTINGS

__all__ = [
    "Choice",
    "Feedback",
    "QuestionUnanswerable",
    "QuizItem",
    "check_answer",
    "lesson_quiz",
    "make_question",
    "question_seed",
]


@dataclass(frozen=True)
class QuizItem:
    """A ready question: its options in display order, the right one, and why."""

    kind: str
    prompt: str
    choices: tuple[Choice, ...]
    answer: str
    explanation: str
    sources: tuple[str, ...]

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, with the explanation and its sources."""

    correct: bool
    chosen: Choice | None
    answer: Choice
    explanation: str
    sources: tuple[str, ...]


def check_answer(item: QuizItem, chosen: str | None) -> Feedback:
    """Judge an answer (a choice id, or None when nothing was chosen).

    Examples
    --------
    >>> item = QuizItem("demo", "Which?", (Choice("a", "A"), Choice("b", "B")), "b", "B is right.", ())
    >>> check_answer(item, "b").correct, check_answer(item, "a").correct, check_answer(item, None).correct
    (True, False, False)
    """
    picked = next((c for c in item.choices if c.id == chosen), None)
    return Feedback(
        picked is not None and picked.id == item.answer,
        picked,
        item.choice(item.answer),
        item.explanation,
        item.sources,
    )


def _assemble(rng: random.Random, kind: str, draft: Draft, count: int) -> QuizItem:
    """Pick ``count - 1`` distractors among the most plausible wrong options and shuffle all."""
    wrong = [c for c in dict((c.id, c) for c in draft.wrong).values() if c.id != draft.answer.id]
    pool = wrong[: max(2 * (count - 1), count + 2)]
    picked = rng.sample(pool, min(count - 1, len(pool)))
    if not picked:
        raise QuestionUnanswerable(f"{draft.prompt!r} has no wrong options beside {draft.answer.label!r}")
    choices = [draft.answer, *picked]
    rng.shuffle(choices)
    sources = tuple(dict.fromkeys(draft.sources))
    return QuizItem(kind, draft.prompt, tuple(choices), draft.answer.id, tidy(draft.explanation), sources)


def make_question(graph: nx.MultiDiGraph, question: Question, seed: str) -> QuizItem:
    """Answer a question template on ``graph``; ``seed`` fixes the distractors and their order.

    Raises :class:`QuestionUnanswerable` when the graph gives no single right answer.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> from un_pathways.graph.lessons import VetoHolders
    >>> G = build_graph(read_dataset())
    >>> item = make_question(G, VetoHolders(ask="veto_holders"), seed="demo")
    >>> item.answer.removeprefix("state.") in {"china", "france", "russia", "united-kingdom", "united-states"}
    True
    """
    rng = random.Random(f"{SETTINGS['random_seed'].default}:{seed}")
    return _assemble(rng, question.ask, ANSWERERS[type(question)](graph, question, rng), question.choices)


def question_seed(lesson: Lesson, index: int) -> str:
    """The seed of a lesson's question: its lesson and position, so each quiz is stable on its own."""
    return f"{lesson.id}:{index}"


def lesson_quiz(graph: nx.MultiDiGraph, lesson: Lesson) -> list[QuizItem]:
    """Every question of a lesson's quiz, answered on ``graph``."""
    return [make_question(graph, q, question_seed(lesson, index)) for index, q in enumerate(lesson.quiz)]
