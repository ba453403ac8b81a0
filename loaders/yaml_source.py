"""Read YAML data files keeping the line number of every mapping.

Validation errors must name the file *and the line* of the faulty item, which
plain ``yaml.safe_load`` forgets. This loader records the line of each mapping
under the reserved key ``__line__``; models strip it before validating.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from un_pathways.graph.errors import DataError, DataProblem
from un_pathways.loaders.parse_cache import cached_parse

__all__ = ["LINE_KEY", "MAX_FILE_BYTES", "read_regular_file", "read_yaml", "strip_lines"]

LINE_KEY = "__line__"

# A data file larger than this is refused before parsing: YAML from a person is
# a few hundred kilobytes at most, and a huge file is a mistake (or an attack).
MAX_FILE_BYTES = 5_000_000

# Deeper nesting than this is never needed by the data model (a few levels) and
# would exhaust Python's recursion limit while parsing.
MAX_DEPTH = 50

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)  # indentation and compact "- - " nesting
_BRACKETS = re.compile(r"[\[\]{}]")


# The checks are a mixin placed before a loader class: mypy checks them as part of a SafeLoader
# (libyaml's CSafeLoader offers the same methods without being one).
if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
    _FastBase = yaml.SafeLoader
else:
    _Loader = object


class _ValueChecks(_Loader):
    """Constructor checks both loaders share: lines, duplicate keys, values Python cannot build."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {str(node.value)[:40]!r} ({exc})", node.start_mark
            ) from None
        if isinstance(value, str) and _SURROGATE.search(value):
            problem = "text holds a lone surrogate escape (\\ud800-\\udfff), not a character"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        counted = Counter(key for key in keys if isinstance(key, str))  # other keys may be unhashable
        duplicates = sorted(key for key, count in counted.items() if count > 1)
        if duplicates:
            problem = f"duplicate key {duplicates[0]!r}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


class _LineLoader(_ValueChecks, yaml.SafeLoader):
    """The reference reader: pure Python, and the one that words every error.

    Besides the shared checks it refuses what a hand-written data file never
    needs but a hostile or broken one can use to hang or crash the reader:
    aliases (``*name``, which can build exponentially large or
    self-referencing values), nesting deeper than MAX_DEPTH, values Python
    cannot build (``2020-02-30``) and lone surrogates (``"\\ud800"``, which
    cannot be written out as UTF-8). Each is a YAML error with the line it is on.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in data files; write the value out", mark
            )
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CSafeLoader = getattr(yaml, "CSafeLoader", None)  # libyaml, shipped in PyYAML's wheels
if not TYPE_CHECKING:
    _FastBase = _CSafeLoader or yaml.SafeLoader


class _FastLineLoader(_ValueChecks, _FastBase):
    """The same reading on libyaml, about 4 to 10 times faster on a 3,700-node dataset.

    libyaml composes in C, so the alias and depth checks cannot run while
    composing: depth is bounded before parsing, and :func:`_build_plain`
    refuses a node reached twice while it builds the values.
    """


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class _NotPlain(yaml.YAMLError):
    """The fast builder met something it leaves to the reference loader (which words the error)."""


def _build_plain(loader: _FastLineLoader, root: yaml.Node) -> Any:
    """Build the values of a composed document directly, the common tags only.

    PyYAML's generic construction (a generator per collection, a cache of
    built nodes, a wrapper per value) costs about as much as parsing. Data
    files use plain mappings, lists and scalars, so this walk builds those
    directly and applies the same checks on the way: a node reached twice
    (an alias), a duplicate text key, a lone surrogate. Anything else (a
    merge key, a set, an unhashable key, a custom tag) raises
    :class:`_NotPlain`, and the caller falls back to the reference loader.
    """
    seen: set[int] = set()

    def build(node: yaml.Node) -> Any:
        if id(node) in seen:
            raise _NotPlain("alias")
        seen.add(id(node))
        tag = node.tag
        if tag == _STR_TAG:
            if _SURROGATE.search(node.value):
                raise _NotPlain("surrogate")
            return node.value
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_object(node)
        if tag == _SEQ_TAG:
            return [build(item) for item in node.value]
        if tag != _MAP_TAG:
            raise _NotPlain(tag)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _NotPlain("merge key")
            key = build(key_node)
            if isinstance(key, str) and key in mapping:
                raise _NotPlain("duplicate key")
            try:
                mapping[key] = build(value_node)
            except TypeError:  # an unhashable key
                raise _NotPlain("unhashable key") from None
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping

    return build(root)


def _nesting_bound(text: str) -> int:
    """An upper bound of how deep ``text`` nests: its longest line prefix plus its deepest brackets."""
    deepest = max((len(prefix) for prefix in _LINE_PREFIX.findall(text)), default=0)
    depth = brackets = 0
    for char in _BRACKETS.findall(text):
        depth = depth + 1 if char in "[{" else depth - 1
        brackets = max(brackets, depth)
    return deepest + brackets


def _parse(text: str) -> Any:
    """libyaml when the text is surely shallow enough, the reference loader otherwise or on any error."""
    if _CSafeLoader is not None and _nesting_bound(text) < MAX_DEPTH:
        loader = _FastLineLoader(text)
        try:
            root = loader.get_single_node()
            return None if root is None else _build_plain(loader, root)
        except yaml.YAMLError:
            pass  # the reference loader below finds the same problem and words it with its line
        finally:
            loader.dispose()
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


_COPY_IN = "data files must be plain files inside the data folder: copy the file in, or remove what is there"


# Not following a link and not waiting on a FIFO (POSIX; where a flag does not exist, the lstat and
# fstat checks still refuse anything but the regular file that was checked).
_OPEN_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOFOLLOW", "O_CLOEXEC"):
    _OPEN_FLAGS |= getattr(os, _flag, 0)


def _refuse(shown: str, message: str, fix: str) -> DataError:
    return DataError([DataProblem(shown, None, None, message, fix)])


def _kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, kind in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def read_regular_file(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, which must be a regular file (not a link) of at most ``limit`` bytes.

    A hostile data folder can hold a symbolic link to ``/dev/zero`` or to a
    file outside the folder, a FIFO that never ends, or a file whose reported
    size lies. So: ``lstat`` must show a regular file before it is opened
    (symbolic links are refused, wherever they point); it is opened with
    ``O_NOFOLLOW`` (a link swapped in is not followed) and ``O_NONBLOCK`` (a
    FIFO swapped in cannot hang the open); ``fstat`` of the open file must be
    the same regular file; and at most ``limit + 1`` bytes are read, whatever
    size the filesystem reports. Raises DataError naming the file and the fix.
    """
    try:
        before = os.lstat(path)
        if not stat.S_ISREG(before.st_mode):
            raise _refuse(
                shown,
                f"is {_kind_of(before.st_mode)}, not a regular file",
                _COPY_IN,
            )
        if before.st_size > limit:
            raise _refuse(
                shown,
                f"file is {before.st_size:,} bytes, over the {limit:,} byte limit",
                "split it into smaller files, one concern each",
            )
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link swapped in after lstat
            raise _refuse(shown, "is a symbolic link, not a regular file", _COPY_IN) from None
        problem = f"cannot be read ({exc.strerror})"
        raise _refuse(shown, problem, "check the path and its permissions") from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        opened = os.fstat(handle.fileno())
        same_file = (opened.st_dev, opened.st_ino) == (before.st_dev, before.st_ino)
        if not stat.S_ISREG(opened.st_mode) or not same_file:
            raise _refuse(shown, "was replaced while being read", "read it again once it stops changing")
        chunks, size = [], 0
        while size <= limit:
            chunk = handle.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise _refuse(
            shown,
            f"file holds more than the {limit:,} byte limit (its reported size was {before.st_size:,})",
            "split it into smaller files, one concern each",
        )
    return b"".join(chunks)


def read_yaml(path: Path, root: Path | None = None, raw: bytes | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a DataError with file and line.

    The file is read with :func:`read_regular_file` unless its bytes are given.
    """
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    if raw is None:
        raw = read_regular_file(path, shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [DataProblem(shown, line, None, f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    try:
        return cached_parse(raw, _parse, text)
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        raise DataError(
            [
                DataProblem(
                    shown,
                    line,
                    None,
                    f"invalid YAML: control character #x{exc.character:04x} is not allowed",
                    "delete it (or write it as an escape inside double quotes)",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        at_line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(
            [
                DataProblem(
                    shown, at_line, None, f"invalid YAML: {problem}", "correct the YAML syntax at that line"
                )
            ]
        ) from None


def strip_lines(value: Any) -> Any:
    """Return a copy of parsed YAML without the ``__line__`` bookkeeping keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
