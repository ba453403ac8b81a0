"""The package stands on its own: one import root, every file it reads shipped inside it, one version.

The wheel test builds from a copy of the working tree (setuptools writes build/ next to the sources, and
tests never write into the checkout) and checks the wheel against what loaders/resources.py points at.
The full install-and-run check (fresh venv outside the checkout) is in .ci/run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from un_pathways.graph.errors import DataError
from un_pathways.loaders import resources
from un_pathways.queries.saved import load_saved_queries

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FOLDERS = ("graph", "loaders", "queries", "cli", "ui", "pages")
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def shipped_files() -> list[Path]:
    """Every file the code reads at run time, as loaders/resources.py finds it in this checkout."""
    files = [
        resources.app_script(),
        resources.data_model_intro(),
        *resources.package_root().joinpath("pages").glob("*.py"),
        *resources.data_dir().rglob("*.yaml"),
        *resources.query_library_dir().glob("*.cypher"),
        *resources.graph_component_dir().glob("*"),
        resources.neo4j_launcher_dir() / "pom.xml",
        *resources.neo4j_launcher_dir().joinpath("src").rglob("*.java"),
    ]
    return sorted(files)


def test_resources_resolve_to_the_checkout_in_an_editable_install():
    assert resources.package_root() == ROOT
    files = shipped_files()
    assert all(path.is_file() for path in files)
    assert {path.relative_to(ROOT).parts[0] for path in files} >= {"app.py", "pages", "data", "queries", "ui"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns(
        ".git",
        ".venv",
        "build",
        "dist",
        "*.egg-info",
        "__pycache__",
        "target",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "screenshots",
        ".mypy_root",
        ".mypy_cache",
    )  # .mypy_root links to the root itself
    shutil.copytree(ROOT, source / "un-pathways", ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out)]
    subprocess.run([*command, str(source / "un-pathways")], check=True, capture_output=True, text=True)
    (built,) = out.glob("*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def test_wheel_installs_one_import_root(wheel: zipfile.ZipFile):
    top = {name.split("/")[0] for name in wheel.namelist()}
    assert top == {"un_pathways", f"un_pathways-{PYPROJECT_VERSION}.dist-info"}


def test_wheel_carries_every_file_the_code_reads(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    missing = [
        str(path.relative_to(ROOT))
        for path in shipped_files()
        if f"un_pathways/{path.relative_to(ROOT).as_posix()}" not in names
    ]
    assert not missing, f"add these to [tool.setuptools.package-data] in pyproject.toml: {missing}"


def test_wheel_carries_every_module(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    modules = [
        path.relative_to(ROOT).as_posix()
        for folder in PACKAGE_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
    ]
    assert [m for m in modules if f"un_pathways/{m}" not in names] == []


def test_no_module_finds_files_relative_to_its_own_source():
    """Files are found through loaders/resources.py (importlib.resources), never from ``__file__``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in PACKAGE_FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b__file__\b", line) and "pyvis.__file__" not in line  # pyvis's own files
    ]
    assert offenders == []


def test_version_is_the_one_in_pyproject():
    result = subprocess.run(
        [sys.executable, "-m", "un_pathways.cli.main", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"pathways {PYPROJECT_VERSION}"


def test_an_empty_query_library_is_an_error_not_an_empty_list(tmp_path: Path):
    with pytest.raises(DataError, match=r"no saved queries .* found") as caught:
        load_saved_queries(tmp_path)
    assert str(tmp_path) in str(caught.value)
    with pytest.raises(DataError, match="no saved queries"):
        load_saved_queries(tmp_path / "missing")
