"""Fewer garbage collections during a batch of pages (an import, a check of a folder).

Reading and writing a page allocates tens of thousands of objects that live until the batch
ends (node trees, tokens, model instances): Python's cyclic collector, run every 700
allocations, walks them again and again for nothing (they hold few cycles), about 8 % of the
CPU of an import. For the batch's duration, the objects already there are set aside (`freeze`:
the modules, Django's state, and in forked reading processes the parent's memory is no longer
touched) and a collection runs every 20,000 allocations; both are undone afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BATCH_THRESHOLD = (20_000, 20, 100)
_depth = 0


@contextmanager
def few_collections() -> Iterator[None]:
    global _depth
    before = gc.get_threshold()
    if _depth == 0:
        gc.freeze()
        gc.set_threshold(*BATCH_THRESHOLD)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*before)
            gc.unfreeze()
