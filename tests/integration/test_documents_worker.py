"""The real thing: a Redis broker and a Celery worker render the plan's PDF after approval."""

import io
import time

import pypdf
import pytest
from django.utils import timezone

from documents.models import GeneratedDocument
from planning.demo.sample import build_program
from planning.models import Program
from planning.review import workflow
from tests.services import Worker, database_url, redis_url, use_broker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings, tmp_path):
    """A real worker on the real broker, sharing the test database and media folder."""
    url = redis_url()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with use_broker(url) as app:
        yield from _run_worker(app, url, settings)


def _run_worker(app, url, settings):
    process = Worker(
        env={
            "REDIS_URL": url,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "SEDP_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
    )
    try:
        process.wait_ready(app)
        yield process
    finally:
        print(process.stop()[-3000:])


def _wait_until(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_approval_renders_the_plan_pdf_in_the_worker(world, reference, worker, client):
    program = build_program(municipality=world.municipality_a, activities=12, years=3)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.ENDORSED)
    program.refresh_from_db()
    started = time.monotonic()
    workflow.program_record_approval(
        program=program, user=world.head_a, expected_version=program.version, number="19",
        decided_on=timezone.localdate(),
    )  # fmt: skip
    assert time.monotonic() - started < 10  # the request does not wait for the render
    document = GeneratedDocument.objects.get(object_id=program.pk, kind="plan", language="ky")
    assert _wait_until(lambda: GeneratedDocument.objects.get(pk=document.pk).status == "ready"), (
        GeneratedDocument.objects.get(pk=document.pk).error
    )
    document.refresh_from_db()
    reader = pypdf.PdfReader(io.BytesIO(document.file.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert world.municipality_a.name_ky in text
    assert "№19" in text.replace(" ", "") or "19" in text
    assert document.pages == len(reader.pages)
    # /healthz sees the worker, and nothing waits any more.
    health = client.get("/healthz").json()
    assert health["workers"]["count"] >= 1
    assert health["jobs"]["documents_waiting"] == 0


def test_publishing_renders_kyrgyz_and_russian(world, reference, worker):
    program = build_program(municipality=world.municipality_a, activities=5, years=3)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.APPROVED)
    program.refresh_from_db()
    workflow.program_publish(program=program, user=world.head_a, expected_version=program.version)
    assert _wait_until(
        lambda: (
            set(
                GeneratedDocument.objects.filter(
                    object_id=program.pk, kind="plan", status="ready"
                ).values_list("language", flat=True)
            )
            == {"ky", "ru"}
        )
    )
