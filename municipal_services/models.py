"""Municipal services, joint action plans and local initiatives of a municipality.

MunicipalService: a service the aiyl okmotu provides, from the base registry
(municipalities.BaseService) or from its additional list; who provides it, how much of the
municipality it covers → Tariff (amount and unit, the council decision and the hearing that
discussed it) and SatisfactionSurvey (residents' score from a survey).
JointActionPlan (JAP): what the aiyl okmotu and the community promise to do in a year to improve
a service or a priority residents chose (the winning option of a priority vote) → JapAction
(what, who on each side, deadline, cost and source, status at the report) and JapStatusChange.
LocalInitiative: a residents' group's project financed under the model regulation of 5 September
2019 (No. 01-18/84): request, co-financing, stage → InitiativeStageChange. Its contacts are
private: no public page, feed, API or PDF shows them (municipal_services/selectors.py).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hearings.models import Hearing, VoteOption
from municipalities.models import BaseService, Municipality, Village, in_language
from planning.models import YEAR_VALIDATORS, Activity, FundingSource

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Provider(models.TextChoices):
    AIYL_OKMOTU = "aiyl_okmotu", _("aiyl okmotu")
    MUNICIPAL_ENTERPRISE = "municipal_enterprise", _("municipal enterprise")
    CONTRACTOR = "contractor", _("contractor")
    COMMUNITY = "community", _("community")


class MunicipalService(models.Model):
    """A service a municipality provides: from the base registry, or on its additional list."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="services"
    )
    base_service = models.ForeignKey(
        BaseService,
        verbose_name=_("service of the base registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipal_services",
        help_text=_("Leave empty for a service of the municipality's additional list."),
    )
    # The names of a service of the additional list (a registry service takes the registry's).
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    provider = models.CharField(
        _("provider"), max_length=30, choices=Provider.choices, default=Provider.AIYL_OKMOTU
    )
    provider_name = models.CharField(
        _("name of the provider"),
        max_length=300,
        blank=True,
        help_text=_(
            "E.g. the municipal enterprise, the contractor or the drinking-water users' association."
        ),
    )
    households_served = models.PositiveIntegerField(_("households served"), null=True, blank=True)
    share_served = models.DecimalField(
        _("share of households served, %"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("municipal service")
        verbose_name_plural = _("municipal services")
        ordering = ["municipality", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "base_service"],
                condition=Q(base_service__isnull=False),
                name="one_registry_service_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(base_service__isnull=False) | ~Q(name_ky="") | ~Q(name_ru=""),
                name="additional_service_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(share_served__isnull=True) | Q(share_served__gte=0, share_served__lte=100),
                name="service_share_served_0_100",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def is_additional(self) -> bool:
        """On the municipality's additional list (not in the base registry)."""
        return self.base_service_id is None

    @property
    def name(self) -> str:
        if self.base_service_id is not None:
            return self.base_service.name
        return in_language(self, "name")


class Tariff(models.Model):
    """A service's tariff from a date: its amount and unit, and where it was decided."""

    class Unit(models.TextChoices):
        PERSON_MONTH = "person_month", _("som per person a month")
        HOUSEHOLD_MONTH = "household_month", _("som per household a month")
        CUBIC_METRE = "cubic_metre", _("som per cubic metre")
        HECTARE_SEASON = "hectare_season", _("som per hectare a season")
        CHILD_MONTH = "child_month", _("som per child a month")
        HEAD_SEASON = "head_season", _("som per head of livestock a season")
        ONE_TIME = "one_time", _("som each time")

    service = models.ForeignKey(
        MunicipalService,
        verbose_name=_("municipal service"),
        on_delete=models.CASCADE,
        related_name="tariffs",
    )
    amount = models.DecimalField(_("amount, som"), validators=NON_NEGATIVE, **MONEY)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    valid_from = models.DateField(_("in force from"))
    council_decision_number = models.CharField(_("council decision number"), max_length=50, blank=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    hearing = models.ForeignKey(
        Hearing,
        verbose_name=_("public hearing where it was discussed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tariffs",
    )
    note = models.TextField(_("note"), blank=True, help_text=_("E.g. the discounts for low-income families."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["service", "-valid_from", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="tariff_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.amount} {self.get_unit_display()}"


class SatisfactionSurvey(models.Model):
    """Residents' satisfaction with a service, from a survey: when, how many answered, the score."""

    SCALE = 5

    service = models.ForeignKey(
        MunicipalService,
        verbose_name=_("municipal service"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    surveyed_on = models.DateField(_("date of the survey"))
    sample_size = models.PositiveIntegerField(_("residents who answered"), validators=[MinValueValidator(1)])
    score = models.DecimalField(
        _("average score (1 to 5)"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    satisfied_share = models.DecimalField(
        _("satisfied residents, %"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    method = models.CharField(_("how it was surveyed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["service", "-surveyed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_1_5"),
            models.CheckConstraint(condition=Q(sample_size__gte=1), name="survey_sample_at_least_1"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.service_id}: {self.score} ({self.surveyed_on})"


# --- The joint action plan -----------------------------------------------------------------


class JointActionPlan(models.Model):
    """What the aiyl okmotu and the community promise to do in a year to improve a service."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AGREED = "agreed", pgettext_lazy("joint action plan", "agreed at a hearing")
        PUBLISHED = "published", pgettext_lazy("joint action plan", "published")
        REPORTED = "reported", pgettext_lazy("joint action plan", "reported on")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="joint_action_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("title"), max_length=300)
    # What it improves: a service of the municipality, and/or the priority residents voted for.
    service = models.ForeignKey(
        MunicipalService,
        verbose_name=_("municipal service it improves"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_action_plans",
    )
    priority = models.CharField(
        _("priority it improves"),
        max_length=300,
        blank=True,
        help_text=_("The problem residents chose, in their words (filled from the priority vote)."),
    )
    vote_option = models.ForeignKey(
        VoteOption,
        verbose_name=_("option of the priority vote that chose it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_action_plans",
    )
    goal = models.TextField(_("what should change"), blank=True)
    hearing = models.ForeignKey(
        Hearing,
        verbose_name=_("public hearing where it was agreed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_action_plans",
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    report_summary = models.TextField(_("what was done: the report"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("joint action plan")
        verbose_name_plural = _("joint action plans")
        ordering = ["-year", "municipality", "id"]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class JapStatusChange(models.Model):
    """One step of a joint action plan's workflow: from, to, who, when, and why."""

    plan = models.ForeignKey(JointActionPlan, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=20, choices=JointActionPlan.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=JointActionPlan.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change of a joint action plan")
        verbose_name_plural = _("status changes of joint action plans")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.from_status} → {self.to_status}"


class JapAction(models.Model):
    """One action of a joint action plan: what, who on each side, by when, for how much."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", pgettext_lazy("action", "done")
        PARTLY_DONE = "partly_done", _("partly done")
        NOT_DONE = "not_done", pgettext_lazy("action", "not done")

    plan = models.ForeignKey(JointActionPlan, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    what = models.TextField(_("action"))
    responsible_lsg = models.CharField(_("responsible in the aiyl okmotu"), max_length=300, blank=True)
    responsible_community = models.CharField(_("responsible in the community"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    cost = models.DecimalField(_("cost, som"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status at the report"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("action of a joint action plan")
        verbose_name_plural = _("actions of joint action plans")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="jap_action_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.what[:60]}"


# --- Local initiatives ---------------------------------------------------------------------


class LocalInitiative(models.Model):
    """A residents' group's project, financed under the model regulation of 5 September 2019."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("local initiative", "submitted")
        ELIGIBLE = "eligible", _("eligible")
        NOT_ELIGIBLE = "not_eligible", _("not eligible")
        SELECTED = "selected", pgettext_lazy("local initiative", "selected")
        FUNDED = "funded", pgettext_lazy("local initiative", "funded")
        IMPLEMENTED = "implemented", pgettext_lazy("local initiative", "implemented")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="local_initiatives",
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("what they propose"))
    group_name = models.CharField(_("residents' group"), max_length=300)
    # Private: the initiators' names and how to reach them (never on a public page, feed, API or PDF).
    initiators = models.TextField(_("initiators"), blank=True, help_text=_("Not shown to the public."))
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    submitted_on = models.DateField(_("submitted on"))
    requested_amount = models.DecimalField(_("amount requested, som"), validators=NON_NEGATIVE, **MONEY)
    cofinancing_money = models.DecimalField(
        _("co-financing in money, som"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    cofinancing_labour = models.DecimalField(
        _("co-financing in labour, som"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    cofinancing_materials = models.DecimalField(
        _("co-financing in materials, som"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    cofinancing_note = models.TextField(_("what residents bring"), blank=True)
    funded_amount = models.DecimalField(
        _("amount granted, som"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED)
    not_eligible_reason = models.TextField(_("why it is not eligible"), blank=True)
    jmeg = models.CharField(
        _("JMEG that follows it"),
        max_length=300,
        blank=True,
        help_text=_("The joint monitoring and evaluation group that follows the initiative."),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity of the SEDP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.TextField(_("result"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("local initiative")
        verbose_name_plural = _("local initiatives")
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["municipality", "stage"])]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="initiative_request_not_negative"),
            models.CheckConstraint(
                condition=Q(cofinancing_money__gte=0, cofinancing_labour__gte=0, cofinancing_materials__gte=0),
                name="initiative_cofinancing_not_negative",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def cofinancing_total(self) -> Decimal:
        return self.cofinancing_money + self.cofinancing_labour + self.cofinancing_materials


class InitiativeStageChange(models.Model):
    """One step of a local initiative: from, to, who, when, and why."""

    initiative = models.ForeignKey(LocalInitiative, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=LocalInitiative.Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=LocalInitiative.Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("stage change of a local initiative")
        verbose_name_plural = _("stage changes of local initiatives")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_stage} → {self.to_stage}"
