import pytest

from planning.reference import load_reference
from planning.services import program_create


@pytest.fixture
def reference(db):
    load_reference()


@pytest.fixture
def program_a(world, reference):
    """An empty draft program of municipality A, created as staff would."""
    return program_create(
        municipality=world.municipality_a,
        user=world.staff_a,
        title="Көк-Жар СЭӨП",
        start_year=2025,
        end_year=2027,
    )
