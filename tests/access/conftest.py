"""The objects the access table's routes are called with (tests/access/table.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import ProjectCoordinator
from documents.models import GeneratedDocument
from hearings.models import HearingMaterial
from planning.exchange.action_plan import export_action_plan
from planning.models import (
    CommentReply,
    Program,
    ReviewComment,
    Sector,
    WorkingGroup,
)
from planning.publication.document_kinds import PLAN
from tests.factories import (
    ActivityFactory,
    GoalFactory,
    HearingFactory,
    ObjectiveFactory,
    PriorityFactory,
    ProgramFactory,
)
from tests.hearings.public_data import announced_hearing

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document(program, *, status, language="ky", with_file=True, kind=PLAN):
    document = GeneratedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(type(program)),
        object_id=program.pk,
        kind=kind,
        language=language,
        content_hash=f"{kind}-{program.pk}-{status}-{language}",
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


def _workspace_hearing_objects(world, program, priority, objective) -> dict:
    """The hearings' workspace rows (table.py, WH/WA/WP): a hearing of A on its SEDP draft, being
    prepared, with an accepted proposal, an attendance with a sign-in sheet, a material and a
    vote; and an announced hearing that began two hours ago."""
    from datetime import timedelta

    from hearings.models import Attendance, Hearing, HearingMaterial, PriorityVote, VoteOption
    from tests.factories import HearingFactory, ProposalFactory

    hearing = HearingFactory(
        municipality=world.municipality_a, kind=Hearing.Kind.SEDP_DRAFT, program=program, budget_year=None
    )
    proposal = ProposalFactory(hearing=hearing, disposition="accepted", contact="+996 555 000 000")
    attendance = Attendance.objects.create(hearing=hearing, women=30, men=25)
    attendance.sign_in_sheet.save("sign-in.pdf", ContentFile(PDF), save=True)
    material = HearingMaterial(
        hearing=hearing, title="Бюджеттин таблицасы", content_kind="pdf", size=len(PDF)
    )
    material.file.save("budget.pdf", ContentFile(PDF), save=True)
    vote = PriorityVote.objects.create(hearing=hearing, tool="ballot", question="Эмне керек?")
    VoteOption.objects.bulk_create(
        [VoteOption(vote=vote, label="Бала бакча", votes_women=12), VoteOption(vote=vote, label="Спорт")]
    )
    _document(hearing, status=GeneratedDocument.Status.READY, kind="hearing_sign_in_sheet")
    announced = HearingFactory(
        municipality=world.municipality_a,
        status=Hearing.Status.ANNOUNCED,
        starts_at=timezone.now() - timedelta(hours=2),
    )
    return {
        "ws_hearing": hearing.pk,
        "ws_version": str(hearing.version),
        "ws_announced": announced.pk,
        "ws_announced_version": str(announced.version),
        "ws_proposal": proposal.pk,
        "ws_material": material.pk,
        "ws_vote": vote.pk,
        "ws_part": f"priority:{priority.pk}",
        "ws_objective": str(objective.pk),
        "ws_pdf": lambda: ContentFile(PDF, name="budget.pdf"),
    }


def _training_objects(world) -> dict:
    """The trainings' rows (tests/access/trainings_*.py): a training of A's project, held, with two
    sessions, a participant from A and one from B (both attended, A's with a certificate) and a
    material; a planned training of the same project; a training of the other project."""
    from tests.factories import ParticipationFactory, PersonFactory, SessionFactory, TrainingFactory
    from trainings.models import Attendance, Certificate, Training, TrainingMaterial

    project_a = ProjectCoordinator.objects.get(user=world.coordinator_a).project
    project_b = ProjectCoordinator.objects.get(user=world.coordinator_other).project
    training = TrainingFactory(project=project_a, status=Training.Status.HELD)
    sessions = [
        SessionFactory(training=training, order=1),
        SessionFactory(training=training, order=2, day=training.last_day),
    ]
    person_a = PersonFactory(municipality=world.municipality_a)
    person_b = PersonFactory(municipality=world.municipality_b, gender="m")
    participation_a = ParticipationFactory(training=training, person=person_a)
    participation_b = ParticipationFactory(training=training, person=person_b)
    Attendance.objects.bulk_create(
        [Attendance(participation=p, session=s) for p in (participation_a, participation_b) for s in sessions]
    )
    certificate = Certificate.objects.create(
        participation=participation_a,
        year=training.last_day.year,
        serial=1,
        number=f"{training.last_day.year}-000001",
        hours=6,
        signatory="ӨСИнин директору",
        code="ACCESSTABLECODE2",
        issued_at=timezone.now(),
    )
    material = TrainingMaterial.objects.create(
        training=training, title="Программа", file=ContentFile(PDF, name="programme.pdf"), content_kind="pdf"
    )
    return {
        "training": training.pk,
        "training_version": str(training.version),
        "planned_training": TrainingFactory(project=project_a).pk,
        "other_training": TrainingFactory(project=project_b).pk,
        "session": sessions[0].pk,
        "person_a": person_a.pk,
        "person_b": person_b.pk,
        "participation_a": participation_a.pk,
        "participation_b": participation_b.pk,
        "certificate_code": certificate.code,
        "training_material": material.pk,
    }


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

    public_hearing = announced_hearing(world.municipality_a)
    draft_hearing = HearingFactory(municipality=world.municipality_a)
    _document(public_hearing, status=GeneratedDocument.Status.READY, kind="hearing_notice")
    public_material = HearingMaterial(
        hearing=public_hearing, title="Бюджеттин долбоору", content_kind="pdf", size=len(PDF)
    )
    public_material.file.save("budget-draft.pdf", ContentFile(PDF), save=True)

    program_a.refresh_from_db()
    municipality = world.municipality_a
    found = {
        "program": program_a.pk,
        "open_program": open_program.pk,
        "published": published.pk,
        "public_hearing": public_hearing.pk,
        "draft_hearing": draft_hearing.pk,
        "public_material": public_material.pk,
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
        **_workspace_hearing_objects(world, program_a, priority, objective),
    }
    found.update(_training_objects(world))
    from tests.access.monitoring_objects import monitoring_objects
    from tests.access.services_objects import services_objects
    from tests.access.table import MONITORING_ROOMS, SERVICES_ROOMS, TRAINING_ROOMS

    found.update(monitoring_objects(world, found))
    found.update(services_objects(world, found))
    for room in (*TRAINING_ROOMS, *MONITORING_ROOMS, *SERVICES_ROOMS):
        found.update(room.extra_objects(world, found))
    return found
