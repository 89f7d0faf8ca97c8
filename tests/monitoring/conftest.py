"""A published program of municipality A and its yearly report, for the monitoring tests."""

from decimal import Decimal

import pytest

from monitoring.models import MonitoringReport
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
    ProgramFactory,
)


@pytest.fixture
def published_a(world):
    """A's published program 2025–2027 with two directions, three activities and two indicators."""
    program = ProgramFactory(municipality=world.municipality_a, status=Program.Status.PUBLISHED)
    local = FundingSourceFactory(code="local-budget", order=1)
    donors = FundingSourceFactory(code="donors", order=2)
    water = ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=program, order=1)))
    roads = ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=program, order=2)))
    pipe = ActivityFactory(objective=water, title="Суу түтүгү")
    pump = ActivityFactory(objective=water, title="Насос")
    road = ActivityFactory(objective=roads, title="Жол")
    for activity, source, year, amount in [
        (pipe, local, 2025, "100000"),
        (pipe, donors, 2025, "400000"),
        (pipe, local, 2026, "50000"),  # another year: not in the 2025 report
        (pump, local, 2025, "20000"),
        (road, donors, 2026, "300000"),
    ]:
        FundingLineFactory(activity=activity, source=source, year=year, amount=Decimal(amount))
    more = IndicatorFactory(
        objective=water, baseline_value=Decimal("60"), name="Суу менен камсыз болгон үй-бүлөлөр"
    )
    less = IndicatorFactory(
        objective=water, baseline_value=Decimal("40"), name="Жоголгон суунун үлүшү", direction="decrease"
    )
    IndicatorTargetFactory(indicator=more, year=2025, value=Decimal("70"))
    IndicatorTargetFactory(indicator=less, year=2025, value=Decimal("30"))
    program.plan = {
        "local": local,
        "donors": donors,
        "pipe": pipe,
        "pump": pump,
        "road": road,
        "more": more,
        "less": less,
    }
    return program


@pytest.fixture
def report_a(published_a):
    report = MonitoringReport.objects.create(program=published_a, year=2025)
    report.plan = published_a.plan
    return report
