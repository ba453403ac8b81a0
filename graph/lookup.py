"""Find nodes by id, name or alias, the way a person types them.

Users type "DPA", "Department of Political Affairs" or "political affairs";
search is case- and accent-insensitive, and a reference that matches several
nodes or none fails with the closest candidates instead of guessing.
"""

from __future__ import annotations

import difflib
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
    """Nodes whose id, name, acronym or alias contains ``text``; exact matches first.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> from un_pathways.graph.build import build_graph
    >>> [hit["id"] for hit in find_nodes(build_graph(read_dataset()), "political affairs")][:1]
    ['un.dpa']
    """
    wanted = fold(text)
    words = _words(wanted)
    ranked = []
    for node, attrs in graph.nodes(data=True):
        if kind and attrs["kind"] != kind:
            continue
        names = [fold(n) for n in _names(attrs)] + [node]
        if wanted in names:
            rank = 0
        elif any(n.startswith(wanted) for n in names):
            rank = 1
        elif any(wanted in n for n in names):
            rank = 2
        elif words and any(words <= _words(n) for n in names):
            rank = 3  # every word typed appears, in any order: "UN Country Team Sri Lanka"
        else:
            continue
        ranked.append((rank, attrs["name"], node))
    ranked.sort()
    return [
        {
            "id": node,
            "name": graph.nodes[node]["name"],
            "kind": graph.nodes[node]["kind"],
            "labels": graph.nodes[node]["labels"],
            "aliases": graph.nodes[node].get("aliases", []),
        }
        for _, _, node in ranked[:limit]
    ]


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
    every_name = {fold(n): node for node, attrs in graph.nodes(data=True) for n in _names(attrs)}
    close = difflib.get_close_matches(wanted, list(every_name), n=5, cutoff=0.6)
    candidates = [f"{h['id']} ({h['name']})" for h in partial] or list(
        dict.fromkeys(f"{every_name[c]} ({graph.nodes[every_name[c]]['name']})" for c in close)
    )
    hint = f" Closest matches: {', '.join(candidates)}." if candidates else " Try `pathways find TEXT`."
    raise LookupFailed(f"no node matches {reference!r}.{hint}")
