"""The objects the access table's routes are called with (tests/access/table.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import GeneratedDocument
from planning.exchange.action_plan import export_action_plan
from planning.models import (
    CommentReply,
    Program,
    ReviewComment,
    Sector,
    WorkingGroup,
)
from planning.publication.document_kinds import PLAN
from tests.factories import ActivityFactory, GoalFactory, ObjectiveFactory, PriorityFactory, ProgramFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document(program, *, status, language="ky", with_file=True):
    document = GeneratedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
        kind=PLAN,
        language=language,
        content_hash=f"{program.pk}-{status}-{language}",
        source_html="<p>plan</p>",
        status=status,
        error="WeasyPrint failed" if status == GeneratedDocument.Status.FAILED else "",
        rendered_at=timezone.now() if with_file else None,
    )
    if with_file:
        document.file.save("plan.pdf", ContentFile(PDF), save=False)
        document.size = len(PDF)
        document.pages = 1
        document.save(update_fields=["file", "size", "pages"])
    return document


@pytest.fixture
def objects(world, program_a):
    """Names used by the table's kwargs and data, each mapped to the value sent."""
    priority = PriorityFactory(program=program_a, order=1)
    objective = ObjectiveFactory(goal=GoalFactory(priority=priority, order=1), order=1)
    activity = ActivityFactory(objective=objective)
    sector = Sector.objects.filter(is_active=True).first()

    group = WorkingGroup.objects.get(program=program_a)
    group.order_file.save("order.pdf", ContentFile(PDF), save=True)
    program_a.council_decision_file.save("decision.pdf", ContentFile(PDF), save=True)

    comment = ReviewComment.objects.create(
        program=program_a, part=ReviewComment.Part.GENERAL, author=world.coordinator_a, text="Open"
    )
    resolved = ReviewComment.objects.create(
        program=program_a,
        part=ReviewComment.Part.GENERAL,
        author=world.coordinator_a,
        text="Done",
        resolved_at=timezone.now(),
        resolved_by=world.staff_a,
    )
    CommentReply.objects.create(comment=resolved, author=world.staff_a, text="Fixed")
    document = _document(program_a, status=GeneratedDocument.Status.READY)
    failed = _document(program_a, status=GeneratedDocument.Status.FAILED, language="ru", with_file=False)

    open_program = ProgramFactory(
        municipality=world.municipality_a, staff_may_submit=True, start_year=2030, end_year=2032
    )
    published = ProgramFactory(
        municipality=world.municipality_a,
        start_year=2020,
        end_year=2022,
        status=Program.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    _document(published, status=GeneratedDocument.Status.READY)

    program_a.refresh_from_db()
    municipality = world.municipality_a
    return {
        "program": program_a.pk,
        "open_program": open_program.pk,
        "published": published.pk,
        "municipality": municipality.pk,
        "district": municipality.district_id,
        "region": municipality.district.region_id,
        "sector": sector.pk,
        "priority": priority.pk,
        "activity": activity.pk,
        "comment": comment.pk,
        "resolved_comment": resolved.pk,
        "document": document.pk,
        "failed_document": failed.pk,
        "version": str(program_a.version),
        "workbook": lambda: ContentFile(export_action_plan(program_a), name="action-plan.xlsx"),
    }
