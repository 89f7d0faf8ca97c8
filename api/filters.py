"""Query filters of the open data API (django-filter). A bad value answers 400 with the reason."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from hearings.models import Hearing
from hearings.workflow import PUBLIC_STATUSES as HEARING_STATUSES
from municipalities.models import District, Municipality
from municipalities.names import search_key
from municipalities.selectors import SEARCH_QUERY_MAX_LENGTH
from planning.models import Activity, FundingLine, Program
from planning.selectors import PUBLIC_STATUSES

# The largest id a 64-bit column holds; larger numbers would crash some databases.
MAX_ID = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1991, 2100
CODE_MAX_LENGTH = 40

ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
YEAR_SCHEMA = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
ID_OR_CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"
ID_OR_CODE_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": CODE_MAX_LENGTH,
    "pattern": ID_OR_CODE_PATTERN,
}


class WholeNumberField(forms.IntegerField):
    """Digits only: Django's IntegerField also takes " 7", "+7", "7.0" and non-Latin digits."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"-?[0-9]+", str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerFilter(filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = WholeNumberField


class IdOrCodeField(forms.CharField):
    """The id (digits) or the code (a slug) of a reference item, such as a sector."""

    default_validators = [
        RegexValidator(ID_OR_CODE_PATTERN, _("Give an id or a code (letters, digits, - and _)."))
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", CODE_MAX_LENGTH)
        super().__init__(**kwargs)


class IdOrCodeFilter(filters.CharFilter):
    field_class = IdOrCodeField


def documented(schema: dict, description: str, item: filters.Filter) -> filters.Filter:
    """The filter with its exact schema in the OpenAPI document (always in English)."""
    return extend_schema_field({**schema, "description": description})(item)


def id_filter(field_name: str, description: str) -> filters.Filter:
    return documented(
        ID_SCHEMA, description, IntegerFilter(field_name=field_name, min_value=1, max_value=MAX_ID)
    )


def _id_or_code(field: str, value: str) -> Q:
    """`sector=12` is the sector with id 12, `sector=water` the one with code "water"."""
    if value.isdigit():
        number = int(value)
        # An id no column can hold matches nothing (and must not reach the database).
        return Q(**{f"{field}_id": number}) if number <= MAX_ID else Q(pk__in=[])
    return Q(**{f"{field}__code": value})


class DistrictFilter(filters.FilterSet):
    region = id_filter("region_id", "Only the rayons of this oblast (its id).")

    class Meta:
        model = District
        fields = ["region"]


class MunicipalityFilter(filters.FilterSet):
    region = id_filter("district__region_id", "Only the municipalities of this oblast (its id).")
    district = id_filter("district_id", "Only the municipalities of this rayon (its id).")
    q = documented(
        # Django refuses the NUL character in any text field (400); the schema says so.
        {"type": "string", "minLength": 1, "maxLength": SEARCH_QUERY_MAX_LENGTH, "pattern": r"^[^\x00]+$"},
        "Part of the name in Kyrgyz, Russian or English, in any common spelling "
        "(Kok-Jar, Кок-Жар and Көк-Жар find the same).",
        filters.CharFilter(method="search", max_length=SEARCH_QUERY_MAX_LENGTH),
    )

    class Meta:
        model = Municipality
        fields = ["region", "district", "q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value)
        if not key:
            return queryset.none()
        return queryset.filter(search_key__contains=key)


class ProgramFilter(filters.FilterSet):
    region = id_filter("municipality__district__region_id", "Only the programs of this oblast (its id).")
    district = id_filter("municipality__district_id", "Only the programs of this rayon (its id).")
    municipality = id_filter("municipality_id", "Only the programs of this municipality (its id).")
    year = documented(
        YEAR_SCHEMA,
        "Only the programs whose period includes this year.",
        IntegerFilter(method="in_year", min_value=YEAR_MIN, max_value=YEAR_MAX),
    )
    sector = documented(
        ID_OR_CODE_SCHEMA,
        "Only the programs with an activity in this sector (its id or its code, e.g. drinking-water).",
        IdOrCodeFilter(method="with_sector"),
    )
    funding_source = documented(
        ID_OR_CODE_SCHEMA,
        "Only the programs with money from this funding source (its id or its code, e.g. donors).",
        IdOrCodeFilter(method="with_funding_source"),
    )
    status = documented(
        {"type": "string", "enum": [status.value for status in PUBLIC_STATUSES]},
        "published: the program in force; superseded: an older version replaced by a newer one.",
        filters.ChoiceFilter(choices=[(status.value, status.label) for status in PUBLIC_STATUSES]),
    )

    class Meta:
        model = Program
        fields = ["region", "district", "municipality", "year", "sector", "funding_source", "status"]

    def in_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def with_sector(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        activities = Activity.objects.filter(
            _id_or_code("sector", value), objective__goal__priority__program=OuterRef("pk")
        )
        return queryset.filter(Exists(activities))

    def with_funding_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        lines = FundingLine.objects.filter(
            _id_or_code("source", value), activity__objective__goal__priority__program=OuterRef("pk")
        )
        return queryset.filter(Exists(lines))


class HearingFilter(filters.FilterSet):
    region = id_filter("municipality__district__region_id", "Only the hearings of this oblast (its id).")
    district = id_filter("municipality__district_id", "Only the hearings of this rayon (its id).")
    municipality = id_filter("municipality_id", "Only the hearings of this municipality (its id).")
    program = id_filter("program_id", "Only the hearings on this published program (its id).")
    kind = documented(
        {"type": "string", "enum": Hearing.Kind.values},
        "Only the hearings on this subject.",
        filters.ChoiceFilter(choices=Hearing.Kind.choices),
    )
    # Not `format`: DRF reads that parameter as the answer's format.
    hearing_format = documented(
        {"type": "string", "enum": Hearing.Format.values},
        "Only public hearings, village gatherings or mini-gatherings (the hearing's `format`).",
        filters.ChoiceFilter(field_name="format", choices=Hearing.Format.choices),
    )
    status = documented(
        {"type": "string", "enum": [status.value for status in HEARING_STATUSES]},
        "announced, postponed, cancelled, held or closed (a hearing being prepared is never public).",
        filters.ChoiceFilter(choices=[(status.value, status.label) for status in HEARING_STATUSES]),
    )
    year = documented(
        YEAR_SCHEMA,
        "Only the hearings held (or to be held) in this year.",
        IntegerFilter(field_name="starts_at", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX),
    )

    class Meta:
        model = Hearing
        fields = ["region", "district", "municipality", "program", "kind", "hearing_format", "status", "year"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        # `program` names a published program: a draft's hearings are found by municipality.
        if self.form.cleaned_data.get("program"):
            queryset = queryset.filter(program__status__in=PUBLIC_STATUSES)
        return queryset
