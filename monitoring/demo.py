"""Demo data: Kök-Jar's yearly monitoring reports, played through monitoring's services and workflow.

- 2020 and 2021: each activity of the year's plan with its status (most completed, some in
  progress, the replacement of Kök-Jar's old water pipe delayed in 2021 with its reason), what was
  spent from each of the plan's funding sources (some under, some over the plan), each indicator's
  actual value (some targets met, some missed, the indicator's direction deciding), verified by
  the JMEG, heard by the council, accepted by the VAP coordinator and published by the head.
- 2022: a draft the staff are still filling in.

The JMEG's and the council's dates are facts of the field (early in the following year); the
steps on the portal are dated relative to the day the demo is loaded, after the program's
publication (as in planning/demo/review.py). Safe to run again: a report that exists is left as
it is; nothing is loaded unless Kök-Jar's program is published.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from monitoring import services, workflow
from monitoring.models import ActivityProgress, MonitoringReport, ReportStatusChange
from planning.models import Indicator, Program
from planning.selectors import plan_tree

P = ActivityProgress.Status
S = MonitoringReport.Status

DELAYED = "Көк-Жар айылындагы эскирген суу түтүгүн (3,2 км) алмаштыруу"
DELAYED_REASON = (
    "Республикалык бюджеттен каражат 2021-жылдын ноябрында гана келди; курулуш иштери 2022-жылдын "
    "жазына жылдырылды, мердигер тендер аркылуу тандалды."
)
# Per year: the JMEG's verification and the council's hearing (facts of the field), and how many
# days before the demo is loaded the report was submitted, accepted and published.
YEARS = {
    2020: {
        "verified_on": date(2021, 2, 16),
        "women": 4,
        "men": 3,
        "remarks": (
            "Жаңы-Абаддагы суу түтүгүнүн биринчи кезеги текшерилди, иштер планга ылайык. "
            "Тургундардын салымдары кабыл алуу актыларында толук чагылдырылсын."
        ),
        "council_heard_on": date(2021, 3, 4),
        "days": (18, 16, 15),
    },
    2021: {
        "verified_on": date(2022, 2, 15),
        "women": 5,
        "men": 3,
        "remarks": (
            "Көк-Жар айылындагы суу түтүгүн алмаштыруу кечигип жатат: айыл өкмөтү жаз мезгилинде "
            "мөөнөттөрдү тургундарга жарыялашы керек. Суу эсептегичтер орнотулган үйлөр текшерилди."
        ),
        "council_heard_on": date(2022, 3, 3),
        "days": (12, 9, 7),
    },
}
DRAFT_YEAR = 2022
# Spending against the plan, by the activity's place in the year's list: under, over, exact.
FACTORS = [Decimal("0.92"), Decimal("1.08"), Decimal("1"), Decimal("0.85"), Decimal("1.15")]


def _status(title: str, year: int, index: int, last_year: int) -> tuple[str, int, str]:
    """The activity's status, share done and reason in the year."""
    if title == DELAYED and year == 2021:
        return P.DELAYED, 20, DELAYED_REASON
    if last_year > year:  # it goes on next year
        return P.IN_PROGRESS, 60 if index % 2 else 45, ""
    return P.COMPLETED, 100, ""


def _actual(indicator: Indicator, target: Decimal, index: int) -> Decimal:
    """Met for even places, missed for odd ones, whichever way is better for the indicator."""
    step = max(abs(target) * Decimal("0.05"), Decimal("1"))
    better = step if indicator.direction != Indicator.Direction.DECREASE else -step
    value = target + better if index % 2 == 0 else target - better
    return max(value, Decimal("0")).quantize(Decimal("0.01"))


def _fill(report: MonitoringReport, staff, *, year: int, complete: bool) -> None:
    tree = plan_tree(report.program, activities=True, indicators=True)
    planned = [a for a in tree.activities if any(line.year == year for line in a.line_list)]
    if not complete:
        planned = planned[:2]  # the draft: the staff have entered the first activities
    for index, activity in enumerate(planned):
        last_year = max(line.year for line in activity.line_list)
        status, share, reason = _status(activity.title, year, index, last_year)
        if not complete:
            status, share, reason = P.IN_PROGRESS, 30, ""
        services.progress_save(
            report=report, user=staff, activity=activity, status=status, share_done=share, reason=reason
        )
        for line_index, line in enumerate(x for x in activity.line_list if x.year == year):
            factor = FACTORS[(index + line_index) % len(FACTORS)]
            if status == P.DELAYED:
                factor = Decimal("0.2")
            services.spending_save(
                report=report,
                user=staff,
                activity=activity,
                source=line.source,
                amount=(line.amount * factor).quantize(Decimal("1")),
            )
    if not complete:
        return
    for index, indicator in enumerate(tree.indicators):
        target = indicator.target_by_year.get(year)
        if target is None:
            continue
        services.actual_save(
            report=report,
            user=staff,
            indicator=indicator,
            value=_actual(indicator, target.value, index),
            source=indicator.source_of_verification,
        )


def _date_steps(report: MonitoringReport, days: tuple[int, int, int]) -> None:
    """The portal's steps, dated some days before today, after the program's publication."""
    now = timezone.now()
    submitted, accepted, published = (now - timedelta(days=d) for d in days)
    MonitoringReport.objects.filter(pk=report.pk).update(
        submitted_at=submitted, accepted_at=accepted, published_at=published
    )
    for to_status, at in ((S.SUBMITTED, submitted), (S.ACCEPTED, accepted), (S.PUBLISHED, published)):
        ReportStatusChange.objects.filter(report=report, to_status=to_status).update(at=at)


def load_demo_monitoring(programs: dict[str, Program], users: dict) -> None:
    """Kök-Jar's reports for 2020 and 2021 (published) and 2022 (a draft), those not yet there."""
    program = programs.get("kok-jar")
    if program is not None:
        program.refresh_from_db()  # the review demo may have published it since it was loaded
    if program is None or program.status != Program.Status.PUBLISHED:
        return
    staff, head, coordinator = users["kokjar_staff"], users["kokjar_head"], users["vap_coordinator"]
    existing = set(MonitoringReport.objects.filter(program=program).values_list("year", flat=True))
    for year, facts in YEARS.items():
        if year in existing:
            continue
        report = services.report_create(program=program, user=staff, year=year)
        _fill(report, staff, year=year, complete=True)
        report.refresh_from_db()
        workflow.report_submit(report=report, user=staff, expected_version=report.version)
        workflow.report_accept(report=report, user=coordinator, expected_version=report.version)
        services.verification_save(
            report=report,
            user=staff,
            verified_on=facts["verified_on"],
            women=facts["women"],
            men=facts["men"],
            remarks=facts["remarks"],
            council_heard_on=facts["council_heard_on"],
        )
        report.refresh_from_db()
        workflow.report_publish(report=report, user=head, expected_version=report.version)
        _date_steps(report, facts["days"])
    if DRAFT_YEAR not in existing:
        report = services.report_create(program=program, user=staff, year=DRAFT_YEAR)
        _fill(report, staff, year=DRAFT_YEAR, complete=False)
