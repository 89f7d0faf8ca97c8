"""The demo's monitoring reports of Kök-Jar: published 2020 and 2021, a 2022 draft, the story they
tell (a delayed activity with its reason, spending against the plan, targets met and missed), and a
second load that changes nothing."""

import pytest
from django.core.management import call_command

from monitoring import selectors
from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    IndicatorActual,
    MonitoringReport,
    ReportStatusChange,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_territory", verbosity=0)
    call_command("load_demo", verbosity=0)


def _kok_jar_reports():
    return MonitoringReport.objects.filter(program__municipality__name_en="Kök-Jar aiyl aimak")


def _counts():
    return [
        m.objects.count()
        for m in (MonitoringReport, ReportStatusChange, ActivityProgress, ActivitySpending, IndicatorActual)
    ]


def test_kok_jar_has_two_published_reports_and_a_draft(demo):
    reports = {r.year: r for r in _kok_jar_reports()}
    assert {y: r.status for y, r in reports.items()} == {2020: "published", 2021: "published", 2022: "draft"}
    for year in (2020, 2021):
        report = reports[year]
        assert report.jmeg_verified_on.year == year + 1 and report.council_heard_on.year == year + 1
        assert report.jmeg_women and report.jmeg_men and report.jmeg_remarks
        assert report.accepted_by.username == "vap_coordinator"
        assert report.published_by.username == "kokjar_head"
        assert report.submitted_at < report.accepted_at < report.published_at
    assert selectors.public_reports().filter(pk=reports[2022].pk).count() == 0


def test_the_reports_tell_what_was_done_spent_and_reached(demo):
    reports = {r.year: r for r in _kok_jar_reports()}
    delayed = ActivityProgress.objects.filter(report__in=reports.values(), status="delayed")
    assert delayed.count() == 1
    assert "Республикалык бюджеттен" in delayed.get().reason
    for year in (2020, 2021):
        implementation = selectors.report_implementation(reports[year])
        assert implementation.total.completed >= 1
        met = [row.met for row in implementation.indicators]
        assert True in met and False in met
        sources = [s for row in implementation.activities for s in row.sources]
        assert {s.source.code for s in sources} >= {"local-budget", "donors"}
        assert any(s.difference < 0 for s in sources) and any(s.difference > 0 for s in sources)
        assert implementation.total.planned != implementation.total.actual


def test_loading_the_demo_again_changes_nothing(demo, settings):
    first = _counts()
    versions = list(_kok_jar_reports().order_by("year").values_list("year", "status", "version"))
    call_command("load_demo", verbosity=0)
    assert _counts() == first
    assert list(_kok_jar_reports().order_by("year").values_list("year", "status", "version")) == versions


def test_nothing_is_loaded_for_a_program_not_published(world):
    from monitoring.demo import load_demo_monitoring
    from tests.factories import ProgramFactory

    draft = ProgramFactory(municipality=world.municipality_a)
    load_demo_monitoring({"kok-jar": draft}, {})
    load_demo_monitoring({}, {})
    assert MonitoringReport.objects.count() == 0
