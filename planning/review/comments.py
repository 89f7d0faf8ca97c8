"""Review comments: attached to a part of a program, answered by the staff, resolved.

Who may do what is asked from planning.access (which asks accounts): coordinators of the
municipality's projects write comments (and may reopen them); the staff and head answer and resolve
them; both may answer. The views let only the right people through; the services check again.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.access import ProgramAccess, program_access
from planning.models import (
    Activity,
    CommentReply,
    Goal,
    Indicator,
    Objective,
    Priority,
    Program,
    ReviewComment,
    ReviewRound,
    Sector,
)
from planning.review.workflow import COMMENTABLE_STATUSES

P = ReviewComment.Part
MAX_COMMENT_LENGTH = 5000
# The parts that name an object, and where that object lives.
PART_MODELS = {
    P.SECTOR: (Sector, None),
    P.PRIORITY: (Priority, "program"),
    P.GOAL: (Goal, "priority__program"),
    P.OBJECTIVE: (Objective, "goal__priority__program"),
    P.ACTIVITY: (Activity, "objective__goal__priority__program"),
    P.INDICATOR: (Indicator, "objective__goal__priority__program"),
}


class CommentError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def may_comment(access: ProgramAccess) -> bool:
    return access.program.status in COMMENTABLE_STATUSES and access.review


def may_answer(access: ProgramAccess) -> bool:
    return access.participate


def _clean_text(text: str) -> str:
    # NUL characters cannot be stored (PostgreSQL refuses them) and mean nothing in a comment.
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise CommentError(_("The comment is empty."))
    if len(text) > MAX_COMMENT_LENGTH:
        raise CommentError(
            _("The text is too long: at most %(limit)s characters.") % {"limit": MAX_COMMENT_LENGTH}
        )
    return text


def part_label(program: Program, part: str, part_id: int | None) -> str:
    """What a part is called now ("Activity 1.2.1.3: title"), or raise if it is not this program's."""
    from planning.selectors import plan_tree

    if part not in P.values:
        raise CommentError(_("Choose the part of the program the comment is about."))
    if part not in PART_MODELS:
        return str(P(part).label)
    model, path = PART_MODELS[part]
    if part_id is None:
        raise CommentError(_("Choose the part of the program the comment is about."))
    lookup = {"pk": part_id} if path is None else {"pk": part_id, path: program}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise CommentError(_("That part is not in this program any more; reload the page."))
    if part == P.SECTOR:
        return f"{P(part).label}: {obj.name}"
    tree = plan_tree(program, activities=part == P.ACTIVITY, indicators=part == P.INDICATOR)
    items = {
        P.PRIORITY: tree.priorities,
        P.GOAL: tree.goals,
        P.OBJECTIVE: tree.objectives,
        P.ACTIVITY: tree.activities,
        P.INDICATOR: tree.indicators,
    }[part]
    code = next((item.code for item in items if item.pk == obj.pk), "?")
    title = getattr(obj, "title", None) or getattr(obj, "name", "")
    return f"{P(part).label} {code}: {title}"[:300]


@transaction.atomic
def comment_add(*, program: Program, user, part: str, part_id=None, text: str) -> ReviewComment:
    """A reviewer's comment on a part of the program."""
    if not may_comment(program_access(user, program)):
        raise CommentError(
            _("Comments can be added by the project's coordinators while the program is being reviewed.")
        )
    try:
        part_id = int(part_id) if part_id not in (None, "") else None
    except (TypeError, ValueError):
        raise CommentError(_("Choose the part of the program the comment is about.")) from None
    label = part_label(program, part, part_id)
    current_round = (
        ReviewRound.objects.filter(program=program, closed_at__isnull=True).order_by("-number").first()
    )
    return ReviewComment.objects.create(
        program=program,
        round=current_round,
        part=part,
        part_id=part_id if part in PART_MODELS else None,
        part_label=label,
        author=user,
        text=_clean_text(text),
    )


def comment_reply(*, comment: ReviewComment, user, text: str) -> CommentReply:
    if not may_answer(program_access(user, comment.program)):
        raise CommentError(_("You cannot answer comments of this program."))
    return CommentReply.objects.create(comment=comment, author=user, text=_clean_text(text))


def comment_set_resolved(*, comment: ReviewComment, user, resolved: bool) -> None:
    """Staff and head mark a comment resolved; its author (a coordinator) may reopen it."""
    access = program_access(user, comment.program)
    if resolved and not may_answer(access):
        raise CommentError(_("You cannot resolve comments of this program."))
    if not resolved and not access.review:
        raise CommentError(_("Only the project's coordinators can reopen a comment."))
    ReviewComment.objects.filter(pk=comment.pk).update(
        resolved_at=timezone.now() if resolved else None, resolved_by=user if resolved else None
    )


def comments_of(program: Program, condition: Q | None = None) -> QuerySet[ReviewComment]:
    """Comments with their authors and answers, in two queries."""
    queryset = ReviewComment.objects.filter(program=program)
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.select_related("author", "resolved_by", "round").prefetch_related(
        Prefetch("replies", queryset=CommentReply.objects.select_related("author"))
    )


def comments_by_part(comments) -> dict[tuple[str, int | None], list[ReviewComment]]:
    grouped: dict[tuple[str, int | None], list[ReviewComment]] = defaultdict(list)
    for comment in comments:
        grouped[(comment.part, comment.part_id)].append(comment)
    return grouped


def message_tag(comment: ReviewComment) -> str:
    """The tag of a message about this comment, which the page shows beside it."""
    return f"comment-{comment.pk}"


def place_messages(request, comments) -> None:
    """Put the messages about these comments beside them (`comment.flash`): after an answer the
    page opens at the comment, and its "saved" must be there, not at the top out of view. A
    message placed so is not repeated at the top (base.html skips `shown_in_place`)."""
    from django.contrib.messages import get_messages

    by_tag = {}
    for message in get_messages(request):
        for tag in (message.extra_tags or "").split():
            by_tag[tag] = message
    if not by_tag:
        return
    for comment in comments:
        message = by_tag.get(message_tag(comment))
        if message is not None:
            comment.flash = message
            message.shown_in_place = True
