"""The workflow of a program, declared in one place, and the services that move it.

```
draft --submit--> submitted --request changes--> changes_requested --submit--> submitted
submitted --endorse--> endorsed --record council approval--> approved --publish--> published
published --new version--> a new draft that supersedes it (the old one becomes superseded
                           when the new one is published)
```

Each transition is one service: it checks who may take it and from which states, moves the
status with one conditional UPDATE (so two people acting at once cannot both succeed), writes a
StatusChange in the same transaction, and leaves the side effects (e-mails, PDFs) to after the
commit. A transition that is not allowed raises TransitionError with a message for the user, and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions
from documents.uploads import delete_after_commit
from planning.access import ProgramAccess, program_access
from planning.models import Notification, Program, ReviewComment, ReviewRound, StatusChange
from planning.publication.cache import bump_public_generation
from planning.publication.document_kinds import PUBLISHED_LANGUAGES, request_plan_pdfs

S = Program.Status


class Action:
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    ENDORSE = "endorse"
    RECORD_APPROVAL = "record_approval"
    PUBLISH = "publish"
    NEW_VERSION = "new_version"


class Actor:
    """Who takes a transition: each is a `need` of planning.access.program_for_user."""

    SUBMITTER = "submit"  # the head, or staff when the head allows it
    REVIEWER = "review"  # a coordinator of one of the municipality's projects
    HEAD = "head"  # the head of the aiyl okmotu


class Asks:
    """What the button of a transition asks for besides a click."""

    NOTHING = "nothing"
    NOTE = "note"  # an optional note (submit, endorse)
    SUMMARY = "summary"  # a required summary (request changes)
    PAGE = "page"  # a page of its own (the council's decision: number, date, scan)


# --- The states -----------------------------------------------------------------------------

# Staff change the content only here; everything else is frozen (Program.is_editable).
EDITABLE_STATUSES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
# Coordinators comment while the program is prepared or reviewed, not once it is endorsed.
COMMENTABLE_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED})
# What the public may read: published programs and the older versions they replaced
# (planning.selectors.public_programs starts from these).
PUBLIC_STATUSES = (S.PUBLISHED, S.SUPERSEDED)
# Publishing a new version supersedes the published one it replaces (no button: a consequence).
SUPERSESSION = (S.PUBLISHED, S.SUPERSEDED)


# --- The transitions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the program keeps its status (a new version is a new program)
    actor: str
    label: str
    done: str  # the message after success
    service: str  # the name of the service function below
    asks: str = Asks.NOTHING
    notify: tuple[str, ...] = ()  # "team" (staff and head), "reviewers" (the coordinators)
    notification: str | None = None  # Notification.Kind of what they are told
    # What the confirmation page says will happen; empty: the step needs no confirmation.
    # A step that asks for confirmation acts only on a POST that carries `confirm`, which only its
    # confirmation page sends (planning/review/views.py: transition).
    consequence: str = ""

    @property
    def confirm(self) -> bool:
        return bool(self.consequence)

    def run(self, **kwargs):
        """Call this transition's service (keyword arguments as the service takes them)."""
        return globals()[self.service](**kwargs)

    @property
    def source_labels(self) -> list[str]:
        return [str(S(status).label) for status in sorted(self.sources)]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(Action.SUBMIT, frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, Actor.SUBMITTER,
                   gettext_lazy("Submit for review"),
                   gettext_lazy("The program is submitted for review. The coordinators are notified."),
                   "program_submit", Asks.NOTE, ("reviewers",), Notification.Kind.SUBMITTED),
        Transition(Action.REQUEST_CHANGES, frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED, Actor.REVIEWER,
                   gettext_lazy("Request changes"),
                   gettext_lazy("Changes are requested. The municipality's staff are notified."),
                   "program_request_changes", Asks.SUMMARY, ("team",), Notification.Kind.CHANGES_REQUESTED,
                   gettext_lazy("The review round closes and the program goes back to the municipality: its staff can change it again and submit it anew. They are notified by e-mail with your summary.")),
        Transition(Action.ENDORSE, frozenset({S.SUBMITTED}), S.ENDORSED, Actor.REVIEWER,
                   gettext_lazy("Endorse"),
                   gettext_lazy("The program is endorsed. The municipality's staff are notified."),
                   "program_endorse", Asks.NOTE, ("team",), Notification.Kind.ENDORSED,
                   gettext_lazy("The review round closes and the program is frozen: nobody can change its content any more. The head then records the local council's approval. The municipality's staff are notified by e-mail.")),
        Transition(Action.RECORD_APPROVAL, frozenset({S.ENDORSED}), S.APPROVED, Actor.HEAD,
                   gettext_lazy("Record the council's approval"),
                   gettext_lazy("The council's approval is recorded. The program is now frozen."),
                   "program_record_approval", Asks.PAGE),
        Transition(Action.PUBLISH, frozenset({S.APPROVED}), S.PUBLISHED, Actor.HEAD,
                   gettext_lazy("Publish"),
                   gettext_lazy("The program is published."),
                   "program_publish", Asks.NOTHING, ("team", "reviewers"), Notification.Kind.PUBLISHED,
                   gettext_lazy("Everyone can read the program on the portal, and its PDF is made in every language. A version it replaces is marked as replaced. The staff and the coordinators are notified by e-mail. A published program cannot be unpublished.")),
        Transition(Action.NEW_VERSION, frozenset({S.PUBLISHED}), None, Actor.HEAD,
                   gettext_lazy("Start a new version"),
                   gettext_lazy("A new version is started as a draft."),
                   "program_new_version", Asks.NOTHING,
                   consequence=gettext_lazy("A new draft is made, a copy of this program that its staff can change. The published program stays public until the new version is published in its place.")),
    ]
}  # fmt: skip


# Who takes the next step in each state: the review screen opens with it.
WHO_ACTS: dict[str, str] = {
    S.DRAFT: gettext_lazy(
        "The municipality is preparing the program. The head (or the staff, when the head allows it) "
        "submits it for review."
    ),
    S.SUBMITTED: gettext_lazy(
        "The project's coordinators review the program: they endorse it or request changes."
    ),
    S.CHANGES_REQUESTED: gettext_lazy(
        "The municipality's staff make the requested changes, answer the comments and submit the "
        "program again."
    ),
    S.ENDORSED: gettext_lazy("The program is endorsed. The head records the local council's approval."),
    S.APPROVED: gettext_lazy("The local council has approved the program. The head publishes it."),
    S.PUBLISHED: gettext_lazy("The program is published. The head can start a new version."),
    S.SUPERSEDED: gettext_lazy("This version has been replaced by a newer one."),
}


# Why a program's content cannot change in each frozen state, and who can do what instead: the
# workspace's pages say it above the content they then show read-only.
FROZEN_REASONS: dict[str, str] = {
    S.SUBMITTED: gettext_lazy(
        "This program is submitted for review, so it cannot be changed now. The project's coordinators "
        "can request changes; then the municipality's staff can change it again."
    ),
    S.ENDORSED: gettext_lazy(
        "This program is endorsed, so it cannot be changed any more. The head records the local "
        "council's approval."
    ),
    S.APPROVED: gettext_lazy(
        "This program is approved by the local council, so it cannot be changed any more. The head can "
        "publish it."
    ),
    S.PUBLISHED: gettext_lazy(
        "This plan is published, so it cannot be changed. The head can start a new version."
    ),
    S.SUPERSEDED: gettext_lazy("This version has been replaced by a newer one and cannot be changed."),
}
# The step that follows a frozen state, offered next to the reason to those who may take it.
FROZEN_NEXT_STEP = {
    S.ENDORSED: Action.RECORD_APPROVAL,
    S.APPROVED: Action.PUBLISH,
    S.PUBLISHED: Action.NEW_VERSION,
}


def frozen_reason(access: ProgramAccess) -> str:
    """Why this user cannot change the program's content now ("" when they can)."""
    if access.writable:
        return ""
    if access.program.status in FROZEN_REASONS:
        return str(FROZEN_REASONS[access.program.status])
    return _("You can read this program; only its municipality's staff can change it.")


def frozen_next_step(access: ProgramAccess) -> Transition | None:
    """The step this user can take on a frozen program (the head publishes…), or None."""
    action = FROZEN_NEXT_STEP.get(access.program.status)
    if action is None or not may_act(access, action):
        return None
    return TRANSITIONS[action]


class TransitionError(Exception):
    """A transition that is not allowed now; `message` says why, in the user's language."""

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


def may_act(access: ProgramAccess, action: str) -> bool:
    """Does the user hold the role the action needs (whatever the program's state)?"""
    return access.has(TRANSITIONS[action].actor)


def available_actions(access: ProgramAccess) -> list[Transition]:
    """The transitions this user can take on the program now."""
    status = access.program.status
    return [t for t in TRANSITIONS.values() if status in t.sources and may_act(access, t.action)]


def _check(user, program: Program, action: str, expected_version) -> None:
    transition = TRANSITIONS[action]
    if not may_act(program_access(user, program), action):
        raise TransitionError(
            _("You cannot do this: “%(action)s” is for another role.") % {"action": transition.label}
        )
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if program.status not in transition.sources:
        raise TransitionError(
            _("The program is now “%(status)s”, so “%(action)s” is no longer possible. Nothing was changed.")
            % {"status": program.get_status_display(), "action": transition.label}
        )
    if expected != program.version:
        raise TransitionError(
            _(
                "The program has changed since you opened the page. Nothing was changed: look at it again and repeat if needed."
            )
        )


def _move(
    *, program: Program, user, action: str, expected_version, comment: str = "", fields: dict | None = None
):
    """The common part of every transition: a conditional UPDATE and a StatusChange."""
    transition = TRANSITIONS[action]
    _check(user, program, action, expected_version)
    fields = fields or {}
    updated = Program.objects.filter(pk=program.pk, status=program.status, version=program.version).update(
        status=transition.target, version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        # Someone else moved it between our read and our write.
        current = Program.objects.get(pk=program.pk)
        raise TransitionError(
            _("Someone else has just changed this program (it is now “%(status)s”). Nothing was changed.")
            % {"status": current.get_status_display()}
        )
    change = StatusChange.objects.create(
        program=program, from_status=program.status, to_status=transition.target, by=user, comment=comment
    )
    program.refresh_from_db()
    return change


def _notify(*, program: Program, action: str, actor, comment: str = "") -> list[Notification]:
    """Create the notifications of a step; their e-mails go out after the commit."""
    transition = TRANSITIONS[action]
    if not transition.notify:
        return []
    recipients = {}
    for group in transition.notify:
        users = (
            permissions.reviewers_of(program.municipality_id)
            if group == "reviewers"
            else permissions.team_of(program.municipality_id)
        )
        for user in users:
            recipients[user.pk] = user
    recipients.pop(getattr(actor, "pk", None), None)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user, program=program, kind=transition.notification, actor=actor, comment=comment
        )
        for user in recipients.values()
    )
    ids = [n.pk for n in notifications]
    if ids:
        from planning.tasks import enqueue_notification_emails

        transaction.on_commit(lambda: enqueue_notification_emails(ids), robust=True)
    return notifications


# --- The services ---------------------------------------------------------------------------


@transaction.atomic
def program_submit(*, program: Program, user, expected_version, comment: str = "") -> StatusChange:
    """Send the program for review: needs the completeness checklist green."""
    from planning.authoring.checklist import program_checklist
    from planning.review.snapshot import program_snapshot

    _check(user, program, Action.SUBMIT, expected_version)
    checklist = program_checklist(program)
    if not checklist.complete:
        raise TransitionError(
            _("The program cannot be submitted yet. Complete these steps first:"),
            details=[f"{step.title}: {' '.join(step.missing)}" for step in checklist.steps if not step.done],
        )
    change = _move(
        program=program, user=user, action=Action.SUBMIT, expected_version=expected_version, comment=comment
    )
    number = (program.review_rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    ReviewRound.objects.create(
        program=program, number=number, submitted_by=user, snapshot=program_snapshot(program)
    )
    _notify(program=program, action=Action.SUBMIT, actor=user, comment=comment)
    return change


def _close_round(program: Program, user, outcome: str, summary: str) -> None:
    ReviewRound.objects.filter(program=program, closed_at__isnull=True).update(
        outcome=outcome, summary=summary, closed_at=timezone.now(), closed_by=user
    )


@transaction.atomic
def program_request_changes(*, program: Program, user, expected_version, summary: str) -> StatusChange:
    """A coordinator sends the program back, with a summary of what to change."""
    if not (summary or "").strip():
        raise TransitionError(_("Write a short summary of the changes you request."))
    change = _move(
        program=program,
        user=user,
        action=Action.REQUEST_CHANGES,
        expected_version=expected_version,
        comment=summary,
    )
    _close_round(program, user, ReviewRound.Outcome.CHANGES_REQUESTED, summary)
    _notify(program=program, action=Action.REQUEST_CHANGES, actor=user, comment=summary)
    return change


@transaction.atomic
def program_endorse(*, program: Program, user, expected_version, comment: str = "") -> StatusChange:
    """A coordinator endorses the program; it can go to the local council."""
    change = _move(
        program=program, user=user, action=Action.ENDORSE, expected_version=expected_version, comment=comment
    )
    _close_round(program, user, ReviewRound.Outcome.ENDORSED, comment)
    _notify(program=program, action=Action.ENDORSE, actor=user, comment=comment)
    return change


@transaction.atomic
def program_record_approval(
    *, program: Program, user, expected_version, number: str, decided_on: date, scan=None
) -> StatusChange:
    """The head records the local council's decision; the approved program is frozen."""
    from planning.publication.pdf import document_date  # the date as the plan's PDF writes it

    number = (number or "").strip()
    if not number or decided_on is None:
        raise TransitionError(_("Enter the number and the date of the council's decision."))
    if decided_on > timezone.localdate():
        raise TransitionError(_("The council's decision cannot be dated in the future."))
    change = _move(
        program=program,
        user=user,
        action=Action.RECORD_APPROVAL,
        expected_version=expected_version,
        # The date as the documents write it (ky "2019-жылдын 20-декабрындагы"), not ISO: the
        # comment is read on the timeline and in the history.
        comment=_("Council decision No. %(number)s of %(date)s")
        % {"number": number, "date": document_date(decided_on)},
        fields={"council_decision_number": number, "council_decision_date": decided_on},
    )
    if scan is not None:
        replaced = program.council_decision_file.name
        program.council_decision_file.save(scan.name, scan, save=False)
        program.save(update_fields=["council_decision_file"])
        if replaced and replaced != program.council_decision_file.name:
            # The replaced scan goes after the commit; a failed approval keeps it.
            delete_after_commit(
                program.council_decision_file.storage,
                replaced,
                still_used=lambda: Program.objects.filter(council_decision_file=replaced).exists(),
            )
    # The approved plan's PDF, rendered after the commit (documents/).
    request_plan_pdfs(program, languages=("ky",))
    return change


@transaction.atomic
def program_publish(*, program: Program, user, expected_version) -> StatusChange:
    """Make the approved program public; the version it replaces becomes superseded."""
    change = _move(
        program=program,
        user=user,
        action=Action.PUBLISH,
        expected_version=expected_version,
        fields={"published_at": timezone.now()},
    )
    previous = program.supersedes
    replaced, replaced_by = SUPERSESSION
    if previous is not None and previous.status == replaced:
        Program.objects.filter(pk=previous.pk).update(status=replaced_by, version=F("version") + 1)
        StatusChange.objects.create(
            program=previous,
            from_status=replaced,
            to_status=replaced_by,
            by=user,
            comment=_("Replaced by a new version."),
        )
    _notify(program=program, action=Action.PUBLISH, actor=user)
    request_plan_pdfs(program, languages=PUBLISHED_LANGUAGES)
    bump_public_generation()  # in this transaction: the new plan and the new generation together
    return change


@transaction.atomic
def program_new_version(*, program: Program, user, expected_version) -> Program:
    """Start a new draft that copies the published program and will replace it when published."""
    from planning.authoring.copying import program_copy

    _check(user, program, Action.NEW_VERSION, expected_version)
    if Program.objects.filter(supersedes=program).exists():
        raise TransitionError(_("A new version of this program has already been started."))
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.version != program.version:
        raise TransitionError(_("Someone else has just changed this program. Nothing was changed."))
    successor = program_copy(program, user=user)
    StatusChange.objects.create(
        program=successor,
        from_status="",
        to_status=S.DRAFT,
        by=user,
        comment=_("New version of the program published on %(date)s.")
        % {
            "date": formats.date_format(timezone.localdate(program.published_at))
            if program.published_at
            else "—"
        },
    )
    return successor


def program_set_staff_may_submit(*, program: Program, user, allowed: bool) -> bool:
    """The head lets the specialists submit the program, or takes it back; the change is kept in
    the program's history with who made it. Returns whether anything changed."""
    if not program_access(user, program).head:
        raise TransitionError(_("Only the head of the aiyl okmotu decides who submits the program."))
    if program.staff_may_submit == allowed:
        return False
    program.staff_may_submit = allowed
    program._history_user = user  # django-simple-history: who made this change
    program.save(update_fields=["staff_may_submit", "updated_at"])
    return True


def open_comment_count(program: Program) -> int:
    return ReviewComment.objects.filter(program=program, resolved_at__isnull=True).count()
