"""The editor reads its own program only: what other municipalities' plans hold in the database
changes neither what a page reads nor what a save may touch."""

from collections import Counter
from contextlib import contextmanager

import pytest
from django.db.models.signals import post_init

from planning.demo.sample import build_program
from planning.models import (
    Activity,
    FundingLine,
    Goal,
    Indicator,
    KeyFigure,
    Meeting,
    Objective,
    Priority,
    WorkingGroupMember,
    WorkPlanTask,
)
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db

COUNTED = (
    Priority, Goal, Objective, Activity, FundingLine, Indicator, WorkingGroupMember, WorkPlanTask,
    Meeting, KeyFigure,
)  # fmt: skip


@contextmanager
def instances_made():
    """Counts the model objects Django builds from rows while the block runs."""
    made: Counter = Counter()

    def count(sender, **kwargs):
        made[sender.__name__] += 1

    for model in COUNTED:
        post_init.connect(count, sender=model, weak=False)
    try:
        yield made
    finally:
        for model in COUNTED:
            post_init.disconnect(count, sender=model)


def _pages(program):
    priority = program.priorities.order_by("order").first()
    activity = Activity.objects.filter(objective__goal__priority=priority).first()
    return [
        url("working_group", program.pk),
        url("goals", program.pk),
        url("vision", program.pk),
        url("priority_activities", program.pk, priority.pk),
        url("activity", program.pk, activity.pk),
        url("indicators", program.pk),
    ]


def _reads(client, program) -> dict[str, Counter]:
    reads = {}
    for address in _pages(program):
        client.get(address)  # warm (sessions, content types)
        with instances_made() as made:
            assert client.get(address).status_code == 200
        reads[address] = made
    return reads


def test_a_page_reads_as_many_rows_with_other_plans_in_the_database_as_without(client):
    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=10)
    client.force_login(MembershipFactory(municipality=municipality).user)
    alone = _reads(client, program)
    for _ in range(2):
        build_program(municipality=MunicipalityFactory(), activities=120)
    crowded = _reads(client, program)
    assert crowded == alone


def test_saving_a_direction_reads_only_its_program(client):
    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=10)
    client.force_login(MembershipFactory(municipality=municipality).user)
    priority = program.priorities.order_by("order").first()
    address = url("priority_activities", program.pk, priority.pk)

    def save() -> Counter:
        data = form_data(client.get(address))
        data["activities-0-title"] = data["activities-0-title"] + "!"
        with instances_made() as made:
            assert client.post(address, data).status_code == 302
        return made

    alone = save()
    build_program(municipality=MunicipalityFactory(), activities=200)
    assert save() == alone


def test_a_row_of_another_program_cannot_be_slipped_into_a_formset(client):
    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=4)
    other = build_program(municipality=MunicipalityFactory(), activities=4)
    foreign = Activity.objects.filter(objective__goal__priority__program=other).first()
    title = foreign.title
    client.force_login(MembershipFactory(municipality=municipality).user)
    priority = program.priorities.order_by("order").first()
    address = url("priority_activities", program.pk, priority.pk)
    data = form_data(client.get(address))
    data["activities-0-id"] = str(foreign.pk)
    data["activities-0-title"] = "Taken over"
    response = client.post(address, data)
    assert response.status_code == 200  # the page again, with the error
    foreign.refresh_from_db()
    assert foreign.title == title
    assert not Activity.objects.filter(title="Taken over").exists()
