import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_without_broker_says_eager(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] == "eager"
    assert body["workers"]["status"] == "eager"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_a_broker_that_does_not_answer(client, settings):
    from tests.services import use_broker

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with use_broker("redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    # The portal still serves pages: only the database decides the status code.
    assert response.status_code == 200
    assert response.json()["broker"]["status"] == "down"


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "down"


def test_healthz_answers_only_reads(client):
    assert client.post("/healthz").status_code == 405
