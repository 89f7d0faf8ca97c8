"""Celery tasks of the documents app: thin, they take ids and call a service."""

from celery import shared_task
from django.conf import settings

from documents import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_document(self, document_id: int) -> str:
    """Render one document; safe to run twice (the row is claimed), retried with backoff."""
    try:
        return services.document_render(document_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task
def sweep_documents() -> dict:
    """Periodic (celery beat): requeue documents the broker missed or a crash left behind."""
    return services.sweep_documents()
