"""The hearings app's documents, rendered by the documents app's worker (ky and ru).

Before the hearing: the notice (an A4 poster with a QR code to the hearing's public page), the
materials pack, a numbered paper proposal form and a blank sign-in sheet. After it: the protocol
and a one-page "what became of your proposals". Templates in templates/hearings/pdf/, contexts
built by hearings/pdf.py.
"""

import logging

from django.utils.translation import gettext_lazy as _

from documents import registry, services
from documents.models import GeneratedDocument
from hearings.models import Hearing

log = logging.getLogger(__name__)

NOTICE = "hearing_notice"
MATERIALS = "hearing_materials"
PROPOSAL_FORM = "hearing_proposal_form"
SIGN_IN_SHEET = "hearing_sign_in_sheet"
PROTOCOL = "hearing_protocol"
REPORT_BACK = "hearing_report_back"
LANGUAGES = ("ky", "ru")

BEFORE = (NOTICE, MATERIALS, PROPOSAL_FORM, SIGN_IN_SHEET)
AFTER = (PROTOCOL, REPORT_BACK)
# Documents the public may download (the sign-in sheet's blank form is for staff).
PUBLIC_KINDS = frozenset({NOTICE, MATERIALS, PROPOSAL_FORM, PROTOCOL, REPORT_BACK})

LABELS = {
    NOTICE: _("notice"),
    MATERIALS: _("materials pack"),
    PROPOSAL_FORM: _("proposal form"),
    SIGN_IN_SHEET: _("sign-in sheet"),
    PROTOCOL: _("protocol"),
    REPORT_BACK: _("what became of the proposals"),
}


def _builder(kind: str):
    def build(hearing: Hearing) -> dict:
        from hearings.pdf import document_context

        return document_context(hearing, kind)

    return build


def _namer(kind: str):
    def name(hearing: Hearing, language: str) -> str:
        from hearings.pdf import document_filename

        return document_filename(hearing, kind, language)

    return name


def register_documents() -> None:
    for kind in (*BEFORE, *AFTER):
        registry.register(
            registry.DocumentKind(kind, f"hearings/pdf/{kind.removeprefix('hearing_')}.html", _builder(kind),
                                  _namer(kind), LABELS[kind])
        )  # fmt: skip


def request_documents(hearing: Hearing, kinds, languages=LANGUAGES) -> list[GeneratedDocument]:
    return [
        services.document_request(obj=hearing, kind=kind, language=language)
        for kind in kinds
        for language in languages
    ]


def request_announcement_documents(hearing: Hearing) -> list[GeneratedDocument]:
    """The notice, materials pack, proposal form and sign-in sheet (after the commit)."""
    return request_documents(hearing, BEFORE)


def request_protocol_documents(hearing: Hearing) -> list[GeneratedDocument]:
    """The protocol and the report-back (after the commit)."""
    return request_documents(hearing, AFTER)


def request_documents_now(hearing: Hearing, user) -> list[GeneratedDocument]:
    """The "make the documents again" button: every document the hearing has at its stage, from
    what it says now (after a correction of the place, the summary, an answer…). The same content
    is never rendered twice (documents hashes it), so only what changed is made again; returns
    the documents still to be made."""
    kinds = list(BEFORE)
    if hearing.status in (Hearing.Status.HELD, Hearing.Status.CLOSED):
        kinds += list(AFTER)
    made = request_documents(hearing, kinds)
    log.info("Hearing %s: documents asked for again by user %s", hearing.pk, getattr(user, "pk", None))
    return [document for document in made if document.status != GeneratedDocument.Status.READY]
