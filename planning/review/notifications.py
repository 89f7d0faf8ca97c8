"""Notifications: e-mails in the recipient's language, and the list in the workspace."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from planning.models import Notification

log = logging.getLogger(__name__)


def program_link(program_id: int, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("planning:overview", args=[program_id])


def notification_send_email(notification_id: int) -> bool:
    """Send one notification's e-mail, once: returns False if it was sent already or cannot be.

    The row is claimed with a conditional UPDATE, so two workers never send it twice; if sending
    fails, the claim is released and the error raised, so the task retries.
    """
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient", "actor", "program__municipality").get(
        pk=notification_id
    )
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        return False
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "notification": notification,
            "program": notification.program,
            "recipient": recipient,
            "actor": notification.actor,
            "link": program_link(notification.program_id, language),
            "language": language,
        }
        subject = " ".join(render_to_string("planning/email/notification_subject.txt", context).split())
        text = render_to_string("planning/email/notification.txt", context)
        html = render_to_string("planning/email/notification.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def recent_notifications(user, *, limit: int = 50) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("program__municipality", "actor")
        .order_by("-created_at", "-id")[:limit]
    )


def mark_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def send_pending(*, older_than_minutes: int = 5) -> int:
    """Send the e-mails of notifications whose task could not be queued (the broker was down)."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = Notification.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    return sum(1 for pk in list(pending) if notification_send_email(pk))
