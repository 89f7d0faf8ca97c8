"""The open data of a published year's report: CSV and XLSX in the API, 404 for a draft."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(report_a):
    plan = report_a.plan
    ActivityProgress.objects.create(
        report=report_a, activity=plan["pipe"], status="delayed", share_done=30, reason="=HYPERLINK(1)"
    )
    ActivityProgress.objects.create(
        report=report_a, activity=plan["pump"], status="completed", share_done=100, comment="secret"
    )
    ActivitySpending.objects.create(
        report=report_a, activity=plan["pipe"], source=plan["local"], amount=Decimal("90000")
    )
    IndicatorActual.objects.create(report=report_a, indicator=plan["more"], value=Decimal("72"), women=40)
    IndicatorActual.objects.create(report=report_a, indicator=plan["less"], value=Decimal("35"))
    MonitoringReport.objects.filter(pk=report_a.pk).update(status="published")
    return report_a


def url(name, report, **query):
    path = reverse(f"api:{name}", kwargs={"pk": report.program_id, "year": report.year})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows(response, part="activities"):
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the Kyrgyz letters right
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_activities_csv_of_a_published_report(client, published):
    response = client.get(url("program-monitoring-csv", published))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kok-jar-aiyl-aimak-monitoring-2025.csv"'
    found = rows(response)
    plan = published.plan
    pipe = [r for r in found if r["activity"] == "Суу түтүгү"]
    # The pipe's two sources of 2025, each with its planned, actual and difference.
    assert [(r["funding_source_code"], r["planned"], r["actual"], r["difference"]) for r in pipe] == [
        ("local-budget", "100000.00", "90000.00", "-10000.00"),
        ("donors", "400000.00", "", "-400000.00"),
    ]
    assert {(r["status"], r["share_done"]) for r in pipe} == {("delayed", "30")}
    # A formula-looking reason is neutralised as in the action plan's CSV.
    assert pipe[0]["reason"] == "'=HYPERLINK(1)"
    road = [r for r in found if r["activity"] == plan["road"].title]
    assert [(r["status"], r["funding_source"], r["planned"]) for r in road] == [("not_started", "", "")]
    assert b"secret" not in response.content  # the staff's comments are not open data


def test_the_indicators_csv(client, published):
    found = rows(client.get(url("program-monitoring-csv", published, part="indicators")))
    by_name = {r["indicator"]: r for r in found}
    more = by_name["Суу менен камсыз болгон үй-бүлөлөр"]
    assert (more["baseline"], more["target"], more["actual"], more["women"], more["target_met"]) == (
        "60.00",
        "70.00",
        "72.00",
        "40.00",
        "true",
    )
    # A lower value is better here: 35 misses the target of 30.
    assert by_name["Жоголгон суунун үлүшү"]["target_met"] == "false"


def test_the_xlsx_has_both_tables_in_the_language_asked(client, published):
    response = client.get(url("program-monitoring-xlsx", published, lang="ru"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kok-jar-aiyl-aimak-monitoring-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    activities, indicators = book.worksheets
    values = [[c.value for c in row] for row in activities.iter_rows()]
    assert values[0][:3] == ["Код", "Мероприятие", "Статус"]
    assert values[1][1:3] == ["Суу түтүгү", "задерживается"]  # the status label in Russian
    cell = next(c for row in activities.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s" and cell.quotePrefix
    assert len(list(indicators.iter_rows())) == 1 + 2


@pytest.mark.parametrize("name", ["program-monitoring-csv", "program-monitoring-xlsx"])
def test_a_report_that_is_not_published_is_not_found(client, report_a, name):
    for status in ("draft", "submitted", "accepted"):
        MonitoringReport.objects.filter(pk=report_a.pk).update(status=status)
        response = client.get(url(name, report_a))
        assert response.status_code == 404, status
        assert response["Content-Type"] == "application/json"
    other_year = reverse(f"api:{name}", kwargs={"pk": report_a.program_id, "year": 2026})
    assert client.get(other_year).status_code == 404


def test_a_wrong_part_or_language_is_a_400(client, published):
    assert client.get(url("program-monitoring-csv", published, part="people")).status_code == 400
    assert client.get(url("program-monitoring-csv", published, lang="de")).status_code == 400


def test_a_year_or_a_program_out_of_any_range_is_a_404(client, published):
    huge = "9" * 25
    assert client.get(f"/api/v1/programs/{published.program_id}/monitoring/{huge}.csv").status_code == 404
    assert client.get(f"/api/v1/programs/{huge}/monitoring/2025.xlsx").status_code == 404


def test_the_open_data_page_names_the_report_files(client):
    page = client.get(reverse("open_data")).content.decode()
    assert "/api/v1/programs/{id}/monitoring/{year}.csv" in page
    assert "/api/v1/programs/{id}/monitoring/{year}.xlsx" in page
