import pytest

from tests.services import Worker, redis_url, use_broker


@pytest.fixture
def broker(settings):
    """The real Redis broker: tasks are sent to it instead of running at once."""
    from config import heartbeat

    url = redis_url()
    # Heartbeats of workers an earlier run killed would read as "gone" here.
    heartbeat.client(url).delete(heartbeat.KEY)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with use_broker(url):
        yield url


@pytest.fixture
def celery_worker(broker):
    """A real Celery worker process consuming from the broker."""
    from config.celery import app

    worker = Worker(env={"REDIS_URL": broker, "DJANGO_SETTINGS_MODULE": "tests.settings"})
    try:
        worker.wait_ready(app)
        yield worker
    finally:
        worker.stop()
