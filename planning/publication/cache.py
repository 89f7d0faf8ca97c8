"""The public pages' cache: one generation for everything the public sees.

Every cached public fragment, every kept whole answer (config/page_cache.py) and every ETag
includes the generation, so nothing stale is served after a change. The generation is a counter
in the database (PublicGeneration, one row): every service that changes what the public sees (a
publication or supersession here; an announced, postponed or closed hearing, a moderated or
answered proposal in hearings) moves it on in its own transaction, so the change and the new
generation commit together, every web process reads the same value at the same moment, and
nothing is lost when the cache (Redis) is down. Apps above planning call
`bump_public_generation()`; planning knows nothing of them. Published content itself never
changes (it is frozen), so a fragment of one generation can be cached for a day.
"""

from django.db import connection
from django.db.models import F

from planning.models import PublicGeneration

PUBLIC_CACHE_SECONDS = 24 * 60 * 60


def public_generation(request=None) -> int:
    """The current generation: one primary-key read, once a request when the request is given
    (the kept-answer middleware reads it first, the view's fragments then use the same value, so
    an answer is never kept under a generation newer than what it shows)."""
    if request is not None and hasattr(request, "_public_generation"):
        return request._public_generation
    # In plain SQL: the ORM takes longer to build this query than the database to answer it,
    # and a kept public answer costs little more than this read (config/page_cache.py).
    table = connection.ops.quote_name(PublicGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [1])  # noqa: S608 - the model's table
        row = cursor.fetchone()
    value = row[0] if row else 0
    if request is not None:
        request._public_generation = value
    return value


def bump_public_generation() -> None:
    """What the public sees has changed: move the generation on, in the caller's transaction."""
    if not PublicGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        PublicGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
