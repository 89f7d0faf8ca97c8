"""Public pages of the territory: an oblast, a rayon, a municipality. Open to everyone."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from municipalities import selectors
from municipalities.models import District, Municipality, Region


@require_safe
def region_detail(request, pk: int):
    region = get_object_or_404(Region, pk=pk)
    return render(
        request, "territory/region.html", {"region": region, "districts": selectors.districts_of(region)}
    )


@require_safe
def district_detail(request, pk: int):
    district = get_object_or_404(District.objects.select_related("region"), pk=pk)
    return render(
        request,
        "territory/district.html",
        {"district": district, "municipalities": selectors.municipalities_of(district)},
    )


@require_safe
def municipality_detail(request, pk: int):
    municipality = get_object_or_404(
        Municipality.objects.select_related("district__region", "merged_into"), pk=pk
    )
    return render(
        request,
        "territory/municipality.html",
        {
            "municipality": municipality,
            "villages": municipality.villages.all(),
            "projects": municipality.donor_projects.order_by("-start_year"),
            "merged_from": municipality.merged_from.all(),
        },
    )
