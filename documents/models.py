"""Generated documents (PDF): one row per object × kind × language × content."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def document_upload_to(instance, filename: str) -> str:
    return f"documents/{instance.kind}/{filename}"


# What people are told when a render failed; the exception itself is for the log and the
# `error` field (documents/services.py), never for the page.
FAILURE_MESSAGE = _(
    "The document could not be prepared. The error has been recorded for the portal's team: "
    "try again in a few minutes, and if it fails again, tell the portal's administrator."
)


class GeneratedDocument(models.Model):
    """A PDF rendered from an object (a program, a hearing…) by a Celery task.

    The same object, kind, language and content hash is rendered once: asking again returns
    this row. `source_html` is what was asked for, so the task renders exactly that, however
    late it runs.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RENDERING = "rendering", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=5)
    content_hash = models.CharField(max_length=64)
    source_html = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    size = models.PositiveIntegerField(_("size, bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # The render's hold on the row (documents/services.py): whoever claimed it writes a random
    # token and keeps moving the expiry forward while it works. A render whose worker died
    # stops renewing, and once the expiry has passed the sweep or another task takes it over.
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "language", "content_hash"],
                name="one_document_per_content",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "kind", "language"]),
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.language} #{self.object_id} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def failure_message(self):
        """The failure told to people, in their language (the exception stays in `error`)."""
        return FAILURE_MESSAGE
