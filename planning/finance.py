"""The financial model of a program, computed from its funding lines (never typed).

`financial_model(program)` runs a fixed number of queries whatever the size of the plan: three
grouped sums over the program's funding lines (by source and year, by goal, by sector), the
sources and sectors those sums name, and the 3 queries of `plan_tree(activities=False)` for the
codes and titles of priorities and goals (none when the caller has the tree already and passes it). Everything else is arithmetic in Python on Decimals.

Lines whose year lies outside the program's period still count in every total and share; only
`by_year` (and the year columns of `by_source_and_year`) is limited to the period, and
`outside_period` says how much is left out there so that pages can warn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Sum

from planning.models import FundingSource, Program, Sector
from planning.selectors import PlanTree, plan_tree, program_funding_lines

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
SHARE_STEP = Decimal("0.1")


@dataclass(frozen=True)
class YearAmount:
    year: int
    amount: Decimal


@dataclass(frozen=True)
class SourceAmount:
    source: FundingSource
    amount: Decimal
    share: Decimal


@dataclass(frozen=True)
class SourceYearRow:
    """One source of the source × year table: `amounts` is aligned with `SourceYearMatrix.years`."""

    source: FundingSource
    amounts: list[Decimal]
    outside_period: Decimal
    total: Decimal
    share: Decimal


@dataclass(frozen=True)
class SourceYearMatrix:
    """Sources × years. A row's `total` also counts its years outside the period, as does `total`."""

    years: list[int]
    rows: list[SourceYearRow]
    column_totals: list[Decimal]
    outside_period: Decimal
    total: Decimal


@dataclass(frozen=True)
class PlanAmount:
    """A priority ("1") or a goal ("1.2") with its money."""

    code: str
    title: str
    amount: Decimal
    share: Decimal

    @property
    def level(self) -> int:
        """1 for a priority, 2 for a goal."""
        return self.code.count(".") + 1


@dataclass(frozen=True)
class SectorAmount:
    sector: Sector
    amount: Decimal
    share: Decimal


@dataclass(frozen=True)
class FinancialModel:
    program: Program
    total: Decimal
    years: list[int]
    by_year: list[YearAmount]
    by_source: list[SourceAmount]
    by_source_and_year: SourceYearMatrix
    by_priority: list[PlanAmount]
    by_goal: list[PlanAmount]
    by_sector: list[SectorAmount]
    outside_period: Decimal

    @property
    def is_empty(self) -> bool:
        return not self.total

    @property
    def by_priority_and_goal(self) -> list[PlanAmount]:
        """Each priority followed by its goals, for one table of both."""
        goals: dict[str, list[PlanAmount]] = defaultdict(list)
        for goal in self.by_goal:
            goals[goal.code.split(".")[0]].append(goal)
        return [row for priority in self.by_priority for row in (priority, *goals[priority.code])]


def shares(amounts: Sequence[Decimal], total: Decimal | None = None) -> list[Decimal]:
    """Percent of `total` for each amount, one decimal place, summing to exactly 100.0.

    Plain rounding can give 99.9 or 100.1 (three equal parts: 33.3 × 3); the largest remainder
    method hands the missing tenths to the amounts that lost most to rounding, so a table's
    "100.0 %" total is always right. All zero when the total is zero.
    """
    total = sum(amounts, ZERO) if total is None else total
    if total <= 0:
        return [Decimal("0.0")] * len(amounts)
    exact = [amount * HUNDRED / total for amount in amounts]
    floored = [value.quantize(SHARE_STEP, rounding=ROUND_FLOOR) for value in exact]
    missing = int((HUNDRED - sum(floored, Decimal("0"))) / SHARE_STEP)
    # Ties go to the earlier row, so the result does not depend on anything but the order given.
    by_remainder = sorted(range(len(amounts)), key=lambda i: (-(exact[i] - floored[i]), i))
    for i in by_remainder[: max(missing, 0)]:
        floored[i] += SHARE_STEP
    return floored


def _amount(value) -> Decimal:
    # Sum() gives None for no rows; the database may hand back more places than the field's two.
    return (value or ZERO).quantize(Decimal("0.01"))


def _sums(rows: Iterable[dict], key: str) -> dict:
    result: dict = defaultdict(lambda: ZERO)
    for row in rows:
        result[row[key]] += _amount(row["amount"])
    return result


def financial_model(program: Program, *, tree: PlanTree | None = None) -> FinancialModel:
    """The financial model of `program` in 8 queries (6 when it has no money), whatever its size;
    3 fewer when `tree` (its `plan_tree`, any options) is given."""
    lines = program_funding_lines(program).order_by()
    years = program.years
    period = set(years)

    # Query 1: money by source and year.
    source_year_rows = list(lines.values("source_id", "year").annotate(amount=Sum("amount")))
    by_source_id_year: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in source_year_rows:
        by_source_id_year[row["source_id"]][row["year"]] += _amount(row["amount"])
    # Query 2: the sources that have money, in their reference order.
    sources = [
        source
        for source in FundingSource.objects.filter(pk__in=list(by_source_id_year)).order_by("order", "code")
        if sum(by_source_id_year[source.pk].values(), ZERO) > 0
    ]

    total = sum((amount for per_year in by_source_id_year.values() for amount in per_year.values()), ZERO)
    year_totals = dict.fromkeys(years, ZERO)
    outside_period = ZERO
    for per_year in by_source_id_year.values():
        for year, amount in per_year.items():
            if year in period:
                year_totals[year] += amount
            else:
                outside_period += amount
    by_year = [YearAmount(year=year, amount=year_totals[year]) for year in years]

    source_totals = [sum(by_source_id_year[s.pk].values(), ZERO) for s in sources]
    source_shares = shares(source_totals, total)
    by_source = [
        SourceAmount(source=source, amount=amount, share=share)
        for source, amount, share in zip(sources, source_totals, source_shares, strict=True)
    ]
    matrix_rows = []
    for source, amount, share in zip(sources, source_totals, source_shares, strict=True):
        per_year = by_source_id_year[source.pk]
        in_period = [per_year.get(year, ZERO) for year in years]
        matrix_rows.append(
            SourceYearRow(
                source=source,
                amounts=in_period,
                outside_period=amount - sum(in_period, ZERO),
                total=amount,
                share=share,
            )
        )
    matrix = SourceYearMatrix(
        years=years,
        rows=matrix_rows,
        column_totals=[year_totals[year] for year in years],
        outside_period=outside_period,
        total=total,
    )

    # Query 3: money by goal; priorities add up their goals. Queries 4–6: the plan's structure.
    by_goal_id = _sums(
        lines.values("activity__objective__goal_id").annotate(amount=Sum("amount")),
        "activity__objective__goal_id",
    )
    if tree is None:
        tree = plan_tree(program, activities=False)
    goal_amounts = [by_goal_id.get(goal.pk, ZERO) for goal in tree.goals]
    by_goal = [
        PlanAmount(code=goal.code, title=goal.title, amount=amount, share=share)
        for goal, amount, share in zip(tree.goals, goal_amounts, shares(goal_amounts, total), strict=True)
    ]
    priority_amounts = [
        sum((by_goal_id.get(goal.pk, ZERO) for goal in priority.goal_list), ZERO)
        for priority in tree.priorities
    ]
    by_priority = [
        PlanAmount(code=priority.code, title=priority.title, amount=amount, share=share)
        for priority, amount, share in zip(
            tree.priorities, priority_amounts, shares(priority_amounts, total), strict=True
        )
    ]

    # Query 7: money by sector; query 8: those sectors. Largest first, then in reference order.
    by_sector_id = _sums(
        lines.values("activity__sector_id").annotate(amount=Sum("amount")), "activity__sector_id"
    )
    sectors = sorted(
        (
            sector
            for sector in Sector.objects.filter(pk__in=list(by_sector_id)).order_by("order", "code")
            if by_sector_id[sector.pk] > 0
        ),
        key=lambda sector: -by_sector_id[sector.pk],
    )
    sector_amounts = [by_sector_id[sector.pk] for sector in sectors]
    by_sector = [
        SectorAmount(sector=sector, amount=amount, share=share)
        for sector, amount, share in zip(sectors, sector_amounts, shares(sector_amounts, total), strict=True)
    ]

    return FinancialModel(
        program=program,
        total=total,
        years=years,
        by_year=by_year,
        by_source=by_source,
        by_source_and_year=matrix,
        by_priority=by_priority,
        by_goal=by_goal,
        by_sector=by_sector,
        outside_period=outside_period,
    )
