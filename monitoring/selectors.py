"""Read queries of monitoring reports: a year's implementation computed against the frozen plan.

`report_implementation(report)` runs a fixed number of queries whatever the size of the plan:
the plan's tree with activities, funding lines, indicators and targets (planning.selectors.
plan_tree, 6 queries), then the report's progress, spending (with its sources) and actual values
(3 queries). Everything else is arithmetic in Python on Decimals. The planned amounts are the
plan's funding lines of the report's year and the targets its IndicatorTargets: never copied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet

from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    EvidencePhoto,
    IndicatorActual,
    MonitoringReport,
)
from monitoring.workflow import PUBLIC_STATUSES
from planning.models import Activity, FundingSource, Indicator, Priority, Program
from planning.selectors import PUBLIC_STATUSES as PROGRAM_PUBLIC_STATUSES
from planning.selectors import PlanTree, plan_tree

ZERO = Decimal("0.00")
P = ActivityProgress.Status


def target_met(direction: str, target: Decimal | None, actual: Decimal | None) -> bool | None:
    """Whether the actual value meets the target, the indicator's direction deciding which way is
    better (a higher value: actual ≥ target; a lower one: actual ≤ target); None when the target
    or the actual value is missing."""
    if target is None or actual is None:
        return None
    if direction == Indicator.Direction.DECREASE:
        return actual <= target
    return actual >= target


@dataclass(frozen=True)
class SourceSpending:
    """One funding source of an activity in the year: planned, actual, actual − planned."""

    source: FundingSource
    planned: Decimal
    actual: Decimal | None  # None: nothing recorded

    @property
    def difference(self) -> Decimal:
        return (self.actual or ZERO) - self.planned


@dataclass
class ActivityRow:
    activity: Activity
    progress: ActivityProgress | None
    sources: list[SourceSpending]

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else P.NOT_STARTED

    @property
    def planned(self) -> Decimal:
        return sum((s.planned for s in self.sources), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((s.actual or ZERO for s in self.sources), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned


@dataclass
class IndicatorRow:
    indicator: Indicator
    baseline: Decimal | None
    target: Decimal | None
    actual: IndicatorActual | None

    @property
    def actual_value(self) -> Decimal | None:
        return self.actual.value if self.actual else None

    @property
    def met(self) -> bool | None:
        return target_met(self.indicator.direction, self.target, self.actual_value)


@dataclass
class Totals:
    """Activities by status and spending planned against actual, for a direction or the whole plan."""

    priority: Priority | None = None  # None: the whole plan
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(P.values, 0))
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned

    @property
    def activities(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return self.counts[P.COMPLETED]

    @property
    def in_progress(self) -> int:
        return self.counts[P.IN_PROGRESS]

    @property
    def not_started(self) -> int:
        return self.counts[P.NOT_STARTED]

    @property
    def delayed(self) -> int:
        return self.counts[P.DELAYED]

    @property
    def cancelled(self) -> int:
        return self.counts[P.CANCELLED]

    def add(self, row: ActivityRow) -> None:
        self.counts[row.status] += 1
        self.planned += row.planned
        self.actual += row.actual


@dataclass
class Implementation:
    report: MonitoringReport
    activities: list[ActivityRow]
    indicators: list[IndicatorRow]
    directions: list[Totals]
    total: Totals


def report_implementation(report: MonitoringReport) -> Implementation:
    """The report's year against the plan: per activity (planned by source, actual, difference),
    per indicator (baseline, target, actual, met), totals per development direction and overall."""
    tree = plan_tree(report.program, activities=True, indicators=True)
    progress = {p.activity_id: p for p in ActivityProgress.objects.filter(report=report)}
    spent: dict[int, dict[int, ActivitySpending]] = defaultdict(dict)
    for spending in ActivitySpending.objects.filter(report=report).select_related("source"):
        spent[spending.activity_id][spending.source_id] = spending
    actuals = {a.indicator_id: a for a in IndicatorActual.objects.filter(report=report)}
    return implementation_of(report, tree, progress, spent, actuals)


def implementation_of(
    report: MonitoringReport,
    tree: PlanTree,
    progress: dict[int, ActivityProgress],
    spent: dict[int, dict[int, ActivitySpending]],
    actuals: dict[int, IndicatorActual],
) -> Implementation:
    """The arithmetic of `report_implementation` on records already read: the plan's tree (with
    activities and indicators), the report's progress by activity, spending by activity and
    source, actual values by indicator. No query; several reports of a program share one tree."""
    year = report.year
    directions = {priority.pk: Totals(priority=priority) for priority in tree.priorities}
    total = Totals()
    rows = []
    for activity in tree.activities:
        planned: dict[int, Decimal] = defaultdict(lambda: ZERO)
        sources: dict[int, FundingSource] = {}
        for line in activity.line_list:
            if line.year == year:
                planned[line.source_id] += line.amount
                sources[line.source_id] = line.source
        actual_by_source = spent.get(activity.pk, {})
        for source_id, spending in actual_by_source.items():
            sources.setdefault(source_id, spending.source)
        ordered = sorted(sources.values(), key=lambda s: (s.order, s.code))
        row = ActivityRow(
            activity=activity,
            progress=progress.get(activity.pk),
            sources=[
                SourceSpending(
                    source=source,
                    planned=planned.get(source.pk, ZERO),
                    actual=actual_by_source[source.pk].amount if source.pk in actual_by_source else None,
                )
                for source in ordered
            ],
        )
        rows.append(row)
        directions[activity.objective.goal.priority_id].add(row)
        total.add(row)

    indicators = []
    for indicator in tree.indicators:
        target = indicator.target_by_year.get(year)
        indicators.append(
            IndicatorRow(
                indicator=indicator,
                baseline=indicator.baseline_value,
                target=target.value if target else None,
                actual=actuals.get(indicator.pk),
            )
        )
    return Implementation(
        report=report,
        activities=rows,
        indicators=indicators,
        directions=list(directions.values()),
        total=total,
    )


def reports_of(program: Program) -> QuerySet[MonitoringReport]:
    """A program's reports, every state (the workspace's list; its access is checked by the caller)."""
    return MonitoringReport.objects.filter(program=program).order_by("year")


def public_reports() -> QuerySet[MonitoringReport]:
    """Reports anyone may read: published ones of public programs. Every public page, the API and
    the PDFs start from here; a draft, submitted or accepted report is never public."""
    return MonitoringReport.objects.filter(
        status__in=PUBLIC_STATUSES, program__status__in=PROGRAM_PUBLIC_STATUSES
    )


def report_is_public(report: MonitoringReport | None) -> bool:
    """Whether anyone may read this report (what public_reports() gives), without a query when its
    program is loaded: a page that names a report links to it only then."""
    return (
        report is not None
        and report.status in PUBLIC_STATUSES
        and report.program.status in PROGRAM_PUBLIC_STATUSES
    )


def open_comment_count(report: MonitoringReport) -> int:
    return report.comments.filter(resolved_at__isnull=True).count()


def photos_by_activity(report: MonitoringReport) -> dict[int, list[EvidencePhoto]]:
    """The report's evidence photos by activity id, each activity's in the order they were added
    (one query). The caller decides who may see them: on a public page, `report` must come from
    public_reports()."""
    found: dict[int, list[EvidencePhoto]] = defaultdict(list)
    for photo in EvidencePhoto.objects.filter(report=report).order_by("activity_id", "uploaded_at", "pk"):
        found[photo.activity_id].append(photo)
    return dict(found)


def photo_counts(report: MonitoringReport) -> dict[int, int]:
    """How many evidence photos each activity of the report has (one query)."""
    return dict(
        EvidencePhoto.objects.filter(report=report)
        .values_list("activity_id")
        .annotate(count=Count("pk"))
        .values_list("activity_id", "count")
    )


def public_photo(program_pk: int, year: int, photo_pk: int) -> EvidencePhoto | None:
    """A photo of the published report of this program and year (public_reports), else None."""
    return (
        EvidencePhoto.objects.filter(
            pk=photo_pk, report__in=public_reports().filter(program_id=program_pk, year=year)
        )
        .only("pk", "image", "thumbnail", "report_id")
        .first()
    )


def published_implementations(program: Program, *, tree: PlanTree | None = None) -> list[Implementation]:
    """The program's published reports (`public_reports()`), each computed against the frozen plan,
    oldest year first. A fixed number of queries whatever the number of reports and activities:
    the reports (1), the plan's tree once unless given (7; it must hold activities and
    indicators), then the progress, spending (with sources) and actual values of all the reports
    at once (3). No report: the one query. Never a comment, never a report that is not published."""
    reports = list(public_reports().filter(program=program).order_by("year"))
    if not reports:
        return []
    if tree is None:
        tree = plan_tree(program, activities=True, indicators=True)
    ids = [report.pk for report in reports]
    progress: dict[int, dict[int, ActivityProgress]] = defaultdict(dict)
    for item in ActivityProgress.objects.filter(report_id__in=ids):
        progress[item.report_id][item.activity_id] = item
    spent: dict[int, dict[int, dict[int, ActivitySpending]]] = defaultdict(lambda: defaultdict(dict))
    for item in ActivitySpending.objects.filter(report_id__in=ids).select_related("source"):
        spent[item.report_id][item.activity_id][item.source_id] = item
    actuals: dict[int, dict[int, IndicatorActual]] = defaultdict(dict)
    for item in IndicatorActual.objects.filter(report_id__in=ids):
        actuals[item.report_id][item.indicator_id] = item
    return [
        implementation_of(report, tree, progress[report.pk], spent[report.pk], actuals[report.pk])
        for report in reports
    ]
