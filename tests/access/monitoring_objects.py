"""The monitoring objects every monitoring room of the access table shares (merged into the
`objects` fixture of tests/access/conftest.py).

A's published program ("published", 2020–2022) gains one activity with a funding line in 2020
and one indicator with a 2020 target; its 2020 report is published (with progress, spending and an
actual value), its 2021 report is a draft being written, with an open comment of coordinator_a.
"""

from decimal import Decimal

from django.utils import timezone

from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    IndicatorActual,
    MonitoringReport,
    ReportComment,
)
from planning.models import Program
from tests.factories import (
    ActivityFactory,
    FundingLineFactory,
    FundingSourceFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    PriorityFactory,
)


def monitoring_objects(world, objects: dict) -> dict:
    program = Program.objects.get(pk=objects["published"])
    objective = ObjectiveFactory(
        goal=GoalFactory(priority=PriorityFactory(program=program, order=1), order=1)
    )
    activity = ActivityFactory(objective=objective, title="Суу түтүгү")
    source = FundingSourceFactory(code="access-local", order=1)
    FundingLineFactory(activity=activity, source=source, year=2020, amount=Decimal("100000"))
    indicator = IndicatorFactory(objective=objective, baseline_value=Decimal("60"))
    IndicatorTargetFactory(indicator=indicator, year=2020, value=Decimal("70"))

    published = MonitoringReport.objects.create(
        program=program,
        year=2020,
        status=MonitoringReport.Status.PUBLISHED,
        jmeg_verified_on=timezone.localdate().replace(year=2021, month=1, day=20),
        jmeg_women=3,
        jmeg_men=2,
        council_heard_on=timezone.localdate().replace(year=2021, month=2, day=10),
        published_at=timezone.now(),
    )
    ActivityProgress.objects.create(
        report=published, activity=activity, status=ActivityProgress.Status.COMPLETED, share_done=100
    )
    ActivitySpending.objects.create(
        report=published, activity=activity, source=source, amount=Decimal("90000")
    )
    IndicatorActual.objects.create(report=published, indicator=indicator, value=Decimal("72"))

    draft = MonitoringReport.objects.create(program=program, year=2021)
    comment = ReportComment.objects.create(report=draft, author=world.coordinator_a, text="Check the pipe")
    return {
        "report_published": published.pk,
        "report_published_year": published.year,
        "report_draft": draft.pk,
        "report_draft_version": str(draft.version),
        "report_comment": comment.pk,
        "report_activity": activity.pk,
        "report_indicator": indicator.pk,
        "report_source": source.pk,
    }
