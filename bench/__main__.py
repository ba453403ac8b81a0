"""``python -m bench``: measure every figure of issue 7 and write docs/benchmarks.md.

``--quick`` (the CI guard, under a minute once the targets hold): the
curated data and N = 130 only, only the figures that have a target, two
repeats, no naive loader, the report written to a temporary file (never
docs/benchmarks.md); it prints each figure with its target and exits 1 only
when a figure is more than 3x off its target.
Neo4j: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD when set, else a local one is started.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.environment import machine, versions
from bench.harness import Check, Figure, Options, Projection, SizeCase, SizeSummary, progress
from bench.measure_analysis import measure_analysis
from bench.measure_browser import measure_browser
from bench.measure_build import measure_build
from bench.measure_figures import measure_figures
from bench.measure_html import measure_html
from bench.measure_load import measure_load
from bench.measure_queries import measure_queries
from bench.measure_robustness import measure_robustness
from bench.measure_safety import measure_safety
from bench.measure_search import measure_search
from bench.neo4j_session import neo4j_session
from bench.report import growth_checks, render_report, seconds
from bench.synthetic import synthetic_dataset
from bench.synthetic_folder import write_synthetic_folder
from bench.targets import QUICK_GUARD_FACTOR
from un_pathways.graph.build import build_graph
from un_pathways.graph.dataset import Dataset
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
FULL_SIZES = "curated,10,130,300,1000"
QUICK_SIZES = "curated,130"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the CI guard: curated + N=130, under a minute")
    parser.add_argument("--sizes", help=f"comma-separated sizes (default {FULL_SIZES}; quick {QUICK_SIZES})")
    parser.add_argument("--seed", type=int, default=2016, help="seed of the synthetic countries")
    parser.add_argument(
        "--out", type=Path, help="where to write the report (default docs/benchmarks.md; quick: a temp file)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the real-browser measurements")
    parser.add_argument(
        "--no-guard",
        action="store_true",
        help="print every check but exit 0 whatever the figures (the tests check the harness, not the speed)",
    )
    return parser


def _case(size: str, core: Dataset, seed: int, workdir: Path) -> SizeCase:
    """The curated data, or the curated data plus N synthetic countries written as a YAML folder."""
    if size == "curated":
        return SizeCase("curated", None, DEFAULT_DATA_DIR, core, build_graph(core))
    countries = int(size)
    dataset = synthetic_dataset(countries, seed, core)
    folder = workdir / f"n{countries}"
    write_synthetic_folder(dataset, folder)
    return SizeCase(f"N={countries}", countries, folder, dataset, build_graph(dataset))


def _show(figure: Figure) -> None:
    sides = [
        f"{name} {seconds(t.median)}"
        for name, t in (("embedded", figure.embedded), ("Neo4j", figure.neo4j))
        if t
    ]
    if figure.value is not None:
        sides.append(f"{figure.value:,.1f} {figure.unit}")
    checks = [
        f"[{c.label} {c.target.shown()}: {'met' if c.met else f'missed {c.factor:.1f}x'}]"
        for c in figure.checks
    ]
    progress(f"  {figure.topic:<8} {figure.name}: {', '.join(sides) or figure.note} {' '.join(checks)}")


def _measure_size(case: SizeCase, options: Options, driver, budgets: dict, uri: str = "") -> list[Figure]:
    steps = (
        lambda: measure_build(case, options),
        lambda: measure_load(case, options, driver, budgets["naive"]),
        lambda: measure_queries(case, options, driver, budgets["twins"], budgets["timed_out"]),
        lambda: measure_analysis(case, options),
        lambda: measure_robustness(case, options),
        lambda: measure_search(case, options),
        lambda: measure_html(case, options, budgets["layout"], budgets["pyvis"]) if not options.quick else [],
        lambda: measure_safety(case, options, driver, uri) if not options.quick else [],
        lambda: measure_figures(case, options) if not options.quick else [],
    )
    figures = []
    for step in steps:
        started = time.monotonic()
        for figure in step():
            _show(figure)
            figures.append(figure)
        progress(f"  ({time.monotonic() - started:.1f} s)")
    return figures


def _guard(figures: list[Figure]) -> int:
    """Print every check with its factor; 1 when one is more than QUICK_GUARD_FACTOR off."""
    checks: list[tuple[str, Check]] = [(f"{f.size} {f.name}", c) for f in figures for c in f.checks]
    checks += [(f"{key[1]}", c) for key, c in growth_checks(figures)]
    blown = 0
    print(f"\n{'figure':<70} {'value':>12} {'target':>12} {'factor':>7}")
    for where, check in checks:
        value = (
            seconds(check.value) if check.target.unit == "s" else f"{check.value:,.1f} {check.target.unit}"
        )
        flag = "  BLOWN" if check.factor > QUICK_GUARD_FACTOR else ("  missed" if not check.met else "")
        blown += check.factor > QUICK_GUARD_FACTOR
        print(
            f"{(where + ': ' + check.label)[:70]:<70} {value:>12} {check.target.shown():>12} "
            f"{check.factor:>6.2f}x{flag}"
        )
    print(
        f"\n{blown} figure(s) more than {QUICK_GUARD_FACTOR:g}x off target"
        if blown
        else "\nno figure is more than 3x off target"
    )
    return 1 if blown else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    options = (
        Options(quick=True, repeats=2, single_shot_s=5.0, measure_budget_s=2.0) if args.quick else Options()
    )
    if args.no_browser:
        options = Options(**{**options.__dict__, "browser": False})
    sizes = (args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)).split(",")
    started = time.monotonic()
    host, stack = machine(), versions()
    core = read_dataset(DEFAULT_DATA_DIR)
    workdir = Path(tempfile.mkdtemp(prefix="un-pathways-bench-"))
    figures: list[Figure] = []
    cases: list[SizeSummary] = []
    budgets = {
        "naive": Projection(),
        "layout": Projection(),
        "pyvis": Projection(),
        "twins": {},
        "timed_out": set(),
    }
    try:
        with neo4j_session(restore=core) as neo:
            stack["Neo4j server"] = f"{neo.version} at {neo.uri}" + (
                " (started for this run)" if neo.started_here else ""
            )
            for size in sizes:
                case = _case(size.strip(), core, args.seed, workdir)
                progress(
                    f"{case.label}: {case.graph.number_of_nodes():,} nodes, "
                    f"{case.graph.number_of_edges():,} edges"
                )
                figures += _measure_size(case, options, neo.driver, budgets, neo.uri)
                cases.append(case.summary())
                del case  # free this size's graph before building the next
        if options.browser:
            big = next((c for c in cases if c.label == "N=130"), None)
            for figure in measure_browser(cases[0], big, options):
                _show(figure)
                figures.append(figure)
        command = (
            "python -m bench"
            + (" --quick" if args.quick else "")
            + (f" --sizes {args.sizes}" if args.sizes else "")
        )
        report = render_report(figures, cases, host, stack, command, time.monotonic() - started)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out = args.out or (
        Path(tempfile.gettempdir()) / "un-pathways-benchmarks-quick.md" if args.quick else REPORT
    )
    out.write_text(report, encoding="utf-8")
    print(f"report written to {out} ({(time.monotonic() - started):.0f} s)")
    code = _guard(figures)
    return code if args.quick and not args.no_guard else 0


if __name__ == "__main__":
    sys.exit(main())
