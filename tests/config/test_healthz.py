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


def test_liveness_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert client.post("/healthz/live").status_code == 405


def test_liveness_answers_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz").status_code == 503


def test_workers_are_judged_by_the_age_of_their_heartbeat():
    from config.heartbeat import worker_states

    now = 1_000_000.0
    beats = {b"celery@a": f"{now - 5} 15".encode(), b"celery@b": f"{now - 60} 15".encode()}
    assert worker_states(beats, now=now) == {
        "status": "ok", "count": 1, "names": ["celery@a"], "last_beat_seconds": 5.0,
    }  # fmt: skip
    # Every worker silent for more than three of its beats: gone, and since when.
    gone = worker_states({b"celery@b": f"{now - 60} 15".encode()}, now=now)
    assert gone == {"status": "gone", "count": 0, "names": [], "last_beat_seconds": 60.0}
    # A worker that beats every second is gone after three seconds of silence.
    assert worker_states({b"w": f"{now - 4} 1".encode()}, now=now)["status"] == "gone"
    # Entries older than a day are forgotten, and rubbish is ignored.
    old = {b"celery@c": f"{now - 90_000} 15".encode(), b"x": b"not a beat"}
    assert worker_states(old, now=now) == {"status": "none", "count": 0, "names": []}
