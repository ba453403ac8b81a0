"""The saved query library: coverage, headers, one known fact per query, clear errors, docs.

Everything here runs on the embedded backend (the twins) against the real
dataset; tests/test_queries_parity.py checks that Neo4j answers the same.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from un_pathways.cli.main import main
from un_pathways.graph.build import build_graph
from un_pathways.graph.errors import QueryError
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset
from un_pathways.queries.backends import EmbeddedBackend
from un_pathways.queries.guard import refuse_writes
from un_pathways.queries.saved import CATEGORIES, coerce_parameters, load_saved_queries
from un_pathways.queries.twins import twin_for

ROOT = Path(__file__).resolve().parent.parent
SAVED = load_saved_queries()


@pytest.fixture(scope="module")
def dataset():
    return read_dataset(os.environ.get("PATHWAYS_DATA", DEFAULT_DATA_DIR))


@pytest.fixture(scope="module")
def embedded(dataset) -> EmbeddedBackend:
    return EmbeddedBackend(build_graph(dataset), row_limit=100_000)


def run(embedded: EmbeddedBackend, name: str, **params) -> list[dict]:
    return embedded.run_saved(SAVED[name], params).records()


def column(records: list[dict], name: str) -> set:
    return {record[name] for record in records}


# --- the library as a whole -------------------------------------------------


def test_every_query_file_parses():
    files = sorted(path.stem for path in (ROOT / "queries" / "library").glob("*.cypher"))
    assert sorted(load_saved_queries()) == files


def test_at_least_25_queries_besides_the_example_cover_every_category():
    assert len(set(SAVED) - {"veto_holders"}) >= 25
    assert {q.category for q in SAVED.values()} == set(CATEGORIES)


@pytest.mark.parametrize("name", sorted(SAVED))
def test_header_is_complete_and_consistent(name):
    query = SAVED[name]
    assert query.path.endswith(f"{name}.cypher")
    assert query.title and query.question.endswith("?") and query.teaching
    assert coerce_parameters(query, query.defaults()) == query.defaults()  # defaults obey their own rules
    for parameter in query.parameters.values():
        if parameter.allowed is not None:
            assert parameter.default in parameter.allowed
    assert query.ordered == ("ORDER BY" in query.cypher), (
        "declare `ordered: false` exactly when there is no ORDER BY"
    )
    refuse_writes(query.cypher)  # read-only, as Neo4jBackend requires
    twin_for(query)  # every query has its embedded twin, named in its header


def test_allowed_lists_follow_the_vocabulary(dataset):
    """Parameters listing mechanisms or kinds must list the vocabulary's, so they cannot drift apart."""
    mechanisms = sorted(set(dataset.vocabulary.mechanisms) - {"none"})
    kinds = sorted(dataset.vocabulary.kinds)
    for query in SAVED.values():
        for name, parameter in query.parameters.items():
            if name == "mechanism":
                assert sorted(parameter.allowed or []) == mechanisms, query.name
            if name == "kind":
                assert sorted(set(parameter.allowed or []) - {"any"}) == kinds, query.name


# A friction map unlike the default at every level: an answer that depends on friction must change.
CHANGED_FRICTION = {"none": 0.9, "low": 0.7, "medium": 0.45, "high": 0.55, "blocking": 0.05}
PROBABILITY_COLUMNS = {"signal", "pass_probability", "signal_before", "signal_after"}


@pytest.mark.parametrize("name", sorted(SAVED))
def test_a_query_that_reports_a_probability_reads_the_friction_map(name, embedded):
    """A signal or pass probability comes from $friction, never from numbers written into the Cypher."""
    columns = set(embedded.run_saved(SAVED[name]).columns)
    if columns & PROBABILITY_COLUMNS:
        reported = sorted(columns & PROBABILITY_COLUMNS)
        assert SAVED[name].uses_friction, f"{name} reports {reported} without $friction"
    assert "THEN 0.95" not in SAVED[name].cypher


@pytest.mark.parametrize("name", sorted(SAVED))
def test_a_year_aware_query_uses_the_one_validity_predicate(name):
    """Open ends are stored as bounds, so `x.first_year <= year <= x.last_year` is the whole rule."""
    cypher = SAVED[name].cypher
    assert "to_year" not in cypher  # the old rule, written out with IS NULL for each open end
    assert not re.search(r"from_year IS NULL OR \w+\.from_year <=", cypher)
    if "as_of" in SAVED[name].parameters:
        assert re.search(r"\w+\.first_year <= \$as_of <= \w+\.last_year", cypher)


@pytest.mark.parametrize("name", sorted(n for n, q in SAVED.items() if q.uses_friction))
def test_a_changed_friction_map_changes_the_embedded_answer(name, embedded):
    default = embedded.run_saved(SAVED[name])
    changed = embedded.run_saved(SAVED[name], friction=CHANGED_FRICTION)
    assert changed.rows != default.rows, f"{name} ignores a changed friction map"
    assert embedded.run_saved(SAVED[name], friction={}).rows == default.rows  # no change: the defaults


def test_the_user_never_sets_the_friction_map_as_a_query_parameter(embedded):
    with pytest.raises(QueryError, match="has no parameter 'friction'"):
        embedded.run_saved(SAVED["most_reliable_pathways"], {"friction": {"high": 0.5}})


def test_a_bad_friction_map_is_refused_with_the_level_named(embedded):
    with pytest.raises(QueryError, match="unknown friction level 'severe'"):
        embedded.run_saved(SAVED["most_reliable_pathways"], friction={"severe": 0.5})
    with pytest.raises(QueryError, match="'high': a probability lies between 0 and 1, got 1.5"):
        embedded.run_saved(SAVED["most_reliable_pathways"], friction={"high": 1.5})


@pytest.mark.parametrize("name", sorted(SAVED))
def test_defaults_return_rows(name, embedded):
    result = embedded.run_saved(SAVED[name])
    assert result.rows, f"{name} returns nothing with its defaults"
    assert all(len(row) == len(result.columns) for row in result.rows)


# --- one known fact per query, from the paper ---------------------------------


def _has(records: list[dict], **wanted) -> bool:
    return any(all(r[k] == v for k, v in wanted.items()) for r in records)


FACTS = {
    # Structure
    "secretariat_reporting_lines": lambda r: _has(
        r, junior_id="un.dpa", line="PART_OF", senior_id="un.secretariat"
    ),
    "rc_chain_to_secretary_general": lambda r: _has(
        r, chain=["field.rc", "un.secretary-general"], links=["REPRESENTS"]
    ),
    "council_gatekeepers": lambda r: _has(r, id="un.secretary-general", via="BRIEFS"),
    # Council & veto
    "veto_holders": lambda r: {"state.russia", "state.china"} <= column(r, "id"),
    "veto_blocked_cases": lambda r: (
        _has(r, holder_id="state.russia", vetoed_id="res.syria-drafts-vetoed")
        and _has(r, holder_id="state.china", vetoed_id="res.syria-drafts-vetoed")
    ),
    "icc_referrals": lambda r: {"res.sc-1593", "res.sc-1970"} <= column(r, "resolution"),
    "r2p_force_authorisations": lambda r: (
        _has(r, resolution="res.sc-1973", target_id="state.libya")
        and "org.nato" in next(x for x in r if x["resolution"] == "res.sc-1973")["implemented_by"]
        and "res.sc-cote-divoire-2011" in column(r, "resolution")
    ),
    "council_inaction": lambda r: (
        {"case.darfur-2003-04", "case.sri-lanka-2008-09"} <= column(r, "situation_id")
    ),
    # Pathways: in 2009 every route from the Sri Lanka team to the Council ran through the SG
    "shortest_pathways": lambda r: all(
        p["pathway"][0] == "field.unct.sri-lanka" and "un.secretary-general" in p["pathway"] for p in r
    ),
    # even the best route from the Sri Lanka team stalls (NMS ¶5-¶7)
    "most_reliable_pathways": lambda r: r[0]["signal"] < 0.5,
    "pathways_within_hops": lambda r: (
        all(p["hops"] <= 3 for p in r) and any("un.secretary-general" in p["pathway"] for p in r)
    ),
    "field_to_council_avoiding": lambda r: (
        all("un.secretary-general" not in p["route"] for p in r)
        and _has(r, origin="mission.unamid", route=["mission.unamid", "un.security-council"])
    ),
    # Stall points
    "high_friction_channels": lambda r: _has(r, stage="information", mechanism="host_consent_dependence"),
    "country_team_stall_point": lambda r: (
        r[0]["stall_from"] in {"field.unct.sri-lanka", "field.rc.sri-lanka"}
    ),
    "sri_lanka_information_gap": lambda r: (
        r[0]["period"] == "before"
        and r[1]["signal"] > r[0]["signal"]
        and "mech.hruf-coordination" in r[1]["route"]
    ),
    # Non-mission settings
    "highest_official_no_mission": lambda r: any(
        x["country"] == "state.sri-lanka" and x["official"]["id"] == "field.rc.sri-lanka" for x in r
    ),
    "undp_dpa_programme_links": lambda r: (
        _has(r, hub="policy.joint-undp-dpa-programme", link="DEPLOYS", other_id="field.pda")
        and {"un.undp", "un.dpa"} <= {x["other_id"] for x in r if x["link"] == "ESTABLISHED_BY"}
    ),
    # Peace operations
    "poc_mandated_missions": lambda r: any(
        x["mission"] == "mission.unmiss" and "un.security-council" in x["mandated_by"] for x in r
    ),
    "troop_contributor_caveats": lambda r: any(
        x["contributor"] == "state.rwanda" and x["contributes_to"] for x in r
    ),
    "mission_reporting_failures": lambda r: _has(
        r, mission="mission.unamid", recipient="un.security-council"
    ),
    "mission_host_consent": lambda r: _has(
        r, mission="mission.unmiss", host="state.south-sudan", consent_recorded=True
    ),
    # Policies & reforms: HRUF answered Petrie and replaced Special Circumstances in practice (NMS ¶8; n.75)
    "reform_timeline": lambda r: (
        _has(r, reform="policy.hruf", change="supersedes", other_id="policy.special-circumstances")
        and _has(r, reform="policy.hruf", change="responds_to", other_id="report.petrie-2012")
    ),
    "reform_signal_change": lambda r: (
        next(x for x in r if x["year"] == 2014)["signal"] > next(x for x in r if x["year"] == 2009)["signal"]
    ),
    # Pressure (INT ¶11; n.22-n.24)
    "pressure_on_secretary_general": lambda r: (
        {"state.rwanda", "state.saudi-arabia", "state.united-states"} <= column(r, "state_id")
    ),
    "pressure_on_channels": lambda r: any("state.saudi-arabia" in x["pressed_by"] for x in r),
    # Teaching
    "actor_degree": lambda r: (
        all(x["degree"] == x["in_degree"] + x["out_degree"] for x in r)
        and "un.security-council" in [x["id"] for x in r[:5]]
    ),
    "broker_centrality": lambda r: r[0]["id"] == "un.secretary-general",
    "actor_neighbourhood": lambda r: _has(r, distance=1, id="field.rc"),
}


def test_every_query_has_a_known_fact():
    assert set(FACTS) == set(SAVED), sorted(set(SAVED) ^ set(FACTS))


@pytest.mark.parametrize("name", sorted(FACTS))
def test_known_fact(name, embedded):
    records = run(embedded, name)
    assert FACTS[name](records), json.dumps(records, ensure_ascii=False, indent=1)[:3000]


# --- errors -----------------------------------------------------------------

BAD_PARAMETERS = [
    (
        "veto_holders",
        {"nope": "1"},
        r"query 'veto_holders' has no parameter 'nope'; its parameters: council",
    ),  # unknown name
    (
        "most_reliable_pathways",
        {"k": "three"},
        r"parameter 'k' must be of type int, got 'three'",
    ),  # not an int
    (
        "actor_degree",
        {"channels_only": "maybe"},
        r"parameter 'channels_only' must be of type bool",
    ),  # not a bool
    ("reform_timeline", {"kinds": 3}, r"parameter 'kinds' must be of type list, got 3"),  # not a list
    (
        "country_team_stall_point",
        {"threshold": "high"},
        r"parameter 'threshold' must be of type float",
    ),  # not a float
    (
        "council_gatekeepers",
        {"stage": "rumour"},
        r"parameter 'stage' must be one of \['any', 'information'",
    ),  # not allowed
    (
        "pressure_on_channels",
        {"mechanism": "bribery"},
        r"parameter 'mechanism' must be one of",
    ),  # not a mechanism
    (
        "country_team_stall_point",
        {"threshold": 1.5},
        r"parameter 'threshold' must lie between 0.0 and 1.0, got 1.5",
    ),  # above max
    (
        "most_reliable_pathways",
        {"max_hops": 0},
        r"parameter 'max_hops' must lie between 1.0 and 6.0, got 0",
    ),  # below min
]


@pytest.mark.parametrize(("name", "params", "message"), BAD_PARAMETERS)
def test_bad_parameters_raise_a_clear_query_error(name, params, message, embedded):
    with pytest.raises(QueryError, match=message):
        embedded.run_saved(SAVED[name], params)


CLI_ERRORS = [
    (["veto_holders", "--param", "nope=1"], "has no parameter 'nope'"),  # unknown name
    (["most_reliable_pathways", "--param", "k=three"], "must be of type int"),  # wrong type
    (["council_gatekeepers", "--param", "stage=rumour"], "must be one of"),  # not allowed
    (["country_team_stall_point", "--param", "threshold=2"], "must lie between"),  # out of range
    (["no_such_query"], "no saved query named 'no_such_query'"),  # unknown query
]


@pytest.mark.parametrize(("args", "message"), CLI_ERRORS)
def test_cli_exits_2_with_the_message(args, message, capsys):
    code = main(["query", *args, "--format", "json"])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err and captured.err.startswith("error: ")
    assert captured.out == ""


def test_cli_runs_a_saved_query_as_json(capsys):
    code = main(["query", "icc_referrals", "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["backend"] == "embedded"
    assert {"res.sc-1593", "res.sc-1970"} <= {row[0] for row in result["rows"]}


def test_cli_reads_list_parameters_comma_separated(capsys):
    code = main(["query", "undp_dpa_programme_links", "--param", "hubs=field.pda,un.dpa", "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and {row[0] for row in result["rows"]} == {"field.pda", "un.dpa"}


def test_cli_query_takes_the_friction_map_the_analysis_commands_take(capsys):
    base = ["query", "council_gatekeepers", "--format", "json"]
    assert main(base) == 0
    default = json.loads(capsys.readouterr().out)["rows"]
    assert main([*base, "--friction", "high=0.55", "--friction", "none=0.9"]) == 0
    changed = json.loads(capsys.readouterr().out)["rows"]
    by_friction = {row[5]: row[6] for row in changed}
    assert by_friction["high"] == 0.55 and by_friction["none"] == 0.9 and by_friction["medium"] == 0.6
    assert [row[:6] for row in default] != [] and changed != default


# --- docs ---------------------------------------------------------------------

DOC = ROOT / "docs" / "queries.md"
DOC_ROW = re.compile(
    r"^\|\s*`(?P<name>[a-z0-9_]+)`\s*\|\s*(?P<category>[^|]+?)\s*\|\s*(?P<question>[^|]+?)\s*\|$",
    re.MULTILINE,
)


def test_docs_list_every_query_with_its_category_and_question():
    listed = {
        m["name"]: (m["category"], m["question"]) for m in DOC_ROW.finditer(DOC.read_text(encoding="utf-8"))
    }
    missing = sorted(set(SAVED) - set(listed))
    assert not missing, f"docs/queries.md does not list {missing}"
    assert not set(listed) - set(SAVED), (
        f"docs/queries.md lists unknown queries {sorted(set(listed) - set(SAVED))}"
    )
    for name, query in SAVED.items():
        assert listed[name] == (query.category, query.question), f"docs/queries.md row of {name} is stale"
