"""A Redis cache that fails open: while Redis does not answer, every read is a miss and every
write does nothing, so pages, the API and its throttle keep working (only slower).

The outage is logged once per process at WARNING when it starts and once at INFO when Redis is
back, never per request. While Redis is down the cache does not even try it for RETRY_SECONDS
after each failure (OPTIONS "retry_seconds"), so a Redis that hangs (rather than refusing
connections) costs one short connect timeout every few seconds, not one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# What an outage looks like (BusyLoadingError, a Redis still loading its data, is a
# ConnectionError). A ResponseError (a bug: wrong type, bad command) is not hidden.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5.0
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class _Outage:
    """Whether a Redis address is down, shared by every thread of the process."""

    def __init__(self, location: str, retry_seconds: float):
        self.location = location
        self.retry_seconds = retry_seconds
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0

    def skip(self) -> bool:
        """True while Redis is known to be down and it is not yet time to try again."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: BaseException) -> None:
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + self.retry_seconds
            if self.down_since is None:
                self.down_since = now
                log.warning(
                    "The Redis cache at %s does not answer (%s: %s); pages are served without the "
                    "cache (and the API without its rate limit) until it is back.",
                    self.location,
                    type(error).__name__,
                    error,
                )

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is None:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            log.info("The Redis cache at %s answers again after %.0f s.", self.location, seconds)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(location: str, retry_seconds: float) -> _Outage:
    with _outages_lock:
        if location not in _outages:
            _outages[location] = _Outage(_without_password(location), retry_seconds)
        return _outages[location]


def _without_password(location: str) -> str:
    """host:port/db for the log: the URL may carry a password."""
    parts = urlsplit(location.split(",")[0])
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else "redis"


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, where a Redis outage reads as a miss and writes as a no-op."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        retry_seconds = float(options.pop("retry_seconds", RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = _outage_of(str(server), retry_seconds)

    def _guard(self, operation, *args, fallback, **kwargs):
        if self._outage.skip():
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNAVAILABLE as error:
            self._outage.failed(error)
            return fallback
        self._outage.answered()
        return result

    def get(self, key, default=None, version=None):
        return self._guard(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._guard(super().has_key, key, version, fallback=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, key, value, timeout, version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, key, value, timeout, version, fallback=None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, data, timeout, version, fallback=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self._guard(super().delete, key, version, fallback=False)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, keys, version, fallback=None)

    def incr(self, key, delta=1, version=None):
        result = self._guard(super().incr, key, delta, version, fallback=None)
        if result is None:  # what a missing key does (Django's contract)
            raise ValueError(f"Key '{key}' not found (the cache does not answer).")
        return result

    def clear(self):
        return self._guard(super().clear, fallback=False)
