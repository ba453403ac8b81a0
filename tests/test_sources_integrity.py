"""The dataset paraphrases the paper, never copies it, and covers everything the inventory lists."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from un_pathways.graph.lookup import fold
from un_pathways.graph.model import Edge
from un_pathways.loaders.dataset import read_dataset

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAPER = SHARED / "seed" / "un-protection-agenda-2016.txt"
INVENTORY = SHARED / "seed-inventory.md"
RUN = 12
SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "target",
    "__pycache__",
    ".pytest_cache",
    "schemas",
    "screenshots",
}
SKIP_DIRS |= {".mypy_cache", ".mypy_root", ".ruff_cache", ".hypothesis", "build", "dist"}  # caches, builds
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


def inventory_edges() -> dict[str, tuple[str, str, str]]:
    """Each inventory relationship as (from, TYPE, to), keyed by its code: `A -[TYPE]-> B`."""
    text = INVENTORY.read_text(encoding="utf-8")
    pattern = r"^- (E\d\d\d) `(.+?) -\[([A-Z_]+)\]-> (.+?)`"
    return {code: (a, kind, b) for code, a, kind, b in re.findall(pattern, text, re.MULTILINE)}


def inventory_rows() -> dict[str, str]:
    """The entity rows of the inventory (I01, M10, D46...) and their names."""
    text = INVENTORY.read_text(encoding="utf-8")
    return dict(re.findall(r"^\| ([IFBXPMDC]\d\d) \| ([^|]+?) \|", text, re.MULTILINE))


def tagged_edges(dataset):
    """Every edge that may carry inventory codes: the base graph's and those scenarios add."""
    yield from dataset.edges.values()
    for scenario in dataset.scenarios.values():
        yield from scenario.add_edges


def documented_type(mapping: dict[str, str], their_type: str) -> tuple[str, bool]:
    """Our type for an inventory relation type, and whether the edge is stored the other way round."""
    ours, *flags = mapping.get(their_type, their_type).split()
    return ours, flags == ["reversed"]


def name_forms(text: str) -> set[str]:
    """The ways an inventory endpoint may name a node: whole, its quoted title, without its bracketed gloss,
    the gloss alone, each part of "A / B" or "A and B", and what comes before a place ("Peacekeepers in CAR").
    """
    plain = fold(text)
    forms = {plain.replace('"', ""), *re.findall(r'"(.+?)"', plain)}
    forms |= {re.sub(r"\(.*?\)", " ", form) for form in forms} | set(re.findall(r"\((.*?)\)", plain))
    for form in list(forms):
        forms.update(re.split(r" / | and ", form))
    forms |= {form.split(" in ")[0] for form in forms}
    return {fold(form) for form in forms if form.strip()}


def singular_words(text: str) -> frozenset[str]:
    """Significant words without a plural s, so "UN missions" reads as the kind "Mission"."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return frozenset(word.removesuffix("s") for word in words if word not in {"un", "the"})


class EndpointReader:
    """Which dataset nodes an inventory endpoint names.

    A node is named by its name, acronym or alias, or through the inventory row it carries (I02 "UN Security
    Council"); a plural kind ("UN missions", "member states") names every node of that kind; and a node whose
    id extends a named id (field.rc.sri-lanka under field.rc) is that office in one country.
    """

    def __init__(self, dataset):
        self.by_name: dict[str, set[str]] = {}
        for node in dataset.nodes.values():
            for name in [node.name, node.short, *node.aliases]:
                if name:
                    self.by_name.setdefault(fold(name), set()).add(node.id)
        tagged: dict[str, set[str]] = {}
        for node in dataset.nodes.values():
            for code in node.inventory:
                tagged.setdefault(code, set()).add(node.id)
        for code, row_name in inventory_rows().items():
            for form in name_forms(row_name):
                self.by_name.setdefault(form, set()).update(tagged.get(code, set()))
        self.by_kind = {
            singular_words(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", entry.label or kind)): {
                node.id for node in dataset.nodes.values() if node.kind == kind
            }
            for kind, entry in dataset.vocabulary.kinds.items()
        }
        self.ids = list(dataset.nodes)

    def nodes_named(self, text: str) -> set[str]:
        named: set[str] = set()
        for form in name_forms(text):
            named |= self.by_name.get(form, set())
            if form.split()[-1].endswith("s"):
                named |= self.by_kind.get(singular_words(form), set())
        return named | {node for node in self.ids if any(node.startswith(f"{parent}.") for parent in named)}


@needs_shared
def test_inventory_edges_keep_their_type_or_a_documented_equivalent():
    """Each inventory edge tagged on a dataset edge has its own type or the one
    data/vocabulary/inventory-types.yaml maps it to."""
    dataset = read_dataset()
    mapping, relations = dataset.vocabulary.inventory_types, inventory_edges()
    wrong = []
    for edge in tagged_edges(dataset):
        for code in edge.inventory:
            if code not in relations:
                continue
            their_type = relations[code][1]
            ours, _ = documented_type(mapping, their_type)
            if edge.type not in (ours, their_type):
                wrong.append(f"{code}: inventory {their_type} maps to {ours}, dataset has {edge.key}")
    assert not wrong, "\n".join(wrong)


def direction_problem(
    edge, code: str, relation: tuple[str, str, str], reader: EndpointReader, mapping: dict
) -> str | None:
    """Why ``edge``, tagged with inventory relation ``code``, runs against the inventory (None if not).

    The edge is wrong when its ends are named the other way round more than the right way, and cannot be
    judged (also a problem) when the inventory's wording names neither of its ends.
    """
    start, their_type, end = relation
    _, stored_reversed = documented_type(mapping, their_type)
    source_text, target_text = (end, start) if stored_reversed else (start, end)
    sources, targets = reader.nodes_named(source_text), reader.nodes_named(target_text)
    right_way = (edge.source in sources) + (edge.target in targets)
    wrong_way = (edge.source in targets) + (edge.target in sources)
    expected = f"{code} `{start} -[{their_type}]-> {end}` expects {source_text!r} -> {target_text!r}"
    if wrong_way > right_way:
        return f"{expected}, but the dataset edge runs the other way: {edge.key}"
    if right_way == wrong_way == 0:
        return f"{expected}; it names neither end of {edge.key}: move the tag or give the node that alias"
    return None


@needs_shared
def test_inventory_edges_keep_their_direction_or_a_documented_reversal():
    """Each inventory edge `A -[TYPE]-> B` tagged on a dataset edge runs from A to B, or from B to A where
    inventory-types.yaml says the type is stored "reversed" (ESTABLISHES -> ESTABLISHED_BY)."""
    dataset = read_dataset()
    reader, relations = EndpointReader(dataset), inventory_edges()
    mapping = dataset.vocabulary.inventory_types
    problems = [
        direction_problem(edge, code, relations[code], reader, mapping)
        for edge in tagged_edges(dataset)
        for code in edge.inventory
        if code in relations
    ]
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


@needs_shared
@pytest.mark.parametrize(
    ("code", "source", "type_", "target", "verdict"),
    [
        # E010 DPA -[PART_OF]-> Secretariat, stored as stated
        ("E010", "un.dpa", "PART_OF", "un.secretariat", None),
        # the same relation written backwards
        ("E010", "un.secretariat", "PART_OF", "un.dpa", "runs the other way"),
        # E117 HRUF -[ESTABLISHED_BY]-> Ban: no reversal documented, so Ban -> HRUF is backwards
        ("E117", "person.ban-ki-moon", "ESTABLISHED_BY", "policy.hruf", "runs the other way"),
        # E231 Ban -[ESTABLISHES]-> MSU: "ESTABLISHED_BY reversed", so MSU -> Ban is right
        ("E231", "un.mediation-support-unit", "ESTABLISHED_BY", "person.ban-ki-moon", None),
        # ...and Ban -> MSU, the inventory's own direction, is wrong once the type is reversed
        ("E231", "person.ban-ki-moon", "ESTABLISHED_BY", "un.mediation-support-unit", "runs the other way"),
        # E107 RC -[DEFERS_TO]-> host government: field.rc.sri-lanka is an RC (its id extends field.rc)
        ("E107", "field.rc.sri-lanka", "DEFERS_TO", "state.sri-lanka", None),
        # E181 UN missions -[DEPENDS_ON_CONSENT_OF]-> host governments: "UN missions" names every mission
        ("E181", "state.sudan", "CONSENTS_TO", "mission.unamid", None),
        # an edge between nodes the relation does not name cannot be judged
        ("E010", "state.china", "PART_OF", "org.nato", "names neither end"),
    ],
)
def test_direction_check_reads_the_inventory_wording(code, source, type_, target, verdict):
    dataset = read_dataset()
    edge = Edge.model_validate(
        {"from": source, "type": type_, "to": target, "sources": [{"doc": "seed", "locator": "x"}]}
    )
    problem = direction_problem(
        edge, code, inventory_edges()[code], EndpointReader(dataset), dataset.vocabulary.inventory_types
    )
    assert (problem is None) if verdict is None else (verdict in (problem or ""))
