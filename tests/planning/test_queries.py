"""The number of queries of the workspace pages does not grow with the size of the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.demo.sample import build_program
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.planning.helpers import url

pytestmark = pytest.mark.django_db

PAGES = ["overview", "action_plan", "finance", "indicators", "goals", "history", "review", "timeline"]


def queries_of(client, name: str, activities: int) -> int:
    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=activities)
    client.force_login(MembershipFactory(municipality=municipality).user)
    client.get(url(name, program.pk))  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(name, program.pk))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_page_queries_do_not_grow_with_the_plan(client, name):
    small = queries_of(client, name, 10)
    large = queries_of(client, name, 300)
    assert small == large, f"{name}: {small} queries for 10 activities, {large} for 300"


def test_overview_query_budget(client, django_assert_max_num_queries):
    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=300)
    client.force_login(MembershipFactory(municipality=municipality).user)
    # session + user, the access (memberships, projects), unread notifications, the program; the
    # plan tree (3 levels, activities, funding lines, indicators with targets); the checklist's
    # counts (group, characteristics, analyses, sectors, SWOT); the gender balance; open comments,
    # the successor version, the previous version.
    with django_assert_max_num_queries(24):
        response = client.get(url("overview", program.pk))
    assert response.status_code == 200
    assert len(response.context["plan"].tree.activities) == 300  # the whole plan was read, not an error page


def test_review_query_budget(client, world, reference, django_assert_num_queries):
    program = build_program(municipality=world.municipality_a, activities=300)
    client.force_login(world.coordinator_a)
    client.get(url("review", program.pk))
    # session + user, the program, the access (memberships, projects); the plan
    # (planning.presentation.plan_context): the tree with activities, funding lines, indicators
    # and targets (7), the working group, its members and its work plan (3), the general
    # characteristics, the sector analyses and their key figures, the active sectors, the SWOT (5);
    # the comments, the review rounds, unread notifications.
    with django_assert_num_queries(23):
        assert client.get(url("review", program.pk)).status_code == 200


def test_saving_activity_rows_costs_the_same_queries_for_10_and_50_changed_rows(client):
    """The changed rows in one UPDATE and their history in one INSERT
    (planning/authoring/services.rows_save); everything else is read once for the whole table."""
    from planning.models import Activity
    from tests.planning.helpers import form_data

    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=100)
    client.force_login(MembershipFactory(municipality=municipality).user)
    priority = program.priorities.order_by("order").first()
    address = url("priority_activities", program.pk, priority.pk)
    rows = Activity.objects.filter(objective__goal__priority=priority).count()
    assert rows == 50

    def save(changed: int, mark: str) -> int:
        data = form_data(client.get(address))
        for index in range(changed):
            data[f"activities-{index}-title"] = f"{mark} {index}"
        with CaptureQueriesContext(connection) as captured:
            assert client.post(address, data).status_code == 302
        return len(captured)

    ten, fifty = save(10, "a"), save(50, "b")
    assert fifty == ten
    assert Activity.objects.filter(objective__goal__priority=priority, title__startswith="b ").count() == 50


def _history_queries(client, program, user) -> int:
    client.get(url("history", program.pk))  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("history", program.pk))
    assert response.status_code == 200
    return len(captured)


def test_history_costs_the_same_however_many_parts_changed(client):
    """Every kind of part changed once, or many parts of each kind changed: the same queries."""
    from planning.models import Activity, FundingLine, IndicatorTarget, WorkingGroupMember
    from tests.planning.helpers import as_typed_in

    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=40)
    as_typed_in(program)
    user = MembershipFactory(municipality=municipality).user
    client.force_login(user)
    plan = {"objective__goal__priority__program": program}
    kinds = [
        (Activity.objects.filter(**plan), "title"),
        (FundingLine.objects.filter(**{f"activity__{k}": v for k, v in plan.items()}), "amount"),
        (IndicatorTarget.objects.filter(**{f"indicator__{k}": v for k, v in plan.items()}), "value"),
        (WorkingGroupMember.objects.filter(working_group__program=program), "position"),
    ]

    def change(rows: int) -> None:
        for queryset, name in kinds:
            for obj in queryset.order_by("pk")[:rows]:
                value = getattr(obj, name)
                setattr(obj, name, value + 1 if name in {"amount", "value"} else f"{value}+")
                obj.save(update_fields=[name])

    change(1)
    few = _history_queries(client, program, user)
    change(40)
    many = _history_queries(client, program, user)
    assert few == many, f"{few} queries with one change of each kind, {many} with forty"


def test_history_query_budget(client, django_assert_max_num_queries):
    from tests.planning.helpers import as_typed_in

    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=300)
    as_typed_in(program)
    client.force_login(MembershipFactory(municipality=municipality).user)
    client.get(url("history", program.pk))
    # session + user, the access (the program, memberships, projects), unread notifications (6);
    # the workflow's steps (1: the status is true only in StatusChange, merged in since the
    # transitions leave no historical row); the ids of the parts that have parts of their own:
    # groups, analyses, directions, goals, objectives, activities, indicators (7); each of the 16
    # kinds of part, its latest rows with the rows before them and their related names (16).
    with django_assert_max_num_queries(30):
        client.get(url("history", program.pk))
