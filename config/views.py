"""Pages that gather several apps: the public home, the workspace home, and /healthz."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.models import Membership
from config.celery import app as celery_app
from hearings.access import may_follow_hearings
from municipalities import selectors as territory
from planning.publication.cache import PUBLIC_CACHE_SECONDS, public_generation
from planning.selectors import latest_published, public_figures, published_counts_by_district


@require_safe
def home(request):
    """Find a municipality by name (any language, any common spelling) or browse the territory;
    the latest published plans and a few figures. The heavy parts are cached per publication."""
    query = request.GET.get("q", "")
    search = territory.search_territory(query=query) if query.strip() else None
    return render(
        request,
        "public/home.html",
        {
            "query": query,
            "search": search,
            "regions": territory.regions_with_districts(),
            "latest": SimpleLazyObject(latest_published),
            "figures": SimpleLazyObject(public_figures),
            "map": SimpleLazyObject(_home_map),
            "generation": public_generation(),
            "cache_seconds": PUBLIC_CACHE_SECONDS,
        },
    )


def _home_map() -> dict:
    """The rayons shaded by their number of published plans (municipalities/map.py)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from municipalities import map as rayon_map
    from municipalities.models import District

    counts = published_counts_by_district()
    districts = {d.pk: d for d in District.objects.all()}
    rows = [
        (districts[pk], count, reverse("territory:district", args=[pk]))
        for pk, count in sorted(counts.items(), key=lambda item: -item[1])
        if pk in districts and count
    ]
    svg = rayon_map.rayon_map(
        counts=counts,
        link=lambda pk: reverse("territory:district", args=[pk]),
        title=_("Published development programs by rayon"),
        labels={pk: d.name for pk, d in districts.items()},
    )
    return {"svg": svg, "rows": rows}


@login_required
@require_safe
def workspace_home(request):
    """Where a signed-in person starts: their municipality, or the municipalities they review."""
    user = request.user
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("municipality__district__region")
        .order_by("municipality__name_ky")
    )
    reviewed = (
        permissions.reviewed_municipalities(user).select_related("district__region")
        if permissions.access_of(user).is_coordinator
        else None
    )
    return render(
        request,
        "workspace/home.html",
        {
            "memberships": memberships,
            "reviewed": reviewed,
            "is_admin": permissions.access_of(user).is_admin,
            "has_access": permissions.can_use_workspace(user),
            "follows_hearings": may_follow_hearings(user),
        },
    )


def _database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means the database does not answer
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def _broker_and_workers() -> tuple[dict, dict]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        eager = {"status": "eager", "detail": "REDIS_URL is not set: tasks run in the web process"}
        return eager, {"status": "eager", "count": 0}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001 - any failure means the broker does not answer
        return {"status": "down", "error": type(error).__name__}, {"status": "unknown", "count": 0}
    try:
        replies = celery_app.control.ping(timeout=1.0) or []
    except Exception as error:  # noqa: BLE001
        return {"status": "ok"}, {"status": "unknown", "count": 0, "error": type(error).__name__}
    workers = sorted(name for reply in replies for name in reply)
    return {"status": "ok"}, {"status": "ok" if workers else "none", "count": len(workers), "names": workers}


def _jobs(broker: dict) -> dict:
    """Documents waiting to be rendered, and messages waiting in the broker's queue."""
    from documents.services import waiting_count

    jobs = {"documents_waiting": waiting_count()}
    if broker.get("status") == "ok":
        try:
            with celery_app.connection_for_read() as conn:
                jobs["queue_length"] = conn.default_channel.queue_declare(
                    queue=celery_app.conf.task_default_queue, passive=True
                ).message_count
        except Exception:  # noqa: BLE001 - the queue is not declared yet: nothing waits
            jobs["queue_length"] = 0
    return jobs


@never_cache
@require_safe
def healthz(request):
    """JSON for load balancers and people: 200 when the database answers, 503 when it does not.

    The broker and the workers are reported but do not fail the check: without them the portal
    still serves pages, and PDF jobs wait until they are back.
    """
    database = _database_state()
    broker, workers = _broker_and_workers()
    body = {
        "status": "ok" if database["status"] == "ok" else "error",
        "database": database,
        "broker": broker,
        "workers": workers,
        "jobs": _jobs(broker) if database["status"] == "ok" else {},
    }
    return JsonResponse(body, status=200 if database["status"] == "ok" else 503)
