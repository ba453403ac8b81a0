"""Write docs/data-model.md from the vocabulary files, so every term is documented with an example.

Run ``python -m loaders.data_model_doc > docs/data-model.md``; a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

from un_pathways.graph.errors import DataError
from un_pathways.graph.model import FRICTIONS, STAGES
from un_pathways.graph.settings import DEFAULT_FRICTION_PASS
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, _Collector, _read_vocabulary

__all__ = ["render_data_model"]

INTRO = Path(__file__).with_name("data_model_intro.md")

FRICTION_MEANING = {
    "none": "the channel works as intended",
    "low": "it usually passes, with minor delay or dilution",
    "medium": "it passes about as often as not",
    "high": "it usually fails: the paper records it failing",
    "blocking": "nothing passes (a veto, an expulsion, a closed door)",
}
STAGE_MEANING = {
    "information": "does the warning reach those who can act? (field -> headquarters -> Secretary-General / Council)",
    "decision": "do they decide? (Council, Secretary-General, Human Rights Council...)",
    "implementation": "is the decision carried out? (missions, troop contributors, sanctions, referrals)",
}


def _table(title: str, entries: dict, with_label: bool = False) -> str:
    head = "| term | label | meaning | example |\n| --- | --- | --- | --- |" if with_label else "| term | meaning | example |\n| --- | --- | --- |"
    rows = []
    for term, entry in sorted(entries.items()):
        cells = [f"`{term}`"] + ([f"`:{entry.label}`"] if with_label else []) + [entry.description, entry.example]
        if entry.inventory:
            cells[-2] += f" (paper: {', '.join(entry.inventory)})"
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return f"## {title}\n\n{head}\n" + "\n".join(rows) + "\n"


def render_data_model(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    collector = _Collector(Path(data_dir))
    vocabulary = _read_vocabulary(Path(data_dir) / "vocabulary", collector)
    if vocabulary is None:  # the problems say which vocabulary file is wrong, and how to fix it
        raise DataError(collector.problems)
    frictions = "\n".join(
        f"| `{level}` | {DEFAULT_FRICTION_PASS[level]} | {FRICTION_MEANING[level]} |" for level in FRICTIONS
    )
    stages = "\n".join(f"| `{stage}` | {STAGE_MEANING[stage]} |" for stage in STAGES)
    mapping = "\n".join(f"| `{theirs}` | `{ours}` |" for theirs, ours in sorted(vocabulary.inventory_types.items()))
    return "\n".join(
        [
            INTRO.read_text(encoding="utf-8"),
            _table("Node kinds", vocabulary.kinds, with_label=True),
            _table("Roles (extra labels)", vocabulary.roles, with_label=True),
            _table("Edge types", vocabulary.edge_types),
            _table("Stall mechanisms", vocabulary.mechanisms),
            f"## Friction levels\n\n| level | default pass probability | meaning |\n| --- | --- | --- |\n{frictions}\n",
            f"## Stages\n\n| stage | question |\n| --- | --- |\n{stages}\n",
            "## Inventory relation types and their documented equivalents\n\n"
            "The seed inventory names relations freely; each maps to one type above ('reversed' = the edge "
            f"runs the other way).\n\n| inventory type | dataset type |\n| --- | --- |\n{mapping}\n",
        ]
    )


if __name__ == "__main__":
    print(render_data_model(), end="")
