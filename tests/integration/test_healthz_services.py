"""/healthz against the real broker and a real worker."""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_healthz_sees_the_broker_without_workers(client, broker):
    body = client.get("/healthz").json()
    assert body["broker"]["status"] == "ok"
    assert body["workers"]["status"] == "none"
    assert body["workers"]["count"] == 0


def test_healthz_counts_a_running_worker(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["broker"]["status"] == "ok"
    assert body["workers"]["status"] == "ok"
    assert body["workers"]["count"] >= 1
