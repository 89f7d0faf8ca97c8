"""What the in-process page benchmarks share: timing a page through the test client, with its
queries and (gzip-)compressed bytes, and what is cached before each request.

Import it after `django.setup()` (each bench sets its database and settings first)."""

from __future__ import annotations

import gzip
import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config import page_cache


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure(client: Client, path: str, runs: int, *, before) -> dict:
    """`before()` runs ahead of each request, outside the timing (it decides what is cached)."""
    times, queries = [], []
    for _ in range(runs):
        before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, HTTP_ACCEPT_ENCODING="identity")
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        times.append(elapsed * 1000)
        queries.append(len(captured))
    body = response.content
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "queries": sorted(set(queries)),
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, compresslevel=6)),
    }


def nothing_cached():
    cache.clear()
    page_cache.clear()


def fragment_only():
    page_cache.clear()


def kept():
    pass
