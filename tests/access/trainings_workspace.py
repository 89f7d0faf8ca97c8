"""Rows of the access table for the trainings' workspace routes (merged into tests/access/table.py),
and the objects they need beyond the shared ones of tests/access/conftest.py
(`_training_objects`: training, planned_training, other_training, session, person_a, person_b,
participation_a, participation_b, certificate_code, training_material).

The training is held, of coordinator_a's project, with participants from A and from B: A's staff
and head read it (A's participant only), and so does B's staff member (B's participant only);
coordinator_a and the administrator manage it; coordinator_other must not learn it exists. The
planned training's project targets A, so A's staff and head read it, B's staff member does not."""

from django.core.files.base import ContentFile

from tests.access.rows import NO_GET, NO_POST, NOBODY, SIGNED_IN, Case

READ_HELD = "A A A A N L A"  # A's and B's staff (their own participants), the managers
MANAGE_HELD = "F F F A N L A"  # the managers; the readers are refused
READ_PLANNED = "A N A A N L A"  # the project targets A
MANAGE_PLANNED = "F N F A N L A"
PLANNERS = "F F F A A L A"  # coordinators (of their own projects) and administrators
MANAGERS_ONLY = MANAGE_HELD

T = {"pk": "training"}
PT = {"pk": "planned_training"}
OT = {"pk": "other_training"}
TS = {**T, "session_id": "session"}


def _training_data(prefix: str = "training") -> dict:
    return {
        "version": f"{prefix}_version",
        "title": "Социалдык отчеттуулук боюнча тренинг",
        "project": "project_a",
        "format": "training",
        "first_day": f"{prefix}_first_day",
        "last_day": f"{prefix}_last_day",
        "certificate_min_share": "0.80",
    }


ROUTES: dict[str, list[Case]] = {
    "trainings_ws:list": [Case(SIGNED_IN, NO_POST)],
    "trainings_ws:create": [
        Case(
            PLANNERS,
            PLANNERS,
            data={**_training_data(), "version": ""},
            label="coordinator_other gets the form back: the project is not theirs",
        )
    ],
    "trainings_ws:detail": [
        Case(READ_HELD, NO_POST, kwargs=T),
        Case(READ_PLANNED, NO_POST, kwargs=PT, label="planned, aimed at A"),
        Case("N A N N A L A", NO_POST, kwargs=OT, label="the other project's"),
    ],
    "trainings_ws:edit": [Case(READ_HELD, MANAGE_HELD, kwargs=T, data=_training_data())],
    "trainings_ws:transition": [
        Case(NO_GET, MANAGE_HELD, kwargs={**T, "action": "report"}, data={"version": "training_version"}),
        Case(
            NO_GET,
            MANAGE_PLANNED,
            kwargs={**PT, "action": "open_registration"},
            data={"version": "planned_version"},
        ),
        Case(
            NO_GET, MANAGE_PLANNED, kwargs={**PT, "action": "mark_held"}, data={"version": "planned_version"}
        ),
        Case(
            NO_GET,
            MANAGE_PLANNED,
            kwargs={**PT, "action": "cancel"},
            data={"version": "planned_version", "cancel-reason": "Жол жабык"},
        ),
        Case(NO_GET, NOBODY, kwargs={**T, "action": "publish"}, label="no such step"),
    ],
    "trainings_ws:certificates_issue": [Case(NO_GET, MANAGE_HELD, kwargs=T)],
    "trainings_ws:sessions": [
        Case(READ_HELD, MANAGE_HELD, kwargs=T, data={"day": "training_first_day", "title": "Бюджет"})
    ],
    "trainings_ws:session": [
        Case(
            READ_HELD,
            MANAGE_HELD,
            kwargs=TS,
            data={"day": "training_first_day", "order": "1", "title": "Ачылыш"},
        )
    ],
    "trainings_ws:session_remove": [Case(NO_GET, MANAGE_HELD, kwargs=TS)],
    "trainings_ws:participants": [
        Case(
            READ_HELD,
            MANAGE_HELD,
            kwargs=T,
            data={
                "full_name": "Жаңы Катышуучу",
                "gender": "f",
                "role": "youth",
                "municipality": "municipality",
            },
        )
    ],
    "trainings_ws:participant_remove": [
        Case(NO_GET, MANAGE_HELD, kwargs={**T, "participation_id": "participation_b"})
    ],
    "trainings_ws:attendance": [
        Case(MANAGERS_ONLY, MANAGERS_ONLY, kwargs=T, data={"day": "training_first_day", "tick": "tick_a"})
    ],
    "trainings_ws:tallies": [
        Case(
            MANAGERS_ONLY,
            MANAGERS_ONLY,
            kwargs=T,
            data={
                "tally-TOTAL_FORMS": "1",
                "tally-INITIAL_FORMS": "0",
                "tally-0-region": "region",
                "tally-0-gender": "f",
                "tally-0-role": "ao_head",
                "tally-0-count": "12",
            },
        )
    ],
    "trainings_ws:materials": [
        Case(READ_HELD, MANAGE_HELD, kwargs=T, data={"title": "Слайддар", "file": "training_pdf"})
    ],
    "trainings_ws:material_file": [
        Case(READ_HELD, NO_POST, kwargs={**T, "material_id": "training_material"})
    ],
    "trainings_ws:material_remove": [
        Case(NO_GET, MANAGE_HELD, kwargs={**T, "material_id": "training_material"})
    ],
    "trainings_ws:person": [
        Case(READ_PLANNED, NO_POST, kwargs={"person_id": "person_a"}),
        Case("N A N A N L A", NO_POST, kwargs={"person_id": "person_b"}, label="B's participant"),
    ],
    "trainings_ws:person_merge": [
        Case(
            MANAGE_PLANNED,
            MANAGE_PLANNED,
            kwargs={"person_id": "person_a"},
            data={"duplicate": "person_a_twin", "confirm": "yes"},
        )
    ],
}


def extra_objects(world, objects: dict) -> dict:
    """More objects for these rows (names → values), made after the shared ones: the trainings'
    versions and days, coordinator_a's project, the certificates' numbering, a tick of the first session, an upload, and a
    second record of person_a's name in A, registered nowhere (the duplicate to merge)."""
    from accounts.models import ProjectCoordinator
    from tests.factories import PersonFactory, pdf_bytes
    from trainings.models import CertificateSequence, Person, Session, Training

    training = Training.objects.get(pk=objects["training"])
    planned = Training.objects.get(pk=objects["planned_training"])
    person_a = Person.objects.get(pk=objects["person_a"])
    session = Session.objects.get(pk=objects["session"])
    # The shared certificate was made by hand with serial 1: the year's numbering starts after it.
    CertificateSequence.objects.update_or_create(year=training.last_day.year, defaults={"last": 1})
    twin = PersonFactory(
        full_name=" ".join(reversed(person_a.full_name.split())), municipality=world.municipality_a
    )
    return {
        "project_a": ProjectCoordinator.objects.get(user=world.coordinator_a).project.pk,
        "training_first_day": training.first_day.isoformat(),
        "training_last_day": training.last_day.isoformat(),
        "planned_version": str(planned.version),
        "tick_a": f"{objects['participation_a']}-{session.pk}",
        "training_pdf": lambda: ContentFile(pdf_bytes(), name="slides.pdf"),
        "person_a_twin": twin.pk,
    }
