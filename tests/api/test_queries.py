"""The program detail runs a fixed number of queries, whatever the size of the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import page_cache
from planning.demo.sample import build_program
from planning.models import Program
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def published_program(activities: int) -> Program:
    program = build_program(municipality=MunicipalityFactory(), activities=activities)
    Program.objects.filter(pk=program.pk).update(status="published")
    return program


def detail_queries(client, activities: int) -> tuple[int, dict]:
    program = published_program(activities)
    path = f"/api/v1/programs/{program.pk}/"
    client.get(path)  # warm what is read once per process (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.json()


def test_program_detail_queries_do_not_grow_with_the_plan(client, reference):
    small, small_item = detail_queries(client, 10)
    large, large_item = detail_queries(client, 300)
    assert small_item["activity_count"] == 10 and large_item["activity_count"] == 300
    assert small == large, f"{small} queries for 10 activities, {large} for 300"


def test_program_detail_query_budget(client, reference, django_assert_num_queries):
    program = published_program(300)
    # The program with its municipality, rayon and oblast (1); the plan tree: priorities, goals,
    # objectives (3), activities with sector and village, funding lines with source (2),
    # indicators and their targets (2); the working group members with village (1); the
    # financial model: sums by source and year, the sources, sums by goal, the plan's priorities,
    # goals and objectives, sums by sector, the sectors (8); the public generation read by the
    # kept-answers middleware (config/page_cache.py), which then keeps the answer (1).
    with django_assert_num_queries(18):
        client.get(f"/api/v1/programs/{program.pk}/")


@pytest.mark.parametrize("path", ["/api/v1/programs/", "/api/v1/municipalities/", "/api/v1/districts/"])
def test_list_queries_do_not_grow_with_the_number_of_items(client, reference, path):
    def count() -> int:
        page_cache.clear()  # the view's own queries, not a kept answer
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    published_program(3)
    few = count()
    for _ in range(4):
        published_program(3)
    assert count() == few


def test_municipality_detail_query_budget(client, reference, django_assert_num_queries):
    program = published_program(3)
    # The municipality with its rayon and oblast, its villages, its public programs; the public
    # generation (config/page_cache.py).
    with django_assert_num_queries(4):
        client.get(f"/api/v1/municipalities/{program.municipality_id}/")
