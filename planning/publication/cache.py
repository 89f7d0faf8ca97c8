"""The public pages' cache: one generation number for everything published.

Publishing a program (or superseding one) moves the generation on; every cached public
fragment and every ETag includes it, so nothing stale is served after a change. Published
content itself never changes (it is frozen), so a generation is safe to cache for a day.
"""

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "public:generation"
PUBLIC_CACHE_SECONDS = 24 * 60 * 60


def _fresh_start() -> int:
    # A cache that lost the counter (flushed, restarted without persistence) starts again from
    # the clock, never from 1: a number already used before could name pages kept under it
    # (config/page_cache.py keeps whole answers per generation in each process).
    return time.time_ns() // 1000


def public_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_start(), timeout=None)
        generation = cache.get(GENERATION_KEY) or _fresh_start()
    return generation


def bump_public_generation() -> None:
    """After the commit of a publication: every public page is computed afresh."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, _fresh_start(), timeout=None)

    transaction.on_commit(bump, robust=True)
