"""Several hosts: a real Celery worker, with a disk of its own, renders the approved plan into the
bucket, and the web process, which never shares that disk, serves it."""

from pathlib import Path

import pytest
from django.utils import timezone

from documents.models import GeneratedDocument
from planning.demo.sample import build_program
from planning.models import Program
from planning.review import workflow
from tests.planning.helpers import url
from tests.services import Worker, database_url, redis_url, use_broker, wait_until
from tests.storage.conftest import storage_environment

pytestmark = [pytest.mark.integration, pytest.mark.storage, pytest.mark.django_db(transaction=True)]


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_worker_on_another_host_renders_into_the_bucket_and_the_web_serves_it(
    world, reference, bucket, settings, tmp_path, client
):
    broker = redis_url()
    worker_disk = tmp_path / "worker-host-media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with use_broker(broker) as app:
        worker = Worker(
            env={
                "REDIS_URL": broker,
                "DATABASE_URL": database_url(),
                "DJANGO_SETTINGS_MODULE": "tests.settings",
                "SEDP_TEST_MEDIA_ROOT": str(worker_disk),
                # The worker reads the same variables as a production host.
                **storage_environment(bucket.endpoint, bucket.name),
            }
        )
        try:
            worker.wait_ready(app)
            program = build_program(municipality=world.municipality_a, activities=4, years=3)
            Program.objects.filter(pk=program.pk).update(status=Program.Status.ENDORSED)
            program.refresh_from_db()
            workflow.program_record_approval(
                program=program, user=world.head_a, expected_version=program.version, number="19",
                decided_on=timezone.localdate(),
            )  # fmt: skip
            document = GeneratedDocument.objects.get(object_id=program.pk, kind="plan", language="ky")
            rendered = wait_until(lambda: GeneratedDocument.objects.get(pk=document.pk).status == "ready")
        finally:
            output = worker.stop()
    document.refresh_from_db()
    assert rendered, f"{document.status}: {document.error}\n{output[-3000:]}"
    assert document.file.name in bucket.keys("documents/")
    assert _files(worker_disk) == [] and _files(Path(settings.MEDIA_ROOT)) == []

    client.force_login(world.head_a)
    response = client.get(url("document_download", program.pk, document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bucket.read(document.file.name)
