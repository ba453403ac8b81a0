"""Pause Python's cycle collector while a big, acyclic structure is built.

Reading a dataset and building its graph make hundreds of thousands of small
objects (parsed YAML, models, attribute dicts), none of them in a reference
cycle. Left running, the collector rescans the growing heap again and again:
that took half the time of reading a 3,700-node dataset, and made building a
26,000-node graph grow 9x for 6.9x the nodes. Reference counting still frees
everything while the collector rests.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["cycle_collector_paused"]


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off, then sweep what the block made, once.

    The closing sweep of the young generations scans only the objects made
    since the last collection (older ones sit in the oldest generation), so
    its cost is the block's own and is paid here, not by whatever runs next.
    A nested or concurrent use leaves the collector as the outermost found it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(1)
