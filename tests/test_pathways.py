"""The pathway engine: most reliable routes, stall points, reach, bottlenecks, counterfactuals."""

from __future__ import annotations

import networkx as nx
import pytest

from un_pathways.graph.build import build_graph
from un_pathways.graph.compare import Configuration, compare_configurations
from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.lookup import resolve_node
from un_pathways.graph.pathways import most_reliable_paths, stall_frontier
from un_pathways.graph.reach import bottlenecks, reach_probability
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import read_dataset

SRI_LANKA_TEAM = "field.unct.sri-lanka"
COUNCIL = "un.security-council"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(read_dataset())


def toy(edges: list[tuple[str, str, str]]) -> nx.MultiDiGraph:
    """A tiny graph of information channels: (from, to, friction)."""
    graph = nx.MultiDiGraph(dataset=None)
    for source, target, friction in edges:
        for node in (source, target):
            graph.add_node(node, name=node, kind="office", labels=["Entity"])
        graph.add_edge(
            source,
            target,
            key=f"{source} -ALERTS-> {target}",
            type="ALERTS",
            channel=True,
            stage="information",
            friction=friction,
            mechanism=["none"] if friction == "none" else ["capacity_gap"],
            rationale="r",
            sources=["seed: x"],
            setting="any",
        )
    return graph


def test_most_reliable_path_maximises_the_product_and_finds_the_stall():
    # a -> b -> d passes 0.85 * 0.3; a -> c -> d passes 0.6 * 0.6 and wins
    graph = toy([("a", "b", "low"), ("b", "d", "high"), ("a", "c", "medium"), ("c", "d", "medium")])
    best, second = most_reliable_paths(graph, "a", "d", k=2, threshold=0.5)
    assert best.nodes == ["a", "c", "d"] and best.signal == pytest.approx(0.36)
    assert best.stall_index == 1  # 0.6 stays above 0.5, 0.36 falls below
    assert second.nodes == ["a", "b", "d"] and second.weakest.target == "d"


def test_a_blocking_hop_is_the_stall_when_no_other_route_exists():
    graph = toy([("a", "b", "none"), ("b", "c", "blocking")])
    (path,) = most_reliable_paths(graph, "a", "c", k=3)
    assert path.signal == 0 and path.stall.source == "b"


def test_friction_map_and_single_edge_overrides_change_the_answer():
    graph = toy([("a", "b", "high")])
    assert most_reliable_paths(graph, "a", "b")[0].signal == pytest.approx(0.3)
    assert most_reliable_paths(graph, "a", "b", friction_pass={"high": 0.5})[0].signal == pytest.approx(0.5)
    overridden = most_reliable_paths(graph, "a", "b", overrides={"a -ALERTS-> b": 0.9})
    assert overridden[0].signal == pytest.approx(0.9)


def test_exact_reach_of_two_parallel_routes():
    graph = toy([("a", "b", "medium"), ("b", "d", "medium"), ("a", "c", "medium"), ("c", "d", "medium")])
    reach = reach_probability(graph, "a", "d")
    assert reach.method == "exact"
    assert reach.probability == pytest.approx(1 - (1 - 0.36) ** 2)


@pytest.mark.parametrize("seed", [1, 2016])
def test_monte_carlo_agrees_with_exact_within_its_interval(seed):
    graph = toy(
        [("a", "b", "medium"), ("b", "d", "low"), ("a", "c", "high"), ("c", "d", "none"), ("b", "c", "low")]
    )
    exact = reach_probability(graph, "a", "d", method="exact")
    sampled = reach_probability(graph, "a", "d", method="monte_carlo", samples=20000, seed=seed)
    assert sampled.low <= exact.probability <= sampled.high
    assert sampled == reach_probability(graph, "a", "d", method="monte_carlo", samples=20000, seed=seed)


def test_bottlenecks_rank_the_only_bridge_first():
    graph = toy(
        [("a", "b", "low"), ("b", "c", "medium"), ("b", "d", "medium"), ("c", "e", "low"), ("d", "e", "low")]
    )
    result = bottlenecks(graph, "a", "e")
    assert result["edges"][0]["from"] == "a" and result["edges"][0]["to"] == "b"
    assert result["every_route_through"] == ["b"]
    assert result["min_cut"] == [{"from": "a", "to": "b"}]


def test_sri_lanka_2009_stalls_in_the_country_team_for_the_papers_reasons(graph):
    view = configure(graph, as_of=2009, scenario="pre_hruf")
    best = most_reliable_paths(view, SRI_LANKA_TEAM, COUNCIL, k=3)[0]
    stall = best.stall
    assert stall is not None
    field_level = {SRI_LANKA_TEAM, "field.rc.sri-lanka"}
    assert stall.source in field_level, f"stall at {stall.source} -> {stall.target}"
    mechanisms = set(stall.mechanism)
    assert mechanisms & {"host_consent_dependence", "persona_non_grata_risk", "humanitarian_access_tradeoff"}


def test_human_rights_up_front_raises_reach_from_sri_lanka(graph):
    result = compare_configurations(
        graph, [SRI_LANKA_TEAM], COUNCIL, Configuration("pre_hruf", 2009), Configuration("hruf", 2009)
    )
    assert result["reach_change"] > 0
    assert result["changed_edges"], "the comparison names the channels that made the difference"


def test_the_cli_reference_names_resolve(graph):
    assert resolve_node(graph, "UN Country Team Sri Lanka") == SRI_LANKA_TEAM
    assert resolve_node(graph, "Security Council") == COUNCIL
    with pytest.raises(LookupFailed, match="Closest matches|no node matches"):
        resolve_node(graph, "Secuirty Councl")


def test_stall_frontier_groups_where_signals_die(graph):
    view = configure(graph, as_of=2009, scenario="pre_hruf")
    frontier = stall_frontier(view, SRI_LANKA_TEAM)
    assert frontier["frontier"], "signals from the Sri Lanka team die somewhere"
    assert all(hop["signal_after"] < 0.5 <= hop["signal_before"] for hop in frontier["frontier"])


def test_one_channel_graph_serves_every_question_about_a_view():
    """Paths, reach and bottlenecks of one view share its channel graph; another question builds another."""
    import gc

    from un_pathways.graph import channels as channel_module

    view = toy([("a", "b", "low"), ("b", "c", "high"), ("a", "c", "medium")])
    first = channel_module.channel_digraph(view)
    assert channel_module.channel_digraph(view) is first
    assert channel_module.channel_digraph(view, friction_pass={"high": 0.4}) is not first
    assert channel_module.channel_digraph(view, overrides={"b -ALERTS-> c": 0.9}).edges["b", "c"]["p"] == 0.9
    assert channel_module.channel_digraph(view, stages=["decision"]).number_of_edges() == 0
    for level in range(channel_module.BUILT_PER_VIEW + 1):  # older questions are dropped, not kept forever
        channel_module.channel_digraph(view, friction_pass={"low": level / 10})
    assert channel_module.channel_digraph(view) is not first
    assert channel_module.channel_digraph(view).edges["a", "b"]["p"] == first.edges["a", "b"]["p"]
    view.add_edge("c", "d", key="c -ALERTS-> d", channel=True, stage="information", friction="none")
    assert channel_module.channel_digraph(view).has_edge("c", "d")  # a view grown after use is not stale
    copy = toy([("a", "b", "low")])
    assert channel_module.channel_digraph(copy) is not channel_module.channel_digraph(view)
    held = len(channel_module._BUILT)
    del view, copy
    gc.collect()
    assert len(channel_module._BUILT) <= held - 2  # entries go with their views


def test_a_scenario_regrades_its_view_and_never_the_graph(graph):
    """Views share the graph's attribute dicts; a regrade must change the view's copy only."""
    regraded = ("un.ohchr", "un.secretary-general", "un.ohchr -BRIEFS-> un.secretary-general")
    before = dict(graph.edges[regraded])
    view = configure(graph, scenario="hruf")
    assert view.edges[regraded]["friction"] == "low" and view.edges[regraded]["regraded_by"] == "hruf"
    assert graph.edges[regraded] == before and before["friction"] != "low"
    assert view.edges[regraded] is not graph.edges[regraded]
    assert configure(graph, as_of=2014).edges[regraded] == before  # another view of the same graph
    assert view.pred["un.secretary-general"]["un.ohchr"][regraded[2]]["friction"] == "low"  # both ways
