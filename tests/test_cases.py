"""Case verdicts (the model's estimate), the curated readings of the paper, and how the two are compared.

The comparison is checked on constructed readings, where the answer follows from the mapping in
graph/cases.py, not on the curated cases' own results: the curators wrote both the channel grades and
the readings, so how many curated cases reproduce their reading is reported (``pathways cases``), never
asserted.
"""

from __future__ import annotations

import json

import pytest

from un_pathways.cli.main import main
from un_pathways.graph.build import build_graph
from un_pathways.graph.cases import (
    REPRODUCED_BY,
    case_verdict,
    compare_with_curated_reading,
    tally_comparisons,
    veto_chokepoints,
)
from un_pathways.graph.model import STAGE_STATUSES, STAGES, Case
from un_pathways.loaders.dataset import read_dataset

DATASET = read_dataset()
GRAPH = build_graph(DATASET)


@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    """These tests read the project's own data/, whatever another test set PATHWAYS_DATA to."""
    monkeypatch.delenv("PATHWAYS_DATA", raising=False)


SEED = [{"doc": "seed", "locator": "INT ¶4"}]


def reading_case(information: dict, decision: dict, implementation: dict) -> Case:
    """A case whose curated reading is given stage by stage (each stage a dict of reading fields)."""
    return Case.model_validate(
        {
            "id": "case.constructed",
            "name": "Constructed",
            "country": "state.sudan",
            "period": [2004, 2004],
            "setting": "non_mission",
            "description": "A case written for the test.",
            "signal_from": ["field.unct.sudan"],
            "decision_maker": "un.security-council",
            "as_of": 2004,
            "outcome": {
                "information": information,
                "decision": decision,
                "implementation": implementation,
                "summary": "Constructed.",
                "sources": SEED,
            },
            "sources": SEED,
        }
    )


def said(status: str, **more) -> dict:
    return {"status": status, "locator": "R2P ¶1", "says": "What the paper says.", **more}


SILENT = {"status": "not_stated"}
COUNCIL = ["un.security-council"]


def model(information: str, decision: str, implementation: str, stall: dict | None = None) -> dict:
    return {
        "information": information,
        "decision": decision,
        "implementation": implementation,
        "stall": stall,
    }


def stall_at(stage: str, source: str, target: str, mechanism: list[str]) -> dict:
    return {"stage": stage, "from": source, "to": target, "mechanism": mechanism, "no_route": False}


COUNCIL_STALL = stall_at("decision", "un.security-council", "case.constructed", ["selective_application"])


@pytest.mark.parametrize(
    ("reading", "verdict", "decision_reproduced"),
    [
        # a hesitant Council: reached, and the decision leg below the threshold reproduces it
        ("hesitant", model("reached", "blocked", "not_reached", COUNCIL_STALL), True),
        # ... a decision that never reached the Council does not: hesitating needs the question before it
        ("hesitant", model("stalled", "not_reached", "not_reached"), False),
        # ... nor a decision that reliably follows
        ("hesitant", model("reached", "taken", "not_applicable"), False),
        # a delayed decision maps like a hesitant one: the model has no clock
        ("delayed", model("reached", "blocked", "not_reached", COUNCIL_STALL), True),
        ("delayed", model("stalled", "not_reached", "not_reached"), False),
        # a decision never reached is reproduced only by a model in which it is not reached
        ("not_reached", model("stalled", "not_reached", "not_reached"), True),
        ("not_reached", model("reached", "blocked", "not_reached", COUNCIL_STALL), False),
    ],
)
def test_decision_shades_map_onto_the_models_outcomes(reading, verdict, decision_reproduced):
    actors = {"actors": COUNCIL} if reading in ("hesitant", "delayed") else {}
    case = reading_case(SILENT, said(reading, **actors), SILENT)
    row = compare_with_curated_reading(verdict, case)["stages"]["decision"]
    assert row == {
        "reading": reading,
        "model": verdict["decision"],
        "compared": True,
        "reproduces": decision_reproduced,
        "inferred": False,
    }


def test_not_stated_stages_are_left_out_not_counted():
    case = reading_case(SILENT, said("taken"), SILENT)
    comparison = compare_with_curated_reading(model("stalled", "not_reached", "not_reached"), case)
    assert comparison["stages"]["information"]["compared"] is False
    assert comparison["stages"]["information"]["reproduces"] is None
    assert comparison["differs_on"] == ["decision"]  # the only stage the reading states
    reproduced = compare_with_curated_reading(model("reached", "taken", "not_applicable"), case)
    assert (
        reproduced["result"] == "reproduces"
        and reproduced["text"] == "reproduces the curated reading of the paper"
    )
    assert tally_comparisons([comparison, reproduced]) == {
        "cases": 2,
        "reproduces": 1,
        "differs": 1,
        "nothing_to_compare": 0,
        "stages_compared": 2,
        "stages": 6,
    }


def test_a_lack_of_public_reporting_is_not_compared_with_internal_reporting():
    unmiss = {"actors": ["mission.unmiss"], "mechanisms": ["host_consent_dependence"]}
    case = reading_case(said("not_public", **unmiss), SILENT, SILENT)
    for verdict in (
        model("stalled", "not_reached", "not_reached"),
        model("reached", "taken", "not_applicable"),
    ):
        comparison = compare_with_curated_reading(verdict, case)
        assert comparison["result"] == "nothing_to_compare" and comparison["reproduces"] is None
        assert comparison["text"].startswith("nothing to compare")
        assert all(check is None for check in comparison["stall"].values())


def test_stall_checks_mark_what_rests_on_a_curators_inference():
    inference = {"actors": ["un.permanent-members"], "mechanisms": ["veto_deadlock"], "reason": "Read so."}
    case = reading_case(SILENT, said("blocked", actors=COUNCIL, inference=inference), said("not_reached"))
    verdict = model(
        "reached",
        "blocked",
        "not_reached",
        stall_at("decision", "un.permanent-members", "x.y", ["veto_deadlock"]),
    )
    comparison = compare_with_curated_reading(verdict, case)
    assert comparison["stall"] == {"stage": True, "actor": True, "mechanism": True}
    assert comparison["rests_on_inference"] == ["actor", "mechanism"]
    elsewhere = model(
        "reached", "blocked", "not_reached", stall_at("decision", "a.b", "c.d", ["self_censorship"])
    )
    differs = compare_with_curated_reading(elsewhere, case)
    assert differs["result"] == "differs" and differs["differs_on"] == ["stall_actor", "stall_mechanism"]
    assert differs["text"] == "differs from the curated reading"


def test_a_status_read_by_the_curators_is_flagged_in_the_comparison():
    inferred = said("taken", inference={"status": True, "reason": "Engaging is read as deciding."})
    case = reading_case(SILENT, inferred, SILENT)
    comparison = compare_with_curated_reading(model("reached", "taken", "not_applicable"), case)
    assert comparison["stages"]["decision"]["inferred"] and comparison["rests_on_inference"] == ["decision"]


@pytest.mark.parametrize(
    ("stage", "reading", "problem"),
    [
        ("decision", {"status": "hesitant", "says": "It dithered.", "actors": COUNCIL}, "needs locator"),
        ("decision", {"status": "blocked", "locator": "INT ¶2", "says": "It could not act."}, "needs actors"),
        ("information", said("stalled", actors=COUNCIL, public_record=SEED), "public record only"),
        ("decision", {"status": "dithered"}, "decision.status"),  # not a documented status
        # an inference that adds nothing the reading does not already say
        ("decision", said("taken", inference={"reason": "Because."}), "adds something"),
    ],
)
def test_a_reading_without_its_locator_or_actors_is_refused(stage, reading, problem):
    stages = {"information": SILENT, "decision": SILENT, "implementation": SILENT, stage: reading}
    with pytest.raises(ValueError, match=problem):
        reading_case(**stages)


def test_an_outcome_in_the_old_flat_form_is_refused_with_how_to_write_it(tmp_path):
    import shutil

    from un_pathways.graph.errors import DataError
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

    data = shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    case_file = data / "cases" / "car-2012-13.yaml"
    text = case_file.read_text(encoding="utf-8")
    start, end = text.index("outcome:"), text.index("  summary:")
    flat = "outcome:\n  information: stalled\n  decision: not_reached\n  implementation: not_reached\n"
    case_file.write_text(text[:start] + flat + "  stall_stage: information\n" + text[end:], encoding="utf-8")
    with pytest.raises(DataError) as refused:
        read_dataset(data)
    problems = {p.message: p.fix for p in refused.value.problems if p.item_id == "case.car-2012-13"}
    message = "'outcome.information' must be a mapping with the stage's status, locator and paraphrase"
    assert problems[message] == (
        'write it as information: {status: ..., locator: "...", says: ...} (see Cases in docs/data-model.md)'
    )
    assert problems["'outcome.stall_stage' is no longer a field of the outcome"].startswith("remove it")


def test_every_curated_stage_cites_the_paper_unless_it_is_silent():
    for case in DATASET.cases.values():
        for stage in STAGES:
            reading = case.outcome.stage(stage)
            if reading.status != "not_stated":
                assert reading.locator and reading.says, (case.id, stage)
            for source in reading.public_record:
                assert source.doc == "external", (case.id, stage)
        assert case.outcome.sources and all(s.locator for s in case.outcome.sources), case.id
        assert case.outcome.summary.strip(), case.id


def test_the_outcome_vocabulary_documents_exactly_the_statuses():
    documented = set(DATASET.vocabulary.outcome_statuses)
    assert documented == {
        f"{stage}.{status}" for stage, statuses in STAGE_STATUSES.items() for status in statuses
    }
    mapped = {f"{stage}.{status}" for stage, statuses in REPRODUCED_BY.items() for status in statuses}
    assert mapped < documented  # every mapped status is a real one; the rest are left out of comparisons


@pytest.mark.parametrize(
    ("case_id", "stage", "status"),
    [
        (
            "case.darfur-2003-04",
            "decision",
            "hesitant",
        ),  # the Council dithered (R2P ¶1), it was not uninformed
        ("case.car-2012-13", "information", "stalled"),  # early warning failures (INT ¶5) ...
        ("case.car-2012-13", "decision", "delayed"),  # ... and delayed action, not a decision never reached
        ("case.unmiss-reporting", "information", "not_public"),  # the paper faults public reporting only
        ("case.unmiss-reporting", "decision", "not_stated"),
    ],
)
def test_the_corrected_readings_say_what_the_paper_says(case_id, stage, status):
    assert DATASET.cases[case_id].outcome.stage(stage).status == status


def test_each_curated_comparison_is_what_the_comparison_function_gives():
    for case_id, case in DATASET.cases.items():
        verdict = case_verdict(GRAPH, case)
        assert verdict["comparison"] == compare_with_curated_reading(verdict["verdict"], case), case_id
        assert set(verdict) >= {"verdict", "curated_reading", "comparison"} and "agrees" not in verdict


def test_the_required_cases_are_there():
    required = {
        "case.sri-lanka-2008-09",
        "case.darfur-2003-04",
        "case.unamid-reporting",
        "case.syria-2011-16",
        "case.libya-2011",
        "case.cote-divoire-2011",
        "case.kenya-2007-08",
        "case.guinea-2009",
        "case.kyrgyzstan-2010",
        "case.southern-sudan-2011",
        "case.car-2012-13",
        "case.car-peacekeeper-abuse",
        "case.south-sudan-malakal-2016",
        "case.south-sudan-juba-2016",
        "case.drc-2012",
        "case.mali-2013",
        "case.burkina-faso-2015",
        "case.rwanda-1994",
        "case.srebrenica-1995",
        "case.kosovo-1999",
        "case.sierra-leone-1999",
    }
    assert required <= set(DATASET.cases)


def test_syria_veto_chokepoints_name_the_recorded_vetoes():
    result = veto_chokepoints(GRAPH, DATASET.cases["case.syria-2011-16"])
    assert {"state.russia", "state.china"} <= set(result["recorded_vetoes"])
    blockers = {row["id"] for row in result["can_block"]}
    assert {
        "state.russia",
        "state.china",
        "state.united-states",
        "state.france",
        "state.united-kingdom",
    } <= blockers


def test_cases_command_prints_the_table_and_says_what_the_count_is(capsys):
    assert main(["cases"]) == 0
    out = capsys.readouterr().out
    assert "sri-lanka-2008-09" in out and "comparison with the curated reading" in out
    tally = tally_comparisons(case_verdict(GRAPH, case)["comparison"] for case in DATASET.cases.values())
    text = " ".join(out.split())
    assert (
        f"{tally['reproduces']} of {tally['cases']} cases reproduce the curated reading of the paper" in text
    )
    assert f"{tally['differs']} differ from it" in text and "not a validation of the model" in text
    assert "agree" not in out and "validated" not in out


def test_one_case_shows_model_paper_and_comparison_per_stage(capsys):
    assert main(["cases", "darfur-2003-04"]) == 0
    out = capsys.readouterr().out
    assert out.count("model (estimate):") == 3 and out.count("paper/curators:") == 3
    assert out.count("comparison:") == 3
    text = " ".join(out.split())
    assert 'hesitant [R2P ¶1]: The Council "dithered"' in text
    assert "public record, not the paper: S/RES/1556 (2004)" in text
    assert "consistency check" in text


def test_cases_json_names_the_reading_and_the_comparison(capsys):
    assert main(["cases", "unmiss-reporting", "--json"]) == 0
    (verdict,) = json.loads(capsys.readouterr().out)
    assert verdict["curated_reading"]["information"]["status"] == "not_public"
    assert verdict["comparison"]["result"] in ("reproduces", "differs", "nothing_to_compare")
    assert "agrees" not in verdict and "paper" not in verdict
