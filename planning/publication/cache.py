"""The public pages' cache: one generation number for everything published.

Publishing a program (or superseding one) moves the generation on; every cached public
fragment and every ETag includes it, so nothing stale is served after a change. Published
content itself never changes (it is frozen), so a generation is safe to cache for a day.
"""

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "public:generation"
PUBLIC_CACHE_SECONDS = 24 * 60 * 60


def public_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY) or 1
    return generation


def bump_public_generation() -> None:
    """After the commit of a publication: every public page is computed afresh."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(bump, robust=True)
