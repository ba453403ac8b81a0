"""Child processes started by the tests run in a process group of their own, stopped as a group.

``pathways app`` starts Streamlit, the launcher starts a JVM: stopping only the
process the test started could leave a grandchild running after the suite.
Every server the tests start goes through these two functions, so nothing
survives a run (check with ``ps`` after one).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import Any

__all__ = ["start_group", "stop_group"]


def start_group(command: list[str], **popen_options: Any) -> subprocess.Popen:
    """``subprocess.Popen(command)`` as the leader of a new process group (its own session)."""
    return subprocess.Popen(command, start_new_session=True, **popen_options)


def stop_group(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM to the whole group; SIGKILL to whatever is left after ``timeout`` seconds; reap the leader."""
    _signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (process.poll() is None or _group_alive(process.pid)):
        time.sleep(0.1)
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def _signal_group(group: int, sig: signal.Signals) -> None:
    try:
        os.killpg(group, sig)  # the group id is the leader's pid (start_new_session)
    except ProcessLookupError:
        pass  # nobody left in the group


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
