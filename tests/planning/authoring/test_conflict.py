"""Two people edit the same part at once: the second save does not overwrite the first."""

import pytest
from django.test import Client

from planning.models import Program, Swot
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db


def test_second_save_shows_the_conflict_and_keeps_the_second_persons_input(world, program_a):
    first, second = Client(), Client()
    first.force_login(world.staff_a)
    second.force_login(world.head_a)
    address = url("swot", program_a.pk)
    # Both open the page.
    data_first = form_data(first.get(address))
    data_second = form_data(second.get(address))
    # The first saves.
    data_first["strengths"] = "Биринчинин тексти"
    assert first.post(address, data_first).status_code == 302
    # The second saves later, from the old page.
    data_second["strengths"] = "Экинчинин тексти"
    response = second.post(address, data_second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Бул бетти сиз түзөтүп жатканда башка бирөө сактап койду" in body
    assert world.staff_a.get_full_name() in body  # who saved meanwhile
    assert "Экинчинин тексти" in body  # the second person's input is kept
    assert (
        Swot.objects.get(program=program_a).strengths == "Биринчинин тексти"
    )  # the first is not overwritten
    # Having seen the conflict, the second person saves again on purpose: now it goes through.
    again = form_data(response)
    assert again["strengths"] == "Экинчинин тексти"
    assert second.post(address, again).status_code == 302
    assert Swot.objects.get(program=program_a).strengths == "Экинчинин тексти"


def test_different_parts_do_not_conflict(world, program_a):
    first, second = Client(), Client()
    first.force_login(world.staff_a)
    second.force_login(world.head_a)
    swot, vision = url("swot", program_a.pk), url("vision", program_a.pk)
    data_swot, data_vision = form_data(first.get(swot)), form_data(second.get(vision))
    data_swot["threats"] = "Сел"
    data_vision["vision"] = "Гүлдөгөн айыл"
    assert first.post(swot, data_swot).status_code == 302
    assert second.post(vision, data_vision).status_code == 302
    assert Program.objects.get(pk=program_a.pk).vision == "Гүлдөгөн айыл"


def test_a_stale_or_forged_version_never_saves(world, program_a, client):
    client.force_login(world.staff_a)
    address = url("swot", program_a.pk)
    data = form_data(client.get(address))
    for forged in ["", "abc", "-1", "999"]:
        response = client.post(address, {**data, "strengths": "X", "lock_version": forged})
        assert response.status_code == 409, forged
    assert Swot.objects.get(program=program_a).strengths == ""


def test_activity_page_and_direction_table_share_one_lock(world, program_a):
    from tests.factories import ActivityFactory, GoalFactory, ObjectiveFactory, PriorityFactory

    priority = PriorityFactory(program=program_a, order=1)
    activity = ActivityFactory(
        objective=ObjectiveFactory(goal=GoalFactory(priority=priority, order=1), order=1)
    )
    table, page = Client(), Client()
    table.force_login(world.staff_a)
    page.force_login(world.head_a)
    table_address = url("priority_activities", program_a.pk, priority.pk)
    page_address = url("activity", program_a.pk, activity.pk)
    data_table, data_page = form_data(table.get(table_address)), form_data(page.get(page_address))
    data_table["activities-0-title"] = "Таблицадан"
    data_page["activity-title"] = "Барактан"
    assert table.post(table_address, data_table).status_code == 302
    assert page.post(page_address, data_page).status_code == 409
    activity.refresh_from_db()
    assert activity.title == "Таблицадан"
