"""Proposals and priority votes in the workspace: staff enter paper, spoken and mini-gathering
proposals, moderate the online ones, answer each with a disposition, trace them into the plan
(a link to a part of the hearing's program, or a new activity), and enter the votes.

As everywhere in the workspace: hearings.access first, writes through hearings.services, a
refusal comes back as a message with what was typed kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hearings import services
from hearings.access import hearing_for_user
from hearings.models import Hearing, PriorityVote, Proposal
from hearings.selectors import plan_links, votes_of
from hearings.workflow import PROPOSALS_OPEN_STATUSES
from hearings.workspace import forms
from hearings.workspace.views import back_to, disable, hearing_context, proposal_counts, read_only_reason
from planning.access import program_access
from planning.selectors import plan_tree

M = Proposal.Moderation
D = Proposal.Disposition
PER_PAGE = 50

# The lists of the proposals page: what each shows.
SHOWS = {
    "all": (gettext_lazy("All"), {}),
    "pending": (gettext_lazy("Waiting for moderation"), {"moderation": M.PENDING}),
    "unanswered": (gettext_lazy("Without an answer"), {"moderation": M.PUBLISHED, "disposition": D.NONE}),
    "answered": (gettext_lazy("Answered"), {"moderation": M.PUBLISHED, "disposition__gt": ""}),
    "hidden": (gettext_lazy("Hidden"), {"moderation": M.HIDDEN}),
}


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _proposals(hearing: Hearing):
    return (
        Proposal.objects.filter(hearing=hearing).select_related("village", "merged_into").order_by("number")
    )


def _with_hearing(proposals, hearing: Hearing) -> list[Proposal]:
    rows = list(proposals)
    for proposal in rows:
        proposal.hearing = hearing  # known already: no query per row
    return rows


def _proposal_of(hearing: Hearing, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("village", "merged_into", "from_gathering", "created_activity"),
        pk=proposal_id,
        hearing=hearing,
    )
    proposal.hearing = hearing
    return proposal


@login_required
@require_safe
def proposal_list(request, pk: int):
    """Every proposal of the hearing, 50 a page, by what is left to do with them."""
    hearing = hearing_for_user(request.user, pk)
    show = request.GET.get("show", "all")
    if show not in SHOWS:
        show = "all"
    page = _page(request, _proposals(hearing).filter(**SHOWS[show][1]))
    rows = _with_hearing(page.object_list, hearing)
    links = plan_links(rows) if hearing.program_id else {}
    for proposal in rows:
        proposal.plan_link = links.get(proposal.pk)
    return render(
        request,
        "hearings/workspace/proposals.html",
        hearing_context(
            hearing,
            "proposals",
            page=page,
            proposals=rows,
            show=show,
            shows=[(key, label) for key, (label, _filter) in SHOWS.items()],
            counts=proposal_counts(hearing),
            may_enter=hearing.access.writable and hearing.status in PROPOSALS_OPEN_STATUSES,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_enter(request, pk: int):
    """A proposal from a paper form (with its number), spoken at the hearing, or from a
    mini-gathering; entered by staff, it is published at once."""
    hearing = hearing_for_user(request.user, pk, need="edit")
    form = forms.ProposalEntryForm(request.POST or None, hearing=hearing)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                proposal = services.proposal_enter(
                    hearing=hearing,
                    user=request.user,
                    source=data.pop("source"),
                    text=data.pop("text"),
                    **data,
                )
            except services.HearingError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, ValidationError(error.message))
            else:
                messages.success(
                    request, _("Proposal No. %(number)s is entered.") % {"number": proposal.number}
                )
                if request.POST.get("another"):
                    return redirect("hearings_ws:proposal_enter", hearing.pk)
                return redirect("hearings_ws:proposal", hearing.pk, proposal.pk)
        messages.error(request, _("Nothing was saved: please correct the errors marked below."))
    open_now = hearing.access.writable and hearing.status in PROPOSALS_OPEN_STATUSES
    if not open_now:
        disable(form)
    return render(
        request,
        "hearings/workspace/proposal_enter.html",
        hearing_context(
            hearing,
            "proposals",
            form=form,
            open_now=open_now,
            read_only_reason=None
            if open_now
            else (
                read_only_reason(hearing)
                if not hearing.access.writable
                else _("Proposals cannot be added to this hearing any more.")
            ),
        ),
    )


@login_required
@require_safe
def moderation(request, pk: int):
    """The queue of proposals sent online and waiting for moderation, oldest first."""
    hearing = hearing_for_user(request.user, pk)
    page = _page(request, _proposals(hearing).filter(moderation=M.PENDING))
    return render(
        request,
        "hearings/workspace/moderation.html",
        hearing_context(
            hearing,
            "moderation",
            page=page,
            proposals=_with_hearing(page.object_list, hearing),
            counts=proposal_counts(hearing),
            hide_form=forms.HideForm(),
        ),
    )


@login_required
@require_POST
def proposal_moderate(request, pk: int, proposal_id: int):
    """Publish a proposal, or hide it with a reason."""
    hearing = hearing_for_user(request.user, pk, need="edit")
    proposal = _proposal_of(hearing, proposal_id)
    publish = request.POST.get("decision") == "publish"
    try:
        services.proposal_moderate(
            proposal=proposal,
            user=request.user,
            publish=publish,
            reason=request.POST.get("hidden_reason", ""),
        )
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            (
                _("Proposal No. %(number)s is published.")
                if publish
                else _("Proposal No. %(number)s is hidden.")
            )
            % {"number": proposal.number},
        )
    return redirect(back_to(request, reverse("hearings_ws:moderation", args=[hearing.pk])))


def _program_writable(request, hearing: Hearing) -> bool:
    return bool(hearing.program_id) and program_access(request.user, hearing.program).writable


def _render_proposal(
    request, hearing, proposal, *, answer_form=None, link_form=None, activity_form=None, status=200
):
    tree = plan_tree(hearing.program, activities=True, indicators=True) if hearing.program_id else None
    writable = hearing.access.writable
    if answer_form is None:
        answer_form = forms.AnswerForm(
            initial={
                "disposition": proposal.disposition,
                "answer": proposal.answer,
                "merged_into_number": proposal.merged_into.number if proposal.merged_into else None,
                "referred_to": proposal.referred_to,
            }
        )
    if tree is not None and link_form is None:
        initial = f"{proposal.plan_part}:{proposal.plan_part_id}" if proposal.plan_part else ""
        link_form = forms.LinkForm(initial={"part": initial}, tree=tree)
    may_make_activity = (
        writable
        and tree is not None
        and not proposal.created_activity_id
        and proposal.disposition in (D.ACCEPTED, D.PARTLY_ACCEPTED)
        and _program_writable(request, hearing)
    )
    if may_make_activity and activity_form is None:
        activity_form = forms.MakeActivityForm(tree=tree)
    if not writable:
        disable(answer_form)
        if link_form is not None:
            disable(link_form)
    links = plan_links([proposal]) if proposal.plan_part else {}
    return render(
        request,
        "hearings/workspace/proposal.html",
        hearing_context(
            hearing,
            "proposals",
            proposal=proposal,
            answer_form=answer_form,
            link_form=link_form,
            activity_form=activity_form if may_make_activity else None,
            plan_link=links.get(proposal.pk),
            hide_form=forms.HideForm(),
            show_contact=hearing.access.edit,
            read_only_reason=None if writable else read_only_reason(hearing),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk: int, proposal_id: int):
    """One proposal: its text and who sent it, its moderation, its answer and its trace in the plan."""
    hearing = hearing_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    proposal = _proposal_of(hearing, proposal_id)
    if request.method == "GET":
        return _render_proposal(request, hearing, proposal)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        number = data.get("merged_into_number")
        merged_into = Proposal.objects.filter(hearing=hearing, number=number).first() if number else None
        try:
            services.proposal_answer(
                proposal=proposal,
                user=request.user,
                disposition=data["disposition"],
                answer=data["answer"],
                merged_into=merged_into,
                referred_to=data["referred_to"],
            )
        except services.HearingError as error:
            field = {"merged_into": "merged_into_number"}.get(error.field, error.field)
            form.add_error(field if field in form.fields else None, ValidationError(error.message))
        else:
            messages.success(request, _("The answer is saved."))
            return redirect("hearings_ws:proposal", hearing.pk, proposal.pk)
    messages.error(request, _("Nothing was saved: please correct the errors marked below."))
    return _render_proposal(request, hearing, proposal, answer_form=form)


@login_required
@require_POST
def proposal_link(request, pk: int, proposal_id: int):
    """Link the proposal to a part of the hearing's program (or unlink it)."""
    hearing = hearing_for_user(request.user, pk, need="edit")
    proposal = _proposal_of(hearing, proposal_id)
    part, _sep, part_id = request.POST.get("part", "").partition(":")
    try:
        services.proposal_link(proposal=proposal, user=request.user, part=part, part_id=part_id)
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The proposal is linked to the plan.") if part else _("The proposal is no longer linked."),
        )
    return redirect("hearings_ws:proposal", hearing.pk, proposal.pk)


@login_required
@require_POST
def proposal_make_activity(request, pk: int, proposal_id: int):
    """Turn an accepted proposal into a new activity of an objective of the hearing's program."""
    hearing = hearing_for_user(request.user, pk, need="edit")
    proposal = _proposal_of(hearing, proposal_id)
    if hearing.program_id is None:
        messages.error(request, _("This hearing is not about a development program."))
        return redirect("hearings_ws:proposal", hearing.pk, proposal.pk)
    tree = plan_tree(hearing.program, activities=False)
    form = forms.MakeActivityForm(request.POST, tree=tree)
    if not form.is_valid():
        messages.error(request, _("Choose an objective of the hearing's program."))
        return redirect("hearings_ws:proposal", hearing.pk, proposal.pk)
    try:
        services.proposal_make_activity(
            proposal=proposal,
            user=request.user,
            objective=form.cleaned_data["objective"],
            title=form.cleaned_data["title"],
        )
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The activity is added to the program's action plan."))
    return redirect("hearings_ws:proposal", hearing.pk, proposal.pk)


# --- Priority votes -------------------------------------------------------------------------


def _priorities(hearing: Hearing):
    return plan_tree(hearing.program, activities=False).priorities if hearing.program_id else []


def _vote_forms(hearing: Hearing, data=None, vote: PriorityVote | None = None):
    priorities = _priorities(hearing)
    if vote is None:
        initial_vote, options = None, [{}] * 6
    else:
        initial_vote = {"tool": vote.tool, "question": vote.question}
        options = [
            {
                "label": o.label,
                "votes_women": o.votes_women,
                "votes_men": o.votes_men,
                "priority": o.priority_id,
            }
            for o in vote.options.all()
        ]
        options += [{}] * 2
    if data is not None:
        return (
            forms.VoteForm(data, prefix="vote"),
            forms.OptionFormSet(data, prefix="options", form_kwargs={"priorities": priorities}),
        )
    return (
        forms.VoteForm(initial=initial_vote, prefix="vote"),
        forms.OptionFormSet(
            prefix="options",
            initial=[{**o, "priority": str(o.get("priority") or "")} for o in options],
            form_kwargs={"priorities": priorities},
        ),
    )


def _save_vote(request, hearing: Hearing, vote_form, options, vote=None) -> PriorityVote | None:
    if not (vote_form.is_valid() and options.is_valid()):
        messages.error(request, _("Nothing was saved: please correct the errors marked below."))
        return None
    try:
        return services.vote_save(
            hearing=hearing,
            user=request.user,
            tool=vote_form.cleaned_data["tool"],
            question=vote_form.cleaned_data["question"],
            options=options.options(),
            vote=vote,
        )
    except services.HearingError as error:
        messages.error(request, error.message)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def votes(request, pk: int):
    """The priority votes of a gathering, and a form for a new one."""
    hearing = hearing_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    writable = hearing.access.writable
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(hearing))
            return redirect("hearings_ws:votes", hearing.pk)
        vote_form, options = _vote_forms(hearing, request.POST)
        if _save_vote(request, hearing, vote_form, options):
            messages.success(request, _("The vote is saved."))
            return redirect("hearings_ws:votes", hearing.pk)
    else:
        vote_form, options = _vote_forms(hearing)
    return render(
        request,
        "hearings/workspace/votes.html",
        hearing_context(
            hearing,
            "votes",
            votes=votes_of(hearing),
            vote_form=vote_form if writable else None,
            options=options if writable else None,
            read_only_reason=None if writable else read_only_reason(hearing),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def vote_edit(request, pk: int, vote_id: int):
    hearing = hearing_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    vote = get_object_or_404(PriorityVote.objects.prefetch_related("options"), pk=vote_id, hearing=hearing)
    writable = hearing.access.writable
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(hearing))
            return redirect("hearings_ws:vote", hearing.pk, vote.pk)
        vote_form, options = _vote_forms(hearing, request.POST, vote)
        if _save_vote(request, hearing, vote_form, options, vote=vote):
            messages.success(request, _("The vote is saved."))
            return redirect("hearings_ws:votes", hearing.pk)
    else:
        vote_form, options = _vote_forms(hearing, vote=vote)
        if not writable:
            disable(vote_form)
            for form in options.forms:
                disable(form)
    return render(
        request,
        "hearings/workspace/vote.html",
        hearing_context(
            hearing,
            "votes",
            vote=vote,
            vote_form=vote_form,
            options=options,
            read_only_reason=None if writable else read_only_reason(hearing),
        ),
    )
