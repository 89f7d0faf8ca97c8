"""GET /api/v1/programs/<id>/monitoring/: a public program's published yearly reports, nothing else."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from config import page_cache
from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from monitoring.selectors import report_implementation
from planning.demo.sample import build_program
from planning.models import Activity, FundingSource, Indicator, Program
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.monitoring.conftest import published_a, report_a  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def publish_report(report: MonitoringReport) -> MonitoringReport:
    MonitoringReport.objects.filter(pk=report.pk).update(
        status=MonitoringReport.Status.PUBLISHED,
        jmeg_verified_on=date(report.year + 1, 1, 20),
        council_heard_on=date(report.year + 1, 2, 10),
        published_at=datetime(report.year + 1, 2, 15, 9, 0, tzinfo=UTC),
    )
    report.refresh_from_db()
    return report


def fill(report: MonitoringReport) -> None:
    plan = report.plan
    ActivityProgress.objects.create(report=report, activity=plan["pipe"], status="completed", share_done=100)
    ActivityProgress.objects.create(
        report=report, activity=plan["pump"], status="delayed", reason="Насос келген жок", share_done=30
    )
    ActivitySpending.objects.create(report=report, activity=plan["pipe"], source=plan["local"], amount=90000)
    ActivitySpending.objects.create(
        report=report, activity=plan["pipe"], source=plan["donors"], amount=410000
    )
    IndicatorActual.objects.create(report=report, indicator=plan["more"], value=Decimal("72"))
    IndicatorActual.objects.create(report=report, indicator=plan["less"], value=Decimal("35"))


def get(client, program_id) -> dict:
    page_cache.clear()  # the view's own answer, not one kept from before
    response = client.get(f"/api/v1/programs/{program_id}/monitoring/")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def test_the_published_report_has_the_figures_of_the_selector(client, report_a):  # noqa: F811
    fill(report_a)
    publish_report(report_a)
    expected = report_implementation(report_a)
    (report,) = get(client, report_a.program_id)["reports"]

    assert report["year"] == 2025
    assert report["jmeg_verified_on"] == "2026-01-20" and report["council_heard_on"] == "2026-02-10"
    assert report["status_counts"] == {
        "not_started": 1,
        "in_progress": 0,
        "completed": 1,
        "delayed": 1,
        "cancelled": 0,
    }
    assert report["planned"] == money(expected.total.planned) == "520000.00"
    assert report["actual"] == money(expected.total.actual) == "500000.00"
    assert report["difference"] == "-20000.00"
    by_id = {row["id"]: row for row in report["activities"]}
    assert len(by_id) == 3
    for row in expected.activities:
        answer = by_id[row.activity.pk]
        assert answer["title"] == row.activity.title and answer["code"] == row.activity.code
        assert answer["status"] == row.status
        assert [
            (s["source"]["code"], s["planned"], s["actual"], s["difference"]) for s in answer["spending"]
        ] == [(s.source.code, money(s.planned), money(s.actual), money(s.difference)) for s in row.sources]
    pipe, pump = by_id[report_a.plan["pipe"].pk], by_id[report_a.plan["pump"].pk]
    assert pipe["share_done"] == 100 and pipe["spending"][0]["difference"] == "-10000.00"
    assert pump["status"] == "delayed" and pump["reason"] == "Насос келген жок"
    assert pump["spending"][0]["actual"] is None and pump["spending"][0]["difference"] == "-20000.00"
    assert by_id[report_a.plan["road"].pk]["spending"] == []  # its money is for 2026

    indicators = {row["id"]: row for row in report["indicators"]}
    more, less = indicators[report_a.plan["more"].pk], indicators[report_a.plan["less"].pk]
    assert (more["baseline"], more["target"], more["actual"], more["target_met"]) == (
        "60.00",
        "70.00",
        "72.00",
        True,
    )
    # Less is better: 35 lost against a target of 30 misses it.
    assert (less["direction"], less["actual"], less["target_met"]) == ("decrease", "35.00", False)


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "accepted"])
def test_an_unpublished_report_is_absent(client, report_a, status):  # noqa: F811
    fill(report_a)
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=status, jmeg_verified_on=date(2026, 1, 20))
    report_a.comments.create(text="Секреттүү эскертүү")
    later = publish_report(MonitoringReport.objects.create(program=report_a.program, year=2026))

    answer = get(client, report_a.program_id)
    assert [report["year"] for report in answer["reports"]] == [later.year]
    assert "Секреттүү" not in str(answer) and "Насос келген жок" not in str(answer)


def test_a_program_without_published_reports_answers_an_empty_list(client, published_a):  # noqa: F811
    assert get(client, published_a.pk) == {"program": published_a.pk, "reports": []}


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "endorsed", "approved"])
def test_a_program_that_is_not_public_is_404(client, report_a, status):  # noqa: F811
    publish_report(report_a)
    Program.objects.filter(pk=report_a.program_id).update(status=status)
    response = client.get(f"/api/v1/programs/{report_a.program_id}/monitoring/")
    assert response.status_code == 404
    assert "reports" not in response.json()


@pytest.mark.parametrize(
    "program_id",
    ["0", "-1", "abc", "1.5", "99999999999999999999999", "2147483648", "1%00", "1'%20OR%201=1", "%D0%B1"],
)
def test_hostile_ids_are_404_not_500(client, program_id):
    response = client.get(f"/api/v1/programs/{program_id}/monitoring/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def program_with_reports(activities: int, years: int) -> Program:
    program = build_program(municipality=MunicipalityFactory(), activities=activities)
    Program.objects.filter(pk=program.pk).update(status="published")
    source = FundingSource.objects.order_by("order").first()
    all_activities = list(Activity.objects.filter(objective__goal__priority__program=program))
    indicators = list(Indicator.objects.filter(objective__goal__priority__program=program))
    for year in range(2025, 2025 + years):
        report = publish_report(MonitoringReport.objects.create(program=program, year=year))
        ActivityProgress.objects.bulk_create(
            ActivityProgress(report=report, activity=a, status="in_progress", share_done=50)
            for a in all_activities
        )
        ActivitySpending.objects.bulk_create(
            ActivitySpending(report=report, activity=a, source=source, amount=1000) for a in all_activities
        )
        IndicatorActual.objects.bulk_create(
            IndicatorActual(report=report, indicator=i, value=Decimal("1")) for i in indicators
        )
    return program


def monitoring_queries(client, program: Program) -> tuple[int, dict]:
    path = f"/api/v1/programs/{program.pk}/monitoring/"
    client.get(path)  # warm what is read once per process
    page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.json()


def test_queries_do_not_grow_with_the_number_of_reports(client, reference):
    one, one_answer = monitoring_queries(client, program_with_reports(activities=10, years=1))
    three, three_answer = monitoring_queries(client, program_with_reports(activities=10, years=3))
    assert len(one_answer["reports"]) == 1 and len(three_answer["reports"]) == 3
    assert one == three, f"{one} queries for 1 report, {three} for 3"


def test_queries_do_not_grow_with_the_number_of_activities(client, reference):
    small, small_answer = monitoring_queries(client, program_with_reports(activities=10, years=2))
    large, large_answer = monitoring_queries(client, program_with_reports(activities=50, years=2))
    assert len(small_answer["reports"][0]["activities"]) == 10
    assert len(large_answer["reports"][0]["activities"]) == 50
    assert large_answer["reports"][0]["status_counts"]["in_progress"] == 50
    assert small == large, f"{small} queries for 10 activities, {large} for 50"


def test_the_schema_types_every_figure():
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/programs/{id}/monitoring/"]["get"]
    assert {"200", "400", "404", "429"} <= set(operation["responses"])
    components = schema["components"]["schemas"]
    report = components["MonitoringReport"]["properties"]
    assert report["jmeg_verified_on"]["format"] == "date" and report["council_heard_on"]["format"] == "date"
    activity = components["ActivityProgress"]["properties"]
    assert activity["share_done"]["type"] == "integer"
    assert components["SourceSpending"]["properties"]["planned"]["format"] == "decimal"
    assert components["IndicatorActual"]["properties"]["target_met"]["type"] == "boolean"


@pytest.mark.parametrize(
    ("small", "large"),
    [((10, 1), (300, 1)), ((10, 1), (10, 5)), ((10, 1), (300, 5))],
    ids=["activities", "years", "both"],
)
def test_queries_are_the_same_for_10_and_300_activities_and_1_and_5_years(client, reference, small, large):
    counts = {}
    for activities, years in (small, large):
        count, answer = monitoring_queries(client, program_with_reports(activities=activities, years=years))
        assert len(answer["reports"]) == years and len(answer["reports"][0]["activities"]) == activities
        counts[(activities, years)] = count
    assert counts[small] == counts[large], counts


def test_the_answer_is_kept_until_the_next_publication(client, reference):
    """Kept whole per publication generation (config/page_cache.py): the second visitor costs the
    generation's one query; a newly published report is seen at once."""
    program = program_with_reports(activities=10, years=1)
    path = f"/api/v1/programs/{program.pk}/monitoring/"
    page_cache.clear()
    assert len(client.get(path).json()["reports"]) == 1
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get(path).json()["reports"]) == 1
    assert len(captured) == 1
    from monitoring import workflow

    report = MonitoringReport.objects.create(
        program=program,
        year=2026,
        status=MonitoringReport.Status.ACCEPTED,
        jmeg_verified_on=date(2027, 1, 20),
        council_heard_on=date(2027, 2, 10),
    )
    head = MembershipFactory(municipality=program.municipality, role="head").user
    workflow.report_publish(report=report, user=head, expected_version=report.version)
    assert len(client.get(path).json()["reports"]) == 2
