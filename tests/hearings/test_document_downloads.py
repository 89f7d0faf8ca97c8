"""The hearings' documents as downloads (hearings/downloads.py): the public one of a public
hearing's published kinds, its materials, and the workspace's of every kind, behind
hearings.access."""

from __future__ import annotations

import logging

import pytest
from django.core.files.base import ContentFile

from documents import services as document_services
from documents.models import GeneratedDocument
from hearings import documents as kinds
from hearings.models import Hearing, HearingMaterial
from hearings.public.links import document_url, material_url
from tests.factories import pdf_bytes
from tests.hearings.public_data import build

pytestmark = pytest.mark.django_db
D = GeneratedDocument.Status


@pytest.fixture
def data(world, reference):
    return build(world)


def made(hearing: Hearing, kind: str, language: str = "ky") -> GeneratedDocument:
    """The document asked for and rendered here, as the worker would."""
    document = document_services.document_request(obj=hearing, kind=kind, language=language)
    assert document_services.document_render(document.pk) == "rendered"
    document.refresh_from_db()
    return document


@pytest.fixture
def renders(monkeypatch):
    """Counts every building of a document's HTML and every PDF render."""
    counted = {"html": 0, "pdf": 0}
    html, pdf = document_services.document_html, document_services.render_pdf

    def counting_html(**kwargs):
        counted["html"] += 1
        return html(**kwargs)

    def counting_pdf(source):
        counted["pdf"] += 1
        return pdf(source)

    monkeypatch.setattr(document_services, "document_html", counting_html)
    monkeypatch.setattr(document_services, "render_pdf", counting_pdf)
    return counted


# --- Public ----------------------------------------------------------------------------------


def test_the_public_pages_link_to_the_routes(data):
    assert (
        document_url(data.closed, kinds.PROTOCOL, "ru")
        == f"/ru/hearings/{data.closed.pk}/documents/hearing_protocol/"
    )
    material = HearingMaterial.objects.create(
        hearing=data.closed, title="Таблица", file="a.pdf", content_kind="pdf"
    )
    # In the language of the page that links it.
    from django.utils import translation

    with translation.override("ky"):
        assert material_url(material) == f"/ky/hearings/{data.closed.pk}/materials/{material.pk}/"


def test_a_ready_document_is_served_as_a_pdf_in_the_page_language(client, data):
    made(data.closed, kinds.PROTOCOL, "ru")
    response = client.get(f"/ru/hearings/{data.closed.pk}/documents/hearing_protocol/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")


def test_english_pages_get_the_kyrgyz_document(client, data):
    ky = made(data.announced, kinds.NOTICE, "ky")
    response = client.get(f"/en/hearings/{data.announced.pk}/documents/hearing_notice/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{ky.content_hash[:40]}"'


def test_a_hearing_being_prepared_has_no_public_documents(client, data):
    made(data.draft, kinds.NOTICE)
    assert client.get(f"/ky/hearings/{data.draft.pk}/documents/hearing_notice/").status_code == 404


def test_the_sign_in_sheet_is_never_public(client, data):
    made(data.closed, kinds.SIGN_IN_SHEET)
    assert client.get(f"/ky/hearings/{data.closed.pk}/documents/hearing_sign_in_sheet/").status_code == 404


@pytest.mark.parametrize("kind", kinds.AFTER)
def test_the_protocol_and_the_report_back_only_once_closed(client, data, kind):
    made(data.announced, kind)
    assert client.get(f"/ky/hearings/{data.announced.pk}/documents/{kind}/").status_code == 404
    held = data.gatherings[0]  # held, not closed
    assert client.get(f"/ky/hearings/{held.pk}/documents/{kind}/").status_code == 404


def test_an_unknown_kind_is_404(client, data):
    assert client.get(f"/ky/hearings/{data.closed.pk}/documents/plan/").status_code == 404


def test_not_ready_answers_503_at_once_without_rendering(
    client, data, renders, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        waiting = document_services.document_request(obj=data.announced, kind=kinds.NOTICE, language="ky")
    renders.update(html=0, pdf=0)
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get(f"/ky/hearings/{data.announced.pk}/documents/hearing_notice/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert renders == {"html": 0, "pdf": 0}  # neither the document's HTML nor its PDF
    assert GeneratedDocument.objects.filter(kind=kinds.NOTICE).count() == 1
    waiting.refresh_from_db()
    assert waiting.status == D.PENDING
    logged = [r for r in caplog.records if "PDF not ready yet" in r.getMessage()]
    assert logged and logged[0].levelno == logging.INFO


def test_a_document_never_asked_for_is_asked_for_once(
    client, data, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.get(f"/ru/hearings/{data.closed.pk}/documents/hearing_report_back/")
        second = client.get(f"/ru/hearings/{data.closed.pk}/documents/hearing_report_back/")
    assert first.status_code == second.status_code == 503
    rows = GeneratedDocument.objects.filter(kind=kinds.REPORT_BACK, object_id=data.closed.pk)
    assert [(d.language, d.status) for d in rows] == [("ru", D.PENDING)]
    assert renders == {"html": 1, "pdf": 0}  # the HTML once, to ask for it; the render is the worker's
    assert len(callbacks) == 1  # queued once


def test_a_public_material_is_served_never_sniffed_nor_run(client, data):
    material = HearingMaterial(hearing=data.announced, title="Бюджет", content_kind="pdf", size=10)
    material.file.save("budget.pdf", ContentFile(pdf_bytes()), save=True)
    response = client.get(f"/ky/hearings/{data.announced.pk}/materials/{material.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "public" in response["Cache-Control"]
    table = HearingMaterial(hearing=data.announced, title="Тариф", content_kind="xlsx", size=10)
    table.file.save("tariff.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    response = client.get(f"/ky/hearings/{data.announced.pk}/materials/{table.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    # A photo of the notice board, as validate_material names it ("jpg"): shown as an image.
    photo = HearingMaterial(hearing=data.announced, title="Жарыя", content_kind="jpg", size=10)
    photo.file.save("notice.jpg", ContentFile(b"\xff\xd8\xff\xe0 photo"), save=True)
    response = client.get(f"/ky/hearings/{data.announced.pk}/materials/{photo.pk}/")
    assert response["Content-Type"] == "image/jpeg"
    assert not response.get("Content-Disposition", "").startswith("attachment")


def test_materials_of_a_hearing_being_prepared_or_of_another_are_404(client, data):
    hidden = HearingMaterial(hearing=data.draft, title="Бюджет", content_kind="pdf", size=10)
    hidden.file.save("budget.pdf", ContentFile(pdf_bytes()), save=True)
    assert client.get(f"/ky/hearings/{data.draft.pk}/materials/{hidden.pk}/").status_code == 404
    assert client.get(f"/ky/hearings/{data.announced.pk}/materials/{hidden.pk}/").status_code == 404


# --- Workspace --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff_a", 200), ("head_a", 200), ("coordinator_a", 200), ("admin", 200),
     ("staff_b", 404), ("coordinator_other", 404)],
)  # fmt: skip
def test_the_workspace_serves_every_kind_to_those_who_may_read_the_hearing(
    login, world, data, persona, status
):
    made(data.draft, kinds.SIGN_IN_SHEET)
    client = login(world.persona(persona))
    response = client.get(f"/ky/workspace/hearings/{data.draft.pk}/documents/hearing_sign_in_sheet/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "private" in response["Cache-Control"]


def test_the_workspace_download_needs_a_sign_in(client, data):
    response = client.get(f"/ky/workspace/hearings/{data.draft.pk}/documents/hearing_notice/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_workspace_offers_the_protocol_once_held(login, world, data):
    client = login(world.staff_a)
    assert (
        client.get(f"/ky/workspace/hearings/{data.draft.pk}/documents/hearing_protocol/").status_code == 404
    )
    made(data.gatherings[0], kinds.PROTOCOL)
    assert (
        client.get(f"/ky/workspace/hearings/{data.gatherings[0].pk}/documents/hearing_protocol/").status_code
        == 200
    )


def test_the_workspace_page_links_to_the_downloads(login, world, data):
    made(data.closed, kinds.PROTOCOL)
    body = login(world.staff_a).get(f"/ky/workspace/hearings/{data.closed.pk}/").content.decode()
    assert f'href="/ky/workspace/hearings/{data.closed.pk}/documents/hearing_protocol/"' in body


def test_staff_make_the_documents_again_after_a_correction(
    login, world, data, django_capture_on_commit_callbacks
):
    for kind in kinds.BEFORE:
        made(data.announced, kind)
    Hearing.objects.filter(pk=data.announced.pk).update(place="Мектептин спорт залы")
    client = login(world.staff_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/ky/workspace/hearings/{data.announced.pk}/documents/refresh/")
    assert response.status_code == 302
    pending = GeneratedDocument.objects.filter(
        kind__startswith="hearing_", object_id=data.announced.pk, status=D.PENDING
    )
    assert {(d.kind, d.language) for d in pending} == {
        (k, lang) for k in kinds.BEFORE for lang in kinds.LANGUAGES
    }
    assert len(callbacks) == len(kinds.BEFORE) * len(kinds.LANGUAGES)
    assert all("Мектептин спорт залы" in d.source_html for d in pending)


def test_coordinators_cannot_make_the_documents_again(login, world, data):
    response = login(world.coordinator_a).post(
        f"/ky/workspace/hearings/{data.announced.pk}/documents/refresh/"
    )
    assert response.status_code == 403
    assert not GeneratedDocument.objects.filter(
        kind__startswith="hearing_", object_id=data.announced.pk
    ).exists()
