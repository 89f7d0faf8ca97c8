"""The workflow of a hearing, declared in one table, and the services that move it.

```
draft --announce--> announced --record held--> held --close--> closed
announced --postpone (new date, reason)--> postponed --announce--> announced
announced, postponed --cancel (reason)--> cancelled
```

Each transition is one service: it checks who may take it and from which states, the rules of
the step (announcing needs the notice HEARING_NOTICE_DAYS days before the date and something for
residents to read; closing needs the attendance, the minutes and a disposition for every
proposal), moves the status with one conditional UPDATE, writes a HearingStatusChange, and
notifies after the commit. A refused step raises TransitionError with the reasons and changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions
from hearings.access import HearingAccess, hearing_access
from hearings.models import Hearing, HearingNotification, HearingStatusChange, Proposal

S = Hearing.Status


class Action:
    ANNOUNCE = "announce"
    POSTPONE = "postpone"
    CANCEL = "cancel"
    RECORD_HELD = "record_held"
    CLOSE = "close"


class Asks:
    NOTHING = "nothing"
    NEW_DATE = "new_date"  # a new date and time, and a reason (postpone)
    REASON = "reason"  # a reason (cancel)


# --- The states -----------------------------------------------------------------------------

# Staff change the hearing's details, materials, attendance and proposals only here.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.ANNOUNCED, S.POSTPONED, S.HELD})
# What the public may see (a cancelled or postponed hearing is news for residents too).
PUBLIC_STATUSES = (S.ANNOUNCED, S.POSTPONED, S.CANCELLED, S.HELD, S.CLOSED)
# Where proposals may still be entered (paper forms, spoken ones, moderation, answers).
PROPOSALS_OPEN_STATUSES = frozenset({S.ANNOUNCED, S.POSTPONED, S.HELD})
# Where residents may send proposals online (and only within the hearing's window).
ONLINE_STATUSES = frozenset({S.ANNOUNCED, S.POSTPONED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actor: str  # a need of hearings.access
    label: str
    done: str
    service: str
    asks: str = Asks.NOTHING
    notify: tuple[str, ...] = ("reviewers", "team")
    notification: str | None = None

    def run(self, **kwargs):
        return globals()[self.service](**kwargs)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(Action.ANNOUNCE, frozenset({S.DRAFT, S.POSTPONED}), S.ANNOUNCED, "head",
                   gettext_lazy("Announce the hearing"),
                   gettext_lazy("The hearing is announced: its notice is public and residents may send proposals."),
                   "hearing_announce", notification=HearingNotification.Kind.ANNOUNCED),
        Transition(Action.POSTPONE, frozenset({S.ANNOUNCED}), S.POSTPONED, "head",
                   gettext_lazy("Postpone"),
                   gettext_lazy("The hearing is postponed; its page shows the new date and the reason."),
                   "hearing_postpone", Asks.NEW_DATE, notification=HearingNotification.Kind.POSTPONED),
        Transition(Action.CANCEL, frozenset({S.ANNOUNCED, S.POSTPONED}), S.CANCELLED, "head",
                   gettext_lazy("Cancel"),
                   gettext_lazy("The hearing is cancelled; its page says so, with the reason."),
                   "hearing_cancel", Asks.REASON, notification=HearingNotification.Kind.CANCELLED),
        Transition(Action.RECORD_HELD, frozenset({S.ANNOUNCED}), S.HELD, "edit",
                   gettext_lazy("Record that the hearing was held"),
                   gettext_lazy("The hearing is recorded as held. Enter the attendance, the minutes and the answers."),
                   "hearing_record_held", notification=HearingNotification.Kind.HELD),
        Transition(Action.CLOSE, frozenset({S.HELD}), S.CLOSED, "head",
                   gettext_lazy("Close the hearing and sign the protocol"),
                   gettext_lazy("The hearing is closed; its protocol and the answers are public."),
                   "hearing_close", notification=HearingNotification.Kind.CLOSED),
    ]
}  # fmt: skip


class TransitionError(Exception):
    """A step that is not allowed now; `message` says why, `details` what is missing."""

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


def notice_days() -> int:
    return settings.HEARING_NOTICE_DAYS


def may_act(access: HearingAccess, action: str) -> bool:
    return access.has(TRANSITIONS[action].actor)


def available_actions(access: HearingAccess) -> list[Transition]:
    status = access.hearing.status
    return [t for t in TRANSITIONS.values() if status in t.sources and may_act(access, t.action)]


@dataclass
class Readiness:
    """What a step still needs, as sentences for the user."""

    missing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing


def _date(value) -> str:
    return formats.date_format(
        timezone.localtime(value) if isinstance(value, datetime) else value, "DATE_FORMAT"
    )


def announce_readiness(hearing: Hearing, *, today=None) -> Readiness:
    """What announcing needs: a date far enough ahead for the notice, something to read, the
    program for an SEDP draft, a window for proposals that ends no later than the hearing."""
    readiness = Readiness()
    today = today or timezone.localdate()
    days = notice_days()
    posted = hearing.notice_posted_on or today
    hearing_day = timezone.localtime(hearing.starts_at).date()
    if hearing_day <= today:
        readiness.missing.append(_("The date of the hearing has passed: choose a date ahead."))
    elif (hearing_day - posted).days < days:
        readiness.missing.append(
            _(
                "The notice must be posted at least %(days)s days before the hearing: with the notice on "
                "%(posted)s, the hearing can be on %(earliest)s at the earliest."
            )
            % {"days": days, "posted": _date(posted), "earliest": _date(posted + timedelta(days=days))}
        )
    if not hearing.summary.strip() and not hearing.materials.exists():
        readiness.missing.append(
            _("Residents need something to read before they come: write the summary or attach the materials.")
        )
    if hearing.kind == Hearing.Kind.SEDP_DRAFT and hearing.program_id is None:
        readiness.missing.append(_("Choose the development program the hearing is about."))
    if hearing.kind in (Hearing.Kind.BUDGET_DRAFT, Hearing.Kind.BUDGET_EXECUTION) and not hearing.budget_year:
        readiness.missing.append(_("Enter the budget year the hearing is about."))
    if hearing.is_mini_gathering and hearing.final_hearing_id is None:
        readiness.missing.append(_("Choose the final hearing this mini-gathering rolls up into."))
    if hearing.proposals_open_until and hearing.proposals_open_until > hearing.starts_at + timedelta(days=30):
        readiness.missing.append(_("Proposals cannot be accepted for more than 30 days after the hearing."))
    return readiness


def close_readiness(hearing: Hearing) -> Readiness:
    """What closing needs: the attendance, the minutes, and an answered disposition for every
    proposal (nothing left waiting for moderation)."""
    from hearings.models import Attendance

    readiness = Readiness()
    if not Attendance.objects.filter(hearing=hearing).exists():
        readiness.missing.append(_("Enter the attendance: how many women and men came."))
    if not hearing.minutes.strip():
        readiness.missing.append(_("Write the minutes: what was discussed and decided."))
    proposals = Proposal.objects.filter(hearing=hearing)
    pending = proposals.filter(moderation=Proposal.Moderation.PENDING).count()
    if pending:
        readiness.missing.append(
            _("%(count)s proposal(s) are waiting for moderation: publish or hide each.") % {"count": pending}
        )
    unanswered = list(
        proposals.filter(moderation=Proposal.Moderation.PUBLISHED, disposition="")
        .order_by("number")
        .values_list("number", flat=True)
    )
    if unanswered:
        readiness.missing.append(
            _("Give a disposition to every proposal; not yet: %(numbers)s.")
            % {"numbers": ", ".join(f"№{n}" for n in unanswered[:30]) + ("…" if len(unanswered) > 30 else "")}
        )
    return readiness


def _check(user, hearing: Hearing, action: str, expected_version) -> None:
    transition = TRANSITIONS[action]
    if not may_act(hearing_access(user, hearing), action):
        raise TransitionError(
            _("You cannot do this: “%(action)s” is for another role.") % {"action": transition.label}
        )
    if hearing.status not in transition.sources:
        raise TransitionError(
            _("The hearing is now “%(status)s”, so “%(action)s” is no longer possible. Nothing was changed.")
            % {"status": hearing.get_status_display(), "action": transition.label}
        )
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != hearing.version:
        raise TransitionError(
            _(
                "The hearing has changed since you opened the page. Nothing was changed: look at it again "
                "and repeat if needed."
            )
        )


def _move(*, hearing: Hearing, user, action: str, comment: str = "", fields: dict | None = None):
    transition = TRANSITIONS[action]
    updated = Hearing.objects.filter(pk=hearing.pk, status=hearing.status, version=hearing.version).update(
        status=transition.target, version=F("version") + 1, updated_at=timezone.now(), **(fields or {})
    )
    if updated != 1:
        current = Hearing.objects.get(pk=hearing.pk)
        raise TransitionError(
            _("Someone else has just changed this hearing (it is now “%(status)s”). Nothing was changed.")
            % {"status": current.get_status_display()}
        )
    change = HearingStatusChange.objects.create(
        hearing=hearing, from_status=hearing.status, to_status=transition.target, by=user, comment=comment
    )
    hearing.refresh_from_db()
    _notify(hearing=hearing, transition=transition, actor=user, comment=comment)
    return change


def _notify(*, hearing: Hearing, transition: Transition, actor, comment: str = "") -> None:
    if not transition.notify or transition.notification is None:
        return
    recipients = {}
    for group in transition.notify:
        users = (
            permissions.reviewers_of(hearing.municipality_id)
            if group == "reviewers"
            else permissions.team_of(hearing.municipality_id)
        )
        recipients.update({user.pk: user for user in users})
    recipients.pop(getattr(actor, "pk", None), None)
    notifications = HearingNotification.objects.bulk_create(
        HearingNotification(
            recipient=user, hearing=hearing, kind=transition.notification, actor=actor, comment=comment
        )
        for user in recipients.values()
    )
    ids = [n.pk for n in notifications]
    if ids:
        from hearings.tasks import enqueue_notification_emails

        transaction.on_commit(lambda: enqueue_notification_emails(ids), robust=True)


# --- The services ---------------------------------------------------------------------------


@transaction.atomic
def hearing_announce(*, hearing: Hearing, user, expected_version) -> HearingStatusChange:
    """Make the hearing public: its notice, materials and (while open) the proposal form."""
    _check(user, hearing, Action.ANNOUNCE, expected_version)
    readiness = announce_readiness(hearing)
    if not readiness.ready:
        raise TransitionError(_("The hearing cannot be announced yet:"), details=readiness.missing)
    now = timezone.now()
    fields = {"status_reason": ""}
    if hearing.notice_posted_on is None:
        fields["notice_posted_on"] = timezone.localdate()
    if hearing.proposals_open_from is None:
        fields["proposals_open_from"] = now
    if hearing.proposals_open_until is None:
        fields["proposals_open_until"] = hearing.starts_at
    change = _move(hearing=hearing, user=user, action=Action.ANNOUNCE, fields=fields)
    from hearings.documents import request_announcement_documents

    request_announcement_documents(hearing)
    _bump_public()
    return change


@transaction.atomic
def hearing_postpone(
    *, hearing: Hearing, user, expected_version, new_start, reason: str
) -> HearingStatusChange:
    """Move the hearing to a new date; residents see the new date and why."""
    _check(user, hearing, Action.POSTPONE, expected_version)
    reason = (reason or "").replace("\x00", "").strip()
    problems = []
    if not reason:
        problems.append(_("Say why the hearing is postponed: residents will read it."))
    if new_start is None or new_start <= timezone.now():
        problems.append(_("Choose the new date and time of the hearing, ahead of today."))
    if problems:
        raise TransitionError(_("The hearing cannot be postponed yet:"), details=problems)
    fields = {"starts_at": new_start, "status_reason": reason[:2000]}
    if hearing.proposals_open_until and hearing.proposals_open_until < new_start:
        fields["proposals_open_until"] = new_start
    change = _move(
        hearing=hearing,
        user=user,
        action=Action.POSTPONE,
        comment=_("New date: %(date)s. %(reason)s") % {"date": _date(new_start), "reason": reason[:2000]},
        fields=fields,
    )
    _bump_public()
    return change


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, user, expected_version, reason: str) -> HearingStatusChange:
    _check(user, hearing, Action.CANCEL, expected_version)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise TransitionError(_("Say why the hearing is cancelled: residents will read it."))
    change = _move(
        hearing=hearing,
        user=user,
        action=Action.CANCEL,
        comment=reason[:2000],
        fields={"status_reason": reason[:2000]},
    )
    _bump_public()
    return change


@transaction.atomic
def hearing_record_held(*, hearing: Hearing, user, expected_version) -> HearingStatusChange:
    """The hearing took place: from now on staff enter what happened on paper."""
    _check(user, hearing, Action.RECORD_HELD, expected_version)
    if hearing.starts_at > timezone.now():
        raise TransitionError(
            _("The hearing is set for %(date)s: it can be recorded as held from then on.")
            % {"date": _date(hearing.starts_at)}
        )
    change = _move(hearing=hearing, user=user, action=Action.RECORD_HELD)
    _bump_public()
    return change


@transaction.atomic
def hearing_close(*, hearing: Hearing, user, expected_version) -> HearingStatusChange:
    """The head signs the protocol: attendance, minutes and every disposition are complete."""
    _check(user, hearing, Action.CLOSE, expected_version)
    readiness = close_readiness(hearing)
    if not readiness.ready:
        raise TransitionError(_("The hearing cannot be closed yet:"), details=readiness.missing)
    change = _move(hearing=hearing, user=user, action=Action.CLOSE)
    from hearings.documents import request_protocol_documents

    request_protocol_documents(hearing)
    _bump_public()
    return change


def _bump_public() -> None:
    """What the public sees changed: the public pages' generation moves on after the commit."""
    from planning.publication.cache import bump_public_generation

    bump_public_generation()
