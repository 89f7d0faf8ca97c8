"""Real services for integration tests: a Redis broker, a Celery worker, Chromium.

Where a service is missing, the test is skipped with the reason, except when
SEDP_REQUIRE_SERVICES=1 (set by .ci/run): then it fails, so CI never hides a missing service.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[1]


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("SEDP_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (SEDP_REQUIRE_SERVICES=1: required here)")
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "REDIS_URL is not set: no Redis broker to test against")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        require(False, f"Redis at {url} does not answer: {error}")
    return url


def database_url() -> str:
    """DATABASE_URL of the test database, for a worker process that shares it."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{db['USER']}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(predicate, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(Path(path).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    return path


class Worker:
    """A real `celery worker` process, started for a test and stopped after it."""

    def __init__(self, *, env: dict[str, str]):
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--loglevel=WARNING", "-n", self.name],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip

    def wait_ready(self, app, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{self.process.stdout.read()}")
            if app.control.ping(timeout=0.5):
                return
        raise RuntimeError("celery worker did not answer a ping in time")

    def stop(self) -> str:
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output or ""


class use_broker:
    """Point the Celery app at another broker for a while (and back), without stale pools.

    Celery keeps a pool of broker connections and producers once it has used them; changing
    `broker_url` alone would leave those pointing at the old broker.
    """

    def __init__(self, url: str, *, eager: bool = False):
        from config.celery import app

        self.app, self.url, self.eager = app, url, eager

    def _reset_pools(self) -> None:
        from kombu import pools

        pools.reset()  # kombu's registry of producer pools, keyed by broker address
        self.app._pool = None
        amqp = self.app.__dict__.get("amqp")
        if amqp is not None:
            amqp._producer_pool = None

    KEYS = ("broker_url", "task_always_eager")

    def __enter__(self):
        # Celery's runtime changes sit on top of the Django settings; remember exactly those.
        changes = self.app.conf.changes
        self.previous = {key: changes[key] for key in self.KEYS if key in changes}
        self._reset_pools()
        self.app.conf.broker_url, self.app.conf.task_always_eager = self.url, self.eager
        return self.app

    def __exit__(self, *exc):
        self._reset_pools()
        changes = self.app.conf.changes
        for key in self.KEYS:
            if key in self.previous:
                changes[key] = self.previous[key]
            else:
                changes.pop(key, None)
        return False
