"""docs/reliability.md and the tests it cites must not drift apart.

Every test file the page names must exist, every point of the issue must have
its section, and the counts it quotes must be the counts the tests use.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_test_file_the_page_names_exists():
    named = set(re.findall(r"tests/[\w/]+\.py", DOC))
    assert len(named) >= 8
    assert sorted(path for path in named if not (ROOT / path).is_file()) == []


@pytest.mark.parametrize(
    "number, title",
    [
        (1, "Read-only by construction"),
        (2, "Parameters, never interpolation"),
        (3, "Time and size limits"),
        (4, "Bad data"),
        (5, "Idempotency and recovery"),
        (6, "A lost database"),
        (7, "Hostile text in the data"),
        (8, "Secrets"),
        (9, "Concurrent use"),
        (10, "Hostile Cypher"),
    ],
)
def test_every_point_of_the_issue_has_its_section(number, title):
    assert f"\n## {number}. {title}\n" in DOC


def test_the_counts_quoted_are_the_counts_tested():
    from tests.test_concurrency import CLIENTS, ROUNDS
    from tests.test_hostile_input import HOSTILE, NODE_COMMANDS, SAVED, WITH_PARAMETERS
    from tests.test_limits import LIMIT_S
    from tests.test_read_only import WRITES
    from un_pathways.graph.settings import SETTINGS

    parameters = sum(len(SAVED[name].parameters) for name in WITH_PARAMETERS)
    quoted = [
        f"{len(WRITES)} write and admin statements",
        f"{len(HOSTILE)} hostile values",
        f"{parameters} parameters × {len(HOSTILE)} values = {parameters * len(HOSTILE):,} calls",
        f"{len(NODE_COMMANDS)} CLI commands",
        f"{len(NODE_COMMANDS) * len(HOSTILE)} calls",
        f"{CLIENTS} client threads",
        f"{ROUNDS} times over, in turn, against the test Neo4j",
        f"`row_limit`, {SETTINGS['row_limit'].default:,}",
        f"`query_timeout_s`, {SETTINGS['query_timeout_s'].default:g} s by default",
        f"| {LIMIT_S:g} s |",
    ]
    assert [text for text in quoted if text not in DOC] == []


def _between(start: str, end: str) -> str:
    return DOC.split(start, 1)[1].split(end, 1)[0].strip()


def test_the_attack_table_is_what_the_suite_declares():
    """The declared attempts are rendered from tests/attack_catalogue.py, never typed by hand."""
    from tests.attack_report import declared_table

    assert _between("<!-- attack-declared -->", "<!-- /attack-declared -->") == declared_table()


def test_the_recorded_run_covers_every_declared_attempt():
    """The run table's total is the number of attempts the suite makes, all of the catalogue refused."""
    from tests.attack_catalogue import ATTACKS, ENTRY_POINTS, FUZZ_EXAMPLES, WEBSOCKET_ONLY

    total = re.search(r"\| \*\*total\*\* \| \| \*\*([\d,]+)\*\* \| \*\*([\d,]+)\*\*", DOC)
    assert total, "the run table of section 10 is missing"
    declared = len(ATTACKS) * len(ENTRY_POINTS) + 2 * FUZZ_EXAMPLES + len(WEBSOCKET_ONLY)
    assert int(total[1].replace(",", "")) == declared
    catalogue = re.findall(r"\| catalogue \| [^|]+ \| (\d+) \| (\d+) \|", DOC)
    assert catalogue == [(str(len(ATTACKS)), str(len(ATTACKS)))] * len(ENTRY_POINTS)
    websocket_only = re.findall(r"\| websocket only \| [^|]+ \| (\d+) \| (\d+) \|", DOC)
    assert websocket_only == [(str(len(WEBSOCKET_ONLY)), str(len(WEBSOCKET_ONLY)))]
