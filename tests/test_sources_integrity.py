"""The dataset paraphrases the paper, never copies it, and covers everything the inventory lists."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from loaders.dataset import read_dataset

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAPER = SHARED / "seed" / "un-protection-agenda-2016.txt"
INVENTORY = SHARED / "seed-inventory.md"
RUN = 12
SKIP_DIRS = {".git", ".venv", "node_modules", "target", "__pycache__", ".pytest_cache", "schemas", "screenshots"}
TEXT_SUFFIXES = {".py", ".yaml", ".yml", ".md", ".cypher", ".txt", ".html", ".js", ".toml", ".json"}

needs_shared = pytest.mark.skipif(not PAPER.exists(), reason="../shared/seed is not beside this checkout")


def words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def runs(sequence: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(sequence[i : i + n]) for i in range(len(sequence) - n + 1)}


def project_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIP_DIRS)
        for name in sorted(files):
            if Path(name).suffix in TEXT_SUFFIXES:
                yield Path(folder) / name


@needs_shared
def test_no_run_of_twelve_words_from_the_paper():
    paper = runs(words(PAPER.read_text(encoding="utf-8")))
    copied = {}
    for path in project_files():
        overlap = runs(words(path.read_text(encoding="utf-8", errors="ignore"))) & paper
        if overlap:
            copied[str(path.relative_to(ROOT))] = " ".join(sorted(overlap)[0])
    assert not copied, f"paraphrase these passages copied from the paper: {copied}"


def inventory_codes() -> dict[str, str]:
    """In-scope inventory codes and their names (sections a.1-a.7, a.9, b, c, d, e)."""
    codes = {}
    for line in INVENTORY.read_text(encoding="utf-8").splitlines():
        row = re.match(r"^\| ([IFBXPMDC]\d\d) \| ([^|]+) \|", line)
        edge = re.match(r"^- (E\d\d\d) `(.+?)`", line)
        if row:
            codes[row.group(1)] = row.group(2).strip()
        elif edge:
            codes[edge.group(1)] = edge.group(2)
    # Not actors per the inventory's scope: authors, reviewers, interviewees and location-only states.
    for code in ("P11", "P12", "P13", "P14", "M37"):
        codes.pop(code, None)
    return codes


def tagged_codes() -> set[str]:
    dataset = read_dataset()
    tagged = set()
    for item in [*dataset.nodes.values(), *dataset.edges.values(), *dataset.cases.values()]:
        tagged.update(item.inventory)
    for scenario in dataset.scenarios.values():
        for edge in scenario.add_edges:
            tagged.update(edge.inventory)
    return tagged


@needs_shared
def test_every_inventory_entry_is_in_the_dataset():
    tagged = tagged_codes()
    missing = {code: name for code, name in inventory_codes().items() if code not in tagged}
    assert not missing, f"{len(missing)} inventory entries are not in the dataset: {missing}"


@needs_shared
def test_every_stall_mechanism_of_the_paper_has_a_vocabulary_term():
    text = INVENTORY.read_text(encoding="utf-8")
    paper_mechanisms = set(re.findall(r"^\| (K\d\d) \|", text, re.MULTILINE))
    covered = {code for entry in read_dataset().vocabulary.mechanisms.values() for code in entry.inventory}
    assert paper_mechanisms - covered == set()


@needs_shared
def test_inventory_edges_keep_their_type_or_a_documented_equivalent():
    """Each inventory edge tagged on a dataset edge has its own type or the one data/vocabulary/inventory-types.yaml maps it to."""
    dataset = read_dataset()
    mapping = dataset.vocabulary.inventory_types
    text = INVENTORY.read_text(encoding="utf-8")
    inventory_types = dict(re.findall(r"^- (E\d\d\d) `.+? -\[([A-Z_]+)\]-> ", text, re.MULTILINE))
    wrong = []
    for edge in dataset.edges.values():
        for code in edge.inventory:
            if code not in inventory_types:
                continue
            their_type = inventory_types[code]
            allowed = mapping.get(their_type, their_type).split()
            if edge.type != allowed[0] and their_type != edge.type:
                wrong.append(f"{code}: inventory {their_type} maps to {allowed[0]}, dataset has {edge.key}")
    assert not wrong, "\n".join(wrong)
