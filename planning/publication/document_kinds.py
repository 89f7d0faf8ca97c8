"""The planning app's documents: the plan PDF and the draft preview, and when they are made."""

from django.utils.translation import gettext_lazy as _

from documents import registry, services
from documents.models import GeneratedDocument
from planning.models import Program

PLAN = "plan"
DRAFT_PREVIEW = "draft_preview"
PUBLISHED_LANGUAGES = ("ky", "ru")
# The language the programs' own text is written in. The portal stores content as the
# municipality writes it and records no language per program; municipalities write their
# programs in Kyrgyz, the state language. Pages and PDFs in another language say so.
PLAN_TEXT_LANGUAGE = "ky"


def _plan_context(program: Program) -> dict:
    from planning.publication.pdf import plan_document_context

    return plan_document_context(program, draft=False)


def _draft_context(program: Program) -> dict:
    from planning.publication.pdf import plan_document_context

    return plan_document_context(program, draft=True)


def _filename(program: Program, language: str) -> str:
    from planning.publication.pdf import plan_document_filename

    return plan_document_filename(program, language)


def _draft_filename(program: Program, language: str) -> str:
    return _filename(program, language).removesuffix(".pdf") + " (draft).pdf"


def register_documents() -> None:
    registry.register(
        registry.DocumentKind(
            PLAN, "planning/pdf/plan.html", _plan_context, _filename, _("development program")
        )
    )
    registry.register(
        registry.DocumentKind(
            DRAFT_PREVIEW, "planning/pdf/plan.html", _draft_context, _draft_filename, _("draft preview")
        )
    )


def request_plan_pdfs(program: Program, languages=("ky",)) -> list[GeneratedDocument]:
    """The final plan's PDF in these languages (rendered after the commit)."""
    return [services.document_request(obj=program, kind=PLAN, language=language) for language in languages]


def request_draft_preview(program: Program, language: str) -> GeneratedDocument:
    return services.document_request(obj=program, kind=DRAFT_PREVIEW, language=language)
