"""Read every file under ``data/`` into a validated, cross-checked Dataset.

Each problem names the file, the line and the id, and says how to fix it; all
problems are collected before failing, so a person editing the YAML by hand
sees every mistake at once. Invalid data never reaches Neo4j or the app.
"""

from __future__ import annotations

import difflib
import re
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
from un_pathways.graph.model import ACYCLIC_EDGE_TYPES, Case, Edge, Node, Scenario, Source, Vocabulary, year_of
from un_pathways.loaders.yaml_source import LINE_KEY, read_yaml, strip_lines

__all__ = ["DEFAULT_DATA_DIR", "read_dataset"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Model = TypeVar("Model", bound=BaseModel)


class _Collector:
    """Gathers problems with their places; raises them all together at the end."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[DataProblem] = []
        self._names: dict[Path, str] = {}  # every item of a file names it: work it out once

    def name(self, path: Path) -> str:
        if path not in self._names:
            inside = path.is_relative_to(self.root)
            self._names[path] = str(path.relative_to(self.root)) if inside else str(path)
        return self._names[path]

    def add(self, path: Path | str, line: int | None, item_id: str | None, message: str, fix: str) -> None:
        shown = self.name(path) if isinstance(path, Path) else path
        self.problems.append(DataProblem(shown, line, item_id, message, fix))

    def read(self, path: Path) -> Any:
        try:
            return read_yaml(path, self.root)
        except DataError as exc:
            self.problems.extend(exc.problems)
            return None

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
    if kind == "missing":
        return f"field '{field}' is missing", f"add '{field}:' to this item"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'", "remove it or check its spelling against docs/data-model.md"
    if kind == "literal_error":
        return f"'{field}' {msg.lower()}", "use one of the listed values"
    if "unknown" in msg:
        return f"'{field}': {msg}", "use a documented term, or add and document a new one under data/vocabulary/"
    return f"'{field}': {msg}", "see docs/data-model.md for the expected form"


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
            out.add(path, doc.get(LINE_KEY), None, f"an item of '{section}' is not a mapping", "write it as key: value lines")


def _read_vocabulary(folder: Path, out: _Collector) -> Vocabulary | None:
    merged: dict[str, dict] = {}
    places: dict[tuple, tuple[Path, int | None]] = {}  # (section, term) -> where it is defined
    for path in sorted(folder.glob("*.yaml")):
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


def _read_many(folder: Path, section: str, model: type[Model], out: _Collector, context: dict) -> list[tuple[Model, Path, int | None]]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        for raw in _items(out.read(path), section, path, out):
            item = out.validate(model, raw, path, context)
            if item is not None:
                found.append((item, path, raw.get(LINE_KEY)))
    return found


def _read_singles(folder: Path, model: type[Model], out: _Collector, context: dict) -> list[tuple[Model, Path, int | None]]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
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
        raise DataError([DataProblem(str(root), None, None, "data folder not found", "pass the folder that holds nodes/ and edges/")])
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
            out.add(path, line, node.id, f"duplicate id, first defined at {origins[node.id]}", "give each node its own id")
            continue
        nodes[node.id] = node
        origins[node.id] = place
        _check_names(node, path, line, out, names)

    edges: dict[str, Edge] = {}
    for edge, path, line in _read_many(root / "edges", "edges", Edge, out, context):
        if edge.key in edges:
            out.add(path, line, edge.key, f"duplicate edge, first defined at {origins[edge.key]}", "merge the two, or use another type")
            continue
        if _check_edge(edge, nodes, path, line, out):
            edges[edge.key] = edge
            origins[edge.key] = f"{out.name(path)}:{line}"

    _check_acyclic(edges.values(), origins, out)

    scenarios = {}
    for scenario, path, line in _read_singles(root / "scenarios", Scenario, out, context):
        if path.stem != scenario.id:
            out.add(path, line, scenario.id, f"scenario id '{scenario.id}' differs from its file name", f"rename the file to {scenario.id}.yaml")
        _check_scenario(scenario, nodes, edges, path, line, out)
        scenarios[scenario.id] = scenario
        origins[scenario.id] = f"{out.name(path)}:{line}"

    for case, path, line in cases:
        _check_case(case, nodes, scenarios, path, line, out)

    lessons = {}
    for path in sorted((root / "lessons").glob("*.yaml")):
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
    for text in dict.fromkeys([node.name, *([node.short] if node.short else []), *node.aliases]):
        key = _name_key(text)
        if not key:
            continue
        owner, written, place = names.setdefault(key, (node.id, text, f"{out.name(path)}:{line}"))
        if owner != node.id:
            out.add(
                path, line, node.id,
                f"'{text}' also names '{owner}' (as '{written}' at {place}), so a search for it is ambiguous",
                "keep it on the node it describes best and give the other node a distinct alias",
            )


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
                    path, line, edge.key,
                    f"edge is valid in {bound} but node '{end_node.id}' exists only "
                    f"{year_of(end_node.valid_from) or '…'}-{year_of(end_node.valid_to) or '…'}",
                    "narrow the edge's valid_from/valid_to to its ends' validity",
                )
    return True


def _check_scenario(scenario: Scenario, nodes: dict, edges: dict, path: Path, line: int | None, out: _Collector) -> None:
    for edge in scenario.add_edges:
        _check_edge(edge, nodes, path, line, out)
        if edge.key in edges:
            out.add(path, line, scenario.id, f"adds edge '{edge.key}' that already exists", "use regrade to change it")
    for key in scenario.enable_edges + scenario.remove_edges + [r.edge for r in scenario.regrade]:
        if key not in edges:
            out.add(path, line, scenario.id, f"refers to edge '{key}' that does not exist", _suggest(key, edges))
    for regrade in scenario.regrade:
        if regrade.edge in edges and not edges[regrade.edge].channel:
            out.add(path, line, scenario.id, f"regrades '{regrade.edge}', which is not a channel edge", "regrade channel edges only")
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
            file, int(line) if line.isdigit() else None, cycle[0],
            f"{len(cycle)} {type_} edges form a cycle: {' ; '.join(cycle)}",
            f"{type_} edges must not loop back; remove or reverse one of them",
        )


def _check_case(case: Case, nodes: dict, scenarios: dict, path: Path, line: int | None, out: _Collector) -> None:
    refs = [case.country, case.decision_maker, *case.signal_from, *case.vetoes, *case.outcome.stall_actors]
    if case.implementer:
        refs.append(case.implementer)
    for ref in refs:
        if ref not in nodes:
            out.add(path, line, case.id, f"refers to unknown node '{ref}'", _suggest(ref, nodes))
    if case.scenario and case.scenario not in scenarios:
        out.add(path, line, case.id, f"unknown scenario '{case.scenario}'", _suggest(case.scenario, scenarios))


def describe_sources(sources: list[Source]) -> list[str]:
    """Readable citation strings, as stored on Neo4j nodes and shown in the app."""
    return [s.citation() for s in sources]
