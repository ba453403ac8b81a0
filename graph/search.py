"""One ranked search over the graph: names first, then the words of descriptions, notes and relations.

Every search box of the app and ``pathways find`` call :func:`search`, so a
body is found the same way everywhere. Hits come in tiers, best first:

0. the text *is* an id, a name, an acronym or an alias ("UNSC", "Security Council");
1. a name, acronym or alias *starts* with it ("Secretary-Gen");
2. a name contains it, holds all its words in any order, or is close to it
   despite a typo ("Secretery-General"; fuzzy scores from rapidfuzz);
3. full text: the words occur in a node's description, note, sources or case
   story, or in a relation's description, rationale or note; the hit says
   which field matched and shows the words in context.

Within a tier an exact phrase beats scattered words, names beat aliases and a
better-connected node beats a peripheral one (the Council before a debate that
mentions it). The index of one graph is built once and kept while the graph lives.
"""

from __future__ import annotations

import heapq
import re
import weakref
from bisect import bisect_right
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from itertools import accumulate

import networkx as nx
from rapidfuzz import fuzz, process

from un_pathways.graph.lookup import _words, fold

__all__ = ["TIERS", "Hit", "search"]

TIERS = ("exact name", "name starts with", "close name", "full text")
FUZZY_CUTOFF = 85  # rapidfuzz ratio, 0-100: below this a "close name" is mostly noise
FUZZY_MIN_LENGTH = 4  # shorter texts ("un", "sc") fuzz-match nearly everything
SNIPPET_CONTEXT = 60  # characters shown either side of the matched words
_NAME_FIELDS = ("name", "acronym", "id", "alias")  # in the order they rank when equally good
_TEXT_FIELDS = (  # (attribute, how the hit names it), in the order they rank
    ("description", "description"),
    ("note", "note"),
    ("rationale", "rationale"),
    ("justification", "justification"),
    ("sources", "sources"),
)


@dataclass(frozen=True)
class Hit:
    """One search result: a node, or a relation found through its text.

    ``node`` is the node to open: the node itself, or a relation's source.
    ``field`` says where the text matched ("name", "alias", "description",
    "rationale", ...) and ``snippet`` shows the match in its context.
    """

    what: str  # "node" or "relation"
    id: str  # node id, or the relation's key "from -TYPE-> to"
    node: str
    name: str
    kind: str  # node kind, or relation type
    tier: int
    field: str
    snippet: str

    def to_dict(self) -> dict:
        return asdict(self) | {"match": TIERS[self.tier]}


@dataclass(frozen=True)
class _Text:
    folded: str
    original: str
    field: str
    owner: int  # index into _Index.owners


class _Blob:
    """Many folded strings joined into one, so a substring is found by ``str.find`` at C speed.

    Folded text holds no newline (fold() collapses whitespace), so a match
    never spans two strings; a loop over a hundred thousand strings in Python
    took most of a keystroke's time at N=1000.
    """

    def __init__(self, texts: list[str]) -> None:
        self.text = "\n".join(texts)
        self.starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))

    def containing(self, part: str) -> list[int]:
        """Positions of the strings that contain ``part``, each once, in order."""
        found, at = [], self.text.find(part)
        while at != -1:
            position = bisect_right(self.starts, at) - 1
            found.append(position)
            if position + 1 == len(self.starts):
                break
            at = self.text.find(part, self.starts[position + 1])
        return found


@dataclass
class _Index:
    owners: list[tuple[str, str, str, str, str]]  # (what, id, node, name, kind)
    importance: list[int]  # relations (hub ends) rank like their source
    names: list[_Text]
    texts: list[_Text]
    # Filled once the names and texts are in (_build_index): empty until then.
    name_blob: _Blob = dataclass_field(default_factory=lambda: _Blob([]))
    text_blob: _Blob = dataclass_field(default_factory=lambda: _Blob([]))
    folded_names: list[str] = dataclass_field(default_factory=list)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _type_words(edge_type: str) -> str:
    return edge_type.lower().replace("_", " ")


def _node_texts(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[tuple[str, str]]:
    texts = [(field, attrs.get(attr)) for attr, field in _TEXT_FIELDS if attr != "sources"]
    texts.append(("sources", "; ".join(attrs.get("sources", []))))
    dataset = graph.graph.get("dataset")
    case = dataset.cases.get(node) if dataset is not None else None
    if case is not None:  # a case node: its story is searchable too
        texts.append(("case summary", case.outcome.summary))
        texts += [("case timeline", f"{entry.when}: {entry.event}") for entry in case.timeline]
    return [(field, text) for field, text in texts if text]


def _build_index(graph: nx.MultiDiGraph) -> _Index:
    index = _Index([], [], [], [])  # filled below, then the blobs
    degree = dict(graph.degree())
    for node, attrs in graph.nodes(data=True):
        owner = len(index.owners)
        index.owners.append(("node", node, node, attrs["name"], attrs["kind"]))
        index.importance.append(degree[node])
        names = [("name", attrs["name"]), ("acronym", attrs.get("short")), ("id", node)]
        names += [("alias", alias) for alias in attrs.get("aliases", [])]
        index.names += [_Text(fold(text), text, field, owner) for field, text in names if text]
        texts = _node_texts(graph, node, attrs)
        index.texts += [_Text(fold(text), text, field, owner) for field, text in texts]
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        owner = len(index.owners)
        name = f"{graph.nodes[u]['name']} {_type_words(attrs['type'])} {graph.nodes[v]['name']}"
        index.owners.append(("relation", key, u, name, attrs["type"]))
        index.importance.append(degree[u])
        texts = [(label, str(attrs.get(attr) or "")) for attr, label in _TEXT_FIELDS if attr != "sources"]
        texts.append(("sources", "; ".join(attrs.get("sources", []))))
        index.texts += [_Text(fold(text), text, f"relation {field}", owner) for field, text in texts if text]
    index.folded_names = [entry.folded for entry in index.names]
    index.name_blob = _Blob(index.folded_names)
    index.text_blob = _Blob([entry.folded for entry in index.texts])
    return index


def _index_of(graph: nx.MultiDiGraph) -> _Index:
    index = _INDEXES.get(graph)
    if index is None:
        index = _INDEXES[graph] = _build_index(graph)
    return index


def _snippet(original: str, wanted: str, words: set[str]) -> str:
    """The matched words in their sentence: ``…where the words matched…``."""
    found = re.search(re.escape(wanted), original, re.IGNORECASE)
    for word in sorted(words, key=len, reverse=True):
        if found:
            break
        found = re.search(re.escape(word), original, re.IGNORECASE)
    if not found:
        return original if len(original) <= 2 * SNIPPET_CONTEXT else original[: 2 * SNIPPET_CONTEXT] + "…"
    start, end = max(0, found.start() - SNIPPET_CONTEXT), min(len(original), found.end() + SNIPPET_CONTEXT)
    return ("…" if start else "") + original[start:end].strip() + ("…" if end < len(original) else "")


def _name_tier(folded: str, wanted: str) -> int:
    if folded == wanted:
        return 0
    return 1 if folded.startswith(wanted) else 2


def _candidates(blob: _Blob, entries: list[_Text], wanted: str, words: set[str]) -> dict[int, bool]:
    """Entries holding the whole text (True) or all its words in any order (False)."""
    found = dict.fromkeys(blob.containing(wanted), True)
    if len(words) > 1:
        for position in blob.containing(max(words, key=len)):
            if position not in found and words <= _words(entries[position].folded):
                found[position] = False
    return found


def _name_hits(index: _Index, wanted: str, words: set[str], fuzzy: bool) -> dict[int, tuple]:
    """Best (tier, -score, field rank) per owner among the names."""
    best: dict[int, tuple] = {}

    def offer(entry: _Text, tier: int, score: float) -> None:
        rank = (tier, -score, _NAME_FIELDS.index(entry.field), entry.field, entry.original)
        if entry.owner not in best or rank < best[entry.owner]:
            best[entry.owner] = rank

    for position, whole in _candidates(index.name_blob, index.names, wanted, words).items():
        entry = index.names[position]
        offer(entry, _name_tier(entry.folded, wanted) if whole else 2, fuzz.ratio(wanted, entry.folded))
    if fuzzy and len(wanted) >= FUZZY_MIN_LENGTH:
        close = process.extract(
            wanted,
            index.folded_names,
            scorer=fuzz.ratio,  # whole-name similarity: WRatio's partial match finds "US" in "robust"
            score_cutoff=FUZZY_CUTOFF,
            limit=50,
        )
        for _, score, position in close:
            offer(index.names[position], 2, score)
    return best


def _text_hits(index: _Index, wanted: str, words: set[str], skip: dict) -> dict[int, tuple]:
    """Best (phrase?, field rank) per owner among descriptions, notes, rationales and sources."""
    fields = [field for _, field in _TEXT_FIELDS] + ["case summary", "case timeline"]
    best: dict[int, tuple] = {}
    for position, phrase in _candidates(index.text_blob, index.texts, wanted, words).items():
        entry = index.texts[position]
        if entry.owner in skip:
            continue
        rank = (0 if phrase else 1, fields.index(entry.field.removeprefix("relation ")), entry.field, entry)
        if entry.owner not in best or rank[:2] < best[entry.owner][:2]:
            best[entry.owner] = rank
    return best


def search(
    graph: nx.MultiDiGraph,
    text: str,
    *,
    kind: str | None = None,
    limit: int = 20,
    fuzzy: bool = True,
    full_text: bool = True,
) -> list[Hit]:
    """The nodes and relations that match ``text``, best first (see the module's tiers).

    ``kind`` keeps only nodes of that kind (and no relations); ``fuzzy=False``
    drops names that only look alike, ``full_text=False`` the text tier.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> graph = build_graph(read_dataset())
    >>> search(graph, "UNSC")[0].id
    'un.security-council'
    >>> hit = search(graph, "S/2011/701")[0]
    >>> hit.what, hit.field
    ('relation', 'relation description')
    """
    wanted = fold(text)
    if not wanted:
        return []
    words = _words(wanted)
    index = _index_of(graph)
    ranked: list[tuple] = []
    names = _name_hits(index, wanted, words, fuzzy)
    for owner, (tier, negative_score, field_rank, field, original) in names.items():
        ranked.append(((tier, negative_score, field_rank, -index.importance[owner]), owner, field, original))
    enough_names = kind is None and len(names) >= limit  # text hits would all rank below them
    texts = _text_hits(index, wanted, words, names) if full_text and not enough_names else {}
    for owner, (phrase, field_rank, field, entry) in texts.items():
        ranked.append(((3, phrase, field_rank, -index.importance[owner]), owner, field, entry))
    order = lambda item: (item[0], index.owners[item[1]][3])  # noqa: E731
    ranked = heapq.nsmallest(limit, ranked, key=order) if kind is None else sorted(ranked, key=order)
    hits = []
    for rank, owner, field, shown in ranked:
        what, item_id, node, name, item_kind = index.owners[owner]
        if kind is not None and (what != "node" or item_kind != kind):
            continue
        # a text hit's snippet is cut out only for the hits returned
        snippet = shown if isinstance(shown, str) else _snippet(shown.original, wanted, words)
        hits.append(Hit(what, item_id, node, name, item_kind, rank[0], field, snippet))
        if len(hits) == limit:
            break
    return hits
