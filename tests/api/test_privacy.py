"""Only public programs, no personal data, and no way to change anything through the API."""

import io
import zipfile

import pytest
from rest_framework.throttling import AnonRateThrottle

from tests.api.conftest import NON_PUBLIC_STATUSES, OFFICE_EMAIL, OFFICE_PHONE

pytestmark = pytest.mark.django_db


def every_answer(client, open_data) -> dict[str, bytes]:
    """The raw bytes of every endpoint, for every program and place of the test data."""
    world = open_data.world
    paths = [
        "/api/v1/",
        "/api/v1/regions/",
        "/api/v1/districts/",
        "/api/v1/municipalities/",
        "/api/v1/programs/",
        "/api/v1/hearings/",
        "/api/v1/hearings/?page_size=200",
        "/api/v1/schema/",
        "/api/v1/schema/?format=json",
    ]
    data = open_data.hearings
    for hearing in (data.announced, data.closed, data.draft, *data.gatherings, data.draft_gathering):
        paths.append(f"/api/v1/hearings/{hearing.pk}/")
    for municipality in (world.municipality_a, world.municipality_b):
        paths += [
            f"/api/v1/regions/{municipality.district.region_id}/",
            f"/api/v1/districts/{municipality.district_id}/",
            f"/api/v1/municipalities/{municipality.pk}/",
        ]
    for program in [*open_data.public, *open_data.hidden.values()]:
        paths += [
            f"/api/v1/programs/{program.pk}/",
            f"/api/v1/programs/{program.pk}/action-plan.csv",
            f"/api/v1/programs/{program.pk}/action-plan.csv?lang=ru",
            f"/api/v1/programs/{program.pk}/action-plan.xlsx",
        ]
    answers = {}
    for path in paths:
        response = client.get(path)
        body = response.content
        if body.startswith(b"PK"):  # an XLSX: read what is inside the zip
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"".join(archive.read(name) for name in archive.namelist())
        answers[path] = bytes(response.serialize_headers()) + b"\n" + body
    return answers


def test_no_personal_data_in_any_answer(client, open_data):
    answers = every_answer(client, open_data)
    for secret in open_data.secrets:
        for path, body in answers.items():
            assert secret.encode() not in body, f"{secret!r} in {path}"
    # Nor anything that looks like a person's e-mail, nor any user's name.
    for path, body in answers.items():
        assert b"@example.org" not in body, path
        for username in (b"staff_a", b"head_a", b"coordinator_a"):
            assert username not in body, path
    # The office's own contacts are public, on purpose.
    municipality = answers[f"/api/v1/municipalities/{open_data.world.municipality_a.pk}/"]
    assert OFFICE_PHONE.encode() in municipality and OFFICE_EMAIL.encode() in municipality


def test_members_have_no_phone_field(client, open_data):
    item = client.get(f"/api/v1/programs/{open_data.published_a.pk}/").json()
    for member in item["working_group"]["members"]:
        assert "phone" not in member and "email" not in member


@pytest.mark.parametrize("status", NON_PUBLIC_STATUSES)
def test_non_public_program_is_invisible(client, open_data, status):
    program = open_data.hidden[status]
    municipality = open_data.world.municipality_a
    for suffix in ["", "action-plan.csv", "action-plan.xlsx"]:
        response = client.get(f"/api/v1/programs/{program.pk}/{suffix}")
        assert response.status_code == 404, suffix
        assert set(response.json()) == {"detail"}
    # The same 404 as an id that never existed: nothing tells it exists.
    assert (
        client.get(f"/api/v1/programs/{program.pk}/").content
        == client.get("/api/v1/programs/987654/").content
    )
    for params in [
        {},
        {"municipality": municipality.pk},
        {"region": municipality.district.region_id},
        {"district": municipality.district_id},
        {"year": 2026},
        {"sector": "population"},
        {"funding_source": "local-budget"},
        {"page_size": 200},
    ]:
        found = [item["id"] for item in client.get("/api/v1/programs/", params).json()["results"]]
        assert program.pk not in found, params
    listed = client.get(f"/api/v1/municipalities/{municipality.pk}/").json()["programs"]
    assert [p["id"] for p in listed] == [open_data.published_a.pk]
    assert (
        b"\xd0\x96\xd0\xb0\xd1\x88\xd1\x8b\xd1\x80\xd1\x83\xd1\x83\xd0\xbd"
        not in client.get("/api/v1/programs/").content
    )  # "Жашыруун", the hidden programs' title


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused(client, open_data, method):
    program, municipality = open_data.published_a, open_data.world.municipality_a
    paths = [
        "/api/v1/regions/",
        f"/api/v1/regions/{municipality.district.region_id}/",
        "/api/v1/districts/",
        "/api/v1/municipalities/",
        f"/api/v1/municipalities/{municipality.pk}/",
        "/api/v1/programs/",
        f"/api/v1/programs/{program.pk}/",
        f"/api/v1/programs/{program.pk}/action-plan.csv",
        f"/api/v1/programs/{program.pk}/action-plan.xlsx",
        "/api/v1/hearings/",
        f"/api/v1/hearings/{open_data.hearings.announced.pk}/",
        "/api/v1/schema/",
    ]
    for path in paths:
        response = getattr(client, method)(path, data={"title": "changed"}, content_type="application/json")
        assert response.status_code == 405, (method, path)
    program.refresh_from_db()
    assert program.title != "changed"


def test_writing_is_refused_even_to_a_signed_in_administrator(client, open_data):
    client.force_login(open_data.world.admin)
    path = f"/api/v1/programs/{open_data.published_a.pk}/"
    assert client.delete(path).status_code == 405
    assert client.put(path, data={}, content_type="application/json").status_code == 405
    # Signing in shows nothing more: the draft stays hidden.
    assert client.get(f"/api/v1/programs/{open_data.hidden['draft'].pk}/").status_code == 404


def test_head_and_options_are_allowed(client, open_data):
    path = f"/api/v1/programs/{open_data.published_a.pk}/"
    assert client.head(path).status_code == 200
    options = client.options(path)
    assert options.status_code == 200
    assert "GET" in options["Allow"] and "POST" not in options["Allow"] and "DELETE" not in options["Allow"]


def test_anonymous_requests_are_throttled(client, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    # Each address differs, so none is a kept answer (config/page_cache.py): each reaches the view.
    for number in range(3):
        assert client.get(f"/api/v1/regions/?n={number}").status_code == 200
    response = client.get("/api/v1/regions/?n=3")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # Another address has its own allowance.
    assert client.get("/api/v1/regions/?n=4", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_behind_the_declared_proxy_each_client_has_its_own_allowance(client, db, monkeypatch, settings):
    settings.TRUSTED_PROXIES = 1
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    asked = iter(range(100))

    def get(forwarded_for):
        # A new query each time, so that no answer is a kept one (config/page_cache.py).
        path = f"/api/v1/regions/?n={next(asked)}"
        return client.get(path, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    for _ in range(3):
        assert get("203.0.113.1").status_code == 200
    assert get("203.0.113.1").status_code == 429
    # A hop the client wrote itself, before the one the proxy added, changes nothing ...
    assert get("192.0.2.5, 203.0.113.1").status_code == 429
    # ... and another client behind the same proxy has its own allowance.
    assert get("203.0.113.2").status_code == 200


def test_without_a_declared_proxy_x_forwarded_for_buys_no_new_allowance(client, db, monkeypatch, settings):
    settings.TRUSTED_PROXIES = 0
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for n in range(3):
        assert client.get(f"/api/v1/regions/?n={n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 200
    assert client.get("/api/v1/regions/?n=3", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_the_configured_rate_is_120_a_minute(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "120/minute"
    assert AnonRateThrottle().rate == "120/minute"
