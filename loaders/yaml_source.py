"""Read YAML data files keeping the line number of every mapping.

Validation errors must name the file *and the line* of the faulty item, which
plain ``yaml.safe_load`` forgets. This loader records the line of each mapping
under the reserved key ``__line__``; models strip it before validating.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import DataError, DataProblem

__all__ = ["LINE_KEY", "read_yaml", "strip_lines"]

LINE_KEY = "__line__"

# A data file larger than this is refused before parsing: YAML from a person is
# a few hundred kilobytes at most, and a huge file is a mistake (or an attack).
MAX_FILE_BYTES = 5_000_000


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that adds the 1-based start line to every mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1 and isinstance(k, str)}
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {sorted(duplicates)[0]!r}", node.start_mark
            )
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def read_yaml(path: Path, root: Path | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a DataError with file and line."""
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                [
                    DataProblem(
                        shown,
                        None,
                        None,
                        f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,} byte limit",
                        "split it into smaller files, one concern each",
                    )
                ]
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            [DataProblem(shown, None, None, f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    except OSError as exc:
        raise DataError([DataProblem(shown, None, None, f"cannot be read ({exc.strerror})", "check the path")]) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(
            [DataProblem(shown, line, None, f"invalid YAML: {problem}", "correct the YAML syntax at that line")]
        ) from None


def strip_lines(value: Any) -> Any:
    """Return a copy of parsed YAML without the ``__line__`` bookkeeping keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
