"""The benchmark generator: seeded, UN-shaped, linear in N, valid through the real model and loader."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest

from bench.synthetic import synthetic_dataset, synthetic_ids
from bench.synthetic_folder import MARKER, write_synthetic_folder
from un_pathways.cli.main import main as pathways
from un_pathways.graph.build import build_graph
from un_pathways.graph.channels import channel_digraph
from un_pathways.graph.reach import reach_probability, relevant_arcs
from un_pathways.graph.stall_map import country_teams, stall_map
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset


@pytest.fixture(scope="module")
def core():
    return read_dataset()


@pytest.fixture(scope="module")
def twelve(core):
    return synthetic_dataset(12, seed=7, core=core)


def synthetic_counts(dataset) -> tuple[int, int]:
    nodes = synthetic_ids(dataset)
    edges = [e for e in dataset.edges.values() if e.sources[0].doc == "synthetic"]
    return len(nodes), len(edges)


def test_same_seed_same_dataset_other_seed_other_dataset(core, twelve):
    again = synthetic_dataset(12, seed=7, core=core)
    assert again.nodes == twelve.nodes and again.edges == twelve.edges
    other = synthetic_dataset(12, seed=8, core=core)
    assert other.edges != twelve.edges


def test_the_curated_core_is_kept_whole(core, twelve):
    assert all(twelve.nodes[key] == node for key, node in core.nodes.items())
    assert all(twelve.edges[key] == edge for key, edge in core.edges.items())
    assert twelve.cases == core.cases and twelve.scenarios == core.scenarios


def test_every_synthetic_item_is_sourced_synthetic_and_data_holds_none(core, twelve):
    added_nodes = twelve.nodes.keys() - core.nodes.keys()
    added_edges = twelve.edges.keys() - core.edges.keys()
    assert added_nodes == synthetic_ids(twelve)
    assert all(s.doc == "synthetic" for key in added_edges for s in twelve.edges[key].sources)
    assert synthetic_ids(core) == set()
    assert not [e.key for e in core.edges.values() if any(s.doc == "synthetic" for s in e.sources)]


def test_counts_grow_linearly_with_the_countries(core):
    (n10, e10), (n40, e40), (n160, e160) = (
        synthetic_counts(synthetic_dataset(n, 3, core)) for n in (10, 40, 160)
    )
    for small, middle, big in ((n10, n40, n160), (e10, e40, e160)):
        assert 3.2 < middle / small < 4.8  # 4x the countries
        assert 3.6 < big / middle < 4.4
    assert 15 < n160 / 160 < 40, "about 25 nodes per country"


def test_each_country_has_the_un_shape(twelve):
    graph = build_graph(twelve)
    teams = [t for t in country_teams(graph) if "syn-" in t]
    assert len(teams) == 12
    for team in teams:
        code = team.rsplit(".", 1)[1]
        state, rc = f"state.{code}", f"field.rc.{code}"
        assert graph.has_edge(state, team, f"{state} -HOSTS-> {team}")
        assert graph.has_edge(rc, team, f"{rc} -LEADS-> {team}")
        agencies = [
            u
            for u, _, a in graph.in_edges(team, data=True)
            if a["type"] == "PART_OF" and graph.nodes[u]["kind"] == "agency"
        ]
        assert 5 <= len(agencies) <= 15
    missions = [n for n in graph if n.startswith("mission.syn-")]
    assert missions, "some countries have a mission"
    for mission in missions:
        host = f"state.{mission.split('.', 1)[1]}"
        assert graph.has_edge(host, mission, f"{host} -CONSENTS_TO-> {mission}")
    contributors = {
        u for u, v, a in graph.edges(data=True) if a["type"] == "CONTRIBUTES_TROOPS_TO" and "syn-" in v
    }
    assert contributors, "peacekeeping operations have troop contributors"
    assert all(graph.nodes[state]["kind"] == "member_state" for state in contributors)
    assert all("troop_contributor" in graph.nodes[s]["roles"] for s in contributors if "syn-" in s)


def test_channel_frictions_follow_the_curated_channels(core, twelve):
    curated = {(e.friction, tuple(e.mechanism)) for e in core.edges.values() if e.channel}
    synthetic = [e for key, e in twelve.edges.items() if e.channel and key not in core.edges]
    assert synthetic
    assert {(e.friction, tuple(e.mechanism)) for e in synthetic} <= curated
    assert len(Counter(e.friction for e in synthetic)) >= 3, "frictions vary, as in the curated data"


def test_every_synthetic_country_team_has_a_path_to_the_security_council(twelve):
    graph = build_graph(twelve)
    channels = channel_digraph(graph)
    teams = [t for t in country_teams(graph) if "syn-" in t]
    assert all(nx.has_path(channels, team, "un.security-council") for team in teams)
    rows = {row["team"]: row for row in stall_map(graph)["teams"]}
    assert all(rows[team]["hops"] >= 3 for team in teams)


def test_the_written_folder_validates_and_reads_back_the_same_dataset(twelve, tmp_path):
    folder = tmp_path / "syn12"
    counts = write_synthetic_folder(twelve, folder)
    assert (folder / MARKER).is_file()
    assert counts["nodes"] == len(twelve.nodes) and counts["edges"] == len(twelve.edges)
    back = read_dataset(folder)
    assert back.nodes == twelve.nodes and back.edges == twelve.edges
    assert back.scenarios == twelve.scenarios and back.cases == twelve.cases
    assert pathways(["validate", "--data", str(folder)]) == 0


def test_the_stall_map_command_lists_every_country_team(twelve, tmp_path, capsys):
    folder = tmp_path / "syn12"
    write_synthetic_folder(twelve, folder)
    capsys.readouterr()
    assert pathways(["stall-map", "--data", str(folder), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    teams = {row["team"]: row for row in result["teams"]}
    assert len([t for t in teams if "syn-" in t]) == 12 and "field.unct.sri-lanka" in teams
    assert result["summary"]["teams"] == len(teams) and result["target"] == "un.security-council"


def test_reach_ignores_what_hangs_below_the_council(core, twelve):
    """Synthetic countries add no route from Sri Lanka's team, so reach weighs the same arcs as before."""
    source, target = "field.unct.sri-lanka", "un.security-council"
    before, after = channel_digraph(build_graph(core)), channel_digraph(build_graph(twelve))
    assert relevant_arcs(after, source, target) == relevant_arcs(before, source, target)
    assert reach_probability(build_graph(twelve), source, target) == reach_probability(
        build_graph(core), source, target
    )


def test_the_writer_refuses_data_and_folders_it_did_not_write(twelve, tmp_path):
    with pytest.raises(ValueError, match="overlaps the curated"):
        write_synthetic_folder(twelve, DEFAULT_DATA_DIR / "synthetic")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match="holds no SYNTHETIC.md"):
        write_synthetic_folder(twelve, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_the_command_line_writes_a_folder(tmp_path, capsys):
    from bench.synthetic import main

    assert main(["--countries", "10", "--seed", "1", "--out", str(tmp_path / "out")]) == 0
    assert "10 countries" in capsys.readouterr().out
    assert main(["--countries", "10", "--out", str(DEFAULT_DATA_DIR)]) == 2
