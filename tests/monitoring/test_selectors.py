"""A year's implementation against the plan: differences, targets met, totals, and its queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import services
from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from monitoring.selectors import public_reports, report_implementation, target_met
from planning.demo.sample import build_program
from planning.models import Activity, FundingSource, Indicator, Program
from tests.factories import MunicipalityFactory, ProgramFactory

pytestmark = pytest.mark.django_db

P = ActivityProgress.Status
INCREASE, DECREASE = Indicator.Direction.INCREASE, Indicator.Direction.DECREASE
D = Decimal


@pytest.mark.parametrize(
    ("direction", "target", "actual", "met"),
    [
        (INCREASE, D("70"), D("72"), True),
        (INCREASE, D("70"), D("70"), True),
        (INCREASE, D("70"), D("69.99"), False),
        (DECREASE, D("30"), D("25"), True),
        (DECREASE, D("30"), D("30"), True),
        (DECREASE, D("30"), D("31"), False),
        (INCREASE, None, D("72"), None),
        (DECREASE, D("30"), None, None),
        (DECREASE, None, None, None),
    ],
)
def test_target_met_follows_the_indicators_direction(direction, target, actual, met):
    assert target_met(direction, target, actual) is met


def _fill(report, world):
    plan = report.plan
    save = {"report": report, "user": world.staff_a}
    services.progress_save(**save, activity=plan["pipe"], status=P.COMPLETED, share_done=100)
    services.progress_save(
        **save, activity=plan["pump"], status=P.DELAYED, share_done=10, reason="Насос жок."
    )
    services.spending_save(**save, activity=plan["pipe"], source=plan["local"], amount="120000")
    services.spending_save(**save, activity=plan["pipe"], source=plan["donors"], amount="350000")
    services.actual_save(**save, indicator=plan["more"], value="72")
    services.actual_save(**save, indicator=plan["less"], value="35")


def test_each_activity_shows_the_years_plan_by_source_beside_the_actual(world, report_a):
    _fill(report_a, world)
    implementation = report_implementation(report_a)
    rows = {row.activity.title: row for row in implementation.activities}
    pipe = rows["Суу түтүгү"]
    assert [(s.source.code, s.planned, s.actual, s.difference) for s in pipe.sources] == [
        ("local-budget", D("100000"), D("120000"), D("20000")),  # 2026's 50 000 is another year
        ("donors", D("400000"), D("350000"), D("-50000")),
    ]
    assert (pipe.planned, pipe.actual, pipe.difference, pipe.status) == (
        D("500000"),
        D("470000"),
        D("-30000"),
        P.COMPLETED,
    )
    pump = rows["Насос"]
    assert [(s.source.code, s.planned, s.actual, s.difference) for s in pump.sources] == [
        ("local-budget", D("20000"), None, D("-20000"))
    ]
    assert pump.status == P.DELAYED and pump.progress.reason == "Насос жок."
    road = rows["Жол"]  # planned for 2026 only, nothing recorded: not started, nothing planned this year
    assert (road.sources, road.planned, road.actual, road.status) == ([], D("0"), D("0"), P.NOT_STARTED)


def test_each_indicator_shows_baseline_target_actual_and_whether_it_is_met(world, report_a):
    _fill(report_a, world)
    rows = {row.indicator.name: row for row in report_implementation(report_a).indicators}
    more = rows["Суу менен камсыз болгон үй-бүлөлөр"]
    assert (more.baseline, more.target, more.actual_value, more.met) == (D("60"), D("70"), D("72"), True)
    less = rows["Жоголгон суунун үлүшү"]  # a lower value is better: 35 misses the target of 30
    assert (less.baseline, less.target, less.actual_value, less.met) == (D("40"), D("30"), D("35"), False)
    IndicatorActual.objects.filter(indicator=report_a.plan["less"]).update(value=D("28"))
    rows = {row.indicator.name: row for row in report_implementation(report_a).indicators}
    assert rows["Жоголгон суунун үлүшү"].met is True


def test_an_indicator_without_an_actual_value_or_a_target_is_neither_met_nor_missed(world, report_a):
    report_2026 = MonitoringReport.objects.create(program=report_a.program, year=2026)  # no target for 2026
    services.actual_save(report=report_2026, user=world.staff_a, indicator=report_a.plan["more"], value="75")
    rows = report_implementation(report_2026).indicators
    assert [(row.target, row.met) for row in rows] == [(None, None), (None, None)]
    rows = report_implementation(report_a).indicators  # targets, but no actual values yet
    assert [(row.target, row.actual_value, row.met) for row in rows] == [
        (D("70"), None, None),
        (D("30"), None, None),
    ]


def test_totals_per_direction_and_overall(world, report_a):
    _fill(report_a, world)
    implementation = report_implementation(report_a)
    water, roads = implementation.directions
    assert (water.completed, water.delayed, water.not_started, water.activities) == (1, 1, 0, 2)
    assert (water.planned, water.actual, water.difference) == (D("520000"), D("470000"), D("-50000"))
    assert (roads.not_started, roads.planned, roads.actual) == (1, D("0"), D("0"))
    total = implementation.total
    assert (total.completed, total.in_progress, total.not_started, total.delayed, total.cancelled) == (
        1,
        0,
        1,
        1,
        0,
    )
    assert (total.planned, total.actual) == (D("520000"), D("470000"))


def test_only_published_reports_of_public_programs_are_public(world, report_a):
    assert not public_reports().exists()
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=MonitoringReport.Status.ACCEPTED)
    assert not public_reports().exists()
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=MonitoringReport.Status.PUBLISHED)
    assert list(public_reports()) == [report_a]
    draft_program = ProgramFactory(status=Program.Status.DRAFT)
    MonitoringReport.objects.create(
        program=draft_program, year=2025, status=MonitoringReport.Status.PUBLISHED
    )
    assert list(public_reports()) == [report_a]


def _report_with(activities: int) -> MonitoringReport:
    """A published sample program and a 2025 report with every record filled."""
    program = build_program(municipality=MunicipalityFactory(), activities=activities)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED)
    report = MonitoringReport.objects.create(program=program, year=2025)
    rows = list(Activity.objects.filter(objective__goal__priority__program=program))
    source = FundingSource.objects.order_by("order").first()
    ActivityProgress.objects.bulk_create(
        ActivityProgress(report=report, activity=a, status=P.IN_PROGRESS, share_done=50) for a in rows
    )
    ActivitySpending.objects.bulk_create(
        ActivitySpending(report=report, activity=a, source=source, amount=D("10")) for a in rows
    )
    IndicatorActual.objects.bulk_create(
        IndicatorActual(report=report, indicator=i, value=D("5"))
        for i in Indicator.objects.filter(objective__goal__priority__program=program)
    )
    return MonitoringReport.objects.select_related("program").get(pk=report.pk)


def _queries(report) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        implementation = report_implementation(report)
    return len(captured), implementation


def test_the_computation_costs_the_same_queries_for_10_and_300_activities(db):
    small, small_result = _queries(_report_with(10))
    large, large_result = _queries(_report_with(300))
    assert len(small_result.activities) == 10 and len(large_result.activities) == 300
    assert large_result.total.in_progress == 300
    # The plan's tree: priorities, goals, objectives, activities, funding lines, indicators with
    # their targets (7); the report's progress, spending with sources, actual values (3).
    assert small == large == 10, f"{small} queries for 10 activities, {large} for 300"
