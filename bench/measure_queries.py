"""Each saved query with its default parameters: the embedded twin beside the Cypher on Neo4j.

Both go through the backends the CLI and the app use (``queries/backends.py``),
so the figures include parameter checking, the row cap and, for Neo4j, the
read transaction over loopback Bolt. A query Neo4j stops at its time limit is
reported as such instead of as a time. The embedded twins have no time limit,
so a twin is skipped at a size where its previous time, grown with the square
of the nodes, would exceed the budget.
"""

from __future__ import annotations

import neo4j

from bench import targets
from bench.harness import Figure, Options, Projection, SizeCase, Timing, measure
from un_pathways.graph.errors import PathwaysError
from un_pathways.queries.backends import EmbeddedBackend, Neo4jBackend
from un_pathways.queries.saved import SavedQuery, load_saved_queries

__all__ = ["PATHWAY_CATEGORIES", "measure_queries"]

PATHWAY_CATEGORIES = ("Pathways", "Stall points")


def _timed(
    backend: EmbeddedBackend | Neo4jBackend, query: SavedQuery, options: Options
) -> tuple[Timing | None, str]:
    try:
        return measure(lambda: backend.run_saved(query, {}), options), ""
    except PathwaysError as exc:
        return None, f"{backend.name}: {exc}"


def _targets(case: SizeCase, query: SavedQuery) -> list[tuple[str, tuple[targets.Target, targets.Target]]]:
    """Every saved query on the curated data; the pathway questions again at N = 130."""
    if case.label == "curated":
        return [("query", (targets.QUERY_EMBEDDED_S, targets.QUERY_NEO4J_S))]
    if case.label == "N=130" and query.category in PATHWAY_CATEGORIES:
        return [("pathway query", (targets.PATHWAY_QUERY_N130_S, targets.PATHWAY_QUERY_N130_S))]
    return []


def measure_queries(
    case: SizeCase,
    options: Options,
    driver: neo4j.Driver | None,
    twin_budgets: dict[str, Projection],
    timed_out: set[str],
) -> list[Figure]:
    """One figure per saved query; the Neo4j side expects this size to be loaded already.

    ``timed_out`` names the queries Neo4j stopped at its time limit on a smaller
    size: they are not run again on a bigger one (and are added to as they fail).
    """
    embedded = EmbeddedBackend(case.graph)
    remote = Neo4jBackend(driver, uri="loopback") if driver else None
    work = case.graph.number_of_nodes() ** 2
    figures = []
    for name, query in sorted(load_saved_queries().items()):
        if options.quick and not _targets(case, query):
            continue
        budget = twin_budgets.setdefault(name, Projection())
        local_note = budget.skip_reason(work, options)
        local = None
        if not local_note:
            local, local_note = _timed(embedded, query, options)
            if local:
                budget.record(work, local.median)
        if not remote:
            far, far_note = None, "no Neo4j"
        elif name in timed_out:
            far, far_note = None, "Neo4j: not run, it hit the time limit on a smaller size"
        else:
            far, far_note = _timed(remote, query, options)
        if "time limit" in far_note:
            timed_out.add(name)
        figure = Figure(
            case.label,
            "query",
            name,
            embedded=local,
            neo4j=far,
            note="; ".join(filter(None, [local_note, far_note])),
            timed_out=("neo4j",) if "time limit" in far_note else (),
        )
        for label, target in _targets(case, query):
            figure.check(f"{label} embedded", target[0], local.median if local else float("inf"))
            if remote:
                figure.check(f"{label} Neo4j", target[1], far.median if far else float("inf"))
        figures.append(figure)
    return figures
