"""The hearing's workspace page, its proposals and the moderation queue cost the same number of
queries for 10 proposals as for 500 (the lists show 50 a page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hearings.models import Attendance, Hearing, Proposal
from tests.factories import HearingFactory, VillageFactory

pytestmark = pytest.mark.django_db


def ws(name: str, *args) -> str:
    with translation.override("ky"):
        return reverse(f"hearings_ws:{name}", args=args)


def add_proposals(hearing: Hearing, count: int, village) -> None:
    start = Proposal.objects.filter(hearing=hearing).count()
    Proposal.objects.bulk_create(
        Proposal(
            hearing=hearing,
            number=start + i + 1,
            source="online" if i % 2 else "paper",
            text=f"Сунуш {start + i}: жолду оңдоо",
            village=village,
            moderation=("pending", "published", "hidden")[i % 3],
            disposition="accepted" if i % 3 == 1 and i % 2 else "",
        )
        for i in range(count)
    )


@pytest.fixture
def hearing(world, program_a):
    village = VillageFactory(municipality=world.municipality_a)
    hearing = HearingFactory(municipality=world.municipality_a, kind="sedp_draft", program=program_a)
    hearing.villages.set([village])
    Attendance.objects.create(hearing=hearing, women=10, men=12)
    HearingFactory(municipality=world.municipality_a, format="mini_gathering", final_hearing=hearing)
    hearing.village = village
    return hearing


@pytest.mark.parametrize("name", ["detail", "proposals", "moderation"])
def test_the_query_count_does_not_grow_with_the_proposals(client, world, hearing, name):
    client.force_login(world.staff_a)
    address = ws(name, hearing.pk)

    def count() -> int:
        client.get(address)  # the session and the caches are warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        return len(captured)

    add_proposals(hearing, 10, hearing.village)
    small = count()
    add_proposals(hearing, 490, hearing.village)
    assert count() == small, f"{name}: {small} queries with 10 proposals, more with 500"


def test_the_hearing_page_query_budget(client, world, hearing, django_assert_max_num_queries):
    add_proposals(hearing, 30, hearing.village)
    client.force_login(world.staff_a)
    client.get(ws("detail", hearing.pk))
    # session + user; the access (memberships, projects); the hearing; the notifications of the
    # menu; the readiness (materials); the proposal counts; the attendance with its
    # mini-gatherings (3); the materials; the villages; the mini-gatherings; the votes; the
    # documents (content type, rows); the status history.
    with django_assert_max_num_queries(17):
        assert client.get(ws("detail", hearing.pk)).status_code == 200
