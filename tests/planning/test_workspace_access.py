"""Who may open and change the workspace pages of a program (every view, every persona)."""

import pytest

from planning.models import Program
from tests.conftest import PERSONAS
from tests.factories import ActivityFactory, GoalFactory, ObjectiveFactory, PriorityFactory
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(program_a):
    priority = PriorityFactory(program=program_a, order=1)
    objective = ObjectiveFactory(goal=GoalFactory(priority=priority, order=1), order=1)
    activity = ActivityFactory(objective=objective)
    from planning.models import Sector

    sector = Sector.objects.first()
    return [
        ("overview", program_a.pk),
        ("settings", program_a.pk),
        ("working_group", program_a.pk),
        ("characteristics", program_a.pk),
        ("analysis", program_a.pk),
        ("sector_analysis", program_a.pk, sector.pk),
        ("swot", program_a.pk),
        ("vision", program_a.pk),
        ("goals", program_a.pk),
        ("action_plan", program_a.pk),
        ("priority_activities", program_a.pk, priority.pk),
        ("activity", program_a.pk, activity.pk),
        ("finance", program_a.pk),
        ("indicators", program_a.pk),
        ("export_action_plan", program_a.pk),
        ("export_finance", program_a.pk),
        ("import", program_a.pk),
        ("history", program_a.pk),
    ]


READ = {
    "staff_a": 200,
    "head_a": 200,
    "coordinator_a": 200,
    "admin": 200,
    "staff_b": 404,
    "coordinator_other": 404,
}
POSTABLE = {
    "settings", "working_group", "characteristics", "sector_analysis", "swot", "vision", "goals",
    "priority_activities", "activity", "indicators",
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona(client, world, pages, persona):
    user = world.persona(persona)
    if user.is_authenticated:
        client.force_login(user)
    for name, *args in pages:
        response = client.get(url(name, *args))
        if persona == "citizen":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        else:
            assert response.status_code == READ[persona], (name, response.status_code)


@pytest.mark.parametrize("persona", ["coordinator_a", "admin", "staff_b", "coordinator_other", "citizen"])
def test_only_the_municipalitys_staff_may_save(client, world, pages, persona, program_a):
    title_before = Program.objects.get(pk=program_a.pk).title
    staff = client
    staff.force_login(world.staff_a)
    prepared = {
        name: (args, form_data(staff.get(url(name, *args)))) for name, *args in pages if name in POSTABLE
    }
    staff.logout()
    user = world.persona(persona)
    if user.is_authenticated:
        client.force_login(user)
    for name, (args, data) in prepared.items():
        response = client.post(url(name, *args), {**data, "title": "Hacked"})
        expected = {"coordinator_a": 403, "admin": 403, "staff_b": 404, "coordinator_other": 404}.get(persona)
        if persona == "citizen":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        else:
            assert response.status_code == expected, (name, response.status_code)
    assert Program.objects.get(pk=program_a.pk).title == title_before


def test_coordinator_reads_the_content_without_a_form(client, world, program_a):
    Program.objects.filter(pk=program_a.pk).update(vision="Clean water in every village")
    client.force_login(world.coordinator_a)
    body = client.get(url("vision", program_a.pk, language="en")).content.decode()
    assert "Clean water in every village" in body
    assert "disabled" not in body and "<textarea" not in body
    assert 'name="add_row"' not in body
    assert "only its municipality&#x27;s staff can change it" in body


def test_staff_of_other_municipality_cannot_list_its_programs(client, world, program_a):
    client.force_login(world.staff_b)
    assert client.get(f"/ky/workspace/municipalities/{world.municipality_a.pk}/programs/").status_code == 404


def test_coordinator_cannot_create_a_program(client, world):
    client.force_login(world.coordinator_a)
    address = f"/ky/workspace/municipalities/{world.municipality_a.pk}/programs/"
    assert client.get(address).status_code == 200
    response = client.post(address, {"title": "X", "start_year": "2025", "end_year": "2027"})
    assert response.status_code == 403
    assert not Program.objects.exists()


@pytest.mark.parametrize("status", ["submitted", "endorsed", "approved", "published"])
def test_programs_under_review_or_approved_are_read_only(client, world, program_a, status):
    Program.objects.filter(pk=program_a.pk).update(status=status, vision="Old vision")
    client.force_login(world.staff_a)
    page = client.get(url("vision", program_a.pk, language="en"))
    assert "cannot be changed" in page.content.decode()
    data = form_data(page)
    response = client.post(url("vision", program_a.pk), {**data, "vision": "New vision", "lock_version": "0"})
    assert response.status_code == 302
    assert Program.objects.get(pk=program_a.pk).vision == "Old vision"


def test_order_scan_is_served_only_to_readers(client, world, program_a):
    from django.core.files.base import ContentFile

    group = program_a.working_group
    group.order_file.save("order.pdf", ContentFile(b"%PDF-1.4 scanned order"))
    for persona, expected in [("staff_a", 200), ("coordinator_a", 200), ("staff_b", 404)]:
        client.force_login(world.persona(persona))
        response = client.get(url("order_file", program_a.pk))
        assert response.status_code == expected, persona
    client.logout()
    assert client.get(url("order_file", program_a.pk)).status_code == 302
