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

Robustness (model estimates over the plausible ranges that `graph/settings.py` declares): a *robustness*
object is `{holds, share, label: robust|fragile, samples, tipping_point: flip | null, flips: [flip],
route_channels: [edge key]}`, a *flip* is `{kind: friction|threshold|channel, dimension, direction: up|down,
from, to, cost, within_plausible, becomes}`, a *band* is `{p5, median, p95}`.

- `paths --json`: `{from, to, as_of, setting, scenario, threshold, reach: {probability, low, high, method, \
arcs,
  band, band_samples}, stall_robustness: robustness, paths: [{nodes: [id], hops: [{from, to, key, type, stage,
  friction, pass_probability, mechanism, rationale, sources, signal_after, loss_share, blocks}], signal,
  stall: {hop_index, from, to, stage, friction, mechanism, rationale, sources, loss_share, blocks} | null,
  weakest: {...}}]}`; `loss_share` is the hop's share of the route's total `-log p` (a blocking hop takes \
it all)
- `stall FROM --json`: `{from, reached: {id: signal}, stalls_by_stage: {stage: [{from, to, stage, friction,
  mechanism, rationale, sources, signal_before, signal_after, robustness_share}]}}`; with `--to`:
  `{from, to, stall, signal, stall_robustness}`
- `bottlenecks --json`: `{from, to, reach, edges: [{from, to, type, stage, friction, mechanism,
  reach_drop_if_removed, reach_gain_if_repaired}], nodes: [{id, reach_drop_if_removed, on_every_route}],
  min_cut: [{from, to}], every_route_through: [id]}`
- `compare --json`: `{target, first: {configuration, source, reach: {..., band}, paths, stall, robustness:
  {reach: {value, band, samples}, stall: robustness}}, second: {...}, reach_change, stall_moved, \
changed_edges:
  [{key, from, to, type, stage, first: {present, friction, pass_probability, mechanism, rationale}, \
second: {...}}]}`
- `cases --json`: `[{case, name, scenario, as_of, setting, threshold, legs, verdict: {information,
  decision, implementation, stall}` (the model's estimate), `curated_reading: {information: {status,
  locator, says, actors, mechanisms, inference, public_record}, decision: {...}, implementation: {...},
  stall_stage, summary, sources}` (the case file's reading of the paper), `comparison: {result, text,
  reproduces, stages: {stage: {reading, model, compared, reproduces, inferred}}, stall: {stage, actor,
  mechanism}, differs_on, rests_on_inference}, vetoes: {can_block, recorded_vetoes}, robustness: {verdict:
  robustness, stall: robustness}, reach: {from, to, value, band, samples} | null}]`; `result` is
  `reproduces` (the curated reading of the paper), `differs` or `nothing_to_compare`: a consistency check
  between the curators' grades and readings, not a validation
- `sensitivity CASE --json`: `{case, threshold, friction: {level: p}, verdict: robustness, stall: robustness}`
- `query NAME --format json`, `cypher --format json`: `{columns, rows, backend, elapsed_ms, truncated,
  cut_at}` (`cut_at`: `rows` or `size` when the result was cut at the row or size limit, else empty)
- `find --json`: `[{what, id, node, name, kind, tier, match, field, snippet}]` best first (`what`: node or
  relation; `match`: exact name, name starts with, close name or full text; nodes add `labels, aliases`);
  `show --json`: the node's properties plus
  `outgoing` and `incoming` edge lists (a channel's `rationale` and `sources` are the paper's, its `friction`,
  `mechanism` and `justification` the curators' judgement) and `statement_kinds`, which says so per field;
  `stats --json`: counts by kind, edge type, stage and friction.
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
