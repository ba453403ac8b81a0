"""Robustness of the model's answers: the plausible space, the sampling, verdict shares and tipping points,
the per-hop loss, and how the CLI carries them."""

from __future__ import annotations

import json
import math
import re

import pytest

from un_pathways.cli.main import main
from un_pathways.graph.build import build_graph
from un_pathways.graph.cases import case_verdict
from un_pathways.graph.pathways import loss_shares, most_reliable_paths
from un_pathways.graph.robust_questions import ViewCache, case_question, case_robustness, pathway_robustness
from un_pathways.graph.robustness import Point, band, declared_space, latin_hypercube, robustness_of
from un_pathways.graph.settings import (
    DEFAULT_FRICTION_PASS,
    FRICTION_LEVELS,
    PLAUSIBLE_FRICTION_PASS,
    PLAUSIBLE_THRESHOLD,
    SETTINGS,
)
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import read_dataset

SRI_LANKA = "case.sri-lanka-2008-09"
UNCT, COUNCIL = "field.unct.sri-lanka", "un.security-council"
HOLDS_SENTENCE = re.compile(r"Model estimate: this stall point holds in \d+% of plausible settings")


@pytest.fixture(scope="module")
def graph():
    return build_graph(read_dataset())


@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    monkeypatch.delenv("PATHWAYS_DATA", raising=False)


def _legs_and_stall(verdict: dict):
    """What case_verdict says, in the shape the robustness questions answer."""
    stall = verdict["verdict"]["stall"]
    legs = tuple((leg["stage"], leg["passed"]) for leg in verdict["legs"])
    return legs, stall and (stall["stage"], stall["from"], stall["to"])


def test_declared_ranges_hold_the_defaults_and_keep_the_levels_ordered():
    for level in FRICTION_LEVELS:
        assert DEFAULT_FRICTION_PASS[level] in PLAUSIBLE_FRICTION_PASS[level]
        assert PLAUSIBLE_FRICTION_PASS[level].reason  # a judgement comes with its reason
    for better, worse in zip(FRICTION_LEVELS, FRICTION_LEVELS[1:], strict=False):
        assert PLAUSIBLE_FRICTION_PASS[better].low >= PLAUSIBLE_FRICTION_PASS[worse].high
    assert SETTINGS["stall_threshold"].default in PLAUSIBLE_THRESHOLD


def test_sampling_repeats_keeps_order_stays_in_range_and_holds_pinned_values():
    base = Point.of({"high": 0.2}, 0.5)
    points = latin_hypercube(base, declared_space(["high"]), samples=40, seed=7)
    assert points == latin_hypercube(base, declared_space(["high"]), samples=40, seed=7)
    assert points != latin_hypercube(base, declared_space(["high"]), samples=40, seed=8)
    for point in points:
        assert list(point.friction) == sorted(point.friction, reverse=True)
        assert point.friction_map["high"] == 0.2
        assert point.threshold in PLAUSIBLE_THRESHOLD
        assert all(
            point.friction_map[lvl] in PLAUSIBLE_FRICTION_PASS[lvl]
            for lvl in FRICTION_LEVELS
            if lvl != "high"
        )
    # Latin hypercube: every tenth of the medium range holds exactly four of the forty draws
    medium = PLAUSIBLE_FRICTION_PASS["medium"]
    strata = [min(int((p.friction_map["medium"] - medium.low) / medium.width * 10), 9) for p in points]
    assert sorted(strata) == [s for s in range(10) for _ in range(4)]


def test_band_is_the_5th_to_95th_percentile():
    assert band([float(i) for i in range(101)]) == {"p5": 5.0, "median": 50.0, "p95": 95.0}


def test_the_fast_questions_give_case_verdicts_own_answer_at_many_settings(graph):
    views = ViewCache(graph)
    points = [
        Point.of(None, 0.5),
        *latin_hypercube(Point.of(None, 0.5), declared_space(), samples=10, seed=11),
    ]
    points.append(Point.of({"blocking": 0.04, "high": 0.5, "medium": 0.7}, 0.3))  # outside the ranges too
    for case in graph.graph["dataset"].cases.values():
        ask = case_question(views, case)
        for point in points:
            answer = ask(point)
            expected = case_verdict(graph, case, threshold=point.threshold, friction_pass=point.friction_map)
            assert (answer["verdict"], answer["stall"]) == _legs_and_stall(expected), (case.id, point)


def test_every_case_tipping_point_really_flips_the_verdict_of_case_verdict(graph):
    views = ViewCache(graph)
    checked = 0
    for case in graph.graph["dataset"].cases.values():
        result = case_robustness(views, case, Point.of(None, 0.5), samples=16)["verdict"]
        tip = result["tipping_point"]
        assert 0 <= result["share"] <= 1 and result["label"] in ("robust", "fragile")
        if tip is None:
            continue
        base = case_verdict(graph, case)
        if tip["kind"] == "threshold":
            flipped = case_verdict(
                graph, case, threshold=tip["to"] + (1e-3 if tip["direction"] == "up" else -1e-3)
            )
        elif tip["kind"] == "friction":
            nudge = 1e-3 if tip["direction"] == "up" else -1e-3
            flipped = case_verdict(graph, case, friction_pass={tip["dimension"]: tip["to"] + nudge})
        else:
            p = DEFAULT_FRICTION_PASS[tip["to"]]
            flipped = case_verdict(graph, case, overrides={tip["dimension"]: p})
        assert _legs_and_stall(flipped)[0] != _legs_and_stall(base)[0], case.id
        checked += 1
    assert checked >= 20  # most verdicts have a tipping point somewhere


def test_a_verdict_that_holds_everywhere_is_robust_and_one_on_the_edge_is_fragile():
    # 'low' (0.75-0.90) always clears the threshold (0.35-0.65): robust, and only an implausible
    # threshold above low's 0.85 flips it
    ask = lambda point: {"passes": point.friction_map["low"] >= point.threshold}  # noqa: E731
    out = robustness_of(ask, Point.of(None, 0.5), ["passes"])["passes"]
    assert (out["holds"], out["share"], out["label"]) == (True, 1.0, "robust")
    tip = out["tipping_point"]
    assert (tip["kind"], tip["within_plausible"]) == ("threshold", False)
    assert tip["to"] == pytest.approx(0.85, abs=0.005)
    # 'medium' (0.45-0.75) clears it in about 78% of the space (the analytic share): fragile
    ask = lambda point: {"passes": point.friction_map["medium"] >= point.threshold}  # noqa: E731
    out = robustness_of(ask, Point.of(None, 0.5), ["passes"])["passes"]
    assert out["label"] == "fragile" and out["share"] == pytest.approx(0.78, abs=0.08)


def test_a_channel_one_grade_away_can_be_the_tipping_point(graph):
    # An arc whose only change is its grade: the route's one channel moved up one grade passes.
    ask = lambda point: {"passes": point.pass_of({"key": "a -X-> b", "friction": "high"}) >= point.threshold}  # noqa: E731
    out = robustness_of(
        ask, Point.of(None, 0.5), ["passes"], route_hops=lambda _: [{"key": "a -X-> b", "friction": "high"}]
    )
    channel = [f for f in out["passes"]["flips"] if f["kind"] == "channel"]
    assert channel == [
        {
            "kind": "channel",
            "dimension": "a -X-> b",
            "direction": "up",
            "from": "high",
            "to": "medium",
            "cost": 1.0,
            "within_plausible": True,
            "becomes": True,
        }
    ]


def test_reach_band_brackets_the_sri_lanka_reach_and_rises_with_hruf(graph):
    before = pathway_robustness(
        configure(graph, as_of=2009, scenario="pre_hruf"), UNCT, COUNCIL, Point.of(None, 0.5)
    )
    after = pathway_robustness(
        configure(graph, as_of=2009, scenario="hruf"), UNCT, COUNCIL, Point.of(None, 0.5)
    )
    for out in (before, after):
        assert out["reach"]["band"]["p5"] < out["reach"]["value"] < out["reach"]["band"]["p95"]
    assert after["reach"]["band"]["median"] > before["reach"]["band"]["median"]


@pytest.mark.parametrize(
    ("probabilities", "expected"),
    [
        ([0.5, 0.5], [0.5, 0.5]),  # equal hops share equally
        ([0.95, 0.3, 0.6], None),  # shares sum to one, the weakest hop loses most
        ([0.9, 0.0, 0.5], [0.0, 1.0, 0.0]),  # a blocking hop takes all of the loss
        ([1.0, 1.0], [0.0, 0.0]),  # nothing lost, nothing to share
    ],
)
def test_loss_shares(probabilities, expected):
    shares = loss_shares(probabilities)
    if expected is not None:
        assert shares == pytest.approx(expected)
    else:
        assert math.fsum(shares) == pytest.approx(1) and max(shares) == shares[1]


def test_the_sri_lanka_route_loses_signal_at_more_than_one_hop(graph):
    view = configure(graph, as_of=2009, scenario="pre_hruf")
    best = most_reliable_paths(view, UNCT, COUNCIL, k=1)[0]
    shares = [hop.loss_share for hop in best.hops]
    assert math.fsum(shares) == pytest.approx(1)
    assert sum(share >= 0.2 for share in shares) >= 2  # not all on the stall hop
    assert best.to_dict()["hops"][0]["loss_share"] == shares[0]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_paths_json_carries_band_share_tipping_point_and_loss(capsys):
    code, out, _ = run(capsys, "paths", UNCT, COUNCIL, "--as-of", "2009", "--scenario", "pre_hruf", "--json")
    result = json.loads(out)
    assert code == 0
    assert set(result["reach"]["band"]) == {"p5", "median", "p95"}
    robust = result["stall_robustness"]
    assert {"holds", "share", "label", "tipping_point", "flips"} <= set(robust)
    assert robust["tipping_point"]["kind"] in ("friction", "threshold", "channel")
    assert all("loss_share" in hop for hop in result["paths"][0]["hops"])


def test_cases_json_carries_robustness_per_verdict(capsys):
    code, out, _ = run(capsys, "cases", "--json")
    verdicts = json.loads(out)
    assert code == 0 and len(verdicts) == 29
    for verdict in verdicts:
        assert {"share", "label", "tipping_point"} <= set(verdict["robustness"]["verdict"])
        reach = verdict["reach"]
        assert reach["band"]["p5"] <= reach["band"]["median"] <= reach["band"]["p95"]


def test_cases_text_prints_the_tipping_point_in_words(capsys):
    code, out, _ = run(capsys, "cases", "sri-lanka-2008-09")
    assert code == 0 and "verdict holds in" in out and "Model estimate: this verdict holds in" in out


def test_sensitivity_prints_every_level_threshold_and_route_channel(capsys):
    code, out, _ = run(capsys, "sensitivity", "sri-lanka-2008-09")
    assert code == 0
    for dimension in (*FRICTION_LEVELS, "threshold", "field.rc.sri-lanka -REPORTS_TO-> un.secretary-general"):
        assert dimension in out
    code, out, _ = run(capsys, "sensitivity", "sri-lanka-2008-09", "--json")
    assert json.loads(out)["case"] == SRI_LANKA


def test_edge_regrade_by_level_and_pinned_threshold(capsys):
    key = "field.rc.sri-lanka -REPORTS_TO-> un.secretary-general"
    args = ("paths", UNCT, COUNCIL, "--as-of", "2009", "--scenario", "pre_hruf", "--json")
    _, plain, _ = run(capsys, *args)
    _, regraded, _ = run(capsys, *args, "--edge", f"{key}=low", "--threshold", "0.3")
    plain, regraded = json.loads(plain), json.loads(regraded)
    assert regraded["reach"]["probability"] > plain["reach"]["probability"]
    hop = next(h for h in regraded["paths"][0]["hops"] if h["key"] == key)
    assert hop["pass_probability"] == DEFAULT_FRICTION_PASS["low"]
    assert regraded["threshold"] == 0.3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["paths", UNCT, COUNCIL, "--edge", "nowhere -ALERTS-> nobody=high"],
            "no channel edge 'nowhere -ALERTS-> nobody'",
        ),
        (
            ["paths", UNCT, COUNCIL, "--edge", "field.rc.sri-lanka -REPORTS_TO-> un.secretary-general=hgh"],
            "neither a friction level",
        ),  # a mistyped level
        (["cases", "sri-lanka-2008-09", "--friction", "vast=0.5"], "unknown friction level 'vast'"),
        (["stall", UNCT, "--threshold", "1.5"], "between 0 and 1"),
    ],
)
def test_bad_model_flags_get_a_clear_error(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code != 0 and message in err and "Traceback" not in err


def test_model_quiz_questions_ask_about_the_model_and_show_its_robustness(graph):
    from un_pathways.graph.quiz import lesson_quiz
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR
    from un_pathways.loaders.lessons import read_lessons

    lessons = read_lessons(DEFAULT_DATA_DIR, graph)
    items = [item for lesson in lessons.values() for item in lesson_quiz(graph, lesson)]
    by_kind = {
        kind: [i for i in items if i.kind == kind]
        for kind in ("stall_point", "weakest_link", "best_scenario")
    }
    assert all(by_kind.values())  # every model kind is asked somewhere
    for item in by_kind["stall_point"] + by_kind["weakest_link"]:
        assert item.prompt.startswith("In this model"), item.prompt
    for item in by_kind["stall_point"]:
        assert HOLDS_SENTENCE.search(item.explanation)
        assert "The curators' reading of the paper" in item.explanation
    for item in by_kind["weakest_link"]:
        assert "of the signal lost along the route" in item.explanation
    for item in by_kind["best_scenario"]:
        assert "across plausible settings" in item.explanation and "comes first in" in item.explanation
