"""Publishing, starting a new version, endorsing and requesting changes ask for confirmation on a
page of their own (no JavaScript needed); a POST that did not come from that page changes nothing."""

import pytest

from planning.demo.sample import build_program
from planning.models import Program, ReviewRound, StatusChange
from tests.planning.helpers import url

pytestmark = pytest.mark.django_db

S = Program.Status


@pytest.fixture
def program(world, reference):
    return build_program(municipality=world.municipality_a, activities=4, start_year=2025, years=3)


def in_state(program, status) -> Program:
    Program.objects.filter(pk=program.pk).update(status=status)
    return Program.objects.get(pk=program.pk)


def snapshot(program) -> tuple:
    program = Program.objects.get(pk=program.pk)
    return program.status, program.version, StatusChange.objects.count(), Program.objects.count()


def test_publish_shows_what_will_happen_and_acts_only_from_the_confirmation_page(client, world, program):
    program = in_state(program, S.APPROVED)
    client.force_login(world.head_a)

    page = client.get(url("transition_confirm", program.pk, "publish", language="en"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Publish: please confirm" in body
    assert "Everyone can read the program on the portal" in body
    assert 'name="confirm" value="1"' in body
    assert f'action="{url("transition", program.pk, "publish", language="en")}"' in body

    before = snapshot(program)
    bare = client.post(url("transition", program.pk, "publish", language="en"), {"version": program.version})
    assert bare.status_code == 200 and "Publish: please confirm" in bare.content.decode()
    assert snapshot(program) == before, "a POST without the confirmation changes nothing"

    confirmed = client.post(
        url("transition", program.pk, "publish"), {"version": program.version, "confirm": "1"}
    )
    assert confirmed.status_code == 302
    assert Program.objects.get(pk=program.pk).status == S.PUBLISHED


def test_the_overview_publish_button_only_leads_to_the_confirmation_page(client, world, program):
    program = in_state(program, S.APPROVED)
    client.force_login(world.head_a)
    body = client.get(url("overview", program.pk)).content.decode()
    assert f'href="{url("transition_confirm", program.pk, "publish")}"' in body
    assert f'action="{url("transition", program.pk, "publish")}"' not in body


def test_a_new_version_is_started_only_after_confirmation(client, world, program):
    program = in_state(program, S.PUBLISHED)
    client.force_login(world.head_a)
    body = client.get(url("transition_confirm", program.pk, "new_version")).content.decode()
    # ky: what will happen, in the page's language
    assert "Бул программанын көчүрмөсү катары жаңы версия түзүлөт" in body

    client.post(url("transition", program.pk, "new_version"), {"version": program.version})
    assert not Program.objects.filter(supersedes=program).exists()

    response = client.post(
        url("transition", program.pk, "new_version"), {"version": program.version, "confirm": "1"}
    )
    successor = Program.objects.get(supersedes=program)
    assert response.status_code == 302 and response["Location"] == url("overview", successor.pk)
    assert successor.status == S.DRAFT


def test_requesting_changes_keeps_the_summary_through_the_confirmation(client, world, program):
    program = in_state(program, S.SUBMITTED)
    ReviewRound.objects.create(program=program, number=1, submitted_by=world.head_a)
    client.force_login(world.coordinator_a)

    # The review screen's form posts without `confirm`: the confirmation page comes back with the text.
    shown = client.post(
        url("transition", program.pk, "request_changes", language="en"),
        {
            "version": program.version,
            "comment": "Индикаторлорду толуктаңыз",
            "next": url("review", program.pk),
        },
    )
    body = shown.content.decode()
    assert shown.status_code == 200
    assert "The review round closes and the program goes back to the municipality" in body
    assert ">Индикаторлорду толуктаңыз</textarea>" in body
    assert Program.objects.get(pk=program.pk).status == S.SUBMITTED
    assert ReviewRound.objects.get(program=program).closed_at is None

    done = client.post(
        url("transition", program.pk, "request_changes"),
        {"version": program.version, "comment": "Индикаторлорду толуктаңыз", "confirm": "1"},
    )
    assert done.status_code == 302
    round_ = ReviewRound.objects.get(program=program)
    assert Program.objects.get(pk=program.pk).status == S.CHANGES_REQUESTED
    assert round_.summary == "Индикаторлорду толуктаңыз"


def test_endorsing_says_how_many_comments_are_open_and_waits_for_the_confirmation(client, world, program):
    from planning.models import ReviewComment

    program = in_state(program, S.SUBMITTED)
    ReviewComment.objects.create(program=program, part="swot", author=world.coordinator_a, text="Толуктаңыз")
    client.force_login(world.coordinator_a)
    body = client.get(url("transition_confirm", program.pk, "endorse", language="en")).content.decode()
    assert "1 comment is still open." in body
    before = snapshot(program)
    client.post(url("transition", program.pk, "endorse"), {"version": program.version, "comment": "Жакшы"})
    assert snapshot(program) == before
    client.post(url("transition", program.pk, "endorse"), {"version": program.version, "confirm": "1"})
    assert Program.objects.get(pk=program.pk).status == S.ENDORSED


@pytest.mark.parametrize(
    ("action", "status", "outcomes"),
    [
        (
            "publish",
            S.APPROVED,
            {"staff_a": 403, "coordinator_a": 403, "staff_b": 404, "coordinator_other": 404},
        ),
        ("new_version", S.PUBLISHED, {"staff_a": 403, "coordinator_a": 403, "admin": 403, "staff_b": 404}),
        ("endorse", S.SUBMITTED, {"staff_a": 403, "head_a": 403, "admin": 403, "coordinator_other": 404}),
        ("request_changes", S.SUBMITTED, {"head_a": 403, "staff_b": 404}),
    ],
)
def test_a_persona_without_the_right_gets_no_confirmation_page_and_changes_nothing(
    client, world, program, action, status, outcomes
):
    program = in_state(program, status)
    before = snapshot(program)
    for persona, expected in outcomes.items():
        client.force_login(world.persona(persona))
        assert client.get(url("transition_confirm", program.pk, action)).status_code == expected, persona
        data = {"version": program.version, "comment": "x", "confirm": "1"}
        assert client.post(url("transition", program.pk, action), data).status_code == expected, persona
    assert snapshot(program) == before


def test_the_confirmation_page_of_a_step_not_possible_now_has_no_button(client, world, program):
    client.force_login(world.head_a)  # the program is a draft: nothing to publish
    body = client.get(url("transition_confirm", program.pk, "publish", language="en")).content.decode()
    assert "so “Publish” is not possible" in body
    assert 'name="confirm"' not in body
    before = snapshot(program)
    client.post(url("transition", program.pk, "publish"), {"version": program.version, "confirm": "1"})
    assert snapshot(program) == before, "the POST endpoint still refuses it"


@pytest.mark.parametrize("action", ["submit", "record_approval", "delete"])
def test_steps_without_a_confirmation_page_have_none(client, world, program, action):
    client.force_login(world.head_a)
    assert client.get(url("transition_confirm", program.pk, action)).status_code == 404
