"""The parse cache: unchanged files are not parsed again, and the cache can never change a result."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from un_pathways.graph.build import build_graph
from un_pathways.graph.errors import DataError
from un_pathways.loaders import parse_cache, yaml_source
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset


def _big_yaml(n: int = 400, name: str = "x") -> str:
    """A nodes file above the cache's size threshold."""
    items = "".join(
        f"  - id: node.{name}-{i}\n    name: Node {i}\n    year: {1990 + i % 30}\n    since: 2001-02-03\n"
        for i in range(n)
    )
    return "nodes:\n" + items


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(parse_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every real parse (cache misses)."""
    calls: list[str] = []
    real = yaml_source._parse

    def counting(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(yaml_source, "_parse", counting)
    return calls


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nodes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_file_is_parsed_once(tmp_path, cache, parses):
    path = _write(tmp_path, _big_yaml())
    first = yaml_source.read_yaml(path)
    second = yaml_source.read_yaml(path)
    assert len(parses) == 1
    assert second == first
    assert first["nodes"][3]["__line__"] == 14  # line numbers survive the cache
    assert str(first["nodes"][0]["since"]) == "2001-02-03"  # and dates stay dates
    assert len(list(cache.glob("*.pickle"))) == 1


def test_a_changed_file_is_parsed_again(tmp_path, cache, parses):
    path = _write(tmp_path, _big_yaml())
    yaml_source.read_yaml(path)
    path.write_text(_big_yaml().replace("Node 7\n", "Node seven\n"), encoding="utf-8")
    changed = yaml_source.read_yaml(path)
    assert len(parses) == 2
    assert changed["nodes"][7]["name"] == "Node seven"


def test_small_files_are_not_cached(tmp_path, cache, parses):
    path = _write(tmp_path, _big_yaml(n=3))
    yaml_source.read_yaml(path)
    yaml_source.read_yaml(path)
    assert len(parses) == 2
    assert not cache.exists()


def test_off_turns_the_cache_off(tmp_path, monkeypatch, parses):
    monkeypatch.setenv(parse_cache.CACHE_ENV, "off")
    path = _write(tmp_path, _big_yaml())
    yaml_source.read_yaml(path)
    yaml_source.read_yaml(path)
    assert len(parses) == 2


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path, cache, parses):
    path = _write(tmp_path, _big_yaml())
    expected = yaml_source.read_yaml(path)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated, as after a crash
    assert yaml_source.read_yaml(path) == expected
    assert len(parses) == 2
    assert yaml_source.read_yaml(path) == expected
    assert len(parses) == 2  # rewritten whole


def test_a_planted_entry_cannot_run_code(tmp_path, cache, parses):
    path = _write(tmp_path, _big_yaml())
    expected = yaml_source.read_yaml(path)
    (entry,) = cache.glob("*.pickle")
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Evil()))
    assert yaml_source.read_yaml(path) == expected
    assert not marker.exists()


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(parse_cache.CACHE_ENV, str(blocker / "cache"))
    path = _write(tmp_path, _big_yaml())
    assert yaml_source.read_yaml(path)["nodes"][0]["id"] == "node.x-0"
    assert len(parses) == 1


def test_errors_are_not_cached(tmp_path, cache):
    broken = _big_yaml() + "  - id: node.twice\n    id: node.again\n"
    path = _write(tmp_path, broken)
    for _ in range(2):
        with pytest.raises(DataError) as raised:
            yaml_source.read_yaml(path)
        assert raised.value.problems[0].line == 1602
        assert "duplicate key 'id'" in raised.value.problems[0].message
    assert not list(cache.glob("*.pickle"))


def test_the_cache_stays_under_its_size_limit(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(parse_cache, "MAX_CACHE_BYTES", 60_000)
    for name in "abcdef":
        path = tmp_path / f"{name}.yaml"
        path.write_text(_big_yaml(name=name), encoding="utf-8")
        yaml_source.read_yaml(path)
    sizes = [entry.stat().st_size for entry in cache.glob("*.pickle")]
    assert 1 <= len(sizes) < 6
    assert sum(sizes) <= 60_000
    assert not list(cache.glob(".*.part"))  # no temporary file left behind


def test_the_dataset_read_through_the_cache_is_the_same(cache, monkeypatch):
    monkeypatch.setenv(parse_cache.CACHE_ENV, "off")
    parsed = read_dataset(DEFAULT_DATA_DIR)
    monkeypatch.setenv(parse_cache.CACHE_ENV, str(cache))
    read_dataset(DEFAULT_DATA_DIR)  # fills the cache
    cached = read_dataset(DEFAULT_DATA_DIR)
    assert list(cache.glob("*.pickle"))
    assert cached == parsed
    assert sorted(build_graph(cached).edges(keys=True, data=True)) == sorted(
        build_graph(parsed).edges(keys=True, data=True)
    )
