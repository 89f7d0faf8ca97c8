"""The coordinators' dashboard's monitoring stage: each municipality's latest report (year and
status) and whether a report is late (MONITORING_REPORT_DUE of the next year, not published)."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.models import ProjectCoordinator
from monitoring.models import MonitoringReport
from monitoring.rollups.dashboard import LATE, STATUS, YEAR, due_date, late_years
from planning.models import Program
from planning.review.dashboard import dashboard_rows
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def published(municipality, start=2024, end=2026, on=date(2024, 1, 15), **kwargs):
    return ProgramFactory(
        municipality=municipality, start_year=start, end_year=end, status=Program.Status.PUBLISHED,
        published_at=aware(on), **kwargs,
    )  # fmt: skip


def row_of(world, today, municipality=None, language="en"):
    with translation.override(language):  # the cells are written in the language of the request
        rows = dashboard_rows(user=world.coordinator_a, today=today)
    municipality = municipality or world.municipality_a
    return next(row for row in rows if row.municipality.pk == municipality.pk)


def test_the_due_day_follows_the_setting(settings):
    assert due_date(2025) == date(2026, 3, 1)
    settings.MONITORING_REPORT_DUE = "04-15"
    assert due_date(2025) == date(2026, 4, 15)


def test_no_published_program_no_stage_and_nothing_late(world):
    ProgramFactory(municipality=world.municipality_a, status=Program.Status.DRAFT)
    row = row_of(world, date(2026, 6, 1))
    assert row.extras[STATUS].text == "no published program"
    assert row.extras[LATE].text == "—"


@pytest.mark.parametrize(
    "today, late",
    [
        (date(2025, 3, 1), []),  # the 2024 report is due today: not late yet
        (date(2025, 3, 2), [2024]),
        (date(2026, 3, 2), [2024, 2025]),
    ],
)
def test_a_report_is_late_the_day_after_it_is_due(world, today, late):
    published(world.municipality_a)
    row = row_of(world, today)
    assert row.extras[STATUS].text == "no report"
    assert row.extras["monitoring_late_years"] == late
    assert (row.extras[LATE].flag == "danger") is bool(late)


def test_submitted_or_accepted_is_still_late_published_is_not(world):
    program = published(world.municipality_a)
    MonitoringReport.objects.create(program=program, year=2024, status="published")
    MonitoringReport.objects.create(program=program, year=2025, status="accepted")
    today = date(2026, 3, 2)
    row = row_of(world, today)
    assert row.extras[YEAR].text == "2025" and row.extras[STATUS].text == "accepted"
    assert row.extras[LATE].text == "late: 2025"
    MonitoringReport.objects.filter(program=program, year=2025).update(status="published")
    row = row_of(world, today)
    assert row.extras[STATUS].text == "published"
    assert row.extras[LATE].text == "on time"
    with translation.override("ru"):
        assert row_of(world, today, language="ru").extras[LATE].text == "в срок"


def test_each_status_shows(world):
    program = published(world.municipality_a)
    report = MonitoringReport.objects.create(program=program, year=2025)
    for status, label in MonitoringReport.Status.choices:
        report.status = status
        report.save()
        with translation.override("en"):
            assert row_of(world, date(2025, 6, 1)).extras[STATUS].text == str(label)


def test_a_year_due_before_the_program_was_published_is_not_asked_for(world):
    program = published(world.municipality_a, start=2022, end=2026, on=date(2024, 5, 1))
    # 2022 was due on 1 March 2023 and 2023 on 1 March 2024, before 1 May 2024.
    assert late_years(program, {}, date(2025, 6, 1)) == [2024]


def test_the_page_filters_the_late_ones_and_the_export_has_the_columns(world, client):
    this_year = timezone.localdate().year
    published(world.municipality_a, start=this_year - 3, end=this_year, on=date(this_year - 3, 1, 10))
    client.force_login(world.coordinator_a)
    with translation.override("en"):
        page = reverse("planning:dashboard")
        export = reverse("planning:dashboard_export")
    response = client.get(page, {"late": "yes"})
    assert [row.municipality for row in response.context["rows"]] == [world.municipality_a]
    text = response.content.decode()
    assert "text-bg-danger" in text and str(this_year - 3) in text
    assert world.municipality_a not in [
        r.municipality for r in client.get(page, {"late": "no"}).context["rows"]
    ]
    # An unknown value is dropped as the other filters' are: every row.
    assert len(client.get(page, {"late": "junk"}).context["rows"]) >= 1
    sheet = load_workbook(BytesIO(client.get(export, {"late": "yes"}).content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[-3:] == ["Latest report", "Report status", "Reports late"]
    assert sheet.max_row == 2
    assert sheet.cell(row=2, column=len(headers) - 1).value == "no report"
    assert str(this_year - 3) in sheet.cell(row=2, column=len(headers)).value


def test_one_query_for_the_stage_whatever_the_number_of_municipalities(world, django_assert_num_queries):
    from accounts.permissions import access_of
    from tests.factories import MunicipalityFactory

    project = ProjectCoordinator.objects.get(user=world.coordinator_a).project
    access_of(world.coordinator_a)
    for _n in range(20):
        municipality = MunicipalityFactory()
        project.target_municipalities.add(municipality)
        program = published(municipality)
        MonitoringReport.objects.create(program=program, year=2024, status="published")
    with django_assert_num_queries(4):  # municipalities, projects, programs, monitoring's stage
        rows = dashboard_rows(user=world.coordinator_a, today=date(2026, 6, 1))
    assert all(STATUS in row.extras for row in rows)
