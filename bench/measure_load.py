"""Load into Neo4j: the batched ``UNWIND ... MERGE`` loader beside one MERGE per row, same run.

Both start from an empty database (cleared, untimed, before each run) so they
do the same work. The naive loader is slow by design: it runs at most three
times per size (once when a run takes over ``single_shot_s``), and only where
the time per row measured on the previous size projects it under the budget;
elsewhere the report gives the projection instead. Quick mode skips it.
"""

from __future__ import annotations

import neo4j

from bench import targets
from bench.harness import Figure, Options, Projection, SizeCase, Timing, measure, progress, wanted
from un_pathways.loaders.neo4j_store import load_dataset, load_dataset_naive

__all__ = ["clear_database", "measure_load"]

LOAD_SINGLE_SHOT_S = 60.0  # the batched loader repeats unless one load takes longer than this
CLEAR_BATCH = "MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted"


def clear_database(driver: neo4j.Driver) -> None:
    """Delete every node and relationship, 5,000 nodes per transaction (the schema stays)."""
    with driver.session() as session:
        while session.run(CLEAR_BATCH).single()["deleted"]:
            pass


def measure_load(case: SizeCase, options: Options, driver: neo4j.Driver, budget: Projection) -> list[Figure]:
    rows = len(case.dataset.nodes) + len(case.dataset.edges)
    if not wanted(options, targets.LOAD_N130_S if case.label == "N=130" else None):
        load_dataset(driver, case.dataset)  # the queries run on this size
        return []
    # Neo4j plans every statement on the first load: the warm runs are the steady state, so a
    # slow first load still gets (fewer) repeats; it shows as "first run" in the report.
    batched = measure(
        lambda: load_dataset(driver, case.dataset),
        options,
        setup=lambda: clear_database(driver),
        repeats=min(options.repeats, 3),
        single_shot_s=None if options.quick else LOAD_SINGLE_SHOT_S,
    )
    figure = Figure(case.label, "load", "batched loader (UNWIND MERGE)", neo4j=batched, note=f"{rows:,} rows")
    if case.label == "N=130":
        figure.check("batched load", targets.LOAD_N130_S, batched.median)
    naive, note = _naive(case, options, driver, budget, rows)
    figures = [figure]
    if naive is not None:
        speedup = naive.median / batched.median
        compared = Figure(
            case.label,
            "load",
            "naive loader (one MERGE per row)",
            neo4j=naive,
            value=speedup,
            unit="x faster batched",
        )
        if case.label == "N=130":
            compared.check("batched vs naive", targets.LOAD_SPEEDUP_MIN, speedup)
        figures.append(compared)
    else:
        figures.append(Figure(case.label, "load", "naive loader (one MERGE per row)", note=note))
    load_dataset(driver, case.dataset)  # leave this size loaded for the queries
    return figures


def _naive(
    case: SizeCase, options: Options, driver: neo4j.Driver, budget: Projection, rows: int
) -> tuple[Timing | None, str]:
    if options.quick:
        return None, "not run in quick mode"
    skip = budget.skip_reason(rows, options)
    if skip:
        return None, skip
    progress(f"  naive loader on {rows:,} rows…")
    timing = measure(
        lambda: load_dataset_naive(driver, case.dataset),
        options,
        setup=lambda: clear_database(driver),
        repeats=2,
    )
    budget.record(rows, timing.median)
    return timing, ""
