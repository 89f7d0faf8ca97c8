"""Real services for integration tests: a Redis broker, a Celery worker, Chromium.

Where a service is missing, the test is skipped with the reason, except when
SEDP_REQUIRE_SERVICES=1 (set by .ci/run): then it fails, so CI never hides a missing service.
"""

import os
import shutil
import socket
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
    """The test database's address, for a worker process that must share it."""

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own, on a free port, that the test stops and starts again
    (never the shared one: other people's tests use it). Without `persist_to` a restart is
    empty; with it, Redis keeps its data across a restart in an append-only file there, as
    docker-compose.yml's Redis does."""

    def __init__(self, *, persist_to: Path | None = None):
        binary = shutil.which("redis-server")
        require(binary is not None, "redis-server is not installed (apt-get install redis-server)")
        self.binary, self.port, self.persist_to = binary, free_port(), persist_to
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        persistence = (
            ["--appendonly", "yes", "--dir", str(self.persist_to)]
            if self.persist_to
            else ["--appendonly", "no"]
        )
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *persistence],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class Worker:
    """A real `celery worker` process, started for a test and stopped after it."""

    def __init__(self, *, env: dict[str, str]):
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.hostname = self.name.replace("%h", socket.gethostname())
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
        """Until the worker answers a ping and has written its first heartbeat (/healthz)."""
        from config import heartbeat

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{self.process.stdout.read()}")
            if app.control.ping(destination=[self.hostname], timeout=0.5) and heartbeat.client(
                app.conf.broker_url
            ).hexists(heartbeat.KEY, self.hostname):
                return
        raise RuntimeError("celery worker did not answer a ping in time")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, no goodbye (what the OOM killer does)."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> str:
        if self.process.poll() is None:
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
