"""Public hearings, village gatherings, citizens' proposals and priority votes.

Hearing (a municipality's public hearing on the SEDP draft, a budget, a tariff…) → Attendance
(as counted on paper) and AttendanceByVillage; → Proposal (online, paper, spoken, from a
mini-gathering), moderated, then given a disposition and an answer, and traced into the plan;
→ PriorityVote with its VoteOptions; → HearingMaterial (uploaded tables, agenda). Mini-gatherings
belong to a final hearing and roll up into it. Every step of the workflow is a HearingStatusChange.

Private, never on a public page, feed, API or PDF: a proposal's contact and its author's name
unless they consented, unmoderated or hidden proposals, the scanned sign-in sheet, draft hearings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality, Village
from planning.models import Activity, Program

YEAR_VALIDATORS = [MinValueValidator(1991), MaxValueValidator(2100)]
MAX_PROPOSAL_LENGTH = 3000


class Gender(models.TextChoices):
    FEMALE = "f", _("woman")
    MALE = "m", _("man")


class Hearing(models.Model):
    class Kind(models.TextChoices):
        SEDP_DRAFT = "sedp_draft", _("SEDP draft")
        BUDGET_DRAFT = "budget_draft", _("draft local budget")
        BUDGET_EXECUTION = "budget_execution", _("budget execution report")
        DRINKING_WATER_TARIFF = "drinking_water_tariff", _("drinking-water tariff")
        IRRIGATION_WATER_TARIFF = "irrigation_water_tariff", _("irrigation-water tariff")
        SERVICE_STANDARD = "service_standard", _("service standard")
        # Residents hear the yearly monitoring report (issue 14): the hearing names the report.
        IMPLEMENTATION_REPORT = "implementation_report", _("report on the program's implementation")
        OTHER = "other", _("other")

    class Format(models.TextChoices):
        HEARING = "hearing", _("public hearing")
        VILLAGE_GATHERING = "village_gathering", _("village gathering")
        MINI_GATHERING = "mini_gathering", _("mini-gathering in one village")

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        ANNOUNCED = "announced", _("announced")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")
        CLOSED = "closed", _("closed")

    class Channel(models.TextChoices):
        POSTER = "poster", _("poster")
        ANNOUNCEMENT = "announcement", _("announcement at the mosque, school or club")
        INVITATIONS = "invitations", _("invitation letters")
        MESSENGERS = "messengers", _("WhatsApp / Telegram groups")
        RADIO = "radio", _("radio")
        WEBSITE = "website", _("website")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="hearings"
    )
    kind = models.CharField(_("subject"), max_length=30, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.HEARING)
    final_hearing = models.ForeignKey(
        "self",
        verbose_name=_("final hearing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mini_gatherings",
        help_text=_("A mini-gathering belongs to the final hearing its results roll up into."),
    )
    villages = models.ManyToManyField(
        Village, verbose_name=_("villages concerned"), blank=True, related_name="+"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("development program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
    )
    # The yearly report a hearing of the kind "implementation report" presents. PROTECT: the
    # hearing's record (its notice, minutes and protocol) says which report residents heard, so
    # that report cannot disappear under it; SET_NULL would leave such a hearing about nothing.
    monitoring_report = models.ForeignKey(
        "monitoring.MonitoringReport",
        verbose_name=_("yearly monitoring report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
    )
    budget_year = models.PositiveSmallIntegerField(
        _("budget year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary of what is discussed"),
        blank=True,
        help_text=_("What residents should know before they come: the question, the options, the figures."),
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item a line."))
    notice_posted_on = models.DateField(_("notice posted on"), null=True, blank=True)
    channels = models.JSONField(_("how residents were informed"), default=list, blank=True)
    proposals_open_from = models.DateTimeField(_("proposals accepted from"), null=True, blank=True)
    proposals_open_until = models.DateTimeField(_("proposals accepted until"), null=True, blank=True)
    minutes = models.TextField(_("minutes: what was discussed and decided"), blank=True)
    council_decision_number = models.CharField(_("council decision number"), max_length=50, blank=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(_("reason"), blank=True)  # of a postponement or cancellation
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposals_open_until__isnull=True)
                | Q(proposals_open_from__isnull=True)
                | Q(proposals_open_until__gte=models.F("proposals_open_from")),
                name="hearing_proposals_close_after_they_open",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_mini_gathering(self) -> bool:
        return self.format == self.Format.MINI_GATHERING


class HearingStatusChange(models.Model):
    """One step of a hearing's workflow: from, to, who, when, and why."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Hearing.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Hearing.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("hearing status change")
        verbose_name_plural = _("hearing status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.hearing_id}: {self.from_status} → {self.to_status}"


def material_upload_to(instance, filename: str) -> str:
    return f"hearings/{instance.hearing_id}/materials/{filename}"


def sign_in_upload_to(instance, filename: str) -> str:
    return f"hearings/{instance.hearing_id}/sign-in/{filename}"


class HearingMaterial(models.Model):
    """A file residents read before the hearing: budget tables, a tariff calculation, the agenda."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_upload_to)
    content_kind = models.CharField(max_length=10, editable=False)  # pdf, jpeg, png, xlsx (by content)
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


class Attendance(models.Model):
    """Who came, as counted on paper: women and men, and optionally by group."""

    hearing = models.OneToOneField(Hearing, on_delete=models.CASCADE, related_name="attendance")
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))
    invited = models.PositiveIntegerField(_("invited"), null=True, blank=True)
    youth = models.PositiveIntegerField(_("youth"), null=True, blank=True)
    elderly = models.PositiveIntegerField(_("elderly people"), null=True, blank=True)
    disabled = models.PositiveIntegerField(_("people with disabilities"), null=True, blank=True)
    deputies = models.PositiveIntegerField(_("council deputies"), null=True, blank=True)
    jmeg = models.PositiveIntegerField(_("JMEG members"), null=True, blank=True)
    initiative_groups = models.PositiveIntegerField(_("initiative group members"), null=True, blank=True)
    sign_in_sheet = models.FileField(
        _("scanned sign-in sheet (never public)"), upload_to=sign_in_upload_to, blank=True
    )
    history = HistoricalRecords()

    GROUPS = ("youth", "elderly", "disabled", "deputies", "jmeg", "initiative_groups")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.hearing_id}: {self.women} + {self.men}"

    @property
    def total(self) -> int:
        return self.women + self.men


class AttendanceByVillage(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="attendance_by_village")
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)

    class Meta:
        verbose_name = _("attendance by village")
        verbose_name_plural = _("attendance by village")
        constraints = [models.UniqueConstraint(fields=["hearing", "village"], name="one_count_per_village")]

    def __str__(self) -> str:
        return f"{self.hearing_id}/{self.village_id}: {self.women} + {self.men}"


class Proposal(models.Model):
    """A resident's proposal: moderated before it is public, then answered with a disposition."""

    class Source(models.TextChoices):
        ONLINE = "online", _("sent online")
        PAPER = "paper", _("paper form")
        ORAL = "oral", _("spoken at the hearing")
        MINI_GATHERING = "mini_gathering", _("from a mini-gathering")

    class AgeGroup(models.TextChoices):
        UNDER_18 = "under_18", _("under 18")
        YOUTH = "18_28", _("18–28")
        ADULT = "29_59", _("29–59")
        ELDERLY = "60_plus", _("60 and over")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        PUBLISHED = "published", _("published")
        HIDDEN = "hidden", _("hidden")

    class HiddenReason(models.TextChoices):
        SPAM = "spam", _("spam")
        OFFENSIVE = "offensive", _("offensive")
        OFF_TOPIC = "off_topic", _("off topic")
        PERSONAL_DATA = "personal_data", _("contains personal data")

    class Disposition(models.TextChoices):
        NONE = "", _("not answered yet")
        ACCEPTED = "accepted", _("accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
        MERGED = "merged", _("merged with another proposal")
        REJECTED = "rejected", _("rejected")
        OUTSIDE_COMPETENCE = "outside_competence", _("outside the LSG's competence")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class PlanPart(models.TextChoices):
        PRIORITY = "priority", _("development direction")
        GOAL = "goal", _("goal")
        OBJECTIVE = "objective", _("objective")
        ACTIVITY = "activity", _("activity")
        INDICATOR = "indicator", _("indicator")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField(_("No."))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    paper_form_number = models.CharField(_("paper form No."), max_length=20, blank=True)
    from_gathering = models.ForeignKey(
        Hearing,
        verbose_name=_("mini-gathering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("proposal"), max_length=MAX_PROPOSAL_LENGTH)
    author_name = models.CharField(_("name"), max_length=200, blank=True)
    name_may_be_published = models.BooleanField(_("the name may be published"), default=False)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    contact = models.CharField(_("phone or e-mail (never public)"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("received"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    hidden_reason = models.CharField(_("why hidden"), max_length=20, choices=HiddenReason.choices, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    disposition = models.CharField(
        _("disposition"), max_length=20, choices=Disposition.choices, default=Disposition.NONE, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_to = models.CharField(_("referred to"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    # Traced into the plan: a part of the hearing's program it changed, or an activity made of it.
    plan_part = models.CharField(_("part of the plan"), max_length=20, choices=PlanPart.choices, blank=True)
    plan_part_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity made of it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_proposal",
    )
    history = HistoricalRecords(excluded_fields=["contact"])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "number"], name="one_proposal_number_per_hearing"),
        ]
        indexes = [models.Index(fields=["hearing", "moderation"])]

    def __str__(self) -> str:
        return f"№{self.number}"

    @property
    def is_public(self) -> bool:
        return self.moderation == self.Moderation.PUBLISHED

    @property
    def public_name(self) -> str:
        return self.author_name if self.name_may_be_published else ""


class PriorityVote(models.Model):
    """Residents rank problems at a gathering (mapping, problem gallery, questionnaire, ballot)."""

    class Tool(models.TextChoices):
        MAPPING = "mapping", _("mapping")
        PROBLEM_GALLERY = "problem_gallery", _("problem gallery")
        QUESTIONNAIRE = "questionnaire", _("questionnaire")
        BALLOT = "ballot", _("ballot")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="votes")
    tool = models.CharField(_("tool"), max_length=20, choices=Tool.choices)
    question = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("priority vote")
        verbose_name_plural = _("priority votes")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question


class VoteOption(models.Model):
    vote = models.ForeignKey(PriorityVote, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=300)
    votes_women = models.PositiveIntegerField(_("votes of women"), default=0)
    votes_men = models.PositiveIntegerField(_("votes of men"), default=0)
    priority = models.ForeignKey(
        "planning.Priority",
        verbose_name=_("development direction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("vote option")
        verbose_name_plural = _("vote options")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def total(self) -> int:
        return self.votes_women + self.votes_men


class HearingNotification(models.Model):
    """What a person is told about a hearing (in the workspace and by e-mail)."""

    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("announced")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")
        CLOSED = "closed", _("closed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hearing_notifications"
    )
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hearing notification")
        verbose_name_plural = _("hearing notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind} {self.hearing_id}"
