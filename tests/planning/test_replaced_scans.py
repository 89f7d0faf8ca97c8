"""A replaced scan (a working group's order, the council's decision) is deleted once the new one
is committed, never before: a save that fails keeps the old file, and a file another program
still refers to (a new version shares its predecessor's order) stays."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from planning.authoring.copying import program_copy
from planning.models import Program, WorkingGroup
from planning.review import workflow
from tests.factories import pdf_bytes
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db


class Failed(Exception):
    """Something after the save went wrong, so the whole transaction rolls back."""


def post_order(client, program, name: str):
    data = form_data(client.get(url("working_group", program.pk)))
    data.update({"order_number": "86", "order_file": SimpleUploadedFile(name, pdf_bytes())})
    response = client.post(url("working_group", program.pk), data)
    assert response.status_code == 302
    return WorkingGroup.objects.get(program=program).order_file.name


def test_a_replaced_order_is_deleted_after_the_commit(
    client, world, program_a, django_capture_on_commit_callbacks
):
    client.force_login(world.staff_a)
    first = post_order(client, program_a, "first.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        second = post_order(client, program_a, "second.pdf")
        assert default_storage.exists(first)  # not before the commit

    assert second != first
    assert default_storage.exists(second) and not default_storage.exists(first)


def test_a_failed_save_deletes_no_order(client, world, program_a, django_capture_on_commit_callbacks):
    client.force_login(world.staff_a)
    first = post_order(client, program_a, "first.pdf")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Failed), transaction.atomic():
        post_order(client, program_a, "second.pdf")
        raise Failed

    assert WorkingGroup.objects.get(program=program_a).order_file.name == first
    assert default_storage.exists(first)


def test_an_order_the_previous_version_shares_is_kept(
    client, world, program_a, django_capture_on_commit_callbacks
):
    client.force_login(world.staff_a)
    shared = post_order(client, program_a, "first.pdf")
    Program.objects.filter(pk=program_a.pk).update(status=Program.Status.PUBLISHED)
    successor = program_copy(Program.objects.get(pk=program_a.pk), user=world.head_a)
    assert WorkingGroup.objects.get(program=successor).order_file.name == shared

    with django_capture_on_commit_callbacks(execute=True):
        post_order(client, successor, "new.pdf")

    assert default_storage.exists(shared)
    assert WorkingGroup.objects.get(program=program_a).order_file.name == shared


@pytest.fixture
def endorsed_with_a_scan(program_a):
    """An endorsed program that already has a decision scan (recorded before, e.g. by an administrator)."""
    program_a.council_decision_file.save("old-decision.pdf", ContentFile(pdf_bytes()), save=False)
    Program.objects.filter(pk=program_a.pk).update(
        status=Program.Status.ENDORSED, council_decision_file=program_a.council_decision_file.name
    )
    return Program.objects.get(pk=program_a.pk)


def record(program, world):
    return workflow.program_record_approval(
        program=program,
        user=world.head_a,
        expected_version=program.version,
        number="12-4",
        decided_on=program.created_at.date(),
        scan=SimpleUploadedFile("decision.pdf", pdf_bytes()),
    )


def test_a_replaced_council_scan_is_deleted_after_the_commit(
    world, endorsed_with_a_scan, django_capture_on_commit_callbacks
):
    old = endorsed_with_a_scan.council_decision_file.name

    with django_capture_on_commit_callbacks(execute=True):
        record(endorsed_with_a_scan, world)
        assert default_storage.exists(old)

    new = Program.objects.get(pk=endorsed_with_a_scan.pk).council_decision_file.name
    assert new != old and default_storage.exists(new) and not default_storage.exists(old)


def test_a_failed_approval_deletes_no_scan(world, endorsed_with_a_scan, django_capture_on_commit_callbacks):
    old = endorsed_with_a_scan.council_decision_file.name

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Failed), transaction.atomic():
        record(endorsed_with_a_scan, world)
        raise Failed

    program = Program.objects.get(pk=endorsed_with_a_scan.pk)
    assert program.status == Program.Status.ENDORSED and program.council_decision_file.name == old
    assert default_storage.exists(old)
