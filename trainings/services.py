"""Operations that change trainings, their sessions, participants, attendance, tallies and
certificates. Views call these.

The workflow's steps are in trainings/workflow.py. Everything here checks the user's right
(trainings.access) and the training's state, and raises TrainingError with a message for the
user when something is not allowed; nothing is written then.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from trainings.access import may_create_training, may_manage_person, training_access
from trainings.models import (
    Attendance,
    Certificate,
    CertificateSequence,
    Gender,
    Participation,
    Person,
    Role,
    Session,
    Tally,
    Trainer,
    Training,
    TrainingMaterial,
)
from trainings.workflow import ATTENDANCE_STATUSES, CERTIFICATE_STATUSES, EDITABLE_STATUSES

MAX_NAME = 200
MAX_TEXT = 3000
# Verification codes: 16 letters and digits without the ones people confuse (0/O, 1/I/L), 80
# random bits; typed from paper by an employer, read from a QR code by a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16

TRAINING_FIELDS = frozenset(
    {
        "title", "organiser", "implementer", "format", "topics", "first_day", "last_day",
        "venue_district", "venue_city", "venue_address", "audience", "planned_participants",
        "certificate_min_share", "certificate_hours", "certificate_signatory",
    }
)  # fmt: skip


class TrainingError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_text(value: str | None, *, limit: int) -> str:
    """One line of user text as stored: no NUL characters (PostgreSQL refuses them), spaces
    collapsed, at most `limit`."""
    return " ".join((value or "").replace("\x00", "").split())[:limit]


def _manages_any(user) -> bool:
    """A coordinator of some project, or an administrator."""
    projects = permissions.managed_projects(user)
    return projects is None or bool(projects)


def _ensure_manage(user, training: Training, *, statuses=EDITABLE_STATUSES) -> None:
    if not training_access(user, training).manage:
        raise TrainingError(_("Only the coordinators of the training's project can change it."))
    if training.status not in statuses:
        raise TrainingError(
            _("The training is “%(status)s” and cannot be changed now.")
            % {"status": training.get_status_display()}
        )


def _clean_training_fields(fields: dict) -> dict:
    unknown = set(fields) - TRAINING_FIELDS
    if unknown:
        raise TypeError(f"unknown training fields: {sorted(unknown)}")
    cleaned = dict(fields)
    for name in ("title", "organiser", "implementer", "venue_city", "venue_address", "audience"):
        if name in cleaned:
            cleaned[name] = clean_text(
                cleaned[name], limit=300 if name in {"title", "venue_address"} else 200
            )
    if "certificate_signatory" in cleaned:
        cleaned["certificate_signatory"] = clean_text(cleaned["certificate_signatory"], limit=200)
    if "topics" in cleaned:
        cleaned["topics"] = (cleaned["topics"] or "").replace("\x00", "").strip()[:MAX_TEXT]
    if "title" in cleaned and not cleaned["title"]:
        raise TrainingError(_("Give the training a title."), field="title")
    if "format" in cleaned and cleaned["format"] not in Training.Format.values:
        raise TrainingError(_("Choose the format of the training."), field="format")
    share = cleaned.get("certificate_min_share")
    if share is not None and not Decimal("0") <= Decimal(share) <= Decimal("1"):
        raise TrainingError(
            _("The share of sessions is between 0 and 1 (e.g. 0.8)."), field="certificate_min_share"
        )
    return cleaned


def _check_dates(training: Training) -> None:
    if training.first_day is None or training.last_day is None:
        raise TrainingError(_("Enter the first and the last day."), field="first_day")
    if training.last_day < training.first_day:
        raise TrainingError(_("The last day cannot come before the first."), field="last_day")
    if (
        Session.objects.filter(training=training)
        .exclude(day__range=(training.first_day, training.last_day))
        .exists()
    ):
        raise TrainingError(_("Some sessions fall outside these days: move them first."), field="last_day")


@transaction.atomic
def training_create(*, user, project=None, **fields) -> Training:
    """A new training, planned (coordinators: of their own projects; administrators: any)."""
    if not may_create_training(user, project):
        raise TrainingError(_("You can plan trainings of your own projects only."), field="project")
    fields = _clean_training_fields(fields)
    # Left empty, the organiser and the implementer are the project's, shown in the reader's
    # language (Training.organiser_name); a copy would freeze them in the creator's.
    training = Training(project=project, created_by=user, **fields)
    if training.first_day and training.last_day and training.last_day < training.first_day:
        raise TrainingError(_("The last day cannot come before the first."), field="last_day")
    if not training.title:
        raise TrainingError(_("Give the training a title."), field="title")
    training.save()
    return training


@transaction.atomic
def training_update(*, training: Training, user, expected_version, project=..., **fields) -> Training:
    """Change the training's details; refused if someone else changed it since `expected_version`."""
    _ensure_manage(user, training)
    current = Training.objects.select_for_update().get(pk=training.pk)
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != current.version:
        raise TrainingError(
            _("Someone else has just changed this training. Look at it again and save once more.")
        )
    fields = _clean_training_fields(fields)
    if project is not ...:
        if not may_create_training(user, project):
            raise TrainingError(_("You can plan trainings of your own projects only."), field="project")
        current.project = project
        fields["project"] = project
    for name, value in fields.items():
        setattr(current, name, value)
    _check_dates(current)
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    return current


# --- Trainers and sessions ------------------------------------------------------------------


def trainer_get_or_create(*, user, name: str, organisation: str = "", gender: str) -> Trainer:
    """A trainer from the shared list: the one with the same name and organisation if known."""
    if not _manages_any(user):
        raise TrainingError(_("Only coordinators and administrators keep the list of trainers."))
    name = clean_text(name, limit=MAX_NAME)
    organisation = clean_text(organisation, limit=MAX_NAME)
    if not name:
        raise TrainingError(_("Enter the trainer's name."), field="name")
    if gender not in Gender.values:
        raise TrainingError(_("Choose the trainer's gender."), field="gender")
    existing = Trainer.objects.filter(name__iexact=name, organisation__iexact=organisation).first()
    if existing is not None:
        return existing
    return Trainer.objects.create(name=name, organisation=organisation, gender=gender)


@transaction.atomic
def session_save(
    *,
    training: Training,
    user,
    day,
    title: str,
    order: int | None = None,
    starts_at: time | None = None,
    ends_at: time | None = None,
    trainers=(),
    session: Session | None = None,
) -> Session:
    """A session of the training (new, or `session` changed), with its trainers."""
    _ensure_manage(user, training)
    title = clean_text(title, limit=300)
    if not title:
        raise TrainingError(_("Give the session a title."), field="title")
    if day is None or not training.first_day <= day <= training.last_day:
        raise TrainingError(_("The session's day must be one of the training's days."), field="day")
    if starts_at and ends_at and ends_at <= starts_at:
        raise TrainingError(_("The session must end after it starts."), field="ends_at")
    if session is not None and session.training_id != training.pk:
        raise TrainingError(_("That session is not one of this training's."))
    taken = Session.objects.filter(training=training, day=day)
    if session is not None:
        taken = taken.exclude(pk=session.pk)
    if order is None:
        order = (max(taken.values_list("order", flat=True), default=0) or 0) + 1
    elif taken.filter(order=order).exists():
        raise TrainingError(_("Another session of that day has this number."), field="order")
    if session is None:
        session = Session.objects.create(
            training=training, day=day, order=order, title=title, starts_at=starts_at, ends_at=ends_at
        )
    else:
        session.day, session.order, session.title = day, order, title
        session.starts_at, session.ends_at = starts_at, ends_at
        session.save(update_fields=["day", "order", "title", "starts_at", "ends_at"])
    session.trainers.set(list(trainers))
    return session


def session_remove(*, session: Session, user) -> None:
    _ensure_manage(user, session.training)
    if session.attendance.exists():
        raise TrainingError(_("Attendance was taken at this session: untick it first."))
    session.delete()


# --- Participants -----------------------------------------------------------------------------


@dataclass
class Registration:
    """What registering gave: the participation, its person, and whether the person was already
    known (the same name in the same municipality) or already registered for this training."""

    participation: Participation
    person: Person
    existing_person: bool
    already_registered: bool


def find_duplicates(*, full_name: str, municipality) -> list[Person]:
    """Persons already known under the same name (whatever its spelling or the order of its words)
    in the same municipality (one query)."""
    key = Person.key_of(full_name)
    if not key:
        return []
    municipality_id = getattr(municipality, "pk", municipality)
    return list(Person.objects.filter(name_key=key, municipality_id=municipality_id).order_by("pk"))


@transaction.atomic
def participant_register(
    *,
    training: Training,
    user,
    person: Person | None = None,
    full_name: str = "",
    gender: str = "",
    role: str = Role.OTHER,
    municipality=None,
    position: str = "",
    phone: str = "",
    email: str = "",
) -> Registration:
    """Register a participant: a known `person`, or one described by the other fields.

    A duplicate is caught on entry: when a person of the same name and municipality is known,
    that person is registered (and returned, with `existing_person`), never a second record.
    Registering someone twice returns the registration they have."""
    _ensure_manage(user, training)
    existing_person = person is not None
    if person is None:
        full_name = clean_text(full_name, limit=MAX_NAME)
        if not Person.key_of(full_name):
            raise TrainingError(_("Enter the participant's full name."), field="full_name")
        duplicates = find_duplicates(full_name=full_name, municipality=municipality)
        if duplicates:
            person, existing_person = duplicates[0], True
        else:
            if gender not in Gender.values:
                raise TrainingError(_("Choose the participant's gender."), field="gender")
            if role not in Role.values:
                raise TrainingError(_("Choose the participant's role."), field="role")
            person = Person.objects.create(
                full_name=full_name,
                gender=gender,
                role=role,
                municipality=municipality,
                position=clean_text(position, limit=200),
                phone=clean_text(phone, limit=50),
                email=clean_text(email, limit=254),
                created_by=user,
            )
    participation, created = Participation.objects.get_or_create(
        training=training, person=person, defaults={"registered_by": user}
    )
    return Registration(
        participation=participation,
        person=person,
        existing_person=existing_person,
        already_registered=not created,
    )


def participant_remove(*, participation: Participation, user) -> None:
    _ensure_manage(user, participation.training)
    if hasattr(participation, "certificate"):
        raise TrainingError(_("A certificate was issued to this participant; it cannot be removed."))
    participation.delete()


@transaction.atomic
def person_merge(*, user, keep: Person, duplicate: Person) -> Person:
    """Merge `duplicate` into `keep`: its participations, attendance and certificates move to
    `keep` (where both took the same training, one participation stays, with the ticks of both
    and the earlier certificate), blank fields of `keep` are filled from it, and it is deleted.

    Coordinators merge the people of their trainings; administrators anyone."""
    if keep.pk == duplicate.pk:
        raise TrainingError(_("Choose two different people to merge."))
    if not _manages_any(user) or not (may_manage_person(user, keep) and may_manage_person(user, duplicate)):
        raise TrainingError(_("Only the coordinators of these people's trainings can merge them."))
    # Lock both rows, in a fixed order, so two merges of the same people wait for each other.
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise TrainingError(_("One of these people was merged or deleted meanwhile. Reload the page."))
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    kept_by_training = dict(Participation.objects.filter(person=keep).values_list("training_id", "pk"))
    for participation in Participation.objects.filter(person=duplicate).select_related("certificate"):
        target_id = kept_by_training.get(participation.training_id)
        if target_id is None:
            Participation.objects.filter(pk=participation.pk).update(person=keep)
            continue
        ticked = Attendance.objects.filter(participation_id=target_id).values("session_id")
        Attendance.objects.filter(participation=participation).exclude(session_id__in=ticked).update(
            participation_id=target_id
        )
        certificate = getattr(participation, "certificate", None)
        if certificate is not None:
            kept_certificate = Certificate.objects.filter(participation_id=target_id).first()
            if kept_certificate is None:
                Certificate.objects.filter(pk=certificate.pk).update(participation_id=target_id)
            elif certificate.issued_at < kept_certificate.issued_at:
                kept_certificate.delete()
                Certificate.objects.filter(pk=certificate.pk).update(participation_id=target_id)
            else:
                certificate.delete()
        Attendance.objects.filter(participation=participation).delete()
        Participation.objects.filter(pk=participation.pk).delete()
    filled = []
    for name in ("position", "phone", "email"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
            filled.append(name)
    if keep.municipality_id is None and duplicate.municipality_id is not None:
        keep.municipality_id = duplicate.municipality_id
        filled.append("municipality")
    if filled:
        keep.save(update_fields=filled)
    duplicate.delete()
    return keep


# --- Attendance -------------------------------------------------------------------------------


@transaction.atomic
def attendance_save(*, training: Training, user, ticks, sessions=None) -> tuple[int, int]:
    """The tick grid as submitted: `ticks` is the set of (participation id, session id) that were
    ticked; within the grid's `sessions` (all the training's sessions by default, or one day's)
    every other cell is unticked. Returns (added, removed).

    Six queries whatever the number of participants: the training's participations, its
    sessions, the ticks there are, one DELETE, one INSERT, (and the access check)."""
    _ensure_manage(user, training, statuses=ATTENDANCE_STATUSES)
    participation_ids = set(Participation.objects.filter(training=training).values_list("pk", flat=True))
    session_ids = set(Session.objects.filter(training=training).values_list("pk", flat=True))
    if sessions is not None:
        wanted = {getattr(s, "pk", s) for s in sessions}
        if not wanted <= session_ids:
            raise TrainingError(_("The grid shows a session of another training. Reload the page."))
        session_ids = wanted
    wanted_ticks = set()
    for participation_id, session_id in ticks:
        try:
            cell = (int(participation_id), int(session_id))
        except (TypeError, ValueError):
            raise TrainingError(_("The grid was not sent whole. Reload the page.")) from None
        if cell[0] not in participation_ids or cell[1] not in session_ids:
            raise TrainingError(_("The grid has changed since you opened it. Reload the page."))
        wanted_ticks.add(cell)
    existing = {
        (participation_id, session_id): pk
        for pk, participation_id, session_id in Attendance.objects.filter(
            participation__training=training, session_id__in=session_ids
        ).values_list("pk", "participation_id", "session_id")
    }
    removed = [pk for cell, pk in existing.items() if cell not in wanted_ticks]
    added = [cell for cell in wanted_ticks if cell not in existing]
    if removed:
        Attendance.objects.filter(pk__in=removed).delete()
    if added:
        Attendance.objects.bulk_create(
            Attendance(participation_id=participation_id, session_id=session_id)
            for participation_id, session_id in sorted(added)
        )
    return len(added), len(removed)


# --- Tallies ----------------------------------------------------------------------------------


@transaction.atomic
def tallies_save(*, training: Training, user, rows) -> list[Tally]:
    """The totals of an event known only by them: rows of (oblast, gender, role, count) replace
    the training's tallies (zero counts are left out; the same group twice adds up)."""
    _ensure_manage(user, training)
    counts: dict[tuple[int, str, str], int] = {}
    for region, gender, role, count in rows:
        if gender not in Gender.values:
            raise TrainingError(_("Choose the gender of each row."), field="gender")
        if role not in Role.values:
            raise TrainingError(_("Choose the role of each row."), field="role")
        try:
            count = int(count)
        except (TypeError, ValueError):
            raise TrainingError(_("Enter each number as a whole number."), field="count") from None
        if count < 0:
            raise TrainingError(_("A number of participants cannot be negative."), field="count")
        if count:
            key = (getattr(region, "pk", region), gender, role)
            counts[key] = counts.get(key, 0) + count
    Tally.objects.filter(training=training).delete()
    return Tally.objects.bulk_create(
        Tally(training=training, region_id=region_id, gender=gender, role=role, count=count)
        for (region_id, gender, role), count in sorted(counts.items())
    )


# --- Certificates -----------------------------------------------------------------------------


def new_code() -> str:
    """A random, unguessable, URL-safe verification code (80 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def training_hours(training: Training) -> Decimal:
    """The hours a certificate states: the training's own figure, else its sessions' length."""
    if training.certificate_hours is not None:
        return Decimal(training.certificate_hours)
    total = sum((s.hours for s in Session.objects.filter(training=training)), Decimal("0"))
    return total.quantize(Decimal("0.1"))


def eligible_participations(training: Training):
    """Participations that attended at least `certificate_min_share` of the sessions (one query
    for the sessions' count, the rows annotated with their ticks)."""
    total = Session.objects.filter(training=training).count()
    if not total:
        return Participation.objects.none(), 0
    needed = training.certificate_min_share * total
    rows = (
        Participation.objects.filter(training=training)
        .annotate(attended=Count("attendance"))
        .filter(attended__gte=needed)
    )
    return rows, total


@transaction.atomic
def certificates_issue(*, training: Training, user, now=None) -> list[Certificate]:
    """Issue a certificate to each participant who attended enough sessions and has none yet.

    Numbers run per year (the year of the training's last day): the year's sequence row is
    locked (SELECT … FOR UPDATE) while they are given, so two issuers never share a number, and
    the training's row too, so issuing twice at once gives each participant one certificate.
    Running it again issues only to those who became eligible since."""
    _ensure_manage(user, training, statuses=CERTIFICATE_STATUSES)
    Training.objects.select_for_update().filter(pk=training.pk).first()
    signatory = training.certificate_signatory.strip()
    if not signatory:
        raise TrainingError(_("Enter who signs the certificates first."), field="certificate_signatory")
    rows, total = eligible_participations(training)
    if not total:
        raise TrainingError(_("The training has no sessions, so nobody's attendance can be counted."))
    waiting = list(
        rows.filter(certificate__isnull=True).order_by("person__full_name", "pk").values_list("pk", flat=True)
    )
    if not waiting:
        return []
    hours = training_hours(training)
    year = training.last_day.year
    CertificateSequence.objects.get_or_create(year=year)
    sequence = CertificateSequence.objects.select_for_update().get(year=year)
    # Numbers already given that year (entered in the admin, or before the sequence row existed)
    # are never given again.
    issued = Certificate.objects.filter(year=year).aggregate(top=Max("serial"))["top"] or 0
    sequence.last = max(sequence.last, issued)
    now = now or timezone.now()
    certificates = []
    codes = set()
    for offset, participation_id in enumerate(waiting, start=1):
        code = new_code()
        while code in codes:
            code = new_code()
        codes.add(code)
        serial = sequence.last + offset
        certificates.append(
            Certificate(
                participation_id=participation_id,
                year=year,
                serial=serial,
                number=f"{year}-{serial:06d}",
                hours=hours,
                signatory=signatory,
                code=code,
                issued_at=now,
                issued_by=user,
            )
        )
    sequence.last += len(waiting)
    sequence.save(update_fields=["last"])
    return Certificate.objects.bulk_create(certificates)


# --- Materials --------------------------------------------------------------------------------


def material_add(*, training: Training, user, title: str, file) -> TrainingMaterial:
    """A file for participants, checked by its content (PDF without active content, JPEG, PNG or
    an Excel workbook), as hearings' materials are."""
    import uuid

    from django.core.exceptions import ValidationError
    from django.utils.text import get_valid_filename

    from documents.uploads import clean_scan, validate_material

    _ensure_manage(user, training)
    try:
        kind = validate_material(file)
    except ValidationError as error:
        raise TrainingError(" ".join(error.messages), field="file") from None
    stem = file.name.rsplit(".", 1)[0] if "." in (file.name or "") else (file.name or "")
    try:
        stem = get_valid_filename(stem)[:80]
    except Exception:  # noqa: BLE001 - a name of only dots and spaces: a generated one
        stem = ""
    name = f"{stem or 'material'}-{uuid.uuid4().hex[:8]}"
    if kind == "pdf":
        try:
            file = clean_scan(file, stem=name)  # a PDF pikepdf cannot read is refused here
        except ValidationError as error:
            raise TrainingError(" ".join(error.messages), field="file") from None
    else:
        file.name = f"{name}.{kind}"
    return TrainingMaterial.objects.create(
        training=training,
        title=clean_text(title, limit=200) or name,
        file=file,
        content_kind=kind,
        size=file.size or 0,
        uploaded_by=user,
    )


def material_remove(*, material: TrainingMaterial, user) -> None:
    from documents.uploads import delete_after_commit

    _ensure_manage(user, material.training)
    name, storage = material.file.name, material.file.storage
    material.delete()
    delete_after_commit(storage, name)
