"""Uploaded scans kept in a bucket (MEDIA_STORAGE=s3): they land there, not on the web host's
disk, and come back only to those the access table lets read the program."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from planning.models import Program, WorkingGroup
from tests.access.rows import PERSONAS, row
from tests.access.table import ROUTES
from tests.factories import pdf_bytes
from tests.planning.helpers import form_data, url

pytestmark = [pytest.mark.storage, pytest.mark.django_db]

SCAN = pdf_bytes()  # a real PDF: uploads are cleaned of active content (documents/scan_pdf.py)


def _outcomes(world, address: str) -> dict[str, str]:
    """What each persona gets from a GET, in the access table's letters."""
    got = {}
    for persona in PERSONAS:
        client = Client()
        user = world.persona(persona)
        if user.is_authenticated:
            client.force_login(user)
        response = client.get(address)
        if response.status_code == 302:
            got[persona] = "L" if "/accounts/login/" in response["Location"] else "A"
        else:
            got[persona] = {200: "A", 403: "F", 404: "N"}.get(response.status_code, str(response.status_code))
    return got


def _files_on_disk(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_the_heads_scan_of_the_council_decision_goes_to_the_bucket(
    client, world, program_a, bucket, settings
):
    Program.objects.filter(pk=program_a.pk).update(status=Program.Status.ENDORSED)
    client.force_login(world.head_a)
    response = client.post(
        url("approval", program_a.pk),
        {
            "version": Program.objects.get(pk=program_a.pk).version,
            "number": "19",
            "decided_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("чечим.pdf", SCAN, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    program_a.refresh_from_db()
    assert program_a.status == Program.Status.APPROVED
    assert bucket.keys() == [f"council-decisions/{program_a.pk}/decision.pdf"]
    assert bucket.read(program_a.council_decision_file.name).startswith(b"%PDF")
    assert _files_on_disk(settings) == []  # nothing on this host's disk: another host serves it too

    address = url("decision_file", program_a.pk)
    (case,) = ROUTES["planning:decision_file"]
    assert _outcomes(world, address) == row(case.get)  # the head, staff and coordinator of A; no one else
    served = client.get(address)
    assert served.status_code == 200
    stored = bucket.read(f"council-decisions/{program_a.pk}/decision.pdf")
    assert b"".join(served.streaming_content) == stored and stored.startswith(b"%PDF")
    assert served["Content-Type"] == "application/pdf" and served["Content-Length"] == str(len(stored))
    assert served["Cache-Control"] == "private, max-age=0"


def test_the_scanned_order_of_the_working_group_goes_to_the_bucket(
    client, world, program_a, bucket, settings
):
    client.force_login(world.staff_a)
    data = form_data(client.get(url("working_group", program_a.pk)))
    data.update({"order_number": "86", "order_file": SimpleUploadedFile("буйрук №86.pdf", SCAN)})
    assert client.post(url("working_group", program_a.pk), data).status_code == 302
    stored = WorkingGroup.objects.get(program=program_a).order_file.name
    assert bucket.keys("working-groups/") == [stored]
    assert bucket.read(stored).startswith(b"%PDF")
    assert _files_on_disk(settings) == []

    address = url("order_file", program_a.pk)
    (case,) = ROUTES["planning:order_file"]
    assert _outcomes(world, address) == row(case.get)
    served = client.get(address)
    assert b"".join(served.streaming_content) == bucket.read(stored)
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")  # scans are downloads, sandboxed


def test_no_page_gives_an_address_in_the_bucket(client, world, program_a, bucket):
    """The working group page shows the stored order (the form's "currently" link): nothing in it
    leads to the bucket, signed or not; the file is opened through the portal's own view."""
    program_a.working_group.order_file.save("order-1.pdf", SimpleUploadedFile("order-1.pdf", SCAN))
    client.force_login(world.staff_a)
    page = client.get(url("working_group", program_a.pk)).content.decode()
    assert url("order_file", program_a.pk) in page
    assert "order-1.pdf" in page
    for trace in (bucket.endpoint, bucket.name, "X-Amz-Signature", "AWSAccessKeyId", "amazonaws.com"):
        assert trace not in page, trace


def test_a_scan_missing_from_the_bucket_is_404_not_an_error(client, world, program_a, bucket):
    program_a.council_decision_file.save("decision.pdf", SimpleUploadedFile("decision.pdf", SCAN))
    bucket.client.delete_object(Bucket=bucket.name, Key=program_a.council_decision_file.name)
    client.force_login(world.head_a)
    assert client.get(url("decision_file", program_a.pk)).status_code == 404
