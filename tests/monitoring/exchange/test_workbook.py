"""The report's workbook both ways: export → fill in → import changes the report through the
services; any bad row saves nothing and is listed with its sheet, row and reason."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from monitoring import services
from monitoring.exchange.workbook import (
    ACTIVITIES,
    INDICATORS,
    SPENDING,
    export_report,
    import_report,
)
from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from tests.monitoring.exchange.conftest import column, row_of, sheet_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def snapshot(report):
    return (
        sorted(
            ActivityProgress.objects.filter(report=report).values_list(
                "activity", "status", "share_done", "reason", "comment"
            )
        ),
        sorted(ActivitySpending.objects.filter(report=report).values_list("activity", "source", "amount")),
        sorted(
            IndicatorActual.objects.filter(report=report).values_list(
                "indicator", "value", "women", "men", "source"
            )
        ),
        MonitoringReport.objects.get(pk=report.pk).version,
    )


def test_the_workbook_has_the_sheets_the_rows_and_the_current_values(world, report_a):
    plan = report_a.plan
    services.progress_save(
        report=report_a, user=world.staff_a, activity=plan["pipe"], status="in_progress", share_done=40
    )
    services.spending_save(
        report=report_a, user=world.staff_a, activity=plan["pipe"], source=plan["local"], amount="90000"
    )
    book = load_workbook(BytesIO(export_report(report_a)))
    assert [s.title for s in book.worksheets] == ["Instructions", "Activities", "Spending", "Indicators"]
    activities = sheet_of(book, ACTIVITIES)
    # One row per activity; the key columns are hidden and the sheet protected.
    assert activities.max_row == 2 + 3
    assert activities.column_dimensions["A"].hidden and activities.column_dimensions["B"].hidden
    assert activities.protection.sheet
    pipe = row_of(activities, ACTIVITIES, plan["pipe"].pk)
    assert activities.cell(pipe, column(ACTIVITIES, "status")).value == "in progress"
    assert activities.cell(pipe, column(ACTIVITIES, "share_done")).value == 40
    assert not activities.cell(pipe, column(ACTIVITIES, "status")).protection.locked
    assert activities.cell(pipe, column(ACTIVITIES, "title")).protection.locked
    assert activities["B1"].value == f"{report_a.pk}/{MonitoringReport.objects.get(pk=report_a.pk).version}"
    [status_list] = [v for v in activities.data_validations.dataValidation if v.type == "list"]
    assert status_list.formula1 == '"not started,in progress,completed,delayed,cancelled"'

    spending = sheet_of(book, SPENDING)
    # The 2025 lines: pipe × local, pipe × donors, pump × local (the road has no money in 2025).
    assert spending.max_row == 2 + 3
    local = row_of(spending, SPENDING, plan["pipe"].pk, source=plan["local"].pk)
    assert spending.cell(local, column(SPENDING, "planned")).value == 100000
    assert spending.cell(local, column(SPENDING, "amount")).value == 90000
    donors = row_of(spending, SPENDING, plan["pipe"].pk, source=plan["donors"].pk)
    assert spending.cell(donors, column(SPENDING, "amount")).value is None

    indicators = sheet_of(book, INDICATORS)
    more = row_of(indicators, INDICATORS, plan["more"].pk)
    assert indicators.cell(more, column(INDICATORS, "baseline")).value == 60
    assert indicators.cell(more, column(INDICATORS, "target")).value == 70


def test_the_instructions_and_the_statuses_are_in_the_users_language(world, report_a):
    with translation.override("ky"):
        book = load_workbook(BytesIO(export_report(report_a)))
    activities = sheet_of(book, ACTIVITIES)
    assert book.worksheets[0]["A1"].value.startswith("Мониторинг")
    assert activities.cell(3, column(ACTIVITIES, "status")).value == "башталган жок"


def test_export_fill_import_changes_the_report(world, report_a, filled):
    plan = report_a.plan
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, plan["pipe"].pk, "status", "delayed")
    workbook.set(ACTIVITIES, plan["pipe"].pk, "share_done", 30)
    workbook.set(ACTIVITIES, plan["pipe"].pk, "reason", "Подрядчик кечикти")
    workbook.set(ACTIVITIES, plan["pump"].pk, "status", "аткарылды")  # a Kyrgyz label
    workbook.set(ACTIVITIES, plan["road"].pk, "status", "выполнено")  # a Russian label
    workbook.set(SPENDING, plan["pipe"].pk, "amount", "95 000,50", source=plan["local"].pk)
    workbook.set(SPENDING, plan["pump"].pk, "amount", 20000, source=plan["local"].pk)
    workbook.set(INDICATORS, plan["more"].pk, "value", 72)
    workbook.set(INDICATORS, plan["more"].pk, "women", 40)
    workbook.set(INDICATORS, plan["more"].pk, "men", 32)
    workbook.set(INDICATORS, plan["more"].pk, "source", "Айыл өкмөтүнүн эсеби")
    result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    assert result.ok, result.errors
    assert result.changed == 3 + 2 + 1
    progress = {p.activity_id: p for p in ActivityProgress.objects.filter(report=report_a)}
    assert (progress[plan["pipe"].pk].status, progress[plan["pipe"].pk].share_done) == ("delayed", 30)
    assert progress[plan["pipe"].pk].reason == "Подрядчик кечикти"
    assert (progress[plan["pump"].pk].status, progress[plan["pump"].pk].share_done) == ("completed", 100)
    assert progress[plan["road"].pk].status == "completed"
    spent = {(s.activity_id, s.source_id): s.amount for s in ActivitySpending.objects.filter(report=report_a)}
    assert spent == {
        (plan["pipe"].pk, plan["local"].pk): Decimal("95000.50"),
        (plan["pump"].pk, plan["local"].pk): Decimal("20000.00"),
    }
    actual = IndicatorActual.objects.get(report=report_a, indicator=plan["more"])
    assert (actual.value, actual.women, actual.men, actual.source) == (
        Decimal("72"),
        Decimal("40"),
        Decimal("32"),
        "Айыл өкмөтүнүн эсеби",
    )

    # The same file again: the report moved on, but its rows now equal the report's: nothing to do.
    again = import_report(report_a, workbook.bytes(), user=world.staff_a)
    assert again.ok and again.changed == 0
