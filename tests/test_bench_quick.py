"""The benchmark harness runs end to end and reports every figure with its target.

Runs ``python -m bench --quick --no-guard --sizes curated,10`` in a
subprocess against this session's Neo4j (the curated data and a small
synthetic graph: every part of the harness, loads included, at a size that
keeps the suite fast) (which the harness leaves holding the curated data again),
writing its report under the test's temporary folder. How fast the figures are
is not this test's business: on a shared machine that is noise, and the speed
guard is ``python -m bench --quick`` itself (``make bench``, docs/benchmarks.md).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
SYNTHETIC_LEFT = "MATCH (n:Entity) WHERE n.id CONTAINS 'syn-' RETURN count(n) AS n"
CHECK_ROW = re.compile(r"\S.* +\d+\.\d\dx( +BLOWN| +missed)?$")  # figure, value, target, factor


def test_quick_benchmark_runs_and_reports_every_figure_with_its_target(neo4j_server, neo4j_driver, tmp_path):
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    before = REPORT.read_bytes() if REPORT.exists() else None
    out = tmp_path / "benchmarks-quick.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--no-guard", "--sizes", "curated,10", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"the harness failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    assert f"report written to {out} (" in done.stdout
    assert out.read_text(encoding="utf-8").startswith("# Benchmarks")
    table = done.stdout.split("\nfigure", 1)[1]
    rows = [m for line in table.splitlines() if (m := CHECK_ROW.match(line))]
    assert len(rows) >= 10, f"too few checks reported:\n{table[:3000]}"
    assert "figure(s) more than" in table or "no figure is more than" in table  # the verdict line
    assert (REPORT.read_bytes() if REPORT.exists() else None) == before, "docs/benchmarks.md is untouched"
    with neo4j_driver.session() as session:
        synthetic = session.run(SYNTHETIC_LEFT).single()["n"]
    assert synthetic == 0, "the curated data is loaded back after the benchmark"
