"""Public pages of published programs (no account needed). Only published and superseded
programs are ever shown here; everything else is 404, as if it did not exist."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from documents import registry
from documents.http import serve_document
from documents.services import ready_document
from planning.documents import PLAN, PUBLISHED_LANGUAGES, request_plan_pdfs
from planning.models import Program
from planning.selectors import public_programs


def public_program(pk) -> Program:
    return get_object_or_404(public_programs().select_related("municipality__district__region"), pk=pk)


@require_safe
def plan_pdf(request, pk: int):
    """The published plan's PDF in the page's language (Kyrgyz when there is none in English)."""
    program = public_program(pk)
    language = get_language() if get_language() in PUBLISHED_LANGUAGES else PUBLISHED_LANGUAGES[0]
    document = ready_document(program, kind=PLAN, language=language)
    if document is None:
        request_plan_pdfs(program, languages=(language,))
        response = render(request, "planning/pdf_pending.html", {"program": program}, status=503)
        response["Retry-After"] = "30"
        return response
    return serve_document(request, document, registry.get(PLAN).filename(program, language), public=True)
