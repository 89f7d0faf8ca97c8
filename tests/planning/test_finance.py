"""The financial model (planning/finance.py): figures checked by hand, edge cases, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.demo.sample import build_program
from planning.finance import financial_model, shares
from tests.factories import (
    ActivityFactory,
    FundingLineFactory,
    FundingSourceFactory,
    GoalFactory,
    MunicipalityFactory,
    ObjectiveFactory,
    PriorityFactory,
    ProgramFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def plan():
    """A 2025–2027 program: 2 priorities, 3 goals, 4 activities (one without money), 2 sources.

    Priority 1 → goal 1.1 (activities a1, a2) and goal 1.2 (a3); priority 2 → goal 2.1 (a4, no
    money). Source "republican" comes first by its order although created second; sector "roads"
    comes first by its order although it has less money than "water".

        line                       2025       2026
        a1 local (water)        1000.00    2000.00
        a1 republican (water)    500.50
        a2 local (roads)           0.01
        a2 republican (roads)               300.25
        a3 republican (water)   1199.24

    Nothing in 2027.
    """
    program = ProgramFactory(start_year=2025, end_year=2027)
    priority_1 = PriorityFactory(program=program, order=1, title="Water and roads")
    priority_2 = PriorityFactory(program=program, order=2, title="Culture")
    goal_11 = GoalFactory(priority=priority_1, order=1, title="Clean water")
    goal_12 = GoalFactory(priority=priority_1, order=2, title="Irrigation")
    goal_21 = GoalFactory(priority=priority_2, order=1, title="House of culture")
    local = FundingSourceFactory(code="local", order=2, name_en="Local budget", name_ky="Жергиликтүү бюджет")
    republican = FundingSourceFactory(
        code="republican", order=1, name_en="Republican budget", name_ky="Республикалык бюджет"
    )
    water = SectorFactory(code="water", order=2, name_en="Water", name_ky="Суу")
    roads = SectorFactory(code="roads", order=1, name_en="Roads", name_ky="Жолдор")
    culture = SectorFactory(code="culture", order=3, name_en="Culture", name_ky="Маданият")
    a1 = ActivityFactory(objective=ObjectiveFactory(goal=goal_11), sector=water)
    a2 = ActivityFactory(objective=a1.objective, sector=roads)
    a3 = ActivityFactory(objective=ObjectiveFactory(goal=goal_12), sector=water)
    ActivityFactory(objective=ObjectiveFactory(goal=goal_21), sector=culture)
    for activity, source, year, amount in [
        (a1, local, 2025, "1000.00"),
        (a1, local, 2026, "2000.00"),
        (a1, republican, 2025, "500.50"),
        (a2, local, 2025, "0.01"),
        (a2, republican, 2026, "300.25"),
        (a3, republican, 2025, "1199.24"),
    ]:
        FundingLineFactory(activity=activity, source=source, year=year, amount=D(amount))
    return program, {"local": local, "republican": republican, "water": water, "roads": roads}


def test_total_and_years(plan):
    program, _ = plan
    model = financial_model(program)
    assert model.total == D("5000.00")
    assert model.years == [2025, 2026, 2027]
    # 2025: 1000.00 + 500.50 + 0.01 + 1199.24; 2026: 2000.00 + 300.25; 2027 is there with zero.
    assert [(row.year, row.amount) for row in model.by_year] == [
        (2025, D("2699.75")),
        (2026, D("2300.25")),
        (2027, D("0.00")),
    ]
    assert model.outside_period == 0


def test_by_source_in_source_order_with_shares(plan):
    program, ref = plan
    model = financial_model(program)
    # republican: 500.50 + 300.25 + 1199.24 = 1999.99 (39.9998 %); local: 3000.01 (60.0002 %).
    assert [(row.source, row.amount, row.share) for row in model.by_source] == [
        (ref["republican"], D("1999.99"), D("40.0")),
        (ref["local"], D("3000.01"), D("60.0")),
    ]
    assert sum(row.share for row in model.by_source) == D("100.0")


def test_source_and_year_matrix(plan):
    program, ref = plan
    matrix = financial_model(program).by_source_and_year
    assert matrix.years == [2025, 2026, 2027]
    assert [(row.source, row.amounts, row.total) for row in matrix.rows] == [
        (ref["republican"], [D("1699.74"), D("300.25"), D("0.00")], D("1999.99")),
        (ref["local"], [D("1000.01"), D("2000.00"), D("0.00")], D("3000.01")),
    ]
    assert matrix.column_totals == [D("2699.75"), D("2300.25"), D("0.00")]
    assert matrix.total == D("5000.00")
    assert all(row.outside_period == 0 for row in matrix.rows)


def test_priorities_and_goals_in_plan_order_even_without_money(plan):
    program, _ = plan
    model = financial_model(program)
    # Goal 1.1: a1 3500.50 + a2 300.26 = 3800.76 (76.0152 %); goal 1.2: a3 1199.24 (23.9848 %).
    assert [(row.code, row.title, row.amount, row.share) for row in model.by_goal] == [
        ("1.1", "Clean water", D("3800.76"), D("76.0")),
        ("1.2", "Irrigation", D("1199.24"), D("24.0")),
        ("2.1", "House of culture", D("0.00"), D("0.0")),
    ]
    assert [(row.code, row.title, row.amount, row.share) for row in model.by_priority] == [
        ("1", "Water and roads", D("5000.00"), D("100.0")),
        ("2", "Culture", D("0.00"), D("0.0")),
    ]
    assert [row.code for row in model.by_priority_and_goal] == ["1", "1.1", "1.2", "2", "2.1"]
    assert [row.level for row in model.by_priority_and_goal] == [1, 2, 2, 1, 2]


def test_sectors_largest_first_and_without_money_left_out(plan):
    program, ref = plan
    model = financial_model(program)
    # water: a1 3500.50 + a3 1199.24 = 4699.74; roads: a2 300.26; culture has no money.
    assert [(row.sector, row.amount, row.share) for row in model.by_sector] == [
        (ref["water"], D("4699.74"), D("94.0")),
        (ref["roads"], D("300.26"), D("6.0")),
    ]
    assert sum(row.amount for row in model.by_sector) == model.total


def test_lines_outside_the_period_count_in_totals_but_not_in_years(plan):
    program, ref = plan
    activity = ActivityFactory(objective__goal__priority=program.priorities.first())
    FundingLineFactory(activity=activity, source=ref["local"], year=2024, amount=D("100.00"))
    FundingLineFactory(activity=activity, source=ref["local"], year=2031, amount=D("0.50"))

    model = financial_model(program)

    assert model.total == D("5100.50")
    assert model.outside_period == D("100.50")
    assert [row.year for row in model.by_year] == [2025, 2026, 2027]
    assert sum(row.amount for row in model.by_year) == D("5000.00")
    local = next(row for row in model.by_source_and_year.rows if row.source == ref["local"])
    assert local.total == D("3100.51")
    assert local.outside_period == D("100.50")
    assert local.amounts == [D("1000.01"), D("2000.00"), D("0.00")]
    assert model.by_source_and_year.outside_period == D("100.50")
    assert sum(row.share for row in model.by_source) == D("100.0")
    assert model.by_priority[0].amount == D("5100.50")


def test_cents_add_up_exactly():
    activity = ActivityFactory()
    program = activity.objective.goal.priority.program
    for year, amount in [(2025, "0.10"), (2026, "0.20"), (2027, "0.01")]:
        FundingLineFactory(activity=activity, year=year, amount=D(amount))

    model = financial_model(program)

    assert model.total == D("0.31")
    assert str(model.total) == "0.31"
    assert [row.amount for row in model.by_year] == [D("0.10"), D("0.20"), D("0.01")]
    assert sum(row.share for row in model.by_source) == D("100.0")


def test_equal_thirds_still_sum_to_one_hundred():
    activity = ActivityFactory()
    program = activity.objective.goal.priority.program
    for _ in range(3):
        FundingLineFactory(activity=activity, source=FundingSourceFactory(), amount=D("1.00"))

    model = financial_model(program)

    assert [row.share for row in model.by_source] == [D("33.4"), D("33.3"), D("33.3")]
    assert sum(row.share for row in model.by_source) == D("100.0")


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        (["1", "1", "1"], ["33.4", "33.3", "33.3"]),
        (["2", "1"], ["66.7", "33.3"]),
        (["1", "0"], ["100.0", "0.0"]),
        (["0", "0"], ["0.0", "0.0"]),
        ([], []),
    ],
)
def test_shares_use_the_largest_remainder(amounts, expected):
    assert shares([D(a) for a in amounts]) == [D(e) for e in expected]


def test_empty_program_is_all_zero():
    program = ProgramFactory(start_year=2025, end_year=2026)

    model = financial_model(program)

    assert model.total == 0
    assert model.is_empty
    assert [(row.year, row.amount) for row in model.by_year] == [(2025, 0), (2026, 0)]
    assert model.by_source == []
    assert model.by_sector == []
    assert model.by_priority == []
    assert model.by_goal == []
    assert model.by_source_and_year.rows == []
    assert model.by_source_and_year.column_totals == [0, 0]
    assert model.outside_period == 0


def test_priorities_without_any_money_get_zero_shares():
    priority = PriorityFactory()
    GoalFactory(priority=priority)

    model = financial_model(priority.program)

    assert [(row.code, row.amount, row.share) for row in model.by_priority] == [("1", 0, D("0.0"))]
    assert [(row.code, row.amount, row.share) for row in model.by_goal] == [("1.1", 0, D("0.0"))]


def test_query_count_does_not_grow_with_the_plan(django_assert_num_queries):
    small = build_program(municipality=MunicipalityFactory(), activities=10)
    large = build_program(municipality=MunicipalityFactory(), activities=300)

    with CaptureQueriesContext(connection) as small_queries:
        small_model = financial_model(small)
    # 1 sums by source and year, 2 those sources, 3 sums by goal, 4–6 priorities, goals and
    # objectives (plan_tree), 7 sums by sector, 8 those sectors.
    with django_assert_num_queries(8):
        large_model = financial_model(large)

    assert len(small_queries) == 8
    assert len(large_model.by_goal) > len(small_model.by_goal)
    assert large_model.total == sum(row.amount for row in large_model.by_source)
