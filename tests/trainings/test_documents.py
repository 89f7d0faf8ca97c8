"""The trainings' PDFs (trainings/documents.py, trainings/pdf.py, templates/trainings/pdf/),
rendered by WeasyPrint and read back with pypdf; the certificates' QR codes decoded with zxing-cpp
from pdftoppm's picture of the page."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from documents import registry
from documents.rendering import render_pdf
from documents.services import document_html, document_render, ready_document
from tests.trainings.documents_data import EMAIL_DOMAIN, PHONE_PREFIX, TITLE, documented_training, person_name
from trainings import documents as kinds
from trainings.models import Certificate

pytestmark = pytest.mark.django_db


def pdf_of(obj, kind: str, language: str = "ky") -> tuple[bytes, PdfReader]:
    content = render_pdf(document_html(obj=obj, kind=kind, language=language)).content
    return content, PdfReader(io.BytesIO(content))


def text_of(reader: PdfReader) -> str:
    # pypdf may break a line anywhere; compare with the spaces and line ends taken out.
    return "".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    return "".join(text.split())


def qr_codes(content: bytes, page: int = 1) -> list[str]:
    """The QR codes on a page of the PDF: pdftoppm draws it in grey (PGM), zxing-cpp reads it."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    picture = subprocess.run(
        ["pdftoppm", "-gray", "-r", "150", "-f", str(page), "-l", str(page), "-"],
        input=content, capture_output=True, check=True,
    ).stdout  # fmt: skip
    # A binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
    fields, position = [], 0
    while len(fields) < 4:
        while picture[position : position + 1].isspace():
            position += 1
        end = position
        while not picture[end : end + 1].isspace():
            end += 1
        fields.append(picture[position:end])
        position = end
    width, height = int(fields[1]), int(fields[2])
    pixels = memoryview(picture[position + 1 : position + 1 + width * height]).cast("B", (height, width))
    return [barcode.text for barcode in zxingcpp.read_barcodes(pixels)]


@pytest.fixture
def training(db):
    return documented_training(participants=3)


def test_every_kind_is_registered_with_its_template():
    for kind in (*kinds.KINDS, kinds.CERTIFICATE):
        assert registry.get(kind).template.startswith("trainings/pdf/")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_programme_has_the_sessions_by_day_with_times_and_trainers(training, language):
    _, reader = pdf_of(training, kinds.PROGRAMME, language)
    text = squeezed(text_of(reader))
    assert squeezed(TITLE) in text  # ү ө
    assert squeezed("Сессия 3: көйгөйлөрдү аныктоо") in text
    assert "09:00–10:30" in text and "11:00–12:30" in text
    assert squeezed("Төлөгөнова Нуриза") in text
    assert squeezed("Өзгөрүш көчөсү") in text


def test_programme_qr_code_leads_to_the_public_page(training, settings):
    content, _ = pdf_of(training, kinds.PROGRAMME, "ky")
    assert qr_codes(content) == [f"{settings.SITE_URL}/ky/trainings/{training.pk}/"]


def test_programme_and_report_hold_no_name_phone_or_e_mail(training):
    for kind in (kinds.PROGRAMME, kinds.REPORT):
        for language in kinds.LANGUAGES:
            html = document_html(obj=training, kind=kind, language=language)
            assert person_name(1) not in html and PHONE_PREFIX not in html and EMAIL_DOMAIN not in html, kind


def test_attendance_sheets_have_a_page_a_day_with_every_participant_and_no_contact(training):
    _, reader = pdf_of(training, kinds.ATTENDANCE_SHEETS, "ky")
    assert len(reader.pages) == 2
    for page in reader.pages:
        text = squeezed(page.extract_text())
        for n in (1, 2, 3):
            assert squeezed(person_name(n)) in text  # Ү ө ң
        assert squeezed("Кыштут айыл аймагы") in text
        assert squeezed(PHONE_PREFIX) not in text and EMAIL_DOMAIN not in text
    assert "Колу" in text_of(reader) or "Кол" in text_of(reader)  # the signature column, in Kyrgyz


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_report_counts_by_oblast_role_gender_and_target(training, language):
    context = document_html(obj=training, kind=kinds.REPORT, language=language)
    _, reader = pdf_of(training, kinds.REPORT, language)
    text = squeezed(text_of(reader))
    assert squeezed(TITLE) in text
    region = training.project.target_municipalities.first().district.region
    with __import__("django").utils.translation.override(language):
        assert squeezed(region.name) in text
    # 3 participants, 5 planned; 2 of the target municipality (1 and 3), 1 neighbouring.
    from trainings.pdf import report_context

    stats = report_context(training)["stats"]
    assert (stats.actual, stats.planned, stats.target.participants, stats.neighbouring.participants) == (
        3,
        5,
        2,
        1,
    )
    assert '<td class="n">5</td><td class="n">3</td>' in context


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_certificate_shows_number_name_hours_signatory_and_code(training, language):
    certificate = Certificate.objects.get(code="TESTCODE00000002")
    _, reader = pdf_of(certificate, kinds.CERTIFICATE, language)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = squeezed(page.extract_text())
    for expected in (person_name(2), TITLE, "2024-000002", "TESTCODE00000002", "Жээнбекова Гүлнара", "12"):
        assert squeezed(expected) in text, expected
    assert PHONE_PREFIX.replace(" ", "") not in text and EMAIL_DOMAIN not in text


def test_certificate_qr_code_decodes_to_the_verification_url(training, settings):
    certificate = Certificate.objects.get(code="TESTCODE00000001")
    for language in kinds.LANGUAGES:
        content, _ = pdf_of(certificate, kinds.CERTIFICATE, language)
        assert qr_codes(content) == [f"{settings.SITE_URL}/{language}/certificates/TESTCODE00000001/"]


def test_the_batch_has_one_landscape_page_per_certificate_each_with_its_own_code(db, settings):
    training = documented_training(participants=12, certificates=10)
    content, reader = pdf_of(training, kinds.CERTIFICATES, "ky")
    assert len(reader.pages) == 10
    for number, page in enumerate(reader.pages, 1):
        text = squeezed(page.extract_text())
        assert squeezed(person_name(number)) in text and f"TESTCODE{number:08d}" in text
        assert page.mediabox.width > page.mediabox.height
    assert qr_codes(content, page=7) == [f"{settings.SITE_URL}/ky/certificates/TESTCODE00000007/"]


def test_the_batch_context_reads_the_same_queries_for_10_and_100_certificates(db):
    counts = {}
    for size in (10, 100):
        training = documented_training(participants=size)
        with CaptureQueriesContext(connection) as queries:
            html = document_html(obj=training, kind=kinds.CERTIFICATES, language="ky")
        assert html.count('class="certificate"') == size
        counts[size] = len(queries)
    # The training with its project and venue; the certificates with their holders.
    assert counts[10] == counts[100] == 2, counts


def test_the_batch_is_one_document_rendered_once_by_the_worker(db):
    training = documented_training(participants=5)
    document = kinds.request_documents(training, kinds=[kinds.CERTIFICATES], languages=["ky"])[0]
    assert document_render(document.pk) == "rendered"
    assert document_render(document.pk) == "ready"  # a second delivery of the task does nothing
    ready = ready_document(training, kind=kinds.CERTIFICATES, language="ky")
    assert ready.pk == document.pk and ready.pages == 5
    again = kinds.request_documents(training, kinds=[kinds.CERTIFICATES], languages=["ky"])[0]
    assert again.pk == document.pk  # same content: no new render


def test_the_certificates_are_left_out_until_some_are_issued(db):
    training = documented_training(participants=2, certificates=0)
    assert kinds.CERTIFICATES not in kinds.kinds_of(training)
    asked = {d.kind for d in kinds.request_documents(training)}
    assert asked == {kinds.PROGRAMME, kinds.ATTENDANCE_SHEETS, kinds.REPORT}


def test_file_names_are_readable_and_safe(training):
    name = registry.get(kinds.PROGRAMME).filename(training, "ky")
    assert name.endswith(".pdf") and "/" not in name and TITLE[:20] in name
    certificate = Certificate.objects.get(code="TESTCODE00000001")
    assert "2024-000001" in registry.get(kinds.CERTIFICATE).filename(certificate, "ru")
