"""The `pathways` command line as a person uses it: right output, clear errors, no tracebacks."""

from __future__ import annotations

import json

import pytest

from un_pathways.cli.main import main


@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    """These tests read the project's own data/, whatever another test set PATHWAYS_DATA to."""
    monkeypatch.delenv("PATHWAYS_DATA", raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_exits_zero_on_the_curated_data(capsys):
    code, out, _ = run(capsys, "validate", "--json")
    assert code == 0 and json.loads(out)["valid"] is True


def test_validate_exits_one_with_every_problem(capsys, tmp_path):
    (tmp_path / "vocabulary").mkdir()
    (tmp_path / "vocabulary" / "kinds.yaml").write_text("kinds: {}\n")
    (tmp_path / "nodes").mkdir()
    (tmp_path / "nodes" / "x.yaml").write_text("nodes:\n  - id: un.x\n")
    code, _, err = run(capsys, "validate", "--data", str(tmp_path))
    assert code == 1
    assert "error:" in err and "Traceback" not in err


def test_stats_counts_by_kind_type_stage_friction(capsys):
    code, out, _ = run(capsys, "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    assert stats["by_kind"]["member_state"] >= 36
    assert set(stats["by_stage"]) <= {"information", "decision", "implementation"}
    assert sum(stats["by_friction"].values()) == stats["channel_edges"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DPA", "un.dpa"),  # an acronym
        ("department of political affairs", "un.dpa"),  # a name, any case
        ("Cote d'Ivoire", "state.cote-d-ivoire"),  # accents ignored
    ],
)
def test_find_matches_names_and_aliases(capsys, text, expected):
    code, out, _ = run(capsys, "find", text, "--json")
    hits = json.loads(out)
    assert code == 0 and expected in [h["id"] for h in hits]
    shape = {"what", "id", "node", "name", "kind", "tier", "match", "field", "snippet", "labels", "aliases"}
    assert set(hits[0]) == shape


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("robust", "un.security-council -AUTHORIZES_FORCE-> case.rwanda-1994"),  # a relation's description
        ("S/2011/701", "person.brazil-permanent-representative -BRIEFS-> un.secretary-general"),  # a symbol
        ("civilians in conflict", "policy.repatriation-of-troops"),  # a node's description
    ],
)
def test_find_searches_the_text_and_says_where(capsys, text, expected):
    code, out, _ = run(capsys, "find", text)
    assert code == 0 and expected in out
    assert "description:" in out  # the matched field, with the words in context


def test_a_query_takes_an_actor_by_acronym_and_rejects_unknown_names(capsys):
    code, out, _ = run(capsys, "query", "actor_neighbourhood", "--param", "actor=NATO", "--json")
    assert code == 0 and json.loads(out)["rows"], "NATO is org.nato: its neighbourhood is not empty"
    code, _, err = run(capsys, "query", "actor_neighbourhood", "--param", "actor=Natto")
    assert code == 2 and "Closest matches: org.nato" in err and "Traceback" not in err


def test_show_gives_sources_and_relations(capsys):
    code, out, _ = run(capsys, "show", "Security Council", "--json")
    node = json.loads(out)
    assert code == 0 and node["id"] == "un.security-council"
    assert node["sources"] and node["incoming"] and node["outgoing"]
    assert all("other_name" in edge for edge in node["incoming"])


def test_show_labels_paper_and_curators_judgement_apart(capsys):
    """A channel's rationale is shown as the paper's, its justification as the curators' judgement."""
    code, out, _ = run(capsys, "show", "field.rc.sri-lanka")
    assert code == 0
    block = out.split("reports to → Secretary-General (un.secretary-general)")[1]
    paper, judgement = block.index("Paper: "), block.index("Curators' judgement: High, not blocking")
    assert paper < judgement
    assert "the paper grades nothing" in out


def test_show_json_carries_the_justification_and_whose_statement_it_is(capsys):
    code, out, _ = run(capsys, "show", "field.rc.sri-lanka", "--json")
    node = json.loads(out)
    key = "field.rc.sri-lanka -REPORTS_TO-> un.secretary-general"
    channel = next(e for e in node["outgoing"] if e["edge_id"] == key)
    assert channel["justification"].startswith("High, not blocking")
    assert node["statement_kinds"]["justification"].startswith("curators' judgement")
    assert node["statement_kinds"]["friction"].startswith("curators' judgement")
    assert node["statement_kinds"]["rationale"].startswith("paper")


def test_show_prints_symbols_aliases_dates_and_the_reasons_of_relations(capsys):
    code, out, _ = run(capsys, "show", "report.world-summit-outcome-2005")
    assert code == 0
    assert "acronym or document symbol: A/60/L.1" in out
    assert "also called: World Summit Outcome" in out and "in existence: 2005-09-15" in out
    assert "what: The Summit's outcome document" in out  # an incoming relation's description
    code, out, _ = run(capsys, "show", "Resident Coordinator in Sri Lanka")
    assert "Paper: " in out and "Curators' judgement: " in out and "how it fails: " in out


def test_cases_with_a_case_tells_its_story(capsys):
    code, out, _ = run(capsys, "cases", "sri-lanka-2008-09")
    assert code == 0
    assert "decision maker: UN Security Council" in out  # names, not ids
    assert "What the paper says happened (paraphrased by the curators):" in out
    assert "summary: " in out
    assert "model (estimate):" in out and "paper/curators:" in out and "comparison:" in out
    assert "Timeline:" in out and "[seed: " in out


def test_paths_json_has_the_documented_shape(capsys):
    code, out, _ = run(
        capsys,
        "paths",
        "UN Country Team Sri Lanka",
        "Security Council",
        "--as-of",
        "2009",
        "--scenario",
        "pre_hruf",
        "--json",
    )
    result = json.loads(out)
    assert code == 0
    assert {"from", "to", "as_of", "scenario", "reach", "paths"} <= set(result)
    assert {"probability", "low", "high", "method"} <= set(result["reach"])
    hop = result["paths"][0]["hops"][0]
    assert {
        "from",
        "to",
        "type",
        "stage",
        "friction",
        "pass_probability",
        "mechanism",
        "rationale",
        "sources",
    } <= set(hop)
    assert result["paths"][0]["stall"]["mechanism"]


def test_compare_is_a_one_liner(capsys):
    code, out, _ = run(
        capsys, "compare", "sri-lanka-2008-09", "--scenario", "pre_hruf", "--vs", "hruf", "--json"
    )
    result = json.loads(out)
    assert code == 0 and result["reach_change"] > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["paths", "Nowhere Office", "Security Council"], "no node matches 'Nowhere Office'"),  # unknown name
        (
            ["paths", "un.dpa", "un.security-council", "--scenario", "utopia"],
            "unknown scenario 'utopia'",
        ),  # bad scenario
        (["query", "no_such_query"], "no saved query named"),  # unknown query
        (
            ["cypher", "MATCH (n) RETURN n", "--backend", "embedded"],
            "needs a Neo4j connection",
        ),  # embedded Cypher
        (
            ["paths", "un.dpa", "un.security-council", "--friction", "high=2"],
            "between 0 and 1",
        ),  # bad probability
    ],
)
def test_errors_are_one_line_with_exit_code_two(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err and "Traceback" not in err
