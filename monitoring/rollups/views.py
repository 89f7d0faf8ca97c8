"""The public roll-ups: every oblast with its totals, an oblast, a rayon. Open to everyone; only
published reports of published programs (monitoring/rollups/selectors.py). Their whole answers
are kept per publication generation (config/page_cache.py: publishing a report moves it on)."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from monitoring.rollups.charts import rollup_charts
from monitoring.rollups.selectors import district_rollup, region_rollup, region_totals, summarise
from municipalities.models import District, Region
from municipalities.ordering import alphabetical


@require_safe
def index(request):
    rollups = region_totals()
    return render(request, "monitoring/rollups/index.html", {"rollups": rollups})


@require_safe
def region(request, pk: int):
    area = get_object_or_404(Region, pk=pk)
    rollup = region_rollup(area)
    rows_of = defaultdict(list)
    for row in rollup.rows:
        rows_of[row.municipality.district_id].append(row)
    districts = sorted(
        (summarise(rows[0].municipality.district, rows) for rows in rows_of.values()),
        key=lambda r: (alphabetical(r.area.name), r.area.pk),
    )
    return render(
        request,
        "monitoring/rollups/area.html",
        {
            "area": area,
            "region": None,
            "rollup": rollup,
            "districts": districts,
            "charts": rollup_charts(rollup),
        },
    )


@require_safe
def district(request, pk: int):
    area = get_object_or_404(District.objects.select_related("region"), pk=pk)
    rollup = district_rollup(area)
    return render(
        request,
        "monitoring/rollups/area.html",
        {
            "area": area,
            "region": area.region,
            "rollup": rollup,
            "districts": [],
            "charts": rollup_charts(rollup),
        },
    )
