"""Generated documents: ask for one, render it (in a Celery task), find the one to serve.

Asking is cheap and idempotent: the HTML is made from the object now, hashed, and the row for
that object × kind × language × hash is found or created. Rendering happens in a task after the
commit; if the broker is down, the row stays pending and `sweep_documents` queues it later.
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from documents import registry
from documents.models import GeneratedDocument
from documents.rendering import render_pdf

log = logging.getLogger(__name__)
D = GeneratedDocument.Status


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


def enqueue(document_id: int) -> bool:
    """Queue the render task; False when the broker cannot take it now (the sweep retries)."""
    from documents.tasks import render_document

    try:
        render_document.apply_async((document_id,), retry=False)
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


def document_render(document_id: int) -> str:
    """Render one document, once. Returns what happened: rendered, ready, busy or missing.

    The row is claimed with a conditional UPDATE (pending or failed → rendering), so two workers
    never render the same document. On an error the row is marked failed with the reason and the
    error is raised again, for the task to retry.
    """
    claimed = GeneratedDocument.objects.filter(pk=document_id, status__in=[D.PENDING, D.FAILED]).update(
        status=D.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        status = GeneratedDocument.objects.filter(pk=document_id).values_list("status", flat=True).first()
        return "missing" if status is None else ("ready" if status == D.READY else "busy")
    document = GeneratedDocument.objects.get(pk=document_id)
    try:
        rendered = render_pdf(document.source_html)
        name = f"documents/{document.kind}/{document.object_id}-{document.language}-{document.content_hash[:16]}.pdf"
        stored = _store_complete(name, rendered.content)
    except BaseException as error:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=D.FAILED, error=f"{type(error).__name__}: {error}"[:2000], updated_at=timezone.now()
        )
        raise
    GeneratedDocument.objects.filter(pk=document_id).update(
        status=D.READY,
        file=stored,
        size=len(rendered.content),
        pages=rendered.pages,
        error="",
        rendered_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return "rendered"


def sweep_documents(*, stale_after: timedelta | None = None, requeue_after: timedelta | None = None) -> dict:
    """Put documents stuck by a crash back in the queue, and queue those the broker missed."""
    stale_after = stale_after or timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
    requeue_after = requeue_after or timedelta(minutes=2)
    now = timezone.now()
    reset = GeneratedDocument.objects.filter(status=D.RENDERING, started_at__lt=now - stale_after).update(
        status=D.PENDING, updated_at=now
    )
    waiting = GeneratedDocument.objects.filter(status=D.PENDING).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - requeue_after)
    )
    queued = sum(1 for pk in list(waiting.values_list("pk", flat=True)) if enqueue(pk))
    return {"reset": reset, "queued": queued}


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
