"""The reader reads only regular files inside the data folder, within limits; look-alike names are refused.

A hostile or careless data folder can hold a symbolic link to ``/dev/zero`` or
to a file outside the folder, a FIFO that never ends, a file whose reported
size lies, thousands of files or gigabytes in all, and names written with
letters that look Latin but are not. Each dataset here is built in
``tmp_path`` from the small valid base of tests/test_bad_data.py; each must be
refused with a DataError naming the file (and the line and id for a name),
the offending character, and the fix, within seconds (never a hang), and
nothing of it is loaded. Refusals that depend on a race (a file swapped
between the check and the open) are staged by making ``lstat`` report
another file, as a swap would.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from un_pathways.graph.errors import DataError
from un_pathways.loaders import yaml_source
from un_pathways.loaders.dataset import MAX_DATASET_BYTES, MAX_DATASET_FILES, read_dataset
from un_pathways.loaders.yaml_source import MAX_FILE_BYTES, read_regular_file

BASE = Path(__file__).parent / "fixtures" / "bad_data" / "base"
HANG_GUARD_S = 60  # a reader that blocks (a FIFO, /dev/zero) fails the test instead of hanging CI


class ReaderHungError(Exception):
    """The reader did not return: it blocked on a special file or read without end."""


@contextmanager
def hang_guard() -> Iterator[None]:
    def stop(signum, frame):
        raise ReaderHungError(f"the reader did not return within {HANG_GUARD_S} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_GUARD_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh copy of the valid base dataset."""
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    return folder


def refusal(data: Path) -> list[str]:
    """Every problem of the DataError that reading ``data`` must raise, as shown to the user."""
    with hang_guard(), pytest.raises(DataError) as raised:
        read_dataset(data)
    problems = [str(problem) for problem in raised.value.problems]
    assert all("Fix: " in problem for problem in problems), problems
    return problems


def test_the_base_dataset_loads(data):
    assert read_dataset(data).nodes


# --- special files and links ----------------------------------------------------------------------


def _link_to_dev_zero(data: Path) -> None:
    (data / "nodes" / "zz.yaml").symlink_to("/dev/zero")


def _link_outside(data: Path) -> None:
    outside = data.parent / "outside.yaml"
    shutil.copy(data / "nodes" / "un.yaml", outside)
    (data / "nodes" / "zz.yaml").symlink_to(outside)


def _link_inside(data: Path) -> None:
    (data / "nodes" / "zz.yaml").symlink_to(data / "edges" / "structure.yaml")


def _linked_folder(data: Path) -> None:
    outside = data.parent / "outside-cases"
    shutil.move(data / "cases", outside)
    (data / "cases").symlink_to(outside, target_is_directory=True)


def _fifo(data: Path) -> None:
    os.mkfifo(data / "nodes" / "zz.yaml")


def _folder(data: Path) -> None:
    (data / "nodes" / "zz.yaml").mkdir()


def _lesson_link(data: Path) -> None:
    (data / "lessons" / "zz.yaml").symlink_to("/dev/zero")


def _vocabulary_fifo(data: Path) -> None:
    os.mkfifo(data / "vocabulary" / "zz.yaml")


@pytest.mark.parametrize(
    "make, file, words",
    [
        (_link_to_dev_zero, "data/nodes/zz.yaml", "is a symbolic link"),  # grew to 22 GB before
        (_link_outside, "data/nodes/zz.yaml", "is a symbolic link"),  # a file outside the folder
        (_link_inside, "data/nodes/zz.yaml", "is a symbolic link"),  # even one that stays inside
        (_linked_folder, "data/cases", "is a symbolic link"),  # a whole folder elsewhere
        (_fifo, "data/nodes/zz.yaml", "is a named pipe (FIFO)"),  # hung forever before
        (_folder, "data/nodes/zz.yaml", "is a folder"),
        (_lesson_link, "data/lessons/zz.yaml", "is a symbolic link"),  # lessons are read the same way
        (_vocabulary_fifo, "data/vocabulary/zz.yaml", "is a named pipe (FIFO)"),  # read first of all
    ],
)
def test_only_regular_files_are_read(data, make, file, words):
    make(data)
    problems = refusal(data)
    assert [p for p in problems if p.startswith(f"{file}: ") and words in p], problems


def test_a_socket_is_refused(data):
    path = data / "edges" / "zz.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        problems = refusal(data)
    assert [p for p in problems if p.startswith("data/edges/zz.yaml: is a socket")], problems


# --- races: the file changes between the check and the open ------------------------------------------


def _lstat_reports(monkeypatch, path: Path, reported: os.stat_result) -> None:
    """Make ``lstat(path)`` in the reader answer ``reported``, as if the file changed after the check."""
    real = os.lstat

    def fake(target, *args, **kwargs):
        return reported if Path(target) == path else real(target, *args, **kwargs)

    monkeypatch.setattr(yaml_source.os, "lstat", fake)


def test_a_link_swapped_in_after_the_check_is_not_followed(tmp_path, monkeypatch):
    regular = tmp_path / "regular.yaml"
    regular.write_text("nodes: []\n")
    link = tmp_path / "link.yaml"
    link.symlink_to("/dev/zero")
    _lstat_reports(monkeypatch, link, os.lstat(regular))
    with hang_guard(), pytest.raises(DataError, match="link.yaml: is a symbolic link"):
        read_regular_file(link, "link.yaml")


def test_a_fifo_swapped_in_after_the_check_neither_hangs_nor_is_read(tmp_path, monkeypatch):
    regular = tmp_path / "regular.yaml"
    regular.write_text("nodes: []\n")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    _lstat_reports(monkeypatch, fifo, os.lstat(regular))
    with hang_guard(), pytest.raises(DataError, match="fifo.yaml: was replaced while being read"):
        read_regular_file(fifo, "fifo.yaml")


def test_another_file_swapped_in_after_the_check_is_refused(tmp_path, monkeypatch):
    checked, swapped = tmp_path / "checked.yaml", tmp_path / "swapped.yaml"
    checked.write_text("nodes: []\n")
    swapped.write_text("nodes: []\n")
    _lstat_reports(monkeypatch, swapped, os.lstat(checked))
    with pytest.raises(DataError, match="swapped.yaml: was replaced while being read"):
        read_regular_file(swapped, "swapped.yaml")


def test_the_size_limit_holds_when_the_reported_size_lies(tmp_path, monkeypatch):
    """A file reported as 10 bytes (as /proc files or a growing file are) is still cut at the limit."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 5_000)
    honest = os.lstat(path)
    lying = os.stat_result(
        (
            honest.st_mode,
            honest.st_ino,
            honest.st_dev,
            honest.st_nlink,
            honest.st_uid,
            honest.st_gid,
            10,
            honest.st_atime,
            honest.st_mtime,
            honest.st_ctime,
        )
    )
    _lstat_reports(monkeypatch, path, lying)
    with pytest.raises(DataError, match=r"more than the 1,000 byte limit \(its reported size was 10\)"):
        read_regular_file(path, "big.yaml", limit=1_000)
    assert read_regular_file(path, "big.yaml", limit=5_000) == b"#" * 5_000  # exactly the limit is fine


def test_a_file_over_the_limit_is_refused_before_it_is_read(data):
    (data / "nodes" / "zz.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    problems = refusal(data)
    assert [p for p in problems if p.startswith("data/nodes/zz.yaml: file is") and "byte limit" in p]


# --- limits on the whole dataset ---------------------------------------------------------------------


def test_a_dataset_over_the_total_byte_limit_is_refused_before_anything_is_parsed(data):
    """Files each under the per-file limit, together over the dataset's: refused after reading, unparsed.

    Every big file is broken YAML: had any been parsed, its error would be listed too.
    """
    size = MAX_FILE_BYTES - 1_000
    count = MAX_DATASET_BYTES // size + 1
    broken = b"nodes: [unclosed\n"
    for index in range(count):
        padding = b"#" * (size - len(broken) - 1)
        (data / "nodes" / f"zz-{index:02d}.yaml").write_bytes(broken + padding + b"\n")
    problems = refusal(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        f"data/nodes/zz-{count - 1:02d}.yaml: the dataset holds more than {MAX_DATASET_BYTES:,} bytes"
    ), problems


def test_a_dataset_with_too_many_files_is_refused_before_reading(data):
    for index in range(MAX_DATASET_FILES + 1):
        (data / "edges" / f"zz-{index:04d}.yaml").write_bytes(b"")
    problems = refusal(data)
    assert problems == [
        f"data/edges: the dataset holds more than {MAX_DATASET_FILES:,} data files. Fix: merge small files "
        "(one file per concern, not per item), or remove stray ones"
    ]


# --- look-alike names -----------------------------------------------------------------------------


def _edit_yaml(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


def _node(doc: dict, node_id: str) -> dict:
    return next(node for node in doc["nodes"] if node["id"] == node_id)


def _on(node_id: str, **fields):
    """A change that sets ``fields`` on one node of a nodes file."""
    return lambda doc: _node(doc, node_id).update(fields)


NODES, SCENARIO, CASE = "nodes/un.yaml", "scenarios/hruf.yaml", "cases/sri-lanka-2008-09.yaml"


@pytest.mark.parametrize(
    "file, item_id, change, field, character, fix",
    [
        (  # the case: a Cyrillic o in a name
            NODES,
            "un.security-council",
            _on("un.security-council", name="Security Cоuncil"),
            "name",
            "U+043E CYRILLIC SMALL LETTER O",
            "type 'o' instead",
        ),
        (  # an acronym with a Cyrillic S (DZE)
            NODES,
            "un.security-council",
            _on("un.security-council", short="UNЅC"),
            "short",
            "U+0405 CYRILLIC CAPITAL LETTER DZE",
            "type 'S' instead",
        ),
        (  # an alias with a Greek omicron
            NODES,
            "un.security-council",
            _on("un.security-council", aliases=["the Cοuncil"]),
            "aliases",
            "U+03BF GREEK SMALL LETTER OMICRON",
            "type 'o' instead",
        ),
        (  # a full-width letter (a compatibility form)
            NODES,
            "un.dpa",
            _on("un.dpa", short="ＤPA"),
            "short",
            "U+FF24 FULLWIDTH LATIN CAPITAL LETTER D",
            "type 'D' instead",
        ),
        (  # an invisible character makes a second name that looks the same
            NODES,
            "un.dpa",
            _on("un.dpa", aliases=["D\u200bPA"]),
            "aliases",
            "U+200B ZERO WIDTH SPACE",
            "delete it",
        ),
        (  # two scripts, though the Greek letter looks like no Latin one
            NODES,
            "un.dpa",
            _on("un.dpa", name="Department λ"),
            "name",
            "U+03BB GREEK SMALL LETTER LAMDA",
            "write the whole name in one script (Latin)",
        ),
        (  # a case is a node too: its name is checked the same way
            CASE,
            "case.sri-lanka-2008-09",
            lambda d: d.update(name="Sri Lаnka 2008-09"),
            "name",
            "U+0430 CYRILLIC SMALL LETTER A",
            "type 'a' instead",
        ),
        (  # a scenario's name
            SCENARIO,
            "hruf",
            lambda d: d.update(name="Human Rights Up Frоnt"),
            "name",
            "U+043E CYRILLIC SMALL LETTER O",
            "type 'o' instead",
        ),
    ],
)
def test_look_alike_names_are_refused_with_line_character_and_fix(
    data, file, item_id, change, field, character, fix
):
    _edit_yaml(data / file, change)
    problems = refusal(data)
    found = [p for p in problems if f"[{item_id}]: '{field}' " in p]
    assert len(found) == 1, problems
    place = found[0].split(" [")[0]
    assert place.startswith(f"data/{file}:") and place.rsplit(":", 1)[1].isdigit(), found  # file:line
    assert character in found[0] and f"Fix: {fix}" in found[0], found


def test_accented_latin_names_pass(data):
    french = "Département des affaires politiques"
    _edit_yaml(data / NODES, _on("un.dpa", name=french, aliases=["Côte d'Ivoire desk – 2011"]))
    assert read_dataset(data).nodes["un.dpa"].name == french


# --- through the command line: one clear line per problem, nothing loaded ----------------------------


@pytest.mark.parametrize("make", [_link_to_dev_zero, _fifo], ids=["dev-zero", "fifo"])
def test_cli_refuses_special_files_without_hanging_or_loading(data, make):
    make(data)
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "unused"}
    for command in (["validate"], ["load", "--neo4j"]):
        done = subprocess.run(
            [sys.executable, "-m", "un_pathways.cli.main", *command, "--data", str(data)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 1, done  # a data error (1), not a connection error (2): nothing was sent
        assert "nodes/zz.yaml: is " in done.stderr + done.stdout and "Traceback" not in done.stderr, done


# --- through the app: a banner listing the files, no graph --------------------------------------------


def test_the_app_shows_special_files_as_problems_and_loads_nothing(data, monkeypatch):
    try:
        from tests.test_app_pages import open_page, texts
    except ImportError:  # rootdir-less import: tests/ itself is on sys.path
        from test_app_pages import open_page, texts

    _link_to_dev_zero(data)
    _vocabulary_fifo(data)
    monkeypatch.setenv("PATHWAYS_DATA", str(data))
    with hang_guard():
        at = open_page("explore")
    assert "is invalid" in texts(at.error)
    listed = texts(at.code)
    assert "data/nodes/zz.yaml: is a symbolic link" in listed
    assert "data/vocabulary/zz.yaml: is a named pipe (FIFO)" in listed
    assert not at.get("component_instance")  # no graph drawn: nothing of the dataset was loaded
