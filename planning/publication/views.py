"""Public pages of published programs (no account needed).

Only `public_programs()` (published and superseded) is ever shown here; anything else is 404, as
if it did not exist. Pages are light (no JavaScript, no web fonts), cached per publication
generation (planning/publication/cache.py) and answer 304 to a browser that has them already.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from documents import registry
from documents.http import serve_document
from documents.services import ready_document
from municipalities.models import District, Region
from planning.models import FundingSource, Program, Sector
from planning.presentation import Plan, plan_context
from planning.publication.cache import PUBLIC_CACHE_SECONDS, public_generation
from planning.publication.document_kinds import (
    PLAN,
    PLAN_TEXT_LANGUAGE,
    PUBLISHED_LANGUAGES,
    request_plan_pdfs,
)
from planning.selectors import public_programs, search_public_programs

PLANS_PER_PAGE = 20


def public_program(pk) -> Program:
    return get_object_or_404(public_programs().select_related("municipality__district__region"), pk=pk)


def _etag(*parts) -> str:
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def _cacheable(request, response, etag: str):
    """Anonymous visitors get a shared-cacheable page with an ETag; signed-in people do not (the
    header carries their name and a form token)."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
        return response
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=300)
    return response


def _not_modified(request, etag: str):
    if request.user.is_authenticated:
        return None
    return get_conditional_response(request, etag=etag)


# --- Browse and search -----------------------------------------------------------------------


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in the plans"), required=False, max_length=100)
    oblast = forms.ModelChoiceField(
        label=_("Oblast"), queryset=Region.objects.all(), required=False, empty_label=_("All oblasts")
    )
    rayon = forms.ModelChoiceField(
        label=_("Rayon"),
        queryset=District.objects.select_related("region"),
        required=False,
        empty_label=_("All rayons"),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1991,
        max_value=2100,
        help_text=_("Plans whose period includes this year."),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        empty_label=_("All sectors"),
    )
    source = forms.ModelChoiceField(label=_("Funding source"), queryset=FundingSource.objects.filter(is_active=True),
                                    required=False, empty_label=_("All sources"))  # fmt: skip

    def filters(self) -> dict:
        """The valid filters only: a bad value in one field does not undo the others."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields if name not in self.errors}


@require_safe
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    programs = search_public_programs(
        query=filters.get("q") or "",
        region=filters.get("oblast"),
        district=filters.get("rayon"),
        year=filters.get("year"),
        sector=filters.get("sector"),
        source=filters.get("source"),
    )
    page = Paginator(programs, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "planning/public/plan_list.html",
        {"form": form, "page": page, "querystring": keep.urlencode(), "searched": bool(request.GET)},
    )


# --- One plan -----------------------------------------------------------------------------


def public_plan_context(program: Program) -> Plan:
    """Everything the plan page shows, in a fixed number of queries (computed only on a cache miss)."""
    return plan_context(program, audience="public")


def versions_of(program: Program) -> list[Program]:
    """All public versions of the same program line, newest first (a short chain)."""
    chain = [program]
    previous = program.supersedes
    while previous is not None and previous.status in (Program.Status.PUBLISHED, Program.Status.SUPERSEDED):
        chain.append(previous)
        previous = previous.supersedes
    successor = public_programs().filter(supersedes=program).first()
    while successor is not None:
        chain.insert(0, successor)
        successor = public_programs().filter(supersedes=successor).first()
    return chain


@require_safe
def plan_detail(request, pk: int):
    program = public_program(pk)
    generation = public_generation(request)
    language = get_language()
    etag = _etag("plan", program.pk, program.version, generation, language)
    not_modified = _not_modified(request, etag)
    if not_modified is not None:
        return not_modified
    response = render(
        request,
        "planning/public/plan_detail.html",
        {
            "program": program,
            "plan": SimpleLazyObject(lambda: public_plan_context(program)),
            "versions": versions_of(program),
            "generation": generation,
            "cache_seconds": PUBLIC_CACHE_SECONDS,
            "pdf_languages": PUBLISHED_LANGUAGES,
            "text_language": PLAN_TEXT_LANGUAGE,
        },
    )
    return _cacheable(request, response, etag)


@require_safe
def plan_pdf(request, pk: int):
    """The published plan's PDF in the page's language (Kyrgyz when there is none in English).

    Not ready yet: 503 with Retry-After at once, logged at INFO (a visitor early, not a fault).
    Nothing is rendered here, not even the HTML: the document is looked up by program, kind and
    language, and only when there is none at all is one asked for (the publication asks for
    them, so that happens only for a program published before documents existed).
    """
    from django.utils.log import log_response

    from documents.services import latest_document

    program = public_program(pk)
    language = get_language() if get_language() in PUBLISHED_LANGUAGES else PUBLISHED_LANGUAGES[0]
    document = ready_document(program, kind=PLAN, language=language)
    if document is None:
        waiting = latest_document(program, kind=PLAN, language=language)
        if waiting is None:
            request_plan_pdfs(program, languages=(language,))
        response = render(
            request,
            "planning/public/pdf_pending.html",
            {
                "program": program,
                "document": waiting,
                "language": language,
                "text_language": PLAN_TEXT_LANGUAGE,
            },
            status=503,
        )
        response["Retry-After"] = "30"
        log_response(
            "PDF not ready yet: %s (%s)",
            request.path,
            waiting.status if waiting is not None else "asked for now",
            response=response,
            request=request,
            level="info",
        )
        return response
    return serve_document(request, document, registry.get(PLAN).filename(program, language), public=True)
