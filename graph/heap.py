"""Keep the loaded graph out of the garbage collector's full passes.

The graph is built once and kept for the life of the process (the app caches
it, a CLI call ends with it). At 26,000 nodes it is millions of Python
objects, and every full pass of the cyclic collector walks all of them: an
analysis that allocates a few channel graphs then spends half its time
collecting (1.35 s instead of 0.68 s for pathways + reach + bottlenecks at
N = 1,000, docs/benchmarks.md). Freezing moves what is alive now into a
generation the collector skips; what is created later is collected as usual,
and reference counting still frees a frozen object that is dropped.
"""

from __future__ import annotations

import gc

__all__ = ["freeze_loaded"]


def freeze_loaded() -> None:
    """Collect the garbage of loading, then exempt every live object from later full passes."""
    gc.collect()
    gc.freeze()
