"""What every command needs: the graph, a backend, parsed parameters. Built once per run."""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path

import networkx as nx

from un_pathways.graph.build import build_graph
from un_pathways.graph.dataset import Dataset
from un_pathways.graph.errors import ConnectionFailed, QueryError
from un_pathways.loaders.dataset import read_dataset
from un_pathways.queries.saved import SavedQuery, load_saved_queries

__all__ = [
    "backend_for",
    "close_connections",
    "dataset",
    "graph",
    "neo4j_backend",
    "parse_params",
    "saved_queries",
]

_OPEN_DRIVERS: list = []  # closed by close_connections() when the command is done


@cache
def dataset(data_dir: Path) -> Dataset:
    return read_dataset(data_dir)


@cache
def graph(data_dir: Path) -> nx.MultiDiGraph:
    return build_graph(dataset(data_dir))


@cache
def saved_queries() -> dict[str, SavedQuery]:
    return load_saved_queries()


def neo4j_backend(args: argparse.Namespace):
    # Imported here: the driver costs most of a CLI start, and most commands never need it.
    from un_pathways.loaders.neo4j_store import Neo4jSettings, open_driver
    from un_pathways.queries.backends import Neo4jBackend

    settings = Neo4jSettings.configured()
    if settings is None:
        raise ConnectionFailed(
            "no Neo4j configured: set NEO4J_URI (e.g. bolt://localhost:7687), NEO4J_USER and NEO4J_PASSWORD, "
            "or start one with `pathways neo4j start` (needs Java) or `docker compose up -d neo4j`"
        )
    driver = open_driver(settings)
    _OPEN_DRIVERS.append(driver)
    return Neo4jBackend(
        driver,
        uri=settings.uri,
        database=settings.database,
        timeout_s=getattr(args, "timeout", None),
        row_limit=getattr(args, "limit", None),
    )


def close_connections() -> None:
    """Close every Neo4j driver this command opened (no connection outlives the command)."""
    while _OPEN_DRIVERS:
        _OPEN_DRIVERS.pop().close()


def backend_for(args: argparse.Namespace):
    from un_pathways.queries.backends import EmbeddedBackend

    if args.backend == "neo4j":
        return neo4j_backend(args)
    return EmbeddedBackend(graph(args.data), row_limit=getattr(args, "limit", None))


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["k=v", ...]`` into a dict; values stay strings until the query types them."""
    params = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        params[name.strip()] = value
    return params
