"""The program's documents in the workspace: their state, downloads, retry, draft preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from documents import registry
from documents import services as document_services
from documents.http import serve_document
from documents.models import GeneratedDocument
from planning.access import program_for_user
from planning.models import Program
from planning.publication.document_kinds import DRAFT_PREVIEW, PLAN, request_draft_preview


def document_list(program: Program) -> list[GeneratedDocument]:
    return document_services.documents_of(program, kinds=[PLAN, DRAFT_PREVIEW])


def _describe(program: Program, document: GeneratedDocument) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "language": document.language,
        "status": document.status,
        "status_label": str(document.get_status_display()),
        # For people: what failed and what to do, never the exception (kept in the log).
        "error": str(document.failure_message) if document.is_failed else "",
        "pages": document.pages,
        "size": document.size,
        "download": reverse("planning:document_download", args=[program.pk, document.pk])
        if document.is_ready
        else None,
    }


def _document_of(program: Program, document_id: int) -> GeneratedDocument:
    return get_object_or_404(
        GeneratedDocument.objects.defer("source_html"),
        pk=document_id,
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
    )


@login_required
@require_safe
@never_cache
def documents_status(request, pk: int):
    """JSON for the overview's documents list, which refreshes itself while renders run."""
    program = program_for_user(request.user, pk)
    return JsonResponse({"documents": [_describe(program, d) for d in document_list(program)]})


@login_required
@require_safe
def document_download(request, pk: int, document_id: int):
    program = program_for_user(request.user, pk)
    document = _document_of(program, document_id)
    filename = registry.get(document.kind).filename(program, document.language)
    return serve_document(request, document, filename)


@login_required
@require_POST
def document_retry(request, pk: int, document_id: int):
    # Those who make the plan (staff, head, coordinators) ask for documents; admins only read.
    program = program_for_user(request.user, pk, need="participate")
    document = _document_of(program, document_id)
    if document_services.document_retry(document):
        messages.success(request, _("The document is being prepared again."))
    return redirect(reverse("planning:overview", args=[program.pk]) + "#documents")


@login_required
@require_POST
def draft_preview(request, pk: int):
    """A PDF of the program as it is now, marked as a draft (staff and coordinators, any stage)."""
    program = program_for_user(request.user, pk, need="participate")
    document = request_draft_preview(program, get_language() or "ky")
    if document.status == GeneratedDocument.Status.READY:
        messages.info(request, _("The draft preview of the current content is ready."))
    else:
        messages.success(request, _("The draft preview is being prepared; it appears below in a moment."))
    return redirect(reverse("planning:overview", args=[program.pk]) + "#documents")
