"""Point the app at a data folder for the length of a test module, and put things back afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["pathways_data"]


@contextmanager
def pathways_data(folder: Path | str) -> Iterator[Path]:
    """Set PATHWAYS_DATA to ``folder`` (the app reads it at start), restoring the old value on exit.

    Module-scoped fixtures use it so the variable never leaks into other test files.
    """
    before = os.environ.get("PATHWAYS_DATA")
    os.environ["PATHWAYS_DATA"] = str(folder)
    try:
        yield Path(folder)
    finally:
        if before is None:
            os.environ.pop("PATHWAYS_DATA", None)
        else:
            os.environ["PATHWAYS_DATA"] = before
