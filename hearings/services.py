"""Operations that change hearings, their attendance, proposals and votes. Views call these.

The workflow's steps are in hearings/workflow.py; everything here checks the hearing's state
(EDITABLE_STATUSES) and, where a person acts, their right, and raises HearingError with a
message for the user when something is not allowed. Nothing is written then.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hearings.access import hearing_access
from hearings.models import (
    Attendance,
    AttendanceByVillage,
    Hearing,
    HearingMaterial,
    PriorityVote,
    Proposal,
    VoteOption,
)
from hearings.workflow import EDITABLE_STATUSES, ONLINE_STATUSES, PROPOSALS_OPEN_STATUSES

MAX_TEXT = 3000
MAX_NAME = 200
# Online proposals from one client address, per hearing, in a window (a village shares a phone
# at times: generous, but a script cannot flood the moderators).
ONLINE_PROPOSALS_PER_WINDOW = 10
ONLINE_WINDOW = timedelta(hours=1)


class HearingError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_text(value: str | None, *, limit: int) -> str:
    """User text as stored: no NUL characters (PostgreSQL refuses them), trimmed, at most `limit`."""
    return (value or "").replace("\x00", "").strip()[:limit]


def ensure_editable(hearing: Hearing) -> None:
    if hearing.status not in EDITABLE_STATUSES:
        raise HearingError(
            _("The hearing is “%(status)s” and cannot be changed now.")
            % {"status": hearing.get_status_display()}
        )


def _ensure_edit(user, hearing: Hearing) -> None:
    if not hearing_access(user, hearing).edit:
        raise HearingError(_("Only the municipality's staff can change its hearings."))
    ensure_editable(hearing)


@transaction.atomic
def hearing_create(*, municipality, user, villages=(), **fields) -> Hearing:
    """A new hearing being prepared (not public until the head announces it)."""
    hearing = Hearing.objects.create(municipality=municipality, **fields)
    if villages:
        hearing.villages.set(villages)
    return hearing


@transaction.atomic
def hearing_save_details(*, hearing: Hearing, user, form) -> Hearing:
    """The hearing's page of details, from its validated form (the version is checked first)."""
    _ensure_edit(user, hearing)
    current = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if current.version != hearing.version:
        raise HearingError(
            _("Someone else has just changed this hearing. Your text is kept below: look and save again.")
        )
    saved = form.save(commit=False)
    saved.version = current.version + 1
    saved._history_user = user
    saved.save()
    form.save_m2m()
    _public_changed(saved)
    return saved


@transaction.atomic
def attendance_save(*, hearing: Hearing, user, form, by_village: dict[int, tuple[int, int]]) -> Attendance:
    """The attendance as counted on paper, and its split by village (village id → women, men)."""
    _ensure_edit(user, hearing)
    attendance = form.save(commit=False)
    attendance.hearing = hearing
    attendance._history_user = user
    attendance.save()
    kept = []
    for village_id, (women, men) in by_village.items():
        if not women and not men:
            continue
        row, _created = AttendanceByVillage.objects.update_or_create(
            hearing=hearing, village_id=village_id, defaults={"women": women, "men": men}
        )
        kept.append(row.pk)
    AttendanceByVillage.objects.filter(hearing=hearing).exclude(pk__in=kept).delete()
    _public_changed(hearing)  # and its final hearing's page, which adds a mini-gathering's figures
    return attendance


def material_add(*, hearing: Hearing, user, title: str, file, content_kind: str) -> HearingMaterial:
    """A file for residents (checked by content before it gets here: hearings.forms)."""
    _ensure_edit(user, hearing)
    material = HearingMaterial.objects.create(
        hearing=hearing,
        title=clean_text(title, limit=200) or file.name,
        file=file,
        content_kind=content_kind,
        size=file.size or 0,
        uploaded_by=user,
    )
    _public_changed(hearing)
    return material


def material_remove(*, material: HearingMaterial, user) -> None:
    _ensure_edit(user, material.hearing)
    name = material.file.name
    storage = material.file.storage
    material.delete()
    transaction.on_commit(lambda: storage.delete(name), robust=True)
    _public_changed(material.hearing)


# --- Proposals --------------------------------------------------------------------------------


def online_window_open(hearing: Hearing, *, now=None) -> bool:
    """Residents may send proposals online now: the hearing is announced and within its window."""
    now = now or timezone.now()
    if hearing.status not in ONLINE_STATUSES:
        return False
    if hearing.proposals_open_from and now < hearing.proposals_open_from:
        return False
    until = hearing.proposals_open_until or hearing.starts_at
    return now <= until


def _next_number(hearing: Hearing) -> int:
    last = Proposal.objects.filter(hearing=hearing).aggregate(n=Max("number"))["n"] or 0
    return last + 1


def _create_numbered(hearing: Hearing, **fields) -> Proposal:
    """Numbers are per hearing, in the order received; two at once retry with the next number."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Proposal.objects.create(hearing=hearing, number=_next_number(hearing), **fields)
        except IntegrityError:
            continue
    raise HearingError(_("Too many proposals arrived at once; please send yours again."))


def _rate_key(hearing: Hearing, client: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{client}".encode()).hexdigest()[:24]
    return f"hearings:proposals:{hearing.pk}:{digest}"


def proposal_submit_online(
    *,
    hearing: Hearing,
    text: str,
    author_name: str = "",
    name_may_be_published: bool = False,
    village=None,
    gender: str = "",
    age_group: str = "",
    contact: str = "",
    client: str,
) -> Proposal:
    """A resident's proposal from the public form: waits for moderation before it is public.

    `client` is the visitor's address (only a keyed hash of it is kept, in the cache, to limit
    how many proposals one address sends an hour)."""
    if not online_window_open(hearing):
        raise HearingError(_("Proposals for this hearing are not accepted online now."))
    text = clean_text(text, limit=MAX_TEXT + 1)
    if len(text) < 5:
        raise HearingError(_("Write your proposal: a few words at least."), field="text")
    if len(text) > MAX_TEXT:
        raise HearingError(
            _("The proposal is too long: at most %(limit)s characters.") % {"limit": MAX_TEXT}, field="text"
        )
    if village is not None and village.municipality_id != hearing.municipality_id:
        raise HearingError(_("Choose a village of this municipality."), field="village")
    key = _rate_key(hearing, client)
    try:
        cache.add(key, 0, timeout=int(ONLINE_WINDOW.total_seconds()))
        sent = cache.incr(key)
    except Exception:  # noqa: BLE001 - no cache: the limit fails open, moderation still stands
        sent = 0
    if sent > ONLINE_PROPOSALS_PER_WINDOW:
        raise HearingError(
            _("Many proposals were sent from your connection in the last hour. Please try again later.")
        )
    return _create_numbered(
        hearing,
        source=Proposal.Source.ONLINE,
        text=text,
        author_name=clean_text(author_name, limit=MAX_NAME),
        name_may_be_published=bool(name_may_be_published and author_name.strip()),
        village=village,
        gender=gender or "",
        age_group=age_group or "",
        contact=clean_text(contact, limit=200),
    )


def proposal_enter(*, hearing: Hearing, user, source: str, text: str, **fields) -> Proposal:
    """Staff enter a proposal from a paper form, spoken at the hearing, or from a mini-gathering.

    Entered by the municipality's own staff, it is published at once (they moderate as they type)."""
    _ensure_edit(user, hearing)
    if hearing.status not in PROPOSALS_OPEN_STATUSES:
        raise HearingError(_("Proposals cannot be added to this hearing any more."))
    if source == Proposal.Source.ONLINE:
        raise HearingError(_("Online proposals come from the public form."))
    text = clean_text(text, limit=MAX_TEXT)
    if not text:
        raise HearingError(_("Write the proposal's text."), field="text")
    if source == Proposal.Source.PAPER and not clean_text(fields.get("paper_form_number"), limit=20):
        raise HearingError(_("Enter the number printed on the paper form."), field="paper_form_number")
    gathering = fields.pop("from_gathering", None)
    if source == Proposal.Source.MINI_GATHERING and (
        gathering is None or gathering.final_hearing_id != hearing.pk
    ):
        raise HearingError(_("Choose the mini-gathering the proposal comes from."), field="from_gathering")
    now = timezone.now()
    proposal = _create_numbered(
        hearing,
        source=source,
        text=text,
        from_gathering=gathering,
        paper_form_number=clean_text(fields.get("paper_form_number"), limit=20),
        author_name=clean_text(fields.get("author_name"), limit=MAX_NAME),
        name_may_be_published=bool(fields.get("name_may_be_published")),
        village=fields.get("village"),
        gender=fields.get("gender") or "",
        age_group=fields.get("age_group") or "",
        contact=clean_text(fields.get("contact"), limit=200),
        entered_by=user,
        moderation=Proposal.Moderation.PUBLISHED,
        moderated_by=user,
        moderated_at=now,
    )
    _public_changed(hearing)  # published at once
    return proposal


def proposal_moderate(*, proposal: Proposal, user, publish: bool, reason: str = "") -> Proposal:
    """Publish a proposal, or hide it with a reason (spam, offensive, off topic, personal data)."""
    _ensure_edit(user, proposal.hearing)
    if not publish and reason not in Proposal.HiddenReason.values:
        raise HearingError(_("Choose why the proposal is hidden."), field="hidden_reason")
    Proposal.objects.filter(pk=proposal.pk).update(
        moderation=Proposal.Moderation.PUBLISHED if publish else Proposal.Moderation.HIDDEN,
        hidden_reason="" if publish else reason,
        moderated_by=user,
        moderated_at=timezone.now(),
    )
    proposal.refresh_from_db()
    _public_changed(proposal.hearing)
    return proposal


def proposal_answer(
    *, proposal: Proposal, user, disposition: str, answer: str = "", merged_into=None, referred_to: str = ""
) -> Proposal:
    """The municipality's disposition of a proposal and its answer to the resident."""
    _ensure_edit(user, proposal.hearing)
    D = Proposal.Disposition
    if proposal.moderation != Proposal.Moderation.PUBLISHED:
        raise HearingError(_("Publish the proposal before answering it."))
    if disposition not in D.values or disposition == D.NONE:
        raise HearingError(_("Choose what became of the proposal."), field="disposition")
    answer = clean_text(answer, limit=MAX_TEXT)
    if disposition in (D.REJECTED, D.PARTLY_ACCEPTED) and not answer:
        raise HearingError(_("Explain the decision to the resident: an answer is required."), field="answer")
    if disposition == D.MERGED:
        if (
            merged_into is None
            or merged_into.hearing_id != proposal.hearing_id
            or merged_into.pk == proposal.pk
        ):
            raise HearingError(
                _("Choose the proposal of this hearing it is merged with."), field="merged_into"
            )
    else:
        merged_into = None
    referred_to = clean_text(referred_to, limit=300)
    if disposition == D.OUTSIDE_COMPETENCE and not referred_to:
        raise HearingError(_("Say to whom the proposal was referred."), field="referred_to")
    Proposal.objects.filter(pk=proposal.pk).update(
        disposition=disposition,
        answer=answer,
        merged_into=merged_into,
        referred_to=referred_to if disposition == D.OUTSIDE_COMPETENCE else "",
        answered_by=user,
        answered_at=timezone.now(),
    )
    proposal.refresh_from_db()
    _public_changed(proposal.hearing)
    return proposal


def _plan_part_of(program, part: str, part_id):
    """The object of the program that a proposal is linked to, or None if it is not the program's."""
    from planning.models import Activity, Goal, Indicator, Objective, Priority

    paths = {
        Proposal.PlanPart.PRIORITY: (Priority, "program"),
        Proposal.PlanPart.GOAL: (Goal, "priority__program"),
        Proposal.PlanPart.OBJECTIVE: (Objective, "goal__priority__program"),
        Proposal.PlanPart.ACTIVITY: (Activity, "objective__goal__priority__program"),
        Proposal.PlanPart.INDICATOR: (Indicator, "objective__goal__priority__program"),
    }
    if part not in paths:
        return None
    model, path = paths[part]
    try:
        return model.objects.filter(pk=int(part_id), **{path: program}).first()
    except (TypeError, ValueError):
        return None


def proposal_link(*, proposal: Proposal, user, part: str, part_id) -> Proposal:
    """Trace the proposal into the plan: the part of the hearing's program it changed (or unlink)."""
    _ensure_edit(user, proposal.hearing)
    program = proposal.hearing.program
    if not part:
        Proposal.objects.filter(pk=proposal.pk).update(plan_part="", plan_part_id=None)
    else:
        if program is None:
            raise HearingError(_("This hearing is not about a development program."))
        if _plan_part_of(program, part, part_id) is None:
            raise HearingError(
                _("That part is not in the hearing's program; reload the page."), field="plan_part"
            )
        Proposal.objects.filter(pk=proposal.pk).update(plan_part=part, plan_part_id=int(part_id))
    proposal.refresh_from_db()
    _public_changed(proposal.hearing)
    return proposal


@transaction.atomic
def proposal_make_activity(*, proposal: Proposal, user, objective, title: str = "") -> Proposal:
    """Turn an accepted proposal into a new activity of the hearing's program, if it is still
    editable; the activity remembers where it came from (proposal.created_activity)."""
    from planning.access import program_access
    from planning.authoring.locking import touch_parts
    from planning.models import Activity, Objective, Sector

    _ensure_edit(user, proposal.hearing)
    program = proposal.hearing.program
    if program is None or not program_access(user, program).writable:
        raise HearingError(
            _("The hearing's program cannot be changed now, so no activity can be added to it.")
        )
    if proposal.created_activity_id:
        raise HearingError(_("An activity has already been made of this proposal."))
    if proposal.disposition not in (Proposal.Disposition.ACCEPTED, Proposal.Disposition.PARTLY_ACCEPTED):
        raise HearingError(_("Only an accepted proposal becomes an activity."))
    if not isinstance(objective, Objective) or objective.goal.priority.program_id != program.pk:
        raise HearingError(_("Choose an objective of the hearing's program."), field="objective")
    last = Activity.objects.filter(objective=objective).aggregate(n=Max("order"))["n"] or 0
    activity = Activity(
        objective=objective,
        order=last + 1,
        title=clean_text(title, limit=500) or clean_text(proposal.text, limit=500),
        sector=Sector.objects.filter(is_active=True).order_by("order").first(),
        responsible=_("Aiyl okmotu"),
        start_year=program.start_year,
        end_year=program.start_year,
        village=proposal.village,
    )
    activity._history_user = user
    activity.save()
    Proposal.objects.filter(pk=proposal.pk).update(
        created_activity=activity, plan_part=Proposal.PlanPart.ACTIVITY, plan_part_id=activity.pk
    )
    # A page of that direction opened before now would overwrite the new row: its lock moves on.
    touch_parts(program, f"action_plan:{objective.goal.priority_id}", user)
    proposal.refresh_from_db()
    _public_changed(proposal.hearing)
    return proposal


# --- Priority votes ---------------------------------------------------------------------------


@transaction.atomic
def vote_save(
    *, hearing: Hearing, user, tool: str, question: str, options: list[dict], vote=None
) -> PriorityVote:
    """A priority vote and its options (label, votes of women and men, a linked direction)."""
    _ensure_edit(user, hearing)
    question = clean_text(question, limit=300)
    if not question:
        raise HearingError(_("Write what residents voted on."), field="question")
    if tool not in PriorityVote.Tool.values:
        raise HearingError(_("Choose how residents voted."), field="tool")
    rows = [o for o in options if clean_text(o.get("label"), limit=300)]
    if len(rows) < 2:
        raise HearingError(_("A vote needs at least two options."), field="options")
    program = hearing.program
    if vote is None:
        order = (hearing.votes.aggregate(n=Max("order"))["n"] or 0) + 1
        vote = PriorityVote.objects.create(hearing=hearing, tool=tool, question=question, order=order)
    else:
        PriorityVote.objects.filter(pk=vote.pk).update(tool=tool, question=question)
        vote.options.all().delete()
    VoteOption.objects.bulk_create(
        VoteOption(
            vote=vote,
            label=clean_text(row["label"], limit=300),
            votes_women=int(row.get("votes_women") or 0),
            votes_men=int(row.get("votes_men") or 0),
            priority=row.get("priority")
            if program and row.get("priority") and row["priority"].program_id == program.pk
            else None,
            order=index,
        )
        for index, row in enumerate(rows, start=1)
    )
    _public_changed(hearing)
    return vote


def _public_changed(hearing: Hearing) -> None:
    """Answers and moderation of a public hearing change its public page (and the plan's)."""
    from hearings.workflow import PUBLIC_STATUSES
    from planning.publication.cache import bump_public_generation

    if hearing.status in PUBLIC_STATUSES:
        bump_public_generation()
