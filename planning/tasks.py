"""Celery tasks of the planning app: thin, they take ids and call a service."""

import logging

from celery import shared_task

from planning.review.notifications import notification_send_email, send_pending

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_notification_email(self, notification_id: int) -> bool:
    return notification_send_email(notification_id)


def enqueue_notification_emails(ids: list[int]) -> None:
    """Queue one e-mail task per notification (after the commit that created them).

    If the broker is down, the notifications stay unsent (emailed_at empty) and are picked up
    later by `python manage.py send_pending_notifications`.
    """
    for notification_id in ids:
        try:
            send_notification_email.delay(notification_id)
        except Exception:  # noqa: BLE001 - the broker is down: the sweep sends it later
            log.warning("Could not queue the e-mail of notification %s; it stays pending.", notification_id)


@shared_task
def send_pending_notifications() -> int:
    """Periodic (celery beat): e-mails of notifications that could not be queued."""
    return send_pending()
