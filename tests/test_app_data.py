"""The Data page, run headless with AppTest: counts, scenarios, vocabularies, citation, assumptions, exports.

Counts are checked against graph/stats.py, the assumptions against
graph/settings.py, and every download is read back by the matching reader in
loaders/export.py.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

try:
    from tests.test_app_pages import app_data, open_page, texts  # noqa: F401  (app_data is a fixture)
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_app_pages import app_data, open_page, texts  # noqa: F401

PAPER = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "un-protection-agenda-2016.txt"


@pytest.fixture
def graph(app_data):
    from un_pathways.graph.build import build_graph
    from un_pathways.loaders.dataset import read_dataset

    return build_graph(read_dataset(app_data))


@pytest.fixture
def media(monkeypatch) -> list[MemoryMediaFileStorage]:
    """The in-memory file stores of AppTest runs, so a download button's bytes can be read."""
    stores = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return stores


def downloads(at, stores) -> dict[str, bytes]:
    """Each download button's label and the bytes it serves."""
    return {
        button.proto.label: stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content
        for button in at.get("download_button")
    }


def table(at, first_column: str) -> dict:
    """A two-column count table on the page, as {value: count}."""
    frame = next(d.value for d in at.dataframe if list(d.value.columns) == [first_column, "count"])
    return dict(zip(frame[first_column], frame["count"], strict=True))


def test_data_page_shows_its_parts_and_the_data_is_valid(app_data, graph):
    vocabulary = graph.graph["dataset"].vocabulary
    at = open_page("data")
    assert at.title[0].value == "Data"
    assert "The data is valid" in texts(at.success) and f"`{app_data.name}/`" in texts(at.success)
    assert str(app_data.parent) not in texts(at.success)  # no server path
    labels = [t.label for t in at.tabs]  # depth first: the vocabulary tabs sit inside Contents
    assert [label for label in labels if "(" not in label] == [
        "Contents",
        "Source and citation",
        "Assumptions",
        "Downloads",
    ]
    assert f"Kinds ({len(vocabulary.kinds)})" in labels
    assert f"Stall mechanisms ({len(vocabulary.mechanisms)})" in labels
    assert f"Case outcome statuses ({len(vocabulary.outcome_statuses)})" in labels
    assert not at.error


def test_counts_equal_the_dataset_statistics(app_data, graph):
    from un_pathways.graph.stats import graph_stats

    stats = graph_stats(graph)
    at = open_page("data")
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics == {
        "Nodes": stats["nodes"],
        "Relations": stats["edges"],
        "Channels": stats["channel_edges"],
        "Cases": len(graph.graph["dataset"].cases),
        "Scenarios": len(graph.graph["dataset"].scenarios),
    }
    assert table(at, "kind") == stats["by_kind"]
    assert table(at, "relation type") == stats["by_edge_type"]
    assert table(at, "stage") == stats["by_stage"]
    assert table(at, "friction") == stats["by_friction"]
    assert len(at.get("vega_lite_chart")) == 4  # a bar chart per breakdown
    headings = [m.value for m in at.markdown if m.value.startswith("**") and "by" in m.value]
    assert f"**Nodes by kind** ({stats['nodes']})" in headings
    assert f"**Relations by type** ({stats['edges']})" in headings


def test_scenarios_and_vocabularies_are_listed(app_data, graph):
    data = graph.graph["dataset"]
    at = open_page("data")
    expanders = [re.sub(r"\\(.)", r"\1", e.label) for e in at.expander]  # data text is escaped
    for scenario in data.scenarios.values():
        assert any(scenario.name in label and f"`{scenario.id}`" in label for label in expanders)
    assert any("hypothetical" in label and "brahimi_candour" in label for label in expanders)
    kinds = next(d.value for d in at.dataframe if "kind" in d.value.columns and "meaning" in d.value.columns)
    assert list(kinds["kind"]) == list(data.vocabulary.kinds)
    mechanisms = next(d.value for d in at.dataframe if "mechanism" in d.value.columns)
    assert list(mechanisms["mechanism"]) == list(data.vocabulary.mechanisms)


def test_the_paper_and_un_pathways_can_be_cited(app_data):
    at = open_page("data")
    codes = [c.value for c in at.code]
    bibtex = next(c for c in codes if c.startswith("@techreport"))
    assert "author      = {von Einsiedel, Sebastian and Bosetti, Louise}" in bibtex
    assert "number      = {7}" in bibtex and "year        = {2016}" in bibtex
    plain = next(c for c in codes if c.startswith("von Einsiedel"))
    assert "Occasional Paper 7" in plain and "November 2016" in plain
    assert any(c.startswith("@software{un_pathways") for c in codes)
    assert any(c.startswith("UN Pathways, version ") for c in codes)


@pytest.mark.skipif(not PAPER.exists(), reason="../shared/seed is not beside this checkout")
def test_the_citation_title_and_authors_are_as_printed_on_the_paper():
    from un_pathways.ui.citation import PAPER_CITATION, PAPER_TITLE

    header = PAPER.read_text(encoding="utf-8")[:1000]
    printed = next(line for line in header.splitlines() if line.startswith("How "))
    assert PAPER_TITLE == printed.rstrip("¹").strip()
    assert "Occasional Paper 7" in header and "November 2016" in header
    for author in ("Sebastian von Einsiedel", "Louise Bosetti"):
        assert author in header
    assert PAPER_CITATION.startswith("von Einsiedel, Sebastian, and Louise Bosetti.")


def test_assumptions_come_from_the_settings(app_data):
    from un_pathways.graph.settings import DEFAULT_FRICTION_PASS, SETTINGS

    at = open_page("data")
    frame = next(d.value for d in at.dataframe if "chance a signal passes" in d.value.columns)
    assert dict(zip(frame["friction"], frame["chance a signal passes"], strict=True)) == dict(
        DEFAULT_FRICTION_PASS
    )
    shown = texts(at.markdown)
    assert f"**{SETTINGS['stall_threshold'].default:.2f}** by default" in shown
    assert f"at most {SETTINGS['exact_reach_max_edges'].default} channels" in shown
    assert "**Monte Carlo**" in shown and "independently" in shown
    assert "What the model leaves out" in shown


def test_every_download_reads_back_to_the_same_graph(app_data, graph, media, tmp_path):
    from un_pathways.loaders.export import read_csv, read_graphml, read_json

    files = downloads(open_page("data"), media)
    assert list(files) == ["GraphML", "JSON (node-link)", "CSV (zip)", "Cypher script"]
    (tmp_path / "g.graphml").write_bytes(files["GraphML"])
    (tmp_path / "g.json").write_bytes(files["JSON (node-link)"])
    with zipfile.ZipFile(io.BytesIO(files["CSV (zip)"])) as archive:
        assert sorted(archive.namelist()) == ["nodes.csv", "relationships.csv"]
        archive.extractall(tmp_path / "csv")
    for read_back in (
        read_graphml(tmp_path / "g.graphml"),
        read_json(tmp_path / "g.json"),
        read_csv(tmp_path / "csv"),
    ):
        assert read_back.number_of_nodes() == graph.number_of_nodes()
        assert read_back.number_of_edges() == graph.number_of_edges()
        assert set(read_back.nodes) == set(graph.nodes)
    cypher = files["Cypher script"].decode(
        "utf-8"
    )  # loaders/export.py has no Cypher reader: count statements
    assert len(re.findall(r"^CREATE \(:", cypher, flags=re.M)) == graph.number_of_nodes()
    assert (
        len(re.findall(r"^MATCH \(a:Entity .*CREATE \(a\)-\[", cypher, flags=re.M)) == graph.number_of_edges()
    )


def test_invalid_data_lists_the_problems_and_keeps_the_static_parts(app_data, tmp_path, monkeypatch):
    broken = tmp_path / "data"
    shutil.copytree(app_data, broken)
    (broken / "edges" / "broken.yaml").write_text(
        "edges:\n  - {from: un.dpa, type: ADVISES, to: un.nowhere, sources: [{doc: seed, locator: x}]}\n"
    )
    monkeypatch.setenv("PATHWAYS_DATA", str(broken))
    at = open_page("data")
    assert "is invalid" in texts(at.error)
    assert "un.nowhere" in texts(at.code)
    assert [t.label for t in at.tabs] == ["Source and citation", "Assumptions"]
    assert not at.get("download_button")


def test_data_page_on_the_real_data_matches_the_statistics(monkeypatch, media, tmp_path):
    from un_pathways.graph.build import build_graph
    from un_pathways.graph.stats import graph_stats
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
    from un_pathways.loaders.export import read_json

    monkeypatch.setenv("PATHWAYS_DATA", str(DEFAULT_DATA_DIR))
    graph = build_graph(read_dataset(DEFAULT_DATA_DIR))
    stats = graph_stats(graph)
    at = open_page("data")
    assert {m.label: int(m.value) for m in at.metric}["Relations"] == stats["edges"]
    assert table(at, "kind") == stats["by_kind"]
    assert table(at, "relation type") == stats["by_edge_type"]
    (tmp_path / "g.json").write_bytes(downloads(at, media)["JSON (node-link)"])
    assert read_json(tmp_path / "g.json").number_of_edges() == graph.number_of_edges()


def test_data_page_works_with_neo4j_connected(app_data, graph, neo4j_server):
    at = open_page("data")
    at.sidebar.text_input(key="neo4j_uri").set_value(neo4j_server.uri)
    at.sidebar.text_input(key="neo4j_user").set_value(neo4j_server.user or "neo4j")
    at.sidebar.text_input(key="neo4j_password").set_value(neo4j_server.password or "unused-password")
    at.sidebar.button[0].click().run()  # the connect form's button
    assert not at.exception
    assert f"Queries run on Neo4j at {neo4j_server.uri}" in texts(at.caption)
    assert {m.label: int(m.value) for m in at.metric}["Nodes"] == graph.number_of_nodes()
    assert len(at.get("download_button")) == 4
