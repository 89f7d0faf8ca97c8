"""What a plan shows of its implementation (registered with planning.presentation in apps.py).

In `plan.extras["monitoring"]`: the program's published yearly reports (monitoring.selectors.
published_implementations, on the plan's own tree), rolled up for the plan's page: activities by
status per direction and in all (in the latest report's year), spending against the plan in
each reported year and by funding source over those years, each indicator's target against its
actual value year by year, and the charts of those. For the audiences that show the plan to
residents only (the public page and the PDF), and only when the plan was read with its
activities and indicators. Four queries when the program has published reports (the reports;
their progress, spending and actual values), one when it has none, whatever the size of the
plan or the number of years. Never a report that is not published, never a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from monitoring import charts
from monitoring.documents import LANGUAGES
from monitoring.selectors import ZERO, Implementation, IndicatorRow, Totals, published_implementations

SHOWN_TO = frozenset({"public", "pdf"})


@dataclass(frozen=True)
class Money:
    """Planned against actual for a year or a funding source."""

    label: object
    planned: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned


@dataclass(frozen=True)
class IndicatorYear:
    year: int
    row: IndicatorRow


@dataclass
class IndicatorHistory:
    indicator: object
    baseline: Decimal | None
    years: list[IndicatorYear]


@dataclass
class PlanImplementation:
    reports: list[Implementation]
    latest: Implementation
    directions: list[Totals]  # the latest year's, per direction
    total: Totals
    by_year: list[Money]
    by_source: list[Money]
    indicators: list[IndicatorHistory]
    charts: dict[str, SafeString]
    pdf_languages: tuple[str, ...] = LANGUAGES


def plan_implementation(implementations: list[Implementation]) -> PlanImplementation | None:
    """The rolled-up implementation of the reports given (no query)."""
    if not implementations:
        return None
    latest = implementations[-1]
    by_year = [
        Money(label=item.report.year, planned=item.total.planned, actual=item.total.actual)
        for item in implementations
    ]
    sources: dict[int, list] = {}
    for item in implementations:
        for row in item.activities:
            for spending in row.sources:
                entry = sources.setdefault(spending.source.pk, [spending.source, ZERO, ZERO])
                entry[1] += spending.planned
                entry[2] += spending.actual or ZERO
    by_source = [
        Money(label=source, planned=planned, actual=actual)
        for source, planned, actual in sorted(sources.values(), key=lambda e: (e[0].order, e[0].code))
    ]
    histories = [
        IndicatorHistory(indicator=row.indicator, baseline=row.baseline, years=[])
        for row in latest.indicators
    ]
    for item in implementations:
        for history, row in zip(histories, item.indicators, strict=True):
            history.years.append(IndicatorYear(year=item.report.year, row=row))
    year = latest.report.year
    first_year = implementations[0].report.year
    years = str(year) if first_year == year else f"{first_year}–{year}"
    chart_set = {
        "status": charts.status_chart(
            [(t.priority.title, t.counts) for t in latest.directions]
            + [(gettext("All directions"), latest.total.counts)],
            title=gettext("Activities by status, %(year)s") % {"year": year},
        ),
        "by_year": charts.planned_actual_chart(
            [(str(m.label), m.planned, m.actual) for m in by_year],
            title=gettext("Spending against the plan by year, KGS"),
        ),
        "by_source": charts.planned_actual_chart(
            [(m.label.name, m.planned, m.actual) for m in by_source],
            title=gettext("Spending against the plan by funding source, %(year)s, KGS") % {"year": years},
        ),
        "indicators": charts.indicator_chart(
            [(row.indicator.name, row.target, row.actual_value) for row in latest.indicators],
            title=gettext("Indicators: target against actual, %(year)s") % {"year": year},
        ),
    }
    return PlanImplementation(
        reports=implementations,
        latest=latest,
        directions=latest.directions,
        total=latest.total,
        by_year=by_year,
        by_source=by_source,
        indicators=histories,
        charts=chart_set,
    )


def extend_plan(plan) -> None:
    from planning.presentation import ACTIVITIES, INDICATORS

    if plan.audience not in SHOWN_TO or plan.tree is None or not {ACTIVITIES, INDICATORS} <= plan.parts:
        return
    implementation = plan_implementation(published_implementations(plan.program, tree=plan.tree))
    if implementation is not None:
        plan.extras["monitoring"] = implementation
