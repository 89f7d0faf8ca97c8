"""Until when a public page that shows hearings stays true without anything being published.

A hearing still to come changes on its own as the clock runs: it stops being "upcoming" when it
starts, its proposals open and close at set moments, and its countdown ("in 5 days", "tomorrow",
"in less than an hour") changes at midnight and an hour before. The kept whole answers
(config/page_cache.py) of the pages that show hearings expire at the first such moment, so a
visitor never reads yesterday's "tomorrow" or a form that has closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from hearings.models import Hearing
from hearings.selectors import public_hearings

COMING = (Hearing.Status.ANNOUNCED, Hearing.Status.POSTPONED)


def next_change(now: datetime | None = None) -> datetime | None:
    """The first moment after `now` at which a page showing public hearings may read otherwise,
    or None when no public hearing is still to come (one query)."""
    now = now or timezone.now()
    edges = (
        public_hearings()
        .filter(status__in=COMING)
        .aggregate(
            starts=Min("starts_at", filter=Q(starts_at__gt=now)),
            opens=Min("proposals_open_from", filter=Q(proposals_open_from__gt=now)),
            closes=Min("proposals_open_until", filter=Q(proposals_open_until__gt=now)),
        )
    )
    if edges["starts"] is None and edges["opens"] is None and edges["closes"] is None:
        return None
    moments = [moment for moment in edges.values() if moment is not None]
    if edges["starts"] is not None:
        # The countdown: "in less than an hour" an hour before, and a new day at local midnight.
        hour_before = edges["starts"] - timedelta(hours=1)
        if hour_before > now:
            moments.append(hour_before)
        tomorrow = timezone.localtime(now).date() + timedelta(days=1)
        moments.append(timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())))
    return min(moments)
