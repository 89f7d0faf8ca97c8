"""Hearing notifications: e-mails in the recipient's language (sent once), and the list."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hearings.models import HearingNotification


def hearing_link(hearing_id: int, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("hearings_ws:detail", args=[hearing_id])


def notification_send_email(notification_id: int) -> bool:
    """Claimed with a conditional UPDATE so two workers never send it twice; a failure releases
    the claim and raises, so the task retries."""
    claimed = HearingNotification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = HearingNotification.objects.select_related(
        "recipient", "actor", "hearing__municipality"
    ).get(pk=notification_id)
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        return False
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "notification": notification,
            "hearing": notification.hearing,
            "recipient": recipient,
            "actor": notification.actor,
            "link": hearing_link(notification.hearing_id, language),
            "language": language,
        }
        subject = " ".join(render_to_string("hearings/email/notification_subject.txt", context).split())
        text = render_to_string("hearings/email/notification.txt", context)
        html = render_to_string("hearings/email/notification.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        HearingNotification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def recent_notifications(user, *, limit: int = 50):
    return (
        HearingNotification.objects.filter(recipient=user)
        .select_related("hearing__municipality", "actor")
        .order_by("-created_at", "-id")[:limit]
    )


def unread(user):
    return HearingNotification.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(user) -> int:
    return unread(user).update(read_at=timezone.now())


def send_pending(*, older_than_minutes: int = 5) -> int:
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = HearingNotification.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    return sum(1 for pk in list(pending) if notification_send_email(pk))
