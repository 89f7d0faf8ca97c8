"""Generated documents: asked once per content, rendered once, written atomically, served well."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from documents import services
from documents.models import GeneratedDocument
from planning.demo.sample import build_program
from planning.models import Program
from planning.publication.document_kinds import DRAFT_PREVIEW, PLAN
from tests.factories import MunicipalityFactory
from tests.planning.helpers import url

pytestmark = pytest.mark.django_db
D = GeneratedDocument.Status


@pytest.fixture
def program(reference):
    return build_program(
        municipality=MunicipalityFactory(name_ky="Көк-Жар айыл аймагы"), activities=4, years=3
    )


def test_same_content_is_asked_once(program, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
        second = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    assert first.pk == second.pk
    assert GeneratedDocument.objects.count() == 1
    assert len(callbacks) == 2  # queued after the commit (twice is harmless: the task claims)
    Program.objects.filter(pk=program.pk).update(vision="Жаңы элес")
    program.refresh_from_db()
    third = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    assert third.pk != first.pk and third.content_hash != first.content_hash
    other_language = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ru")
    assert other_language.pk not in {first.pk, third.pk}


def test_render_runs_once_even_if_the_task_runs_twice(program):
    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    assert services.document_render(document.pk) == "rendered"
    assert services.document_render(document.pk) == "ready"
    document.refresh_from_db()
    assert document.status == D.READY and document.attempts == 1
    assert document.pages >= 3 and document.size == Path(document.file.path).stat().st_size
    assert Path(document.file.path).read_bytes().startswith(b"%PDF-")
    assert not list(Path(document.file.path).parent.glob(".*.part"))


def test_a_failed_render_keeps_the_reason_and_leaves_no_file(program, monkeypatch):
    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")

    def broken(html):
        raise MemoryError("out of memory while laying out")

    monkeypatch.setattr(services, "render_pdf", broken)
    with pytest.raises(MemoryError):
        services.document_render(document.pk)
    document.refresh_from_db()
    assert document.status == D.FAILED and "out of memory" in document.error
    assert not document.file
    monkeypatch.undo()
    assert services.document_retry(document) is True
    assert services.document_render(document.pk) == "rendered"


def test_a_crash_while_writing_never_leaves_a_half_file_in_place(program, monkeypatch, settings):
    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    import os

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        services.document_render(document.pk)
    document.refresh_from_db()
    assert document.status == D.FAILED and not document.file
    folder = Path(settings.MEDIA_ROOT) / "documents" / DRAFT_PREVIEW
    assert not list(folder.glob("*.pdf"))
    assert not list(folder.glob(".*.part"))  # nor the temporary file, which nobody would remove


def test_sweep_requeues_what_the_broker_missed_and_what_a_crash_left(program, monkeypatch):
    queued = []
    monkeypatch.setattr(services, "enqueue", lambda pk: queued.append(pk) or True)
    pending = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    stuck = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ru")
    GeneratedDocument.objects.filter(pk=stuck.pk).update(
        status=D.RENDERING, started_at=timezone.now() - timedelta(hours=1)
    )
    result = services.sweep_documents()
    assert result == {"reset": 1, "queued": 2}
    assert sorted(queued) == sorted([pending.pk, stuck.pk])


def test_broker_down_keeps_the_approval_and_the_document_waits(world, reference, settings):
    """With the broker unreachable the approval succeeds at once; the job is not lost."""
    import time

    from planning.review import workflow
    from tests.services import use_broker

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with use_broker("redis://127.0.0.1:1/0"):
        program = build_program(municipality=world.municipality_a, activities=3, years=3)
        Program.objects.filter(pk=program.pk).update(status=Program.Status.ENDORSED)
        program.refresh_from_db()
        started = time.monotonic()
        workflow.program_record_approval(
            program=program, user=world.head_a, expected_version=program.version, number="7",
            decided_on=timezone.localdate(),
        )  # fmt: skip
        services.enqueue(GeneratedDocument.objects.get().pk)  # what on_commit runs
        elapsed = time.monotonic() - started
    assert Program.objects.get(pk=program.pk).status == Program.Status.APPROVED
    document = GeneratedDocument.objects.get()
    assert document.status == D.PENDING and document.enqueued_at is None
    assert elapsed < 10


def test_download_has_a_cyrillic_file_name_caching_headers_and_304(client, world, reference):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    services.document_render(document.pk)
    client.force_login(world.staff_a)
    address = url("document_download", program.pk, document.pk)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition.lower()
    assert "%D0%9A%D3%A9%D0%BA" in disposition  # "Көк" percent-encoded (RFC 5987)
    etag = response["ETag"]
    assert "private" in response["Cache-Control"] and response["Last-Modified"]
    b"".join(response.streaming_content)
    again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    # Outsiders never get it.
    client.force_login(world.staff_b)
    assert client.get(address).status_code == 404


def test_the_public_gets_only_published_plans(client, world, reference):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    pdf = f"/ky/plans/{program.pk}/pdf/"
    for status in ["draft", "submitted", "endorsed", "approved"]:
        Program.objects.filter(pk=program.pk).update(status=status)
        assert client.get(pdf).status_code == 404, status
    Program.objects.filter(pk=program.pk).update(status="published")
    program.refresh_from_db()
    waiting = client.get(pdf)
    assert waiting.status_code == 503 and waiting["Retry-After"] == "30"  # being prepared
    document = GeneratedDocument.objects.get(kind=PLAN, language="ky")
    services.document_render(document.pk)
    response = client.get(pdf)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert client.get(f"/ky/plans/{program.pk}/pdf/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_workspace_shows_the_documents_and_their_state(client, world, reference):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    client.force_login(world.staff_a)
    response = client.post(url("draft_preview", program.pk))
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind=DRAFT_PREVIEW)
    status = client.get(url("documents_status", program.pk)).json()["documents"]
    assert [d["status"] for d in status] == [document.status]
    GeneratedDocument.objects.filter(pk=document.pk).update(status=D.FAILED, error="WeasyPrint: layout error")
    page = client.get(url("overview", program.pk)).content.decode()
    assert "layout error" in page and url("document_retry", program.pk, document.pk) in page
    client.force_login(world.coordinator_other)
    assert client.post(url("draft_preview", program.pk)).status_code == 404


def test_healthz_counts_waiting_documents(client, program):
    services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    assert client.get("/healthz").json()["jobs"]["documents_waiting"] == 1
