"""The baseline of bench/healthz.py: main's /healthz before the heartbeats, mounted at
/bench/healthz-ping beside the portal's own routes (never part of the portal)."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.celery import app as celery_app
from config.urls import urlpatterns as portal


def _broker_and_workers() -> tuple[dict, dict]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001
        return {"status": "down", "error": type(error).__name__}, {"status": "unknown", "count": 0}
    try:
        replies = celery_app.control.ping(timeout=1.0) or []
    except Exception as error:  # noqa: BLE001
        return {"status": "ok"}, {"status": "unknown", "count": 0, "error": type(error).__name__}
    workers = sorted(name for reply in replies for name in reply)
    return {"status": "ok"}, {"status": "ok" if workers else "none", "count": len(workers), "names": workers}


@never_cache
@require_safe
def healthz_ping(request):
    from documents.services import waiting_count

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    broker, workers = _broker_and_workers()
    jobs = {"documents_waiting": waiting_count()}
    if broker.get("status") == "ok":
        try:
            with celery_app.connection_for_read() as conn:
                jobs["queue_length"] = conn.default_channel.queue_declare(
                    queue=celery_app.conf.task_default_queue, passive=True
                ).message_count
        except Exception:  # noqa: BLE001
            jobs["queue_length"] = 0
    body = {"status": "ok", "database": {"status": "ok"}, "broker": broker, "workers": workers, "jobs": jobs}
    return JsonResponse(body)


urlpatterns = [*portal, path("bench/healthz-ping", healthz_ping)]
