"""A person's notifications: the plan's (planning) and the hearings' (hearings) in one list.

The page gathers two apps, so it lives here, above both (planning must not import hearings). It
keeps its address and its name, planning:notifications (config/urls.py adds it to planning's
routes), so the menu and people's bookmarks still lead to it. The menu's count of unread ones is
one query over both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from hearings import notifications as hearing_notifications
from planning.review import notifications as plan_notifications

LIMIT = 50


@dataclass
class Item:
    """One line of the list, whatever it is about."""

    created_at: datetime
    link: str
    subject: str
    what: str
    actor: str
    comment: str
    unread: bool


def _items(user) -> list[Item]:
    items = [
        Item(
            created_at=n.created_at,
            link=reverse("planning:overview", args=[n.program_id]),
            subject=f"{n.program.municipality.name}: {n.program.title}",
            what=str(n.get_kind_display()),
            actor=n.actor.display_name if n.actor else "",
            comment=n.comment,
            unread=n.read_at is None,
        )
        for n in plan_notifications.recent_notifications(user, limit=LIMIT)
    ]
    items += [
        Item(
            created_at=n.created_at,
            link=reverse("hearings_ws:detail", args=[n.hearing_id]),
            subject=f"{n.hearing.municipality.name}: {n.hearing.title}",
            what=str(n.get_kind_display()),
            actor=n.actor.display_name if n.actor else "",
            comment=n.comment,
            unread=n.read_at is None,
        )
        for n in hearing_notifications.recent_notifications(user, limit=LIMIT)
    ]
    items.sort(key=lambda item: item.created_at, reverse=True)
    return items[:LIMIT]


@login_required
@require_safe
def notifications(request):
    """The newest notifications about plans and hearings; opening the page marks them read."""
    items = _items(request.user)
    plan_notifications.mark_read(request.user)
    hearing_notifications.mark_read(request.user)
    return render(request, "workspace/notifications.html", {"items": items})


def unread_count(user) -> int:
    """Unread notifications of both kinds, in one query."""
    from planning.models import Notification

    plans = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by().values("pk")
    hearings = hearing_notifications.unread(user).order_by().values("pk")
    return plans.union(hearings, all=True).count()


def context(request) -> dict:
    """The number of unread notifications, for the menu (one small query, signed-in only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
