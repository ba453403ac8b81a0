"""The one search (graph/search.py): what a user waits for after typing into a search box.

Each typed text is one keystroke's search on a warm index (the index is built
once per graph and kept); the texts cover every tier: an exact acronym, a
name typed halfway, a typo, a document symbol found in a relation's
description, a word found only in descriptions, and nonsense that matches
nothing (the slowest: every tier is searched to the end). The figure checked
is the slowest text's median. Building the index is a separate, one-off figure.
"""

from __future__ import annotations

from bench import targets
from bench.harness import Figure, Options, SizeCase, measure, wanted
from un_pathways.graph.search import _build_index, search

__all__ = ["TYPED", "measure_search"]

TYPED = ("UNSC", "Secretary-Gen", "Secuirty Council", "S/2011/701", "robust", "qzxv wplk")


def _target(case: SizeCase) -> targets.Target | None:
    return {"curated": targets.SEARCH_CURATED_S, "N=1000": targets.SEARCH_N1000_S}.get(case.label)


def measure_search(case: SizeCase, options: Options) -> list[Figure]:
    target = _target(case)
    if not wanted(options, target):
        return []
    figures = [
        Figure(
            case.label,
            "search",
            "build the search index (once per graph)",
            embedded=measure(lambda: _build_index(case.graph), options),
        )
    ]
    search(case.graph, "warm")  # the index every keystroke then uses
    slowest = None
    for text in TYPED:
        timing = measure(lambda text=text: search(case.graph, text), options)
        if slowest is None or timing.median > slowest[1].median:
            slowest = (text, timing)
    text, timing = slowest
    figure = Figure(
        case.label,
        "search",
        "one keystroke to ranked results (slowest typed text)",
        embedded=timing,
        note=f"slowest of {len(TYPED)} texts: {text!r}",
    )
    figures.append(figure.check("search keystroke", target, timing.median))
    return figures
