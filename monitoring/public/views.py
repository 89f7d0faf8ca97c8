"""The public pages of published monitoring reports (no account needed).

Only `monitoring.selectors.public_reports()` (published reports of public programs) is ever
shown; a draft, submitted or accepted report, a program that is not public or a year without a
report is 404, as if it did not exist. No comment is ever read here.

The PDF download never renders the PDF: the document is looked up by report, kind and language
(`ready_document`, `latest_document`, as planning's `plan_pdf`). Not ready yet: 503 with
Retry-After at once, logged at INFO. Only when there is none at all (a report published before
its documents existed) is one asked for, which builds its HTML then, as planning's does.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.log import log_response
from django.views.decorators.http import require_safe

from documents import registry
from documents.http import serve_document
from documents.services import latest_document, ready_document
from monitoring import documents as kinds
from monitoring.charts import implementation_charts
from monitoring.models import MonitoringReport
from monitoring.selectors import photos_by_activity, public_reports, report_implementation
from planning.publication.document_kinds import PLAN_TEXT_LANGUAGE

RETRY_AFTER_SECONDS = "30"


def public_report(pk: int, year: int) -> MonitoringReport:
    return get_object_or_404(
        public_reports().select_related("program__municipality__district__region"), program_id=pk, year=year
    )


@require_safe
def report_detail(request, pk: int, year: int):
    """A published report: totals, per direction the activities with their status and spending
    against the plan, the indicators, the JMEG's verification and the council's hearing."""
    report = public_report(pk, year)
    implementation = report_implementation(report)
    photos = photos_by_activity(report)  # the report is published (public_report), so are they
    for row in implementation.activities:
        row.photos = photos.get(row.activity.pk, [])
    response = render(
        request,
        "monitoring/public/report.html",
        {
            "report": report,
            "program": report.program,
            "municipality": report.program.municipality,
            "implementation": implementation,
            "charts": implementation_charts(implementation),
            "pdf_languages": kinds.LANGUAGES,
            "text_language": PLAN_TEXT_LANGUAGE,
        },
    )
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def report_pdf(request, pk: int, year: int, language: str):
    """The published report's PDF in Kyrgyz or Russian."""
    if language not in kinds.LANGUAGES:
        raise Http404
    report = public_report(pk, year)
    document = ready_document(report, kind=kinds.REPORT, language=language)
    if document is not None:
        filename = registry.get(kinds.REPORT).filename(report, language)
        return serve_document(request, document, filename, public=True)
    waiting = latest_document(report, kind=kinds.REPORT, language=language)
    if waiting is None:
        kinds.request_report_pdfs(report, languages=(language,))
    response = render(
        request,
        "monitoring/public/pdf_pending.html",
        {"report": report, "program": report.program, "document": waiting, "language": language},
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
