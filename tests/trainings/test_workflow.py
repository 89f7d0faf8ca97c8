"""The workflow of a training: every step × every state × every persona; refused steps change nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.factories import ParticipationFactory
from trainings import workflow
from trainings.models import Training, TrainingStatusChange

pytestmark = pytest.mark.django_db

S = Training.Status
ALLOWED = {action: {"coordinator_a", "admin"} for action in workflow.TRANSITIONS}


def _take(action: str, training: Training, user):
    kwargs = {"training": training, "user": user, "expected_version": training.version}
    if action == workflow.Action.CANCEL:
        kwargs["reason"] = "Жол жабылды"
    return workflow.TRANSITIONS[action].run(**kwargs)


@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
def test_each_step_succeeds_only_for_its_managers_and_from_its_states(world, training_a, action):
    ParticipationFactory(training=training_a)  # something to report
    transition = workflow.TRANSITIONS[action]
    for state in S.values:
        for persona in PERSONAS:
            Training.objects.filter(pk=training_a.pk).update(status=state, cancel_reason="")
            training_a.refresh_from_db()
            before = (training_a.status, training_a.version, TrainingStatusChange.objects.count())
            if state in transition.sources and persona in ALLOWED[action]:
                _take(action, training_a, world.persona(persona))
                training_a.refresh_from_db()
                assert training_a.status == transition.target, (persona, state, action)
                change = TrainingStatusChange.objects.get()
                assert (change.from_status, change.to_status, change.by) == (
                    state,
                    transition.target,
                    world.persona(persona),
                )
                TrainingStatusChange.objects.all().delete()
                continue
            with pytest.raises(workflow.TransitionError):
                _take(action, training_a, world.persona(persona))
            training_a.refresh_from_db()
            after = (training_a.status, training_a.version, TrainingStatusChange.objects.count())
            assert after == before, (persona, state, action)


def test_cancelling_needs_a_reason_and_keeps_it(world, training_a):
    with pytest.raises(workflow.TransitionError):
        workflow.training_cancel(
            training=training_a, user=world.coordinator_a, expected_version=training_a.version, reason="  "
        )
    assert Training.objects.get(pk=training_a.pk).status == S.PLANNED
    workflow.training_cancel(
        training=training_a, user=world.coordinator_a, expected_version=training_a.version, reason="Карантин"
    )
    training_a.refresh_from_db()
    assert training_a.status == S.CANCELLED and training_a.cancel_reason == "Карантин"
    assert training_a.status_changes.get().note == "Карантин"


def test_a_training_is_held_only_once_it_has_started(world, training_a):
    Training.objects.filter(pk=training_a.pk).update(
        first_day=timezone.localdate() + timedelta(days=3), last_day=timezone.localdate() + timedelta(days=4)
    )
    training_a.refresh_from_db()
    with pytest.raises(workflow.TransitionError):
        workflow.training_mark_held(
            training=training_a, user=world.coordinator_a, expected_version=training_a.version
        )
    assert not TrainingStatusChange.objects.exists()


def test_reporting_needs_someone_recorded(world, training_a):
    Training.objects.filter(pk=training_a.pk).update(status=S.HELD)
    training_a.refresh_from_db()
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.training_report(training=training_a, user=world.admin, expected_version=training_a.version)
    assert refused.value.details
    assert Training.objects.get(pk=training_a.pk).status == S.HELD


def test_a_stale_page_changes_nothing(world, training_a):
    with pytest.raises(workflow.TransitionError):
        workflow.training_open_registration(
            training=training_a, user=world.coordinator_a, expected_version=training_a.version - 1
        )
    assert Training.objects.get(pk=training_a.pk).status == S.PLANNED
