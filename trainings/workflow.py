"""The workflow of a training, declared in one table, and the services that move it.

```
planned --open registration--> registration_open --mark held--> held --report--> reported
planned --mark held--> held            (an event recorded afterwards, e.g. known only by totals)
planned, registration_open --cancel (reason)--> cancelled
```

Each transition is one service: it checks who may take it (trainings.access: managers of the
training's project) and from which states, the rules of the step (held: the first day has come;
reported: someone was recorded, by name or by tallies), moves the status with one conditional
UPDATE, and writes a TrainingStatusChange. A refused step raises TransitionError with the
reasons and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trainings.access import TrainingAccess, training_access
from trainings.models import Training, TrainingStatusChange

S = Training.Status


class Action:
    OPEN_REGISTRATION = "open_registration"
    MARK_HELD = "mark_held"
    REPORT = "report"
    CANCEL = "cancel"


class Asks:
    NOTHING = "nothing"
    REASON = "reason"  # a reason (cancel)


# --- The states -----------------------------------------------------------------------------

# The training's details, sessions, participants and tallies change only here.
EDITABLE_STATUSES = frozenset({S.PLANNED, S.REGISTRATION_OPEN, S.HELD})
# Attendance is ticked on the day and after it.
ATTENDANCE_STATUSES = frozenset({S.REGISTRATION_OPEN, S.HELD})
# Certificates are issued once the training was held.
CERTIFICATE_STATUSES = frozenset({S.HELD, S.REPORTED})
# What the statistics count, and what the public sees: trainings that took place.
COUNTED_STATUSES = (S.HELD, S.REPORTED)
PUBLIC_STATUSES = COUNTED_STATUSES


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actor: str  # a need of trainings.access
    label: str
    done: str
    service: str
    asks: str = Asks.NOTHING

    def run(self, **kwargs):
        return globals()[self.service](**kwargs)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(Action.OPEN_REGISTRATION, frozenset({S.PLANNED}), S.REGISTRATION_OPEN, "manage",
                   gettext_lazy("Open registration"),
                   gettext_lazy("Registration is open: participants can be registered."),
                   "training_open_registration"),
        Transition(Action.MARK_HELD, frozenset({S.PLANNED, S.REGISTRATION_OPEN}), S.HELD, "manage",
                   gettext_lazy("Record that the training was held"),
                   gettext_lazy("The training is recorded as held. Enter the attendance and issue the certificates."),
                   "training_mark_held"),
        Transition(Action.REPORT, frozenset({S.HELD}), S.REPORTED, "manage",
                   gettext_lazy("Report the training"),
                   gettext_lazy("The training is reported; its figures are final."),
                   "training_report"),
        Transition(Action.CANCEL, frozenset({S.PLANNED, S.REGISTRATION_OPEN}), S.CANCELLED, "manage",
                   gettext_lazy("Cancel"),
                   gettext_lazy("The training is cancelled, with the reason."),
                   "training_cancel", Asks.REASON),
    ]
}  # fmt: skip


class TransitionError(Exception):
    """A step that is not allowed now; `message` says why, `details` what is missing."""

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


def may_act(access: TrainingAccess, action: str) -> bool:
    return access.has(TRANSITIONS[action].actor)


def available_actions(access: TrainingAccess) -> list[Transition]:
    status = access.training.status
    return [t for t in TRANSITIONS.values() if status in t.sources and may_act(access, t.action)]


@dataclass
class Readiness:
    """What a step still needs, as sentences for the user."""

    missing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing


def held_readiness(training: Training, *, today=None) -> Readiness:
    readiness = Readiness()
    today = today or timezone.localdate()
    if training.first_day > today:
        readiness.missing.append(
            _("The training starts on %(date)s: it can be recorded as held from then on.")
            % {"date": formats.date_format(training.first_day, "DATE_FORMAT")}
        )
    return readiness


def report_readiness(training: Training) -> Readiness:
    """Reporting needs somebody recorded: named participants or tallies."""
    readiness = Readiness()
    if not training.participations.exists() and not training.tallies.exists():
        readiness.missing.append(
            _("Register the participants, or enter the totals (tallies) of an event known only by them.")
        )
    return readiness


def _check(user, training: Training, action: str, expected_version) -> None:
    transition = TRANSITIONS[action]
    if not may_act(training_access(user, training), action):
        raise TransitionError(
            _("You cannot do this: “%(action)s” is for the coordinators of the training's project.")
            % {"action": transition.label}
        )
    if training.status not in transition.sources:
        raise TransitionError(
            _("The training is now “%(status)s”, so “%(action)s” is no longer possible. Nothing was changed.")
            % {"status": training.get_status_display(), "action": transition.label}
        )
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != training.version:
        raise TransitionError(
            _(
                "The training has changed since you opened the page. Nothing was changed: look at it again "
                "and repeat if needed."
            )
        )


def _move(*, training: Training, user, action: str, note: str = "", fields: dict | None = None):
    transition = TRANSITIONS[action]
    updated = Training.objects.filter(
        pk=training.pk, status=training.status, version=training.version
    ).update(status=transition.target, version=F("version") + 1, updated_at=timezone.now(), **(fields or {}))
    if updated != 1:
        current = Training.objects.get(pk=training.pk)
        raise TransitionError(
            _("Someone else has just changed this training (it is now “%(status)s”). Nothing was changed.")
            % {"status": current.get_status_display()}
        )
    change = TrainingStatusChange.objects.create(
        training=training, from_status=training.status, to_status=transition.target, by=user, note=note
    )
    training.refresh_from_db()
    return change


# --- The services ---------------------------------------------------------------------------


@transaction.atomic
def training_open_registration(*, training: Training, user, expected_version) -> TrainingStatusChange:
    """Participants may now be registered."""
    _check(user, training, Action.OPEN_REGISTRATION, expected_version)
    return _move(training=training, user=user, action=Action.OPEN_REGISTRATION)


@transaction.atomic
def training_mark_held(*, training: Training, user, expected_version) -> TrainingStatusChange:
    """The training took place: from now on attendance and certificates."""
    _check(user, training, Action.MARK_HELD, expected_version)
    readiness = held_readiness(training)
    if not readiness.ready:
        raise TransitionError(_("The training cannot be recorded as held yet:"), details=readiness.missing)
    return _move(training=training, user=user, action=Action.MARK_HELD)


@transaction.atomic
def training_report(*, training: Training, user, expected_version) -> TrainingStatusChange:
    """The training's figures are final (its report is made from them)."""
    _check(user, training, Action.REPORT, expected_version)
    readiness = report_readiness(training)
    if not readiness.ready:
        raise TransitionError(_("The training cannot be reported yet:"), details=readiness.missing)
    return _move(training=training, user=user, action=Action.REPORT)


@transaction.atomic
def training_cancel(*, training: Training, user, expected_version, reason: str) -> TrainingStatusChange:
    _check(user, training, Action.CANCEL, expected_version)
    reason = (reason or "").replace("\x00", "").strip()[:2000]
    if not reason:
        raise TransitionError(_("Say why the training is cancelled."))
    return _move(
        training=training, user=user, action=Action.CANCEL, note=reason, fields={"cancel_reason": reason}
    )
