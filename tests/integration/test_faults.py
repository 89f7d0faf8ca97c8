"""Faults degrade, never break: Redis stopped, a worker killed mid-render, workers gone.

Each test runs its own redis-server (tests/services.py PrivateRedis) and stops it when it needs
to; the shared Redis of the machine is never touched. Workers are real `celery worker`
processes on the test database.
"""

import io
import logging
import statistics
import time

import pypdf
import pytest
import redis
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from documents import services
from documents.models import GeneratedDocument
from planning.demo.sample import build_program
from planning.models import Program
from planning.review import workflow
from tests.planning.helpers import url
from tests.planning.publication.conftest import make_published
from tests.services import PrivateRedis, Worker, database_url, use_broker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
D = GeneratedDocument.Status


def wait_until(predicate, timeout: float, every: float = 0.25, between=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if between is not None:
            between()
        time.sleep(every)
    return False


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(persist_to=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def portal(settings, private_redis, tmp_path):
    """The portal as in production: its cache and its broker on one Redis (REDIS_URL)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "sedp",
            "OPTIONS": {"retry_seconds": 0.5},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.MEDIA_ROOT = tmp_path / "media"
    with use_broker(private_redis.url) as app:
        yield app


def start_worker(app, settings, **env) -> Worker:
    worker = Worker(
        env={
            "REDIS_URL": app.conf.broker_url,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "SEDP_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **env,
        }
    )
    try:
        worker.wait_ready(app)
    except BaseException:
        print(worker.stop()[-3000:])
        raise
    return worker


def cache_logs(caplog, level) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "config.cache" and r.levelno == level]


def test_with_redis_stopped_pages_the_api_and_the_workspace_answer(
    client, world, reference, portal, private_redis, caplog, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    plan = make_published(municipality=world.municipality_a, activities=3)
    draft = build_program(municipality=world.municipality_a, activities=3, years=3)
    public = [
        "/ky/", "/ru/", "/ky/plans/", f"/ky/plans/{plan.pk}/", f"/ru/plans/{plan.pk}/",
        f"/ky/municipalities/{world.municipality_a.pk}/", "/sitemap.xml",
    ]  # fmt: skip
    api = [f"/api/v1/programs/{plan.pk}/", "/api/v1/programs/"]
    workspace = ["/ky/workspace/", url("overview", draft.pk), url("action_plan", draft.pk)]
    for address in public:
        assert client.get(address).status_code == 200, address
    assert redis.Redis(port=private_redis.port).dbsize() > 0  # the pages were cached in Redis

    private_redis.stop()
    with caplog.at_level(logging.INFO, logger="config.cache"):
        for _ in range(3):
            for address in public + api:
                assert client.get(address).status_code == 200, address
        # The throttle cannot count while Redis is down: it lets requests through.
        for _ in range(5):
            assert client.get("/api/v1/regions/").status_code == 200
        client.force_login(world.staff_a)
        for address in workspace:
            assert client.get(address).status_code == 200, address
        client.logout()
        # Logged once for the whole outage, not once per request.
        assert len(cache_logs(caplog, logging.WARNING)) == 1

        private_redis.start()
        time.sleep(0.6)  # the cache tries Redis again half a second after its last failure
        # Back to normal by itself: the throttle counts again, the cache is written again.
        # (a new query each time: a kept answer, config/page_cache.py, is not throttled)
        statuses = [client.get(f"/api/v1/regions/?n={n}").status_code for n in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert client.get("/ky/").status_code == 200
    assert redis.Redis(port=private_redis.port).dbsize() > 0
    assert len(cache_logs(caplog, logging.WARNING)) == 1
    assert any("answers again" in message for message in cache_logs(caplog, logging.INFO))


def test_with_redis_stopped_approval_and_publication_are_fast_and_nothing_is_lost(
    client, world, reference, portal, private_redis, settings
):
    endorsed = build_program(municipality=world.municipality_a, activities=3, years=3)
    approved = build_program(municipality=world.municipality_a, activities=3, years=3, title="Жаңы план")
    Program.objects.filter(pk=endorsed.pk).update(status=Program.Status.ENDORSED)
    Program.objects.filter(pk=approved.pk).update(status=Program.Status.APPROVED)
    endorsed.refresh_from_db()
    approved.refresh_from_db()
    assert "Жаңы план" not in client.get("/ky/").content.decode()  # the home page is cached in Redis

    private_redis.stop()  # a Redis that keeps its data on disk, like docker-compose.yml's
    started = time.monotonic()
    workflow.program_record_approval(
        program=endorsed, user=world.head_a, expected_version=endorsed.version, number="12",
        decided_on=timezone.localdate(),
    )  # fmt: skip
    approval_seconds = time.monotonic() - started
    started = time.monotonic()
    workflow.program_publish(program=approved, user=world.head_a, expected_version=approved.version)
    publication_seconds = time.monotonic() - started
    # Committed at once, the broker not waited for (on main: 2-2.6 s).
    assert approval_seconds < 0.5, approval_seconds
    assert publication_seconds < 0.5, publication_seconds
    assert Program.objects.get(pk=endorsed.pk).status == Program.Status.APPROVED
    waiting = GeneratedDocument.objects.filter(status=D.PENDING, enqueued_at__isnull=True)
    assert waiting.count() == 3  # the approved plan (ky), the published one (ky, ru)
    assert "Жаңы план" in client.get("/ky/").content.decode()
    assert client.get(f"/ky/plans/{approved.pk}/pdf/").status_code == 503  # not ready, not an error

    private_redis.start()
    time.sleep(0.6)
    # Redis came back with the home page cached before the publication: it is not served stale.
    assert "Жаңы план" in client.get("/ky/").content.decode()
    # A worker that starts takes up what waited (its start sweeps); each document once.
    worker = start_worker(portal, settings)
    try:
        assert wait_until(lambda: not GeneratedDocument.objects.exclude(status=D.READY).exists(), timeout=90)
    finally:
        print(worker.stop()[-3000:])
    assert GeneratedDocument.objects.filter(status=D.READY).count() == 3
    assert set(GeneratedDocument.objects.values_list("attempts", flat=True)) == {1}
    assert client.get(f"/ky/plans/{approved.pk}/pdf/").status_code == 200


def test_a_worker_killed_mid_render_is_taken_over_with_one_ready_document(world, reference, portal, settings):
    # A plan big enough to take seconds to render (300 activities: some 40 pages).
    program = build_program(municipality=world.municipality_a, activities=300, years=5)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.ENDORSED)
    program.refresh_from_db()
    lease = {"DOCUMENT_LEASE_SECONDS": "4"}  # the default is 30; short here to keep the test short
    first = start_worker(portal, settings, **lease)
    try:
        workflow.program_record_approval(
            program=program, user=world.head_a, expected_version=program.version, number="3",
            decided_on=timezone.localdate(),
        )  # fmt: skip
        document = GeneratedDocument.objects.get(object_id=program.pk, kind="plan", language="ky")
        assert wait_until(lambda: GeneratedDocument.objects.get(pk=document.pk).status == D.RENDERING, 60)
        time.sleep(1.5)
        first.kill()  # mid-render: no acknowledgement, no goodbye
    finally:
        first.stop()
    document.refresh_from_db()
    assert document.status == D.RENDERING and not document.file and document.attempts == 1

    second = start_worker(portal, settings, **lease)
    returned = time.monotonic()
    try:
        # Beat's sweep (every minute in production) runs here every second, to show that a
        # live render keeps its lease: it is never taken over while its worker works.
        ready = wait_until(
            lambda: GeneratedDocument.objects.get(pk=document.pk).status == D.READY,
            timeout=60,
            every=1.0,
            between=services.sweep_documents,
        )
        taken_up_in = time.monotonic() - returned
    finally:
        print(second.stop()[-3000:])
    assert ready, GeneratedDocument.objects.get(pk=document.pk).error
    assert taken_up_in < 60
    document.refresh_from_db()
    assert document.attempts == 2  # the killed render and the one that took over, no third
    rows = GeneratedDocument.objects.filter(object_id=program.pk, kind="plan", language="ky")
    assert rows.count() == 1 and rows.filter(status=D.READY).count() == 1
    pdf = pypdf.PdfReader(io.BytesIO(document.file.read()))
    assert len(pdf.pages) == document.pages > 20  # whole, never a half-written file


def median_ms(client, address: str, times: int = 5) -> tuple[float, dict]:
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        response = client.get(address)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(durations), response.json()


def test_healthz_is_fast_with_workers_up_gone_and_none(client, portal, private_redis, settings):
    beats = {"WORKER_HEARTBEAT_SECONDS": "1"}  # the default is 15
    elapsed, body = median_ms(client, "/healthz")
    assert body["broker"]["status"] == "ok" and body["workers"]["status"] == "none"
    assert elapsed < 50, elapsed

    worker = start_worker(portal, settings, **beats)
    try:
        elapsed, body = median_ms(client, "/healthz")
        assert body["workers"]["status"] == "ok" and body["workers"]["names"] == [worker.hostname]
        assert elapsed < 50, elapsed  # no ping: on main at least 1 s, waiting for replies
    finally:
        worker.stop()  # cleanly: it says goodbye
    assert client.get("/healthz").json()["workers"]["status"] == "none"

    worker = start_worker(portal, settings, **beats)
    worker.kill()
    worker.stop()
    # Its heartbeat only grows older: after three missed beats it reads as gone.
    assert wait_until(lambda: client.get("/healthz").json()["workers"]["status"] == "gone", timeout=10)
    elapsed, body = median_ms(client, "/healthz")
    assert body["workers"]["count"] == 0 and body["workers"]["last_beat_seconds"] >= 3
    assert elapsed < 50, elapsed

    private_redis.stop()
    elapsed, body = median_ms(client, "/healthz")
    assert body["status"] == "ok" and body["broker"]["status"] == "down"
    assert body["workers"]["status"] == "unknown"
    assert elapsed < 50, elapsed
    assert client.get("/healthz/live").json() == {"status": "ok"}
