"""The public pages' cache: one generation for everything published.

Every cached public fragment and every ETag includes the generation, so nothing stale is served
after a publication. The generation is computed from the public programs themselves, in the
database (how many there are, the latest publication, the sum of their versions): a
publication, a supersession or an administrator removing a program changes it in the same
transaction as the change itself, every web process reads the same value at the same moment,
and nothing is lost when the cache (Redis) is down at the moment of the commit. Published
content itself never changes (it is frozen), so a fragment of one generation can be cached for
a day.
"""

from django.db.models import Count, Max, Sum

from planning.selectors import public_programs

PUBLIC_CACHE_SECONDS = 24 * 60 * 60


def public_generation() -> str:
    """The generation of what the public sees: one aggregate query over the public programs."""
    row = public_programs().aggregate(count=Count("pk"), latest=Max("published_at"), versions=Sum("version"))
    latest = row["latest"]
    stamp = int(latest.timestamp() * 1_000_000) if latest else 0
    return f"{row['count']}.{stamp}.{row['versions'] or 0}"
