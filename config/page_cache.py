"""Whole answers of the public pages, kept per publication generation and compressed once.

A visitor without an account reads what was published; it changes only when something is
published (planning/publication/cache.py moves the generation on). So the whole answer of a
public page (the home page, the plans, a plan, a municipality, the open-data API's published
programs) is kept in the process's memory under the generation, the address and what the answer
varies on, with its body already gzip-compressed; the next visitor gets it without a template,
a query or a compression. Anyone with a session (signed in, or carrying messages) goes the
normal way, and so does any answer that sets a cookie, carries a form token or is private.

The middleware is the first of the stack (config/settings.py): a kept answer goes out before
sessions, authentication, CSRF, the language, messages and the rest run, and costs a key, one
primary-key read of the generation (which serves as the connection's health check) and a copy of
its headers. What the answer depends on is in its key: the address with its language prefix (or,
without one, the visitor's Accept-Language and language cookie), the Accept header, the scheme;
the encoding picks the body kept compressed or plain. The first answer is taken as it leaves the
whole stack (security, language and content-security headers included), uncompressed again if
GZipMiddleware compressed it. Only answers of PUBLIC_ROUTES are kept, never for a visitor with a
session or messages, never one that sets a cookie, carries a form token or is private.

Each process keeps its own entries (an LRU bounded in bytes, PUBLIC_PAGE_CACHE_MB); the
generation is read where every process reads it, so a publication is seen by all at once.

Pages that show hearings still to come also change with the clock (a hearing starts, its
proposals close, its countdown moves on): their answers are kept only until the first such
moment (hearings/public/freshness.py), one query when an answer is made, none when it is served.
The API's throttle runs in its views, so a kept answer is not counted against the visitor's
allowance: it costs less than the refusal would. Anything not kept (another address, another
query) is throttled as before.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

log = logging.getLogger(__name__)

# Routes whose anonymous GET answers depend only on what is published (and the address).
PUBLIC_ROUTES = frozenset(
    {
        "home",
        "open_data",
        "plans:list",
        "plans:detail",
        "monitoring:report",  # a published monitoring report (monitoring/public/views.py)
        # A hearing's page is kept only when it carries no form token and is not private (its
        # view makes a hearing still to come private: the clock changes its countdown and form).
        "hearings:list",
        "hearings:detail",
        "hearings:calendar",
        "territory:region",
        "territory:district",
        "territory:municipality",
        "monitoring:index",
        "monitoring:region",
        "monitoring:district",
        "api:api-root",
        "api:program-list",
        "api:program-detail",
        "api:municipality-list",
        "api:municipality-detail",
        "api:district-list",
        "api:district-detail",
        "api:region-list",
        "api:region-detail",
        "api:hearing-list",
        "api:hearing-detail",
        "api:region-monitoring",
        "api:district-monitoring",
        "api:program-monitoring",  # the published reports of a public program, nothing else
    }
)
# Routes that show hearings still to come: kept until the next moment the clock changes them.
CLOCK_ROUTES = frozenset(
    {
        "home",
        "hearings:list",
        "hearings:detail",
        "hearings:calendar",
        "territory:municipality",
        "api:hearing-list",
        "api:hearing-detail",
    }
)
# Headers of the first answer that later ones must not repeat: they belong to one exchange.
DROPPED_HEADERS = frozenset({"set-cookie", "content-length", "content-encoding", "date", "etag"})
MIN_GZIP_BYTES = 200


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes | None
    etag: str
    expires: float | None = None  # time.time() after which the answer is no longer true
    generation: int | None = None  # the publication generation it shows

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"") + 512

    def answer(self, request) -> HttpResponse:
        if self.etag in _if_none_match(request):
            response = HttpResponseNotModified()
        else:
            accepts_gzip = self.gzipped is not None and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
            response = HttpResponse(self.gzipped if accepts_gzip else self.body, status=self.status)
            if accepts_gzip:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(response.content))
        for name, value in self.headers:
            response[name] = value
        response["ETag"] = self.etag
        if self.gzipped is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        return response


def _if_none_match(request) -> set[str]:
    raw = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip().removeprefix("W/") for tag in raw.split(",") if tag.strip()}


class _Store:
    """A least-recently-used map bounded by the bytes of its entries (thread-safe)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry.expires is not None and time.time() >= entry.expires:
                del self.entries[key]
                self.bytes -= entry.size
                entry = None
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return  # one answer may not push out most of the others
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.entries[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes and self.entries:
                _key, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped.size

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.bytes = 0


_store = _Store(max_bytes=getattr(settings, "PUBLIC_PAGE_CACHE_MB", 64) * 2**20)


def clear() -> None:
    """Forget every kept answer of this process (tests)."""
    _store.clear()


def _has_session(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _public_route(request) -> bool:
    """Is the address one of PUBLIC_ROUTES? Resolved in the language of its prefix, as
    LocaleMiddleware (which has not run yet) will resolve it; an address without one (the API)
    resolves the same in any language."""
    language = translation.get_language_from_path(request.path_info)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            return resolve(request.path_info).view_name in PUBLIC_ROUTES
    except Resolver404:
        return False


def _generation(request) -> int:
    """The publication generation, read with the connection's health check folded in.

    With CONN_HEALTH_CHECKS Django would first send a query of its own (SELECT 1) on a kept
    connection, doubling the round trips of a kept answer. The generation's read proves the
    connection as well; if the connection died meanwhile, it is closed and the read made once
    more on a new one, which is what the health check would have done.
    """
    from planning.publication.cache import public_generation

    if connection.connection is None or connection.health_check_done or connection.in_atomic_block:
        return public_generation(request)
    connection.health_check_done = True
    try:
        return public_generation(request)
    except DatabaseError:
        connection.close()
        return public_generation(request)


def _key(request) -> str:
    meta = request.META
    parts = (
        request.scheme,
        request.get_full_path(),
        meta.get("HTTP_ACCEPT", "")[:200],
        # Addresses without a language prefix (the API) follow the visitor's language.
        meta.get("HTTP_ACCEPT_LANGUAGE", "")[:200],
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:10],
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _expiry(request) -> float | None:
    """When a kept answer of a route in CLOCK_ROUTES stops being true (None: only a publication
    changes it)."""
    if request.resolver_match.view_name not in CLOCK_ROUTES:
        return None
    from hearings.public.freshness import next_change

    moment = next_change()
    return moment.timestamp() if moment is not None else None


def _keepable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in PUBLIC_ROUTES:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.get("Content-Encoding", "gzip") != "gzip":
        return False  # an encoding other than GZipMiddleware's
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page carries a form token: it belongs to this visitor
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class PublicPageCacheMiddleware:
    """See the module's docstring. The first middleware: a kept answer skips the whole stack; the
    first answer is taken as the whole stack made it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or _has_session(request):
            return self.get_response(request)
        key = _key(request)
        entry = _store.get(key)
        if entry is None and not _public_route(request):
            return self.get_response(request)  # static files and every other page: untouched
        generation = _generation(request)
        if entry is not None and entry.generation == generation:
            return entry.answer(request)
        # Read before the page is made, so an answer is never kept under a generation newer
        # than what it shows (the view's fragments read the same value from the request).
        response = self.get_response(request)
        if not _keepable(request, response):
            return response
        body = response.content
        etag = response.get("ETag")
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
            if etag:
                etag = etag.removeprefix("W/")  # GZipMiddleware weakens the view's own tag
        gzipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_GZIP_BYTES else None
        entry = Entry(
            status=response.status_code,
            headers=tuple(
                (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
            ),
            body=body,
            gzipped=gzipped,
            etag=etag or '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            expires=_expiry(request),
            generation=generation,
        )
        _store.put(key, entry)
        return entry.answer(request)
