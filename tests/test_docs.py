"""Docs and reality must not drift: the README's commands, CI, and the CLI reference."""

from __future__ import annotations

import re
from pathlib import Path

from un_pathways.cli.reference import render_reference

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    return [block.strip() for block in blocks[:2]]


def test_readme_opens_with_two_one_line_commands():
    text = (ROOT / "README.md").read_text()
    first_block = text.index("```bash")
    assert "\n## " not in text[:first_block], "the two commands come before any section"
    commands = readme_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert commands[0].endswith("pathways app"), "the first command opens the explorer"
    assert "pytest" in commands[1] and "[dev]" in commands[1], (
        "the second installs dev deps and runs the tests"
    )


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci.splitlines()
    assert "PATHWAYS_REQUIRE_NEO4J=1" in ci


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text() == render_reference(), (
        "docs/cli.md is stale: run `python -m un_pathways.cli.reference > docs/cli.md`"
    )


def test_data_model_doc_is_current():
    from un_pathways.loaders.data_model_doc import render_data_model

    assert (ROOT / "docs" / "data-model.md").read_text() == render_data_model(), (
        "docs/data-model.md is stale: run `python -m un_pathways.loaders.data_model_doc > docs/data-model.md`"
    )
