"""Validate + build: read the YAML folder into a checked Dataset and build the networkx graph."""

from __future__ import annotations

from bench import targets
from bench.harness import Figure, Options, SizeCase, measure, wanted
from graph.build import build_graph
from graph.views import configure
from loaders.dataset import read_dataset

__all__ = ["measure_build"]

BUILD_TARGETS = {"curated": targets.BUILD_CURATED_S, "N=130": targets.BUILD_N130_S}


def measure_build(case: SizeCase, options: Options) -> list[Figure]:
    timing = measure(lambda: build_graph(read_dataset(case.folder)), options)
    build = Figure(case.label, "build", "validate + build from the YAML folder", embedded=timing)
    build.check("validate + build", BUILD_TARGETS.get(case.label), timing.median)
    if not wanted(options, None):
        return [build]
    view = measure(lambda: configure(case.graph, scenario="hruf"), options)
    configured = Figure(case.label, "build", "configure a view (year + scenario)", embedded=view)
    return [build, configured]
