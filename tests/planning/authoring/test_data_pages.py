"""The financial model page and export, and the import page (the history: test_history.py)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from planning.demo.sample import build_program
from planning.exchange.action_plan import export_action_plan
from planning.models import Activity, EditLock
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def program(reference):
    municipality = MunicipalityFactory(name_ky="Көк-Жар айыл аймагы")
    return build_program(municipality=municipality, activities=12)


@pytest.fixture
def staff(program):
    return MembershipFactory(municipality=program.municipality).user


def test_finance_page_shows_the_computed_model(client, program, staff):
    client.force_login(staff)
    body = client.get(url("finance", program.pk)).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "Жергиликтүү бюджет" in body or "Республикалык бюджет" in body


def test_financial_model_exports_to_excel_in_the_users_language(client, program, staff):
    client.force_login(staff)
    response = client.get(url("export_finance", program.pk, language="ru"))
    assert response["Content-Type"] == XLSX_TYPE
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[0] == "По источникам и годам"
    sheet = book.worksheets[0]
    assert sheet.cell(row=4, column=1).value == "Источник финансирования"
    assert [sheet.cell(row=4, column=c).value for c in range(2, 7)] == [str(y) for y in program.years]


def test_import_applies_a_file_and_moves_the_action_plan_locks(client, program, staff):
    client.force_login(staff)
    priority = program.priorities.first()
    table = url("priority_activities", program.pk, priority.pk)
    stale = form_data(client.get(table))  # someone has the direction's table open
    book = load_workbook(BytesIO(export_action_plan(program)))
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == "Коду")
    first_code = sheet.cell(row=header_row + 1, column=1).value
    for row in range(header_row + 1, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == first_code:  # every row of the first activity
            sheet.cell(row=row, column=2).value = "Excel'ден өзгөртүлдү"
    buffer = BytesIO()
    book.save(buffer)
    response = client.post(
        url("import", program.pk), {"file": SimpleUploadedFile("plan.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302
    assert Activity.objects.filter(title="Excel'ден өзгөртүлдү").exists()
    assert EditLock.objects.get(program=program, part=f"action_plan:{priority.pk}").version >= 1
    # The open table cannot overwrite the import.
    assert client.post(table, stale).status_code == 409


def test_import_of_a_bad_file_changes_nothing_and_says_why_in_kyrgyz(client, program, staff):
    client.force_login(staff)
    before = list(Activity.objects.order_by("pk").values_list("title", "start_year"))
    response = client.post(
        url("import", program.pk), {"file": SimpleUploadedFile("plan.xlsx", b"not an excel file")}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Эч нерсе импорттолгон жок" in body
    assert list(Activity.objects.order_by("pk").values_list("title", "start_year")) == before
