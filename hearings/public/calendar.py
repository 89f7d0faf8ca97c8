"""The iCalendar feed of upcoming public hearings (RFC 5545, written by `icalendar`).

One VEVENT per hearing, with a UID that stays the same across postponements (calendars that
subscribed move the event instead of adding a second one; SEQUENCE tells them it changed),
times in UTC, and the hearing's public page as URL. Hearings have a start and no end time, so
an event carries no DTEND (RFC 5545: it then ends when it starts) rather than an invented one.
"""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from hearings.models import Hearing


def _uid(hearing: Hearing) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "sedp"
    return f"hearing-{hearing.pk}@{host}"


def calendar_bytes(hearings: list[Hearing], *, name: str) -> bytes:
    """The feed of `hearings` (public ones only: the caller's selector decides), in the active
    language for names and labels."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//SEDP portal//public hearings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    now = timezone.now().astimezone(UTC)
    for hearing in hearings:
        municipality = hearing.municipality
        url = settings.SITE_URL + reverse("hearings:detail", args=[hearing.pk])
        event = Event()
        event.add("uid", _uid(hearing))
        event.add("dtstamp", now)
        event.add("dtstart", hearing.starts_at.astimezone(UTC))
        event.add("last-modified", hearing.updated_at.astimezone(UTC))
        event.add("sequence", hearing.version)
        event.add("summary", f"{municipality.name}: {hearing.title}")
        event.add("location", f"{hearing.place}, {municipality.name}, {municipality.district.name}")
        event.add("url", url)
        lines = [f"{capfirst(hearing.get_kind_display())} · {hearing.get_format_display()}"]
        if hearing.status == Hearing.Status.POSTPONED:
            lines.append(gettext("Postponed: %(reason)s") % {"reason": hearing.status_reason})
        if hearing.summary:
            lines.append(hearing.summary[:1000])
        lines.append(url)
        event.add("description", "\n\n".join(lines))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
