"""`pathways cases` as text: the model's estimate, the curated reading of the paper and the comparison.

Each is labelled for whose statement it is: *model* (computed from the curators' channel grades, an
estimate), *paper/curators* (the case file's reading of the paper, with its locator; the curators'
inferences marked as such) and the comparison between the two, which is a consistency check.
"""

from __future__ import annotations

import textwrap

from un_pathways.cli.output import table
from un_pathways.graph.cases import CONSISTENCY_NOTE, tally_comparisons
from un_pathways.graph.model import STAGES

__all__ = ["case_report", "cases_table"]

_SHORT = {"reproduces": "reproduces", "differs": "DIFFERS", "nothing_to_compare": "nothing to compare"}
_WIDTH = 100


def _word(value: str | None) -> str:
    return value.replace("_", " ") if value else "-"


def cases_table(verdicts: list[dict]) -> str:
    """One row per case: per stage "model / reading", the comparison, then the count and what it is."""
    rows = []
    for verdict in verdicts:
        comparison = verdict["comparison"]
        cells = [f"{_word(row['model'])} / {_word(row['reading'])}" for row in comparison["stages"].values()]
        result = _SHORT[comparison["result"]]
        if comparison["differs_on"]:
            result += f" ({', '.join(_word(d) for d in comparison['differs_on'])})"
        rows.append([verdict["case"].removeprefix("case."), *cells, result])
    columns = ["case", *(f"{stage}: model / reading" for stage in STAGES)]
    columns.append("comparison with the curated reading")
    return "\n".join([table(columns, rows), "", _tally_text(verdicts)])


def _tally_text(verdicts: list[dict]) -> str:
    tally = tally_comparisons(v["comparison"] for v in verdicts)
    text = (
        f"{tally['reproduces']} of {tally['cases']} cases reproduce the curated reading of the paper, "
        f"{tally['differs']} differ from it and {tally['nothing_to_compare']} with nothing to compare "
        f"({tally['stages_compared']} of {tally['stages']} stages compared; a stage the paper does not state "
        f"is left out). Model: the engine's estimate from the channel grades. {CONSISTENCY_NOTE}"
    )
    return textwrap.fill(text, _WIDTH)


def _indent(text: str, first: str) -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=first, subsequent_indent=" " * len(first))


def _model_line(verdict: dict, stage: str) -> str:
    value = verdict["verdict"][stage]
    leg = next((leg for leg in verdict["legs"] if leg["stage"] == stage), None)
    if leg is None:
        stalled_before = verdict["verdict"]["stall"] is not None
        why = "not run: the case stalls at an earlier stage"
        why = why if stalled_before else "not modelled: the case has no implementer"
        return f"{_word(value)} ({why})"
    if leg["path"] is None:
        return f"{_word(value)} (no channel route at this stage)"
    signal, threshold = leg["path"]["signal"], verdict["threshold"]
    text = f"{_word(value)} (best route keeps a signal of {signal:.2f}; threshold {threshold:.2f})"
    stall = verdict["verdict"]["stall"]
    if stall and stall["stage"] == stage:
        why = ", ".join(_word(m) for m in stall["mechanism"]) or "no mechanism"
        text += f"; stalls at {stall['from']} -> {stall['to']} ({why})"
    return text


def _reading_lines(reading: dict) -> list[str]:
    head = _word(reading["status"])
    if reading.get("locator"):
        head += f" [{reading['locator']}]"
    lines = [head + (f": {reading['says']}" if reading.get("says") else "")]
    if reading.get("actors"):
        lines.append(f"actors the paper gives: {', '.join(reading['actors'])}")
    if reading.get("mechanisms"):
        lines.append(f"mechanisms the paper gives: {', '.join(_word(m) for m in reading['mechanisms'])}")
    inference = reading.get("inference")
    if inference:
        added = [
            *(["the status itself"] if inference.get("status") else []),
            *inference.get("actors", []),
            *(_word(m) for m in inference.get("mechanisms", [])),
        ]
        lines.append(f"curators' inference ({', '.join(added)}): {inference['reason']}")
    for source in reading.get("public_record", []):
        note = f" ({source['note']})" if source.get("note") else ""
        lines.append(f"public record, not the paper: {source['locator']}{note}")
    return lines


def _comparison_word(row: dict) -> str:
    if not row["compared"]:
        return "not compared (the reading states nothing the model computes)"
    text = "reproduces" if row["reproduces"] else "differs"
    return text + (" (rests on a curators' inference)" if row["inferred"] else "")


def case_report(verdict: dict) -> str:
    """One case, stage by stage: model, paper/curators, comparison; then the stall checks and the result."""
    comparison, reading = verdict["comparison"], verdict["curated_reading"]
    lines = [
        f"{verdict['name']} ({verdict['case']}): scenario {verdict['scenario'] or 'none'}, "
        f"as of {verdict['as_of']}, {_word(verdict['setting'])} setting",
    ]
    for stage in STAGES:
        lines.append(f"\n{stage}")
        lines.append(_indent(_model_line(verdict, stage), "  model (estimate):  "))
        for index, text in enumerate(_reading_lines(reading[stage])):
            lines.append(_indent(text, "  paper/curators:    " if index == 0 else "                     "))
        lines.append(_indent(_comparison_word(comparison["stages"][stage]), "  comparison:        "))

    def check(name: str, ok: bool | None) -> str:
        text = f"{name} {'-' if ok is None else ('yes' if ok else 'no')}"
        inferred = name in comparison["rests_on_inference"]
        return text + (" (only through a curators' inference)" if inferred else "")

    checks = ", ".join(check(name, ok) for name, ok in comparison["stall"].items())
    lines.append(f"\nstall checks (stage, an actor, a mechanism the reading gives; - not compared): {checks}")
    lines.append(_indent(f"{comparison['text']}. {CONSISTENCY_NOTE}", "overall: "))
    return "\n".join(lines)
