"""The trainings' documents (programme, attendance sheets, report, certificates) as downloads,
and the verification of a certificate by its code. Routes in the lists below.

Nothing is rendered in a request: a download looks the document up (`ready_document`); when it
is not ready the answer is 503 with Retry-After, and only when there is none at all is one asked
for (the worker renders it). Who may download what: the programme and the report (counts, no
names) whoever may read the training (trainings.access.training_for_user); the attendance sheets
and the certificates, which carry names, its managers only; the public, the programme of a public
training. The verification page shows a certificate's holder, training, dates and hours, and
nothing else; any other code, whatever it is, gets a plain "not found".
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.log import log_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from documents import registry
from documents.http import serve_document
from documents.models import GeneratedDocument
from documents.services import document_retry, documents_of, latest_document, ready_document
from trainings import documents as kinds
from trainings.access import training_for_user
from trainings.models import Certificate, Training
from trainings.selectors import public_trainings
from trainings.workspace.views import training_context

# The kind's word in the address: /…/documents/programme/ky/.
SLUGS = {kind.removeprefix("training_"): kind for kind in kinds.KINDS}
RETRY_AFTER = "30"
# A verification code as issued (trainings.services.CODE_ALPHABET, 16 long); anything else is
# refused before the database is asked. Compared in capitals: the alphabet has no lower case.
_CODE = re.compile(r"[A-Z0-9]{1,32}", re.ASCII)


def document_link(training: Training, kind: str, language: str) -> str:
    return reverse(
        "trainings_ws:document",
        kwargs={"pk": training.pk, "kind": kind.removeprefix("training_"), "language": language},
    )


def document_rows(training: Training) -> list[dict]:
    """What templates/trainings/workspace/_documents.html lists for this user (the training
    carries its `access`): each kind they may download, each language's latest render and its
    link. One query (two with the certificates' check)."""
    manage = training.access.manage
    available = [k for k in kinds.kinds_of(training) if manage or k not in kinds.NAMED_KINDS]
    made = {(d.kind, d.language): d for d in documents_of(training, kinds=available)}
    return [
        {
            "kind": kind,
            "label": kinds.LABELS[kind],
            "public": kind in kinds.PUBLIC_KINDS,
            "languages": [
                {"language": language, "document": made.get((kind, language)), "url": document_link(training, kind, language)}
                for language in kinds.LANGUAGES
            ],
        }
        for kind in available
    ]  # fmt: skip


def _not_ready(request, training: Training, document: GeneratedDocument | None, ask):
    """503 with Retry-After; a document is asked for only when there is none at all."""
    if document is None:
        ask()
    response = render(
        request, "trainings/pdf_pending.html", {"training": training, "document": document}, status=503
    )
    response["Retry-After"] = RETRY_AFTER
    log_response(
        "PDF not ready yet: %s (%s)",
        request.path,
        document.status if document is not None else "asked for now",
        response=response,
        request=request,
        level="info",
    )
    return response


def _serve(request, training, obj, kind: str, language: str, *, public: bool = False, ask=None):
    document = ready_document(obj, kind=kind, language=language)
    if document is None:
        return _not_ready(request, training, latest_document(obj, kind=kind, language=language), ask)
    return serve_document(request, document, registry.get(kind).filename(obj, language), public=public)


@login_required
@require_safe
def workspace_document(request, pk: int, kind: str, language: str):
    """A document of the training in one language, for those who may read the training (names:
    its managers only)."""
    kind = SLUGS.get(kind)
    if kind is None or language not in kinds.LANGUAGES:
        raise Http404
    training = training_for_user(request.user, pk, need="manage" if kind in kinds.NAMED_KINDS else "read")
    if kind == kinds.CERTIFICATES and kind not in kinds.kinds_of(training):
        raise Http404  # no certificate issued: there is nothing to print
    return _serve(
        request, training, training, kind, language,
        ask=lambda: kinds.request_documents(training, kinds=[kind], languages=[language]),
    )  # fmt: skip


@login_required
@require_safe
def workspace_certificate(request, pk: int, certificate_id: int, language: str):
    """One certificate's PDF (managers of its training)."""
    if language not in kinds.LANGUAGES:
        raise Http404
    training = training_for_user(request.user, pk, need="manage")
    certificate = get_object_or_404(Certificate, pk=certificate_id, participation__training=training)
    return _serve(
        request, training, certificate, kinds.CERTIFICATE, language,
        ask=lambda: kinds.request_certificate(certificate, language),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def workspace_documents(request, pk: int):
    """The training's documents (GET: whoever may read it); POST: its managers ask for them all
    again (what changed is rendered anew, a failed render is tried again)."""
    training = training_for_user(request.user, pk, need="manage" if request.method == "POST" else "read")
    if request.method == "POST":
        asked = kinds.request_documents(training)
        for document in asked:
            if document.status == GeneratedDocument.Status.FAILED:
                document_retry(document)
        messages.success(
            request, _("The documents are being prepared; they will be ready in a minute or two.")
        )
        return redirect("trainings_ws:documents", pk=training.pk)
    return render(
        request,
        "trainings/workspace/documents.html",
        training_context(
            training, "documents", page_title=_("Documents (PDF)"), documents=document_rows(training)
        ),
    )


@require_safe
def public_document(request, pk: int):
    """The programme of a public training in the page's language (Kyrgyz for English)."""
    training = get_object_or_404(public_trainings().select_related("project"), pk=pk)
    language = get_language() if get_language() in kinds.LANGUAGES else kinds.LANGUAGES[0]
    return _serve(
        request, training, training, kinds.PROGRAMME, language, public=True,
        ask=lambda: kinds.request_documents(training, kinds=[kinds.PROGRAMME], languages=[language]),
    )  # fmt: skip


@require_safe
def public_material(request, pk: int, material_id: int):
    """A material of a public training (slides, handouts), as the workspace serves it: shown
    inline in a sandbox, never run, never sniffed."""
    from documents.uploads import material_response
    from trainings.models import TrainingMaterial

    training = get_object_or_404(public_trainings(), pk=pk)
    material = get_object_or_404(TrainingMaterial, pk=material_id, training=training)
    response = material_response(material.file, material.content_kind)
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def verify_certificate(request, code: str):
    """Confirms a certificate: its holder's name, the training, its dates and the hours. Nothing
    else (no contact, no municipality, no other participant). Not kept by shared caches (it
    names a person) and not indexed."""
    code = code or ""
    certificate = None
    if code.isascii() and _CODE.fullmatch(code.upper()):
        certificate = (
            Certificate.objects.filter(code=code.upper())
            .select_related("participation__person", "participation__training")
            .first()
        )
    if certificate is None:
        response = render(request, "trainings/certificates/not_found.html", status=404)
    else:
        response = render(
            request,
            "trainings/certificates/verify.html",
            {
                "number": certificate.number,
                "name": certificate.participation.person.full_name,
                "training": certificate.participation.training,
                "hours": certificate.hours,
            },
        )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


public_urlpatterns: list = [
    path("<int:pk>/programme/", public_document, name="document"),
    path("<int:pk>/materials/<int:material_id>/", public_material, name="material"),
]
workspace_urlpatterns: list = [
    path("<int:pk>/documents/", workspace_documents, name="documents"),
    path("<int:pk>/documents/<slug:kind>/<slug:language>/", workspace_document, name="document"),
    path(
        "<int:pk>/certificates/<int:certificate_id>/<slug:language>/",
        workspace_certificate,
        name="certificate",
    ),
]
certificate_urlpatterns: list = [
    path("<path:code>/", verify_certificate, name="verify"),
]
