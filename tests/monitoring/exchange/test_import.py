"""The import, all or nothing: one bad row among good ones saves nothing, and every bad row is
listed with its sheet, row, column and reason; files that are not the report's workbook are
refused with a message, fast."""

import time
import zipfile
from io import BytesIO

import pytest
from django.utils import translation

from monitoring import services
from monitoring.exchange.workbook import ACTIVITIES, INDICATORS, SPENDING, import_report
from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from tests.monitoring.exchange.conftest import column, row_of, sheet_of
from tests.monitoring.exchange.test_workbook import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def only_error(result):
    assert not result.ok
    [error] = result.errors
    return error


def test_one_bad_row_among_good_ones_saves_nothing(world, report_a, filled):
    plan = report_a.plan
    before = snapshot(report_a)
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, plan["pipe"].pk, "status", "completed")
    workbook.set(SPENDING, plan["pipe"].pk, "amount", 1000, source=plan["local"].pk)
    bad = workbook.set(SPENDING, plan["pump"].pk, "amount", "a lot", source=plan["local"].pk)
    workbook.set(INDICATORS, plan["more"].pk, "value", 72)
    result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    error = only_error(result)
    assert (error.sheet, error.row, error.column) == ("Spending", bad, "Actually spent, KGS")
    assert error.message == "Enter a number, for example 1500 or 12.5."
    assert snapshot(report_a) == before


REASONS = [
    # (sheet, which row, column key, typed, the column's title, the reason)
    (ACTIVITIES, "pipe", "status", "finished", "Status", "«finished» is not a status; choose one of:"),
    (ACTIVITIES, "pipe", "status", None, "Status", "Choose the activity's status."),
    (
        ACTIVITIES,
        "pipe",
        "share_done",
        120,
        "Share done, %",
        "The share done is a whole number from 0 to 100.",
    ),
    (
        ACTIVITIES,
        "pipe",
        "share_done",
        -5,
        "Share done, %",
        "The share done is a whole number from 0 to 100.",
    ),
    (
        ACTIVITIES,
        "pipe",
        "share_done",
        "half",
        "Share done, %",
        "The share done is a whole number from 0 to 100.",
    ),
    (SPENDING, "pipe", "amount", -10, "Actually spent, KGS", "The amount cannot be negative."),
    (SPENDING, "pipe", "amount", "много", "Actually spent, KGS", "Enter a number, for example 1500 or 12.5."),
    (INDICATORS, "more", "value", "=A1+1", "Actual value", "Enter a number, for example 1500 or 12.5."),
    (INDICATORS, "more", "women", -1, "Of which women", "The amount cannot be negative."),
]


@pytest.mark.parametrize(("kind", "name", "key", "typed", "title", "reason"), REASONS)
def test_every_reason_is_given_at_its_row_and_column(
    world, report_a, filled, kind, name, key, typed, title, reason
):
    plan = report_a.plan
    before = snapshot(report_a)
    workbook = filled(report_a)
    source = plan["local"].pk if kind == SPENDING else None
    number = workbook.set(kind, plan[name].pk, key, typed, source=source)
    if kind == ACTIVITIES and key == "share_done":
        workbook.set(kind, plan[name].pk, "status", "in progress")
    error = only_error(import_report(report_a, workbook.bytes(), user=world.staff_a))
    assert (error.row, error.column) == (number, title)
    assert error.message.startswith(reason)
    assert snapshot(report_a) == before


@pytest.mark.parametrize("status", ["delayed", "cancelled"])
def test_a_delayed_or_cancelled_activity_needs_its_reason(world, report_a, filled, status):
    workbook = filled(report_a)
    number = workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "status", status)
    error = only_error(import_report(report_a, workbook.bytes(), user=world.staff_a))
    assert (error.row, error.column) == (number, "Reason (if delayed or cancelled)")
    assert error.message.startswith("Say why the activity is")


def test_a_completed_activity_with_a_share_under_100_is_refused(world, report_a, filled):
    plan = report_a.plan
    services.progress_save(
        report=report_a, user=world.staff_a, activity=plan["pipe"], status="in_progress", share_done=40
    )
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, plan["pipe"].pk, "status", "completed")
    error = only_error(import_report(report_a, workbook.bytes(), user=world.staff_a))
    assert error.message.startswith("A completed activity is done in full")


def test_unknown_ids_and_an_activity_of_another_program_are_refused(world, report_a, filled):
    from tests.factories import ActivityFactory, IndicatorFactory

    plan = report_a.plan
    foreign = ActivityFactory()  # of another program
    foreign_indicator = IndicatorFactory()
    workbook = filled(report_a)
    activities = sheet_of(workbook.book, ACTIVITIES)
    spending = sheet_of(workbook.book, SPENDING)
    indicators = sheet_of(workbook.book, INDICATORS)
    pipe = row_of(activities, ACTIVITIES, plan["pipe"].pk)
    pump = row_of(activities, ACTIVITIES, plan["pump"].pk)
    activities.cell(pipe, 1).value = foreign.pk
    activities.cell(pump, 1).value = 987654321
    local = row_of(spending, SPENDING, plan["pipe"].pk, source=plan["local"].pk)
    spending.cell(local, column(SPENDING, "source")).value = 987654321
    more = row_of(indicators, INDICATORS, plan["more"].pk)
    indicators.cell(more, 1).value = foreign_indicator.pk
    result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    assert [(e.sheet, e.row) for e in result.errors] == [
        ("Activities", pipe),
        ("Activities", pump),
        ("Spending", local),
        ("Indicators", more),
    ]
    assert result.errors[0].message.startswith("this row's activity is not one of this report's program")
    assert result.errors[2].message.startswith("this row's funding source is not known")
    assert result.errors[3].message.startswith("this row's indicator is not one of this report's program")


def test_the_same_activity_twice_is_refused(world, report_a, filled):
    plan = report_a.plan
    workbook = filled(report_a)
    activities = sheet_of(workbook.book, ACTIVITIES)
    pump = row_of(activities, ACTIVITIES, plan["pump"].pk)
    activities.cell(pump, 1).value = plan["pipe"].pk
    error = only_error(import_report(report_a, workbook.bytes(), user=world.staff_a))
    assert error.row == pump and "row 3" in error.message


def test_every_bad_row_is_listed_in_kyrgyz_and_russian(world, report_a, filled):
    plan = report_a.plan
    with translation.override("ky"):  # the Kyrgyz workbook
        workbook = filled(report_a)
    first = workbook.set(ACTIVITIES, plan["pipe"].pk, "status", "кечиктирилди")  # delayed, no reason
    second = workbook.set(SPENDING, plan["pump"].pk, "amount", -3, source=plan["local"].pk)
    with translation.override("ky"):
        result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        (
            "Иш-чаралар",
            first,
            "Себеби (кечиктирилсе же жокко чыгарылса)",
            "Иш-чара эмне үчүн «кечиктирилди» экенин жазыңыз: себеби милдеттүү.",
        ),
        ("Чыгымдар", second, "Иш жүзүндө сарпталды, сом", "Сумма терс боло албайт."),
    ]
    with translation.override("ru"):
        result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    assert [e.row for e in result.errors] == [first, second]
    assert result.errors[1].message == "Сумма не может быть отрицательной."


def test_a_refusal_of_a_service_while_saving_undoes_the_rows_saved_before(
    world, report_a, filled, monkeypatch
):
    """All or nothing in the saving too: a row the checks let through and a service refuses."""
    plan = report_a.plan
    before = snapshot(report_a)
    workbook = filled(report_a)
    workbook.set(ACTIVITIES, plan["pipe"].pk, "status", "completed")
    workbook.set(SPENDING, plan["pipe"].pk, "amount", 1000, source=plan["local"].pk)
    number = workbook.set(INDICATORS, plan["more"].pk, "value", 72)

    def refuse(**kwargs):
        raise services.MonitoringError("No.", field="value")

    monkeypatch.setattr(services, "actual_save", refuse)
    result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    error = only_error(result)
    assert (error.sheet, error.row, error.column, error.message) == (
        "Indicators",
        number,
        "Actual value",
        "No.",
    )
    assert snapshot(report_a) == before


def test_a_workbook_of_another_report_is_refused(world, report_a, filled):
    other = MonitoringReport.objects.create(program=report_a.program, year=2026)
    workbook = filled(other)
    workbook.set(ACTIVITIES, report_a.plan["pipe"].pk, "status", "completed")
    before = snapshot(report_a)
    error = only_error(import_report(report_a, workbook.bytes(), user=world.staff_a))
    assert error.row is None
    assert error.message.startswith("This workbook was downloaded from another monitoring report")
    assert snapshot(report_a) == before


def test_a_file_that_is_not_a_workbook_is_refused_by_its_content(world, report_a):
    for content in (b"%PDF-1.4 not a workbook", b"PK\x03\x04 broken zip", b"\xd0\xcf\x11\xe0old excel"):
        error = only_error(import_report(report_a, content, user=world.staff_a))
        assert "Excel" in error.message
    docx = BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    error = only_error(import_report(report_a, docx.getvalue(), user=world.staff_a))
    assert error.message.startswith("The file is not an Excel workbook (.xlsx).")


def test_a_workbook_that_is_not_a_report_is_refused(world, report_a):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "Amount"])
    out = BytesIO()
    book.save(out)
    error = only_error(import_report(report_a, out.getvalue(), user=world.staff_a))
    assert error.message.startswith("This is not the workbook of a monitoring report")


def test_a_crafted_workbook_is_refused_fast(world, report_a, filled):
    from tests.planning.exchange.test_hostile_workbooks import shared_strings

    data = shared_strings(filled(report_a).bytes(), 200_000, b"<si/>")
    started = time.perf_counter()
    error = only_error(import_report(report_a, data, user=world.staff_a))
    assert time.perf_counter() - started < 2.0
    assert error.message.startswith("The Excel file holds far more than a monitoring report")


def test_a_change_on_the_portal_after_the_download_is_kept_or_a_conflict(world, report_a, filled):
    plan = report_a.plan
    workbook = filled(report_a)
    # After the download, a colleague records two things on the portal.
    services.progress_save(
        report=report_a, user=world.head_a, activity=plan["pump"], status="in_progress", share_done=50
    )
    services.spending_save(
        report=report_a, user=world.head_a, activity=plan["pipe"], source=plan["local"], amount=5
    )
    # The file changes the pipe's spending too, and a third row the portal did not touch.
    conflict = workbook.set(SPENDING, plan["pipe"].pk, "amount", 7, source=plan["local"].pk)
    workbook.set(INDICATORS, plan["more"].pk, "value", 72)
    error = only_error(import_report(report_a, workbook.bytes(), user=world.staff_a))
    assert (error.sheet, error.row) == ("Spending", conflict)
    assert error.message.startswith("this row was changed on the portal after the file was downloaded")
    # Without the conflicting row, the pump keeps the portal's value and the indicator is saved.
    workbook.set(SPENDING, plan["pipe"].pk, "amount", None, source=plan["local"].pk)
    result = import_report(report_a, workbook.bytes(), user=world.staff_a)
    assert result.ok and result.stale and (result.changed, result.kept) == (1, 2)
    assert ActivityProgress.objects.get(report=report_a, activity=plan["pump"]).share_done == 50
    assert ActivitySpending.objects.get(report=report_a, activity=plan["pipe"]).amount == 5
    assert IndicatorActual.objects.get(report=report_a, indicator=plan["more"]).value == 72
