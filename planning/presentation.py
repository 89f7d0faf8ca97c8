"""One presentation of a plan, for every place that shows it.

A plan is shown on the public plan page, on the coordinator's review screen, on the workspace's
read-only pages (the action plan, the financial model, the overview's summary) and in the PDF.
`plan_context(program, audience=...)` reads what those places show, once, and the partials in
templates/planning/partials/ draw each block (activity row and action-plan table, indicators,
working group, financial tables, general characteristics, SWOT, sector analysis) the same way
for all of them.

Each audience reads the parts it shows (`PARTS`); a page that shows fewer narrows them with
`only=`. Whatever the size of the plan, the number of queries is fixed: the plan's structure (3)
when any of activities, indicators or finance is asked for, activities with their funding lines
(2), indicators with their targets (2), the financial model on that tree (5), the working group
(1) and its members (1), the group's work plan (1), the general characteristics (1), the sector
analyses and their key figures (2), the active sectors (1) and the SWOT analysis (1).

Phone numbers of working-group members are never read (the column is deferred) and never reach
a template: members are `MemberRow`s, which have no phone at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from municipalities.models import Village
from planning.charts import financial_charts
from planning.finance import FinancialModel, financial_model
from planning.models import (
    FundingSource,
    GeneralCharacteristics,
    KeyFigure,
    Program,
    Sector,
    SectorAnalysis,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)
from planning.selectors import PlanTree, plan_tree

# The parts of a plan, each read only when asked for.
ACTIVITIES = "activities"  # activities with their funding lines and money by source
INDICATORS = "indicators"  # indicators with their targets by year
FINANCE = "finance"  # the financial model and its charts
WORKING_GROUP = "working_group"  # the head's order, the members and the gender balance
MEMBERS = "members"  # the members and the gender balance only (the overview's summary)
TASKS = "tasks"  # the working group's work plan
CHARACTERISTICS = "characteristics"
ANALYSIS = "analysis"  # sector analyses that say something, with their key figures
SECTORS = "sectors"  # every active sector with its analysis, written or not (to comment on)
SWOT = "swot"

AUDIENCES = ("public", "review", "workspace", "pdf")

# What each audience shows.
PARTS: dict[str, frozenset[str]] = {
    "public": frozenset({ACTIVITIES, INDICATORS, FINANCE, WORKING_GROUP, CHARACTERISTICS}),
    "review": frozenset(
        {ACTIVITIES, INDICATORS, WORKING_GROUP, TASKS, CHARACTERISTICS, ANALYSIS, SECTORS, SWOT}
    ),
    "workspace": frozenset({ACTIVITIES, INDICATORS, FINANCE, MEMBERS}),
    "pdf": frozenset({ACTIVITIES, INDICATORS, FINANCE, WORKING_GROUP, CHARACTERISTICS, ANALYSIS, SWOT}),
}

CATEGORY_LABELS = dict(WorkingGroupMember.Category.choices)


@dataclass(frozen=True)
class MemberRow:
    """A working-group member as plans show them: no phone number here."""

    name: str
    gender: str
    category: str
    position: str
    village: Village | None
    is_chair: bool
    is_secretary: bool


@dataclass(frozen=True)
class SourceTotal:
    """An activity's money from one source, its years added up."""

    source: FundingSource
    amount: Decimal


@dataclass
class Plan:
    """What a page or document shows of a program; the parts not asked for stay empty."""

    program: Program
    audience: str
    parts: frozenset[str]
    tree: PlanTree | None = None
    model: FinancialModel | None = None
    charts: dict | None = None
    working_group: WorkingGroup | None = None
    members: list[MemberRow] = field(default_factory=list)
    gender: dict[str, int] = field(default_factory=lambda: {"women": 0, "men": 0})
    tasks: list[WorkPlanTask] = field(default_factory=list)
    characteristics: GeneralCharacteristics | None = None
    analyses: list[SectorAnalysis] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    swot: Swot | None = None
    # What apps above planning add (hearings: the proposals traced into the plan, the hearings
    # held on it, the priority votes); see `register_extension`.
    extras: dict = field(default_factory=dict)


# Apps that sit above planning (hearings…) add to what a plan shows without planning importing
# them: each registers, in its AppConfig.ready(), a function called with the plan once it is read.
# It may set attributes on the tree's items (e.g. `activity.traces`) and put things in
# `plan.extras`. It must read a fixed number of queries and only public content for the
# "public" and "pdf" audiences.
_EXTENSIONS: list = []


def register_extension(extend) -> None:
    if extend not in _EXTENSIONS:
        _EXTENSIONS.append(extend)


def plan_context(program: Program, *, audience: str, only: Iterable[str] | None = None) -> Plan:
    """The parts of `program` that `audience` shows (or just those in `only`), in a fixed number
    of queries whatever the size of the plan. Nothing is read for a part not asked for."""
    if audience not in PARTS:
        raise ValueError(f"unknown audience: {audience!r}")
    parts = PARTS[audience] if only is None else frozenset(only)
    plan = Plan(program=program, audience=audience, parts=parts)

    if parts & {ACTIVITIES, INDICATORS, FINANCE}:
        plan.tree = plan_tree(program, activities=ACTIVITIES in parts, indicators=INDICATORS in parts)
        for activity in plan.tree.activities:
            activity.source_amounts = source_totals(activity.line_list)
        for indicator in plan.tree.indicators:
            # Aligned with the program's years: one cell a year, empty where there is no target.
            indicator.year_targets = [indicator.target_by_year.get(year) for year in program.years]
    if FINANCE in parts:
        plan.model = financial_model(program, tree=plan.tree)
        plan.charts = financial_charts(plan.model)
    if WORKING_GROUP in parts or TASKS in parts:
        plan.working_group = WorkingGroup.objects.filter(program=program).first()
    if parts & {WORKING_GROUP, MEMBERS}:
        plan.members = member_rows(program)
        plan.gender = {
            "women": sum(1 for m in plan.members if m.gender == "f"),
            "men": sum(1 for m in plan.members if m.gender == "m"),
        }
    if TASKS in parts and plan.working_group is not None:
        # Not the responsible member: that row would bring their phone.
        plan.tasks = list(WorkPlanTask.objects.filter(working_group=plan.working_group))
    if CHARACTERISTICS in parts:
        plan.characteristics = GeneralCharacteristics.objects.filter(program=program).first()
    if parts & {ANALYSIS, SECTORS}:
        analyses = _analyses(program)
        plan.analyses = [a for a in analyses if a.text.strip() or a.figure_list]
        if SECTORS in parts:
            by_sector = {a.sector_id: a for a in analyses}
            for sector in Sector.objects.filter(is_active=True):
                sector.analysis = by_sector.get(sector.pk)
                plan.sectors.append(sector)
    if SWOT in parts:
        plan.swot = Swot.objects.filter(program=program).first()
    for extend in _EXTENSIONS:
        extend(plan)
    return plan


def member_rows(program: Program) -> list[MemberRow]:
    """The working group's members in their order, read without the phone column."""
    return [
        MemberRow(
            name=member.name,
            gender=member.gender,
            category=CATEGORY_LABELS.get(member.category, member.category),
            position=member.position,
            village=member.village,
            is_chair=member.is_chair,
            is_secretary=member.is_secretary,
        )
        for member in WorkingGroupMember.objects.filter(working_group__program=program)
        .select_related("village")
        .defer("phone")
        .order_by("order", "id")
    ]


def source_totals(lines) -> list[SourceTotal]:
    """An activity's money by source (its years added up), in the order of the lines."""
    totals: dict[int, Decimal] = {}
    sources: dict[int, FundingSource] = {}
    for line in lines:
        sources.setdefault(line.source_id, line.source)
        totals[line.source_id] = totals.get(line.source_id, Decimal("0")) + line.amount
    return [SourceTotal(source=sources[pk], amount=amount) for pk, amount in totals.items()]


def _analyses(program: Program) -> list[SectorAnalysis]:
    """The program's sector analyses in the sectors' order, each with `figure_list`."""
    analyses = list(
        SectorAnalysis.objects.filter(program=program)
        .select_related("sector")
        .order_by("sector__order", "sector__code")
    )
    figures: dict[int, list[KeyFigure]] = defaultdict(list)
    for figure in KeyFigure.objects.filter(analysis__program=program).order_by("order", "id"):
        figures[figure.analysis_id].append(figure)
    for analysis in analyses:
        analysis.figure_list = figures[analysis.pk]
    return analyses
