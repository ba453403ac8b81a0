"""Read every file under ``data/`` into a validated, cross-checked Dataset.

Each problem names the file, the line and the id, and says how to fix it; all
problems are collected before failing, so a person editing the YAML by hand
sees every mistake at once. Invalid data never reaches Neo4j or the app.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from un_pathways.graph.collector import cycle_collector_paused
from un_pathways.graph.dataset import Dataset
from un_pathways.graph.errors import DataError, DataProblem
from un_pathways.graph.lookup import fold
from un_pathways.graph.model import (
    ACYCLIC_EDGE_TYPES,
    STAGES,
    Case,
    Edge,
    Node,
    Scenario,
    Source,
    Vocabulary,
    year_of,
)
from un_pathways.loaders.confusable_names import look_alike
from un_pathways.loaders.resources import data_dir
from un_pathways.loaders.yaml_source import LINE_KEY, read_regular_file, read_yaml, strip_lines

__all__ = ["DEFAULT_DATA_DIR", "MAX_DATASET_BYTES", "MAX_DATASET_FILES", "read_dataset"]

DEFAULT_DATA_DIR = data_dir()  # inside the installed package (loaders/resources.py)

# A dataset larger than this is refused, counted on the bytes actually read (not the sizes the
# filesystem reports): the largest benchmark dataset (N=1000 countries) is 29 MB, and a 60 MB
# folder took 34 s and 2.1 GB of memory to read, which one visitor's upload must not cost.
MAX_DATASET_BYTES = 40_000_000

# More data files than this are refused before any is read: the curated data has 75 and the
# benchmark datasets a few more (one file per concern); each file costs an open and a parse.
MAX_DATASET_FILES = 2_000

Model = TypeVar("Model", bound=BaseModel)

# The folders of a data folder that hold data files, in the order they are read.
DATA_FOLDERS = ("vocabulary", "nodes", "cases", "edges", "scenarios", "lessons")


class _Collector:
    """Gathers problems with their places; raises them all together at the end."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[DataProblem] = []
        self._names: dict[Path, str] = {}  # every item of a file names it: work it out once
        self.files_listed = 0
        self.bytes_read = 0
        self._listed: dict[Path, list[Path]] = {}  # each folder is listed (and counted) once
        self._bytes: dict[Path, bytes] = {}  # read by read_all, waiting to be parsed
        self._unreadable: set[Path] = set()

    def name(self, path: Path) -> str:
        if path not in self._names:
            inside = path.is_relative_to(self.root)
            self._names[path] = str(path.relative_to(self.root)) if inside else str(path)
        return self._names[path]

    def add(self, path: Path | str, line: int | None, item_id: str | None, message: str, fix: str) -> None:
        shown = self.name(path) if isinstance(path, Path) else path
        self.problems.append(DataProblem(shown, line, item_id, message, fix))

    def files(self, folder: Path) -> list[Path]:
        """The ``*.yaml`` files of one data folder, sorted (none when it does not exist).

        The folder itself must be a real folder: a symbolic link (which could lead
        anywhere on the machine) is refused, as every data file that is one is.
        More than MAX_DATASET_FILES in the whole dataset stops the reading at once.
        """
        if folder not in self._listed:
            self._listed[folder] = self._list(folder)
        return self._listed[folder]

    def _list(self, folder: Path) -> list[Path]:
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            return []
        if not stat.S_ISDIR(mode):
            kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
            fix = "data folders must be real folders inside the data folder: copy it in"
            self.add(folder, None, None, f"is {kind}", fix)
            return []
        found = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.endswith(".yaml"):
                    continue
                self.files_listed += 1
                if self.files_listed > MAX_DATASET_FILES:
                    message = f"the dataset holds more than {MAX_DATASET_FILES:,} data files"
                    fix = "merge small files (one file per concern, not per item), or remove stray ones"
                    self.stop(folder, message, fix)
                found.append(folder / entry.name)
        return sorted(found)

    def read_all(self, folders: Iterable[Path]) -> None:
        """Read the bytes of every data file of ``folders`` before any is parsed.

        So a dataset over MAX_DATASET_FILES or MAX_DATASET_BYTES is refused
        having cost one bounded read of at most that many bytes, never the
        parsing of what came before the limit (a 60 MB folder took 34 s and
        2.1 GB to parse). Unreadable files are recorded as problems here.
        """
        for folder in folders:
            for path in self.files(folder):
                raw = self._read_bytes(path)
                if raw is not None:
                    self._bytes[path] = raw

    def _read_bytes(self, path: Path) -> bytes | None:
        try:
            raw = read_regular_file(path, self.name(path))
        except DataError as exc:
            self.problems.extend(exc.problems)
            self._unreadable.add(path)
            return None
        self.bytes_read += len(raw)
        if self.bytes_read > MAX_DATASET_BYTES:
            message = f"the dataset holds more than {MAX_DATASET_BYTES:,} bytes (the limit was passed here)"
            self.stop(path, message, "remove what does not belong in the data folder, or split the dataset")
        return raw

    def read(self, path: Path) -> Any:
        """The parsed file (read now, or earlier by read_all), or None with its problem recorded."""
        if path in self._unreadable:
            return None  # its problem is recorded already
        raw = self._bytes.pop(path, None)
        if raw is None:
            raw = self._read_bytes(path)
            if raw is None:
                return None
        try:
            return read_yaml(path, self.root, raw)
        except DataError as exc:
            self.problems.extend(exc.problems)
            return None

    def stop(self, path: Path, message: str, fix: str) -> None:
        """Raise every problem so far and this one: past a dataset limit nothing more is read."""
        self.add(path, None, None, message, fix)
        raise DataError(self.problems)

    def validate(self, model: type[Model], raw: Any, path: Path, context: dict) -> Model | None:
        line = raw.get(LINE_KEY) if isinstance(raw, dict) else None
        item_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        if item_id is None and isinstance(raw, dict) and "from" in raw:
            item_id = f"{raw.get('from')} -{raw.get('type')}-> {raw.get('to')}"
        try:
            return model.model_validate(strip_lines(raw), context=context)
        except ValidationError as exc:
            for error in exc.errors():
                self.add(path, _line_of(raw, error["loc"]) or line, item_id, *_explain(error))
            return None


def _line_of(raw: Any, loc: tuple) -> int | None:
    """The line of the deepest mapping on the error's path, for a precise pointer."""
    line, current = None, raw
    for part in loc:
        if isinstance(current, dict):
            line = current.get(LINE_KEY, line)
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        else:
            break
    if isinstance(current, dict):
        line = current.get(LINE_KEY, line)
    return line


def _explain(error: ErrorDetails) -> tuple[str, str]:
    """Turn one pydantic error into (message, fix) a non-programmer can act on."""
    field = ".".join(str(p) for p in error["loc"]) or "item"
    kind, msg = error["type"], error["msg"].removeprefix("Value error, ")
    if error["loc"][:1] == ("outcome",) and (explained := _outcome_hint(error["loc"], kind)):
        return f"'{field}' {explained[0]}", explained[1]
    if kind == "missing":
        return f"field '{field}' is missing", f"add '{field}:' to this item"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'", "remove it or check its spelling against docs/data-model.md"
    if kind == "literal_error":
        return f"'{field}' {msg.lower()}", "use one of the listed values"
    if msg.startswith("channel edge lacks"):
        fix = "add each missing field to this channel edge (docs/data-model.md, 'Edge')"
        if "justification" in msg:
            fix += (
                "; 'justification:' is the curators' argument for this friction against the grades above and"
                " below it, citing the locators it argues from and saying where the paper is silent"
            )
        return (f"'{field}': {msg}" if error["loc"] else msg), fix
    if "unknown" in msg:
        return (
            f"'{field}': {msg}",
            "use a documented term, or add and document a new one under data/vocabulary/",
        )
    return f"'{field}': {msg}", "see docs/data-model.md for the expected form"


# Case outcomes used to be flat (`information: stalled`, `stall_stage`, `stall_actors`, `mechanisms`):
# say how to write the per-stage form instead of only that the shape is wrong.
_FLAT_OUTCOME_FIELDS = {
    "stall_stage": "remove it: the stall stage is the first stage whose status is a failure",
    "stall_actors": "move them under the stage they belong to, as outcome.<stage>.actors",
    "mechanisms": "move them under the stage they belong to, as outcome.<stage>.mechanisms",
}


def _outcome_hint(loc: tuple, kind: str) -> tuple[str, str] | None:
    """(message, fix) for an outcome written in the old flat form; None for any other error."""
    if len(loc) == 2 and loc[1] in STAGES and kind in ("model_type", "dict_type"):
        fix = f'write it as {loc[1]}: {{status: ..., locator: "...", says: ...}}'
        fix += " (see Cases in docs/data-model.md)"
        return "must be a mapping with the stage's status, locator and paraphrase", fix
    if len(loc) == 2 and kind == "extra_forbidden" and loc[1] in _FLAT_OUTCOME_FIELDS:
        return "is no longer a field of the outcome", _FLAT_OUTCOME_FIELDS[loc[1]]
    return None


def _items(doc: Any, section: str, path: Path, out: _Collector) -> Iterator[dict]:
    if doc is None:
        return
    if not isinstance(doc, dict) or not isinstance(doc.get(section), list):
        line = doc.get(LINE_KEY) if isinstance(doc, dict) else None
        fix = f"start the file with '{section}:'"
        out.add(path, line, None, f"expected a top-level '{section}:' list", fix)
        return
    extra = set(doc) - {section, LINE_KEY}
    if extra:
        out.add(path, doc.get(LINE_KEY), None, f"unknown top-level keys {sorted(extra)}", "remove them")
    for raw in doc[section]:
        if isinstance(raw, dict):
            yield raw
        else:
            out.add(
                path,
                doc.get(LINE_KEY),
                None,
                f"an item of '{section}' is not a mapping",
                "write it as key: value lines",
            )


def _read_vocabulary(folder: Path, out: _Collector) -> Vocabulary | None:
    merged: dict[str, dict] = {}
    places: dict[tuple, tuple[Path, int | None]] = {}  # (section, term) -> where it is defined
    for path in out.files(folder):
        doc = out.read(path)
        if doc is None:
            continue
        if not isinstance(doc, dict):
            message = "expected vocabulary sections (kinds:, roles:...) at the top"
            out.add(path, None, None, message, "see docs/data-model.md")
            continue
        for section, entries in doc.items():
            if section == LINE_KEY or entries is None:
                continue
            if not isinstance(entries, dict):
                fix = "write each term as 'term:' with its fields indented beneath"
                out.add(path, doc[LINE_KEY], str(section), f"'{section}' is not a mapping of terms", fix)
                continue
            target = merged.setdefault(section, {})
            for term, entry in entries.items():
                if term == LINE_KEY:
                    continue
                line = entry.get(LINE_KEY) if isinstance(entry, dict) else entries[LINE_KEY]
                if term in target:
                    message = f"{section} term '{term}' is defined twice"
                    out.add(path, line, str(term), message, "keep one definition")
                target[term] = strip_lines(entry)
                places[(section, term)] = (path, line)
    try:
        return Vocabulary.model_validate(merged)
    except ValidationError as exc:
        for error in exc.errors():
            path, line = places.get(tuple(error["loc"][:2]), (folder, None))
            out.add(path, line, ".".join(map(str, error["loc"][:2])), *_explain(error))
        return None


def _read_many(
    folder: Path, section: str, model: type[Model], out: _Collector, context: dict
) -> list[tuple[Model, Path, int | None]]:
    found = []
    for path in out.files(folder):
        for raw in _items(out.read(path), section, path, out):
            item = out.validate(model, raw, path, context)
            if item is not None:
                found.append((item, path, raw.get(LINE_KEY)))
    return found


def _read_singles(
    folder: Path, model: type[Model], out: _Collector, context: dict
) -> list[tuple[Model, Path, int | None]]:
    found = []
    for path in out.files(folder):
        raw = out.read(path)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            out.add(path, None, None, "expected a mapping at the top of the file", "see docs/data-model.md")
            continue
        item = out.validate(model, raw, path, context)
        if item is not None:
            found.append((item, path, raw.get(LINE_KEY)))
    return found


def _case_node(case: Case) -> Node:
    """A case is also a node of the graph, so edges can point at it."""
    return Node(
        id=case.id,
        name=case.name,
        kind="case",
        description=case.description,
        aliases=case.aliases,
        valid_from=case.period[0],
        valid_to=case.period[1],
        sources=case.sources,
        inventory=case.inventory,
    )


def read_dataset(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    """Read, validate and cross-check every data file; raise DataError listing all problems.

    Examples
    --------
    >>> ds = read_dataset()
    >>> ds.nodes["un.security-council"].short
    'UNSC'
    """
    with cycle_collector_paused():
        return _read_dataset(Path(data_dir).resolve())


def _read_dataset(root: Path) -> Dataset:
    out = _Collector(root.parent)
    if not root.is_dir():
        raise DataError(
            [
                DataProblem(
                    str(root),
                    None,
                    None,
                    "data folder not found",
                    "pass the folder that holds nodes/ and edges/",
                )
            ]
        )
    out.read_all(root / folder for folder in DATA_FOLDERS)
    vocabulary = _read_vocabulary(root / "vocabulary", out)
    if vocabulary is None:
        raise DataError(out.problems)
    context = {"vocabulary": vocabulary}
    origins: dict[str, str] = {}

    nodes: dict[str, Node] = {}
    names: dict[str, tuple[str, str, str]] = {}  # normalised name -> (node id, name as written, file:line)
    node_entries = _read_many(root / "nodes", "nodes", Node, out, context)
    cases = _read_singles(root / "cases", Case, out, context)
    if cases and "case" not in vocabulary.kinds:
        message = "cases exist but the vocabulary has no kind 'case'"
        out.add(root / "vocabulary", None, "case", message, "add a 'case:' term under kinds:")
    for node, path, line in node_entries + [(_case_node(c), p, ln) for c, p, ln in cases]:
        place = f"{out.name(path)}:{line}"
        if node.id in nodes:
            out.add(
                path,
                line,
                node.id,
                f"duplicate id, first defined at {origins[node.id]}",
                "give each node its own id",
            )
            continue
        nodes[node.id] = node
        origins[node.id] = place
        _check_names(node, path, line, out, names)

    edges: dict[str, Edge] = {}
    for edge, path, line in _read_many(root / "edges", "edges", Edge, out, context):
        if edge.key in edges:
            out.add(
                path,
                line,
                edge.key,
                f"duplicate edge, first defined at {origins[edge.key]}",
                "merge the two, or use another type",
            )
            continue
        if _check_edge(edge, nodes, path, line, out):
            edges[edge.key] = edge
            origins[edge.key] = f"{out.name(path)}:{line}"

    _check_acyclic(edges.values(), origins, out)

    scenarios = {}
    for scenario, path, line in _read_singles(root / "scenarios", Scenario, out, context):
        if path.stem != scenario.id:
            out.add(
                path,
                line,
                scenario.id,
                f"scenario id '{scenario.id}' differs from its file name",
                f"rename the file to {scenario.id}.yaml",
            )
        _check_scenario(scenario, nodes, edges, path, line, out)
        _check_look_alike("name", scenario.name, path, line, scenario.id, out)
        scenarios[scenario.id] = scenario
        origins[scenario.id] = f"{out.name(path)}:{line}"

    for case, path, line in cases:
        _check_case(case, nodes, scenarios, path, line, out)

    lessons = {}
    for path in out.files(root / "lessons"):
        doc = out.read(path)
        if isinstance(doc, dict) and isinstance(doc.get("id"), str):
            lessons[doc["id"]] = strip_lines(doc)

    if out.problems:
        raise DataError(out.problems)
    return Dataset(
        vocabulary=vocabulary,
        nodes=nodes,
        edges=edges,
        cases={c.id: c for c, _, _ in cases},
        scenarios=scenarios,
        lessons=lessons,
        origins=origins,
    )


def _suggest(name: str, known: dict) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    return f"did you mean {', '.join(close)}?" if close else "define that node first, or fix the id"


def _name_key(text: str) -> str:
    """A name as search compares it (graph/lookup.py): no accents, case or punctuation, any word order."""
    return " ".join(sorted(re.findall(r"[a-z0-9]+", fold(text))))


def _check_names(
    node: Node, path: Path, line: int | None, out: _Collector, names: dict[str, tuple[str, str, str]]
) -> None:
    """Refuse a name, acronym or alias that already names another node: searching for it would be ambiguous.

    ``names`` maps each normalised name seen so far to (node id, name as written, file:line); it grows here.
    """
    fields = [("name", node.name), *([("short", node.short)] if node.short else [])]
    for field, text in fields + [("aliases", alias) for alias in node.aliases]:
        _check_look_alike(field, text, path, line, node.id, out)
    for text in dict.fromkeys([node.name, *([node.short] if node.short else []), *node.aliases]):
        key = _name_key(text)
        if not key:
            continue
        owner, written, place = names.setdefault(key, (node.id, text, f"{out.name(path)}:{line}"))
        if owner != node.id:
            out.add(
                path,
                line,
                node.id,
                f"'{text}' also names '{owner}' (as '{written}' at {place}), so a search for it is ambiguous",
                "keep it on the node it describes best and give the other node a distinct alias",
            )


def _check_look_alike(
    field: str, text: str, path: Path, line: int | None, item_id: str, out: _Collector
) -> None:
    """Refuse a name holding a look-alike, invisible or mixed-script letter (loaders/confusable_names.py)."""
    found = look_alike(text)
    if found:
        message, fix = found
        fix = f"{fix}, so the name reads and searches as it looks"
        out.add(path, line, item_id, f"'{field}' {text!r}: {message}", fix)


def _check_edge(edge: Edge, nodes: dict[str, Node], path: Path, line: int | None, out: _Collector) -> bool:
    ok = True
    for end in (edge.source, edge.target):
        if end not in nodes:
            out.add(path, line, edge.key, f"edge end '{end}' is not a known node", _suggest(end, nodes))
            ok = False
    if not ok:
        return False
    for end_node in (nodes[edge.source], nodes[edge.target]):
        for bound in (year_of(edge.valid_from), year_of(edge.valid_to)):
            if bound is not None and not end_node.exists_in(bound):
                out.add(
                    path,
                    line,
                    edge.key,
                    f"edge is valid in {bound} but node '{end_node.id}' exists only "
                    f"{year_of(end_node.valid_from) or '…'}-{year_of(end_node.valid_to) or '…'}",
                    "narrow the edge's valid_from/valid_to to its ends' validity",
                )
    return True


def _check_scenario(
    scenario: Scenario, nodes: dict, edges: dict, path: Path, line: int | None, out: _Collector
) -> None:
    for edge in scenario.add_edges:
        _check_edge(edge, nodes, path, line, out)
        if edge.key in edges:
            out.add(
                path,
                line,
                scenario.id,
                f"adds edge '{edge.key}' that already exists",
                "use regrade to change it",
            )
    for key in scenario.enable_edges + scenario.remove_edges + [r.edge for r in scenario.regrade]:
        if key not in edges:
            out.add(
                path, line, scenario.id, f"refers to edge '{key}' that does not exist", _suggest(key, edges)
            )
    for regrade in scenario.regrade:
        if regrade.edge in edges and not edges[regrade.edge].channel:
            out.add(
                path,
                line,
                scenario.id,
                f"regrades '{regrade.edge}', which is not a channel edge",
                "regrade channel edges only",
            )
    if not any(e.type in ACYCLIC_EDGE_TYPES for e in scenario.add_edges):
        return  # removing edges never closes a cycle, and the base graph is checked on its own
    overlay = [e for key, e in edges.items() if key not in scenario.remove_edges] + scenario.add_edges
    added = {e.key for e in scenario.add_edges}
    for type_, cycle in _cycles(overlay):
        if added & set(cycle):
            message = f"its added edges close a {type_} cycle: {' ; '.join(cycle)}"
            out.add(path, line, scenario.id, message, f"{type_} edges must not loop back; remove one of them")


def _cycles(edges: Iterable[Edge]) -> Iterator[tuple[str, list[str]]]:
    """(type, edge keys of one cycle) for each edge type of ACYCLIC_EDGE_TYPES that loops."""
    for type_ in ACYCLIC_EDGE_TYPES:
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_edges_from((e.source, e.target, {"key": e.key}) for e in edges if e.type == type_)
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            continue
        yield type_, [graph.edges[a, b]["key"] for a, b in cycle]


def _check_acyclic(edges: Iterable[Edge], origins: dict[str, str], out: _Collector) -> None:
    """A body cannot be part of itself, nor a policy supersede itself through others (ACYCLIC_EDGE_TYPES)."""
    for type_, cycle in _cycles(edges):
        file, _, line = origins[cycle[0]].rpartition(":")
        out.add(
            file,
            int(line) if line.isdigit() else None,
            cycle[0],
            f"{len(cycle)} {type_} edges form a cycle: {' ; '.join(cycle)}",
            f"{type_} edges must not loop back; remove or reverse one of them",
        )


def _check_case(
    case: Case, nodes: dict, scenarios: dict, path: Path, line: int | None, out: _Collector
) -> None:
    stage_actors = [actor for stage in STAGES for actor in case.outcome.stage(stage).all_actors]
    refs = [case.country, case.decision_maker, *case.signal_from, *case.vetoes, *stage_actors]
    if case.implementer:
        refs.append(case.implementer)
    for ref in refs:
        if ref not in nodes:
            out.add(path, line, case.id, f"refers to unknown node '{ref}'", _suggest(ref, nodes))
    if case.scenario and case.scenario not in scenarios:
        out.add(
            path, line, case.id, f"unknown scenario '{case.scenario}'", _suggest(case.scenario, scenarios)
        )


def describe_sources(sources: list[Source]) -> list[str]:
    """Readable citation strings, as stored on Neo4j nodes and shown in the app."""
    return [s.citation() for s in sources]
