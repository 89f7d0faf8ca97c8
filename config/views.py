"""Pages that gather several apps: the public home, the workspace home, and /healthz."""

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.models import Membership
from config import heartbeat
from config.celery import app as celery_app
from hearings.access import may_follow_hearings
from hearings.selectors import upcoming_hearings
from municipalities import selectors as territory
from municipalities.ordering import by_name
from planning.models import Program
from planning.publication.cache import PUBLIC_CACHE_SECONDS, public_generation
from planning.selectors import latest_published, public_figures, published_counts_by_district


@require_safe
def home(request):
    """Find a municipality by name (any language, any common spelling) or browse the territory;
    the latest published plans, the upcoming hearings and a few figures. The heavy parts are
    cached per publication."""
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
            "upcoming_hearings": SimpleLazyObject(lambda: upcoming_hearings(limit=5)),
            "figures": SimpleLazyObject(public_figures),
            "map": SimpleLazyObject(_home_map),
            "generation": public_generation(request),
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
    return {"svg": svg, "legend": rayon_map.legend(), "rows": rows}


@login_required
@require_safe
def workspace_home(request):
    """Where a signed-in person starts: their municipality, or the municipalities they review."""
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("municipality__district__region")
        .order_by(by_name("municipality__name"))
    )
    # Each municipality's published programs: their yearly monitoring reports start from there.
    published: dict[int, list] = {}
    if memberships:
        for program in Program.objects.filter(
            municipality__in=[m.municipality_id for m in memberships], status=Program.Status.PUBLISHED
        ).order_by("-start_year"):
            published.setdefault(program.municipality_id, []).append(program)
    for membership in memberships:
        membership.published_programs = published.get(membership.municipality_id, [])
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


def _queue_keys(queue: str) -> list[str]:
    """The Redis lists kombu keeps a queue in: one per priority step (kombu.transport.redis)."""
    from kombu.transport.redis import PRIORITY_STEPS, Channel

    return [queue if step == 0 else f"{queue}{Channel.sep}{step}" for step in PRIORITY_STEPS]


def _broker_workers_queue() -> tuple[dict, dict, int | None]:
    """One round trip to Redis: the workers' heartbeats and the queue's length.

    Nobody is pinged and nothing waits for an answer: the workers write their heartbeats
    (config/heartbeat.py), this reads them, with timeouts of a fifth of a second.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        eager = {"status": "eager", "detail": "REDIS_URL is not set: tasks run in the web process"}
        return eager, {"status": "eager", "count": 0}, None
    url = celery_app.conf.broker_url
    queues = _queue_keys(celery_app.conf.task_default_queue)
    try:
        pipe = heartbeat.client(url).pipeline(transaction=False)
        pipe.hgetall(heartbeat.KEY)
        for key in queues:
            pipe.llen(key)
        beats, *lengths = pipe.execute()
    except (redis.RedisError, ValueError) as error:  # ValueError: a broker URL that is not Redis
        return {"status": "down", "error": type(error).__name__}, {"status": "unknown", "count": 0}, None
    return {"status": "ok"}, heartbeat.worker_states(beats), sum(lengths)


@never_cache
@require_safe
def healthz(request):
    """JSON for load balancers and people: 200 when the database answers, 503 when it does not.

    The broker and the workers are reported but do not fail the check: without them the portal
    still serves pages, and PDF jobs wait until they are back. Two queries and one Redis round
    trip, so it answers in milliseconds; the container's own check is /healthz/live.
    """
    from documents.services import waiting_count

    database = _database_state()
    broker, workers, queue_length = _broker_workers_queue()
    jobs = {"documents_waiting": waiting_count()} if database["status"] == "ok" else {}
    if database["status"] == "ok" and queue_length is not None:
        jobs["queue_length"] = queue_length
    body = {
        "status": "ok" if database["status"] == "ok" else "error",
        "database": database,
        "broker": broker,
        "workers": workers,
        "jobs": jobs,
    }
    return JsonResponse(body, status=200 if database["status"] == "ok" else 503)


@never_cache
@require_safe
def liveness(request):
    """The process answers requests: nothing else is asked (no database, no Redis), so that a
    container is restarted only when it is itself stuck, never because a service is down."""
    return JsonResponse({"status": "ok"})


@cache_control(max_age=60 * 60 * 24, public=True)
@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: the SVG icon
    that base.html links. A temporary redirect, since the static file's name carries its hash."""
    return HttpResponseRedirect(static("img/favicon.svg"))
