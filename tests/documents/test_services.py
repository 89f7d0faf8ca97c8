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


def test_sweep_takes_over_dead_renders_and_leaves_live_ones(program):
    """Tasks run at once here (eager), so the sweep's queueing renders for real."""
    now = timezone.now()
    missed = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    dead = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ru")
    GeneratedDocument.objects.filter(pk=dead.pk).update(
        status=D.RENDERING, lease_token="dead", lease_expires_at=now - timedelta(seconds=1), attempts=1
    )
    older = services.document_request(obj=program, kind=PLAN, language="ky")  # claimed before leases
    GeneratedDocument.objects.filter(pk=older.pk).update(
        status=D.RENDERING, started_at=now - timedelta(hours=1)
    )
    alive = services.document_request(obj=program, kind=PLAN, language="ru")
    GeneratedDocument.objects.filter(pk=alive.pk).update(
        status=D.RENDERING, lease_token="alive", lease_expires_at=now + timedelta(seconds=20), attempts=1
    )
    result = services.sweep_documents()
    assert result["reset"] == 2 and result["queued"] == 3 and result["watched"] == 1
    states = dict(GeneratedDocument.objects.values_list("pk", "status"))
    assert states[missed.pk] == states[dead.pk] == states[older.pk] == D.READY
    # A live render's lease is never taken: the check queued for its expiry found it held.
    alive.refresh_from_db()
    assert alive.status == D.RENDERING and alive.lease_token == "alive" and alive.attempts == 1
    assert GeneratedDocument.objects.get(pk=dead.pk).attempts == 2


def test_a_render_that_never_finishes_is_given_up_after_five_tries(program):
    stuck = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    GeneratedDocument.objects.filter(pk=stuck.pk).update(
        status=D.RENDERING,
        lease_token="x",
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        attempts=services.MAX_ATTEMPTS,
    )
    assert services.sweep_documents()["failed"] == 1
    stuck.refresh_from_db()
    assert stuck.status == D.FAILED and "5 times" in stuck.error


def test_a_render_that_lost_its_lease_does_not_mark_the_row(program, monkeypatch):
    """Another render took over while this one was stalled: only the holder marks it ready."""
    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    real = services.render_pdf

    def taken_over_meanwhile(html):
        GeneratedDocument.objects.filter(pk=document.pk).update(lease_token="someone-else")
        return real(html)

    monkeypatch.setattr(services, "render_pdf", taken_over_meanwhile)
    assert services.document_render(document.pk) == "lost"
    document.refresh_from_db()
    assert document.status == D.RENDERING and document.lease_token == "someone-else"


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


def test_a_pdf_not_ready_answers_503_at_once_without_rendering_and_logs_info(
    client, world, reference, django_assert_max_num_queries, caplog
):
    import logging

    program = build_program(municipality=world.municipality_a, activities=30, years=3)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED)
    pdf = f"/ky/plans/{program.pk}/pdf/"
    assert client.get(pdf).status_code == 503  # none existed: this one is asked for, once
    assert GeneratedDocument.objects.filter(kind=PLAN).count() == 1
    # 1: the program, 2: its ready document (none), 3: its latest document of any state.
    # Building the plan's HTML to hash it would read the whole plan (dozens of queries).
    with caplog.at_level(logging.INFO, logger="django.request"), django_assert_max_num_queries(3):
        response = client.get(pdf)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert GeneratedDocument.objects.filter(kind=PLAN).count() == 1
    levels = [r.levelno for r in caplog.records if r.name == "django.request"]
    assert levels == [logging.INFO, logging.INFO]  # a visitor early is not an error
    # Rendering is the worker's: the page never does it, whatever state the document is in.
    GeneratedDocument.objects.filter(kind=PLAN).update(status=D.FAILED, error="layout error")
    assert client.get(pdf).status_code == 503
    assert GeneratedDocument.objects.filter(kind=PLAN).count() == 1


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
    assert url("document_retry", program.pk, document.pk) in page
    client.force_login(world.coordinator_other)
    assert client.post(url("draft_preview", program.pk)).status_code == 404


def test_a_failed_document_tells_people_what_to_do_and_keeps_the_exception_from_them(
    client, world, reference
):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    client.force_login(world.staff_a)
    client.post(url("draft_preview", program.pk))
    document = GeneratedDocument.objects.get(kind=DRAFT_PREVIEW)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=D.FAILED, error="AttributeError: 'NoneType' object has no attribute 'layout'"
    )
    page = client.get(url("overview", program.pk, language="ru")).content.decode()
    assert "Не удалось подготовить документ" in page and "попробуйте снова через несколько минут" in page
    assert "AttributeError" not in page and "NoneType" not in page
    status = client.get(url("documents_status", program.pk)).json()["documents"][0]
    assert status["error"].startswith("Документти даярдоо мүмкүн болгон жок")
    assert "AttributeError" not in status["error"]
    # The administrator may read the technical detail, folded away.
    client.force_login(world.admin)
    page = client.get(url("overview", program.pk)).content.decode()
    assert "AttributeError" in page and "администраторлор үчүн гана" in page


def test_a_failed_render_goes_to_the_log_with_its_traceback(program, monkeypatch, caplog):
    import logging

    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")

    def broken(html):
        raise ValueError("a table too wide")

    monkeypatch.setattr(services, "render_pdf", broken)
    with caplog.at_level(logging.ERROR, logger="documents.services"), pytest.raises(ValueError):
        services.document_render(document.pk)
    [record] = [r for r in caplog.records if r.name == "documents.services"]
    assert record.levelno == logging.ERROR and record.exc_info[0] is ValueError
    assert str(document.pk) in record.getMessage()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ky", "PDF даярдоо мүмкүн болгон жок"),
        ("ru", "Не удалось подготовить PDF"),
        ("en", "could not be prepared"),
    ],
)
def test_a_public_pdf_that_failed_says_so_in_the_visitor_s_language(
    client, world, reference, language, words
):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED)
    pdf = f"/{language}/plans/{program.pk}/pdf/"
    client.get(pdf)  # asks for it
    GeneratedDocument.objects.filter(kind=PLAN).update(status=D.FAILED, error="KeyError: 'font'")
    response = client.get(pdf)
    body = response.content.decode()
    assert response.status_code == 503 and words in body
    assert "KeyError" not in body and "being prepared" not in body
    assert f'href="/{language}/plans/{program.pk}/"' in body  # the program can still be read


def test_healthz_counts_waiting_documents(client, program):
    services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    assert client.get("/healthz").json()["jobs"]["documents_waiting"] == 1
