"""Read queries on the territory that several pages share."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from municipalities.models import District, Municipality, Region
from municipalities.names import search_key
from municipalities.ordering import by_name

SEARCH_QUERY_MAX_LENGTH = 100
SEARCH_RESULTS_LIMIT = 50


@dataclass
class TerritorySearch:
    query: str
    key: str
    municipalities: list[Municipality]
    districts: list[District]
    too_short: bool = False
    truncated: bool = False


def regions_with_districts() -> QuerySet[Region]:
    """Every oblast and republican city with its rayons and cities (two queries)."""
    return Region.objects.prefetch_related(
        Prefetch("districts", queryset=District.objects.order_by("-kind", by_name()))
    )


def districts_of(region: Region) -> QuerySet[District]:
    return region.districts.annotate(municipality_count=Count("municipalities")).order_by("-kind", by_name())


def municipalities_of(district: District) -> QuerySet[Municipality]:
    return district.municipalities.select_related("merged_into").order_by(by_name())


def search_territory(*, query: str) -> TerritorySearch:
    """Municipalities and rayons whose name, in any language and common spelling, contains the query."""
    query = query.strip()
    key = search_key(query[:SEARCH_QUERY_MAX_LENGTH])
    if len(key) < 2:
        return TerritorySearch(query=query, key=key, municipalities=[], districts=[], too_short=True)
    municipalities = list(
        Municipality.objects.filter(search_key__contains=key)
        .select_related("district__region")
        .order_by(by_name())[: SEARCH_RESULTS_LIMIT + 1]
    )
    districts = list(
        District.objects.filter(search_key__contains=key).select_related("region").order_by(by_name())[:20]
    )
    return TerritorySearch(
        query=query,
        key=key,
        municipalities=municipalities[:SEARCH_RESULTS_LIMIT],
        districts=districts,
        truncated=len(municipalities) > SEARCH_RESULTS_LIMIT,
    )
