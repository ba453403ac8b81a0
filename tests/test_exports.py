"""Each export format reads back into the graph it was written from, with every property."""

from __future__ import annotations

import networkx as nx
import pytest

from un_pathways.cli.main import main
from un_pathways.graph.build import build_graph
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.export import export_graph, read_csv, read_graphml, read_json
from un_pathways.loaders.neo4j_store import graph_counts, load_dataset


@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    """These tests read the project's own data/, whatever another test set PATHWAYS_DATA to."""
    monkeypatch.delenv("PATHWAYS_DATA", raising=False)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(read_dataset())


def same_graph(left: nx.MultiDiGraph, right: nx.MultiDiGraph) -> None:
    assert dict(left.nodes(data=True)) == dict(right.nodes(data=True))
    assert sorted(left.edges(keys=True, data=True), key=str) == sorted(
        right.edges(keys=True, data=True), key=str
    )


@pytest.mark.parametrize(
    ("fmt", "name", "reader"),
    [
        ("graphml", "graph.graphml", read_graphml),  # Gephi, Cytoscape and networkx read it
        ("json", "graph.json", read_json),  # node-link JSON
        ("csv", "csv", read_csv),  # neo4j-admin database import layout
    ],
)
def test_export_reads_back_identical(graph, tmp_path, fmt, name, reader):
    export_graph(graph, fmt, tmp_path / name)
    same_graph(graph, reader(tmp_path / name))


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("graphml", "graph.graphml"),  # a graph attribute says whose statement each channel field is
        ("json", "graph.json"),  # the same, in the node-link "graph" map
        ("cypher", "graph.cypher"),  # the script's header comments say it
        ("csv", "csv"),  # the column carries the justification
    ],
)
def test_exports_carry_the_justification_labelled_as_judgement(graph, tmp_path, fmt, name):
    key = "field.rc.sri-lanka -REPORTS_TO-> un.secretary-general"
    justification = graph.edges["field.rc.sri-lanka", "un.secretary-general", key]["justification"]
    files = export_graph(graph, fmt, tmp_path / name)
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert justification.split(":")[0] in text  # its opening words, whatever the format's quoting
    if fmt == "csv":
        assert "justification:string" in (tmp_path / name / "relationships.csv").read_text().splitlines()[0]
    else:
        assert "curators' judgement: why this friction" in text.replace("&#x27;", "'").replace("\\u2019", "'")


def test_graphml_is_plain_networkx_readable(graph, tmp_path):
    export_graph(graph, "graphml", tmp_path / "g.graphml")
    raw = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert raw.number_of_nodes() == graph.number_of_nodes()
    assert raw.number_of_edges() == graph.number_of_edges()


def test_cypher_script_rebuilds_the_graph_in_neo4j(graph, tmp_path, neo4j_driver):
    export_graph(graph, "cypher", tmp_path / "graph.cypher")
    statements = [
        s
        for s in (tmp_path / "graph.cypher").read_text().split(";\n")
        if s.strip() and not s.startswith("//")
    ]
    dataset = graph.graph["dataset"]
    try:
        with neo4j_driver.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
            for statement in statements:
                session.run(statement.rstrip(";")).consume()
            stored = {
                r["id"]: r["p"] for r in session.run("MATCH (n:Entity) RETURN n.id AS id, properties(n) AS p")
            }
        assert stored == {n: a for n, a in graph.nodes(data=True)}
        counts = graph_counts(neo4j_driver)
        assert counts["label:Entity"] == graph.number_of_nodes()
        assert sum(v for k, v in counts.items() if k.startswith("type:")) == graph.number_of_edges()
    finally:
        load_dataset(neo4j_driver, dataset)


def test_export_command(tmp_path, capsys):
    assert main(["export", "--format", "json", str(tmp_path / "g.json"), "--json"]) == 0
    assert (tmp_path / "g.json").exists()
