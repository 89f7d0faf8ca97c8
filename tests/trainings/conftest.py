import pytest

from accounts.models import ProjectCoordinator
from tests.factories import SessionFactory, TrainingFactory


@pytest.fixture
def project_a(world):
    """The project coordinator_a coordinates (it targets municipality A)."""
    return ProjectCoordinator.objects.get(user=world.coordinator_a).project


@pytest.fixture
def training_a(project_a):
    """A planned two-day training of project A, last week, with two sessions."""
    training = TrainingFactory(project=project_a)
    SessionFactory(training=training, order=1)
    SessionFactory(training=training, order=2, day=training.last_day)
    return training
