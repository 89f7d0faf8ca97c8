"""Bad input gets a clear message in Kyrgyz, what the user typed stays on the page, and nothing
already saved is lost."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planning.models import Activity, FundingLine, FundingSource, Objective, Priority, Program, Sector
from tests.factories import (
    ActivityFactory,
    FundingLineFactory,
    GoalFactory,
    ObjectiveFactory,
    PriorityFactory,
    pdf_bytes,
)
from tests.planning.helpers import form_data, submit, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(program_a):
    priority = PriorityFactory(program=program_a, order=1, title="Суу")
    objective = ObjectiveFactory(goal=GoalFactory(priority=priority, order=1), order=1)
    activity = ActivityFactory(objective=objective, title="Эски аталыш", start_year=2025, end_year=2026)
    return priority, objective, activity


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert "Эч нерсе сакталган жок" in body  # "Nothing was saved: please correct the errors marked below."
    return body


def test_activity_years_outside_the_period_and_backwards(client, world, plan):
    priority, _objective, activity = plan
    client.force_login(world.staff_a)
    address = url("priority_activities", priority.program_id, priority.pk)
    response = submit(
        client,
        address,
        {
            "activities-0-title": "Жаңы аталыш",
            "activities-0-start_year": "2031",
            "activities-0-end_year": "2024",
        },
    )
    body = errors_of(response)
    assert "2031-жыл программанын мезгилинен (2025–2027) тышкары." in body
    assert "2024-жыл программанын мезгилинен (2025–2027) тышкары." in body
    assert 'value="Жаңы аталыш"' in body  # the user's input is kept
    assert Activity.objects.get(pk=activity.pk).title == "Эски аталыш"  # nothing saved


def test_end_year_before_start_year(client, world, plan):
    priority, _objective, _activity = plan
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("priority_activities", priority.program_id, priority.pk),
        {"activities-0-start_year": "2027", "activities-0-end_year": "2026"},
    )
    assert "Иш-чара 2027-жылы башталат, ошондуктан андан мурда, 2026-жылы бүтө албайт." in errors_of(response)


def test_required_fields(client, world, plan):
    priority, _objective, _activity = plan
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("priority_activities", priority.program_id, priority.pk),
        rows={"activities": [{"title": "Жаңы иш-чара", "start_year": "2025"}]},
    )
    body = errors_of(response)
    assert "Бул талаа милдеттүү." in body
    assert 'value="Жаңы иш-чара"' in body


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Сумма терс боло албайт."),
        ("100.555", "Сомдо эң көп эки ондук белги (тыйын) болот."),
        ("abc", "Сумманы сом менен сан түрүндө жазыңыз, мисалы 150000 же 1500.50."),
    ],
)
def test_amounts_not_negative_and_at_most_two_decimals(client, world, plan, amount, message):
    priority, _objective, activity = plan
    FundingLineFactory(
        activity=activity,
        source=FundingSource.objects.get(code="local-budget"),
        year=2025,
        amount=Decimal("100"),
    )
    client.force_login(world.staff_a)
    response = submit(client, url("activity", priority.program_id, activity.pk), {"funding-0-y2025": amount})
    body = errors_of(response)
    assert message in body
    assert FundingLine.objects.get(activity=activity).amount == Decimal("100.00")


def test_funding_outside_the_activity_years(client, world, plan):
    priority, _objective, activity = plan
    client.force_login(world.staff_a)
    local = FundingSource.objects.get(code="local-budget")
    response = submit(
        client,
        url("activity", priority.program_id, activity.pk),
        rows={"funding": [{"source": local.pk, "y2027": "5000"}]},
    )
    assert "2027-жыл иш-чаранын жылдарынан (2025–2026) тышкары." in errors_of(response)
    assert not FundingLine.objects.exists()


def test_a_zero_outside_the_activity_years_is_refused_by_the_page_and_the_import_alike(client, world, plan):
    """A zero is a funding line too (the tables and the financial model show it): the activity page
    and the Excel import refuse it with the same words (planning/authoring/rules.py)."""
    from io import BytesIO

    from openpyxl import load_workbook

    from planning.exchange.action_plan import export_action_plan, import_action_plan

    priority, _objective, activity = plan
    client.force_login(world.staff_a)
    local = FundingSource.objects.get(code="local-budget")
    message = "2027-жыл иш-чаранын жылдарынан (2025–2026) тышкары."
    response = submit(
        client,
        url("activity", priority.program_id, activity.pk),
        rows={"funding": [{"source": local.pk, "y2025": "100", "y2027": "0"}]},
    )
    assert message in errors_of(response)
    assert not FundingLine.objects.exists()

    book = load_workbook(BytesIO(export_action_plan(priority.program)))
    sheet = book.worksheets[0]
    columns = {str(cell.value): cell.column for cell in sheet[2] if cell.value is not None}
    sheet.cell(3, columns["Каржылоо булагы"]).value = local.name
    sheet.cell(3, columns["2025"]).value = 100
    sheet.cell(3, columns["2027"]).value = 0
    buffer = BytesIO()
    book.save(buffer)
    result = import_action_plan(priority.program, buffer.getvalue())
    assert [error.message for error in result.errors] == [message]
    assert not FundingLine.objects.exists()


def test_same_source_twice(client, world, plan):
    priority, _objective, activity = plan
    client.force_login(world.staff_a)
    local = FundingSource.objects.get(code="local-budget")
    response = submit(
        client,
        url("activity", priority.program_id, activity.pk),
        rows={"funding": [{"source": local.pk, "y2025": "1"}, {"source": local.pk, "y2026": "2"}]},
    )
    assert "Бул булак башка сапта бар" in errors_of(response)


def test_period_of_one_to_ten_years(client, world, reference):
    client.force_login(world.staff_a)
    address = f"/ky/workspace/municipalities/{world.municipality_a.pk}/programs/"
    body = client.post(address, {"title": "Узак", "start_year": "2025", "end_year": "2036"}).content.decode()
    assert "Программа 1ден 10 жылга чейинки мезгилге түзүлөт; бул мезгил 12 жыл." in body
    assert 'value="Узак"' in body
    body = client.post(
        address, {"title": "Тескери", "start_year": "2027", "end_year": "2025"}
    ).content.decode()
    assert "Акыркы жыл биринчи жылдан мурун боло албайт." in body
    assert not Program.objects.exists()


def test_period_change_that_leaves_activities_outside_is_refused(client, world, plan):
    priority, _objective, _activity = plan
    client.force_login(world.staff_a)
    response = submit(
        client, url("settings", priority.program_id), {"start_year": "2026", "end_year": "2027"}
    )
    assert response.status_code == 200
    assert "иш-чаранын жылдары 2026–2027 мезгилинен тышкары" in response.content.decode()
    assert Program.objects.get(pk=priority.program_id).start_year == 2025


def test_population_that_does_not_add_up(client, world, program_a):
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("characteristics", program_a.pk),
        {"population_total": "1000", "population_women": "600", "population_men": "300"},
    )
    assert "Аялдар (600) менен эркектер (300) биригип 900 болот, 1000 эмес." in errors_of(response)


def test_only_one_chair(client, world, program_a):
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("working_group", program_a.pk),
        rows={
            "members": [
                {"name": "Бир", "gender": "f", "category": "lsg", "is_chair": True},
                {"name": "Эки", "gender": "m", "category": "lsg", "is_chair": True},
            ]
        },
    )
    body = errors_of(response)
    assert "Төрага бир гана мүчө боло алат." in body
    assert 'value="Бир"' in body and 'value="Эки"' in body
    assert not program_a.working_group.members.exists()


def test_deleting_an_objective_with_activities_is_refused(client, world, plan):
    priority, objective, _activity = plan
    client.force_login(world.staff_a)
    response = submit(client, url("goals", priority.program_id), {"objectives-0-DELETE": "on"})
    assert f"«{objective.title}» тапшырмасында дагы эле 1 иш-чара жана 0 көрсөткүч бар" in errors_of(response)
    assert Objective.objects.filter(pk=objective.pk).exists()


def test_deleting_a_direction_with_goals_is_refused(client, world, plan):
    priority, _objective, _activity = plan
    client.force_login(world.staff_a)
    response = submit(client, url("vision", priority.program_id), {"priorities-0-DELETE": "on"})
    assert "«Суу» багытында дагы эле 1 максат бар" in errors_of(response)
    assert Priority.objects.filter(pk=priority.pk).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("order.pdf", b"MZ\x90\x00 this is a program", "PDF, JPEG же PNG файлы гана тиркелет"),
        ("order.png", b"<svg onload=alert(1)>", "PDF, JPEG же PNG файлы гана тиркелет"),
        ("order.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "чеги 10"),
    ],
)
def test_scanned_order_is_checked_by_content(client, world, program_a, name, content, message):
    client.force_login(world.staff_a)
    page = client.get(url("working_group", program_a.pk))
    data = form_data(page)
    data.update({"order_number": "86", "order_file": SimpleUploadedFile(name, content)})
    body = errors_of(client.post(url("working_group", program_a.pk), data))
    assert message in body
    assert 'value="86"' in body
    program_a.working_group.refresh_from_db()
    assert not program_a.working_group.order_file


def test_a_real_scan_is_stored_under_a_safe_name(client, world, program_a):
    client.force_login(world.staff_a)
    data = form_data(client.get(url("working_group", program_a.pk)))
    data["order_file"] = SimpleUploadedFile("../../буйрук №86.pdf", pdf_bytes())
    assert client.post(url("working_group", program_a.pk), data).status_code == 302
    program_a.working_group.refresh_from_db()
    stored = program_a.working_group.order_file.name
    assert stored.startswith(f"working-groups/{program_a.pk}/order-") and stored.endswith(".pdf")
    assert ".." not in stored


def test_add_a_row_without_javascript_keeps_the_input(client, world, program_a):
    client.force_login(world.staff_a)
    data = form_data(client.get(url("vision", program_a.pk)))
    data.update({"vision": "Жаңы элес", "add_row": "priorities"})
    response = client.post(url("vision", program_a.pk), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="priorities-TOTAL_FORMS" value="1"' in body
    assert "Жаңы элес" in body
    assert "Эч нерсе сакталган жок" not in body  # not an error, just one more row
    assert Program.objects.get(pk=program_a.pk).vision == ""


def test_hostile_text_is_escaped_and_stored_as_written(client, world, program_a):
    client.force_login(world.staff_a)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert submit(client, url("swot", program_a.pk), {"strengths": hostile}).status_code == 302
    body = client.get(url("swot", program_a.pk)).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body
    program_a.swot.refresh_from_db()
    assert program_a.swot.strengths == hostile


def test_sector_of_another_kind_and_forged_ids_give_404(client, world, plan):
    priority, _objective, _activity = plan
    client.force_login(world.staff_a)
    other = PriorityFactory()  # another program's direction
    assert client.get(url("priority_activities", priority.program_id, other.pk)).status_code == 404
    assert client.get(url("sector_analysis", priority.program_id, 999_999)).status_code == 404
    assert Sector.objects.exists()


def test_forged_choice_from_another_program_is_refused(client, world, plan):
    priority, _objective, activity = plan
    foreign_objective = ObjectiveFactory()
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("priority_activities", priority.program_id, priority.pk),
        {"activities-0-objective": str(foreign_objective.pk)},
    )
    assert "Тизмеден тандаңыз." in errors_of(response)
    assert Activity.objects.get(pk=activity.pk).objective_id != foreign_objective.pk


def test_forged_member_of_another_group_cannot_be_made_responsible(client, world, program_a, reference):
    from planning.authoring.services import program_create
    from planning.models import WorkingGroupMember, WorkPlanTask

    other = program_create(
        municipality=world.municipality_b, user=world.staff_b, title="B", start_year=2025, end_year=2027
    )
    stranger = WorkingGroupMember.objects.create(
        working_group=other.working_group, name="Бөтөн", gender="m", category="lsg"
    )
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("working_group", program_a.pk),
        rows={"tasks": [{"what": "Иш", "responsible": stranger.pk}]},
    )
    assert response.status_code == 200
    assert "Бөтөн" not in response.content.decode()  # not even offered
    assert not WorkPlanTask.objects.exists()


def test_shortening_an_activity_with_funding_outside_the_new_years_is_refused(client, world, plan):
    priority, _objective, activity = plan
    FundingLineFactory(activity=activity, source=FundingSource.objects.get(code="donors"), year=2026)
    client.force_login(world.staff_a)
    response = submit(
        client,
        url("priority_activities", priority.program_id, priority.pk),
        {"activities-0-end_year": "2025"},
    )
    assert "Бул иш-чаранын 2026-жылдарга каржылоосу бар" in errors_of(response)
    activity.refresh_from_db()
    assert activity.end_year == 2026
