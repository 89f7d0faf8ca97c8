"""The documents list updates itself when a PDF becomes ready (no reload)."""

import pytest

from documents import services
from documents.models import GeneratedDocument
from planning.demo.sample import build_program
from planning.publication.document_kinds import DRAFT_PREVIEW

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_document_status_updates_without_reloading(page, live_server, sign_in, world, reference):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    document = services.document_request(obj=program, kind=DRAFT_PREVIEW, language="ky")
    # As if no worker had taken it yet (tasks run at once in the tests).
    GeneratedDocument.objects.filter(pk=document.pk).update(status="pending", file="", pages=None)
    sign_in("staff_a")
    page.goto(f"{live_server.url}/ky/workspace/programs/{program.pk}/")
    item = page.locator(f'[data-document="{document.pk}"]')
    assert item.get_attribute("data-status") == "pending"
    page.evaluate("window.__notReloaded = true")
    services.document_render(document.pk)  # the worker's job, done meanwhile
    page.wait_for_selector(f'[data-document="{document.pk}"][data-status="ready"]', timeout=20_000)
    assert page.evaluate("window.__notReloaded") is True  # the same page, updated in place
    assert item.locator(".document-status").inner_text() == "даяр"
    with page.expect_download() as download:
        item.locator("a.document-download").click()
    assert download.value.suggested_filename.endswith(".pdf")
