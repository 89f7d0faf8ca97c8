"""People and their roles: who works for which municipality, who coordinates which project."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import DonorProject, Municipality


class User(AbstractUser):
    """A person with an account. Administrators are superusers; the rest get their role from
    a Membership (municipal staff or head) or a ProjectCoordinator row."""

    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The portal opens in this language when you sign in, and e-mails are sent to you in it. "
            "The language switcher changes it."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user works for a municipality, as a specialist (staff) or as the head of the aiyl okmotu."""

    class Role(models.TextChoices):
        STAFF = "staff", _("aiyl okmotu specialist")
        HEAD = "head", _("head of the aiyl okmotu")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    position = models.CharField(_("position"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.municipality} · {self.get_role_display()}"


class ProjectCoordinator(models.Model):
    """A user coordinates a donor project, and so reviews its target municipalities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="coordinated_projects",
    )
    project = models.ForeignKey(
        DonorProject, verbose_name=_("donor project"), on_delete=models.CASCADE, related_name="coordinators"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project coordinator")
        verbose_name_plural = _("project coordinators")
        constraints = [models.UniqueConstraint(fields=["user", "project"], name="one_assignment_per_project")]

    def __str__(self) -> str:
        return f"{self.user} · {self.project}"


class SignInFailure(models.Model):
    """A password check that failed for a user name, from whichever address.

    These count toward the limit per user name across addresses (accounts/lockout.py); django-axes
    keeps its own count per (user name, address). Rows older than SIGN_IN_USERNAME_WINDOW no
    longer count and are deleted as new failures come in.
    """

    username = models.CharField(_("user name"), max_length=255)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        ordering = ["-attempted_at"]
        indexes = [models.Index(fields=["username", "attempted_at"], name="signinfailure_user_time")]

    def __str__(self) -> str:
        return f"{self.username} · {self.ip_address or '?'} · {self.attempted_at:%Y-%m-%d %H:%M}"
