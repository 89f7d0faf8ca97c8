"""The open data of a published yearly monitoring report as CSV and XLSX downloads
(/api/v1/programs/<id>/monitoring/<year>.csv and .xlsx). The files are built by
monitoring/exchange/open_data.py; only a published report of a public program is found (404
otherwise, as if it did not exist)."""

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from api import selectors
from api.views import CSV_TYPE, LANG_PARAMETER, LANGUAGES, XLSX_TYPE, OpenDataMixin, responses
from monitoring.exchange.open_data import PARTS, report_csv, report_filename, report_xlsx
from monitoring.selectors import report_implementation

ERRORS = {code: answer for code, answer in responses(None).items() if code != 200}
PART_PARAMETER = OpenApiParameter(
    "part",
    str,
    enum=list(PARTS),
    default=PARTS[0],
    description="Which table: the activities and their spending by funding source, or the indicators.",
)


class MonitoringExportView(OpenDataMixin, APIView):
    """Base of the two downloads of a published year's report."""

    extension = ""
    content_type = ""

    def perform_content_negotiation(self, request, force=False):
        # The file is not rendered by DRF; its errors are always JSON, whatever Accept asks.
        return super().perform_content_negotiation(request, force=True)

    def content(self, implementation, request) -> bytes:
        raise NotImplementedError

    def get(self, request, pk: int, year: int):
        lang = request.query_params.get("lang", LANGUAGES[0])
        if lang not in LANGUAGES:
            raise ValidationError(
                {"lang": [_("Choose one of: %(languages)s.") % {"languages": ", ".join(LANGUAGES)}]}
            )
        report = selectors.published_report(pk, year)
        if report is None:
            raise Http404
        with translation.override(lang):
            content = self.content(report_implementation(report), request)
        return HttpResponse(
            content,
            content_type=self.content_type,
            headers={
                "Content-Disposition": content_disposition_header(
                    True, report_filename(report, self.extension)
                )
            },
        )


class MonitoringCsvView(MonitoringExportView):
    extension = "csv"
    content_type = CSV_TYPE

    @extend_schema(
        operation_id="programs_monitoring_year_csv",
        summary="A published year's monitoring report as CSV",
        description=(
            "UTF-8 with a byte order mark, comma separated, amounts in KGS with a dot and two decimals. "
            "part=activities (the default): one row per activity × funding source of the year (an "
            "activity without money: one row with an empty source); columns program_id, municipality, "
            "year, code, activity, status (not_started, in_progress, completed, delayed, cancelled), "
            "share_done (percent), reason, funding_source_code, funding_source, planned, actual (empty: "
            "nothing recorded), difference (actual − planned). part=indicators: one row per indicator; "
            "columns program_id, municipality, year, code, indicator, unit, direction, baseline, target, "
            "actual, women, men, target_met (true, false, or empty when the target or the actual value "
            "is missing). A text that starts with = + - @ is given a leading apostrophe so that "
            "spreadsheets do not run it. Only published reports (404 otherwise)."
        ),
        parameters=[LANG_PARAMETER, PART_PARAMETER],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file."),
            **ERRORS,
        },
    )
    def get(self, request, pk: int, year: int):
        return super().get(request, pk, year)

    def content(self, implementation, request) -> bytes:
        part = request.query_params.get("part", PARTS[0])
        if part not in PARTS:
            raise ValidationError(
                {"part": [_("Choose one of: %(languages)s.") % {"languages": ", ".join(PARTS)}]}
            )
        return report_csv(implementation, part)


class MonitoringXlsxView(MonitoringExportView):
    extension = "xlsx"
    content_type = XLSX_TYPE

    @extend_schema(
        operation_id="programs_monitoring_year_xlsx",
        summary="A published year's monitoring report as an Excel workbook",
        description=(
            "Two sheets: the activities (status, share done, reason, and per funding source the planned "
            "and actual amounts and the difference, KGS) and the indicators (baseline, the year's "
            "target, the actual value, women, men, whether the target was met). Only published reports "
            "(404 otherwise)."
        ),
        parameters=[LANG_PARAMETER],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The XLSX file."),
            **ERRORS,
        },
    )
    def get(self, request, pk: int, year: int):
        return super().get(request, pk, year)

    def content(self, implementation, request) -> bytes:
        return report_xlsx(implementation)
