import pytest

from tests.services import Worker, redis_url


@pytest.fixture
def broker(settings):
    """The real Redis broker: tasks are sent to it instead of running at once."""
    url = redis_url()
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    yield url
    app.conf.broker_url, app.conf.task_always_eager = previous


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
