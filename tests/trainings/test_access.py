"""The one door: outsiders get 404, readers without the right 403; municipal staff see only
their own municipality's participants."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.conftest import PERSONAS
from tests.factories import MunicipalityFactory, ParticipationFactory, PersonFactory, TrainingFactory
from trainings.access import person_for_user, training_for_user, trainings_for_user
from trainings.models import Training

pytestmark = pytest.mark.django_db

# persona → what they get for training_a (of project A, which targets A): read, manage.
EXPECTED = {
    "staff_a": ("read", None),
    "head_a": ("read", None),
    "coordinator_a": ("read", "manage"),
    "admin": ("read", "manage"),
    "staff_b": (None, None),
    "coordinator_other": (None, None),
    "citizen": (None, None),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_door_of_a_training(world, training_a, persona):
    user = world.persona(persona)
    can_read, can_manage = EXPECTED[persona]
    if can_read:
        assert training_for_user(user, training_a.pk).access.read
    else:
        with pytest.raises(Http404):
            training_for_user(user, training_a.pk)
    if can_manage:
        assert training_for_user(user, training_a.pk, need="manage").access.manage
    else:
        with pytest.raises(PermissionDenied if can_read else Http404):
            training_for_user(user, training_a.pk, need="manage")


def test_a_missing_or_malformed_id_is_404(world):
    for pk in (999999, "x", None):
        with pytest.raises(Http404):
            training_for_user(world.admin, pk)


def test_staff_read_only_their_municipalitys_participants(world, training_a):
    mine = ParticipationFactory(training=training_a, person__municipality=world.municipality_a)
    ParticipationFactory(training=training_a, person__municipality=world.municipality_b)
    ParticipationFactory(training=training_a, person__municipality=MunicipalityFactory())
    staff = training_for_user(world.staff_a, training_a.pk).access
    assert list(staff.participations()) == [mine]
    coordinator = training_for_user(world.coordinator_a, training_a.pk).access
    assert coordinator.participations().count() == 3


def test_staff_of_a_municipality_with_participants_in_another_projects_training_read_it(world):
    training = TrainingFactory()  # a project that targets nobody here
    with pytest.raises(Http404):
        training_for_user(world.staff_b, training.pk)
    ParticipationFactory(training=training, person__municipality=world.municipality_b)
    access = training_for_user(world.staff_b, training.pk).access
    assert access.read and not access.manage and access.participations().count() == 1
    with pytest.raises(PermissionDenied):
        training_for_user(world.staff_b, training.pk, need="manage")


def test_a_training_of_no_project_is_the_administrators(world):
    training = TrainingFactory(project=None)
    assert training_for_user(world.admin, training.pk, need="manage")
    with pytest.raises(Http404):
        training_for_user(world.coordinator_a, training.pk)


def test_the_list_of_a_user(world, training_a):
    other = TrainingFactory()
    assert set(trainings_for_user(world.admin)) == {training_a, other}
    assert list(trainings_for_user(world.coordinator_a)) == [training_a]
    assert list(trainings_for_user(world.staff_a)) == [training_a]
    assert not trainings_for_user(world.staff_b).exists()
    assert not trainings_for_user(world.citizen).exists()
    assert Training.objects.count() == 2


def test_a_persons_record(world, training_a):
    person = PersonFactory(municipality=world.municipality_a)
    ParticipationFactory(training=training_a, person=person)
    assert person_for_user(world.staff_a, person.pk) == person
    assert person_for_user(world.coordinator_a, person.pk, need="manage") == person
    with pytest.raises(PermissionDenied):
        person_for_user(world.staff_a, person.pk, need="manage")
    for outsider in (world.staff_b, world.coordinator_other, world.citizen):
        with pytest.raises(Http404):
            person_for_user(outsider, person.pk)
