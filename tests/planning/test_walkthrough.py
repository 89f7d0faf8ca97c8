"""A staff member fills in a whole program in the browser, step by step, and the checklist
turns green. Every step goes through the page's HTML form, as a browser would submit it."""

import re
from decimal import Decimal

import pytest

from municipalities.models import Village
from planning.authoring.checklist import program_checklist
from planning.models import Activity, FundingLine, FundingSource, Indicator, Program, Sector
from tests.planning.helpers import submit, url

pytestmark = pytest.mark.django_db


def saved(response) -> None:
    assert response.status_code == 302, response.content.decode()[:3000]


def test_staff_fills_in_a_whole_program_and_the_checklist_turns_green(client, world, reference):
    village = Village.objects.create(municipality=world.municipality_a, name_ky="Көк-Жар", is_centre=True)
    client.force_login(world.staff_a)

    # Start a program.
    response = client.post(
        f"/ky/workspace/municipalities/{world.municipality_a.pk}/programs/",
        {"title": "Көк-Жар айыл аймагынын СЭӨП", "start_year": "2025", "end_year": "2027"},
    )
    saved(response)
    program = Program.objects.get(municipality=world.municipality_a)
    assert response["Location"] == url("overview", program.pk)
    assert client.get(url("overview", program.pk)).status_code == 200

    # 1. Working group: the order, members, then a task for a member.
    saved(
        submit(
            client,
            url("working_group", program.pk),
            {"order_number": "86", "order_date": "2019-04-09"},
            rows={
                "members": [
                    {
                        "name": "Асанова Гүлзат",
                        "gender": "f",
                        "category": "lsg",
                        "is_chair": True,
                        "phone": "0555 123 456",
                    },
                    {"name": "Токтосунов Бакыт", "gender": "m", "category": "council", "is_secretary": True},
                    {"name": "Мамытова Айнура", "gender": "f", "category": "jmeg", "village": village.pk},
                ]
            },
        )
    )
    member = program.working_group.members.get(name="Асанова Гүлзат")
    saved(
        submit(
            client,
            url("working_group", program.pk),
            rows={
                "tasks": [{"what": "Маалымат чогултуу", "responsible": member.pk, "due_date": "2019-05-01"}]
            },
        )
    )

    # 2. General characteristics.
    saved(
        submit(
            client,
            url("characteristics", program.pk),
            {
                "location": "Ноокат районунун түштүгүндө",
                "centre": "Көк-Жар айылы",
                "area_ha": "15400.5",
                "landscape": "Тоо этеги, суук кыш",
                "population_total": "21000",
                "population_women": "10600",
                "population_men": "10400",
            },
        )
    )

    # 3. Situation analysis of every sector.
    for sector in Sector.objects.filter(is_active=True):
        saved(
            submit(
                client,
                url("sector_analysis", program.pk, sector.pk),
                {"text": f"{sector.name_ky}: абал жакшырууну талап кылат."},
                rows={"figures": [{"label": "Үй чарбалар", "value": "412", "unit": "даана", "year": "2024"}]},
            )
        )

    # 4. SWOT.
    saved(
        submit(
            client,
            url("swot", program.pk),
            {"strengths": "Жер", "weaknesses": "Суу аз", "opportunities": "Туризм", "threats": "Сел"},
        )
    )

    # 5. Vision, strategic goal and two directions.
    saved(
        submit(
            client,
            url("vision", program.pk),
            {"vision": "Таза жана ыңгайлуу айыл", "strategic_goal": "Жашоо деңгээлин көтөрүү"},
            rows={
                "priorities": [
                    {"order": "1", "title": "Ичүүчү суу"},
                    {"order": "2", "title": "Мектепке чейинки билим берүү"},
                ]
            },
        )
    )
    water, preschool = program.priorities.order_by("order")

    # 6. Goals, then objectives (objectives choose among saved goals).
    saved(
        submit(
            client,
            url("goals", program.pk),
            rows={
                "goals": [
                    {"priority": water.pk, "order": "1", "title": "Таза суу ар бир үйгө"},
                    {"priority": preschool.pk, "order": "1", "title": "Бала бакча ар бир айылда"},
                ]
            },
        )
    )
    goal_water, goal_preschool = [water.goals.get(), preschool.goals.get()]
    saved(
        submit(
            client,
            url("goals", program.pk),
            rows={
                "objectives": [
                    {"goal": goal_water.pk, "order": "1", "title": "Суу түтүгүн жаңылоо"},
                    {"goal": goal_preschool.pk, "order": "1", "title": "Бала бакча куруу"},
                ]
            },
        )
    )
    obj_water, obj_preschool = goal_water.objectives.get(), goal_preschool.objectives.get()

    # 7. Action plan: activities of each direction, then their funding.
    sector = Sector.objects.get(code="drinking-water")
    saved(
        submit(
            client,
            url("priority_activities", program.pk, water.pk),
            rows={
                "activities": [
                    {
                        "objective": obj_water.pk,
                        "order": "1",
                        "title": "Суу түтүгүн алмаштыруу",
                        "sector": sector.pk,
                        "responsible": "Айыл өкмөтү",
                        "village": village.pk,
                        "start_year": "2025",
                        "end_year": "2026",
                        "climate_adaptation": True,
                    }
                ]
            },
        )
    )
    saved(
        submit(
            client,
            url("priority_activities", program.pk, preschool.pk),
            rows={
                "activities": [
                    {
                        "objective": obj_preschool.pk,
                        "order": "1",
                        "title": "Бала бакча куруу",
                        "sector": Sector.objects.get(code="education").pk,
                        "responsible": "Айыл өкмөтү",
                        "start_year": "2026",
                        "end_year": "2027",
                        "for_women": True,
                    }
                ]
            },
        )
    )
    local = FundingSource.objects.get(code="local-budget")
    donors = FundingSource.objects.get(code="donors")
    pipe = Activity.objects.get(title="Суу түтүгүн алмаштыруу")
    saved(
        submit(
            client,
            url("activity", program.pk, pipe.pk),
            rows={
                "funding": [
                    {"source": local.pk, "y2025": "150000", "y2026": "50000.50"},
                    {"source": donors.pk, "y2025": "1000000"},
                ]
            },
        )
    )
    kindergarten = Activity.objects.get(title="Бала бакча куруу")
    saved(
        submit(
            client,
            url("activity", program.pk, kindergarten.pk),
            rows={"funding": [{"source": local.pk, "y2027": "2500000"}]},
        )
    )
    assert FundingLine.objects.filter(activity=pipe).count() == 3
    assert sum(FundingLine.objects.values_list("amount", flat=True)) == Decimal("3700000.50")

    # 9. Indicators with a target for every year.
    saved(
        submit(
            client,
            url("indicators", program.pk),
            rows={
                "indicators": [
                    {
                        "objective": obj_water.pk,
                        "name": "Таза суу менен камсыз болгон үйлөр",
                        "unit": "%",
                        "baseline_value": "40",
                        "baseline_year": "2024",
                        "t2025": "55",
                        "t2026": "70",
                        "t2027": "90",
                        "source_of_verification": "Айыл өкмөтүнүн эсеби",
                        "measured_by": "БМжБТ",
                    },
                    {
                        "objective": obj_preschool.pk,
                        "name": "Бала бакчага барган балдар",
                        "unit": "бала",
                        "baseline_value": "120",
                        "baseline_year": "2024",
                        "t2025": "120",
                        "t2026": "150",
                        "t2027": "220",
                    },
                ]
            },
        )
    )
    assert Indicator.objects.get(unit="%").targets.count() == 3

    # The checklist is green, and the overview says so.
    program.refresh_from_db()
    checklist = program_checklist(program)
    assert [step.missing for step in checklist.steps] == [[]] * 9
    page = client.get(url("overview", program.pk)).content.decode()
    assert page.count('class="checklist-item border rounded p-2 mb-2 is-done"') == 9

    # And the work can be downloaded as Excel.
    response = client.get(url("export_action_plan", program.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.search(r"filename\*=UTF-8''", response["Content-Disposition"])


def test_checklist_says_exactly_what_is_missing(client, world, program_a):
    client.force_login(world.staff_a)
    page = client.get(url("overview", program_a.pk, language="en")).content.decode()
    for expected in [
        "Enter the number and date of the head&#x27;s order that formed the group.",
        "Add the members of the working group.",
        "Fill in: location, administrative centre, total area",
        "Sectors without analysis: Population and demography",
        "Write the vision.",
        "Add at least one development direction.",
        "Checklist: 0 of 9 steps complete",
    ]:
        assert expected in page, expected
    # Each step links to its page.
    assert f'href="{url("working_group", program_a.pk, language="en")}"' in page


def test_checklist_names_the_objective_without_activities(world, program_a):
    from tests.factories import ActivityFactory, GoalFactory, ObjectiveFactory, PriorityFactory

    priority = PriorityFactory(program=program_a, order=1)
    goal = GoalFactory(priority=priority, order=1)
    ObjectiveFactory(goal=goal, order=1)
    second = ObjectiveFactory(goal=goal, order=2)
    ActivityFactory(objective=second)
    step = program_checklist(program_a).step("action_plan")
    assert "1.1.1" in " ".join(step.missing)
    assert "1.1.2.1" in " ".join(step.missing)  # its activity has no funding
