"""Write a synthetic dataset as a YAML data folder with the same layout as data/.

The curated files are copied verbatim (vocabulary, nodes, edges, cases,
scenarios, lessons); the synthetic items go to ``nodes/synthetic-0001-0050.yaml``
and ``edges/synthetic-0001-0050.yaml``, 50 countries per file, so no file nears
the loader's size limit. A ``SYNTHETIC.md`` marker says what the folder is; a
folder is only ever replaced when it carries that marker, and never inside data/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml

from bench.synthetic import country_number, synthetic_ids
from un_pathways.graph.dataset import Dataset
from un_pathways.graph.model import Edge, Node
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

__all__ = ["COUNTRIES_PER_FILE", "MARKER", "write_synthetic_folder"]

COUNTRIES_PER_FILE = 50
MARKER = "SYNTHETIC.md"
CURATED_PARTS = ("vocabulary", "nodes", "edges", "cases", "scenarios", "lessons")
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HEADER = (
    "# SYNTHETIC benchmark data written by bench/synthetic.py: generated, not facts.\n"
    "# Never copy it into data/.\n"
)


def _prepare(out: Path, data_dir: Path) -> None:
    out, data_dir = out.resolve(), data_dir.resolve()
    if out == data_dir or out.is_relative_to(data_dir) or data_dir.is_relative_to(out):
        raise ValueError(f"refusing to write synthetic data at {out}: it overlaps the curated {data_dir}")
    if out.exists():
        if not out.is_dir():
            raise ValueError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise ValueError(f"{out} is not empty and holds no {MARKER}: choose an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _chunks(dataset: Dataset) -> Iterator[tuple[str, list[Node], list[Edge]]]:
    """Synthetic nodes and edges, grouped by COUNTRIES_PER_FILE countries."""
    groups: dict[int, tuple[list[Node], list[Edge]]] = {}
    for items, slot in ((dataset.nodes.values(), 0), (dataset.edges.values(), 1)):
        for item in items:
            number = country_number(item.sources)
            if number is not None:
                groups.setdefault((number - 1) // COUNTRIES_PER_FILE, ([], []))[slot].append(item)
    for index in sorted(groups):
        first, last = index * COUNTRIES_PER_FILE + 1, (index + 1) * COUNTRIES_PER_FILE
        yield f"{first:04d}-{last:04d}", *groups[index]


def _dump(path: Path, section: str, items: list[Node] | list[Edge]) -> None:
    rows = [item.model_dump(mode="json", by_alias=True, exclude_defaults=True) for item in items]
    text = yaml.dump({section: rows}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(HEADER + text, encoding="utf-8")


def write_synthetic_folder(
    dataset: Dataset, out: Path | str, data_dir: Path | str = DEFAULT_DATA_DIR
) -> dict[str, int]:
    """Write ``dataset`` (curated ``data_dir`` plus synthetic items) as a data folder; return counts."""
    out, data_dir = Path(out), Path(data_dir)
    _prepare(out, data_dir)
    for part in CURATED_PARTS:
        if (data_dir / part).is_dir():
            shutil.copytree(data_dir / part, out / part)
        else:
            (out / part).mkdir()
    for name, nodes, edges in _chunks(dataset):
        _dump(out / "nodes" / f"synthetic-{name}.yaml", "nodes", nodes)
        _dump(out / "edges" / f"synthetic-{name}.yaml", "edges", edges)
    synthetic_nodes = synthetic_ids(dataset)
    synthetic_edges = sum(1 for e in dataset.edges.values() if country_number(e.sources) is not None)
    counts = {
        "nodes": len(dataset.nodes),
        "edges": len(dataset.edges),
        "synthetic_nodes": len(synthetic_nodes),
        "synthetic_edges": synthetic_edges,
    }
    (out / MARKER).write_text(
        "# Synthetic benchmark data\n\n"
        "Written by `python -m bench.synthetic`: the curated `data/` plus generated countries "
        "(`nodes/synthetic-*.yaml`, `edges/synthetic-*.yaml`, every item sourced `doc: synthetic`).\n"
        "These are not facts. Do not copy them into `data/`.\n\n"
        + "".join(f"- {key.replace('_', ' ')}: {value:,}\n" for key, value in counts.items()),
        encoding="utf-8",
    )
    return counts
