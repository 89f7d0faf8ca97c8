"""The Redis cache fails open: a Redis that does not answer is a miss, never a 500.

Here Redis is an address where nothing listens (port 1: connection refused, a real failure of
the real client); tests/integration/test_faults.py stops and starts a real redis-server.
"""

import contextlib
import logging
import socket
import uuid

import pytest
from rest_framework.throttling import AnonRateThrottle

from config.cache import FailOpenRedisCache
from planning.models import Program
from tests.config.test_settings import run_manage
from tests.planning.helpers import url
from tests.planning.publication.conftest import make_published


def dead_redis() -> str:
    """An address nobody listens on; a new database number each time, so that each test has
    its own outage to log."""
    return f"redis://127.0.0.1:1/{uuid.uuid4().int % 10_000}"


def cache_at(location: str) -> FailOpenRedisCache:
    return FailOpenRedisCache(location, {"KEY_PREFIX": "sedp", "OPTIONS": {"retry_seconds": 0}})


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "config.cache" and r.levelno == logging.WARNING]


def test_production_settings_use_the_fail_open_cache():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "config.cache.FailOpenRedisCache"


def test_reads_miss_and_writes_do_nothing_while_redis_does_not_answer(caplog):
    cache = cache_at(dead_redis())
    with caplog.at_level(logging.INFO, logger="config.cache"):
        assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("k") is False
        assert cache.set("k", 1) is None and cache.add("k", 1) is False
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.get_or_set("k", lambda: "computed") == "computed"
        assert cache.delete("k") is False and cache.touch("k") is False
        cache.delete_many(["a"])
        cache.clear()
        with pytest.raises(ValueError):
            cache.incr("k")  # what a missing key does
    # Once for the outage, not once per call.
    assert len(cache_warnings(caplog)) == 1
    assert "127.0.0.1:1" in cache_warnings(caplog)[0].getMessage()


def test_the_log_never_shows_the_password(caplog):
    cache = cache_at(f"redis://:s3cret-pw@127.0.0.1:1/{uuid.uuid4().int % 10_000}")
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        cache.get("k")
    assert cache_warnings(caplog) and "s3cret-pw" not in caplog.text


def test_a_redis_that_hangs_costs_one_timeout_not_one_per_call():
    """A listener that accepts connections and never answers, like a Redis that hangs: the
    first call waits for the socket timeout, the next ones skip Redis until retry_seconds."""
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)
    try:
        port = hung.getsockname()[1]
        cache = FailOpenRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"retry_seconds": 60}})
        for _ in range(20):
            assert cache.get("k", "miss") == "miss"
            cache.set("k", 1)
        hung.setblocking(False)
        attempts = 0
        with contextlib.suppress(BlockingIOError):
            while True:
                hung.accept()[0].close()
                attempts += 1
        assert attempts == 1
    finally:
        hung.close()


@pytest.fixture
def redis_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": dead_redis(),
            "KEY_PREFIX": "sedp",
            "OPTIONS": {"retry_seconds": 0},
        }
    }


def test_public_pages_the_api_and_the_workspace_answer_while_redis_is_down(
    client, world, reference, redis_is_down, caplog, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    plan = make_published(municipality=world.municipality_a, activities=3)
    draft = Program.objects.create(
        municipality=world.municipality_a, title="Долбоор", start_year=2026, end_year=2030
    )
    pages = [
        "/ky/",
        "/ru/",
        f"/ky/plans/{plan.pk}/",
        "/ky/plans/",
        f"/ky/municipalities/{world.municipality_a.pk}/",
    ]
    api = [f"/api/v1/programs/{plan.pk}/", "/api/v1/programs/", "/api/v1/regions/"]
    with caplog.at_level(logging.INFO, logger="config.cache"):
        for _ in range(2):
            for address in pages + api:
                assert client.get(address).status_code == 200, address
        # The throttle lets requests through (it cannot count them) rather than refusing them.
        for _ in range(3):
            assert client.get("/api/v1/regions/").status_code == 200
        client.force_login(world.staff_a)
        for address in ["/ky/workspace/", url("overview", draft.pk), url("action_plan", draft.pk)]:
            assert client.get(address).status_code == 200, address
    assert len(cache_warnings(caplog)) == 1
