"""Worker heartbeats in Redis, so that /healthz knows the workers without asking them.

Each `celery worker` writes the time into one Redis hash every WORKER_HEARTBEAT_SECONDS, from a
thread of its own (so a worker busy with a long render still beats), and removes its entry when
it stops cleanly. /healthz reads the hash in one round trip with the queue's length: a worker is
alive while its last beat is younger than three of its own intervals; a worker that was killed
leaves an entry that only grows older, which is how /healthz tells "gone" from "none".
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

KEY = "sedp:workers"
# A beat missed three times means the worker is gone; older entries are forgotten.
MISSED_BEATS = 3
FORGET_AFTER_SECONDS = 24 * 60 * 60

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def client(url: str) -> redis.Redis:
    """A client with short timeouts and one immediate retry (a pooled connection that Redis
    closed while restarting is replaced at once; a Redis that is down fails in milliseconds)."""
    with _clients_lock:
        if url not in _clients:
            _clients[url] = redis.Redis.from_url(
                url, socket_connect_timeout=0.2, socket_timeout=0.2, retry=Retry(NoBackoff(), 1)
            )
        return _clients[url]


def beat(connection: redis.Redis, name: str, interval: float) -> None:
    """Write one heartbeat: the time and the interval the next one is due in."""
    now = time.time()
    connection.hset(KEY, name, f"{now:.3f} {interval:g}")
    forgotten = [
        field
        for field, (at, _every) in _parse(connection.hgetall(KEY)).items()
        if now - at > FORGET_AFTER_SECONDS
    ]
    if forgotten:
        connection.hdel(KEY, *forgotten)


def _parse(raw: dict) -> dict[str, tuple[float, float]]:
    beats = {}
    for field, value in raw.items():
        try:
            at, every = value.decode().split()
            beats[field.decode()] = (float(at), float(every))
        except (ValueError, UnicodeDecodeError):
            continue  # not ours, or half written by an older version: ignore it
    return beats


def worker_states(raw: dict, *, now: float | None = None) -> dict:
    """What /healthz says of the workers, from the hash's content."""
    now = time.time() if now is None else now
    beats = {
        name: (now - at, every)
        for name, (at, every) in _parse(raw).items()
        if now - at <= FORGET_AFTER_SECONDS
    }
    alive = sorted(name for name, (age, every) in beats.items() if age <= MISSED_BEATS * every)
    state = {"status": "ok" if alive else ("gone" if beats else "none"), "count": len(alive), "names": alive}
    if beats:
        state["last_beat_seconds"] = round(min(age for age, _every in beats.values()), 1)
    return state


class Heartbeat(threading.Thread):
    """The thread of one worker process that writes its heartbeat."""

    def __init__(self, *, url: str, name: str, interval: float):
        super().__init__(name="sedp-heartbeat", daemon=True)
        self.url, self.worker, self.interval = url, name, interval
        self.done = threading.Event()
        self.failing = False

    def run(self) -> None:
        connection = client(self.url)
        while True:
            try:
                beat(connection, self.worker, self.interval)
                if self.failing:
                    log.info("Heartbeat of %s written again.", self.worker)
                self.failing = False
            except redis.RedisError as error:
                if not self.failing:  # once per outage: the worker's own log says the rest
                    log.warning("Heartbeat of %s not written (%s).", self.worker, type(error).__name__)
                self.failing = True
            if self.done.wait(self.interval):
                return

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=2)
        # Redis is down: the entry will read as gone, then be forgotten.
        with contextlib.suppress(redis.RedisError):
            client(self.url).hdel(KEY, self.worker)


_running: Heartbeat | None = None


def start_heartbeat(sender=None, **kwargs) -> None:
    """celery's worker_ready: start beating under the worker's name (e.g. celery@host)."""
    global _running
    app = getattr(sender, "app", None)
    url = app.conf.broker_url if app is not None else settings.CELERY_BROKER_URL
    if not url or not url.startswith(("redis://", "rediss://")):
        return
    name = getattr(sender, "hostname", None) or "worker"
    _running = Heartbeat(url=url, name=name, interval=settings.WORKER_HEARTBEAT_SECONDS)
    _running.start()


def stop_heartbeat(**kwargs) -> None:
    """celery's worker_shutdown: a worker that stops cleanly says so at once."""
    if _running is not None:
        _running.stop()
