"""Where the files UN Pathways ships are: found inside the installed package, never beside a checkout.

Every file the code reads at run time (the dataset, the saved Cypher library, the Streamlit app and its
pages, the graph component, the Neo4j launcher's Maven module, the data-model intro) travels in the wheel
as package data; this module is the one place that answers "where is it?".

Why it anchors on regular subpackages (``un_pathways.loaders``, ``un_pathways.queries``, ``un_pathways.ui``)
and not on ``un_pathways`` itself: in an editable install from a checkout, ``un_pathways`` is a namespace
package (the repository root has no ``__init__.py``: adding one breaks pytest's rootdir handling), and
``importlib.resources.files("un_pathways")`` fails for it. A regular subpackage resolves the same way in a
wheel (``site-packages/un_pathways/loaders``) and in a checkout (``<repo>/loaders``), and its parent is the
package root in both (where ``app.py``, ``pages/`` and ``data/`` sit).

Paths are real folders on disk (Streamlit, Maven and the YAML reader need file names), which holds for
every pip install; a zipped install is refused with a clear message rather than failing later.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from un_pathways.graph.errors import PathwaysError

__all__ = [
    "app_script",
    "data_dir",
    "data_model_intro",
    "graph_component_dir",
    "neo4j_launcher_dir",
    "package_root",
    "query_library_dir",
]


def _package_folder(package: str) -> Path:
    """The folder of a regular subpackage of un_pathways, as a file system path."""
    folder = resources.files(package)
    if not isinstance(folder, Path):
        raise PathwaysError(
            f"{package} is not installed as plain files ({folder!r}): UN Pathways reads its data and runs "
            "its app from files on disk; install it with pip from the wheel or the source tree"
        )
    return folder


def package_root() -> Path:
    """The un_pathways package folder: site-packages/un_pathways in a wheel, the repository in a checkout."""
    return _package_folder("un_pathways.loaders").parent


def data_dir() -> Path:
    """The shipped dataset (``data/``: nodes, edges, cases, scenarios, lessons, vocabulary)."""
    return package_root() / "data"


def app_script() -> Path:
    """The Streamlit entry point ``app.py``; its ``pages/`` folder sits beside it."""
    return package_root() / "app.py"


def query_library_dir() -> Path:
    """The saved ``.cypher`` queries."""
    return _package_folder("un_pathways.queries") / "library"


def graph_component_dir() -> Path:
    """The custom Streamlit graph component (``index.html``)."""
    return _package_folder("un_pathways.ui") / "graph_component"


def neo4j_launcher_dir() -> Path:
    """The Maven module (pom.xml, Java sources) that runs an embedded Neo4j; built elsewhere, never here."""
    return _package_folder("un_pathways.loaders") / "neo4j_launcher"


def data_model_intro() -> Path:
    """The hand-written introduction of docs/data-model.md."""
    return _package_folder("un_pathways.loaders") / "data_model_intro.md"
