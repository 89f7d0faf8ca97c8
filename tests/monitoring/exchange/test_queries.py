"""The exports read a fixed number of queries whatever the size of the plan."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.exchange.workbook import export_report, import_report
from monitoring.models import ActivityProgress, MonitoringReport
from tests.factories import ActivityFactory, FundingLineFactory, IndicatorFactory, IndicatorTargetFactory

pytestmark = pytest.mark.django_db


def grow(report, count):
    plan = report.plan
    for index in range(count):
        activity = ActivityFactory(objective=plan["pipe"].objective, title=f"Иш-чара {index}")
        FundingLineFactory(activity=activity, source=plan["donors"], year=2025, amount=Decimal("10"))
        ActivityProgress.objects.create(report=report, activity=activity, status="in_progress", share_done=10)
        indicator = IndicatorFactory(objective=plan["pipe"].objective)
        IndicatorTargetFactory(indicator=indicator, year=2025, value=Decimal("1"))


def count(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_workbook_and_the_open_data_take_the_same_queries_at_two_sizes(world, client, report_a):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status="published")
    report = MonitoringReport.objects.select_related("program__municipality").get(pk=report_a.pk)
    report.plan = report_a.plan
    csv_url = reverse("api:program-monitoring-csv", kwargs={"pk": report.program_id, "year": 2025})
    xlsx_url = reverse("api:program-monitoring-xlsx", kwargs={"pk": report.program_id, "year": 2025})
    small = [
        count(lambda: export_report(report)),
        count(lambda: client.get(csv_url)),
        count(lambda: client.get(xlsx_url)),
    ]
    grow(report, 12)
    large = [
        count(lambda: export_report(report)),
        count(lambda: client.get(csv_url)),
        count(lambda: client.get(xlsx_url)),
    ]
    assert small == large


def test_checking_an_unchanged_file_reads_a_fixed_number_of_queries(world, report_a):
    report = MonitoringReport.objects.select_related("program__municipality").get(pk=report_a.pk)
    report.plan = report_a.plan
    small = count(lambda: import_report(report, export_report(report), user=world.staff_a))
    grow(report, 12)
    large = count(lambda: import_report(report, export_report(report), user=world.staff_a))
    assert small == large
