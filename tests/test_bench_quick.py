"""The quick benchmark is CI's guard against blow-ups: no figure more than 3x off its target.

Runs ``python -m bench --quick`` in a subprocess against this session's Neo4j
(which the harness leaves holding the curated data again). Not a timed test:
it fails only when a figure is more than 3x off its target (bench/targets.py).
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


def test_quick_benchmark_has_no_figure_more_than_3x_off_target(neo4j_server, neo4j_driver):
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    before = REPORT.read_bytes() if REPORT.exists() else None
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"quick benchmark failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    assert "no figure is more than 3x off target" in done.stdout
    written = Path(re.search(r"report written to (.+) \(", done.stdout).group(1))
    assert written != REPORT and written.read_text().startswith("# Benchmarks")
    assert (REPORT.read_bytes() if REPORT.exists() else None) == before, (
        "the quick mode must not overwrite docs/benchmarks.md"
    )
    with neo4j_driver.session() as session:
        synthetic = session.run(SYNTHETIC_LEFT).single()["n"]
    assert synthetic == 0, "the curated data is loaded back after the benchmark"
