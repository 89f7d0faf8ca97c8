"""Hearings on pages of other apps (the territory's municipality page, the home page) and the
small filters the hearing pages share.

municipalities/ does not import hearings (imports flow one way); its templates load this tag.
"""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hearings.selectors import hearings_of_municipality

register = template.Library()


@register.inclusion_tag("hearings/public/municipality_hearings.html")
def public_hearings_of(municipality):
    """The municipality's public hearings, the latest ten (one query)."""
    hearings = hearings_of_municipality(municipality.pk, limit=10)
    now = timezone.now()
    return {
        "upcoming": sorted((h for h in hearings if h.starts_at >= now), key=lambda h: h.starts_at),
        "past": [h for h in hearings if h.starts_at < now],
        "municipality": municipality,
    }


@register.filter
def countdown(moment, now=None) -> str:
    """How long until `moment`, in words of the active language: "in less than an hour",
    "today", "tomorrow", "in 5 days"; nothing once it has passed."""
    if moment is None:
        return ""
    now = now or timezone.now()
    if moment <= now:
        return ""
    if moment - now < timedelta(hours=1):
        return gettext("in less than an hour")
    days = (timezone.localtime(moment).date() - timezone.localtime(now).date()).days
    if days <= 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}


@register.filter
def agenda_items(text: str) -> list[str]:
    """The agenda as staff type it, one item a line (blank lines and list marks left out)."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*").strip()
        if line:
            items.append(line)
    return items
