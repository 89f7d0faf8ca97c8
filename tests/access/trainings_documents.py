"""Rows of the access table for the trainings' documents routes (merged into tests/access/table.py),
and the objects they need beyond the shared ones of tests/access/conftest.py
(`_training_objects`: training, planned_training, other_training, session, person_a, person_b,
participation_a, participation_b, certificate_code, training_material).

The held training of A's project has participants from A and B, so A's staff and head and B's
staff may read it (its programme and report: no names); only its managers (coordinator_a, the
administrator) get the attendance sheets and certificates. Each download has a ready document
(extra_objects), so "A" is a served PDF, not the 503 of one being prepared.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.access.rows import NO_POST, PUBLIC, PUBLIC_NO_POST, Case

TD = {"pk": "training"}
READ_TRAINING = "A A A A N L A"  # readers of the held training (A's staff and head, B's staff: a participant)
MANAGE = "F F F A N L A"  # its managers: coordinator_a, the administrator
NOWHERE = "N N N N N N N"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ROUTES: dict[str, list[Case]] = {
    "trainings_ws:documents": [
        Case(READ_TRAINING, MANAGE, kwargs=TD),
        Case(
            "A N A A N L A", "F N F A N L A", kwargs={"pk": "planned_training"}, label="planned, aimed at A"
        ),
        Case("N A N N A L A", "N F N N A L A", kwargs={"pk": "other_training"}, label="another project's"),
    ],
    "trainings_ws:document": [
        Case(READ_TRAINING, NO_POST, kwargs={**TD, "kind": "programme", "language": "ky"}, label="programme"),
        Case(READ_TRAINING, NO_POST, kwargs={**TD, "kind": "report", "language": "ru"}, label="report"),
        Case(MANAGE, NO_POST, kwargs={**TD, "kind": "attendance_sheets", "language": "ky"}, label="sheets"),
        Case(MANAGE, NO_POST, kwargs={**TD, "kind": "certificates", "language": "ky"}, label="certificates"),
        Case(
            "N N N N N L N",
            NO_POST,
            kwargs={**TD, "kind": "passwords", "language": "ky"},
            label="no such kind",
        ),
        Case(
            "N N N N N L N", NO_POST, kwargs={**TD, "kind": "programme", "language": "en"}, label="no English"
        ),
    ],
    "trainings_ws:certificate": [
        Case(MANAGE, NO_POST, kwargs={**TD, "certificate_id": "certificate", "language": "ky"}),
        Case(
            "N F N N N L N",
            NO_POST,
            kwargs={"pk": "other_training", "certificate_id": "certificate", "language": "ky"},
            label="through another training",
        ),
    ],
    "trainings:document": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=TD),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={"pk": "planned_training"},
            label="a planned training is not public",
        ),
    ],
    "trainings:material": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={**TD, "material_id": "training_material"}),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={"pk": "planned_training", "material_id": "training_material"},
            label="through a training that is not public",
        ),
    ],
    "certificates:verify": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"code": "certificate_code"}),
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"code": "accesstablecode2"}, label="in small letters"),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={"code": "NOSUCHCODE000000"}, label="unknown code"),
    ],
}


def _ready(obj, kind: str, language: str):
    from documents.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        kind=kind,
        language=language,
        content_hash=f"access-{kind}-{language}",
        source_html="<p>document</p>",
        status=GeneratedDocument.Status.READY,
        rendered_at=timezone.now(),
        pages=1,
        size=len(PDF),
    )
    document.file.save(f"{kind}.pdf", ContentFile(PDF), save=True)
    return document


def extra_objects(world, objects: dict) -> dict:
    """A ready document of every kind and language of the held training, and of its certificate."""
    from trainings import documents
    from trainings.models import Certificate, Training

    training = Training.objects.get(pk=objects["training"])
    for kind in documents.KINDS:
        for language in documents.LANGUAGES:
            _ready(training, kind, language)
    certificate = Certificate.objects.get(code=objects["certificate_code"])
    _ready(certificate, documents.CERTIFICATE, "ky")
    return {"certificate": certificate.pk}
