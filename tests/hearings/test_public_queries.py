"""The hearing's page runs a fixed number of queries, whatever the number of its proposals."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import page_cache
from hearings.models import Attendance, Hearing, PriorityVote, Proposal, VoteOption
from planning.demo.sample import build_program
from planning.models import Activity
from tests.factories import HearingFactory, MunicipalityFactory, VillageFactory
from tests.hearings.public_data import announced_hearing, publish

pytestmark = pytest.mark.django_db


def closed_hearing_with(proposals: int) -> Hearing:
    """A closed SEDP hearing on a published plan, with `proposals` answered proposals, every
    third one traced to an activity, and a priority vote on a direction."""
    municipality = MunicipalityFactory()
    village = VillageFactory(municipality=municipality)
    program = publish(build_program(municipality=municipality, activities=6))
    hearing = HearingFactory(
        municipality=municipality,
        kind="sedp_draft",
        program=program,
        status=Hearing.Status.CLOSED,
        starts_at=timezone.now() - timedelta(days=30),
        minutes="Талкууланды.",
    )
    Attendance.objects.create(hearing=hearing, women=50, men=40)
    activities = list(Activity.objects.filter(objective__goal__priority__program=program))
    Proposal.objects.bulk_create(
        Proposal(hearing=hearing, number=n, source="paper", text=f"Сунуш {n}", village=village,
                 moderation="published", disposition="accepted", answer="Кабыл алынды.",
                 plan_part="activity" if n % 3 == 0 else "",
                 plan_part_id=activities[n % len(activities)].pk if n % 3 == 0 else None)
        for n in range(1, proposals + 1)
    )  # fmt: skip
    vote = PriorityVote.objects.create(hearing=hearing, tool="ballot", question="Эмне биринчи?")
    VoteOption.objects.create(
        vote=vote, label="Суу", votes_women=5, votes_men=4, priority=program.priorities.first()
    )
    VoteOption.objects.create(vote=vote, label="Жол", votes_women=1, votes_men=2)
    return hearing


def page_queries(client, hearing, *, language="ky") -> int:
    cache.clear()
    page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/{language}/hearings/{hearing.pk}/")
    assert response.status_code == 200
    return len(captured)


def test_the_hearing_page_queries_do_not_grow_with_its_proposals(client, reference):
    few = closed_hearing_with(10)
    many = closed_hearing_with(500)
    client.get(f"/ky/hearings/{few.pk}/")  # what is read once per process (content types…)
    assert page_queries(client, few) == page_queries(client, many)
    assert "Сунуш 500" in client.get(f"/ky/hearings/{many.pk}/").content.decode()


def test_the_hearing_page_query_budget(client, reference, django_assert_num_queries):
    hearing = closed_hearing_with(500)
    client.get(f"/ru/hearings/{hearing.pk}/")
    cache.clear()
    page_cache.clear()
    # The hearing with its municipality, rayon, oblast, program and final hearing (1); its
    # villages, materials and mini-gatherings (3; their villages too when it has some); on a miss of the results'
    # fragment: the mini-gatherings' ids, the attendance, the counts by village (3), the votes and
    # their options (2), the proposals (1), the program and its structure for the links into the
    # plan (8: program, priorities, goals, objectives, activities, funding lines, indicators,
    # targets), the directions' codes for the vote (1), the public generation, once (1), and
    # until when the answer may be kept (1, hearings/public/freshness.py).
    with django_assert_num_queries(21):
        assert client.get(f"/ky/hearings/{hearing.pk}/").status_code == 200
    # The whole answer is kept (config/page_cache.py): only the public generation is read.
    with django_assert_num_queries(1):
        assert client.get(f"/ky/hearings/{hearing.pk}/").status_code == 200
    # Without the kept answer, the results' fragment is cached: the generation, the hearing and its
    # head only, and until when the answer may be kept.
    page_cache.clear()
    with django_assert_num_queries(6):
        assert client.get(f"/ky/hearings/{hearing.pk}/").status_code == 200


def test_an_announced_hearings_page_with_the_form_stays_flat_too(client, world, reference):
    def with_proposals(count: int) -> Hearing:
        hearing = announced_hearing(MunicipalityFactory())
        Proposal.objects.bulk_create(
            Proposal(hearing=hearing, number=n, source="online", text=f"Сунуш {n}", moderation="published")
            for n in range(1, count + 1)
        )
        return hearing

    few, many = with_proposals(10), with_proposals(500)
    client.get(f"/ky/hearings/{few.pk}/")
    assert page_queries(client, few) == page_queries(client, many)
