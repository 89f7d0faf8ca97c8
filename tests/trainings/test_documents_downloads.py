"""The trainings' downloads (trainings/downloads.py): 503 with Retry-After and no render in the
request while a document is not ready (asked for only when there is none), the PDF once the worker
has rendered it, names for managers only, the public programme of a public training only, and
the re-request button."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from documents.models import GeneratedDocument
from documents.services import document_render, latest_document
from tests.trainings.documents_data import EMAIL_DOMAIN, PHONE_PREFIX, documented_training, person_name
from trainings import documents as kinds
from trainings.models import Certificate, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(project_a):
    return documented_training(participants=3, project=project_a)


def ws_url(training, slug: str, language: str = "ky") -> str:
    with translation.override(language):
        return reverse(
            "trainings_ws:document", kwargs={"pk": training.pk, "kind": slug, "language": language}
        )


def public_url(training, language: str = "ky") -> str:
    with translation.override(language):
        return reverse("trainings:document", kwargs={"pk": training.pk})


def test_not_ready_is_503_with_retry_after_and_asks_once(login, world, training, monkeypatch):
    rendered = []
    monkeypatch.setattr("documents.services.render_pdf", lambda html: rendered.append(html))
    client = login(world.coordinator_a)
    response = client.get(ws_url(training, "programme"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert not rendered  # nothing rendered in the request
    asked = latest_document(training, kind=kinds.PROGRAMME, language="ky")
    assert asked is not None and asked.status == GeneratedDocument.Status.PENDING
    client.get(ws_url(training, "programme"))
    assert GeneratedDocument.objects.filter(kind=kinds.PROGRAMME).count() == 1  # asked only once


def test_a_ready_document_is_served_as_a_pdf(login, world, training):
    document = kinds.request_documents(training, kinds=[kinds.CERTIFICATES], languages=["ru"])[0]
    document_render(document.pk)
    response = login(world.coordinator_a).get(ws_url(training, "certificates", "ru"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("slug", ["attendance_sheets", "certificates"])
def test_names_are_for_managers_only(login, world, training, slug):
    # staff_a reads the training (A is its project's target) but gets no names.
    assert login(world.staff_a).get(ws_url(training, slug)).status_code == 403
    assert login(world.coordinator_other).get(ws_url(training, slug)).status_code == 404


def test_readers_get_the_programme_and_the_report(login, world, training, monkeypatch):
    monkeypatch.setattr("documents.services.render_pdf", lambda html: None)
    for slug in ("programme", "report"):
        assert login(world.staff_a).get(ws_url(training, slug)).status_code == 503  # let through, not ready


def test_no_certificates_no_certificates_download(login, world, project_a):
    training = documented_training(participants=2, certificates=0, project=project_a)
    assert login(world.coordinator_a).get(ws_url(training, "certificates")).status_code == 404


def test_the_public_gets_the_programme_of_a_public_training_only(client, training):
    document = kinds.request_documents(training, kinds=[kinds.PROGRAMME], languages=["ky"])[0]
    document_render(document.pk)
    response = client.get(public_url(training))
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    Training.objects.filter(pk=training.pk).update(status=Training.Status.PLANNED)
    assert client.get(public_url(training)).status_code == 404


def test_public_programme_pdf_has_no_name_phone_or_e_mail(client, training):
    import io

    from pypdf import PdfReader

    document = kinds.request_documents(training, kinds=[kinds.PROGRAMME], languages=["ru"])[0]
    assert person_name(1) not in document.source_html
    document_render(document.pk)
    content = b"".join(client.get(public_url(training, "ru")).streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert PHONE_PREFIX not in text and EMAIL_DOMAIN not in text and "Үмөтова" not in text


def test_english_visitors_get_the_kyrgyz_programme(client, training, monkeypatch):
    monkeypatch.setattr("documents.services.render_pdf", lambda html: None)
    client.get(public_url(training, "en"))
    assert latest_document(training, kind=kinds.PROGRAMME, language="ky") is not None


def test_managers_ask_for_every_document_again(login, world, training):
    client = login(world.coordinator_a)
    with translation.override("ky"):
        url = reverse("trainings_ws:documents", kwargs={"pk": training.pk})
    response = client.post(url)
    assert response.status_code == 302
    made = set(GeneratedDocument.objects.values_list("kind", "language"))
    assert made == {(k, lang) for k in kinds.KINDS for lang in kinds.LANGUAGES}
    page = client.get(url).content.decode()
    assert "Документтерди кайра даярдоо" in page  # the button, for a manager


def test_readers_see_the_list_without_names_or_the_button(login, world, training):
    with translation.override("ky"):
        url = reverse("trainings_ws:documents", kwargs={"pk": training.pk})
    page = login(world.staff_a).get(url).content.decode()
    assert "attendance_sheets" not in page and "/certificates/" not in page
    assert "Документтерди кайра даярдоо" not in page
    assert login(world.staff_a).post(url).status_code == 403
    assert not GeneratedDocument.objects.exists()


def test_one_certificate_through_its_own_training_only(login, world, training, project_a):
    certificate = Certificate.objects.filter(participation__training=training).first()
    other = documented_training(participants=1, project=project_a)
    client = login(world.coordinator_a)
    good = reverse(
        "trainings_ws:certificate",
        kwargs={"pk": training.pk, "certificate_id": certificate.pk, "language": "ky"},
    )
    wrong = reverse(
        "trainings_ws:certificate",
        kwargs={"pk": other.pk, "certificate_id": certificate.pk, "language": "ky"},
    )
    assert client.get(wrong).status_code == 404
    response = client.get(good)  # not rendered yet: asked for, 503
    assert response.status_code == 503
    document = latest_document(certificate, kind=kinds.CERTIFICATE, language="ky")
    document_render(document.pk)
    assert client.get(good).status_code == 200
