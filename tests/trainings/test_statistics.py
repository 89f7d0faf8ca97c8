"""The statistics: the 385 heads by oblast from the demo's tallies, tallies and names added up
without double counting, target vs neighbouring, a flat number of queries, and public figures
without a name."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Region
from tests.factories import (
    MunicipalityFactory,
    ParticipationFactory,
    PersonFactory,
    RegionFactory,
    TrainingFactory,
)
from trainings import selectors
from trainings.models import Participation, Person, Tally, Training

pytestmark = pytest.mark.django_db

HELD = Training.Status.HELD


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_territory", verbosity=0)
    call_command("load_demo", verbosity=0)


def test_the_385_heads_by_oblast_from_the_demo_tallies(demo):
    heads = Training.objects.get(title="Айыл өкмөтү башчылары үчүн үч күндүк тренингдер")
    stats = selectors.training_statistics(trainings=[heads.pk])
    assert stats.total.participants == 385 and stats.actual == 385
    by_soate = {Region.objects.get(pk=p.pk).soate: p.figures.participants for p in stats.by_oblast}
    assert by_soate == {
        "41704000000000": 63,  # Naryn
        "41702000000000": 61,  # Issyk-Kul
        "41703000000000": 68,  # Jalal-Abad
        "41706000000000": 88,  # Osh
        "41708000000000": 105,  # Chüy
    }
    assert set(stats.by_role) == {"ao_head"}
    assert stats.rows[0].counted_by == "tallies"


def test_the_demo_loads_twice_to_the_same_rows(demo):
    from trainings.models import Attendance, Certificate, Session

    def counts():
        return [
            m.objects.count()
            for m in (Training, Session, Person, Participation, Attendance, Tally, Certificate)
        ]

    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    batken = Training.objects.get(title__startswith="Социалдык отчеттуулук")
    assert batken.sessions.count() == 11 and batken.days == 2
    assert (
        0 < Certificate.objects.filter(participation__training=batken).count() < batken.participations.count()
    )
    seminars = Training.objects.get(title__startswith="Жарандардын катышуусунун")
    assert seminars.planned_participants == 240
    assert (seminars.first_day.isoformat(), seminars.last_day.isoformat()) == ("2017-10-24", "2017-11-17")


def test_named_participants_win_over_the_tallies_of_the_same_training(world):
    region = world.municipality_a.district.region
    tallied = TrainingFactory(status=HELD)
    Tally.objects.create(training=tallied, region=region, gender="f", role="ao_head", count=7)
    both = TrainingFactory(status=HELD)
    Tally.objects.create(training=both, region=region, gender="m", role="ao_head", count=40)
    ParticipationFactory(training=both, person__municipality=world.municipality_a, person__gender="m")
    ParticipationFactory(training=both, person__municipality=world.municipality_a, person__gender="f")
    stats = selectors.training_statistics()
    assert stats.total.participants == 7 + 2  # not 7 + 40 + 2
    assert (stats.total.women, stats.total.men) == (7 + 1, 1)
    assert {r.pk: (r.counted_by, r.actual) for r in stats.rows} == {
        tallied.pk: ("tallies", 7),
        both.pk: ("names", 2),
    }


def test_a_person_in_two_trainings_is_one_participant_and_two_participations(world):
    person = PersonFactory(municipality=world.municipality_a, role="ao_head", gender="f")
    for _ in range(2):
        ParticipationFactory(training=TrainingFactory(status=HELD), person=person)
    ParticipationFactory(
        training=TrainingFactory(status=HELD), person__municipality=world.municipality_b, person__gender="m"
    )
    ParticipationFactory(training=TrainingFactory(status=Training.Status.PLANNED))  # not counted
    stats = selectors.training_statistics()
    assert (stats.total.participants, stats.total.participations) == (2, 3)
    assert stats.women_share == 50.0
    assert stats.by_role["ao_head"].participants == 1
    assert selectors.training_count_of(person) == 2


def test_target_and_neighbouring_follow_the_projects_municipalities(world, project_a):
    training = TrainingFactory(project=project_a, status=HELD)  # project A targets A only
    ParticipationFactory(training=training, person__municipality=world.municipality_a)
    ParticipationFactory(training=training, person__municipality=world.municipality_a)
    ParticipationFactory(training=training, person__municipality=world.municipality_b)
    ParticipationFactory(training=training, person__municipality=None)
    stats = selectors.training_statistics()
    assert (stats.target.participants, stats.neighbouring.participants, stats.not_known.participants) == (
        2,
        1,
        1,
    )
    project_a.target_municipalities.add(world.municipality_b)
    stats = selectors.training_statistics()
    assert (stats.target.participants, stats.neighbouring.participants) == (3, 0)


def test_filters_narrow_trainings_and_participants(world, project_a):
    region_b = world.municipality_b.district.region
    mine = TrainingFactory(project=project_a, status=HELD, format="seminar")
    ParticipationFactory(training=mine, person__municipality=world.municipality_a, person__role="jmeg")
    ParticipationFactory(training=mine, person__municipality=world.municipality_b, person__role="ao_head")
    tallied = TrainingFactory(status=HELD)
    Tally.objects.create(training=tallied, region=region_b, gender="m", role="ao_head", count=10)
    assert selectors.training_statistics(projects=[project_a]).total.participants == 2
    assert selectors.training_statistics(format="seminar").total.participants == 2
    assert selectors.training_statistics(role="ao_head").total.participants == 11
    assert selectors.training_statistics(region=region_b).total.participants == 11
    assert selectors.training_statistics(district=world.municipality_b.district).total.participants == 1
    assert selectors.training_statistics(year=mine.first_day.year + 1).total.participants == 0
    oblast = next(p for p in selectors.training_statistics().by_oblast if p.pk == region_b.pk)
    assert (oblast.figures.participants, oblast.tallied) == (11, 10)
    assert oblast.children[0].children[0].pk == world.municipality_b.pk


def _fill(training, size: int) -> None:
    municipalities = [MunicipalityFactory() for _ in range(3)]
    people = [
        PersonFactory.build(
            municipality=municipalities[i % 3], gender="fm"[i % 2], role=("jmeg", "ao_head")[i % 2]
        )
        for i in range(size)
    ]
    for person in people:
        person.name_key = Person.key_of(person.full_name)
    Person.objects.bulk_create(people)
    Participation.objects.bulk_create(Participation(training=training, person=p) for p in people)
    Tally.objects.create(
        training=TrainingFactory(status=HELD), region=RegionFactory(), gender="f", role="youth", count=size
    )


def _queries(**filters) -> int:
    with CaptureQueriesContext(connection) as queries:
        selectors.training_statistics(**filters)
    return len(queries)


def test_the_statistics_take_as_many_queries_for_1000_participants_as_for_10(world):
    small_training = TrainingFactory(status=HELD)
    _fill(small_training, 10)
    small = _queries()
    _fill(TrainingFactory(status=HELD), 1000)
    big = _queries()
    # trainings, groups by person, by target, per training, tallies, municipalities, oblasts
    assert big == small == 7
    # Nothing matches: the names of places are not asked for.
    assert _queries(region=world.municipality_a.district.region, role="jmeg") <= 7


def test_public_aggregates_hold_no_name_phone_or_email(world, project_a):
    training = TrainingFactory(project=project_a, status=HELD)
    people = [
        ParticipationFactory(
            training=training,
            person__full_name=f"Жээнбекова Айсулуу {i}",
            person__municipality=world.municipality_a,
        ).person
        for i in range(3)
    ]
    ParticipationFactory(training=TrainingFactory(status=Training.Status.PLANNED))
    figures = selectors.public_aggregates()
    text = json.dumps(figures, ensure_ascii=False, default=str)
    for person in people:
        assert person.full_name not in text and person.phone not in text and person.email not in text
    assert "Жээнбекова" not in text and "@" not in text
    assert figures["total"]["participants"] == 3 and figures["trainings"] == 1
    assert list(selectors.public_trainings()) == [training]
