import pytest

from planning.demo.sample import build_program
from planning.models import Program, WorkingGroupMember
from tests.factories import MunicipalityFactory, VillageFactory


@pytest.fixture
def published(world, reference):
    """Kök-Jar's published program with private data in it (phones) that must never show."""
    program = build_program(municipality=world.municipality_a, activities=8, start_year=2025, years=3)
    WorkingGroupMember.objects.filter(working_group__program=program).update(phone="+996 555 000 111")
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-01-10T10:00:00Z"
    )
    program.refresh_from_db()
    return program


def make_published(*, municipality=None, activities=3, start_year=2025, years=3, title=""):
    municipality = municipality or MunicipalityFactory()
    VillageFactory(municipality=municipality)
    program = build_program(
        municipality=municipality, activities=activities, start_year=start_year, years=years, title=title
    )
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-02-01T10:00:00Z"
    )
    program.refresh_from_db()
    return program
