"""Write docs/data-model.md from the vocabulary files, so every term is documented with an example.

Run ``python -m un_pathways.loaders.data_model_doc > docs/data-model.md``; a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

from un_pathways.graph.errors import DataError
from un_pathways.graph.model import STAGES
from un_pathways.graph.settings import (
    DEFAULT_FRICTION_PASS,
    FRICTION_LEVELS,
    PLAUSIBLE_FRICTION_PASS,
    PLAUSIBLE_THRESHOLD,
)
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, _Collector, _read_vocabulary
from un_pathways.loaders.resources import data_model_intro

__all__ = ["render_data_model"]

INTRO = data_model_intro()

FRICTION_MEANING = {
    "none": "the channel works as intended",
    "low": "it usually passes, with minor delay or dilution",
    "medium": "it passes about as often as not",
    "high": "it usually fails",
    "blocking": "nothing passes (a veto, an expulsion, a closed door)",
}
STAGE_MEANING = {
    "information": "does the warning reach those who can act? "
    "(field -> headquarters -> Secretary-General / Council)",
    "decision": "do they decide? (Council, Secretary-General, Human Rights Council...)",
    "implementation": "is the decision carried out? (missions, troop contributors, sanctions, referrals)",
}


def _table(title: str, entries: dict, with_label: bool = False, in_file_order: bool = False) -> str:
    head = (
        "| term | label | meaning | example |\n| --- | --- | --- | --- |"
        if with_label
        else "| term | meaning | example |\n| --- | --- | --- |"
    )
    rows = []
    for term, entry in entries.items() if in_file_order else sorted(entries.items()):
        cells = (
            [f"`{term}`"] + ([f"`:{entry.label}`"] if with_label else []) + [entry.description, entry.example]
        )
        if entry.inventory:
            cells[-2] += f" (paper: {', '.join(entry.inventory)})"
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return f"## {title}\n\n{head}\n" + "\n".join(rows) + "\n"


def _range(span) -> str:
    return f"{span.low:g}-{span.high:g}"


def render_data_model(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    collector = _Collector(Path(data_dir))
    vocabulary = _read_vocabulary(Path(data_dir) / "vocabulary", collector)
    if vocabulary is None:  # the problems say which vocabulary file is wrong, and how to fix it
        raise DataError(collector.problems)
    frictions = "\n".join(
        f"| `{level}` | {DEFAULT_FRICTION_PASS[level]} | {_range(PLAUSIBLE_FRICTION_PASS[level])} | "
        f"{FRICTION_MEANING[level]} |"
        for level in FRICTION_LEVELS
    )
    stages = "\n".join(f"| `{stage}` | {STAGE_MEANING[stage]} |" for stage in STAGES)
    mapping = "\n".join(
        f"| `{theirs}` | `{ours}` |" for theirs, ours in sorted(vocabulary.inventory_types.items())
    )
    return "\n".join(
        [
            INTRO.read_text(encoding="utf-8"),
            _table("Node kinds", vocabulary.kinds, with_label=True),
            _table("Roles (extra labels)", vocabulary.roles, with_label=True),
            _table("Edge types", vocabulary.edge_types),
            _table("Stall mechanisms", vocabulary.mechanisms),
            _table("Case outcome statuses (`stage.status`)", vocabulary.outcome_statuses, in_file_order=True),
            "## Friction levels\n\nA channel's grade and these probabilities are the curators' judgement, "
            "not the paper's; robustness samples each probability over its plausible range "
            "(and the stall threshold, "
            f"default 0.5, over {_range(PLAUSIBLE_THRESHOLD)}), see graph/settings.py for the reasons.\n\n"
            "| level | default pass probability | plausible range | meaning |\n| --- | --- | --- | --- |\n"
            f"{frictions}\n",
            f"## Stages\n\n| stage | question |\n| --- | --- |\n{stages}\n",
            "## Inventory relation types and their documented equivalents\n\n"
            "The seed inventory names relations freely; each maps to one type above ('reversed' = the edge "
            f"runs the other way).\n\n| inventory type | dataset type |\n| --- | --- |\n{mapping}\n",
        ]
    )


if __name__ == "__main__":
    print(render_data_model(), end="")
