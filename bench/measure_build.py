"""Validate + build: read the YAML folder into a checked Dataset and build the networkx graph.

Measured twice: with every file parsed (the first read, or after editing
every file) and with unchanged files taken from the parse cache
(loaders/parse_cache.py), which is what each later CLI call and app reload
pays. Validation runs in full both times.
"""

from __future__ import annotations

import os
import tempfile
from unittest import mock

from bench import targets
from bench.harness import Figure, Options, SizeCase, measure, wanted
from bench.report import REFERENCE_TOPIC
from un_pathways.graph.build import build_graph
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.parse_cache import CACHE_ENV

__all__ = ["measure_build"]

BUILD_TARGETS = {"curated": targets.BUILD_CURATED_S, "N=130": targets.BUILD_N130_S}


def measure_build(case: SizeCase, options: Options) -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="pathways-parse-cache-") as warm_cache:
        for name, cache in (("every file parsed", "off"), ("unchanged files, parse cache", warm_cache)):
            with mock.patch.dict(os.environ, {CACHE_ENV: cache}):
                timing = measure(lambda: build_graph(read_dataset(case.folder)), options)
            measurement = f"validate + build from the YAML folder ({name})"
            build = Figure(case.label, "build", measurement, embedded=timing)
            build.check("validate + build", BUILD_TARGETS.get(case.label), timing.median)
            figures.append(build)
    if not wanted(options, None):
        return figures
    view = measure(lambda: configure(case.graph, scenario="hruf"), options)
    figures.append(Figure(case.label, "build", "configure a view (year + scenario)", embedded=view))
    # The floor for anything that reads the whole graph: one pass over the edges, doing nothing.
    # Its growth shows how much of a query's growth is the machine's memory, not the query.
    scan = measure(lambda: sum(1 for _ in case.graph.edges(data=True)), options)
    edges = f"{case.graph.number_of_edges():,} edges"
    figures.append(Figure(case.label, REFERENCE_TOPIC, "one pass over every edge", embedded=scan, note=edges))
    return figures
