"""The runnable examples in the docstrings of graph/, loaders/ and queries/ still run and say what they
show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("un_pathways.graph", "un_pathways.loaders", "un_pathways.queries")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        names += [info.name for info in pkgutil.walk_packages(path, prefix=f"{package}.") if not info.ispkg]
    return sorted(names)


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples_run(module):
    outcome = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS, verbose=False)
    assert outcome.failed == 0, (
        f"{outcome.failed} docstring example(s) of {module} failed (run pytest --doctest-modules)"
    )
