"""Public pages of hearings (no account needed): the calendar, one hearing, the proposal form,
the iCalendar feed.

Only `hearings.selectors.public_hearings()` is shown here; a hearing being prepared is 404, as
if it did not exist. Pages need no JavaScript.

Caching. The list and the feed depend only on what is published (config/page_cache.py keeps
them per publication generation). A hearing's page is kept too once it has taken place (held,
closed) or was cancelled; before that it says "in 5 days" and shows the proposal form in its
window, which the clock changes and not a publication, so it is never kept: private, and its
form token is the visitor's own. Its heavy part (the results and the proposals) is a fragment
cached per generation, which every change of public content moves on.
"""

from __future__ import annotations

from django.core import signing
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, Value, When
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from accounts.client_ip import client_ip
from hearings.models import Hearing
from hearings.public.calendar import calendar_bytes
from hearings.public.content import RESULTS_STATUSES, hearing_head, hearing_results
from hearings.public.forms import HearingFilterForm, ProposalForm
from hearings.public.links import public_documents
from hearings.selectors import public_hearings, search_public_hearings, upcoming_hearings
from hearings.services import HearingError, online_window_open, proposal_submit_online
from hearings.workflow import ONLINE_STATUSES
from planning.publication.cache import PUBLIC_CACHE_SECONDS, public_generation

HEARINGS_PER_PAGE = 20
CALENDAR_SIZE = 500
THANKS_SALT = "hearings.public.thanks"
THANKS_MAX_AGE = 3 * 24 * 60 * 60


def public_hearing(pk) -> Hearing:
    return get_object_or_404(
        public_hearings().select_related(
            "municipality__district__region", "program", "final_hearing", "monitoring_report__program"
        ),
        pk=pk,
    )


def _cache_headers(request, response, hearing: Hearing | None = None):
    """Shared caches may keep what only a publication changes; a page the clock changes (a
    hearing still to come) or that carries a person's name or form token stays private."""
    if request.user.is_authenticated or (hearing is not None and hearing.status in ONLINE_STATUSES):
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


# --- The calendar of hearings --------------------------------------------------------------


def _upcoming_first(hearings, now):
    """Hearings still to come first (the soonest first), then those past (the latest first)."""
    return hearings.annotate(
        is_upcoming=Case(
            When(starts_at__gte=now, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        upcoming_at=Case(When(starts_at__gte=now, then=F("starts_at"))),
        past_at=Case(When(starts_at__lt=now, then=F("starts_at"))),
    ).order_by(F("upcoming_at").asc(nulls_last=True), F("past_at").desc(nulls_last=True), "-pk")


@require_safe
def hearing_list(request):
    form = HearingFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    now = timezone.now()
    hearings = _upcoming_first(
        search_public_hearings(
            region=filters.get("oblast"),
            district=filters.get("rayon"),
            kind=filters.get("kind") or None,
            year=filters.get("year"),
            when=filters.get("when") or None,
        ),
        now,
    )
    page = Paginator(hearings, HEARINGS_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    response = render(
        request,
        "hearings/public/hearing_list.html",
        {"form": form, "page": page, "querystring": keep.urlencode(), "searched": bool(request.GET)},
    )
    return _cache_headers(request, response)


# --- One hearing -----------------------------------------------------------------------------


def _render_detail(
    request, hearing: Hearing, *, form=None, problem: str = "", kept_text: str = "", status: int = 200
):
    window_open = online_window_open(hearing)
    if window_open and form is None:
        form = ProposalForm(hearing=hearing)
    response = render(
        request,
        "hearings/public/hearing_detail.html",
        {
            "hearing": hearing,
            "municipality": hearing.municipality,
            "head": hearing_head(hearing),
            # Read only when the fragment of the results is not in the cache.
            "results": SimpleLazyObject(lambda: hearing_results(hearing)),
            "results_shown": hearing.status in RESULTS_STATUSES,
            "documents": public_documents(hearing, closed=hearing.status == Hearing.Status.CLOSED),
            "window_open": window_open,
            "window_start": hearing.proposals_open_from,
            "window_end": hearing.proposals_open_until or hearing.starts_at,
            "form": form if window_open else None,
            "problem": problem,
            "kept_text": kept_text.replace("\x00", ""),
            "now": timezone.now(),
            "generation": public_generation(request),
            "cache_seconds": PUBLIC_CACHE_SECONDS,
        },
        status=status,
    )
    return _cache_headers(request, response, hearing)


@require_safe
def hearing_detail(request, pk: int):
    return _render_detail(request, public_hearing(pk))


def _csrf_refused(request) -> bool:
    # The check of CsrfViewMiddleware, run here rather than before the view: a resident whose
    # page was open too long (or whose browser dropped the cookie) keeps the text they wrote.
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is not None


@csrf_exempt
@require_POST
def hearing_propose(request, pk: int):
    """A resident's proposal from the hearing's page: on any problem the page comes back with a
    message in the visitor's language and their text kept; on success, the thank-you page."""
    hearing = public_hearing(pk)
    form = ProposalForm(request.POST, hearing=hearing)
    if not online_window_open(hearing):
        # The window closed while the visitor wrote: say so, and give their text back to keep.
        problem = _("Proposals for this hearing are not accepted online now.")
        return _render_detail(
            request, hearing, problem=problem, kept_text=form.data.get("text", ""), status=409
        )
    if _csrf_refused(request):
        problem = _(
            "The page was open for too long to send it safely. Your text is kept below: please send it again."
        )
        return _render_detail(request, hearing, form=_keep(form, hearing), problem=problem, status=403)
    if form.is_from_a_script:
        problem = _(
            "The proposal could not be sent. Leave the field “Leave this field empty” empty and send it again."
        )
        return _render_detail(request, hearing, form=form, problem=problem, status=400)
    if not form.is_valid():
        return _render_detail(
            request, hearing, form=form, problem=_("Please correct what is marked below."), status=400
        )
    data = form.cleaned_data
    try:
        proposal = proposal_submit_online(
            hearing=hearing,
            text=data["text"],
            author_name=data["author_name"],
            name_may_be_published=data["name_may_be_published"],
            village=data["village"],
            gender=data["gender"],
            age_group=data["age_group"],
            contact=data["contact"],
            client=client_ip(request) or "",
        )
    except HearingError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
            problem = _("Please correct what is marked below.")
        else:
            problem = error.message
        return _render_detail(request, hearing, form=form, problem=problem, status=400)
    token = signing.dumps({"h": hearing.pk, "n": proposal.number}, salt=THANKS_SALT)
    return redirect(reverse("hearings:thanks", args=[hearing.pk]) + f"?r={token}")


def _keep(form: ProposalForm, hearing: Hearing) -> ProposalForm:
    """A fresh form holding what the visitor wrote (no errors shown: nothing was wrong with it)."""
    fields = ("text", "author_name", "name_may_be_published", "village", "gender", "age_group", "contact")
    initial = {name: form.data.get(name, "") for name in fields}
    initial["text"] = initial["text"].replace("\x00", "")
    initial["name_may_be_published"] = bool(form.data.get("name_may_be_published"))
    return ProposalForm(hearing=hearing, initial=initial)


@require_safe
def proposal_thanks(request, pk: int):
    """The thank-you page after a proposal: its number, and that it is published after moderation.
    The number comes signed from the form's answer; without it, the hearing's page."""
    hearing = public_hearing(pk)
    try:
        receipt = signing.loads(request.GET.get("r", ""), salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        return redirect("hearings:detail", pk=hearing.pk)
    if (
        not isinstance(receipt, dict)
        or receipt.get("h") != hearing.pk
        or not isinstance(receipt.get("n"), int)
    ):
        return redirect("hearings:detail", pk=hearing.pk)
    response = render(request, "hearings/public/thanks.html", {"hearing": hearing, "number": receipt["n"]})
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- The iCalendar feed -----------------------------------------------------------------------


@require_safe
def hearing_calendar(request):
    """Upcoming public hearings as an iCalendar feed a phone's calendar can subscribe to."""
    body = calendar_bytes(upcoming_hearings(limit=CALENDAR_SIZE), name=_("Public hearings · SEDP portal"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hearings.ics"'
    return _cache_headers(request, response)
