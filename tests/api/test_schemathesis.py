"""Schemathesis drives the API in process, from its own schema: every answer conforms to the
schema (status code, content type, headers, body), schema-violating requests are refused, valid
ones accepted, other methods are 405, and nothing is ever a server error.

About 700 cases in 10 seconds: 25 generated examples per operation (positive and negative), plus
schemathesis's own coverage cases (boundaries, every method the schema does not list).
"""

from datetime import date

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from monitoring.models import ActivityProgress, MonitoringReport
from planning.models import Activity

# Loaded when the tests are collected (reading the schema needs no database). The lazy
# `schemathesis.pytest.from_fixture` would let a fixture load it, but schemathesis 4.32 sets
# `node._nodeid`, which pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())

LANGUAGES = {"ky", "ru", "en"}


def existing_id(path: str, open_data) -> int:
    municipality = open_data.world.municipality_a
    for prefix, pk in [
        ("/api/v1/regions/", municipality.district.region_id),
        ("/api/v1/districts/", municipality.district_id),
        ("/api/v1/municipalities/", municipality.pk),
        ("/api/v1/programs/", open_data.published_a.pk),
        ("/api/v1/hearings/", open_data.hearings.closed.pk),
    ]:
        if path.startswith(prefix):
            return pk
    raise AssertionError(path)


@pytest.fixture
def monitored(open_data):
    """A published monitoring report of A's published plan, so that its monitoring path answers figures."""
    program = open_data.published_a
    report = MonitoringReport.objects.create(
        program=program,
        year=2025,
        status=MonitoringReport.Status.PUBLISHED,
        jmeg_verified_on=date(2026, 1, 20),
    )
    activities = Activity.objects.filter(objective__goal__priority__program=program)
    ActivityProgress.objects.bulk_create(
        ActivityProgress(report=report, activity=activity, status="in_progress", share_done=40)
        for activity in activities
    )
    return report


# The WSGI app closes the database connection after each request, as in production, so the
# data must be committed: a transactional test.
@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, open_data, monitored, no_throttle):
    # In process there is no HTTP client to undo the gzip of the GZipMiddleware: ask for none.
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
    case.call_and_validate()
    if case.method == "GET" and isinstance((case.path_parameters or {}).get("id"), int):
        # A random id is almost always 404: ask again for one that exists, with the same query.
        case.path_parameters["id"] = existing_id(case.operation.path, open_data)
        if "year" in case.path_parameters:  # a year's report: the published one
            case.path_parameters["year"] = monitored.year
        response = case.call_and_validate()
        query = case.query or {}
        if set(query) <= {"lang"} and query.get("lang", "ky") in LANGUAGES:
            assert response.status_code == 200, response.text[:300]
