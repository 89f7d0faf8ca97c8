"""A page of the workspace that cannot be changed in the program's state says why and who can do
what instead, and shows its content read-only: no form of disabled fields, no "edit" links."""

import pytest

from planning.demo.sample import build_program
from planning.models import Program, Sector
from planning.selectors import plan_tree
from tests.planning.helpers import url

pytestmark = pytest.mark.django_db

S = Program.Status


@pytest.fixture
def program(world, reference):
    return build_program(municipality=world.municipality_a, activities=4, start_year=2025, years=3)


def step_pages(program):
    tree = plan_tree(program)
    sector = Sector.objects.filter(is_active=True).first()
    return {
        "settings": (program.pk,),
        "working_group": (program.pk,),
        "characteristics": (program.pk,),
        "sector_analysis": (program.pk, sector.pk),
        "swot": (program.pk,),
        "vision": (program.pk,),
        "goals": (program.pk,),
        "priority_activities": (program.pk, tree.priorities[0].pk),
        "activity": (program.pk, tree.activities[0].pk),
        "indicators": (program.pk,),
    }


def main(body: str) -> str:
    return body[body.index("<main") : body.index("</main>")]


def test_every_step_of_a_published_program_shows_its_content_without_a_form(client, world, program):
    Program.objects.filter(pk=program.pk).update(status=S.PUBLISHED)
    tree = plan_tree(program)
    client.force_login(world.staff_a)
    for name, args in step_pages(program).items():
        response = client.get(url(name, *args, language="en"))
        assert response.status_code == 200, name
        body = main(response.content.decode())
        assert "This plan is published, so it cannot be changed. The head can start a new version." in body, (
            name
        )
        assert "<textarea" not in body and "disabled" not in body, name
        assert 'name="lock_version"' not in body and ">Save<" not in body, name
        assert "Start a new version" not in body, f"{name}: the button is the head's"
    # the content is there, drawn as on the review screen
    vision = main(client.get(url("vision", program.pk, language="en")).content.decode())
    assert "Ыңгайлуу, таза жана коопсуз айыл аймагы." in vision
    assert tree.priorities[0].title in vision
    plan = main(
        client.get(url("priority_activities", *step_pages(program)["priority_activities"])).content.decode()
    )
    assert tree.activities[0].title in plan


def test_the_head_is_offered_a_new_version_from_a_published_page(client, world, program):
    Program.objects.filter(pk=program.pk).update(status=S.PUBLISHED)
    client.force_login(world.head_a)
    body = main(client.get(url("swot", program.pk, language="en")).content.decode())
    assert "The head can start a new version." in body
    assert (
        f'href="{url("transition_confirm", program.pk, "new_version", language="en")}">Start a new version…</a>'
        in body
    )


def test_an_approved_program_offers_the_head_to_publish_it(client, world, program):
    Program.objects.filter(pk=program.pk).update(status=S.APPROVED)
    client.force_login(world.head_a)
    body = main(client.get(url("goals", program.pk, language="en")).content.decode())
    assert "approved by the local council, so it cannot be changed any more" in body
    assert f'href="{url("transition_confirm", program.pk, "publish", language="en")}"' in body


def test_a_submitted_program_says_who_acts_in_kyrgyz(client, world, program):
    Program.objects.filter(pk=program.pk).update(status=S.SUBMITTED)
    client.force_login(world.staff_a)
    body = main(client.get(url("working_group", program.pk)).content.decode())
    assert "Бул программа карап чыгууга жөнөтүлгөн, ошондуктан аны азыр өзгөртүүгө болбойт." in body
    assert "<input" not in body.replace('<input type="hidden" name="csrfmiddlewaretoken"', "")


def test_the_action_plan_of_a_frozen_program_has_no_edit_links(client, world, program):
    tree = plan_tree(program)
    client.force_login(world.staff_a)
    editable = client.get(url("action_plan", program.pk)).content.decode()
    assert url("priority_activities", program.pk, tree.priorities[0].pk) in editable
    Program.objects.filter(pk=program.pk).update(status=S.PUBLISHED)
    frozen = main(client.get(url("action_plan", program.pk, language="en")).content.decode())
    assert url("priority_activities", program.pk, tree.priorities[0].pk, language="en") not in frozen
    assert url("activity", program.pk, tree.activities[0].pk, language="en") not in frozen
    assert "This plan is published" in frozen
    assert tree.activities[0].title in frozen


def test_a_draft_still_shows_its_form_to_the_staff(client, world, program):
    client.force_login(world.staff_a)
    body = client.get(url("vision", program.pk)).content.decode()
    assert "<textarea" in body and 'name="lock_version"' in body


def test_a_post_to_a_frozen_page_still_changes_nothing(client, world, program):
    Program.objects.filter(pk=program.pk).update(status=S.PUBLISHED)
    client.force_login(world.staff_a)
    response = client.post(url("vision", program.pk), {"vision": "Башка", "lock_version": "0"})
    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).vision == "Ыңгайлуу, таза жана коопсуз айыл аймагы."


def test_once_a_new_version_is_started_the_published_pages_lead_to_it(client, world, program):
    from planning.review import workflow

    Program.objects.filter(pk=program.pk).update(status=S.PUBLISHED)
    program.refresh_from_db()
    successor = workflow.program_new_version(
        program=program, user=world.head_a, expected_version=program.version
    )
    client.force_login(world.head_a)
    body = main(client.get(url("vision", program.pk, language="en")).content.decode())
    assert f'href="{url("overview", successor.pk, language="en")}"' in body
    assert "Start a new version…" not in body
    confirm = main(
        client.get(url("transition_confirm", program.pk, "new_version", language="en")).content.decode()
    )
    assert "A new version of this program has already been started." in confirm
    assert 'name="confirm"' not in confirm


def test_the_situation_analysis_index_of_a_frozen_program_says_why(client, world, program):
    Program.objects.filter(pk=program.pk).update(status=S.ENDORSED)
    client.force_login(world.staff_a)
    body = main(client.get(url("analysis", program.pk, language="en")).content.decode())
    assert "This program is endorsed, so it cannot be changed any more." in body
    assert "Describe the current situation" not in body


@pytest.mark.parametrize("name", ["indicators", "priority_activities", "working_group", "goals"])
def test_a_read_only_page_costs_the_same_whatever_the_size_of_the_plan(client, world, reference, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (5, 60):
        program = build_program(municipality=world.municipality_a, activities=size, start_year=2025, years=3)
        Program.objects.filter(pk=program.pk).update(status=S.PUBLISHED)
        args = step_pages(program)[name]
        client.force_login(world.head_a)
        client.get(url(name, *args))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, *args)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
