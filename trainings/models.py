"""Trainings of donor projects: who was trained, where, by whom, and a certificate anyone can verify.

Training (a donor project's training, seminar, exchange visit…) → Session (a part of a day, with
its Trainers, kept as a list reused across trainings) → Participation of a Person (one record
reused across trainings, so "how many trainings has this head attended" has an answer) →
Attendance per session → Certificate when enough sessions were attended. An event known only by
its totals is recorded as Tally rows (oblast × gender × role → count) instead of names. Every
step of the workflow is a TrainingStatusChange; TrainingMaterial is a file for participants.

Private, never on a public page, the API, a feed or a public PDF: a person's phone and e-mail,
and any name at all on the public aggregates (a certificate's verification page shows its
holder's name, the training, the dates and the hours, and nothing else).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import District, DonorProject, Municipality, Region
from municipalities.names import search_key


class Gender(models.TextChoices):
    FEMALE = "f", _("woman")
    MALE = "m", _("man")


class Role(models.TextChoices):
    """What a participant is in their community (the statistics are by these)."""

    AO_HEAD = "ao_head", _("head of the aiyl okmotu")
    AO_SPECIALIST = "ao_specialist", _("aiyl okmotu specialist")
    COUNCIL_DEPUTY = "council_deputy", _("local council deputy")
    JMEG = "jmeg", _("JMEG member")
    INITIATIVE_GROUP = "initiative_group", _("initiative group member")
    WORKING_GROUP_MEMBER = "working_group_member", _("working group member")
    VILLAGE_HEAD = "village_head", _("village head")
    YOUTH = "youth", _("youth")
    NGO = "ngo", _("NGO")
    BUSINESS = "business", _("business")
    OTHER = "other", _("other")


class Trainer(models.Model):
    """A trainer, kept once and chosen for the sessions of any training."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Training(models.Model):
    class Format(models.TextChoices):
        TRAINING = "training", _("training")
        SEMINAR_TRAINING = "seminar_training", _("seminar-training")
        SEMINAR = "seminar", _("seminar")
        EXCHANGE_VISIT = "exchange_visit", _("exchange visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        REGISTRATION_OPEN = "registration_open", _("registration open")
        HELD = "held", _("held")
        REPORTED = "reported", _("reported")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=300)
    project = models.ForeignKey(
        DonorProject,
        verbose_name=_("donor project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        help_text=_("Its target municipalities make a participant “target” or “neighbouring”."),
    )
    # Empty: the project's donor and implementer are shown, in the reader's language.
    organiser = models.CharField(
        _("organiser"), max_length=200, blank=True, help_text=_("Leave empty to show the project's donor.")
    )
    implementer = models.CharField(
        _("implementing organisation"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to show the project's implementing organisation."),
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.TRAINING)
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic a line."))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    venue_district = models.ForeignKey(
        District,
        verbose_name=_("rayon of the venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    venue_city = models.CharField(_("city of the venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address of the venue"), max_length=300, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    planned_participants = models.PositiveIntegerField(_("planned participants"), null=True, blank=True)
    certificate_min_share = models.DecimalField(
        _("share of sessions needed for a certificate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0.80: a participant who attended 8 sessions of 10 or more gets a certificate."),
    )
    certificate_hours = models.DecimalField(
        _("hours on the certificate"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty to count the hours of the sessions."),
    )
    certificate_signatory = models.CharField(_("who signs the certificates"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-first_day", "-pk"]
        indexes = [
            models.Index(fields=["status", "first_day"], name="training_status_day"),
            models.Index(fields=["project", "first_day"], name="training_project_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="training_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(certificate_min_share__gte=0) & Q(certificate_min_share__lte=1),
                name="training_certificate_share_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_name(self) -> str:
        """The organiser as written for this training, else the project's donor (in the active language)."""
        return self.organiser or (self.project.donor if self.project_id else "")

    @property
    def implementer_name(self) -> str:
        """The implementer as written for this training, else the project's (in the active language)."""
        return self.implementer or (self.project.implementer if self.project_id else "")

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


class TrainingStatusChange(models.Model):
    """One step of a training's workflow: from, to, who, when, and a note (a cancel's reason)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Training.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Training.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("training status change")
        verbose_name_plural = _("training status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.training_id}: {self.from_status} → {self.to_status}"


class Session(models.Model):
    """A part of a training day (e.g. the 11 sessions of a two-day training)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(_("day"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    trainers = models.ManyToManyField(
        Trainer, verbose_name=_("trainers"), blank=True, related_name="sessions"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["day", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "day", "order"], name="one_session_per_slot"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> Decimal:
        """Its length in hours (0 when a time is missing)."""
        if self.starts_at is None or self.ends_at is None:
            return Decimal("0")
        minutes = (self.ends_at.hour * 60 + self.ends_at.minute) - (
            self.starts_at.hour * 60 + self.starts_at.minute
        )
        return Decimal(max(minutes, 0)) / Decimal(60)


class Person(models.Model):
    """A participant, one record across trainings. Phone and e-mail are private (the admin and
    the coordinators only; never a public page, the API or a public PDF)."""

    full_name = models.CharField(_("full name"), max_length=200)
    # The name folded (municipalities.names.search_key) with its words sorted: "Асанов Эркин" and
    # "Erkin Asanov" meet, so a duplicate is caught on entry.
    name_key = models.CharField(max_length=200, editable=False, default="")
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.OTHER)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trained_people",
    )
    phone = models.CharField(_("phone (private)"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail (private)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "id"]
        indexes = [
            models.Index(fields=["name_key", "municipality"], name="person_duplicate_key"),
            models.Index(fields=["municipality", "role", "gender"], name="person_statistics"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # The key is derived from the name; keep it in step whatever code saved it.
        self.name_key = self.key_of(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @staticmethod
    def key_of(full_name: str) -> str:
        return " ".join(sorted(search_key(word) for word in (full_name or "").split() if search_key(word)))[
            :200
        ]


class Participation(models.Model):
    """A person registered for a training."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="one_participation_per_person")
        ]
        indexes = [models.Index(fields=["person", "training"], name="participation_person")]

    def __str__(self) -> str:
        return f"{self.training_id}/{self.person_id}"


class Attendance(models.Model):
    """A tick of the grid: the participant attended the session."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["participation", "session"], name="one_tick_per_session")
        ]
        indexes = [models.Index(fields=["session"], name="attendance_session")]

    def __str__(self) -> str:
        return f"{self.participation_id}@{self.session_id}"


class Tally(models.Model):
    """Participants of an event known only by its totals: so many women (or men) of a role from an
    oblast. A training with named participants is counted by them, not by its tallies
    (trainings/selectors.py)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="tallies")
    region = models.ForeignKey(Region, verbose_name=_("oblast"), on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    count = models.PositiveIntegerField(_("number of participants"))

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        ordering = ["training", "region", "role", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "region", "gender", "role"], name="one_tally_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_id}: {self.region_id} {self.gender} {self.role} = {self.count}"


def material_upload_to(instance, filename: str) -> str:
    return f"trainings/{instance.training_id}/materials/{filename}"


class TrainingMaterial(models.Model):
    """A file for participants (handouts, slides, the programme), listed on the training's page."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_upload_to)
    content_kind = models.CharField(max_length=10, editable=False)  # pdf, jpg, png, xlsx (by content)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class CertificateSequence(models.Model):
    """The last certificate number given in a year; its row is locked while numbers are given."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate numbering")
        verbose_name_plural = _("certificate numbering")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate of a participant who attended enough sessions. `number` is per year
    ("2019-000123", the year of the training's last day); `code` is random and unguessable and
    is what /<lang>/certificates/<code>/ verifies."""

    participation = models.OneToOneField(Participation, on_delete=models.PROTECT, related_name="certificate")
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    number = models.CharField(_("number"), max_length=20, unique=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    signatory = models.CharField(_("signed by"), max_length=200)
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["year", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="one_certificate_serial_a_year")
        ]

    def __str__(self) -> str:
        return self.number
