"""Find nodes by id, name or alias, the way a person types them.

Users type "DPA", "Department of Political Affairs" or "political affairs";
search is case- and accent-insensitive, and a reference that matches several
nodes or none fails with the closest candidates instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata

import networkx as nx

from un_pathways.graph.errors import LookupFailed

__all__ = ["find_nodes", "fold", "resolve_node"]


def fold(text: str) -> str:
    """Lower-case, accent-free, whitespace-collapsed form used for matching.

    >>> fold("  Côte d'Ivoire ")
    "cote d'ivoire"
    """
    if text.isascii():  # most text: nothing to decompose (a search index folds ~100,000 strings)
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _names(attrs: dict) -> list[str]:
    return [attrs["name"], *([attrs["short"]] if attrs.get("short") else []), *attrs.get("aliases", [])]


_FILLER = {"in", "of", "the", "for", "on", "and", "to", "a", "an", "un", "united", "nations"}


def _words(text: str) -> set[str]:
    """Significant words of a folded name, so word order and filler words do not matter."""
    return set(re.findall(r"[a-z0-9]+", text)) - _FILLER


def find_nodes(graph: nx.MultiDiGraph, text: str, kind: str | None = None, limit: int = 50) -> list[dict]:
    """Nodes whose id, name, acronym or alias matches ``text``, best first (graph/search.py's name tiers).

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> [hit["id"] for hit in find_nodes(build_graph(read_dataset()), "political affairs")][:1]
    ['un.dpa']
    """
    from un_pathways.graph.search import search  # search builds on fold() from this module

    hits = search(graph, text, kind=kind, limit=limit, fuzzy=False, full_text=False)
    return [_node_summary(graph, hit.node) for hit in hits]


def _node_summary(graph: nx.MultiDiGraph, node: str) -> dict:
    attrs = graph.nodes[node]
    return {
        "id": node,
        "name": attrs["name"],
        "kind": attrs["kind"],
        "labels": attrs["labels"],
        "aliases": attrs.get("aliases", []),
    }


def resolve_node(graph: nx.MultiDiGraph, reference: str) -> str:
    """The one node id meant by an id, a name or an alias; fail clearly otherwise."""
    if reference in graph:
        return reference
    wanted = fold(reference)
    exact = [node for node, attrs in graph.nodes(data=True) if wanted in {fold(n) for n in _names(attrs)}]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        choices = ", ".join(f"{n} ({graph.nodes[n]['name']})" for n in sorted(exact))
        raise LookupFailed(f"{reference!r} is ambiguous: it names {choices}. Use one of these ids.")
    partial = find_nodes(graph, reference, limit=5)
    if len(partial) == 1:
        return partial[0]["id"]
    candidates = [f"{h['id']} ({h['name']})" for h in partial] or [
        f"{hit.id} ({hit.name})" for hit in _close_names(graph, reference)
    ]
    hint = f" Closest matches: {', '.join(candidates)}." if candidates else " Try `pathways find TEXT`."
    raise LookupFailed(f"no node matches {reference!r}.{hint}")


def _close_names(graph: nx.MultiDiGraph, reference: str) -> list:
    """Nodes whose names look like ``reference`` despite a typo (rapidfuzz, via graph/search.py)."""
    from un_pathways.graph.search import search

    return search(graph, reference, limit=5, full_text=False)
