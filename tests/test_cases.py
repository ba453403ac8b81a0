"""Every case's verdict from the engine agrees with the outcome the paper records."""

from __future__ import annotations

import pytest

from un_pathways.cli.main import main
from un_pathways.graph.build import build_graph
from un_pathways.graph.cases import case_verdict, veto_chokepoints
from un_pathways.loaders.dataset import read_dataset

DATASET = read_dataset()
GRAPH = build_graph(DATASET)

@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    """These tests read the project's own data/, whatever another test set PATHWAYS_DATA to."""
    monkeypatch.delenv("PATHWAYS_DATA", raising=False)



@pytest.mark.parametrize("case_id", sorted(DATASET.cases))
def test_engine_agrees_with_the_paper(case_id):
    verdict = case_verdict(GRAPH, DATASET.cases[case_id])
    assert verdict["agrees"]["all"], (
        f"{case_id}: engine {verdict['verdict']} vs paper {verdict['paper']} ({verdict['agrees']})"
    )


def test_every_case_records_the_papers_outcome_with_locators():
    for case in DATASET.cases.values():
        assert case.outcome.sources and all(s.locator for s in case.outcome.sources), case.id
        assert case.outcome.summary.strip(), case.id


def test_the_required_cases_are_there():
    required = {
        "case.sri-lanka-2008-09", "case.darfur-2003-04", "case.unamid-reporting", "case.syria-2011-16",
        "case.libya-2011", "case.cote-divoire-2011", "case.kenya-2007-08", "case.guinea-2009",
        "case.kyrgyzstan-2010", "case.southern-sudan-2011", "case.car-2012-13", "case.car-peacekeeper-abuse",
        "case.south-sudan-malakal-2016", "case.south-sudan-juba-2016", "case.drc-2012", "case.mali-2013",
        "case.burkina-faso-2015", "case.rwanda-1994", "case.srebrenica-1995", "case.kosovo-1999",
        "case.sierra-leone-1999",
    }
    assert required <= set(DATASET.cases)


def test_syria_veto_chokepoints_name_the_recorded_vetoes():
    result = veto_chokepoints(GRAPH, DATASET.cases["case.syria-2011-16"])
    assert {"state.russia", "state.china"} <= set(result["recorded_vetoes"])
    blockers = {row["id"] for row in result["can_block"]}
    assert {"state.russia", "state.china", "state.united-states", "state.france", "state.united-kingdom"} <= blockers


def test_cases_command_prints_the_table(capsys):
    assert main(["cases"]) == 0
    out = capsys.readouterr().out
    assert "sri-lanka-2008-09" in out and "agrees" in out
