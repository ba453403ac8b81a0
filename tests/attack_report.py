"""Render the attack suite's outcomes as the tables of docs/reliability.md, section 10.

``declared_table()`` is what the catalogue declares (every attack, every entry
point, refused); tests/test_reliability_doc.py checks the page holds it.
``outcome_table(records)`` counts a run's recorded outcomes (the JSON the suite
writes under pytest's temporary folder) by entry point and by the gate that
stopped each attempt:

    python tests/attack_report.py /tmp/pytest-of-$USER/pytest-current/attacks.json
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

try:
    from tests.attack_catalogue import ATTACKS, ENTRY_POINTS, FUZZ_EXAMPLES, WEBSOCKET_ONLY
except ImportError:  # run as a script: tests/ itself is on sys.path
    from attack_catalogue import ATTACKS, ENTRY_POINTS, FUZZ_EXAMPLES, WEBSOCKET_ONLY

__all__ = ["declared_table", "outcome_table"]

GATES = ["size limit", "text filter", "plan check", "Neo4j refused it", "server memory cap", "time limit"]


def declared_table() -> str:
    """Attempts the suite makes and what it requires of them (the catalogue is refused everywhere)."""
    lines = [
        "| attempts | entry points | each | required outcome |",
        "| --- | --- | ---: | --- |",
        f"| issue 17's reproductions and kin ({len(ATTACKS)}) | {', '.join(ENTRY_POINTS)} | "
        f"{len(ATTACKS) * len(ENTRY_POINTS)} attempts | refused or stopped, none ran to the end |",
        f"| texts only a raw client sends as they are ({len(WEBSOCKET_ONLY)}: NUL, 1 MB) | "
        f"{ENTRY_POINTS[-1]} | {len(WEBSOCKET_ONLY)} attempts | refused |",
        f"| generated texts ({FUZZ_EXAMPLES} per entry point) | runner, plan check alone | "
        f"{2 * FUZZ_EXAMPLES} attempts | refused, or ran read-only with the checksum unchanged |",
    ]
    return "\n".join(lines)


def outcome_table(records: list[dict]) -> str:
    """Counts of one run: attempts, refused (by gate) and passed, per source and entry point."""
    keys = sorted({(r["source"], r["entry"]) for r in records})
    keys.sort(key=lambda key: (key[0], ENTRY_POINTS.index(key[1])))
    lines = [
        "| source | entry point | attempts | refused | passed (read-only, harmless) | "
        + " | ".join(GATES)
        + " |",
        "| --- | --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in GATES) + " |",
    ]
    for source, entry in keys:
        mine = [r for r in records if (r["source"], r["entry"]) == (source, entry)]
        gates = Counter(r["gate"] for r in mine if r["outcome"] == "refused")
        refused = sum(gates.values())
        lines.append(
            f"| {source} | {entry} | {len(mine)} | {refused} | {len(mine) - refused} | "
            + " | ".join(str(gates.get(g, 0)) for g in GATES)
            + " |"
        )
    total = len(records)
    refused = sum(r["outcome"] == "refused" for r in records)
    lines.append(f"| **total** | | **{total}** | **{refused}** | **{total - refused}** |" + " |" * len(GATES))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/attack_report.py ATTACKS_JSON", file=sys.stderr)
        return 2
    records = json.loads(Path(argv[0]).read_text())
    print(declared_table(), outcome_table(records), sep="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
