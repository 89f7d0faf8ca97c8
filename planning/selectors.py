"""Read queries on programs that several pages share (workspace, review, public page, PDF).

Every function here runs a fixed number of queries, whatever the size of the plan: the tree is
read level by level and assembled in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from planning.models import (
    Activity,
    FundingLine,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Priority,
    Program,
)
from planning.review.workflow import PUBLIC_STATUSES as workflow_public_statuses

SOURCE_NAMES = ("source__name_ky", "source__name_ru", "source__name_en")


@dataclass
class PlanTree:
    """Priorities → goals → objectives → activities (and indicators), with their codes.

    Each object gets `code` ("1", "1.2", "1.2.3", "1.2.3.4") and its children as lists:
    priority.goal_list, goal.objective_list, objective.activity_list, objective.indicator_list.
    Activities get `line_list` (their funding lines) and `total` (their cost).
    """

    program: Program
    priorities: list[Priority]
    goals: list[Goal] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((a.total for a in self.activities), Decimal("0"))


def program_goals(program: Program) -> QuerySet[Goal]:
    return Goal.objects.filter(priority__program=program).select_related("priority")


def program_objectives(program: Program) -> QuerySet[Objective]:
    return Objective.objects.filter(goal__priority__program=program).select_related("goal__priority")


def program_activities(program: Program) -> QuerySet[Activity]:
    return Activity.objects.filter(objective__goal__priority__program=program)


def program_funding_lines(program: Program) -> QuerySet[FundingLine]:
    return FundingLine.objects.filter(activity__objective__goal__priority__program=program)


def program_indicators(program: Program) -> QuerySet[Indicator]:
    return Indicator.objects.filter(objective__goal__priority__program=program)


def plan_tree(program: Program, *, activities: bool = True, indicators: bool = False) -> PlanTree:
    """The whole structure of a program in 3 queries, plus 2 for activities and 2 for indicators
    (the indicators and their targets)."""
    return plan_trees([program], activities=activities, indicators=indicators)[program.pk]


def plan_trees(
    programs: Iterable[Program], *, activities: bool = True, indicators: bool = False, lean: bool = False
) -> dict[int, PlanTree]:
    """`plan_tree` of several programs at once, by program id, in the same number of queries
    whatever the number of programs (the roll-ups of monitoring read a hundred plans at a time).

    `lean`: activities with only their title, order and objective (no sector, village or other
    field) and funding lines with only their activity, year, amount and source's code, order and
    names: what adding up planned amounts needs, at a fraction of the cost for many plans."""
    programs = {program.pk: program for program in programs}
    ids = list(programs)
    priorities_of: dict[int, list[Priority]] = defaultdict(list)
    for priority in Priority.objects.filter(program_id__in=ids).order_by("order", "id"):
        priority.program = programs[priority.program_id]
        priorities_of[priority.program_id].append(priority)
    goals = list(Goal.objects.filter(priority__program_id__in=ids).order_by("order", "id"))
    objectives = list(Objective.objects.filter(goal__priority__program_id__in=ids).order_by("order", "id"))

    goals_by_priority: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        goals_by_priority[goal.priority_id].append(goal)
    objectives_by_goal: dict[int, list[Objective]] = defaultdict(list)
    for objective in objectives:
        objectives_by_goal[objective.goal_id].append(objective)

    trees: dict[int, PlanTree] = {}
    by_objective: dict[int, Objective] = {}
    tree_of_objective: dict[int, PlanTree] = {}
    for program_id, program in programs.items():
        priorities = priorities_of[program_id]
        tree = trees[program_id] = PlanTree(program=program, priorities=priorities)
        for p_index, priority in enumerate(priorities, start=1):
            priority.code = str(p_index)
            priority.goal_list = goals_by_priority[priority.pk]
            for g_index, goal in enumerate(priority.goal_list, start=1):
                goal.code = f"{priority.code}.{g_index}"
                goal.priority = priority
                goal.objective_list = objectives_by_goal[goal.pk]
                tree.goals.append(goal)
                for o_index, objective in enumerate(goal.objective_list, start=1):
                    objective.code = f"{goal.code}.{o_index}"
                    objective.goal = goal
                    objective.activity_list = []
                    objective.indicator_list = []
                    tree.objectives.append(objective)
                    by_objective[objective.pk] = objective
                    tree_of_objective[objective.pk] = tree

    if activities:
        activity_query = Activity.objects.filter(objective__goal__priority__program_id__in=ids)
        line_query = FundingLine.objects.filter(
            activity__objective__goal__priority__program_id__in=ids
        ).select_related("source")
        if lean:
            activity_query = activity_query.only("objective_id", "title", "order")
            line_query = line_query.only(
                "activity_id", "year", "amount", "source__code", "source__order", *SOURCE_NAMES
            )
        else:
            activity_query = activity_query.select_related("sector", "village")
        activity_rows = list(activity_query.order_by("order", "id"))
        lines_by_activity: dict[int, list[FundingLine]] = defaultdict(list)
        for line in line_query.order_by("source__order", "year"):
            lines_by_activity[line.activity_id].append(line)
        for activity in activity_rows:
            objective = by_objective.get(activity.objective_id)
            if objective is None:
                continue
            activity.objective = objective
            activity.line_list = lines_by_activity[activity.pk]
            activity.total = sum((line.amount for line in activity.line_list), Decimal("0"))
            objective.activity_list.append(activity)
        for tree in trees.values():
            for objective in tree.objectives:
                for a_index, activity in enumerate(objective.activity_list, start=1):
                    activity.code = f"{objective.code}.{a_index}"
                    tree.activities.append(activity)

    if indicators:
        indicator_rows = (
            Indicator.objects.filter(objective__goal__priority__program_id__in=ids)
            .select_related("standard")
            .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
            .order_by("order", "id")
        )
        for indicator in indicator_rows:
            objective = by_objective.get(indicator.objective_id)
            if objective is None:
                continue
            indicator.objective = objective
            indicator.target_by_year = {t.year: t for t in indicator.targets.all()}
            objective.indicator_list.append(indicator)
        for tree in trees.values():
            for objective in tree.objectives:
                for i_index, indicator in enumerate(objective.indicator_list, start=1):
                    indicator.code = f"{objective.code}.{i_index}"
                    tree.indicators.append(indicator)
    return trees


def programs_of(municipality_id: int) -> QuerySet[Program]:
    return Program.objects.filter(municipality_id=municipality_id).order_by("-start_year", "-created_at")


# --- What the public may see ----------------------------------------------------------------

# The workflow table says which states are public (planning/review/workflow.py).
PUBLIC_STATUSES = workflow_public_statuses


def public_programs() -> QuerySet[Program]:
    """Programs anyone may read: published ones, and the older versions they replaced.

    Every public page, the API, the sitemap and the search start from here; nothing in any
    other state (draft, submitted, endorsed, approved but not yet published) is ever public.
    """
    return Program.objects.filter(status__in=PUBLIC_STATUSES)


def latest_published(*, limit: int = 6) -> list[Program]:
    return list(
        public_programs()
        .filter(status=Program.Status.PUBLISHED)
        .select_related("municipality__district__region")
        .order_by("-published_at", "-pk")[:limit]
    )


def published_counts_by_district() -> dict[int, int]:
    """Number of published programs (not superseded ones) per District id, in one query: what
    the home page's map (municipalities/map.py) is shaded by."""
    from django.db.models import Count

    rows = (
        public_programs()
        .filter(status=Program.Status.PUBLISHED)
        .order_by()
        .values("municipality__district")
        .annotate(count=Count("id"))
        .values_list("municipality__district", "count")
    )
    return dict(rows)


def public_figures() -> dict:
    """The home page's counts: municipalities with a published plan, activities, total budget."""
    from django.db.models import Count, Sum

    published = Program.objects.filter(status=Program.Status.PUBLISHED)
    municipalities = published.aggregate(n=Count("municipality", distinct=True))["n"]
    activities = Activity.objects.filter(objective__goal__priority__program__in=published).count()
    budget = FundingLine.objects.filter(activity__objective__goal__priority__program__in=published).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    return {"municipalities": municipalities, "activities": activities, "budget": budget}


def search_public_programs(
    *, query: str = "", region=None, district=None, year=None, sector=None, source=None
) -> QuerySet[Program]:
    """Public programs matching the filters; the text is looked for in titles, vision, strategic
    goal, goals, objectives and activities (and the municipality's names, any spelling)."""
    from django.db.models import Exists, OuterRef, Q

    from municipalities.names import search_key

    programs = public_programs().select_related("municipality__district__region")
    if region:
        programs = programs.filter(municipality__district__region=region)
    if district:
        programs = programs.filter(municipality__district=district)
    if year:
        programs = programs.filter(start_year__lte=year, end_year__gte=year)
    if sector:
        programs = programs.filter(
            Exists(Activity.objects.filter(objective__goal__priority__program=OuterRef("pk"), sector=sector))
        )
    if source:
        programs = programs.filter(
            Exists(
                FundingLine.objects.filter(
                    activity__objective__goal__priority__program=OuterRef("pk"), source=source
                )
            )
        )
    query = (query or "").strip()[:100]
    if query:
        text = query.lower()  # compared with lower() of the columns: Cyrillic in any case
        program = OuterRef("pk")
        in_plan = (
            Q(title__lower__contains=text)
            | Q(vision__lower__contains=text)
            | Q(strategic_goal__lower__contains=text)
            | Exists(Goal.objects.filter(priority__program=program, title__lower__contains=text))
            | Exists(Objective.objects.filter(goal__priority__program=program, title__lower__contains=text))
            | Exists(
                Activity.objects.filter(
                    objective__goal__priority__program=program, title__lower__contains=text
                )
            )
        )
        key = search_key(query)
        if len(key) >= 2:
            in_plan |= Q(municipality__search_key__contains=key)
        programs = programs.filter(in_plan)
    return programs.order_by("status", "-published_at", "-pk")  # published before superseded


def municipality_plans(municipality_id: int) -> list[Program]:
    """A municipality's public programs (current and superseded), with their activity counts."""
    from django.db.models import Count

    return list(
        public_programs()
        .filter(municipality_id=municipality_id)
        .annotate(activity_count=Count("priorities__goals__objectives__activities"))
        .order_by("status", "-start_year", "-pk")
    )
