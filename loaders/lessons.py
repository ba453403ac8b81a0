"""Read ``data/lessons/*.yaml`` into validated lessons, checked against the dataset they teach.

A lesson is only useful when every id it names is real, every highlighted node
is on screen in the step's year and scenario, and every quiz question has one
right answer in the graph. Each problem names the file, the line of the step
or question and the lesson id, with a fix; all of them are collected into one
:class:`DataError`, as :mod:`loaders.dataset` does for the rest of ``data/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from un_pathways.graph.errors import DataError, PathwaysError
from un_pathways.graph.lessons import Lesson, Step, step_subgraph
from un_pathways.graph.quiz import make_question, question_seed
from un_pathways.graph.views import dataset_of
from un_pathways.loaders.dataset import _Collector, _suggest
from un_pathways.loaders.yaml_source import LINE_KEY

__all__ = ["LESSONS_FOLDER", "lessons_folder", "read_lessons"]

LESSONS_FOLDER = "lessons"


def lessons_folder(data_dir: Path | str) -> Path:
    """Where a data folder keeps its lessons (it may not exist: lessons are optional)."""
    return Path(data_dir).resolve() / LESSONS_FOLDER


class _Known:
    """The ids a lesson may refer to, taken from the dataset its graph was built from."""

    def __init__(self, graph: nx.MultiDiGraph):
        dataset = dataset_of(graph)
        self.nodes = dataset.nodes
        self.edges = set(dataset.edges) | {e.key for s in dataset.scenarios.values() for e in s.add_edges}
        self.cases = dataset.cases
        self.scenarios = dataset.scenarios
        self.edge_types = dataset.vocabulary.edge_types
        self.kinds = dataset.vocabulary.kinds

    def unknown(self, what: str, value: str) -> tuple[str, str] | None:
        """(message, fix) when ``value`` is not a known ``what``, else None."""
        known = {
            "node": self.nodes,
            "edge": self.edges,
            "case": self.cases,
            "scenario": self.scenarios,
            "edge type": self.edge_types,
            "kind": self.kinds,
        }[what]
        if value in known:
            return None
        return f"refers to unknown {what} '{value}'", _suggest(value, {k: None for k in known})


def _line(raw: Any, section: str, index: int) -> int | None:
    items = raw.get(section) if isinstance(raw, dict) else None
    if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
        return items[index].get(LINE_KEY)
    return raw.get(LINE_KEY) if isinstance(raw, dict) else None


def _step_references(step: Step) -> list[tuple[str, str]]:
    refs = [("node", n) for n in [*step.show.nodes, *(h.node for h in step.show.around), *step.highlight]]
    refs += [("edge", key) for key in step.show.edges] + [("edge type", t) for t in step.show.edge_types]
    return refs + ([("scenario", step.scenario)] if step.scenario else [])


def _question_references(question: Any) -> list[tuple[str, str]]:
    refs = [
        ("node", getattr(question, name))
        for name in ("source", "target", "node", "council")
        if getattr(question, name, None)
    ]
    refs += [("case", question.case)] if getattr(question, "case", None) else []
    refs += [
        ("scenario", s)
        for s in [getattr(question, "scenario", None), *getattr(question, "scenarios", [])]
        if s
    ]
    refs += [("edge type", t) for t in getattr(question, "types", [])]
    return refs + ([("kind", question.kind)] if getattr(question, "kind", None) else [])


def _check_step(step: Step, number: int, graph: nx.MultiDiGraph, known: _Known) -> list[tuple[str, str]]:
    problems = [p for what, value in _step_references(step) if (p := known.unknown(what, value))]
    if problems:
        return [(f"step {number} {message}", fix) for message, fix in problems]
    shown = step_subgraph(graph, step)
    when = ", ".join(
        filter(None, [f"as of {step.year}" if step.year else "", step.scenario or "", step.setting or ""])
    )
    named = [*step.show.nodes, *(h.node for h in step.show.around)]
    for node in named:
        if node not in shown:
            problems.append(
                (
                    f"step {number} shows '{node}', which does not exist {when or 'here'}",
                    "change the step's year or scenario, or drop the node",
                )
            )
    for node in step.highlight:
        if node not in shown:
            problems.append(
                (
                    f"step {number} highlights '{node}', which the step does not show",
                    "add it to show.nodes, or highlight a node the step shows",
                )
            )
    for key in step.show.edges:
        if not any(k == key for *_, k in shown.edges(keys=True)):
            problems.append(
                (
                    f"step {number} shows edge '{key}', which does not exist {when or 'here'}",
                    "change the step's year or scenario, or drop the edge",
                )
            )
    return problems


def _check_lesson(lesson: Lesson, raw: dict, path: Path, graph: nx.MultiDiGraph, out: _Collector) -> None:
    known = _Known(graph)
    for index, step in enumerate(lesson.steps):
        for message, fix in _check_step(step, index + 1, graph, known):
            out.add(path, _line(raw, "steps", index), lesson.id, message, fix)
    for index, question in enumerate(lesson.quiz):
        line = _line(raw, "quiz", index)
        problems = [p for what, value in _question_references(question) if (p := known.unknown(what, value))]
        for message, fix in problems:
            out.add(path, line, lesson.id, f"quiz question {index + 1} ({question.ask}) {message}", fix)
        if problems:
            continue
        try:
            make_question(graph, question, question_seed(lesson, index))
        except PathwaysError as exc:
            out.add(
                path,
                line,
                lesson.id,
                f"quiz question {index + 1} ({question.ask}) cannot be answered: {exc}",
                "change the question's parameters so the graph gives exactly one right answer",
            )


def read_lessons(data_dir: Path | str, graph: nx.MultiDiGraph) -> dict[str, Lesson]:
    """Read and check every lesson, by id in teaching order; raise DataError listing every problem.

    A data folder without ``lessons/`` simply has no lessons (an empty dict).

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset, DEFAULT_DATA_DIR
    >>> from un_pathways.graph.build import build_graph
    >>> lessons = read_lessons(DEFAULT_DATA_DIR, build_graph(read_dataset()))
    >>> next(iter(lessons.values())).title
    'The Security Council and the veto'
    """
    folder = lessons_folder(data_dir)
    out = _Collector(folder.parent.parent)
    found: dict[str, tuple[Lesson, Path, int | None]] = {}
    for path in out.files(folder):
        before = len(out.problems)
        raw = out.read(path)
        if not isinstance(raw, dict):
            if len(out.problems) == before:
                out.add(
                    path,
                    None,
                    None,
                    "expected a lesson (a mapping with id, title, steps, quiz)",
                    "see data/lessons/ for examples",
                )
            continue
        lesson = out.validate(Lesson, raw, path, {})
        if lesson is None:
            continue
        line = raw.get(LINE_KEY)
        if path.stem != lesson.id:
            out.add(
                path,
                line,
                lesson.id,
                f"lesson id '{lesson.id}' differs from its file name",
                f"rename the file to {lesson.id}.yaml",
            )
        if lesson.id in found:
            out.add(
                path,
                line,
                lesson.id,
                f"duplicate lesson id, first in {out.name(found[lesson.id][1])}",
                "give each lesson its own id",
            )
            continue
        same_order = [other for other, *_ in found.values() if other.order == lesson.order]
        if same_order:
            out.add(
                path,
                line,
                lesson.id,
                f"order {lesson.order} is also the order of '{same_order[0].id}'",
                "give each lesson its own place in the sequence",
            )
        _check_lesson(lesson, raw, path, graph, out)
        found[lesson.id] = (lesson, path, line)
    if out.problems:
        raise DataError(out.problems)
    ordered = sorted(found.values(), key=lambda item: (item[0].order, item[0].id))
    return {lesson.id: lesson for lesson, *_ in ordered}
