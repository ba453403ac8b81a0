"""Remember parsed YAML files by content, so unchanged files are not parsed again.

Every CLI call and every app (re)load reads the whole data folder. Parsing
YAML is most of that cost (about 0.7 s of libyaml event objects for the
4.4 MB of a 130-country dataset) while the files rarely change between two
reads. This cache keeps each file's parsed value (with its ``__line__``
bookkeeping) under the hash of its bytes, so a changed file is always parsed
again and a stale entry can never be returned. Validation still runs on every
read: the cache saves parsing only, never a check.

Entries live in ``$PATHWAYS_CACHE_DIR``, else ``$XDG_CACHE_HOME/un-pathways``,
else ``~/.cache/un-pathways``; ``PATHWAYS_CACHE_DIR=off`` turns the cache off.
Any trouble with the cache (unwritable folder, damaged entry) falls back to
parsing: the cache may make a read faster, never make it fail.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CACHE_ENV", "cache_dir", "cached_parse"]

CACHE_ENV = "PATHWAYS_CACHE_DIR"

# Bump when the parser's output changes shape, so old entries are not read back.
PARSER_VERSION = "1"

# Entries smaller than this are parsed every time: opening a cache file costs
# about as much as parsing a few kilobytes of YAML.
MIN_CACHED_BYTES = 16_000

# The cache keeps at most this much; the least recently written entries go first.
MAX_CACHE_BYTES = 256_000_000


class _ValuesOnly(pickle.Unpickler):
    """Unpickle plain parsed YAML and nothing else: no class from a damaged or planted file runs."""

    _ALLOWED = {("datetime", name) for name in ("date", "datetime", "time", "timezone", "timedelta")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a parsed YAML value")


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "off", "0", "no"} else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "un-pathways"


def _key(raw: bytes) -> str:
    digest = hashlib.blake2b(raw, digest_size=20)
    digest.update(f"|{PARSER_VERSION}|{yaml.__version__}".encode())
    return digest.hexdigest()


def _read_entry(path: Path) -> tuple[bool, Any]:
    """(True, value) for a readable entry; (False, None) when missing or damaged (it is rewritten)."""
    try:
        with path.open("rb") as handle:
            return True, _ValuesOnly(handle).load()
    except Exception:  # missing, truncated, or not ours: parse again
        return False, None


def _write_entry(folder: Path, path: Path, value: Any) -> None:
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".part", delete=False) as handle:
            temporary = Path(handle.name)
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # a reader sees the whole entry or none
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError):
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    """Keep the folder under MAX_CACHE_BYTES, dropping the oldest entries first."""
    entries = []
    for path in folder.glob("*.pickle"):
        stat = path.stat()
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_CACHE_BYTES:
            break
        path.unlink(missing_ok=True)
        total -= size


def cached_parse(raw: bytes, parse: Callable[[str], Any], text: str) -> Any:
    """``parse(text)``, or the value it gave for the same bytes before.

    Only successful parses are kept, so an error is found (and worded) afresh.
    """
    folder = cache_dir()
    if folder is None or len(raw) < MIN_CACHED_BYTES:
        return parse(text)
    entry = folder / f"{_key(raw)}.pickle"
    found, value = _read_entry(entry)
    if found:
        return value
    value = parse(text)
    _write_entry(folder, entry, value)
    return value
