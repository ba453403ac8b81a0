"""The ``lessons`` command: list the guided lessons and check them against the dataset."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from un_pathways.cli import context
from un_pathways.cli.output import emit_json, table
from un_pathways.graph.quiz import lesson_quiz
from un_pathways.loaders.lessons import lessons_folder, read_lessons

__all__ = ["register"]


def _lessons(args: argparse.Namespace) -> int:
    folder = lessons_folder(args.data)
    graph = context.graph(args.data)
    lessons = read_lessons(args.data, graph)  # a DataError lists every problem and exits 1
    if args.json:
        emit_json(
            [
                {
                    "id": lesson.id,
                    "order": lesson.order,
                    "title": lesson.title,
                    "summary": lesson.summary,
                    "steps": [
                        step.model_dump(mode="json", by_alias=True, exclude_none=True)
                        for step in lesson.steps
                    ],
                    "quiz": [asdict(item) for item in lesson_quiz(graph, lesson)],
                }
                for lesson in lessons.values()
            ]
        )
        return 0
    if not lessons:
        print(f"no lessons: {folder} {'is empty' if folder.is_dir() else 'does not exist'}")
        return 0
    rows = [[l.order, l.id, l.title, len(l.steps), len(l.quiz)] for l in lessons.values()]  # noqa: E741
    print(table(["order", "id", "title", "steps", "questions"], rows))
    print(f"\nok: {len(lessons)} lessons, every id they name exists and every quiz question has one answer")
    return 0


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    help_ = "list the guided lessons (data/lessons/) and check them; exit 1 if any is invalid"
    parser = commands.add_parser("lessons", parents=[common], help=help_, description=help_)
    parser.set_defaults(run=_lessons)
