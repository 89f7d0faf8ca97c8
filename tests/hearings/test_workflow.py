"""The workflow of a hearing: every step × every state × every persona, and each step's rules."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from hearings import workflow
from hearings.models import Attendance, Hearing, HearingNotification, HearingStatusChange, Proposal
from tests.conftest import PERSONAS
from tests.factories import HearingFactory, ProposalFactory

pytestmark = pytest.mark.django_db

S = Hearing.Status
ALLOWED = {
    workflow.Action.ANNOUNCE: {"head_a"},
    workflow.Action.POSTPONE: {"head_a"},
    workflow.Action.CANCEL: {"head_a"},
    workflow.Action.RECORD_HELD: {"staff_a", "head_a"},
    workflow.Action.CLOSE: {"head_a"},
}


def _ready_for(hearing: Hearing, status: str) -> Hearing:
    """Put the hearing in `status`, with everything each step from there needs."""
    now = timezone.now()
    starts = now - timedelta(hours=2) if status == S.ANNOUNCED else now + timedelta(days=21)
    Hearing.objects.filter(pk=hearing.pk).update(status=status, starts_at=starts, minutes="Талкууланды.")
    Attendance.objects.get_or_create(hearing=hearing, defaults={"women": 30, "men": 25})
    hearing.refresh_from_db()
    return hearing


def _take(action: str, hearing: Hearing, user):
    kwargs = {"hearing": hearing, "user": user, "expected_version": hearing.version}
    if action == workflow.Action.POSTPONE:
        kwargs.update(new_start=timezone.now() + timedelta(days=30), reason="Жаан-чачын")
    if action == workflow.Action.CANCEL:
        kwargs.update(reason="Бюджет кайра каралат")
    return workflow.TRANSITIONS[action].run(**kwargs)


@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
def test_each_step_succeeds_only_for_its_role_and_from_its_states(world, hearing_a, action):
    transition = workflow.TRANSITIONS[action]
    for state in S.values:
        for persona in PERSONAS:
            user = world.persona(persona)
            hearing = _ready_for(hearing_a, state)
            before = (hearing.status, hearing.version, HearingStatusChange.objects.count())
            allowed = state in transition.sources and persona in ALLOWED[action]
            if allowed:
                _take(action, hearing, user)
                assert Hearing.objects.get(pk=hearing.pk).status == transition.target, (
                    persona,
                    state,
                    action,
                )
                HearingStatusChange.objects.all().delete()
                continue
            with pytest.raises(workflow.TransitionError):
                _take(action, hearing, user)
            hearing.refresh_from_db()
            after = (hearing.status, hearing.version, HearingStatusChange.objects.count())
            assert after == before, (persona, state, action)


def test_announcing_needs_the_notice_in_time_and_something_to_read(world, hearing_a, settings):

    settings.HEARING_NOTICE_DAYS = 10
    Hearing.objects.filter(pk=hearing_a.pk).update(starts_at=timezone.now() + timedelta(days=5), summary="")
    hearing_a.refresh_from_db()
    # The words checked below are the English ones.
    with translation.override("en"), pytest.raises(workflow.TransitionError) as refused:
        workflow.hearing_announce(hearing=hearing_a, user=world.head_a, expected_version=hearing_a.version)
    details = " ".join(refused.value.details)
    assert "10" in details and "summary" in details.lower()
    assert Hearing.objects.get(pk=hearing_a.pk).status == S.DRAFT
    settings.HEARING_NOTICE_DAYS = 3
    Hearing.objects.filter(pk=hearing_a.pk).update(summary="Бюджеттин долбоору")
    hearing_a.refresh_from_db()
    workflow.hearing_announce(hearing=hearing_a, user=world.head_a, expected_version=hearing_a.version)
    hearing_a.refresh_from_db()
    assert hearing_a.status == S.ANNOUNCED
    assert hearing_a.notice_posted_on == timezone.localdate()
    assert hearing_a.proposals_open_until == hearing_a.starts_at  # the window defaults to the hearing


def test_the_notice_rule_is_said_in_kyrgyz(world, hearing_a, settings):

    Hearing.objects.filter(pk=hearing_a.pk).update(starts_at=timezone.now() + timedelta(days=2))
    hearing_a.refresh_from_db()
    with translation.override("ky"), pytest.raises(workflow.TransitionError) as refused:
        workflow.hearing_announce(hearing=hearing_a, user=world.head_a, expected_version=hearing_a.version)
    assert "күн" in " ".join(refused.value.details)


def test_an_sedp_hearing_needs_its_program(world, hearing_a):

    Hearing.objects.filter(pk=hearing_a.pk).update(kind=Hearing.Kind.SEDP_DRAFT)
    hearing_a.refresh_from_db()
    with translation.override("en"):
        assert any("program" in m for m in workflow.announce_readiness(hearing_a).missing)


def test_closing_needs_attendance_minutes_and_every_disposition(world, hearing_a):
    Hearing.objects.filter(pk=hearing_a.pk).update(status=S.HELD, minutes="")
    hearing_a.refresh_from_db()
    answered = ProposalFactory(hearing=hearing_a, disposition=Proposal.Disposition.ACCEPTED)
    waiting = ProposalFactory(hearing=hearing_a)
    ProposalFactory(hearing=hearing_a, moderation=Proposal.Moderation.PENDING)
    ProposalFactory(hearing=hearing_a, moderation=Proposal.Moderation.HIDDEN, hidden_reason="spam")
    missing = workflow.close_readiness(hearing_a).missing
    assert len(missing) == 4
    assert f"№{waiting.number}" in missing[-1] and f"№{answered.number}" not in missing[-1]
    with pytest.raises(workflow.TransitionError):
        workflow.hearing_close(hearing=hearing_a, user=world.head_a, expected_version=hearing_a.version)
    assert Hearing.objects.get(pk=hearing_a.pk).status == S.HELD


def test_postponing_and_cancelling_need_a_reason_residents_will_read(world, hearing_a):
    hearing = _ready_for(hearing_a, S.ANNOUNCED)
    Hearing.objects.filter(pk=hearing.pk).update(starts_at=timezone.now() + timedelta(days=3))
    hearing.refresh_from_db()
    with pytest.raises(workflow.TransitionError):
        workflow.hearing_postpone(
            hearing=hearing, user=world.head_a, expected_version=hearing.version, new_start=None, reason=" "
        )
    new_start = timezone.now() + timedelta(days=40)
    workflow.hearing_postpone(
        hearing=hearing,
        user=world.head_a,
        expected_version=hearing.version,
        new_start=new_start,
        reason="Сел",
    )
    hearing.refresh_from_db()
    assert (hearing.status, hearing.starts_at, hearing.status_reason) == (S.POSTPONED, new_start, "Сел")
    with pytest.raises(workflow.TransitionError):
        workflow.hearing_cancel(
            hearing=hearing, user=world.head_a, expected_version=hearing.version, reason=""
        )
    workflow.hearing_cancel(
        hearing=hearing, user=world.head_a, expected_version=hearing.version, reason="Жок"
    )
    assert Hearing.objects.get(pk=hearing.pk).status == S.CANCELLED


def test_a_stale_page_changes_nothing(world, hearing_a):
    hearing = _ready_for(hearing_a, S.ANNOUNCED)
    with pytest.raises(workflow.TransitionError):
        workflow.hearing_record_held(
            hearing=hearing, user=world.staff_a, expected_version=hearing.version - 1
        )
    assert Hearing.objects.get(pk=hearing.pk).status == S.ANNOUNCED


def test_a_hearing_cannot_be_recorded_as_held_before_its_date(world, hearing_a):
    hearing = _ready_for(hearing_a, S.ANNOUNCED)
    Hearing.objects.filter(pk=hearing.pk).update(starts_at=timezone.now() + timedelta(days=1))
    hearing.refresh_from_db()
    with pytest.raises(workflow.TransitionError):
        workflow.hearing_record_held(hearing=hearing, user=world.staff_a, expected_version=hearing.version)


def test_coordinators_and_the_team_are_told_in_their_language(
    world, hearing_a, django_capture_on_commit_callbacks
):
    world.coordinator_a.email, world.coordinator_a.language = "coordinator@example.org", "ru"
    world.coordinator_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.hearing_announce(hearing=hearing_a, user=world.head_a, expected_version=hearing_a.version)
    told = set(HearingNotification.objects.values_list("recipient__username", flat=True))
    assert told == {"coordinator_a", "staff_a"}  # not the head who announced it
    sent = [m for m in mail.outbox if "coordinator@example.org" in m.to]
    assert len(sent) == 1 and "объявлен" in sent[0].subject.lower()
    assert hearing_a.title in sent[0].body


def test_mini_gatherings_roll_up_into_their_final_hearing(world, hearing_a):
    from hearings.selectors import attendance_of

    gatherings = [
        HearingFactory(
            municipality=world.municipality_a, format=Hearing.Format.MINI_GATHERING, final_hearing=hearing_a
        )
        for _ in range(2)
    ]
    Attendance.objects.create(hearing=hearing_a, women=40, men=35, youth=10)
    Attendance.objects.create(hearing=gatherings[0], women=12, men=8, youth=3)
    Attendance.objects.create(hearing=gatherings[1], women=9, men=11)
    summary = attendance_of(hearing_a)
    assert (summary.women, summary.men, summary.total, summary.gatherings) == (61, 54, 115, 2)
    assert summary.groups["youth"] == 13
    assert summary.women_share == 53
