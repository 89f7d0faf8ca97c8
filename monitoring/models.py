"""The yearly monitoring report of a published program, beside the frozen program.

MonitoringReport (a published program × a year, with its workflow and the JMEG's verification)
→ ActivityProgress (what became of each activity), ActivitySpending (what was spent on it from
each funding source), IndicatorActual (the value each indicator reached), ReportComment (a
coordinator's comment on a part). The program's content never changes: the planned amounts and
the targets are read from its funding lines and indicator targets (monitoring/selectors.py),
never copied here. EvidencePhoto: a photo of an activity done, attached to the report
(checked and stored clean by documents/photos.py), public only once the report is published.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from planning.models import YEAR_VALIDATORS, Activity, FundingSource, Indicator, Program

VALUE_DIGITS = {"max_digits": 14, "decimal_places": 2}


class MonitoringReport(models.Model):
    """A municipality's yearly report on how its published program was carried out."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        # In Russian a report (отчёт) is masculine, a program feminine: the statuses have a context.
        SUBMITTED = "submitted", pgettext_lazy("monitoring report", "submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ACCEPTED = "accepted", pgettext_lazy("monitoring report", "accepted")
        PUBLISHED = "published", pgettext_lazy("monitoring report", "published")

    program = models.ForeignKey(
        Program,
        verbose_name=_("development program"),
        on_delete=models.PROTECT,
        related_name="monitoring_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The joint monitoring and evaluation group's verification, and the council's hearing.
    jmeg_verified_on = models.DateField(_("date of the JMEG's verification"), null=True, blank=True)
    jmeg_women = models.PositiveIntegerField(_("JMEG members: women"), null=True, blank=True)
    jmeg_men = models.PositiveIntegerField(_("JMEG members: men"), null=True, blank=True)
    jmeg_remarks = models.TextField(_("the JMEG's remarks"), blank=True)
    council_heard_on = models.DateField(_("date the local council heard the report"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every change of the report and of its records (optimistic locking).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("yearly monitoring report")
        verbose_name_plural = _("yearly monitoring reports")
        ordering = ["program", "year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="one_monitoring_report_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.program.title} — {self.year}"

    @property
    def municipality_id(self) -> int:
        return self.program.municipality_id


class ReportStatusChange(models.Model):
    """One step of a report's workflow: from, to, who, when, and why."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=20, choices=MonitoringReport.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=MonitoringReport.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class ActivityProgress(models.Model):
    """What became of one activity of the plan in the report's year."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        DELAYED = "delayed", _("delayed")
        CANCELLED = "cancelled", pgettext_lazy("activity", "cancelled")

    # The states that need a reason.
    NEEDS_REASON = (Status.DELAYED, Status.CANCELLED)

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("implementation status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    reason = models.TextField(_("reason"), blank=True)
    share_done = models.PositiveSmallIntegerField(
        _("share done, %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("progress of an activity")
        verbose_name_plural = _("progress of activities")
        ordering = ["report", "activity"]
        constraints = [
            models.UniqueConstraint(fields=["report", "activity"], name="one_progress_per_activity"),
            models.CheckConstraint(condition=Q(share_done__lte=100), name="progress_share_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status__in=["delayed", "cancelled"]) | ~Q(reason=""),
                name="progress_reason_when_delayed_or_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.status}"


class ActivitySpending(models.Model):
    """What was actually spent on one activity from one funding source in the report's year, KGS."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="spending")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("actual spending, KGS"), validators=[MinValueValidator(0)], **VALUE_DIGITS)

    class Meta:
        verbose_name = _("actual spending")
        verbose_name_plural = _("actual spending")
        ordering = ["report", "activity", "source__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity", "source"], name="one_spending_per_activity_and_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.source_id}: {self.amount}"


class IndicatorActual(models.Model):
    """The value an indicator actually reached in the report's year."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="actuals")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("actual value"), **VALUE_DIGITS)
    women = models.DecimalField(_("of which women"), null=True, blank=True, **VALUE_DIGITS)
    men = models.DecimalField(_("of which men"), null=True, blank=True, **VALUE_DIGITS)
    source = models.CharField(_("source of the figure"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("actual value of an indicator")
        verbose_name_plural = _("actual values of indicators")
        ordering = ["report", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_actual_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ReportComment(models.Model):
    """A coordinator's comment on one part of a report; the staff answer it and mark it resolved."""

    class Part(models.TextChoices):
        GENERAL = "report", _("the report as a whole")
        ACTIVITY = "activity", _("activity")
        INDICATOR = "indicator", _("indicator")
        VERIFICATION = "verification", _("the JMEG's verification")

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(_("part"), max_length=20, choices=Part.choices, default=Part.GENERAL)
    # The id of the activity or indicator; empty for the others.
    part_id = models.PositiveIntegerField(null=True, blank=True)
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
        verbose_name = _("comment on a report")
        verbose_name_plural = _("comments on reports")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "resolved_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def photo_upload_to(instance, filename: str) -> str:
    return f"monitoring/{instance.report_id}/photos/{filename}"


class EvidencePhoto(models.Model):
    """A photo showing what was done for one activity in the report's year (a road built, a pump
    in place): re-encoded without its EXIF (no GPS position) by documents.photos.clean_photo.
    Public only with its report, once published (monitoring.selectors.public_reports)."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="photos")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+"
    )
    # Plain ImageFields: the sizes are those clean_photo measured, never read back from the file.
    image = models.ImageField(_("photo"), upload_to=photo_upload_to, max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_upload_to, max_length=200)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    size = models.PositiveIntegerField(editable=False, default=0)  # bytes of the stored photo
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["report", "activity", "uploaded_at", "id"]
        indexes = [models.Index(fields=["report", "activity"])]

    def __str__(self) -> str:
        return self.caption or self.image.name.rsplit("/", 1)[-1]

    @property
    def content_type(self) -> str:
        return "image/png" if self.image.name.lower().endswith(".png") else "image/jpeg"
