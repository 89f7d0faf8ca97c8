"""The workflow of a yearly monitoring report, declared in one table, and the services that move it.

```
draft --submit--> submitted --request changes (note)--> changes_requested --submit--> submitted
submitted --accept--> accepted --publish (JMEG verified, council heard it)--> published
```

Each transition is one service: it checks who may take it, from which states and against which
version of the report the user saw, moves the status with one conditional UPDATE (two people
acting at once cannot both succeed), writes a ReportStatusChange in the same transaction and
leaves the side effects to after the commit. A refused step raises TransitionError with a message
in the user's language (and `details`: what is missing) and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.access import ReportAccess, report_access
from monitoring.models import MonitoringReport, ReportStatusChange

S = MonitoringReport.Status


class Action:
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    ACCEPT = "accept"
    PUBLISH = "publish"


class Actor:
    """Who takes a transition: each is a `need` of monitoring.access.report_for_user."""

    STAFF = "edit"  # staff (and the head) of the municipality
    REVIEWER = "review"  # a coordinator of one of the municipality's donor projects
    HEAD = "head"  # the head of the aiyl okmotu


class Asks:
    NOTHING = "nothing"
    NOTE = "note"  # a required note (request changes)


# --- The states -----------------------------------------------------------------------------

# Staff change the report's records (progress, spending, actual values) only here.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
# The JMEG's verification and the council's hearing are recorded until the report is published
# (they usually come after the coordinator has accepted it).
VERIFICATION_STATUSES = frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.SUBMITTED, S.ACCEPTED})
# Coordinators comment while the report is prepared or reviewed.
COMMENTABLE_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED})
# What the public may read.
PUBLIC_STATUSES = (S.PUBLISHED,)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actor: str
    label: str
    done: str  # the message after success
    service: str  # the name of the service function below
    asks: str = Asks.NOTHING

    def run(self, **kwargs):
        """Call this transition's service (keyword arguments as the service takes them)."""
        return globals()[self.service](**kwargs)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(Action.SUBMIT, frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, Actor.STAFF,
                   gettext_lazy("Submit the report for review"),
                   gettext_lazy("The report is submitted for review."),
                   "report_submit"),
        Transition(Action.REQUEST_CHANGES, frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED, Actor.REVIEWER,
                   gettext_lazy("Request changes"),
                   gettext_lazy("Changes are requested: the municipality's staff can change the report again."),
                   "report_request_changes", Asks.NOTE),
        Transition(Action.ACCEPT, frozenset({S.SUBMITTED}), S.ACCEPTED, Actor.REVIEWER,
                   gettext_lazy("Accept the report"),
                   gettext_lazy("The report is accepted. The head publishes it once the JMEG has verified it and the council has heard it."),
                   "report_accept"),
        Transition(Action.PUBLISH, frozenset({S.ACCEPTED}), S.PUBLISHED, Actor.HEAD,
                   gettext_lazy("Publish the report"),
                   gettext_lazy("The report is published: everyone can read it."),
                   "report_publish"),
    ]
}  # fmt: skip


class TransitionError(Exception):
    """A step that is not allowed now; `message` says why, `details` what is missing."""

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


def may_act(access: ReportAccess, action: str) -> bool:
    """Does the user hold the role the action needs (whatever the report's state)?"""
    return access.has(TRANSITIONS[action].actor)


def available_actions(access: ReportAccess) -> list[Transition]:
    """The transitions this user can take on the report now."""
    status = access.report.status
    return [t for t in TRANSITIONS.values() if status in t.sources and may_act(access, t.action)]


def publish_missing(report: MonitoringReport) -> list[str]:
    """What publishing still needs, as sentences for the user (empty: nothing)."""
    missing = []
    if report.jmeg_verified_on is None:
        missing.append(
            _("Record the date the joint monitoring and evaluation group (JMEG) verified the report.")
        )
    if report.council_heard_on is None:
        missing.append(_("Record the date the local council heard the report."))
    return missing


def _check(user, report: MonitoringReport, action: str, expected_version) -> None:
    transition = TRANSITIONS[action]
    if not may_act(report_access(user, report), action):
        raise TransitionError(
            _("You cannot do this: “%(action)s” is for another role.") % {"action": transition.label}
        )
    if report.status not in transition.sources:
        raise TransitionError(
            _("The report is now “%(status)s”, so “%(action)s” is no longer possible. Nothing was changed.")
            % {"status": report.get_status_display(), "action": transition.label}
        )
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != report.version:
        raise TransitionError(
            _(
                "The report has changed since you opened the page. Nothing was changed: look at it again "
                "and repeat if needed."
            )
        )


def _move(
    *, report: MonitoringReport, user, action: str, comment: str = "", fields: dict | None = None
) -> ReportStatusChange:
    """The common part of every transition: a conditional UPDATE and a ReportStatusChange."""
    transition = TRANSITIONS[action]
    updated = MonitoringReport.objects.filter(
        pk=report.pk, status=report.status, version=report.version
    ).update(status=transition.target, version=F("version") + 1, updated_at=timezone.now(), **(fields or {}))
    if updated != 1:
        # Someone else changed it between our read and our write.
        current = MonitoringReport.objects.get(pk=report.pk)
        raise TransitionError(
            _("Someone else has just changed this report (it is now “%(status)s”). Nothing was changed.")
            % {"status": current.get_status_display()}
        )
    change = ReportStatusChange.objects.create(
        report=report, from_status=report.status, to_status=transition.target, by=user, comment=comment
    )
    report.refresh_from_db()
    return change


# --- The services ---------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, report: MonitoringReport, user, expected_version) -> ReportStatusChange:
    """The municipality's staff send the report to the coordinators of its donor project."""
    _check(user, report, Action.SUBMIT, expected_version)
    return _move(
        report=report,
        user=user,
        action=Action.SUBMIT,
        fields={"submitted_at": timezone.now(), "submitted_by": user},
    )


@transaction.atomic
def report_request_changes(
    *, report: MonitoringReport, user, expected_version, note: str
) -> ReportStatusChange:
    """A coordinator sends the report back, with a note saying what to change."""
    _check(user, report, Action.REQUEST_CHANGES, expected_version)
    note = (note or "").replace("\x00", "").strip()
    if not note:
        raise TransitionError(_("Write a short note on the changes you request."))
    return _move(report=report, user=user, action=Action.REQUEST_CHANGES, comment=note[:5000])


@transaction.atomic
def report_accept(*, report: MonitoringReport, user, expected_version) -> ReportStatusChange:
    """A coordinator of the municipality's project accepts the report."""
    _check(user, report, Action.ACCEPT, expected_version)
    return _move(
        report=report,
        user=user,
        action=Action.ACCEPT,
        fields={"accepted_at": timezone.now(), "accepted_by": user},
    )


@transaction.atomic
def report_publish(*, report: MonitoringReport, user, expected_version) -> ReportStatusChange:
    """The head makes the accepted report public: needs the JMEG's verification and the council's
    hearing recorded."""
    from monitoring.documents import request_report_pdfs
    from planning.publication.cache import bump_public_generation

    _check(user, report, Action.PUBLISH, expected_version)
    missing = publish_missing(report)
    if missing:
        raise TransitionError(_("The report cannot be published yet:"), details=missing)
    change = _move(
        report=report,
        user=user,
        action=Action.PUBLISH,
        fields={"published_at": timezone.now(), "published_by": user},
    )
    # The report's PDFs (ky, ru): their HTML now, from the published report, the render by the
    # worker after the commit (documents/); a publication that fails leaves no document behind.
    request_report_pdfs(report)
    bump_public_generation()  # in this transaction: the published report and the new generation together
    return change
