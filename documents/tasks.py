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
    """Render one document; safe to run twice (the row is claimed with a lease), retried with
    backoff. A copy delivered while another render holds a live lease does nothing ("busy")."""
    try:
        return services.document_render(document_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task
def sweep_documents() -> dict:
    """Periodic (celery beat, every minute) and when a worker starts: take over renders whose
    worker died, queue documents the broker missed."""
    return services.sweep_documents()


def sweep_when_a_worker_starts(**kwargs) -> None:
    """A worker that (re)starts takes up at once what a killed worker left, without waiting for
    beat (connected to celery's worker_ready in documents/apps.py)."""
    try:
        sweep_documents.apply_async(retry=False)
    except Exception:  # noqa: BLE001 - the broker went away again: beat's sweep will do it
        services.log.warning("Could not queue the documents' sweep at the worker's start.")
