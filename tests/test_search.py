"""The one ranked search (graph/search.py): bodies by their names first, then the words of the data."""

from __future__ import annotations

import pytest

from un_pathways.graph.build import build_graph
from un_pathways.graph.errors import LookupFailed
from un_pathways.graph.search import search
from un_pathways.loaders.dataset import read_dataset
from un_pathways.queries.node_params import resolve_node_parameters
from un_pathways.queries.saved import load_saved_queries


@pytest.fixture(scope="module")
def graph():
    return build_graph(read_dataset())


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Security Council", "un.security-council"),  # an alias; the P5 and resolutions also contain it
        ("UNSC", "un.security-council"),  # an acronym; "UNSCR 1973" starts with it
        ("DPKO", "un.dpko"),  # the department, not the DPKO factsheet
        ("Secretary-General", "un.secretary-general"),  # the office, not Kofi Annan
        ("UNMISS", "mission.unmiss"),  # the mission, not its force commander
        ("secretary general", "un.secretary-general"),  # case and punctuation do not matter
        ("Secretery-General", "un.secretary-general"),  # a typo still finds it (fuzzy tier)
    ],
)
def test_the_body_named_comes_first(graph, text, body):
    hits = search(graph, text)
    assert hits[0].id == body, [hit.id for hit in hits[:5]]


def test_exact_names_rank_above_prefixes(graph):
    hits = search(graph, "UNSC")
    assert hits[0].tier == 0 and hits[0].field == "acronym"
    assert all(hit.tier >= 1 for hit in hits[1:])
    assert [hit.tier for hit in hits] == sorted(hit.tier for hit in hits)


def test_a_document_symbol_in_a_relation_description_is_found(graph):
    hits = search(graph, "S/2011/701")
    assert hits, "the symbol is in the description of the Brazil -> Secretary-General letter"
    first = hits[0]
    assert first.what == "relation" and first.field == "relation description"
    assert "S/2011/701" in first.snippet  # shows where the words matched
    assert first.node == "person.brazil-permanent-representative"


def test_robust_finds_the_relations_that_mention_it(graph):
    hits = search(graph, "robust", limit=50)
    relations = [hit for hit in hits if hit.what == "relation"]
    assert relations and all("robust" in hit.snippet.lower() for hit in relations)
    named = [hit for hit in hits if hit.tier < 3]  # name matches rank above full text
    assert all("robust" in hit.name.lower() for hit in named), "no name merely looks like 'robust'"


def test_a_phrase_from_a_case_story_is_found(graph):
    hits = search(graph, "civilians in conflict")
    ids = [hit.id for hit in hits]
    assert "policy.repatriation-of-troops" in ids  # its description
    assert "case.south-sudan-malakal-2016" in ids  # its timeline
    malakal = hits[ids.index("case.south-sudan-malakal-2016")]
    assert malakal.field == "case timeline" and "Civilians in Conflict" in malakal.snippet


def test_a_kind_keeps_only_nodes_of_that_kind(graph):
    hits = search(graph, "Sri Lanka", kind="case")
    assert hits and all(hit.what == "node" and hit.kind == "case" for hit in hits)


def test_nothing_matches_nonsense(graph):
    assert search(graph, "qzxv wplk") == []
    assert search(graph, "   ") == []


def test_an_actor_parameter_takes_names_acronyms_and_aliases(graph):
    query = load_saved_queries()["actor_neighbourhood"]
    assert resolve_node_parameters(query, {"actor": "NATO"}, graph)["actor"] == "org.nato"
    by_name = resolve_node_parameters(query, {"actor": "Secretary-General"}, graph)
    assert by_name["actor"] == "un.secretary-general"
    assert resolve_node_parameters(query, {"hops": "2"}, graph) == {"hops": "2"}  # not a node: untouched


def test_an_unknown_actor_fails_with_the_closest_matches(graph):
    query = load_saved_queries()["actor_neighbourhood"]
    with pytest.raises(LookupFailed, match=r"parameter 'actor': no node matches 'Natto'.*org\.nato"):
        resolve_node_parameters(query, {"actor": "Natto"}, graph)
