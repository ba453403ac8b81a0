"""Write docs/cli.md from the parser itself, so the reference never drifts from the code.

Run ``python -m un_pathways.cli.reference > docs/cli.md``; a test fails when the file is stale.
"""

from __future__ import annotations

import argparse
import os

from un_pathways.cli.main import build_parser

__all__ = ["render_reference"]

INTRO = """# `pathways` command reference

Generated from the parser by `python -m un_pathways.cli.reference > docs/cli.md`; do not edit by hand.
Every command takes `--json` for machine-readable output and `--data DIR` for another data folder.
Errors print one line to stderr and exit with code 1 (invalid data) or 2 (any other problem).

## JSON shapes

- `paths --json`: `{from, to, as_of, setting, scenario, threshold, reach: {probability, low, high, method, arcs},
  paths: [{nodes: [id], hops: [{from, to, key, type, stage, friction, pass_probability, mechanism, rationale,
  sources, signal_after}], signal, stall: {hop_index, from, to, stage, friction, mechanism, rationale, sources} | null,
  weakest: {...}}]}`
- `stall FROM --json`: `{from, reached: {id: signal}, stalls_by_stage: {stage: [{from, to, stage, friction,
  mechanism, rationale, sources, signal_before, signal_after}]}}`; with `--to`: `{from, to, stall, signal}`
- `bottlenecks --json`: `{from, to, reach, edges: [{from, to, type, stage, friction, mechanism,
  reach_drop_if_removed, reach_gain_if_repaired}], nodes: [{id, reach_drop_if_removed, on_every_route}],
  min_cut: [{from, to}], every_route_through: [id]}`
- `compare --json`: `{target, first: {configuration, source, reach, paths, stall}, second: {...}, reach_change,
  stall_moved, changed_edges: [{key, from, to, type, stage, first: {present, friction, pass_probability, mechanism,
  rationale}, second: {...}}]}`
- `cases --json`: `[{case, name, scenario, as_of, setting, legs, verdict: {information, decision, implementation,
  stall}, paper: {...}, agrees: {all, ...}, vetoes: {can_block, recorded_vetoes}}]`
- `query NAME --format json`, `cypher --format json`: `{columns, rows, backend, elapsed_ms, truncated}`
- `find --json`: `[{what, id, node, name, kind, tier, match, field, snippet}]` best first (`what`: node or
  relation; `match`: exact name, name starts with, close name or full text; nodes add `labels, aliases`);
  `show --json`: the node's properties plus
  `outgoing` and `incoming` edge lists; `stats --json`: counts by kind, edge type, stage and friction.
"""


def render_reference() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal width: fix it
    parser = build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sections = [INTRO]
    for name, command in subcommands.choices.items():
        command.prog = f"pathways {name}"
        sections.append(f"## `pathways {name}`\n\n```text\n{command.format_help().rstrip()}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(render_reference(), end="")
