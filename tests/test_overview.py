"""Big graphs: countries and kinds as clusters, the grouped layout, and what Explore draws above the limit."""

from __future__ import annotations

import networkx as nx
import pytest

from bench.synthetic import synthetic_dataset
from un_pathways.graph.build import build_graph
from un_pathways.graph.overview import (
    CLUSTER_KIND,
    cluster_graph,
    country_groups,
    country_members,
    kind_groups,
)
from un_pathways.loaders.dataset import read_dataset
from un_pathways.ui.big_graph import DRAW_LIMIT, country_view, summarised
from un_pathways.ui.graph_data import SPRING_MAX, layout_positions

COUNTRIES = 60  # about 1,850 nodes: past SPRING_MAX, so the grouped layout runs


@pytest.fixture(scope="module")
def curated() -> nx.MultiDiGraph:
    return build_graph(read_dataset())


@pytest.fixture(scope="module")
def big() -> nx.MultiDiGraph:
    return build_graph(synthetic_dataset(COUNTRIES, seed=7))


def _names(graph: nx.MultiDiGraph) -> dict[str, str]:
    return {node: attrs["name"] for node, attrs in graph.nodes(data=True)}


def test_a_country_holds_what_its_state_hosts_and_who_leads_or_belongs_to_it(curated):
    sri_lanka = country_members(curated, "state.sri-lanka")
    assert {
        "state.sri-lanka",
        "field.unct.sri-lanka",
        "field.rc.sri-lanka",
        "field.agencies.sri-lanka",
    } <= sri_lanka
    south_sudan = country_members(curated, "state.south-sudan")
    assert {"mission.unmiss", "mission.unmiss-poc-sites"} <= south_sudan


def test_headquarters_bodies_belong_to_no_country(curated):
    groups = country_groups(curated)
    for node in ("un.security-council", "un.secretary-general", "un.undp", "field.rc-system"):
        assert node not in groups
    assert {curated.nodes[n]["kind"] for n in groups} <= {
        "member_state",
        "field_presence",
        "mission",
        "agency",
        "resolution",
        "report",
    }


def test_a_node_tied_to_two_countries_belongs_to_neither():
    g = nx.MultiDiGraph()
    for node, kind in [
        ("a", "member_state"),
        ("b", "member_state"),
        ("ta", "field_presence"),
        ("tb", "field_presence"),
        ("regional", "field_presence"),
    ]:
        g.add_node(node, kind=kind, name=node)
    g.add_edge("a", "ta", type="HOSTS")
    g.add_edge("b", "tb", type="HOSTS")
    g.add_edge("regional", "ta", type="LEADS")
    g.add_edge("regional", "tb", type="LEADS")
    groups = country_groups(g)
    assert groups == {"a": "a", "ta": "a", "b": "b", "tb": "b"}


def test_clusters_keep_every_node_and_every_relation_between_groups(big):
    groups = country_groups(big)
    drawn = cluster_graph(big, groups)
    clusters = [attrs for _, attrs in drawn.nodes(data=True) if attrs["kind"] == CLUSTER_KIND]
    assert len(clusters) == len(set(groups.values()))
    assert (
        sum(c["members"] for c in clusters) + (drawn.number_of_nodes() - len(clusters))
        == big.number_of_nodes()
    )
    between = sum(1 for u, v in big.edges() if groups.get(u, u) != groups.get(v, v) or u not in groups)
    inside = sum(1 for u, v in big.edges() if u in groups and v in groups and groups[u] == groups[v])
    assert (
        sum(attrs["count"] for *_, attrs in drawn.edges(data=True))
        == between
        == big.number_of_edges() - inside
    )


def test_a_merged_relation_keeps_its_type_and_friction(big):
    groups = country_groups(big)
    drawn = cluster_graph(big, groups)
    originals = {
        (groups.get(u, u), groups.get(v, v), a["type"], a.get("friction")) for u, v, a in big.edges(data=True)
    }
    for u, v, attrs in drawn.edges(data=True):
        key = (u.removeprefix("cluster:"), v.removeprefix("cluster:"), attrs["type"], attrs.get("friction"))
        assert key in originals


def test_every_synthetic_country_becomes_one_cluster(big):
    groups = country_groups(big)
    states = {n for n in big if n.startswith("state.syn-")}
    assert len(states) == COUNTRIES
    for state in states:
        code = state.removeprefix("state.")
        assert groups[f"field.unct.{code}"] == state
        assert groups[f"field.rc.{code}"] == state


def test_the_grouped_layout_places_every_node_and_repeats(big):
    assert big.number_of_nodes() > SPRING_MAX
    first = layout_positions(big)
    assert set(first) == set(big)
    assert layout_positions(big) == first
    assert len(set(first.values())) == len(first)  # no two nodes on the same spot


def test_a_big_view_is_summarised_below_the_draw_limit(big):
    summary = summarised(big, country_groups(big), _names(big), layout_positions(big))
    assert summary.grouping == "country"
    assert summary.drawn.number_of_nodes() <= DRAW_LIMIT
    assert all(node in summary.positions for node in summary.drawn)


def test_kind_clusters_when_even_the_countries_are_too_many(big, monkeypatch):
    from un_pathways.ui import big_graph

    monkeypatch.setattr(big_graph, "DRAW_LIMIT", COUNTRIES)  # fewer than the countries
    summary = summarised(big, country_groups(big), _names(big), layout_positions(big))
    assert summary.grouping == "kind"
    kinds = {attrs["kind"] for _, attrs in big.nodes(data=True)}
    assert summary.drawn.number_of_nodes() == len(kinds)
    assert set(kind_groups(big).values()) == {f"kind:{k}" for k in kinds}


def test_one_country_in_full_shows_its_presences_and_whom_they_report_to(big):
    state = "state.syn-0003"
    shown = country_view(big, country_groups(big), state)
    code = state.removeprefix("state.")
    assert {state, f"field.unct.{code}", f"field.rc.{code}", "un.secretary-general"} <= set(shown)
    assert shown.number_of_nodes() < 150
