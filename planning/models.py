"""The socio-economic development program (SEDP) and its parts.

Program → Priority (development direction) → Goal → Objective → Activity → FundingLine, and
Objective → Indicator → IndicatorTarget. Beside them: the working group, the general
characteristics of the territory, the situation analysis by sector and the SWOT analysis.

Amounts are in KGS (Decimal, two places). The financial model is computed from FundingLines
(planning/finance.py), never typed. Every change is kept by django-simple-history. Concurrent
edits are caught by EditLock (planning/authoring/locking.py).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality, NamedModel, Village, in_language

YEAR_VALIDATORS = [MinValueValidator(1991), MaxValueValidator(2100)]
MAX_PERIOD_YEARS = 10
amount_validators = [MinValueValidator(Decimal("0"))]


def _amount_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=amount_validators, **kwargs
    )


# --- Reference data ------------------------------------------------------------------------


class Sector(NamedModel):
    """A sphere of the situation analysis and of the action plan (water, roads, education…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order", "code"]


class FundingSource(NamedModel):
    """Where money for an activity comes from (local budget, republican budget, donors…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["order", "code"]


# --- The program ---------------------------------------------------------------------------


def decision_upload_to(instance, filename: str) -> str:
    return f"council-decisions/{instance.pk}/{filename}"


class Program(models.Model):
    """A municipality's socio-economic development program for a period of years."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ENDORSED = "endorsed", _("endorsed")
        APPROVED = "approved", _("approved by the council")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="programs"
    )
    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    vision = models.TextField(_("vision"), blank=True)
    strategic_goal = models.TextField(_("strategic goal"), blank=True)
    # Bumped by every change of the program's own fields and of its status (optimistic locking).
    version = models.PositiveIntegerField(default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    # Specialists may submit too, when the head allows it (otherwise only the head submits).
    staff_may_submit = models.BooleanField(_("specialists may submit"), default=False)
    # The local council's decision (recorded by the head; the approved program is frozen).
    council_decision_number = models.CharField(_("council decision number"), max_length=50, blank=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    council_decision_file = models.FileField(
        _("signed decision (scan)"), upload_to=decision_upload_to, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development program")
        verbose_name_plural = _("development programs")
        ordering = ["-start_year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="program_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(end_year__lte=models.F("start_year") + MAX_PERIOD_YEARS - 1),
                name="program_period_at_most_ten_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_editable(self) -> bool:
        from planning.review.workflow import EDITABLE_STATUSES  # the workflow table decides

        return self.status in EDITABLE_STATUSES


class EditLock(models.Model):
    """One row per editable part of a program (a page): its version for optimistic locking.

    A page carries the version it was loaded with; saving succeeds only if the version has not
    moved since (planning/authoring/locking.py), so a second person's save never silently overwrites the
    first one's.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="edit_locks")
    part = models.CharField(max_length=60)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "part"], name="one_lock_per_part")]

    def __str__(self) -> str:
        return f"{self.program_id}:{self.part}@{self.version}"


class GeneralCharacteristics(models.Model):
    """Section 1 of the program: the general characteristics of the territory."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="characteristics")
    location = models.TextField(_("location"), blank=True)
    centre = models.CharField(_("administrative centre"), max_length=200, blank=True)
    distance_to_capital_km = models.DecimalField(
        _("distance to Bishkek, km"), max_digits=7, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    distance_to_oblast_centre_km = models.DecimalField(
        _("distance to the oblast centre, km"), max_digits=7, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    distance_to_rayon_centre_km = models.DecimalField(
        _("distance to the rayon centre, km"), max_digits=7, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
    )
    area_ha = models.DecimalField(
        _("total area, ha"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    landscape = models.TextField(_("landscape and natural conditions"), blank=True)
    population_total = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    population_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    population_youth = models.PositiveIntegerField(_("youth (14–28 years)"), null=True, blank=True)
    population_elderly = models.PositiveIntegerField(_("elderly people"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("general characteristics")
        verbose_name_plural = _("general characteristics")

    def __str__(self) -> str:
        return str(self.program)


# --- Working group -------------------------------------------------------------------------


def order_upload_to(instance, filename: str) -> str:
    return f"working-groups/{instance.program_id}/{filename}"


class WorkingGroup(models.Model):
    """The working group formed by an order of the head of the aiyl okmotu."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="working_group")
    order_number = models.CharField(_("order number"), max_length=50, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    order_file = models.FileField(
        _("scanned order"),
        upload_to=order_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return str(self.program)


class Gender(models.TextChoices):
    FEMALE = "f", _("woman")
    MALE = "m", _("man")


class WorkingGroupMember(models.Model):
    class Category(models.TextChoices):
        LSG = "lsg", _("local self-government")
        COUNCIL = "council", _("council deputy")
        JMEG = "jmeg", _("JMEG")
        INITIATIVE_GROUP = "initiative", _("initiative group")
        CIVIL_SOCIETY = "civil_society", _("civil society")
        COMMUNITY_LEADER = "leader", _("community leader")
        OTHER = "other", _("other")

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    category = models.CharField(_("represents"), max_length=20, choices=Category.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phone = models.CharField(_("phone (not shown publicly)"), max_length=50, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)
    is_secretary = models.BooleanField(_("secretary"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["phone"])

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class WorkPlanTask(models.Model):
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="tasks")
    what = models.CharField(_("task"), max_length=500)
    responsible = models.ForeignKey(
        WorkingGroupMember,
        verbose_name=_("responsible member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work plan task")
        verbose_name_plural = _("work plan tasks")
        ordering = ["order", "due_date", "id"]

    def __str__(self) -> str:
        return self.what


class Meeting(models.Model):
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    women_present = models.PositiveSmallIntegerField(_("women present"), default=0)
    men_present = models.PositiveSmallIntegerField(_("men present"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date}"

    @property
    def total_present(self) -> int:
        return self.women_present + self.men_present


# --- Analysis ------------------------------------------------------------------------------


class SectorAnalysis(models.Model):
    """The situation analysis of one sector."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sector_analyses")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("analysis"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sector analysis")
        verbose_name_plural = _("sector analyses")
        ordering = ["sector__order", "sector__code"]
        constraints = [models.UniqueConstraint(fields=["program", "sector"], name="one_analysis_per_sector")]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.sector}"


class KeyFigure(models.Model):
    """A number that sums up a sector (e.g. 'households with piped water: 412')."""

    analysis = models.ForeignKey(SectorAnalysis, on_delete=models.CASCADE, related_name="key_figures")
    label = models.CharField(_("indicator"), max_length=300)
    value = models.CharField(_("value"), max_length=100)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class Swot(models.Model):
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="swot")
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SWOT analysis")
        verbose_name_plural = _("SWOT analyses")

    def __str__(self) -> str:
        return str(self.program)


# --- Priorities → goals → objectives → activities -------------------------------------------


class Priority(models.Model):
    """A development direction."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("development direction"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development direction")
        verbose_name_plural = _("development directions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Goal(models.Model):
    priority = models.ForeignKey(
        Priority, verbose_name=_("development direction"), on_delete=models.PROTECT, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=500)
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["priority__order", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="objectives"
    )
    title = models.CharField(_("objective"), max_length=500)
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["goal__priority__order", "goal__order", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("activity"), max_length=500)
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="activities"
    )
    responsible = models.CharField(_("responsible"), max_length=300)
    # Empty: the whole municipality.
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=YEAR_VALIDATORS)
    expected_result = models.CharField(_("expected result"), max_length=500, blank=True)
    # Inclusiveness: which vulnerable groups the activity serves; and climate adaptation.
    for_women = models.BooleanField(_("women"), default=False)
    for_youth = models.BooleanField(_("youth"), default=False)
    for_elderly = models.BooleanField(_("elderly people"), default=False)
    for_disabled = models.BooleanField(_("people with disabilities"), default=False)
    for_low_income = models.BooleanField(_("low-income families"), default=False)
    climate_adaptation = models.BooleanField(_("climate change adaptation"), default=False)
    history = HistoricalRecords()

    TAG_FIELDS = (
        "for_women",
        "for_youth",
        "for_elderly",
        "for_disabled",
        "for_low_income",
        "climate_adaptation",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = [
            "objective__goal__priority__order",
            "objective__goal__order",
            "objective__order",
            "order",
            "id",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="activity_end_not_before_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tags(self) -> list[str]:
        return [field for field in self.TAG_FIELDS if getattr(self, field)]


class FundingLine(models.Model):
    """Money for an activity from one source in one year, in KGS."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="lines"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = _amount_field(_("amount, KGS"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["source__order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "source", "year"], name="one_line_per_source_and_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}: {self.amount}"


# --- Monitoring and evaluation -------------------------------------------------------------


class Indicator(models.Model):
    class Direction(models.TextChoices):
        """Which way is better: whether an actual value meets its target follows from it."""

        INCREASE = "increase", _("a higher value")
        DECREASE = "decrease", _("a lower value")

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=50)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    source_of_verification = models.CharField(_("source of verification"), max_length=300, blank=True)
    measured_by = models.CharField(_("who measures"), max_length=300, blank=True)
    direction = models.CharField(
        _("which value is better"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
        help_text=_("For example, a lower value is better for the share of water lost."),
    )
    standard = models.ForeignKey(
        "StandardIndicator",
        verbose_name=_("standard indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_(
            "The indicator of the standard set it measures, so figures add up across municipalities."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = [
            "objective__goal__priority__order",
            "objective__goal__order",
            "objective__order",
            "order",
            "id",
        ]

    def __str__(self) -> str:
        return self.name


class StandardIndicator(NamedModel):
    """An indicator of the standard set (2024 methodology), so that figures add up across plans.

    Reference data like the sectors: loaded by `load_reference` from planning/data/, kept in the
    admin, switched off rather than deleted once plans use it.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    unit_ky = models.CharField(_("unit in Kyrgyz"), max_length=50)
    unit_ru = models.CharField(_("unit in Russian"), max_length=50, blank=True)
    unit_en = models.CharField(_("unit in English"), max_length=50, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="standard_indicators"
    )
    direction = models.CharField(
        _("which value is better"),
        max_length=10,
        choices=Indicator.Direction.choices,
        default=Indicator.Direction.INCREASE,
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("standard indicator")
        verbose_name_plural = _("standard indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def unit(self) -> str:
        """The unit in the active language, else the first of Kyrgyz, Russian, English filled."""
        return in_language(self, "unit")


class IndicatorTarget(models.Model):
    """The value an indicator should reach in a year; later, the value it did reach."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="one_target_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


# --- Review and approval (the workflow: planning/review/workflow.py) --------------------------------


class StatusChange(models.Model):
    """One step of a program's workflow: from, to, who, when, and why."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Program.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Program.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.from_status} → {self.to_status}"


class ReviewRound(models.Model):
    """One submission and its review: a snapshot of the program as submitted, and the outcome."""

    class Outcome(models.TextChoices):
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ENDORSED = "endorsed", _("endorsed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="review_rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    snapshot = models.JSONField(default=dict, editable=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    summary = models.TextField(_("summary of the review"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_round_number_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.program_id} #{self.number}"


class ReviewComment(models.Model):
    """A reviewer's comment on one part of a program; the staff answer it and mark it resolved."""

    class Part(models.TextChoices):
        GENERAL = "program", _("the program as a whole")
        WORKING_GROUP = "working_group", _("working group")
        CHARACTERISTICS = "characteristics", _("general characteristics")
        SECTOR = "sector", _("sector analysis")
        SWOT = "swot", _("SWOT analysis")
        VISION = "vision", _("vision and strategic goal")
        PRIORITY = "priority", _("development direction")
        GOAL = "goal", _("goal")
        OBJECTIVE = "objective", _("objective")
        ACTIVITY = "activity", _("activity")
        INDICATOR = "indicator", _("indicator")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="review_comments")
    round = models.ForeignKey(
        ReviewRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    part = models.CharField(_("part"), max_length=20, choices=Part.choices, default=Part.GENERAL)
    # The id of the sector, priority, goal, objective, activity or indicator; empty for the others.
    part_id = models.PositiveIntegerField(null=True, blank=True)
    # What the part was called when the comment was written ("Activity 1.2.1.3: …"), so the
    # comment still reads well after the part is renumbered or removed.
    part_label = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["program", "resolved_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CommentReply(models.Model):
    comment = models.ForeignKey(ReviewComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("answer"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Notification(models.Model):
    """What a person is told about a program (shown in the workspace and sent by e-mail)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ENDORSED = "endorsed", _("endorsed")
        APPROVED = "approved", _("approved by the council")
        PUBLISHED = "published", _("published")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind} {self.program_id}"


class PublicGeneration(models.Model):
    """One row: the generation of what the public sees (planning/publication/cache.py)."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("public generation")
        verbose_name_plural = _("public generation")

    def __str__(self) -> str:
        return str(self.value)
