"""A failed render on the program's overview: people read what failed in their language; only an
administrator sees the exception, which may name paths and library internals."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from documents.models import GeneratedDocument
from planning.publication.document_kinds import PLAN

EXCEPTION = "OSError: /srv/sedp/media/fonts/NotoSans.ttf is unreadable"


@pytest.fixture
def failed(program_a):
    return GeneratedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(type(program_a)),
        object_id=program_a.pk,
        kind=PLAN,
        language="ky",
        content_hash="failed-plan",
        source_html="<p>plan</p>",
        status=GeneratedDocument.Status.FAILED,
        error=EXCEPTION,
    )


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "coordinator_a"])
def test_people_see_the_failure_in_their_language_without_the_exception(
    world, login, program_a, failed, persona
):
    page = login(getattr(world, persona)).get(reverse("planning:overview", args=[program_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    with translation.override("ky"):
        assert str(failed.failure_message) in html
    assert EXCEPTION not in html


def test_an_administrator_sees_the_exception_folded_away(world, login, program_a, failed):
    html = login(world.admin).get(reverse("planning:overview", args=[program_a.pk])).content.decode()
    assert EXCEPTION in html
    assert "<details" in html
