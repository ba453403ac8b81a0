"""Malformed data never crashes the loader: it loads, or it is refused with file, line, id and a fix.

Hypothesis mutates a small valid dataset (tests/fixtures/bad_data/base) in ten
ways -- missing fields, wrong types, unknown terms, dangling references,
duplicate ids, broken YAML, huge files, forbidden cycles, bad dates and
scenarios or cases pointing at nothing -- and every mutated dataset must either
load (and then build a graph) or raise a DataError whose problems each name the
file, give the line and the id where there is one, and say how to fix it. Any
other exception fails the test. Each category checks that it really tried at
least its share of distinct datasets (TARGETS, over 500 in all). Runs are
derandomized, so CI sees the same datasets every time. A sample also goes
through the real `pathways validate` and `pathways load` in a subprocess.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import typing
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from un_pathways.graph.build import build_graph
from un_pathways.graph.errors import DataError
from un_pathways.graph.model import (
    ACYCLIC_EDGE_TYPES,
    DECISION_STATUSES,
    IMPLEMENTATION_STATUSES,
    INFORMATION_STATUSES,
    Source,
)
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.yaml_source import MAX_DEPTH, MAX_FILE_BYTES

BASE = Path(__file__).parent / "fixtures" / "bad_data" / "base"
BASE_FILES = {str(p.relative_to(BASE)): p.read_bytes() for p in sorted(BASE.rglob("*.yaml"))}
BASE_DOCS = {rel: yaml.safe_load(text) for rel, text in BASE_FILES.items()}
NODE_FILES = ["nodes/un.yaml", "nodes/field.yaml"]
EDGE_FILES = ["edges/structure.yaml", "edges/channels.yaml"]
SCENARIO = "scenarios/hruf.yaml"
CASE = "cases/sri-lanka-2008-09.yaml"
NODE_IDS = [n["id"] for rel in NODE_FILES for n in BASE_DOCS[rel]["nodes"]]
EDGE_KEYS = [f"{e['from']} -{e['type']}-> {e['to']}" for rel in EDGE_FILES for e in BASE_DOCS[rel]["edges"]]
EDGE_TYPES = list(BASE_DOCS["vocabulary/edges.yaml"]["edge_types"])

# Distinct malformed datasets each category must try; the sum is the figure reported.
TARGETS = {
    "missing_field": 60,
    "wrong_type": 80,
    "unknown_term": 60,
    "dangling_reference": 50,
    "duplicate_id": 50,
    "broken_yaml": 100,
    "huge_file": 10,
    "cycle": 40,
    "bad_date": 60,
    "scenario_or_case_reference": 40,
}


@dataclass
class Malformed:
    """A mutated dataset: the files that differ from the base, and what a refusal must name."""

    category: str
    changes: dict[str, bytes | None] = field(default_factory=dict)  # None deletes the file
    must_fail: bool = True
    must_load: bool = False  # valid after all (a cycle where cycles are allowed, a big but legal file)
    file: str | None = None  # a refusal must name this file (relative to the data folder) ...
    line: bool = True  # ... with a line ...
    item_id: str | None = None  # ... and this id
    message: str | None = None  # ... and a message holding this text

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for rel in sorted(self.changes):
            digest.update(rel.encode() + b"\0" + (self.changes[rel] or b"<deleted>") + b"\0")
        return digest.hexdigest()


def dump(doc: Any) -> bytes:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=4096).encode("utf-8")


def docs() -> dict[str, Any]:
    return copy.deepcopy(BASE_DOCS)


def edge_key(edge: dict) -> str:
    return f"{edge.get('from')} -{edge.get('type')}-> {edge.get('to')}"


def write_dataset(folder: Path, changes: dict[str, bytes | None]) -> Path:
    """The base dataset with ``changes`` applied, written fresh into ``folder/data``."""
    data = folder / "data"
    shutil.rmtree(data, ignore_errors=True)
    for rel, content in {**BASE_FILES, **changes}.items():
        if content is None:
            continue
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return data


# --- where things are in the base dataset -------------------------------------------------------

# (file, index in its list or None for a one-item file): every item a mutation can target.
ITEMS = [(rel, i) for rel in NODE_FILES for i in range(len(BASE_DOCS[rel]["nodes"]))]
ITEMS += [(rel, i) for rel in EDGE_FILES for i in range(len(BASE_DOCS[rel]["edges"]))]
ITEMS += [(SCENARIO, None), (CASE, None)]


def item_of(doc_set: dict, rel: str, index: int | None) -> dict:
    if index is None:
        return doc_set[rel]
    return doc_set[rel]["nodes" if rel.startswith("nodes/") else "edges"][index]


def id_of(item: dict) -> str | None:
    if "id" in item:
        return item["id"] if isinstance(item["id"], str) else None
    if all(isinstance(item.get(k), str) for k in ("from", "type", "to")):
        return edge_key(item)
    return None


def paths_in(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and list indexes) to a value inside ``value``, containers included."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append((*prefix, key))
            found += paths_in(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.append((*prefix, index))
            found += paths_in(inner, (*prefix, index))
    return found


def get_at(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


def set_at(value: Any, path: tuple, new: Any) -> None:
    get_at(value, path[:-1])[path[-1]] = new


def del_at(value: Any, path: tuple) -> None:
    del get_at(value, path[:-1])[path[-1]]


def draw_item(data: st.DataObject) -> tuple[dict, str, int | None, dict]:
    doc_set = docs()
    rel, index = data.draw(st.sampled_from(ITEMS), label="item")
    return doc_set, rel, index, item_of(doc_set, rel, index)


# Required fields, by the name of the mapping that holds them (the item's own kind at the top).
EDGE_REQUIRED = {"from", "type", "to", "sources"}
CHANNEL_REQUIRED = {"channel", "stage", "friction", "mechanism", "rationale", "justification"}
REQUIRED = {
    "node": {"id", "name", "kind", "description", "sources"},
    "edge": EDGE_REQUIRED,
    "scenario": {"id", "name", "description", "sources"},
    "case": {
        "id",
        "name",
        "country",
        "period",
        "setting",
        "description",
        "signal_from",
        "decision_maker",
        "as_of",
        "outcome",
        "sources",
    },
    "sources": {"doc", "locator"},
    "outcome": {"information", "decision", "implementation", "summary", "sources"},
    # the base reading: information stalled (who is required), the later stages not reached (cited)
    "information": {"status", "locator", "says", "actors"},
    "decision": {"status", "locator", "says"},
    "implementation": {"status", "locator", "says"},
    "regrade": {"edge", "friction", "mechanism", "rationale", "justification", "sources"},
    "add_edges": EDGE_REQUIRED | CHANNEL_REQUIRED,
    "timeline": {"when", "event", "sources"},
}


def item_kind(rel: str) -> str:
    return {"nodes": "node", "edges": "edge", "scenarios": "scenario", "cases": "case"}[rel.split("/")[0]]


def is_required(rel: str, item: dict, path: tuple) -> bool:
    owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), item_kind(rel))
    required = REQUIRED.get(owner, set())
    if owner == "edge" and item.get("channel"):
        required = required | CHANNEL_REQUIRED
    return path[-1] in required


def kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return {str: "str", list: "list", dict: "dict", type(None): "null"}.get(type(value), "other")


# --- the ten categories -------------------------------------------------------------------------


def missing_field(data: st.DataObject) -> Malformed:
    doc_set, rel, index, item = draw_item(data)
    paths = paths_in(item)
    keys = [p for p in paths if isinstance(p[-1], str)]
    gone = data.draw(st.sets(st.sampled_from(keys), min_size=1, max_size=3), label="deleted fields")
    gone = sorted(gone, key=len, reverse=True)  # inner fields first, then their containers
    original = copy.deepcopy(item)
    for path in gone:
        if all(path[: i + 1] not in gone for i in range(len(path) - 1)):  # not inside a deleted container
            del_at(item, path)
    required = any(is_required(rel, original, p) for p in gone)
    identity = {"id", "from", "type", "to"}
    keeps_id = not any(len(p) == 1 and p[0] in identity for p in gone)
    return Malformed(
        "missing_field",
        {rel: dump(doc_set[rel])},
        must_fail=required,
        file=rel,
        item_id=id_of(original) if keeps_id else None,
    )


WRONG_VALUES = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.lists(st.text(max_size=5), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["a", "id", "name", "doc", "x y"]), st.integers(), max_size=2),
)


def wrong_type(data: st.DataObject) -> Malformed:
    doc_set = docs()
    rel = data.draw(st.sampled_from(sorted(doc_set)), label="file")
    doc = doc_set[rel]
    path = data.draw(st.sampled_from(paths_in(doc)), label="path")
    original = get_at(doc, path)
    new = data.draw(WRONG_VALUES.filter(lambda v: kind_of_value(v) != kind_of_value(original)), label="value")
    set_at(doc, path, new)
    before, after = kind_of_value(original), kind_of_value(new)
    certain = (before in ("str", "number", "bool") and after in ("list", "dict")) or (
        before in ("list", "dict") and after not in ("null", before)
    )
    top = rel.split("/")[0]
    lesson = top == "lessons"
    item_id = None
    if top in ("nodes", "edges") and len(path) > 2:
        item_id = (
            id_of(BASE_DOCS[rel][path[0]][path[1]]) if path[2] not in ("id", "from", "type", "to") else None
        )
    elif top in ("scenarios", "cases") and path[0] != "id":
        item_id = doc["id"]
    elif top == "vocabulary" and len(path) > 2:
        item_id = f"{path[0]}.{path[1]}"
    section_gone = top == "vocabulary" and len(path) == 1 and new is None  # then only the folder can be named
    return Malformed(
        "wrong_type",
        {rel: dump(doc)},
        must_fail=certain and not lesson,
        file=None if section_gone else rel,
        line=not section_gone,
        item_id=item_id,
    )


SOURCE_DOCS = typing.get_args(Source.model_fields["doc"].annotation)

# (file, path inside the item, vocabulary section or fixed choices): closed-vocabulary slots of the base.
TERM_SLOTS = [
    *[(rel, ("kind",), "kinds") for rel in NODE_FILES],
    *[(rel, ("roles", 0), "roles") for rel in NODE_FILES],
    *[(rel, ("sources", 0, "doc"), SOURCE_DOCS) for rel in NODE_FILES + EDGE_FILES],
    ("edges/structure.yaml", ("type",), "edge_types"),
    *[
        ("edges/channels.yaml", slot if isinstance(slot, tuple) else (slot,), choices)
        for slot, choices in [
            ("type", "edge_types"),
            ("stage", ("information", "decision", "implementation")),
            ("friction", ("none", "low", "medium", "high", "blocking")),
            (("mechanism", 0), "mechanisms"),
        ]
    ],
    ("edges/channels.yaml", ("setting",), ("mission", "non_mission", "any")),
    (SCENARIO, ("regrade", 0, "friction"), ("none", "low", "medium", "high", "blocking")),
    (SCENARIO, ("regrade", 0, "mechanism", 0), "mechanisms"),
    (SCENARIO, ("add_edges", 0, "type"), "edge_types"),
    (CASE, ("setting",), ("mission", "non_mission")),
    (CASE, ("outcome", "information", "status"), INFORMATION_STATUSES),
    (CASE, ("outcome", "decision", "status"), DECISION_STATUSES),
    (CASE, ("outcome", "implementation", "status"), IMPLEMENTATION_STATUSES),
    (CASE, ("outcome", "information", "mechanisms", 0), "mechanisms"),
]


def allowed_terms(choices: str | tuple) -> set:
    if isinstance(choices, tuple):
        return set(choices)
    return {
        term for doc in BASE_DOCS.values() if isinstance(doc, dict) for term in doc.get(choices, {}) or {}
    }


def unknown_term(data: st.DataObject) -> Malformed:
    doc_set = docs()
    if data.draw(st.integers(0, 5), label="remove a used term?") == 0:  # a term in use disappears
        section, term, users = data.draw(
            st.sampled_from(
                [
                    ("kinds", "department", "nodes/un.yaml"),
                    ("kinds", "policy", "nodes/field.yaml"),
                    ("roles", "veto_holder", "nodes/field.yaml"),
                    ("mechanisms", "veto_deadlock", SCENARIO),
                    ("edge_types", "PART_OF", "edges/structure.yaml"),
                    ("edge_types", "BRIEFS", "edges/channels.yaml"),
                    ("mechanisms", "interagency_rivalry", "edges/channels.yaml"),
                ]
            ),
            label="term",
        )
        rel = "vocabulary/kinds.yaml" if section in ("kinds", "roles") else "vocabulary/edges.yaml"
        del doc_set[rel][section][term]
        return Malformed("unknown_term", {rel: dump(doc_set[rel])}, file=users, message=repr(term))
    rel, inner, choices = data.draw(st.sampled_from(TERM_SLOTS), label="slot")
    allowed = allowed_terms(choices)
    if rel.startswith(("nodes/", "edges/")):
        section = "nodes" if rel.startswith("nodes/") else "edges"
        candidates = [i for i, it in enumerate(doc_set[rel][section]) if _has(it, inner)]
        index = data.draw(st.sampled_from(candidates), label="index")
        item = doc_set[rel][section][index]
    else:
        item = doc_set[rel]
    new = data.draw(
        st.one_of(st.text(min_size=1, max_size=30), st.sampled_from(sorted(_all_terms()))).filter(
            lambda t: t not in allowed and t.strip() == t and t != ""
        ),
        label="term",
    )
    set_at(item, inner, new)  # an edge's id is its key, so a new type gives a new id
    return Malformed("unknown_term", {rel: dump(doc_set[rel])}, file=rel, item_id=id_of(item))


def _has(item: dict, path: tuple) -> bool:
    try:
        get_at(item, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _all_terms() -> set[str]:
    terms = set()
    for choices in ("kinds", "roles", "edge_types", "mechanisms"):
        terms |= allowed_terms(choices)
    return terms


# (file, path to a node reference, whether it lives in an edge item).
NODE_REF_SLOTS = [
    *[
        (rel, (i, end))
        for rel in EDGE_FILES
        for i in range(len(BASE_DOCS[rel]["edges"]))
        for end in ("from", "to")
    ],
    (CASE, ("country",)),
    (CASE, ("signal_from", 0)),
    (CASE, ("decision_maker",)),
    (CASE, ("implementer",)),
    (CASE, ("vetoes", 0)),
    (CASE, ("outcome", "information", "actors", 0)),
    (SCENARIO, ("add_edges", 0, "from")),
    (SCENARIO, ("add_edges", 0, "to")),
]
MISSING_ID = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}\.[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
    st.sampled_from(NODE_IDS).map(lambda i: i[:-1]),  # a typo: the last letter dropped
    st.sampled_from(NODE_IDS).map(lambda i: i + "x"),
).filter(lambda i: i not in NODE_IDS and i != "case.sri-lanka-2008-09" and i[-1] != "-")


def dangling_reference(data: st.DataObject) -> Malformed:
    doc_set = docs()
    if data.draw(st.integers(0, 4), label="delete a node?") == 0:  # a referenced node disappears
        rel = data.draw(st.sampled_from(NODE_FILES), label="file")
        index = data.draw(st.integers(0, len(doc_set[rel]["nodes"]) - 1), label="node")
        gone = doc_set[rel]["nodes"].pop(index)["id"]
        return Malformed("dangling_reference", {rel: dump(doc_set[rel])}, file=None, message=repr(gone))
    rel, slot = data.draw(st.sampled_from(NODE_REF_SLOTS), label="slot")
    new = data.draw(MISSING_ID, label="id")
    if rel in EDGE_FILES:
        edge = doc_set[rel]["edges"][slot[0]]
        edge[slot[1]] = new
        return Malformed(
            "dangling_reference", {rel: dump(doc_set[rel])}, file=rel, item_id=edge_key(edge), message=new
        )
    set_at(doc_set[rel], slot, new)
    # a scenario's added edge is named by its key, anything else a case or scenario refers to by the item's id
    item_id = edge_key(doc_set[rel]["add_edges"][0]) if slot[0] == "add_edges" else doc_set[rel]["id"]
    return Malformed("dangling_reference", {rel: dump(doc_set[rel])}, file=rel, item_id=item_id, message=new)


def duplicate_id(data: st.DataObject) -> Malformed:
    doc_set = docs()
    variant = data.draw(
        st.sampled_from(
            ["node", "edge", "case_as_node", "case_twice", "vocab_term", "yaml_key", "scenario_file"]
        ),
        label="variant",
    )
    rename = data.draw(
        st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ,.()'-]{0,15}", fullmatch=True), label="new name"
    )
    if variant in ("node", "edge"):
        section, files = ("nodes", NODE_FILES) if variant == "node" else ("edges", EDGE_FILES)
        source = data.draw(st.sampled_from(files), label="from file")
        index = data.draw(st.integers(0, len(doc_set[source][section]) - 1), label="item")
        twin = copy.deepcopy(doc_set[source][section][index])
        twin["description"] = rename
        target = data.draw(st.sampled_from([*files, f"{section}/zz-extra.yaml"]), label="into file")
        doc_set.setdefault(target, {section: []})[section].append(twin)
        return Malformed(
            "duplicate_id",
            {target: dump(doc_set[target])},
            file=None,
            item_id=id_of(twin),
            message="duplicate",
        )
    if variant == "case_as_node":  # a case whose id is already a node's
        doc_set[CASE]["id"] = data.draw(st.sampled_from(NODE_IDS), label="id")
        doc_set[CASE]["name"] = rename
        return Malformed(
            "duplicate_id",
            {CASE: dump(doc_set[CASE])},
            file=CASE,
            item_id=doc_set[CASE]["id"],
            message="duplicate",
        )
    if variant == "case_twice":
        doc_set[CASE]["name"] = rename
        return Malformed(
            "duplicate_id",
            {"cases/zz-copy.yaml": dump(doc_set[CASE])},
            file="cases/zz-copy.yaml",
            item_id=doc_set[CASE]["id"],
            message="duplicate",
        )
    if variant == "vocab_term":  # the same term defined in two vocabulary files
        section = data.draw(st.sampled_from(["kinds", "roles"]), label="section")
        term = data.draw(st.sampled_from(sorted(doc_set["vocabulary/kinds.yaml"][section])), label="term")
        entry = {**doc_set["vocabulary/kinds.yaml"][section][term], "description": rename}
        doc_set["vocabulary/edges.yaml"][section] = {term: entry}
        return Malformed(
            "duplicate_id",
            {"vocabulary/edges.yaml": dump(doc_set["vocabulary/edges.yaml"])},
            file="vocabulary/kinds.yaml",
            item_id=term,
            message="defined twice",
        )
    if variant == "yaml_key":  # one mapping holding the same key twice
        rel, index, item = draw_item(data)[1:]
        key = data.draw(
            st.sampled_from([k for k in item if k in ("name", "description", "sources", "id", "type")]),
            label="key",
        )
        text = dump(doc_set[rel]).decode()
        lines = text.splitlines(keepends=True)
        at = next(
            i
            for i, ln in enumerate(lines)
            if ln.lstrip(" -").startswith(f"{key}:") and (index is None or _nth_item_line(lines, index) <= i)
        )
        indent = len(lines[at]) - len(lines[at].lstrip(" -"))
        # after an item's first line ("- id: x"), else before the key (whose value may be a block below it)
        where = at + 1 if lines[at].lstrip(" ").startswith("- ") else at
        lines.insert(where, " " * indent + f"{key}: {yaml.safe_dump(rename, width=4096).splitlines()[0]}\n")
        return Malformed("duplicate_id", {rel: "".join(lines).encode()}, file=rel, message="duplicate key")
    # scenario_file: a second file holding the same scenario
    doc_set[SCENARIO]["name"] = rename
    return Malformed(
        "duplicate_id",
        {"scenarios/zz-hruf-copy.yaml": dump(doc_set[SCENARIO])},
        file="scenarios/zz-hruf-copy.yaml",
        item_id="hruf",
        message="file name",
    )


def _nth_item_line(lines: list[str], index: int) -> int:
    starts = [i for i, ln in enumerate(lines) if ln.startswith("- ")]
    return starts[index]


def broken_yaml(data: st.DataObject) -> Malformed:
    rel = data.draw(st.sampled_from(sorted(BASE_FILES)), label="file")
    text = dump(BASE_DOCS[rel]).decode()  # one canonical layout: no comments, no multi-line scalars
    lines = text.splitlines(keepends=True)
    how = data.draw(
        st.sampled_from(
            ["quote", "indent", "tab", "junk", "non_utf8", "truncate", "empty", "bracket", "garbage_line"]
        ),
        label="how",
    )
    at = data.draw(st.integers(1, len(lines) - 1), label="line")
    must_fail, line = False, False
    if how == "quote":  # an opening quote never closed
        quote = data.draw(st.sampled_from(['"', "'"]), label="quote")
        key, sep, value = lines[at].partition(": ")
        if not sep:  # "  sources:" or "- x": open the quote where the content starts
            value = lines[at].lstrip(" ")
            key = " " * (len(lines[at]) - len(value))
        lines[at] = f"{key}{sep}{quote}{value}"
        must_fail = quote not in "".join(lines[at + 1 :]) + value
        line = True
    elif how == "indent":
        shift = data.draw(st.integers(-3, 3).filter(bool), label="shift")
        stripped = lines[at].lstrip(" ")
        width = max(0, len(lines[at]) - len(stripped) + shift)
        lines[at] = " " * width + stripped
    elif how == "tab":
        stripped = lines[at].lstrip(" ")
        lines[at] = "\t" + stripped
        must_fail = line = True
    elif how == "garbage_line":
        lines[at] = (
            data.draw(
                st.text(min_size=1, max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
                label="garbage",
            )
            + "\n"
        )
    elif how == "bracket":
        key, sep, value = lines[at].partition(": ")
        lines[at] = f"{key}{sep}{data.draw(st.sampled_from(['[', '{', '[[', '{a: ']), label='open')}{value}"
    raw = "".join(lines).encode()
    if how == "junk":
        offset = data.draw(st.integers(0, len(raw)), label="offset")
        raw = raw[:offset] + data.draw(st.binary(min_size=1, max_size=24), label="junk") + raw[offset:]
    elif how == "non_utf8":
        offset = len("".join(lines[:at]).encode())
        bad = data.draw(
            st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xe2\x82", b"\x80abc"]), label="bytes"
        )
        raw = raw[:offset] + bad + raw[offset:]
        must_fail = line = True
    elif how == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1), label="cut")]
    elif how == "empty":
        raw = data.draw(
            st.sampled_from([b"", b"\n", b"   \n\n", b"# only a comment\n", b"---\n", b"...\n"]),
            label="empty",
        )
    # A break that is not certain may still load, or surface elsewhere
    # (a truncated node file leaves edges dangling).
    return Malformed(
        "broken_yaml", {rel: raw}, must_fail=must_fail, file=rel if must_fail else None, line=line
    )


def huge_file(data: st.DataObject) -> Malformed:
    how = data.draw(
        st.sampled_from(["over_limit", "long_string", "many_nodes", "many_keys", "deep", "laughs"]),
        label="how",
    )
    doc_set = docs()
    if how == "over_limit":  # 5-20 MB: refused before parsing
        size = data.draw(st.integers(MAX_FILE_BYTES + 1, 20_000_000), label="size")
        body = dump(doc_set["nodes/un.yaml"])
        raw = body + b"# " + b"x" * (size - len(body) - 3) + b"\n"
        return Malformed(
            "huge_file", {"nodes/un.yaml": raw}, file="nodes/un.yaml", line=False, message="byte limit"
        )
    if how == "long_string":  # a very long description still loads
        length = data.draw(st.integers(100_000, 500_000), label="length")
        doc_set["nodes/un.yaml"]["nodes"][0]["description"] = "protection " * (length // 11)
        return Malformed(
            "huge_file", {"nodes/un.yaml": dump(doc_set["nodes/un.yaml"])}, must_fail=False, must_load=True
        )
    if how == "many_nodes":  # thousands of valid nodes load
        count = data.draw(st.integers(500, 2000), label="count")
        nodes = [
            {
                "id": f"un.generated-{i}",
                "name": f"Body {i}",
                "kind": "organ",
                "description": "A body.",
                "sources": [{"doc": "seed", "locator": "INT ¶1"}],
            }
            for i in range(count)
        ]
        return Malformed(
            "huge_file", {"nodes/zz-many.yaml": dump({"nodes": nodes})}, must_fail=False, must_load=True
        )
    if how == "many_keys":  # one item with tens of thousands of keys (was quadratic to read)
        count = data.draw(st.integers(2_000, 10_000), label="count")
        node = {**doc_set["nodes/un.yaml"]["nodes"][0], **{f"extra_{i}": i for i in range(count)}}
        return Malformed(
            "huge_file",
            {"nodes/un.yaml": dump({"nodes": [node]})},
            file="nodes/un.yaml",
            item_id=node["id"],
            message="unknown field",
        )
    if how == "deep":
        depth = data.draw(st.integers(MAX_DEPTH + 1, 50_000), label="depth")
        raw = b"nodes: " + b"[" * depth + b"]" * depth + b"\n"
        return Malformed(
            "huge_file", {"nodes/zz-deep.yaml": raw}, file="nodes/zz-deep.yaml", message="nested"
        )
    # laughs: aliases that would expand to billions of items
    width = data.draw(st.integers(5, 12), label="width")
    levels = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, 9)]
    raw = ("\n".join(levels) + "\nnodes: []\n").encode()
    return Malformed(
        "huge_file", {"nodes/zz-laughs.yaml": raw}, file="nodes/zz-laughs.yaml", message="aliases"
    )


def cycle(data: st.DataObject) -> Malformed:
    doc_set = docs()
    type_ = data.draw(
        st.sampled_from([*ACYCLIC_EDGE_TYPES, "REPORTS_TO", "BRIEFS", "MEMBER_OF"]), label="type"
    )
    ring = data.draw(st.lists(st.sampled_from(NODE_IDS), min_size=1, max_size=5, unique=True), label="ring")
    into = data.draw(st.sampled_from([*EDGE_FILES, "edges/zz-cycle.yaml", SCENARIO]), label="into")
    pairs = list(zip(ring, ring[1:] + ring[:1], strict=True))
    if len(ring) == 1:  # a self-loop is refused for every type
        forbidden = True
    else:
        forbidden = type_ in ACYCLIC_EDGE_TYPES
    new_edges = [
        {"from": a, "type": type_, "to": b, "sources": [{"doc": "seed", "locator": "INT ¶1"}]}
        for a, b in pairs
        if f"{a} -{type_}-> {b}" not in EDGE_KEYS
    ]
    if into == SCENARIO:
        doc_set[SCENARIO]["add_edges"] += new_edges
        return Malformed(
            "cycle",
            {SCENARIO: dump(doc_set[SCENARIO])},
            must_fail=forbidden,
            must_load=not forbidden,
            file=SCENARIO,
            item_id="hruf",
        )
    doc_set.setdefault(into, {"edges": []})["edges"] += new_edges
    return Malformed(
        "cycle",
        {into: dump(doc_set[into])},
        must_fail=forbidden,
        must_load=not forbidden,
        file=None,
        message="cycle" if len(ring) > 1 else "same node",
    )


# (file, path to a dated item inside the doc) for every item that carries validity.
DATED = [(rel, ("nodes", i)) for rel in NODE_FILES for i in range(len(BASE_DOCS[rel]["nodes"]))]
DATED += [(rel, ("edges", i)) for rel in EDGE_FILES for i in range(len(BASE_DOCS[rel]["edges"]))]
OUT_OF_RANGE = st.one_of(
    st.integers(2101, 10**12), st.integers(-(10**12), 1899), st.sampled_from([99999, 0, -1])
)


def bad_date(data: st.DataObject) -> Malformed:
    doc_set = docs()
    how = data.draw(
        st.sampled_from(
            ["reversed", "out_of_range", "impossible", "garbage", "case_period", "as_of", "outside_ends"]
        ),
        label="how",
    )
    if how == "case_period":
        start = data.draw(st.integers(1901, 2100), label="start")
        doc_set[CASE]["period"] = [start, data.draw(st.integers(1900, start - 1), label="end")]
        return Malformed("bad_date", {CASE: dump(doc_set[CASE])}, file=CASE, item_id=doc_set[CASE]["id"])
    if how == "as_of":
        rel = data.draw(st.sampled_from([CASE, SCENARIO]), label="file")
        doc_set[rel]["as_of"] = data.draw(OUT_OF_RANGE, label="year")
        return Malformed("bad_date", {rel: dump(doc_set[rel])}, file=rel, item_id=doc_set[rel]["id"])
    rel, (section, index) = data.draw(st.sampled_from(DATED), label="item")
    item = doc_set[rel][section][index]
    item_id = id_of(item)
    if how == "outside_ends":  # an edge dated before one of its ends existed
        rel = data.draw(st.sampled_from(EDGE_FILES), label="edge file")
        candidates = [e for e in doc_set[rel]["edges"] if "case." not in e["from"] + e["to"]]
        item = data.draw(st.sampled_from(candidates), label="edge")
        item.pop("valid_to", None)
        item["valid_from"] = data.draw(st.integers(1900, 1944), label="year")
        touches = {item["from"], item["to"]} & {
            "un.security-council",
            "field.unct.sri-lanka",
            "policy.hruf",
            "policy.special-circumstances",
        }
        return Malformed(
            "bad_date", {rel: dump(doc_set[rel])}, must_fail=bool(touches), file=rel, item_id=edge_key(item)
        )
    bound = data.draw(st.sampled_from(["valid_from", "valid_to"]), label="bound")
    if how == "reversed":
        start = data.draw(st.integers(1901, 2100), label="start")
        item["valid_from"], item["valid_to"] = start, data.draw(st.integers(1900, start - 1), label="end")
        raw = dump(doc_set[rel])
    elif how == "out_of_range":
        item[bound] = data.draw(OUT_OF_RANGE, label="year")
        raw = dump(doc_set[rel])
    elif how == "impossible":  # a calendar date that does not exist, written as a YAML date
        item[bound] = "@DATE@"
        year = data.draw(st.integers(1950, 2050), label="year")
        month, day = data.draw(
            st.sampled_from([(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (2, 29)]).filter(
                lambda md: md != (2, 29) or year % 4 != 0
            ),
            label="day",
        )
        raw = dump(doc_set[rel]).replace(b"'@DATE@'", f"{year}-{month:02d}-{day:02d}".encode())
        item_id = None  # the file cannot be read, so no item is identified: the line points at it
    else:  # garbage text where a year or date is expected
        item[bound] = data.draw(
            st.text(min_size=1, max_size=15).filter(lambda t: not any(c.isdigit() for c in t)), label="text"
        )
        raw = dump(doc_set[rel])
    return Malformed("bad_date", {rel: raw}, file=rel, item_id=item_id)


def scenario_or_case_reference(data: st.DataObject) -> Malformed:
    doc_set = docs()
    how = data.draw(
        st.sampled_from(
            [
                "enable",
                "remove",
                "regrade",
                "regrade_non_channel",
                "case_scenario",
                "scenario_deleted",
                "edge_deleted",
                "malformed_key",
            ]
        ),
        label="how",
    )
    scenario = doc_set[SCENARIO]
    if how in ("enable", "remove", "regrade"):
        a, b = data.draw(
            st.lists(st.sampled_from(NODE_IDS), min_size=2, max_size=2, unique=True), label="ends"
        )
        key = f"{a} -{data.draw(st.sampled_from(EDGE_TYPES), label='type')}-> {b}"
        if key in EDGE_KEYS:
            key = f"{a} -SUCCEEDS-> {b}"  # no base edge is of this type
        if how == "regrade":
            scenario["regrade"][0]["edge"] = key
        else:
            scenario[f"{how}_edges"].append(key)
        return Malformed(
            "scenario_or_case_reference",
            {SCENARIO: dump(scenario)},
            file=SCENARIO,
            item_id="hruf",
            message=key,
        )
    if how == "regrade_non_channel":
        key = data.draw(
            st.sampled_from([k for k in EDGE_KEYS if "PART_OF" in k or "VETO" in k]), label="edge"
        )
        scenario["regrade"][0]["edge"] = key
        return Malformed(
            "scenario_or_case_reference",
            {SCENARIO: dump(scenario)},
            file=SCENARIO,
            item_id="hruf",
            message="not a channel",
        )
    if how == "malformed_key":
        slot = data.draw(st.sampled_from(["enable_edges", "remove_edges"]), label="slot")
        scenario[slot].append(data.draw(st.text(min_size=1, max_size=30), label="key"))
        return Malformed(
            "scenario_or_case_reference", {SCENARIO: dump(scenario)}, file=SCENARIO, item_id="hruf"
        )
    if how == "case_scenario":
        doc_set[CASE]["scenario"] = data.draw(
            st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda s: s != "hruf"),
            label="scenario",
        )
        return Malformed(
            "scenario_or_case_reference",
            {CASE: dump(doc_set[CASE])},
            file=CASE,
            item_id=doc_set[CASE]["id"],
            message="unknown scenario",
        )
    if how == "scenario_deleted":  # the case's scenario file is gone
        return Malformed(
            "scenario_or_case_reference",
            {SCENARIO: None},
            file=CASE,
            item_id=doc_set[CASE]["id"],
            message="unknown scenario",
        )
    # edge_deleted: a base edge the scenario enables, removes or regrades disappears
    key = data.draw(
        st.sampled_from(
            [*scenario["enable_edges"], *scenario["remove_edges"], scenario["regrade"][0]["edge"]]
        ),
        label="edge",
    )
    rel = "edges/channels.yaml"
    doc_set[rel]["edges"] = [e for e in doc_set[rel]["edges"] if edge_key(e) != key]
    return Malformed(
        "scenario_or_case_reference", {rel: dump(doc_set[rel])}, file=SCENARIO, item_id="hruf", message=key
    )


BUILDERS: dict[str, Callable[[st.DataObject], Malformed]] = {
    "missing_field": missing_field,
    "wrong_type": wrong_type,
    "unknown_term": unknown_term,
    "dangling_reference": dangling_reference,
    "duplicate_id": duplicate_id,
    "broken_yaml": broken_yaml,
    "huge_file": huge_file,
    "cycle": cycle,
    "bad_date": bad_date,
    "scenario_or_case_reference": scenario_or_case_reference,
}

# --- the check every malformed dataset goes through ---------------------------------------------


class ReaderHungError(Exception):
    """Reading one dataset took longer than READ_LIMIT_S: a hang, not an answer."""


READ_LIMIT_S = 60


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging when a malformed file makes the reader loop (e.g. alias bombs)."""

    def stop(signum, frame):
        raise ReaderHungError(f"reading took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome_of(case: Malformed, workdir: Path) -> str:
    """Load the dataset; return "loaded" or "refused", or fail the test with what is wrong."""
    data = write_dataset(workdir, case.changes)
    try:
        with time_limit(READ_LIMIT_S):
            build_graph(read_dataset(data))
    except DataError as exc:
        assert not case.must_load, f"{case.category}: expected it to load, but:\n{exc}"
        check_refusal(case, exc, data)
        return "refused"
    assert not case.must_fail, f"{case.category}: expected a refusal, but it loaded: {list(case.changes)}"
    return "loaded"


def check_refusal(case: Malformed, exc: DataError, data: Path) -> None:
    assert exc.problems, "a DataError without problems"
    for problem in exc.problems:
        assert problem.file and (data.parent / problem.file).exists(), f"names no real file: {problem}"
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1), problem
        assert problem.item_id is None or isinstance(problem.item_id, str), problem
        assert problem.message and problem.fix, f"no message or fix: {problem}"
        assert "Traceback" not in str(problem)
    if case.file is None and case.item_id is None and case.message is None:
        return
    matching = [
        p
        for p in exc.problems
        if (case.file is None or p.file == f"data/{case.file}")
        and (not case.line or p.line is not None)
        and (case.item_id is None or p.item_id == case.item_id)
        and (case.message is None or case.message in p.message)
    ]
    assert matching, (
        f"no problem names {case.file} (line: {case.line}, id {case.item_id!r}, {case.message!r}):\n{exc}"
    )


def run_category(category: str, examples: int) -> tuple[int, Counter]:
    """Run one category's property; return how many distinct datasets it tried and the outcomes."""
    seen: set[str] = set()
    outcomes: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.data())
        def prop(data: st.DataObject) -> None:
            case = BUILDERS[category](data)
            outcome = outcome_of(case, workdir)
            if case.fingerprint() not in seen:
                seen.add(case.fingerprint())
                outcomes[outcome] += 1

        prop()
    return len(seen), outcomes


def test_the_targets_add_up_to_at_least_500_datasets():
    assert set(TARGETS) == set(BUILDERS)
    assert sum(TARGETS.values()) >= 500


def test_the_base_dataset_is_valid():
    dataset = read_dataset(BASE)
    assert len(dataset.nodes) == 11 and len(dataset.edges) == 11 and set(dataset.scenarios) == {"hruf"}


@pytest.mark.parametrize("category", list(TARGETS))
def test_malformed_data_loads_or_is_refused_with_file_line_id_and_fix(category):
    # A few more examples than the target, as hypothesis may draw the same dataset twice.
    tried, outcomes = run_category(category, TARGETS[category] * 11 // 10 + 3)
    print(
        f"{category}: {tried} distinct datasets, {outcomes['refused']} refused, {outcomes['loaded']} loaded"
    )
    assert tried >= TARGETS[category]
    assert outcomes["refused"] > 0


# --- a sample through the real command line -----------------------------------------------------

CLI_SAMPLE = {
    # a node without a name
    "missing name": {
        "nodes/un.yaml": BASE_FILES["nodes/un.yaml"].replace(b"    name: Secretariat\n", b"", 1)
    },
    # a list where a string belongs
    "list for a string": {
        "nodes/un.yaml": BASE_FILES["nodes/un.yaml"].replace(b"kind: department", b"kind: [a]", 1)
    },
    # an unknown friction grade
    "unknown friction": {
        "edges/channels.yaml": BASE_FILES["edges/channels.yaml"].replace(
            b"friction: medium", b"friction: severe", 1
        )
    },
    # an edge to a node that does not exist
    "dangling edge": {
        "edges/structure.yaml": BASE_FILES["edges/structure.yaml"].replace(
            b"to: un.secretariat", b"to: un.secretariet", 1
        )
    },
    # the same node in two files
    "duplicate node": {
        "nodes/zz.yaml": BASE_FILES["nodes/un.yaml"].split(b"  - id: un.secretary-general")[0]
    },
    # an unclosed quote
    "unclosed quote": {
        "nodes/field.yaml": BASE_FILES["nodes/field.yaml"].replace(b"name: Russia", b'name: "Russia', 1)
    },
    # bytes that are not UTF-8
    "not utf-8": {
        "cases/sri-lanka-2008-09.yaml": BASE_FILES["cases/sri-lanka-2008-09.yaml"] + b"note: caf\xe9\n"
    },
    # over the size limit
    "huge": {"nodes/un.yaml": BASE_FILES["nodes/un.yaml"] + b"#" * (MAX_FILE_BYTES + 10) + b"\n"},
    # a PART_OF cycle
    "cycle": {
        "edges/zz.yaml": b"edges:\n  - {from: un.secretariat, type: PART_OF, to: un.dpa, "
        b"sources: [{doc: seed, locator: x}]}\n"
    },
    # a period that ends before it starts
    "reversed period": {
        "cases/sri-lanka-2008-09.yaml": BASE_FILES["cases/sri-lanka-2008-09.yaml"].replace(
            b"period: [2008, 2009]", b"period: [2009, 2008]"
        )
    },
    # a scenario re-grading an edge that does not exist
    "missing scenario edge": {
        "scenarios/hruf.yaml": BASE_FILES["scenarios/hruf.yaml"].replace(
            b'edge: "un.ohchr -BRIEFS-> un.secretary-general"',
            b'edge: "un.ohchr -BRIEFS-> un.security-council"',
        )
    },
}


PATHWAYS = Path(sys.executable).with_name("pathways")  # the console script people run
LOAD_SAMPLE = "dangling edge"


def start_pathways(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PATHWAYS), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory) -> dict[str, tuple[DataError, int, str, str]]:
    """Every sample through `pathways validate` (and one through `pathways load`), run side by side.

    Each value is (the DataError read_dataset raises in process, exit code, stdout, stderr).
    """
    started = {}
    for name, changes in CLI_SAMPLE.items():
        data = write_dataset(tmp_path_factory.mktemp("cli"), changes)
        with pytest.raises(DataError) as caught:
            read_dataset(data)
        started[name] = (caught.value, start_pathways("validate", "--data", str(data)))
        if name == LOAD_SAMPLE:
            # A port nothing listens on: the data must be refused before any connection is tried.
            load = start_pathways(
                "load", "--neo4j", "--data", str(data), env={"NEO4J_URI": "bolt://127.0.0.1:9"}
            )
            started["load: " + name] = (caught.value, load)
    runs = {}
    for name, (error, process) in started.items():
        out, err = process.communicate(timeout=120)
        runs[name] = (error, process.returncode, out, err)
    return runs


@pytest.mark.parametrize("name", [*CLI_SAMPLE, "load: " + LOAD_SAMPLE])
def test_cli_refuses_bad_data_with_file_and_line_and_no_traceback(cli_runs, name):
    error, code, out, err = cli_runs[name]
    assert code == 1, err
    assert "Traceback" not in out + err
    assert err.startswith("error: ")
    for problem in error.problems:
        assert str(problem) in err  # file, line, id, message and fix, as printed
    assert any(p.line is not None for p in error.problems) or name == "huge"


def test_cli_load_names_the_bad_edge(cli_runs):
    assert (
        "data/edges/structure.yaml:2 [un.dpa -PART_OF-> un.secretariet]"
        in cli_runs["load: " + LOAD_SAMPLE][3]
    )
