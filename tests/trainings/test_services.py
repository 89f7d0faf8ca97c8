"""Registration with duplicates caught, merging, the attendance grid, tallies, certificates, materials."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.permissions import forget_access
from tests.factories import (
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    TrainingFactory,
    pdf_bytes,
)
from trainings import services
from trainings.models import Attendance, Certificate, Participation, Person, Session, Training

pytestmark = pytest.mark.django_db


def _open(training):
    Training.objects.filter(pk=training.pk).update(status=Training.Status.REGISTRATION_OPEN)
    training.refresh_from_db()
    return training


def _held(training):
    Training.objects.filter(pk=training.pk).update(status=Training.Status.HELD)
    training.refresh_from_db()
    return training


def _register(training, user, **fields):
    fields.setdefault("gender", "f")
    fields.setdefault("role", "council_deputy")
    return services.participant_register(training=training, user=user, **fields)


# --- Registration and duplicates ----------------------------------------------------------------


def test_a_duplicate_is_caught_on_entry_and_the_known_person_registered(world, training_a):
    first = _register(
        training_a, world.coordinator_a, full_name="Асанова Айгүл", municipality=world.municipality_a
    )
    assert not first.existing_person
    other = TrainingFactory(project=training_a.project)
    again = _register(
        other, world.coordinator_a, full_name="  айгул   АСАНОВА ", municipality=world.municipality_a
    )
    assert again.existing_person and again.person == first.person
    assert Person.objects.count() == 1
    assert services.find_duplicates(full_name="Aigul Asanova", municipality=world.municipality_a) == [
        first.person
    ]
    # The same name in another municipality is another person.
    elsewhere = _register(
        other, world.coordinator_a, full_name="Асанова Айгүл", municipality=world.municipality_b
    )
    assert elsewhere.person != first.person and Person.objects.count() == 2


def test_registering_twice_returns_the_registration_there_is(world, training_a):
    first = _register(
        training_a, world.coordinator_a, full_name="Токтогулов Бакыт", municipality=world.municipality_a
    )
    again = _register(training_a, world.coordinator_a, person=first.person)
    assert again.already_registered and again.participation == first.participation
    assert Participation.objects.count() == 1


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "coordinator_other", "citizen"])
def test_only_managers_register(world, training_a, persona):
    with pytest.raises(services.TrainingError):
        _register(
            training_a, world.persona(persona), full_name="Асанов Улан", municipality=world.municipality_a
        )
    assert not Person.objects.exists()


def test_no_registration_once_reported_or_cancelled(world, training_a):
    for status in (Training.Status.REPORTED, Training.Status.CANCELLED):
        Training.objects.filter(pk=training_a.pk).update(status=status)
        training_a.refresh_from_db()
        with pytest.raises(services.TrainingError):
            _register(training_a, world.admin, full_name="Асанов Улан", municipality=world.municipality_a)
    assert not Participation.objects.exists()


def test_merging_moves_participations_and_ticks_and_leaves_no_duplicate(world, training_a):
    _held(training_a)
    session_1, session_2 = training_a.sessions.all()
    keep = PersonFactory(full_name="Асанов Улан", municipality=world.municipality_a, phone="")
    duplicate = PersonFactory(
        full_name="Asanov Ulan", municipality=world.municipality_a, phone="+996 700 111 222"
    )
    both_keep = ParticipationFactory(training=training_a, person=keep)
    both_dup = ParticipationFactory(training=training_a, person=duplicate)
    Attendance.objects.create(participation=both_keep, session=session_1)
    Attendance.objects.create(participation=both_dup, session=session_1)
    Attendance.objects.create(participation=both_dup, session=session_2)
    only_dup = ParticipationFactory(training=TrainingFactory(project=training_a.project), person=duplicate)

    with pytest.raises(services.TrainingError):
        services.person_merge(user=world.staff_a, keep=keep, duplicate=duplicate)
    with pytest.raises(services.TrainingError):
        services.person_merge(user=world.coordinator_other, keep=keep, duplicate=duplicate)
    assert Person.objects.count() == 2

    merged = services.person_merge(user=world.coordinator_a, keep=keep, duplicate=duplicate)
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert merged.phone == "+996 700 111 222"
    assert set(Participation.objects.values_list("person_id", flat=True)) == {keep.pk}
    assert Participation.objects.filter(training=training_a).count() == 1
    assert set(Attendance.objects.filter(participation=both_keep).values_list("session_id", flat=True)) == {
        session_1.pk,
        session_2.pk,
    }
    assert Participation.objects.get(pk=only_dup.pk).person == keep


# --- Attendance -----------------------------------------------------------------------------------


def test_the_grid_saves_ticks_and_unticks(world, training_a):
    _open(training_a)
    one, two = ParticipationFactory(training=training_a), ParticipationFactory(training=training_a)
    s1, s2 = training_a.sessions.all()
    assert services.attendance_save(
        training=training_a,
        user=world.coordinator_a,
        ticks={(one.pk, s1.pk), (one.pk, s2.pk), (two.pk, s1.pk)},
    ) == (3, 0)
    assert services.attendance_save(
        training=training_a, user=world.coordinator_a, ticks={(one.pk, s1.pk)}
    ) == (0, 2)
    assert set(Attendance.objects.values_list("participation_id", "session_id")) == {(one.pk, s1.pk)}
    # One day's grid leaves the other day's ticks alone.
    services.attendance_save(
        training=training_a, user=world.coordinator_a, ticks={(two.pk, s2.pk)}, sessions=[s2]
    )
    assert Attendance.objects.count() == 2


def test_the_grid_refuses_a_cell_of_another_training(world, training_a):
    _open(training_a)
    mine = ParticipationFactory(training=training_a)
    foreign = SessionFactory()
    with pytest.raises(services.TrainingError):
        services.attendance_save(training=training_a, user=world.coordinator_a, ticks={(mine.pk, foreign.pk)})
    with pytest.raises(services.TrainingError):
        services.attendance_save(training=training_a, user=world.staff_a, ticks=set())
    assert not Attendance.objects.exists()


def _grid_queries(world, training, size: int) -> int:
    people = [PersonFactory.build(municipality=world.municipality_a) for _ in range(size)]
    for person in people:
        person.name_key = Person.key_of(person.full_name)
    Person.objects.bulk_create(people)
    Participation.objects.bulk_create(Participation(training=training, person=p) for p in people)
    ids = list(Participation.objects.filter(training=training).values_list("pk", flat=True))
    sessions = list(training.sessions.values_list("pk", flat=True))
    # Half the grid ticked before; the new grid ticks the other half.
    Attendance.objects.bulk_create(Attendance(participation_id=p, session_id=sessions[0]) for p in ids)
    ticks = {(p, sessions[1]) for p in ids}
    forget_access(world.coordinator_a)  # as in a new request
    with CaptureQueriesContext(connection) as queries:
        services.attendance_save(training=training, user=world.coordinator_a, ticks=ticks)
    assert Attendance.objects.filter(session_id=sessions[1]).count() == size
    assert not Attendance.objects.filter(session_id=sessions[0]).exists()
    return len(queries)


def test_saving_the_grid_takes_as_many_queries_for_1000_participants_as_for_10(world, training_a):
    _open(training_a)
    small = _grid_queries(world, training_a, 10)
    big_training = _open(TrainingFactory(project=training_a.project))
    SessionFactory(training=big_training, order=1)
    SessionFactory(training=big_training, order=2)
    big = _grid_queries(world, big_training, 1000)
    # access (2: memberships, projects), participations, sessions, ticks there are, savepoint
    # pair, DELETE, INSERT
    assert big == small <= 10


# --- Tallies --------------------------------------------------------------------------------------


def test_tallies_replace_the_totals(world, training_a):
    from tests.factories import RegionFactory

    region = RegionFactory()
    services.tallies_save(
        training=training_a,
        user=world.coordinator_a,
        rows=[
            (region, "f", "ao_head", 5),
            (region, "m", "ao_head", 58),
            (region, "f", "ao_head", 1),
            (region, "m", "jmeg", 0),
        ],
    )
    assert sorted(training_a.tallies.values_list("gender", "count")) == [("f", 6), ("m", 58)]
    with pytest.raises(services.TrainingError):
        services.tallies_save(
            training=training_a, user=world.coordinator_a, rows=[(region, "x", "ao_head", 1)]
        )
    assert training_a.tallies.count() == 2


# --- Certificates ---------------------------------------------------------------------------------


@pytest.fixture
def held_with_attendance(world, training_a):
    """Four sessions; three participants attended 4, 3 and 2 of them (share 0.75 needed)."""
    _held(training_a)
    SessionFactory(training=training_a, order=3)
    SessionFactory(training=training_a, order=4, day=training_a.last_day)
    Training.objects.filter(pk=training_a.pk).update(certificate_min_share="0.75")
    training_a.refresh_from_db()
    sessions = list(training_a.sessions.all())
    rows = []
    for attended in (4, 3, 2):
        participation = ParticipationFactory(training=training_a)
        Attendance.objects.bulk_create(
            Attendance(participation=participation, session=s) for s in sessions[:attended]
        )
        rows.append(participation)
    return training_a, rows


def test_certificates_only_for_enough_attendance_and_issued_once(world, held_with_attendance):
    training, (full, enough, short) = held_with_attendance
    issued = services.certificates_issue(training=training, user=world.coordinator_a)
    assert {c.participation_id for c in issued} == {full.pk, enough.pk}
    assert services.certificates_issue(training=training, user=world.coordinator_a) == []
    assert Certificate.objects.count() == 2
    certificate = Certificate.objects.first()
    assert certificate.hours == sum(s.hours for s in Session.objects.filter(training=training)).quantize(
        certificate.hours
    )
    assert certificate.signatory == training.certificate_signatory
    # The short one attends one more session: the next run issues to them only.
    Attendance.objects.create(
        participation=short, session=training.sessions.exclude(attendance__participation=short).first()
    )
    assert [c.participation_id for c in services.certificates_issue(training=training, user=world.admin)] == [
        short.pk
    ]


def test_certificate_numbers_run_per_year_without_sharing(world, held_with_attendance, project_a):
    training, _rows = held_with_attendance
    services.certificates_issue(training=training, user=world.coordinator_a)
    other = _held(
        TrainingFactory(project=project_a, first_day=training.first_day, last_day=training.last_day)
    )
    session = SessionFactory(training=other)
    for _ in range(3):
        Attendance.objects.create(participation=ParticipationFactory(training=other), session=session)
    services.certificates_issue(training=other, user=world.coordinator_a)
    year = training.last_day.year
    numbers = list(Certificate.objects.order_by("serial").values_list("number", flat=True))
    assert numbers == [f"{year}-{n:06d}" for n in range(1, 6)]


def test_certificate_numbers_never_repeat_one_given_outside_the_sequence(world, held_with_attendance):
    # A certificate of that year entered without the year's sequence (the admin, an older import).
    training, _rows = held_with_attendance
    year = training.last_day.year
    other = ParticipationFactory(training=training)
    Certificate.objects.create(
        participation=other, year=year, serial=7, number=f"{year}-000007", hours=1, signatory="X",
        code="AAAAAAAAAAAAAAAA", issued_at=timezone.now(),
    )  # fmt: skip
    issued = services.certificates_issue(training=training, user=world.coordinator_a)
    assert sorted(c.number for c in issued) == [f"{year}-000008", f"{year}-000009"]


def test_a_pdf_that_cannot_be_read_is_refused_with_a_message(world, training_a):
    broken = SimpleUploadedFile("slides.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 9 0 R>>\n%%EOF")
    with pytest.raises(services.TrainingError) as refused:
        services.material_add(training=training_a, user=world.coordinator_a, title="Слайддар", file=broken)
    assert refused.value.field == "file" and "PDF" in str(refused.value.message)
    assert not training_a.materials.exists()


def test_verification_codes_are_unguessable_and_unique(world, held_with_attendance):
    codes = {services.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{16}", code) for code in codes)
    # 31 symbols, 16 of them: more than 79 bits.
    assert len(services.CODE_ALPHABET) ** services.CODE_LENGTH > 2**79
    training, _rows = held_with_attendance
    issued = services.certificates_issue(training=training, user=world.coordinator_a)
    assert len({c.code for c in issued}) == len(issued)


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "coordinator_other", "citizen"])
def test_only_managers_issue_certificates(world, held_with_attendance, persona):
    training, _rows = held_with_attendance
    with pytest.raises(services.TrainingError):
        services.certificates_issue(training=training, user=world.persona(persona))
    assert not Certificate.objects.exists()


def test_no_certificates_before_the_training_is_held(world, training_a):
    _open(training_a)
    with pytest.raises(services.TrainingError):
        services.certificates_issue(training=training_a, user=world.coordinator_a)


# --- Materials --------------------------------------------------------------------------------------


def test_a_material_is_checked_by_its_content(world, training_a):
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.TrainingError):
        services.material_add(training=training_a, user=world.coordinator_a, title="Слайддар", file=fake)
    real = SimpleUploadedFile("slides.xlsx", pdf_bytes(), content_type="application/vnd.ms-excel")
    material = services.material_add(
        training=training_a, user=world.coordinator_a, title="Слайддар", file=real
    )
    assert material.content_kind == "pdf" and material.file.name.endswith(".pdf")
