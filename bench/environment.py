"""The machine and the versions a benchmark ran on, for the report's header."""

from __future__ import annotations

import os
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

__all__ = ["machine", "versions"]

PACKAGES = ("networkx", "neo4j", "neo4j-rust-ext", "streamlit", "pyvis", "pydantic", "PyYAML", "playwright")


def _proc_value(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    """CPU model, cores, RAM and the load when the run started (the machine may be shared)."""
    memory = _proc_value("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB" if memory else "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return {
        "CPU": _proc_value("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
        "load average at start (1, 5, 15 min)": load,
    }


def versions() -> dict[str, str]:
    """Python and the packages whose speed the figures depend on."""
    found = {"Python": sys.version.split()[0]}
    for package in PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    found["PyYAML"] += " (libyaml available)" if yaml.__with_libyaml__ else " (pure Python)"
    return found
