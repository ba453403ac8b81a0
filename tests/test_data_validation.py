"""Bad data gets a clear error naming file, line and id, with every problem reported at once."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from un_pathways.graph.errors import DataError
from un_pathways.loaders.dataset import read_dataset

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dataset."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_fixture_is_valid():
    dataset = read_dataset(MINI)
    assert set(dataset.nodes) == {"un.security-council", "state.russia"}


@pytest.mark.parametrize(
    ("node_yaml", "expected"),
    [
        # an unknown key is named, with the line of the item
        (
            "nodes:\n  - id: un.x\n    name: X\n    kind: organ\n    description: d\n    colour: red\n"
            "    sources: [{doc: seed, locator: INT ¶1}]\n",
            r"nodes/bad\.yaml:2 \[un\.x\]: unknown field 'colour'",
        ),
        # an unknown enum value lists the allowed ones
        (
            "nodes:\n  - id: un.x\n    name: X\n    kind: ministry\n    description: d\n"
            "    sources: [{doc: seed, locator: INT ¶1}]\n",
            r"unknown kind 'ministry'; allowed: agency",
        ),
        # a node without sources is refused
        (
            "nodes:\n  - id: un.x\n    name: X\n    kind: organ\n    description: d\n    sources: []\n",
            r"\[un\.x\]: 'sources'",
        ),
        # broken YAML points at the line
        ("nodes:\n  - id: un.x\n    name: [unclosed\n", r"nodes/bad\.yaml:\d+: invalid YAML"),
        # a duplicate id names the first definition
        (
            "nodes:\n  - id: state.russia\n    name: R\n    kind: member_state\n    description: d\n"
            "    sources: [{doc: seed, locator: INT ¶1}]\n",
            r"sample\.yaml:\d+ \[state\.russia\]: duplicate id, first defined at data/nodes/bad\.yaml:2",
        ),
        # a malformed id says what an id looks like
        (
            "nodes:\n  - id: Bad Id\n    name: X\n    kind: organ\n    description: d\n"
            "    sources: [{doc: seed, locator: INT ¶1}]\n",
            r"'id': String should match pattern",
        ),
    ],
)
def test_node_problems_are_named(data_dir: Path, node_yaml: str, expected: str):
    write(data_dir / "nodes", "bad.yaml", node_yaml)
    with pytest.raises(DataError, match=expected):
        read_dataset(data_dir)


@pytest.mark.parametrize(
    ("edge_yaml", "expected"),
    [
        # a dangling end suggests the closest id
        (
            "edges:\n  - {from: state.rusia, type: MEMBER_OF, to: un.security-council,"
            " sources: [{doc: seed, locator: x}]}\n",
            r"edge end 'state\.rusia' is not a known node.*did you mean state\.russia",
        ),
        # a channel edge must say stage, friction, mechanism, rationale and justification
        (
            "edges:\n  - {from: state.russia, type: BRIEFS, to: un.security-council, channel: true,"
            " sources: [{doc: seed, locator: x}]}\n",
            r"channel edge lacks stage, friction, rationale, justification, mechanism",
        ),
        # channel fields without channel: true are a mistake
        (
            "edges:\n  - {from: state.russia, type: BRIEFS, to: un.security-council, friction: high,"
            " sources: [{doc: seed, locator: x}]}\n",
            r"friction only make sense with channel: true",
        ),
        # an edge valid before its end existed
        (
            "edges:\n  - {from: state.russia, type: BRIEFS, to: un.security-council, valid_from: 1930,"
            " sources: [{doc: seed, locator: x}]}\n",
            r"edge is valid in 1930 but node 'un\.security-council' exists only 1945-",
        ),
        # an unknown edge type
        (
            "edges:\n  - {from: state.russia, type: LIKES, to: un.security-council,"
            " sources: [{doc: seed, locator: x}]}\n",
            r"unknown edge type 'LIKES'",
        ),
        # an unknown mechanism
        (
            "edges:\n  - {from: state.russia, type: BRIEFS, to: un.security-council, channel: true,"
            " stage: information, friction: high, mechanism: [laziness], rationale: r,"
            " sources: [{doc: seed, locator: x}]}\n",
            r"unknown mechanism 'laziness'",
        ),
    ],
)
def test_edge_problems_are_named(data_dir: Path, edge_yaml: str, expected: str):
    write(data_dir / "edges", "bad.yaml", edge_yaml)
    with pytest.raises(DataError, match=expected):
        read_dataset(data_dir)


CHANNEL_WITHOUT_JUSTIFICATION = """\
edges:
  - from: state.russia
    type: BRIEFS
    to: un.security-council
    channel: true
    stage: information
    friction: high
    mechanism: [veto_deadlock]
    rationale: The paper's account, with its locator.
    sources: [{doc: seed, locator: "INT ¶6"}]
"""


def test_channel_without_justification_is_refused(data_dir: Path):
    """A channel's grade is the curators' judgement: validate refuses one that does not argue for it."""
    write(data_dir / "edges", "bad.yaml", CHANNEL_WITHOUT_JUSTIFICATION)
    with pytest.raises(DataError) as caught:
        read_dataset(data_dir)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.item_id) == (
        "data/edges/bad.yaml",
        2,
        "state.russia -BRIEFS-> un.security-council",
    )
    assert problem.message.endswith("channel edge lacks justification")
    assert "'justification:'" in problem.fix and "grades above and below" in problem.fix


def test_channel_with_justification_is_accepted(data_dir: Path):
    """The same edge with a justification passes, and the graph carries it beside the rationale."""
    from un_pathways.graph.build import build_graph

    text = CHANNEL_WITHOUT_JUSTIFICATION.replace(
        "    sources:", "    justification: High, not blocking, because the curators say so.\n    sources:"
    )
    write(data_dir / "edges", "good.yaml", text)
    graph = build_graph(read_dataset(data_dir))
    attrs = graph.edges["state.russia", "un.security-council", "state.russia -BRIEFS-> un.security-council"]
    assert attrs["justification"] == "High, not blocking, because the curators say so."
    assert attrs["rationale"] == "The paper's account, with its locator."


def test_regrade_without_justification_is_refused(data_dir: Path):
    """A scenario's new grade is a judgement too."""
    write(
        data_dir / "edges",
        "good.yaml",
        CHANNEL_WITHOUT_JUSTIFICATION.replace("    sources:", "    justification: j\n    sources:"),
    )
    (data_dir / "scenarios").mkdir(exist_ok=True)
    write(
        data_dir / "scenarios",
        "softer.yaml",
        """\
        id: softer
        name: Softer
        description: d
        sources: [{doc: seed, locator: "INT ¶6"}]
        regrade:
          - edge: "state.russia -BRIEFS-> un.security-council"
            friction: medium
            mechanism: [veto_deadlock]
            rationale: r
            sources: [{doc: seed, locator: "INT ¶6"}]
        """,
    )
    expected = r"scenarios/softer\.yaml:\d+ \[softer\]: field 'regrade\.0\.justification' is missing"
    with pytest.raises(DataError, match=expected):
        read_dataset(data_dir)


def test_all_problems_of_a_file_are_reported_at_once(data_dir: Path):
    write(
        data_dir / "edges",
        "bad.yaml",
        """\
        edges:
          - {from: state.nowhere, type: BRIEFS, to: un.security-council, sources: [{doc: seed, locator: x}]}
          - {from: state.russia, type: LIKES, to: un.security-council, sources: [{doc: seed, locator: x}]}
          - {from: state.russia, type: BRIEFS, to: un.nowhere, sources: [{doc: seed, locator: x}]}
        """,
    )
    with pytest.raises(DataError) as caught:
        read_dataset(data_dir)
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [2, 3, 4]
    assert "3 problems in the data" in str(caught.value)


def test_every_message_says_how_to_fix(data_dir: Path):
    write(data_dir / "nodes", "bad.yaml", "nodes:\n  - id: un.x\n    kind: organ\n")
    with pytest.raises(DataError) as caught:
        read_dataset(data_dir)
    assert all(problem.fix for problem in caught.value.problems)
    assert "Fix: add 'name:' to this item" in str(caught.value)


@pytest.mark.parametrize(
    "alias",
    [
        "the Council",  # the very alias of un.security-council in the fixture
        "THE COUNCIL",  # case does not make it another name
        "Council, the",  # nor word order and punctuation
        "Moscòw",  # nor accents: state.russia's alias Moscow
        "UNSC",  # an acronym counts like an alias
    ],
)
def test_a_name_shared_by_two_nodes_is_refused(data_dir: Path, alias: str):
    write(
        data_dir / "nodes",
        "clash.yaml",
        f"""\
        nodes:
          - id: un.other-body
            name: Other body
            kind: organ
            description: d
            aliases: ["{alias}"]
            sources: [{{doc: seed, locator: INT ¶1}}]
        """,
    )
    with pytest.raises(DataError) as caught:
        read_dataset(data_dir)
    [problem] = caught.value.problems
    # Files load in name order, so the fixture's node (sample.yaml) is met second and is the one flagged;
    # the message names the node that already had the name, where it is defined.
    owner, line = ("state.russia", 12) if alias == "Moscòw" else ("un.security-council", 2)
    assert (problem.file, problem.line, problem.item_id) == ("data/nodes/sample.yaml", line, owner)
    assert "also names 'un.other-body'" in problem.message and "data/nodes/clash.yaml:2" in problem.message
    assert "ambiguous" in problem.message and "distinct alias" in problem.fix


def test_one_node_may_repeat_its_own_name_as_an_alias(data_dir: Path):
    write(
        data_dir / "nodes",
        "repeat.yaml",
        """\
        nodes:
          - id: un.other-body
            name: Other body
            short: OB
            kind: organ
            description: d
            aliases: [Other Body, OB, body other]
            sources: [{doc: seed, locator: INT ¶1}]
        """,
    )
    assert "un.other-body" in read_dataset(data_dir).nodes
