"""The read-only open data API (/api/v1/) and its terms of use page (/<lang>/open-data/).

Nobody signs in to the API: every request is anonymous, may only read (GET, HEAD, OPTIONS; any
other method is 405), and is throttled per address (REST_FRAMEWORK in config/settings.py).
Programs come only from `planning.selectors.public_programs()`: anything not published (or
superseded) answers 404 as if it did not exist.
"""

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors
from api.exports import action_plan_csv, action_plan_filename
from api.filters import DistrictFilter, HearingFilter, MunicipalityFilter, ProgramFilter
from api.pagination import OpenDataPagination
from api.serializers import (
    DistrictSerializer,
    ErrorSerializer,
    HearingDetailSerializer,
    HearingSerializer,
    MunicipalityDetailSerializer,
    MunicipalitySerializer,
    ProgramDetailSerializer,
    ProgramMonitoringSerializer,
    ProgramSerializer,
    RegionSerializer,
    RollupSerializer,
)
from api.throttling import OpenDataThrottle
from hearings.public.content import hearing_head, hearing_results
from monitoring.rollups.selectors import district_rollup, region_rollup
from municipalities.models import District, Region
from planning.exchange.action_plan import export_action_plan
from planning.models import Program
from planning.selectors import public_programs

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
LANGUAGES = ("ky", "ru", "en")

# Errors every operation may answer, besides its own.
BAD_REQUEST = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A query parameter has a wrong value: the reasons, by parameter.",
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such item (or it is not public), or no such page."
)
THROTTLED = OpenApiResponse(
    ErrorSerializer, description="Too many requests from this address; wait as long as Retry-After says."
)


def responses(ok) -> dict:
    # 400 everywhere: any operation refuses a parameter given twice or without a value.
    return {200: ok, 400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED}


class OpenDataMixin:
    """Anonymous, read-only, JSON, throttled; any web site may read it (CORS)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Each parameter once and with a value: `year=2025&year=2026` or `year=` would otherwise
        # be read as the last value or as no filter, and answer something else than was asked.
        errors = {}
        for name, values in request.query_params.lists():
            if len(values) > 1:
                errors[name] = [_("Give this parameter only once.")]
            elif values[0] == "":
                errors[name] = [_("Give this parameter a value, or leave it out.")]
        if errors:
            raise ValidationError(errors)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Public data without cookies or credentials: any site's script may read it.
        response["Access-Control-Allow-Origin"] = "*"
        return response


class OpenDataViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    pagination_class = OpenDataPagination
    filter_backends = [DjangoFilterBackend]


@extend_schema_view(
    list=extend_schema(
        summary="Oblasts and cities of republican significance",
        responses=responses(RegionSerializer(many=True)),
    ),
    retrieve=extend_schema(summary="An oblast", responses=responses(RegionSerializer)),
)
class RegionViewSet(OpenDataViewSet):
    """The 7 oblasts and the 2 cities of republican significance (Bishkek, Osh)."""

    serializer_class = RegionSerializer

    def get_queryset(self):
        return selectors.regions()


@extend_schema_view(
    list=extend_schema(
        summary="Rayons and cities of oblast significance", responses=responses(DistrictSerializer(many=True))
    ),
    retrieve=extend_schema(summary="A rayon", responses=responses(DistrictSerializer)),
)
class DistrictViewSet(OpenDataViewSet):
    """Rayons and cities of oblast significance."""

    serializer_class = DistrictSerializer
    filterset_class = DistrictFilter

    def get_queryset(self):
        return selectors.districts()


@extend_schema_view(
    list=extend_schema(
        summary="Municipalities (aiyl aimaks, towns, cities)",
        responses=responses(MunicipalitySerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="A municipality, its villages, the contacts of its aiyl okmotu and its programs",
        responses=responses(MunicipalityDetailSerializer),
    ),
)
class MunicipalityViewSet(OpenDataViewSet):
    """Local self-government units. `q` finds a name in any language and common spelling."""

    filterset_class = MunicipalityFilter

    def get_queryset(self):
        return selectors.municipality_details() if self.action == "retrieve" else selectors.municipalities()

    def get_serializer_class(self):
        return MunicipalityDetailSerializer if self.action == "retrieve" else MunicipalitySerializer


@extend_schema_view(
    list=extend_schema(
        summary="Published programs, newest first",
        description="Published programs and the older versions they replaced (superseded). Nothing else.",
        responses=responses(ProgramSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="A published program: its whole structure and financial model",
        responses=responses(ProgramDetailSerializer),
    ),
)
class ProgramViewSet(OpenDataViewSet):
    """Published socio-economic development programs and the older versions they replaced."""

    filterset_class = ProgramFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return public_programs().select_related("municipality__district__region")
        return selectors.program_list()

    def get_serializer_class(self):
        return ProgramDetailSerializer if self.action == "retrieve" else ProgramSerializer

    def retrieve(self, request, *args, **kwargs):
        # A fixed number of queries whatever the size of the plan (api/selectors.py).
        program = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        detail = selectors.program_detail(program)
        program.total_cost = detail.finance.total
        program.activity_count = len(detail.tree.activities)
        serializer = self.get_serializer(program, context={**self.get_serializer_context(), "detail": detail})
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(
        summary="Public hearings, the latest first",
        description=(
            "Hearings the municipalities announced (announced, postponed, cancelled, held, closed); "
            "never one being prepared."
        ),
        responses=responses(HearingSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="A public hearing: attendance, votes and the published proposals with what became of them",
        description=(
            "The attendance (women and men, by village and group, the mini-gatherings added), the "
            "priority votes and the minutes once the hearing is held, and every published proposal "
            "with its disposition, the answer and the part of the plan it was traced into. No personal "
            "data: no names of residents (not even those who let the hearing's page show theirs), no "
            "contacts, no gender or age of an author; proposals waiting for moderation or hidden are "
            "never given."
        ),
        responses=responses(HearingDetailSerializer),
    ),
)
class HearingViewSet(OpenDataViewSet):
    """Public hearings, village gatherings and mini-gatherings, and residents' proposals."""

    filterset_class = HearingFilter

    def get_queryset(self):
        return selectors.hearing_details() if self.action == "retrieve" else selectors.hearing_list()

    def get_serializer_class(self):
        return HearingDetailSerializer if self.action == "retrieve" else HearingSerializer

    def retrieve(self, request, *args, **kwargs):
        # A fixed number of queries whatever the number of proposals (hearings/public/content.py).
        hearing = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        with translation.override("ky"):  # the links into the plan, as the other links: in Kyrgyz
            head = hearing_head(hearing)
            results = hearing_results(hearing)
        hearing.proposal_count = len(results.proposals)
        context = {**self.get_serializer_context(), "head": head, "results": results}
        return Response(self.get_serializer(hearing, context=context).data)


class ProgramMonitoringView(OpenDataMixin, APIView):
    """The published yearly monitoring reports of a public program (api/selectors.py)."""

    @extend_schema(
        operation_id="programs_monitoring",
        summary="A published program's implementation: its published yearly monitoring reports",
        description=(
            "Per year, oldest first: how many activities are not started, in progress, completed, "
            "delayed or cancelled; per activity its status, the share done and the spending by "
            "funding source (the plan's lines of the year, the actual amount, the difference); per "
            "indicator the baseline, the year's target, the actual value and whether the target was "
            "met; the dates of the JMEG's verification and of the council's hearing. Only published "
            "reports: never a draft, submitted or accepted one, nor the coordinators' comments."
        ),
        responses=responses(ProgramMonitoringSerializer),
    )
    def get(self, request, pk: int):
        # A fixed number of queries whatever the number of reports and activities.
        program = get_object_or_404(public_programs(), pk=pk)
        program.reports = selectors.program_monitoring(program)
        return Response(ProgramMonitoringSerializer(program).data)


ROLLUP_DESCRIPTION = (
    "The current published program of each municipality of the {area} (status published; a "
    "superseded one is left out) and the latest published yearly monitoring report of each, added "
    "up: programs and programs reporting; activities by implementation status; planned against "
    "actual spending, in total and by funding source; the same by year over every published "
    "report; the standard indicators summed where their unit adds up (counts, households, people, "
    "km, som; never percentages, shares, rates or days), with how many programs measure each; "
    "and a row per municipality. Each figure is the sum of the programs' own monitoring figures "
    "(/api/v1/programs/{{id}}/monitoring/). Never a draft, submitted or accepted report."
)


class RollupView(OpenDataMixin, APIView):
    """The roll-up of an oblast or a rayon (monitoring/rollups/selectors.py)."""

    model = None
    rollup = None

    def get(self, request, pk: int):
        # A fixed number of queries whatever the number of programs.
        area = get_object_or_404(self.model.objects.all(), pk=pk)
        return Response(RollupSerializer(type(self).rollup(area)).data)


class RegionMonitoringView(RollupView):
    model = Region
    rollup = staticmethod(region_rollup)

    @extend_schema(
        operation_id="regions_monitoring",
        summary="An oblast's roll-up of the published monitoring reports of its programs",
        description=ROLLUP_DESCRIPTION.format(area="oblast"),
        responses=responses(RollupSerializer),
    )
    def get(self, request, pk: int):
        return super().get(request, pk)


class DistrictMonitoringView(RollupView):
    model = District
    rollup = staticmethod(district_rollup)

    @extend_schema(
        operation_id="districts_monitoring",
        summary="A rayon's roll-up of the published monitoring reports of its programs",
        description=ROLLUP_DESCRIPTION.format(area="rayon"),
        responses=responses(RollupSerializer),
    )
    def get(self, request, pk: int):
        return super().get(request, pk)


LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=list(LANGUAGES),
    default="ky",
    description=(
        "Language of the names of sectors, funding sources and villages, and of the workbook's "
        "headings. What the municipality wrote (titles, results) is as written."
    ),
)


class ActionPlanExportView(OpenDataMixin, APIView):
    """Base of the two downloads of a public program's action plan."""

    extension = ""
    content_type = ""

    def perform_content_negotiation(self, request, force=False):
        # The file is not rendered by DRF; its errors are always JSON, whatever Accept asks.
        return super().perform_content_negotiation(request, force=True)

    def content(self, program: Program) -> bytes:
        raise NotImplementedError

    def get(self, request, pk: int):
        lang = request.query_params.get("lang", LANGUAGES[0])
        if lang not in LANGUAGES:
            raise ValidationError(
                {"lang": [_("Choose one of: %(languages)s.") % {"languages": ", ".join(LANGUAGES)}]}
            )
        program = get_object_or_404(public_programs().select_related("municipality"), pk=pk)
        with translation.override(lang):
            content = self.content(program)
            filename = action_plan_filename(program, self.extension)
        return HttpResponse(
            content,
            content_type=self.content_type,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )


class ActionPlanCsvView(ActionPlanExportView):
    """The action plan of a published program as CSV (api/exports.py)."""

    extension = "csv"
    content_type = CSV_TYPE

    @extend_schema(
        operation_id="programs_action_plan_csv",
        summary="The action plan as CSV",
        description=(
            "UTF-8 with a byte order mark, comma separated, one row per activity × funding source × "
            "year (an activity without money: one row with empty source, year and amount). Amounts in "
            "KGS with a dot and two decimals. Columns: program_id, municipality, program, code, activity, "
            "sector_code, sector, responsible, village, start_year, end_year, expected_result, tags "
            "(separated by ;), funding_source_code, funding_source, year, amount. A text that starts "
            "with = + - @ is given a leading apostrophe so that spreadsheets do not run it."
        ),
        parameters=[LANG_PARAMETER],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file."),
            **{code: answer for code, answer in responses(None).items() if code != 200},
        },
    )
    def get(self, request, pk: int):
        return super().get(request, pk)

    def content(self, program: Program) -> bytes:
        return action_plan_csv(program)


class ActionPlanXlsxView(ActionPlanExportView):
    """The action plan of a published program as the Excel workbook of planning/exchange/action_plan.py."""

    extension = "xlsx"
    content_type = XLSX_TYPE

    @extend_schema(
        operation_id="programs_action_plan_xlsx",
        summary="The action plan as an Excel workbook",
        description=(
            "The same workbook the municipalities fill in: one row per activity and funding source, "
            "one amount column per year (KGS)."
        ),
        parameters=[LANG_PARAMETER],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The XLSX file."),
            **{code: answer for code, answer in responses(None).items() if code != 200},
        },
    )
    def get(self, request, pk: int):
        return super().get(request, pk)

    def content(self, program: Program) -> bytes:
        return export_action_plan(program)


class SchemaView(OpenDataMixin, SpectacularAPIView):
    """The OpenAPI 3 schema of this API (YAML; JSON with ?format=json), always in English."""

    renderer_classes = SpectacularAPIView.renderer_classes

    def dispatch(self, request, *args, **kwargs):
        # Field titles and choice labels are translated strings: render them in one language,
        # not in whichever the visitor's browser prefers.
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            response.render()
        return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a JSON 404 (or the address with its missing slash)."""
    if request.method in ("GET", "HEAD") and not request.path_info.endswith("/"):
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
            return HttpResponsePermanentRedirect(f"{request.path}/{query}")
    response = JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- The terms of use, for people ------------------------------------------------------------


@require_safe
def open_data(request):
    """What the API offers, in which formats, and on which terms."""

    def url(name: str, *args) -> str:
        return request.build_absolute_uri(reverse(name, args=args))

    endpoints = [
        (url("api:region-list"), _("Oblasts and cities of republican significance.")),
        (url("api:district-list"), _("Rayons and cities of oblast significance; filter: region.")),
        (
            url("api:municipality-list"),
            _(
                "Municipalities with their villages and the contacts of the aiyl okmotu; filters: region, district, q (name)."
            ),
        ),
        (
            url("api:program-list"),
            _(
                "Published programs; filters: region, district, municipality, year, sector, funding_source, status."
            ),
        ),
        (
            url("api:hearing-list"),
            _(
                "Public hearings with their attendance, votes and published proposals and what became of "
                "them (no personal data); filters: region, district, municipality, program, kind, hearing_format, "
                "status, year."
            ),
        ),
        (url("api:schema"), _("The OpenAPI 3 schema that describes every endpoint and field.")),
    ]
    return render(
        request,
        "api/open_data.html",
        {
            "endpoints": endpoints,
            "api_root": url("api:api-root"),
            "program_example": url("api:program-list") + "{id}/",
            "csv_example": url("api:program-list") + "{id}/action-plan.csv",
            "xlsx_example": url("api:program-list") + "{id}/action-plan.xlsx",
            "monitoring_csv_example": url("api:program-list") + "{id}/monitoring/{year}.csv",
            "monitoring_xlsx_example": url("api:program-list") + "{id}/monitoring/{year}.xlsx",
        },
    )
