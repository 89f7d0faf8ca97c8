"""Review and approval: the review screen, comments, the workflow's buttons, the council's
decision and the timeline of a program. (A person's notifications, of plans and hearings alike,
are a page of config: config/notifications.py.)"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents.uploads import MAX_SCAN_BYTES, clean_scan, scan_response, upload_limit
from planning.access import Need, program_for_user
from planning.authoring.checklist import STEPS
from planning.authoring.forms import DateInput
from planning.models import Program, ReviewComment, ReviewRound, StatusChange
from planning.presentation import plan_context
from planning.review import comments as comment_service
from planning.review import workflow

P = ReviewComment.Part


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_safe
def review(request, pk: int):
    """The program part by part, with the comments on each part and the reviewer's decision."""
    program = program_for_user(request.user, pk)
    plan = plan_context(program, audience="review")
    tree = plan.tree
    all_comments = list(comment_service.comments_of(program))
    grouped = comment_service.comments_by_part(all_comments)
    for key, items in _commentable(plan):
        for item in items:
            item.comment_list = grouped.get((key, item.pk), [])
    for priority in tree.priorities:
        priority.comment_choices = [
            (f"priority:{priority.pk}", f"{P.PRIORITY.label} {priority.code}: {priority.title}")
        ] + [(f"goal:{goal.pk}", f"{P.GOAL.label} {goal.code}: {goal.title}") for goal in priority.goal_list]
    for objective in tree.objectives:
        objective.comment_choices = (
            [(f"objective:{objective.pk}", f"{P.OBJECTIVE.label} {objective.code}: {objective.title}")]
            + [
                (f"activity:{a.pk}", f"{P.ACTIVITY.label} {a.code}: {a.title}")
                for a in objective.activity_list
            ]
            + [
                (f"indicator:{i.pk}", f"{P.INDICATOR.label} {i.code}: {i.name}")
                for i in objective.indicator_list
            ]
        )
    # The comments whose part is not on the screen any more (a removed activity…) are shown with
    # the program's general ones, so that every comment in the list of open ones has its place.
    shown = {(key, item.pk) for key, items in _commentable(plan) for item in items}
    shown |= {(key, None) for key in PAGE_PARTS}
    general = [c for c in all_comments if (c.part, c.part_id) not in shown]
    comment_service.place_messages(request, all_comments)
    rounds = list(program.review_rounds.select_related("submitted_by", "closed_by"))
    changes = None
    if len(rounds) >= 2:
        from planning.review.snapshot import snapshot_diff

        changes = snapshot_diff(rounds[-2].snapshot, rounds[-1].snapshot)
    may_comment = comment_service.may_comment(program.access)
    actions = workflow.available_actions(program.access)
    return render(
        request,
        "planning/review/review.html",
        {
            "program": program,
            "step": "review",
            "steps": STEPS,
            "plan": plan,
            "general_comments": general,
            "part_comments": {
                key: grouped.get((key, None), [])
                for key in (P.WORKING_GROUP, P.CHARACTERISTICS, P.SWOT, P.VISION)
            },
            "open_comments": [c for c in all_comments if c.is_open],
            "open_count": sum(1 for c in all_comments if c.is_open),
            "rounds": rounds,
            "current_round": rounds[-1] if rounds and rounds[-1].closed_at is None else None,
            "last_request": _last_request(program, rounds),
            "changes": changes,
            "may_comment": may_comment,
            "may_answer": comment_service.may_answer(program.access),
            "access": program.access,
            "actions": [a for a in actions if a.action in REVIEW_SCREEN_ACTIONS],
            "other_actions": [a for a in actions if a.action not in REVIEW_SCREEN_ACTIONS],
            "who_acts": workflow.WHO_ACTS.get(program.status, ""),
            "Part": P,
        },
    )


# The parts with a section of their own on the review screen, and no object behind them.
PAGE_PARTS = (P.WORKING_GROUP, P.CHARACTERISTICS, P.SWOT, P.VISION)
# The review screen's own decisions; the others are buttons of the overview.
REVIEW_SCREEN_ACTIONS = (workflow.Action.REQUEST_CHANGES, workflow.Action.ENDORSE)


def _commentable(plan):
    """The review screen's parts that are objects, each kind with its comment key."""
    tree = plan.tree
    return (
        (P.PRIORITY, tree.priorities),
        (P.GOAL, tree.goals),
        (P.OBJECTIVE, tree.objectives),
        (P.ACTIVITY, tree.activities),
        (P.INDICATOR, tree.indicators),
        (P.SECTOR, plan.sectors),
    )


def _last_request(program, rounds: list[ReviewRound]) -> ReviewRound | None:
    """The round that asked for the changes being made now (its summary is the coordinator's
    message), when the program is in "changes requested"."""
    if program.status != workflow.S.CHANGES_REQUESTED:
        return None
    closed = [r for r in rounds if r.outcome == ReviewRound.Outcome.CHANGES_REQUESTED]
    return closed[-1] if closed else None


# --- Comments ------------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request, pk: int):
    program = program_for_user(request.user, pk, need="review")
    back = _back(request, reverse("planning:review", args=[program.pk]))
    part, part_id = request.POST.get("part", ""), request.POST.get("part_id")
    if "part_choice" in request.POST:  # "activity:12" from a select of several parts
        part, _sep, part_id = request.POST["part_choice"].partition(":")
    try:
        comment = comment_service.comment_add(
            program=program, user=request.user, part=part, part_id=part_id, text=request.POST.get("text", "")
        )
    except comment_service.CommentError as error:
        messages.error(request, error.message)
        # Keep what was typed: it comes back in the message, as the form is on another page.
        if request.POST.get("text", "").strip():
            messages.info(request, _("Your text: %(text)s") % {"text": request.POST["text"][:2000]})
        return redirect(back)
    # Back where the reviewer was, at the new comment, with the message beside it.
    _say_at(request, comment, _("The comment is added."))
    return redirect(_at(back, comment))


def _at(url: str, comment: ReviewComment) -> str:
    """The page the person came from, scrolled to the comment."""
    return f"{url.partition('#')[0]}#comment-{comment.pk}"


def _say_at(request, comment: ReviewComment, text: str, level: int = messages.SUCCESS) -> None:
    """A message the page shows beside the comment (comment_service.place_messages), not only at
    the top, out of view."""
    messages.add_message(request, level, text, extra_tags=comment_service.message_tag(comment))


def _comment_of(request, pk: int, comment_id: int, *, need: Need) -> ReviewComment:
    program = program_for_user(request.user, pk, need=need)
    comment = get_object_or_404(
        ReviewComment.objects.select_related("program"), pk=comment_id, program=program
    )
    return comment


@login_required
@require_POST
def comment_reply(request, pk: int, comment_id: int):
    comment = _comment_of(request, pk, comment_id, need="participate")
    try:
        comment_service.comment_reply(comment=comment, user=request.user, text=request.POST.get("text", ""))
        if request.POST.get("resolve"):
            comment_service.comment_set_resolved(comment=comment, user=request.user, resolved=True)
    except comment_service.CommentError as error:
        _say_at(request, comment, error.message, messages.ERROR)
    else:
        _say_at(request, comment, _("Your answer is saved."))
    return redirect(_at(_back(request, reverse("planning:review", args=[pk])), comment))


@login_required
@require_POST
def comment_resolve(request, pk: int, comment_id: int):
    resolved = request.POST.get("resolved", "1") == "1"
    # Staff and head resolve; reopening is for the coordinators who wrote it.
    comment = _comment_of(request, pk, comment_id, need="participate" if resolved else "review")
    try:
        comment_service.comment_set_resolved(comment=comment, user=request.user, resolved=resolved)
    except comment_service.CommentError as error:
        _say_at(request, comment, error.message, messages.ERROR)
    else:
        _say_at(
            request,
            comment,
            _("The comment is marked resolved.") if resolved else _("The comment is open again."),
        )
    return redirect(_at(_back(request, reverse("planning:review", args=[pk])), comment))


# --- The workflow's buttons ---------------------------------------------------------------


def _confirmation(request, program, step: workflow.Transition, *, text: str, version, back: str):
    """The page that says what a step will do, with the one button that takes it (`confirm`)."""
    successor = None
    if step.action == workflow.Action.NEW_VERSION:  # only one new version at a time
        successor = Program.objects.filter(supersedes=program).first()
    return render(
        request,
        "planning/review/confirm.html",
        {
            "program": program,
            "step": "review" if step.actor == workflow.Actor.REVIEWER else "overview",
            "steps": STEPS,
            "page_title": step.label,
            "transition": step,
            "text": text,
            "version": version,
            "back": back,
            "possible_now": program.status in step.sources and successor is None,
            "successor": successor,
            "asks_note": step.asks == workflow.Asks.NOTE,
            "asks_summary": step.asks == workflow.Asks.SUMMARY,
            "open_comments": workflow.open_comment_count(program),
        },
    )


@login_required
@require_safe
def transition_confirm(request, pk: int, action: str):
    """Publish, start a new version, endorse or request changes: what will happen, and a button.

    Works without JavaScript; the button posts to `transition` with `confirm`, the only way to
    take these steps."""
    step = workflow.TRANSITIONS.get(action)
    if step is None or not step.confirm:
        raise Http404
    program = program_for_user(request.user, pk, need=step.actor)
    text = request.GET.get("comment", "").replace("\x00", "")[:5000]
    back = _back(request, reverse("planning:overview", args=[program.pk]))
    return _confirmation(request, program, step, text=text, version=program.version, back=back)


@login_required
@require_POST
def transition(request, pk: int, action: str):
    """Submit, request changes, endorse, publish or start a new version (one POST each).

    The workflow table (planning/review/workflow.py) says who may take the step, what its button
    asks for and what to say after it. A step that asks for confirmation acts only on a POST from
    its confirmation page (`confirm=1`); any other POST shows that page, with what was typed."""
    step = workflow.TRANSITIONS.get(action)
    if step is None or step.asks == workflow.Asks.PAGE:
        raise Http404
    program = program_for_user(request.user, pk, need=step.actor)
    back = _back(request, reverse("planning:overview", args=[program.pk]))
    text = request.POST.get("comment", "").replace("\x00", "")[:5000]
    if step.confirm and request.POST.get("confirm") != "1":
        version = request.POST.get("version") or program.version
        return _confirmation(request, program, step, text=text, version=version, back=back)
    extra = {workflow.Asks.NOTE: {"comment": text}, workflow.Asks.SUMMARY: {"summary": text}}
    try:
        result = step.run(
            program=program,
            user=request.user,
            expected_version=request.POST.get("version"),
            **extra.get(step.asks, {}),
        )
    except workflow.TransitionError as error:
        messages.error(request, error.message)
        for detail in error.details:
            messages.warning(request, detail)
        return redirect(back)
    messages.success(request, step.done)
    if step.target is None:  # a new version: a new program to go to
        return redirect("planning:overview", result.pk)
    return redirect(back)


class ApprovalForm(django_forms.Form):
    number = django_forms.CharField(label=gettext_lazy("Decision number"), max_length=50)
    decided_on = django_forms.DateField(label=gettext_lazy("Date of the decision"), widget=DateInput())
    scan = django_forms.FileField(
        label=gettext_lazy("Signed decision (scan)"),
        required=False,
        help_text=gettext_lazy("Optional. PDF, JPEG or PNG, up to 10 MB."),
    )

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            # A PDF is stored without its scripts and embedded files.
            scan = clean_scan(scan, stem="decision")
        return scan


@upload_limit(MAX_SCAN_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def approval(request, pk: int):
    """The head records the local council's decision that approves the endorsed program."""
    step = workflow.TRANSITIONS[workflow.Action.RECORD_APPROVAL]
    program = program_for_user(request.user, pk, need=step.actor)
    form = ApprovalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.program_record_approval(
                program=program,
                user=request.user,
                expected_version=request.POST.get("version"),
                number=form.cleaned_data["number"],
                decided_on=form.cleaned_data["decided_on"],
                scan=form.cleaned_data.get("scan"),
            )
        except workflow.TransitionError as error:
            form.add_error(None, ValidationError(error.message))
        else:
            messages.success(request, step.done)
            return redirect("planning:overview", program.pk)
    return render(
        request,
        "planning/review/approval.html",
        {
            "program": program,
            "step": "overview",
            "steps": STEPS,
            "form": form,
            "possible_now": program.status in step.sources,
            "possible_from": step.source_labels,
        },
    )


@login_required
@require_safe
def decision_file(request, pk: int):
    """The scanned council decision, for those who may read the program (published: public later)."""
    program = program_for_user(request.user, pk)
    if not program.council_decision_file:
        raise Http404
    return scan_response(program.council_decision_file)


@login_required
@require_POST
def staff_may_submit(request, pk: int):
    """The head lets the specialists submit the program (or takes it back)."""
    program = program_for_user(request.user, pk, need="head")
    allowed = request.POST.get("allowed") == "1"
    workflow.program_set_staff_may_submit(program=program, user=request.user, allowed=allowed)
    messages.success(
        request,
        _("Specialists may now submit the program.")
        if allowed
        else _("Only the head submits the program now."),
    )
    return redirect("planning:overview", program.pk)


@login_required
@require_safe
def timeline(request, pk: int):
    program = program_for_user(request.user, pk)
    changes = StatusChange.objects.filter(program=program).select_related("by").order_by("-at", "-id")
    rounds = (
        ReviewRound.objects.filter(program=program)
        .select_related("submitted_by", "closed_by")
        .order_by("-number")
    )
    return render(
        request,
        "planning/review/timeline.html",
        {"program": program, "step": "timeline", "steps": STEPS, "changes": changes, "rounds": rounds},
    )
