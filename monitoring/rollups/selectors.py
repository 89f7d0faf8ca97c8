"""Roll-ups of the published monitoring reports per rayon and per oblast (issue 14, item 6).

Which program: the current published program of each municipality of the area (status
"published": a superseded one was replaced and is not the plan being carried out; should a
municipality have two published at once, the one published last). Which report: of that
program, the latest published report (monitoring.selectors.public_reports(): a draft, submitted
or accepted report is never read); every published report of it also counts in the figures by
year. Nothing else is read.

A fixed number of queries whatever the number of programs: the programs (1), their published
reports (1), the plans' trees at once (planning.selectors.plan_trees, 7), then the progress,
spending and actual values of all the reports at once (3). The figures of each report are those
of monitoring.selectors.implementation_of (the same arithmetic as the program's own page);
the roll-up only adds them up.

Standard indicators (planning.StandardIndicator) are added up across programs only when their
unit is additive (`is_additive`, documented in docs/standard-indicators.md): counts, households,
people, places, km, ha, KGS… yes; percentages, shares, rates, ratios, scores, indices, and days
(a duration of each municipality) never. For each: the sum of the baselines, of the targets of
the report's year and of the actual values of that year, over the programs' latest reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, QuerySet

from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from monitoring.selectors import ZERO, Implementation, Totals, implementation_of, public_reports
from municipalities.models import District, Municipality, Region
from municipalities.ordering import alphabetical
from planning.models import FundingSource, Program, StandardIndicator
from planning.selectors import plan_trees

# --- Which units add up -----------------------------------------------------------------------

# A unit (in any of its languages) containing one of these is a proportion, a rate, a score or a
# duration of each municipality: adding two municipalities' values says nothing.
NOT_ADDITIVE_MARKERS = (
    "%",
    "percent",
    "процент",
    "пайыз",
    "share",
    "доля",
    "үлүш",
    "ratio",
    "коэффициент",
    "rate",
    "уровень",
    "деңгээл",
    "score",
    "балл",
    "index",
    "индекс",
    "per ",
    " на ",
    "day",
    "день",
    "дней",
    "күн",
)


def is_additive(standard: StandardIndicator) -> bool:
    """May the values of this standard indicator be summed across municipalities? Decided from its
    unit (in Kyrgyz, Russian and English): not when it is a percentage, share, rate, ratio, score,
    index, "per …" or days; yes otherwise (counts of households, people, places, items, km, ha,
    som…). An indicator without any unit is not summed."""
    units = [u.strip().lower() for u in (standard.unit_ky, standard.unit_ru, standard.unit_en) if u.strip()]
    if not units:
        return False
    return not any(marker in unit for unit in units for marker in NOT_ADDITIVE_MARKERS)


# --- What is computed -------------------------------------------------------------------------


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in percent with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class SourceTotal:
    source: FundingSource
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned


@dataclass
class StandardTotal:
    """One standard indicator over the programs whose latest report's plan measures it."""

    standard: StandardIndicator
    additive: bool
    programs: int = 0  # programs whose plan has it (in their latest report)
    reported: int = 0  # of which an actual value was reported
    baseline: Decimal | None = None  # sums: only when additive
    target: Decimal | None = None
    actual: Decimal | None = None
    _programs: set = field(default_factory=set, repr=False)
    _reported: set = field(default_factory=set, repr=False)

    def add(self, program_id: int, baseline, target, actual) -> None:
        self._programs.add(program_id)
        if actual is not None:
            self._reported.add(program_id)
        self.programs, self.reported = len(self._programs), len(self._reported)
        if not self.additive:
            return
        if baseline is not None:
            self.baseline = (self.baseline or ZERO) + baseline
        if target is not None:
            self.target = (self.target or ZERO) + target
        if actual is not None:
            self.actual = (self.actual or ZERO) + actual


@dataclass
class YearTotal:
    """Every published report of one year."""

    year: int
    reports: int = 0
    total: Totals = field(default_factory=Totals)


@dataclass
class MunicipalityRow:
    """A municipality of the area with a published program, and its latest published report."""

    municipality: Municipality
    program: Program
    implementation: Implementation | None = None  # of the latest published report
    reports: list[Implementation] = field(default_factory=list)  # every published one, oldest first

    @property
    def report(self) -> MonitoringReport | None:
        return self.implementation.report if self.implementation else None

    @property
    def total(self) -> Totals | None:
        return self.implementation.total if self.implementation else None

    @property
    def completed_share(self) -> Decimal | None:
        total = self.total
        return share(total.completed, total.activities) if total else None


@dataclass
class Rollup:
    """The figures of an area (an oblast, a rayon, or the whole country for the index)."""

    area: Region | District | None
    rows: list[MunicipalityRow] = field(default_factory=list)
    total: Totals = field(default_factory=Totals)  # over the latest reports
    sources: list[SourceTotal] = field(default_factory=list)
    standards: list[StandardTotal] = field(default_factory=list)
    years: list[YearTotal] = field(default_factory=list)

    @property
    def programs(self) -> int:
        return len(self.rows)

    @property
    def reporting(self) -> int:
        return sum(1 for row in self.rows if row.implementation is not None)

    @property
    def completed_share(self) -> Decimal | None:
        return share(self.total.completed, self.total.activities)

    @property
    def summed_standards(self) -> list[StandardTotal]:
        return [s for s in self.standards if s.additive]

    @property
    def unsummed_standards(self) -> list[StandardTotal]:
        return [s for s in self.standards if not s.additive]


# --- Reading -----------------------------------------------------------------------------------


def current_programs() -> QuerySet[Program]:
    """The published programs (not superseded ones), with their municipality, rayon and oblast."""
    return Program.objects.filter(status=Program.Status.PUBLISHED).select_related(
        "municipality__district__region"
    )


def _rows(programs: QuerySet[Program]) -> list[MunicipalityRow]:
    """One row per municipality (its current published program), each with its published
    reports computed against its plan. 12 queries, whatever the number of programs."""
    chosen: dict[int, Program] = {}
    for program in programs.order_by(
        "municipality_id", F("published_at").desc(nulls_last=True), "-pk"
    ):  # query 1
        chosen.setdefault(program.municipality_id, program)
    if not chosen:
        return []
    by_id = {program.pk: program for program in chosen.values()}
    reports = list(public_reports().filter(program_id__in=by_id).order_by("program_id", "year"))  # 2
    for report in reports:
        report.program = by_id[report.program_id]
    trees = plan_trees(by_id.values(), activities=True, indicators=True, lean=True)  # 3–9
    ids = [report.pk for report in reports]
    progress: dict[int, dict] = defaultdict(dict)
    spent: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    actuals: dict[int, dict] = defaultdict(dict)
    if ids:
        for item in ActivityProgress.objects.filter(report_id__in=ids):  # 10
            progress[item.report_id][item.activity_id] = item
        for item in ActivitySpending.objects.filter(report_id__in=ids).select_related("source"):  # 11
            spent[item.report_id][item.activity_id][item.source_id] = item
        for item in IndicatorActual.objects.filter(report_id__in=ids):  # 12
            actuals[item.report_id][item.indicator_id] = item

    rows = {
        program.pk: MunicipalityRow(municipality=program.municipality, program=program)
        for program in by_id.values()
    }
    for report in reports:
        tree = trees[report.program_id]
        row = rows[report.program_id]
        row.reports.append(
            implementation_of(report, tree, progress[report.pk], spent[report.pk], actuals[report.pk])
        )
    for row in rows.values():
        row.implementation = row.reports[-1] if row.reports else None
    return sorted(rows.values(), key=lambda r: (alphabetical(r.municipality.name), r.municipality.pk))


def summarise(area, rows: list[MunicipalityRow]) -> Rollup:
    """Add up the rows' figures (no query)."""
    rollup = Rollup(area=area, rows=rows)
    sources: dict[int, SourceTotal] = {}
    standards: dict[int, StandardTotal] = {}
    years: dict[int, YearTotal] = {}
    for row in rows:
        for implementation in row.reports:
            year = years.setdefault(implementation.report.year, YearTotal(year=implementation.report.year))
            year.reports += 1
            for activity in implementation.activities:
                year.total.add(activity)
        implementation = row.implementation
        if implementation is None:
            continue
        for activity in implementation.activities:
            rollup.total.add(activity)
            for spending in activity.sources:
                total = sources.setdefault(spending.source.pk, SourceTotal(source=spending.source))
                total.planned += spending.planned
                total.actual += spending.actual or ZERO
        for indicator in implementation.indicators:
            standard = indicator.indicator.standard
            if standard is None:
                continue
            if standard.pk not in standards:
                standards[standard.pk] = StandardTotal(standard=standard, additive=is_additive(standard))
            standards[standard.pk].add(
                row.program.pk, indicator.baseline, indicator.target, indicator.actual_value
            )
    rollup.sources = sorted(sources.values(), key=lambda s: (s.source.order, s.source.code))
    rollup.standards = sorted(standards.values(), key=lambda s: s.standard.code)
    rollup.years = [years[year] for year in sorted(years)]
    return rollup


def region_rollup(region: Region) -> Rollup:
    """An oblast's roll-up: every municipality of its rayons."""
    return summarise(region, _rows(current_programs().filter(municipality__district__region=region)))


def district_rollup(district: District) -> Rollup:
    """A rayon's roll-up: its municipalities."""
    return summarise(district, _rows(current_programs().filter(municipality__district=district)))


@dataclass
class RegionTotal:
    """An oblast's line on the index: the same totals as its roll-up, added up in SQL."""

    area: Region
    programs: int = 0
    reporting: int = 0
    activities: int = 0
    completed: int = 0
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def completed_share(self) -> Decimal | None:
        return share(self.completed, self.activities) if self.reporting else None


def region_totals() -> list[RegionTotal]:
    """Every oblast with the totals of its roll-up (the index), without reading the plans: at the
    scale of the country (hundreds of programs) the sums are the database's. 7 queries. The same
    figures as `region_rollup(region)`'s programs, reporting, activities, completed, planned and
    actual (tests/monitoring/rollups/ compares them)."""
    from django.db.models import Count, Sum

    from planning.models import Activity, FundingLine

    chosen: dict[int, tuple[int, int]] = {}  # municipality → (program, region)
    for pk, municipality_id, region_id in (
        current_programs()
        .order_by("municipality_id", F("published_at").desc(nulls_last=True), "-pk")
        .values_list("pk", "municipality_id", "municipality__district__region_id")
    ):
        chosen.setdefault(municipality_id, (pk, region_id))
    region_of = dict(chosen.values())  # program → region
    latest: dict[int, tuple[int, int]] = {}  # program → (year, report)
    for pk, program_id, year in (
        public_reports().filter(program_id__in=region_of).values_list("pk", "program_id", "year")
    ):
        if program_id not in latest or year > latest[program_id][0]:
            latest[program_id] = (year, pk)
    report_ids = [pk for _year, pk in latest.values()]
    activities = dict(
        Activity.objects.filter(objective__goal__priority__program_id__in=list(latest))
        .values("objective__goal__priority__program_id")
        .annotate(n=Count("pk"))
        .values_list("objective__goal__priority__program_id", "n")
    )
    completed = dict(
        ActivityProgress.objects.filter(report_id__in=report_ids, status=ActivityProgress.Status.COMPLETED)
        .values("report_id")
        .annotate(n=Count("pk"))
        .values_list("report_id", "n")
    )
    planned: dict[tuple[int, int], Decimal] = {}
    for program_id, year, amount in (
        FundingLine.objects.filter(activity__objective__goal__priority__program_id__in=list(latest))
        .values("activity__objective__goal__priority__program_id", "year")
        .annotate(amount=Sum("amount"))
        .values_list("activity__objective__goal__priority__program_id", "year", "amount")
    ):
        planned[(program_id, year)] = amount
    spent = dict(
        ActivitySpending.objects.filter(report_id__in=report_ids)
        .values("report_id")
        .annotate(amount=Sum("amount"))
        .values_list("report_id", "amount")
    )
    totals = {region.pk: RegionTotal(area=region) for region in Region.objects.all()}
    for program_id, region_id in region_of.items():
        total = totals[region_id]
        total.programs += 1
        if program_id not in latest:
            continue
        year, report_id = latest[program_id]
        total.reporting += 1
        total.activities += activities.get(program_id, 0)
        total.completed += completed.get(report_id, 0)
        total.planned += planned.get((program_id, year)) or ZERO
        total.actual += spent.get(report_id) or ZERO
    return list(totals.values())
