import pytest

from tests.factories import HearingFactory, VillageFactory


@pytest.fixture
def hearing_a(world):
    """A budget hearing of municipality A, being prepared, three weeks ahead."""
    VillageFactory(municipality=world.municipality_a, name_ky="Көк-Жар", is_centre=True)
    return HearingFactory(municipality=world.municipality_a)
