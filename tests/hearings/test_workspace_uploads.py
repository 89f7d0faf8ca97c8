"""Materials and the sign-in sheet are checked by their content, not their name: a PDF named .xlsx
is a PDF, a zip named .xlsx that is not a workbook is refused, and nothing over 10 MB is kept.
The scanned sign-in sheet is served only in the workspace, as a download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from hearings.models import Attendance, HearingMaterial
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()  # a real PDF: uploaded PDFs are cleaned of active content
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def ws(name: str, *args) -> str:
    with translation.override("ky"):
        return reverse(f"hearings_ws:{name}", args=args)


def workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Кирешелер", 12_000_000])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(client, hearing, name: str, content: bytes, title: str = "Бюджет"):
    return client.post(
        ws("materials", hearing.pk), {"title": title, "file": SimpleUploadedFile(name, content)}
    )


def test_a_workbook_is_attached_and_downloaded_as_a_workbook(client, world, hearing_a):
    client.force_login(world.staff_a)
    assert upload(client, hearing_a, "budget-2027.xlsx", workbook_bytes()).status_code == 302
    material = HearingMaterial.objects.get()
    assert (material.content_kind, material.file.name.endswith(".xlsx")) == ("xlsx", True)
    response = client.get(ws("material_file", hearing_a.pk, material.pk))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_pdf_named_xlsx_is_kept_and_served_as_a_pdf(client, world, hearing_a):
    client.force_login(world.staff_a)
    assert upload(client, hearing_a, "tariff.xlsx", PDF).status_code == 302
    material = HearingMaterial.objects.get()
    assert material.content_kind == "pdf" and material.file.name.endswith(".pdf")
    response = client.get(ws("material_file", hearing_a.pk, material.pk))
    assert response["Content-Type"] == "application/pdf"
    with material.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()  # the cleaned copy


@pytest.mark.parametrize(
    "content",
    [
        zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),  # a .docx
        zip_bytes({"readme.txt": b"hello"}),  # any zip
        b"PK\x03\x04 not really a zip",  # a broken one
        "Кирешелер;Чыгашалар\n".encode(),  # a CSV renamed
    ],
    ids=["word-file", "plain-zip", "broken-zip", "csv"],
)
def test_an_xlsx_that_is_not_a_workbook_is_refused(client, world, hearing_a, content):
    client.force_login(world.staff_a)
    response = upload(client, hearing_a, "budget.xlsx", content)
    assert response.status_code == 200
    assert "Excel" in response.content.decode()  # says what may be attached
    assert not HearingMaterial.objects.exists()


def test_a_workbook_with_macros_is_refused(client, world, hearing_a):
    with zipfile.ZipFile(io.BytesIO(workbook_bytes())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/vbaProject.bin"] = b"\x00" * 32
    client.force_login(world.staff_a)
    upload(client, hearing_a, "budget.xlsx", zip_bytes(parts))
    assert not HearingMaterial.objects.exists()


def test_a_15_mb_file_is_refused_with_its_size_in_kyrgyz(client, world, hearing_a):
    client.force_login(world.staff_a)
    response = upload(client, hearing_a, "scan.pdf", PDF + b"0" * (15 * 1024 * 1024))
    page = response.content.decode()
    # Refused while it arrives (documents/upload_handlers.py), with the limit, in Kyrgyz.
    assert "Файл 10,0\xa0мегабайт чегинен чоң, ошондуктан ал кабыл алынган жок." in page
    assert not HearingMaterial.objects.exists()


def test_removing_a_material_is_for_staff(client, world, hearing_a):
    client.force_login(world.staff_a)
    upload(client, hearing_a, "budget.pdf", PDF)
    material = HearingMaterial.objects.get()
    client.force_login(world.coordinator_a)
    assert client.post(ws("material_remove", hearing_a.pk, material.pk)).status_code == 403
    assert HearingMaterial.objects.exists()
    client.force_login(world.staff_a)
    client.post(ws("material_remove", hearing_a.pk, material.pk))
    assert not HearingMaterial.objects.exists()


def test_the_sign_in_sheet_is_a_scan_served_only_in_the_workspace_as_a_download(client, world, hearing_a):
    client.force_login(world.staff_a)
    address = ws("attendance", hearing_a.pk)
    refused = client.post(
        address,
        {"women": "3", "men": "4", "sign_in_sheet": SimpleUploadedFile("sheet.xlsx", workbook_bytes())},
    )
    assert "PDF, JPEG же PNG" in refused.content.decode()
    assert not Attendance.objects.exists()
    client.post(address, {"women": "3", "men": "4", "sign_in_sheet": SimpleUploadedFile("sheet.png", PNG)})
    attendance = Attendance.objects.get()
    assert attendance.sign_in_sheet.name.endswith(".png")
    sheet = client.get(ws("sign_in_sheet", hearing_a.pk))
    assert sheet.status_code == 200 and sheet["Content-Disposition"].startswith("attachment")
    assert "no-store" in sheet["Cache-Control"]
    client.logout()
    assert "/accounts/login/" in client.get(ws("sign_in_sheet", hearing_a.pk))["Location"]
    client.force_login(world.staff_b)
    assert client.get(ws("sign_in_sheet", hearing_a.pk)).status_code == 404
