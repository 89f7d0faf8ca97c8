"""Generated PDFs kept in a bucket (MEDIA_STORAGE=s3): a real WeasyPrint render lands there whole
and downloads with its Cyrillic name and caching headers; a render or an upload that fails leaves
nothing that is served."""

import io
import uuid
from pathlib import Path

import pypdf
import pytest
from django.contrib.contenttypes.models import ContentType

from documents import services
from documents.models import GeneratedDocument
from planning.demo.sample import build_program
from planning.models import Program
from planning.publication.document_kinds import DRAFT_PREVIEW, PLAN
from tests.planning.helpers import url

pytestmark = [pytest.mark.storage, pytest.mark.django_db]
D = GeneratedDocument.Status


@pytest.fixture
def published(world, reference):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED)
    program.refresh_from_db()
    return program


def test_the_published_plan_is_rendered_into_the_bucket_and_downloads_with_its_cyrillic_name(
    client, world, published, bucket, settings, django_capture_on_commit_callbacks
):
    pdf = f"/ky/plans/{published.pk}/pdf/"
    with django_capture_on_commit_callbacks(execute=True):  # the render task runs (eagerly)
        assert client.get(pdf).status_code == 503  # being prepared
    document = GeneratedDocument.objects.get(kind=PLAN, language="ky")
    assert document.status == D.READY, document.error
    assert bucket.keys() == [document.file.name]
    stored = bucket.read(document.file.name)
    assert len(stored) == document.size
    pages = pypdf.PdfReader(io.BytesIO(stored)).pages
    assert len(pages) == document.pages >= 2
    assert "Көк-Жар" in "".join(page.extract_text() for page in pages)
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]

    response = client.get(pdf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Type"] == "application/pdf" and response["Content-Length"] == str(len(stored))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition.lower()
    assert "%D0%9A%D3%A9%D0%BA" in disposition  # "Көк" (RFC 5987)
    assert "public" in response["Cache-Control"]
    assert client.get(pdf, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

    # In the workspace, the same file: private, to A's people only.
    address = url("document_download", published.pk, document.pk)
    client.force_login(world.staff_a)
    private = client.get(address)
    assert b"".join(private.streaming_content) == stored and "private" in private["Cache-Control"]
    client.force_login(world.staff_b)
    assert client.get(address).status_code == 404


def _draft_document(program, source_html: str) -> GeneratedDocument:
    return GeneratedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
        kind=DRAFT_PREVIEW,
        language="ky",
        content_hash=uuid.uuid4().hex,
        source_html=source_html,
    )


def test_a_render_that_fails_leaves_nothing_in_the_bucket_and_nothing_is_served(
    client, world, published, bucket
):
    # Nested 3,000 deep, WeasyPrint cannot lay the document out (RecursionError).
    document = _draft_document(published, "<div>" * 3000 + "Көк-Жар")
    with pytest.raises(RecursionError):
        services.document_render(document.pk)
    document.refresh_from_db()
    assert document.status == D.FAILED and "RecursionError" in document.error
    assert not document.file
    assert bucket.keys() == []
    client.force_login(world.staff_a)
    assert client.get(url("document_download", published.pk, document.pk)).status_code == 404


def test_an_upload_the_bucket_refuses_leaves_the_document_failed_until_a_retry(
    client, world, published, bucket, settings
):
    document = _draft_document(published, "<h1>Көк-Жар</h1><p>Долбоор</p>")
    bucket.use(settings, name=f"sedp-gone-{uuid.uuid4().hex[:12]}")  # a bucket the server does not have
    with pytest.raises(Exception, match="NoSuchBucket"):
        services.document_render(document.pk)
    document.refresh_from_db()
    assert document.status == D.FAILED and "NoSuchBucket" in document.error and not document.file
    client.force_login(world.staff_a)
    address = url("document_download", published.pk, document.pk)
    assert client.get(address).status_code == 404

    bucket.use(settings)  # the bucket is back: the retry button renders and stores it
    assert services.document_retry(document) is True
    assert services.document_render(document.pk) == "rendered"
    document.refresh_from_db()
    assert bucket.keys() == [document.file.name]
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bucket.read(document.file.name)
