"""Build the simplified rayon map and put it in the cache; optionally write the SVG to a file.

python manage.py build_map                       # warm the shared cache (after a deploy)
python manage.py build_map --svg /tmp/map.svg    # and write the map as the home page shows it
python manage.py build_map --svg /tmp/map.svg --sample-counts   # every shade, for a look
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from municipalities import map as rayon_map
from municipalities.models import District
from planning.selectors import published_counts_by_district


class Command(BaseCommand):
    help = "Simplify the rayon boundaries for the SVG map, cache them, and optionally write the SVG."

    def add_arguments(self, parser):
        parser.add_argument("--svg", type=Path, help="write the whole <svg> to this file")
        parser.add_argument(
            "--sample-counts",
            action="store_true",
            help="shade the map with made-up counts (0 to 12) instead of the published plans",
        )
        parser.add_argument("--language", default="ky", help="language of the texts (ky, ru, en)")

    def handle(self, *args, svg: Path | None, sample_counts: bool, language: str, **options):
        started = time.perf_counter()
        geometry = rayon_map.warm_cache()
        built = time.perf_counter() - started
        size = sum(len(d) for d in geometry.paths.values())
        self.stdout.write(
            f"{len(geometry.paths)} boundaries, {size / 1024:.1f} KB of path data, "
            f"viewBox {geometry.width}×{geometry.height}, tolerance {rayon_map.TOLERANCE}, "
            f"built in {built:.2f} s and cached"
        )
        if svg is None:
            return
        with translation.override(language):
            if sample_counts:
                ids = District.objects.order_by("pcode").values_list("pk", flat=True)
                counts = {pk: (i * 7) % 13 for i, pk in enumerate(ids)}
            else:
                counts = published_counts_by_district()
            text = rayon_map.rayon_map(
                counts=counts,
                link=lambda pk: reverse("territory:district", args=[pk]),
                title=translation.gettext("Published development programs by rayon"),
                labels={},
            )
        svg.write_text(text, encoding="utf-8")
        self.stdout.write(f"{svg}: {len(text.encode()) / 1024:.1f} KB")
