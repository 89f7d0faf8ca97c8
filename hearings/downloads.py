"""The hearings' documents as downloads: public (published kinds of public hearings) and in the
workspace (every kind, for those who may read the hearing). Routes in the lists below, included
by hearings/urls.py under the public namespace ("hearings") and the workspace's ("hearings_ws").

A download never renders: the document is looked up by hearing, kind and language
(`ready_document`, `latest_document`, as planning's `plan_pdf`). Not ready yet: 503 with
Retry-After at once, logged at INFO (a visitor early, not a fault); only when there is none at
all is one asked for (announcing and closing ask for them, so that happens only for a hearing
announced before its documents existed, or one whose documents a change made stale).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.log import log_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from documents import registry, uploads
from documents.http import serve_document
from documents.services import latest_document, ready_document
from hearings import documents as kinds
from hearings.access import hearing_for_user
from hearings.models import Hearing, HearingMaterial
from hearings.selectors import public_hearings

S = Hearing.Status
RETRY_AFTER_SECONDS = "30"
# From when the workspace offers the documents of after the hearing (hearings/workspace/views.py).
AFTER_STATUSES = frozenset({S.HELD, S.CLOSED})


def document_language() -> str:
    """The page's language when the documents exist in it (ky, ru), else Kyrgyz."""
    language = get_language()
    return language if language in kinds.LANGUAGES else kinds.LANGUAGES[0]


def _serve_or_wait(request, hearing: Hearing, kind: str, *, public: bool):
    language = document_language()
    document = ready_document(hearing, kind=kind, language=language)
    if document is not None:
        filename = registry.get(kind).filename(hearing, language)
        return serve_document(request, document, filename, public=public)
    waiting = latest_document(hearing, kind=kind, language=language)
    if waiting is None:
        kinds.request_documents(hearing, [kind], [language])
    response = render(
        request,
        "hearings/public/pdf_pending.html",
        {"hearing": hearing, "label": kinds.LABELS[kind], "document": waiting},
        status=503,
    )
    response["Retry-After"] = RETRY_AFTER_SECONDS
    patch_cache_control(response, no_cache=True)
    log_response(
        "PDF not ready yet: %s (%s)",
        request.path,
        waiting.status if waiting is not None else "asked for now",
        response=response,
        request=request,
        level="info",
    )
    return response


# --- Public ---------------------------------------------------------------------------------


@require_safe
def public_document(request, pk: int, kind: str):
    """A public hearing's document in the page's language: the notice, the materials pack and
    the proposal form from the announcement on, the protocol and the report-back once closed.
    Never the sign-in sheet; a hearing being prepared is 404, as if it did not exist."""
    hearing = get_object_or_404(public_hearings().select_related("municipality"), pk=pk)
    if kind not in kinds.PUBLIC_KINDS:
        raise Http404
    if kind in kinds.AFTER and hearing.status != S.CLOSED:
        raise Http404
    return _serve_or_wait(request, hearing, kind, public=True)


def material_response(material: HearingMaterial):
    """An uploaded material as a response (documents.uploads.material_response)."""
    return uploads.material_response(material.file, material.content_kind)


@require_safe
def public_material(request, pk: int, material_id: int):
    """A material of a public hearing (budget tables, a tariff calculation) for residents."""
    hearing = get_object_or_404(public_hearings(), pk=pk)
    material = get_object_or_404(HearingMaterial, pk=material_id, hearing=hearing)
    response = material_response(material)
    patch_cache_control(response, public=True, max_age=300)
    return response


# --- Workspace ------------------------------------------------------------------------------


def _workspace_kind(hearing: Hearing, kind: str) -> str:
    if kind not in (*kinds.BEFORE, *kinds.AFTER):
        raise Http404
    if kind in kinds.AFTER and hearing.status not in AFTER_STATUSES:
        raise Http404
    return kind


@login_required
@require_safe
def workspace_document(request, pk: int, kind: str):
    """Any of the hearing's documents, the blank sign-in sheet too, for those who may read the
    hearing (hearings.access); the protocol and the report-back once it is held."""
    hearing = hearing_for_user(request.user, pk)
    return _serve_or_wait(request, hearing, _workspace_kind(hearing, kind), public=False)


@login_required
@require_POST
def workspace_documents_refresh(request, pk: int):
    """Make the hearing's documents again from what it says now (after a correction)."""
    hearing = hearing_for_user(request.user, pk, need="edit")
    made = kinds.request_documents_now(hearing, request.user)
    if made:
        messages.success(request, _("The documents are being made again; they are ready in a minute."))
    else:
        messages.info(request, _("The documents already show what the hearing says now."))
    return redirect("hearings_ws:detail", hearing.pk)


public_urlpatterns = [
    path("<int:pk>/documents/<slug:kind>/", public_document, name="document"),
    path("<int:pk>/materials/<int:material_id>/", public_material, name="material"),
]
workspace_urlpatterns = [
    path("<int:pk>/documents/refresh/", workspace_documents_refresh, name="documents_refresh"),
    path("<int:pk>/documents/<slug:kind>/", workspace_document, name="document"),
]
