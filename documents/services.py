"""Generated documents: ask for one, render it (in a Celery task), find the one to serve.

Asking is cheap and idempotent: the HTML is made from the object now, hashed, and the row for
that object × kind × language × hash is found or created. Rendering happens in a task after the
commit; if the broker is down, the row stays pending and `sweep_documents` queues it later.

A render holds its row with a lease (`lease_token`, `lease_expires_at`): claimed by a conditional
UPDATE, renewed by a thread while WeasyPrint works, and required again by the UPDATE that marks
the row ready. A worker that dies stops renewing; once the lease has run out, the sweep (every
minute, and when a worker starts) or a redelivered task takes the render over. So a crash costs
at most a lease and a sweep, and there is still exactly one ready row per content.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from documents import registry
from documents.models import GeneratedDocument
from documents.rendering import render_pdf

log = logging.getLogger(__name__)
D = GeneratedDocument.Status
# A render stopped this many times without finishing (hard time limit, a killed worker) is
# marked failed instead of being taken over again and again.
MAX_ATTEMPTS = 5


def _content_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def document_html(*, obj, kind: str, language: str) -> str:
    spec = registry.get(kind)
    with translation.override(language):
        return render_to_string(spec.template, spec.build_context(obj))


def document_request(*, obj, kind: str, language: str) -> GeneratedDocument:
    """The document of this object's current content: existing, or created and queued."""
    html = document_html(obj=obj, kind=kind, language=language)
    digest = hashlib.sha256(f"{kind}\n{language}\n{html}".encode()).hexdigest()
    lookup = {
        "content_type": _content_type(obj),
        "object_id": obj.pk,
        "kind": kind,
        "language": language,
        "content_hash": digest,
    }
    try:
        with transaction.atomic():
            document, _created = GeneratedDocument.objects.get_or_create(
                **lookup, defaults={"source_html": html}
            )
    except IntegrityError:  # asked twice at the same moment
        document = GeneratedDocument.objects.get(**lookup)
    if document.status == D.PENDING:
        transaction.on_commit(lambda: enqueue(document.pk), robust=True)
    return document


def enqueue(document_id: int, *, countdown: float | None = None) -> bool:
    """Queue the render task; False when the broker cannot take it now (the sweep retries).

    The broker connection fails at once when the broker is down (CELERY_BROKER_* settings), so
    the request that commits a publication does not wait for it.
    """
    from documents.tasks import render_document

    try:
        render_document.apply_async((document_id,), countdown=countdown, retry=False)
    except Exception as error:  # noqa: BLE001 - the broker is down: the sweep queues it later
        log.warning("Could not queue document %s (%s); it stays pending.", document_id, type(error).__name__)
        return False
    GeneratedDocument.objects.filter(pk=document_id).update(enqueued_at=timezone.now())
    return True


def document_retry(document: GeneratedDocument) -> bool:
    """Try a failed document again (the retry button)."""
    moved = GeneratedDocument.objects.filter(pk=document.pk, status=D.FAILED).update(
        status=D.PENDING, error="", updated_at=timezone.now()
    )
    if moved:
        transaction.on_commit(lambda: enqueue(document.pk), robust=True)
    return bool(moved)


def _store_complete(name: str, content: bytes) -> str:
    """Put a rendered file in place whole, so a half-written file is never served; return the
    name it is stored under. The caller marks the document ready only after this returns.

    On the local disk it is written under a temporary name, flushed and moved into place (a
    rename is atomic). A bucket has no rename, but an object becomes visible only once its upload
    has completed (one PUT, or a multipart upload that is completed or else aborted), and botocore
    sends a checksum of the bytes that the server verifies: so the complete bytes, rendered
    before, are uploaded under the final name and either arrive whole or not at all.
    """
    try:
        final = Path(default_storage.path(name))
    except NotImplementedError:  # a bucket (documents.storage.PrivateS3Storage): no local path
        return default_storage.save(name, ContentFile(content))
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f".{final.name}.{os.getpid()}.part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a failed write leaves nothing behind, not even the part
        raise
    return name


def _lease() -> timedelta:
    return timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS)


def _claimable(now) -> Q:
    """Rows a render may take: waiting, failed (the task's retry), or held by a lease that has run
    out (its worker died). A rendering row without a lease was claimed before leases existed."""
    expired = Q(status=D.RENDERING) & (Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True))
    return Q(status__in=[D.PENDING, D.FAILED]) | expired


class _LeaseKeeper(threading.Thread):
    """Moves the lease's expiry forward every third of the lease while the render works.

    Its own database connection, closed when it stops. Not started inside a transaction (tests,
    or a caller's atomic block): there the claim is not visible to anyone else until the
    commit, so there is nobody to keep away, and the row is locked by that transaction.
    """

    def __init__(self, document_id: int, token: str):
        super().__init__(name=f"document-{document_id}-lease", daemon=True)
        self.document_id, self.token = document_id, token
        self.done = threading.Event()

    def run(self) -> None:
        interval = settings.DOCUMENT_LEASE_SECONDS / 3
        try:
            while not self.done.wait(interval):
                renewed = GeneratedDocument.objects.filter(
                    pk=self.document_id, status=D.RENDERING, lease_token=self.token
                ).update(lease_expires_at=timezone.now() + _lease())
                if not renewed:
                    log.warning(
                        "Document %s: the lease was taken over; this render will not count.", self.document_id
                    )
                    return
        except Exception:  # the database is away: the lease may run out, never worse
            log.exception("Document %s: could not renew the lease.", self.document_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=5)


def document_render(document_id: int) -> str:
    """Render one document, once. Returns what happened: rendered, ready, busy, lost or missing.

    The row is claimed with a conditional UPDATE that writes a lease (see the module's
    docstring), so two live workers never render the same document. The file is written under
    a temporary name and moved into place; the row becomes ready only while the lease is still
    this render's ("lost" otherwise: another render took over and marks it). On an error the row
    is marked failed with the reason and the error is raised again, for the task to retry.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = (
        GeneratedDocument.objects.filter(pk=document_id)
        .filter(_claimable(now))
        .update(
            status=D.RENDERING,
            lease_token=token,
            lease_expires_at=now + _lease(),
            started_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        status = GeneratedDocument.objects.filter(pk=document_id).values_list("status", flat=True).first()
        return "missing" if status is None else ("ready" if status == D.READY else "busy")
    mine = GeneratedDocument.objects.filter(pk=document_id, status=D.RENDERING, lease_token=token)
    document = GeneratedDocument.objects.get(pk=document_id)
    keeper = None if connection.in_atomic_block else _LeaseKeeper(document_id, token)
    if keeper is not None:
        keeper.start()
    try:
        rendered = render_pdf(document.source_html)
        name = f"documents/{document.kind}/{document.object_id}-{document.language}-{document.content_hash[:16]}.pdf"
        # A render that lost its lease writes whole bytes again (on a bucket under a new name).
        stored = _store_complete(name, rendered.content)
    except BaseException as error:
        # The traceback goes to the log for the team; pages show FAILURE_MESSAGE instead.
        log.exception(
            "Document %s (%s, %s) could not be rendered.", document_id, document.kind, document.language
        )
        mine.update(
            status=D.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            lease_token="",
            lease_expires_at=None,
            updated_at=timezone.now(),
        )
        raise
    finally:
        if keeper is not None:
            keeper.stop()
    finished = mine.update(
        status=D.READY,
        file=stored,
        size=len(rendered.content),
        pages=rendered.pages,
        error="",
        lease_token="",
        lease_expires_at=None,
        rendered_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return "rendered" if finished else "lost"


def _sweep_period() -> timedelta:
    return timedelta(seconds=settings.CELERY_BEAT_SCHEDULE["sweep-documents"]["schedule"])


def sweep_documents(*, requeue_after: timedelta | None = None) -> dict:
    """Take over renders whose worker died, and queue what the broker missed.

    - a render whose lease has run out goes back to waiting (or is marked failed after
      MAX_ATTEMPTS tries: it never finishes, e.g. it hits the time limit every time);
    - a render whose lease runs out before the next sweep is queued for that moment: if its
      worker is alive it will have renewed the lease and the task does nothing, if it died the
      task takes it over, so a dead render is taken up within a sweep period, not two;
    - documents waiting and not queued lately (the broker was down) are queued.
    """
    requeue_after = requeue_after or timedelta(minutes=2)
    now = timezone.now()
    expired = Q(status=D.RENDERING) & (Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True))
    failed = GeneratedDocument.objects.filter(expired, attempts__gte=MAX_ATTEMPTS).update(
        status=D.FAILED,
        error=f"WorkerLost: the render stopped {MAX_ATTEMPTS} times without finishing "
        "(the time limit, or its worker was killed).",
        lease_token="",
        lease_expires_at=None,
        updated_at=now,
    )
    reset = GeneratedDocument.objects.filter(expired).update(
        status=D.PENDING, lease_token="", lease_expires_at=None, enqueued_at=None, updated_at=now
    )
    if reset or failed:
        log.warning("Documents: %s render(s) whose worker died taken over, %s given up.", reset, failed)
    waiting = GeneratedDocument.objects.filter(status=D.PENDING).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - requeue_after)
    )
    queued = sum(1 for pk in list(waiting.values_list("pk", flat=True)) if enqueue(pk))
    expiring = GeneratedDocument.objects.filter(
        status=D.RENDERING, lease_expires_at__lt=now + _sweep_period()
    ).values_list("pk", "lease_expires_at")
    watched = sum(
        1
        for pk, expires in list(expiring)
        if enqueue(pk, countdown=max(0.0, (expires - now).total_seconds()) + 1)
    )
    return {"reset": reset, "failed": failed, "queued": queued, "watched": watched}


def waiting_count() -> int:
    return GeneratedDocument.objects.filter(status__in=[D.PENDING, D.RENDERING]).count()


def documents_of(obj, *, kinds: list[str] | None = None) -> list[GeneratedDocument]:
    """The latest document of each kind and language of an object (newest first)."""
    queryset = GeneratedDocument.objects.filter(content_type=_content_type(obj), object_id=obj.pk).defer(
        "source_html"
    )
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    latest: dict[tuple[str, str], GeneratedDocument] = {}
    for document in queryset.order_by("-created_at", "-id"):
        latest.setdefault((document.kind, document.language), document)
    return list(latest.values())


def latest_document(obj, *, kind: str, language: str) -> GeneratedDocument | None:
    """The newest document of this kind and language in any state, without building its HTML."""
    return (
        GeneratedDocument.objects.filter(
            content_type=_content_type(obj), object_id=obj.pk, kind=kind, language=language
        )
        .defer("source_html")
        .order_by("-created_at", "-id")
        .first()
    )


def ready_document(obj, *, kind: str, language: str) -> GeneratedDocument | None:
    """The newest ready document of this kind and language, to serve."""
    return (
        GeneratedDocument.objects.filter(
            content_type=_content_type(obj), object_id=obj.pk, kind=kind, language=language, status=D.READY
        )
        .defer("source_html")
        .order_by("-rendered_at", "-id")
        .first()
    )
