"""The monitoring report's document: a published yearly report as a PDF (ky and ru), rendered by
the documents app's worker from templates/monitoring/pdf/report.html.

Asked for when the head publishes the report (monitoring.workflow.report_publish, after the
commit, as planning asks for the plan's PDFs on publication); a download that finds none at all
asks for it then (monitoring/public/views.py), and documents' periodic sweep queues what the
broker missed. The context is public content only: a published report's figures against the
frozen plan, the JMEG's verification and the council's hearing; never a comment.
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents import registry, services
from documents.models import GeneratedDocument
from monitoring.models import MonitoringReport

REPORT = "monitoring_report"
LANGUAGES = ("ky", "ru")
_ILLEGAL_IN_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def report_document_context(report: MonitoringReport) -> dict:
    """Everything templates/monitoring/pdf/report.html shows, in a fixed number of queries: the
    report with its program, municipality, rayon and oblast (1), its implementation against the
    plan (monitoring.selectors.report_implementation: the tree 7, the records 3)."""
    from monitoring.charts import implementation_charts
    from monitoring.selectors import report_implementation
    from planning.publication.document_kinds import PLAN_TEXT_LANGUAGE
    from planning.publication.pdf import document_date, page_counter_css

    report = MonitoringReport.objects.select_related("program__municipality__district__region").get(
        pk=report.pk
    )
    municipality = report.program.municipality
    implementation = report_implementation(report)
    return {
        "report": report,
        "program": report.program,
        "municipality": municipality,
        "district": municipality.district,
        "region": municipality.district.region,
        "implementation": implementation,
        "charts": implementation_charts(implementation),
        "verified_on": document_date(report.jmeg_verified_on) if report.jmeg_verified_on else None,
        "heard_on": document_date(report.council_heard_on) if report.council_heard_on else None,
        "page_counter": page_counter_css(),
        "text_language": PLAN_TEXT_LANGUAGE,
        "pdf": True,
    }


def report_document_filename(report: MonitoringReport, language: str) -> str:
    """ "Көк-Жар айыл аймагы мониторинг 2021.pdf": Cyrillic kept, nothing a file system refuses."""
    with translation.override(language):
        # Translators: in the file name of a yearly monitoring report's PDF.
        what = gettext("monitoring report")
        stem = f"{report.program.municipality.name} {what} {report.year}"
    stem = " ".join(_ILLEGAL_IN_FILENAME.sub(" ", stem).split())[:150].strip(" .")
    return f"{stem or 'monitoring'}.pdf"


def register_documents() -> None:
    registry.register(
        registry.DocumentKind(
            REPORT,
            "monitoring/pdf/report.html",
            report_document_context,
            report_document_filename,
            _("yearly monitoring report"),
        )
    )


def request_report_pdfs(report: MonitoringReport, languages=LANGUAGES) -> list[GeneratedDocument]:
    """The published report's PDF in these languages (rendered by the worker after the commit)."""
    return [services.document_request(obj=report, kind=REPORT, language=language) for language in languages]
