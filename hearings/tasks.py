"""Celery tasks of the hearings app: thin, they take ids and call a service."""

import logging

from celery import shared_task

from hearings.notifications import notification_send_email, send_pending

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_hearing_notification_email(self, notification_id: int) -> bool:
    return notification_send_email(notification_id)


def enqueue_notification_emails(ids: list[int]) -> None:
    """Queue one e-mail task per notification (after the commit that created them); with the
    broker down they stay pending and `send_pending_hearing_notifications` sends them later."""
    for notification_id in ids:
        try:
            send_hearing_notification_email.delay(notification_id)
        except Exception:  # noqa: BLE001 - the broker is down: the sweep sends it later
            log.warning(
                "Could not queue the e-mail of hearing notification %s; it stays pending.", notification_id
            )


@shared_task
def send_pending_hearing_notifications() -> int:
    """Periodic (celery beat): e-mails of hearing notifications that could not be queued."""
    return send_pending()
