"""A complete program of any size, for benchmarks and tests (`make_bench_data`).

The structure grows in proportion: 5 activities an objective, 2 objectives a goal, 5 goals a
priority; each activity has 4 funding lines (2 sources × 2 years); each objective an indicator
with a target for every year. Every step of the checklist is filled, so the program is complete.
"""

from datetime import date
from decimal import Decimal
from math import ceil

from django.db import transaction

from municipalities.models import Municipality, Village
from planning.models import (
    Activity,
    FundingLine,
    FundingSource,
    GeneralCharacteristics,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Priority,
    Program,
    Sector,
    SectorAnalysis,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)
from planning.reference import load_reference

ACTIVITIES_PER_OBJECTIVE = 5
OBJECTIVES_PER_GOAL = 2
GOALS_PER_PRIORITY = 5


@transaction.atomic
def build_program(
    *, municipality: Municipality, activities: int, start_year: int = 2025, years: int = 5, title: str = ""
) -> Program:
    """Create a complete program with `activities` activities (bulk inserts, no history rows)."""
    if not Sector.objects.exists() or not FundingSource.objects.exists():
        load_reference()
    sectors = list(Sector.objects.filter(is_active=True))
    sources = list(FundingSource.objects.filter(is_active=True))
    village = Village.objects.filter(municipality=municipality).first()
    end_year = start_year + years - 1
    program = Program.objects.create(
        municipality=municipality,
        title=title or f"Өнүгүү программасы {start_year}–{end_year}",
        start_year=start_year,
        end_year=end_year,
        vision="Ыңгайлуу, таза жана коопсуз айыл аймагы.",
        strategic_goal="Калктын турмуш деңгээлин жогорулатуу.",
    )
    GeneralCharacteristics.objects.create(
        program=program,
        location="Тоолуу аймак",
        centre="Борбор айылы",
        area_ha=Decimal("12500"),
        population_total=12000,
        population_women=6100,
        population_men=5900,
        landscape="Тоо этеги",
    )
    group = WorkingGroup.objects.create(
        program=program, order_number="1", order_date=date(start_year - 1, 4, 9)
    )
    members = WorkingGroupMember.objects.bulk_create(
        WorkingGroupMember(
            working_group=group,
            name=f"Мүчө {i}",
            gender="f" if i % 2 else "m",
            category=WorkingGroupMember.Category.LSG,
            is_chair=i == 1,
            is_secretary=i == 2,
            order=i,
        )
        for i in range(1, 8)
    )
    WorkPlanTask.objects.create(working_group=group, what="Маалымат чогултуу", responsible=members[0])
    SectorAnalysis.objects.bulk_create(
        SectorAnalysis(program=program, sector=sector, text=f"{sector.name_ky}: учурдагы абал.")
        for sector in sectors
    )
    Swot.objects.create(
        program=program, strengths="Күчтүү", weaknesses="Алсыз", opportunities="Мүмкүн", threats="Коркунуч"
    )

    n_objectives = max(1, ceil(activities / ACTIVITIES_PER_OBJECTIVE))
    n_goals = max(1, ceil(n_objectives / OBJECTIVES_PER_GOAL))
    n_priorities = max(1, ceil(n_goals / GOALS_PER_PRIORITY))
    priorities = Priority.objects.bulk_create(
        Priority(program=program, title=f"Өнүгүү багыты {p}", order=p) for p in range(1, n_priorities + 1)
    )
    goals = Goal.objects.bulk_create(
        Goal(
            priority=priorities[g // GOALS_PER_PRIORITY],
            title=f"Максат {g + 1}",
            order=g % GOALS_PER_PRIORITY + 1,
        )
        for g in range(n_goals)
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            goal=goals[o // OBJECTIVES_PER_GOAL], title=f"Тапшырма {o + 1}", order=o % OBJECTIVES_PER_GOAL + 1
        )
        for o in range(n_objectives)
    )
    activity_rows = Activity.objects.bulk_create(
        Activity(
            objective=objectives[a // ACTIVITIES_PER_OBJECTIVE],
            title=f"Иш-чара {a + 1}",
            order=a % ACTIVITIES_PER_OBJECTIVE + 1,
            sector=sectors[a % len(sectors)],
            responsible="Айыл өкмөтү",
            village=village if a % 3 == 0 else None,
            start_year=start_year + a % years,
            end_year=min(end_year, start_year + a % years + 1),
            for_women=a % 4 == 0,
            climate_adaptation=a % 5 == 0,
        )
        for a in range(activities)
    )
    lines = []
    for a, activity in enumerate(activity_rows):
        for s in range(2):
            source = sources[(a + s) % len(sources)]
            for year in sorted({activity.start_year, activity.end_year}) or [activity.start_year]:
                lines.append(
                    FundingLine(
                        activity=activity, source=source, year=year, amount=Decimal(10_000 * (s + 1) + a)
                    )
                )
    FundingLine.objects.bulk_create(lines)
    indicators = Indicator.objects.bulk_create(
        Indicator(
            objective=objective,
            name=f"Көрсөткүч {i + 1}",
            unit="%",
            baseline_value=Decimal("10"),
            baseline_year=start_year - 1,
            source_of_verification="Айыл өкмөтүнүн отчету",
            measured_by="Айыл өкмөтү",
        )
        for i, objective in enumerate(objectives)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=Decimal(10 + (year - start_year + 1) * 5))
        for indicator in indicators
        for year in range(start_year, end_year + 1)
    )
    return program


def build_background(*, activities: int, per_program: int = 300, start_year: int = 2025) -> int:
    """Other municipalities' plans, as many activities in all as asked, inserted in bulk.

    What a page of one program must not care about: the benchmarks measure the editor with and
    without this background (`make_bench_data --background 150000`). Each background program has
    directions, goals, objectives, activities with two funding lines each, and an indicator per
    objective; no history rows. Returns the number of activities created.
    """
    from municipalities.models import District

    if not Sector.objects.exists() or not FundingSource.objects.exists():
        load_reference()
    sector = Sector.objects.filter(is_active=True).first()
    sources = list(FundingSource.objects.filter(is_active=True)[:2])
    district = District.objects.order_by("pk").first()
    years = (start_year, start_year + 4)
    made = 0
    number = Municipality.objects.filter(name_en__startswith="Background ").count()
    while made < activities:
        batch = min(per_program * 20, activities - made)  # 20 programs' worth per transaction
        with transaction.atomic():
            programs = []
            for _ in range(ceil(batch / per_program)):
                number += 1
                municipality = Municipality.objects.create(
                    district=district, name_ky=f"Фон {number}", name_en=f"Background {number}"
                )
                programs.append(
                    Program(
                        municipality=municipality,
                        title=f"Фон {number}",
                        start_year=years[0],
                        end_year=years[1],
                    )
                )
            Program.objects.bulk_create(programs)
            priorities = Priority.objects.bulk_create(
                Priority(program=program, order=p, title=f"Багыт {p}") for program in programs for p in (1, 2)
            )
            goals = Goal.objects.bulk_create(
                Goal(priority=priority, order=g, title=f"Максат {g}")
                for priority in priorities
                for g in (1, 2, 3)
            )
            objectives = Objective.objects.bulk_create(
                Objective(goal=goal, order=o, title=f"Тапшырма {o}")
                for goal in goals
                for o in (1, 2, 3, 4, 5)
            )
            per_objective = ceil(per_program / (len(objectives) // len(programs)))
            rows = []
            for objective in objectives:
                for a in range(1, per_objective + 1):
                    if len(rows) >= batch:
                        break
                    rows.append(
                        Activity(
                            objective=objective, order=a, title=f"Иш-чара {a}", sector=sector,
                            responsible="Айыл өкмөтү", start_year=years[0], end_year=years[1],
                        )
                    )  # fmt: skip
            created = Activity.objects.bulk_create(rows, batch_size=5000)
            FundingLine.objects.bulk_create(
                (
                    FundingLine(activity=activity, source=source, year=years[0], amount=Decimal("100000"))
                    for activity in created
                    for source in sources
                ),
                batch_size=5000,
            )
            Indicator.objects.bulk_create(
                Indicator(objective=objective, name="Көрсөткүч", unit="%", order=1)
                for objective in objectives
            )
            made += len(created)
    return made
