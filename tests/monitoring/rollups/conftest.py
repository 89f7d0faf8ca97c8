"""Published programs with yearly reports in a rayon of an oblast, for the roll-up tests."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from planning.models import Program, StandardIndicator
from tests.factories import (
    ActivityFactory,
    DistrictFactory,
    FundingLineFactory,
    FundingSourceFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MunicipalityFactory,
    ObjectiveFactory,
    PriorityFactory,
    ProgramFactory,
    RegionFactory,
    SectorFactory,
)

STATUSES = ["completed", "in_progress", "not_started", "delayed", "cancelled"]


@dataclass
class Area:
    region: object
    district: object
    other_district: object  # another rayon of the same oblast
    sources: list
    households: StandardIndicator  # additive
    share: StandardIndicator  # a percentage: never summed
    programs: list = field(default_factory=list)


@pytest.fixture
def area(db):
    region = RegionFactory(name_ky="Ысык-Көл облусу")
    sector = SectorFactory()
    return Area(
        region=region,
        district=DistrictFactory(region=region, name_ky="Ак-Суу району"),
        other_district=DistrictFactory(region=region, name_ky="Түп району"),
        sources=[FundingSourceFactory(code="r-local", order=1), FundingSourceFactory(code="r-donor", order=2)],
        households=StandardIndicator.objects.create(
            code="T-01", name_ky="Суу эсептегичи бар үй чарбалары", unit_ky="үй чарбасы",
            unit_ru="домохозяйство", unit_en="household", sector=sector,
        ),
        share=StandardIndicator.objects.create(
            code="T-02", name_ky="Таза суу менен камсыз болгон үй чарбаларынын үлүшү", unit_ky="%",
            unit_ru="%", unit_en="%", sector=sector,
        ),
    )  # fmt: skip


def monitored_program(area: Area, n: int, *, district=None, status="published", report_status="published"):
    """A published program 2025–2027 of a new municipality: two activities (lines in 2025 from both
    sources, and one in 2026), two standard indicators, a 2025 report in `report_status` (progress,
    spending, actual values) and a 2026 draft with other figures (never counted)."""
    municipality = MunicipalityFactory(district=district or area.district, name_ky=f"Айыл {n:03d}")
    program = ProgramFactory(
        municipality=municipality, status=status, published_at=timezone.now(), title=f"СЭӨП {n}"
    )
    objective = ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=program, order=1)))
    local, donor = area.sources
    first = ActivityFactory(objective=objective, title="Суу түтүгү")
    second = ActivityFactory(objective=objective, title="Жол")
    FundingLineFactory(activity=first, source=local, year=2025, amount=Decimal(1000 + n))
    FundingLineFactory(activity=first, source=donor, year=2025, amount=Decimal(5000))
    FundingLineFactory(activity=second, source=local, year=2025, amount=Decimal(300))
    FundingLineFactory(activity=second, source=local, year=2026, amount=Decimal(99999))
    households = IndicatorFactory(
        objective=objective, standard=area.households, unit="үй чарбасы", baseline_value=Decimal(100 + n)
    )
    share = IndicatorFactory(objective=objective, standard=area.share, unit="%", baseline_value=Decimal(60))
    unlinked = IndicatorFactory(objective=objective, unit="адам", baseline_value=Decimal(5))
    for indicator, target in [(households, 150 + n), (share, 80), (unlinked, 9)]:
        IndicatorTargetFactory(indicator=indicator, year=2025, value=Decimal(target))
        IndicatorTargetFactory(indicator=indicator, year=2026, value=Decimal(target * 10))
    report = MonitoringReport.objects.create(
        program=program, year=2025, status=report_status,
        published_at=timezone.now() if report_status == "published" else None,
    )  # fmt: skip
    ActivityProgress.objects.create(
        report=report, activity=first, status=STATUSES[n % 5], share_done=50,
        reason="" if STATUSES[n % 5] not in ("delayed", "cancelled") else "Каражат жок",
    )  # fmt: skip
    ActivitySpending.objects.create(report=report, activity=first, source=local, amount=Decimal(900 + n))
    ActivitySpending.objects.create(report=report, activity=first, source=donor, amount=Decimal(4000))
    ActivitySpending.objects.create(report=report, activity=second, source=donor, amount=Decimal(7))
    IndicatorActual.objects.create(report=report, indicator=households, value=Decimal(140 + n))
    IndicatorActual.objects.create(report=report, indicator=share, value=Decimal(75))
    draft = MonitoringReport.objects.create(program=program, year=2026)
    ActivityProgress.objects.create(report=draft, activity=second, status="completed", share_done=100)
    ActivitySpending.objects.create(report=draft, activity=second, source=local, amount=Decimal(123456))
    IndicatorActual.objects.create(report=draft, indicator=households, value=Decimal(99999))
    area.programs.append(program)
    return program


def programs(area: Area, count: int, start: int = 0, **kwargs) -> list[Program]:
    return [monitored_program(area, n, **kwargs) for n in range(start, start + count)]
