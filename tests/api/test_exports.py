"""The action plan of a public program as CSV and XLSX."""

import csv
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from api.exports import CSV_COLUMNS
from planning.models import Activity, FundingLine
from planning.selectors import program_funding_lines
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def filename(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    return unquote(header.split("filename*=utf-8''")[1])


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_a_row_per_activity_source_and_year(client, open_data):
    program = open_data.published_a
    response = client.get(f"/api/v1/programs/{program.pk}/action-plan.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM, so that Excel reads UTF-8
    assert response.content.decode("utf-8-sig").splitlines()[0].split(",") == CSV_COLUMNS
    assert filename(response).startswith("Көк-Жар айыл аймагы - ")
    assert filename(response).endswith(" 2025-2029.csv")

    rows = csv_rows(response)
    lines = program_funding_lines(program)
    assert len(rows) == lines.count()
    first = rows[0]
    assert first["program_id"] == str(program.pk)
    assert first["municipality"] == "Көк-Жар айыл аймагы"
    assert first["code"] == "1.1.1.1"
    assert first["sector_code"] == "population" and first["sector"] == "Калк жана демография"
    assert first["village"] == "Көк-Жар"
    assert first["tags"] == "for_women;climate_adaptation"
    assert (first["funding_source_code"], first["year"], first["amount"]) == (
        "local-budget",
        "2025",
        "10000.00",
    )
    # Dots, two decimals, and the same money as the plan.
    assert all("," not in row["amount"] and row["amount"].count(".") == 1 for row in rows)
    assert sum(Decimal(row["amount"]) for row in rows) == sum(line.amount for line in lines)


def test_csv_in_russian_and_english(client, open_data):
    path = f"/api/v1/programs/{open_data.published_a.pk}/action-plan.csv"
    russian = csv_rows(client.get(path, {"lang": "ru"}))
    assert russian[0]["sector"] == "Население и демография"
    assert russian[0]["funding_source"] == "Местный бюджет"
    english = client.get(path, {"lang": "en"})
    assert csv_rows(english)[0]["sector"] == "Population and demography"
    assert filename(english) == "Kök-Jar aiyl aimak - action plan 2025-2029.csv"


def test_csv_keeps_activities_without_money_and_defuses_formulas(client, open_data):
    program = open_data.published_a
    first = Activity.objects.filter(objective__goal__priority__program=program).first()
    ActivityFactory(objective=first.objective, title="=HYPERLINK(1)", order=99, sector=first.sector)
    rows = csv_rows(client.get(f"/api/v1/programs/{program.pk}/action-plan.csv"))
    unfunded = [row for row in rows if row["activity"] == "'=HYPERLINK(1)"]
    assert len(unfunded) == 1
    assert (unfunded[0]["funding_source"], unfunded[0]["year"], unfunded[0]["amount"]) == ("", "", "")


def test_csv_of_a_program_without_activities(client, open_data):
    program = open_data.superseded_b
    FundingLine.objects.filter(activity__objective__goal__priority__program=program).delete()
    Activity.objects.filter(objective__goal__priority__program=program).delete()
    response = client.get(f"/api/v1/programs/{program.pk}/action-plan.csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [",".join(CSV_COLUMNS)]


def test_xlsx_is_the_action_plan_workbook(client, open_data):
    program = open_data.published_a
    response = client.get(f"/api/v1/programs/{program.pk}/action-plan.xlsx", {"lang": "ru"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name_ru = open_data.world.municipality_a.name_ru
    assert filename(response).startswith(f"{name_ru} - ") and filename(response).endswith(" 2025-2029.xlsx")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith(f"{name_ru} — {program.title}")
    assert rows[2][0] == "1.1.1.1"
    # In Russian: the sector's Russian name.
    assert "Население и демография" in rows[2]


def test_xlsx_defaults_to_kyrgyz(client, open_data):
    response = client.get(f"/api/v1/programs/{open_data.published_a.pk}/action-plan.xlsx")
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    assert "Калк жана демография" in rows[2]


@pytest.mark.parametrize("lang", ["de", "KY", ""])
def test_unknown_language_is_400(client, open_data, lang):
    for extension in ["csv", "xlsx"]:
        response = client.get(
            f"/api/v1/programs/{open_data.published_a.pk}/action-plan.{extension}", {"lang": lang}
        )
        assert response.status_code == 400
        assert set(response.json()) == {"lang"}


def test_errors_are_json_whatever_the_client_accepts(client, open_data):
    response = client.get("/api/v1/programs/987654/action-plan.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
