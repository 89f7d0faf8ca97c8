"""A map of Kyrgyzstan's rayons drawn on the server as SVG: no tiles, no scripts, ~50 KB.

The boundaries come from municipalities/data/kgz_admbnda_adm2_moes_20181119.json (53 rayons and
cities of oblast significance, WGS84; SOURCE.md). They are read once per process, simplified and
projected (`district_paths()`, cached in the process and in Django's cache), then drawn with the
counts of the day by `rayon_map()`.

Simplification keeps the topology: the vertices where the neighbours of a boundary change are
fixed, the arcs between them are simplified once (Douglas–Peucker) and shared by both sides, so
neighbouring rayons keep a common border with no gaps or overlaps.

Bishkek and Osh (cities of republican significance) are not in the source file: they show as
small holes in Chui and Osh oblasts.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities.models import District

GEOJSON_PATH = Path(__file__).resolve().parent / "data" / "kgz_admbnda_adm2_moes_20181119.json"

# Bump when the drawing of the geometry changes, so that Django's cache (Redis, shared by the
# workers and kept across deploys) does not serve the old one.
GEOMETRY_VERSION = 1
WIDTH = 1000  # the viewBox is WIDTH × height (height from the country's shape, ~500)
PADDING = 8
REFERENCE_LATITUDE = 41.2  # equirectangular projection, x scaled by cos(41.2°)
# Douglas–Peucker tolerance in viewBox units (1 unit ≈ 0.8 px on an 800 px wide map, ≈ 0.9 km).
TOLERANCE = 0.6
# Islands and holes smaller than this (in square viewBox units) are dropped; a district's
# largest polygon is always kept, however small (the cities of oblast significance are).
MIN_RING_AREA = 3.0

# Lower bound of each shade: level 0 is "no published plan", then 1, 2–4, 5–9, 10 or more.
LEVEL_THRESHOLDS = (1, 2, 5, 10)
# Fill of each level (also in static/css/map.css, which wins over these presentation
# attributes). All have a contrast of at least 3:1 with the boundaries (STROKE).
LEVEL_FILLS = ("#f1f1ee", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8")
STROKE = "#1f2933"


@dataclasses.dataclass(frozen=True)
class MapGeometry:
    width: int
    height: int
    paths: dict[str, str]  # ADM2_PCODE → SVG path data
    order: dict[str, int]  # ADM2_PCODE → place in the drawing order (largest first)


# --- Shading: the caller counts (planning.selectors.published_counts_by_district for the home
# page), so this module knows nothing of plans: municipalities sits below planning. -----------


def level_of(count: int) -> int:
    """0 for no published plan, then 1..4 (LEVEL_THRESHOLDS)."""
    return sum(count >= low for low in LEVEL_THRESHOLDS)


def level_label(level: int) -> str:
    """The legend's words for a level: "none", "1", "2–4", "5–9", "10 or more"."""
    if level == 0:
        return _("none")
    low = LEVEL_THRESHOLDS[level - 1]
    if level == len(LEVEL_THRESHOLDS):
        return _("%(count)s or more") % {"count": low}
    high = LEVEL_THRESHOLDS[level] - 1
    return str(low) if low == high else f"{low}–{high}"


# --- Geometry -------------------------------------------------------------------------------


def _project(lon: float, lat: float, west: float, north: float, scale: float) -> tuple[float, float]:
    return (
        PADDING + (lon - west) * math.cos(math.radians(REFERENCE_LATITUDE)) * scale,
        PADDING + (north - lat) * scale,
    )


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Keep the first and last points and whatever lies further than `tolerance` from the line."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length2 == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
                distance = math.hypot(px - ax - t * dx, py - ay - t * dy)
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[tuple[int, int]]) -> float:
    """Unsigned area of a ring of points in tenths of a unit, in square units."""
    total = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 200.0


def _number(tenths: int) -> str:
    """12 → "1.2", -5 → "-.5", 30 → "3": the shortest form of a number with one decimal."""
    sign = "-" if tenths < 0 else ""
    whole, fraction = divmod(abs(tenths), 10)
    if fraction == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{fraction}"


def _ring_path(ring: list[tuple[int, int]]) -> str:
    """'M x y' then relative moves (exact: they are differences of rounded points), then 'z'."""
    parts = ["M", _number(ring[0][0]), " ", _number(ring[0][1]), "l"]
    first = True
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        for value in (x1 - x0, y1 - y0):
            text = _number(value)
            if not first and not text.startswith("-"):
                parts.append(" ")
            parts.append(text)
            first = False
    parts.append("z")
    return "".join(parts)


def build_geometry(tolerance: float = TOLERANCE) -> MapGeometry:
    """Read, simplify and project the boundaries: one path per ADM2_PCODE. Takes ~0.3 s."""
    with open(GEOJSON_PATH, encoding="utf-8") as handle:
        features = json.load(handle)["features"]

    # Rings as lists of (lon, lat) without the closing point; polygons as lists of ring indexes.
    rings: list[list[tuple[float, float]]] = []
    polygons_of: dict[str, list[list[int]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        polygon_rings = []
        for polygon in polygons:
            indexes = []
            for ring in polygon:
                points = [(float(x), float(y)) for x, y in ring]
                if points[0] == points[-1]:
                    points.pop()
                if len(points) >= 3:
                    indexes.append(len(rings))
                    rings.append(points)
            if indexes:
                polygon_rings.append(indexes)
        polygons_of[feature["properties"]["ADM2_PCODE"].strip()] = polygon_rings

    west = min(x for ring in rings for x, _y in ring)
    east = max(x for ring in rings for x, _y in ring)
    south = min(y for ring in rings for _x, y in ring)
    north = max(y for ring in rings for _x, y in ring)
    cos_lat = math.cos(math.radians(REFERENCE_LATITUDE))
    scale = (WIDTH - 2 * PADDING) / ((east - west) * cos_lat)
    height = math.ceil((north - south) * scale + 2 * PADDING)

    # Fixed vertices: where the set of rings that share a vertex changes along a ring (the ends
    # of a common border), and, on rings with fewer than three, their extreme points. A vertex
    # fixed for one ring is fixed for every ring through it, so both sides of a border are cut
    # into the same arcs and simplified alike.
    owners: dict[tuple[float, float], set[int]] = defaultdict(set)
    for index, ring in enumerate(rings):
        for point in ring:
            owners[point].add(index)
    fixed: set[tuple[float, float]] = set()
    for ring in rings:
        signatures = [frozenset(owners[p]) for p in ring]
        n = len(ring)
        for i, point in enumerate(ring):
            if signatures[i] != signatures[i - 1] or signatures[i] != signatures[(i + 1) % n]:
                fixed.add(point)
    for ring in rings:
        if sum(p in fixed for p in ring) < 3:
            fixed.update(
                (min(ring), max(ring), min(ring, key=lambda p: p[::-1]), max(ring, key=lambda p: p[::-1]))
            )

    simplified_arcs: dict[tuple, list[tuple[float, float]]] = {}

    def simplify_arc(arc: list[tuple[float, float]]) -> list[tuple[float, float]]:
        # The same arc seen from the other side runs backwards: simplify it in one direction.
        forward = tuple(arc)
        backward = forward[::-1]
        key = min(forward, backward)
        if key not in simplified_arcs:
            projected = [_project(x, y, west, north, scale) for x, y in key]
            simplified_arcs[key] = _douglas_peucker(projected, tolerance)
        result = simplified_arcs[key]
        return list(result) if key == forward else result[::-1]

    def simplify_ring(ring: list[tuple[float, float]]) -> list[tuple[int, int]]:
        start = next(i for i, p in enumerate(ring) if p in fixed)
        rotated = ring[start:] + ring[:start] + [ring[start]]
        points: list[tuple[float, float]] = []
        arc = [rotated[0]]
        for point in rotated[1:]:
            arc.append(point)
            if point in fixed:
                simplified = simplify_arc(arc)
                points.extend(simplified if not points else simplified[1:])
                arc = [point]
        points.pop()  # the closing point
        tenths: list[tuple[int, int]] = []
        for x, y in points:
            point = (round(x * 10), round(y * 10))
            if not tenths or tenths[-1] != point:
                tenths.append(point)
        while len(tenths) > 1 and tenths[-1] == tenths[0]:
            tenths.pop()
        return tenths

    paths: dict[str, str] = {}
    areas: dict[str, float] = {}
    for pcode, polygons in polygons_of.items():
        drawn = []
        for polygon in polygons:
            outer, *holes = (simplify_ring(rings[i]) for i in polygon)
            holes = [h for h in holes if len(h) >= 3 and _area(h) >= MIN_RING_AREA]
            drawn.append((_area(outer) if len(outer) >= 3 else 0.0, outer, holes))
        drawn.sort(key=lambda item: -item[0])
        kept = [item for i, item in enumerate(drawn) if i == 0 or item[0] >= MIN_RING_AREA]
        areas[pcode] = sum(item[0] for item in kept)
        paths[pcode] = "".join(
            _ring_path(ring) for _area_, outer, holes in kept for ring in (outer, *holes) if len(ring) >= 2
        )
    # Larger areas first, so that the small cities of oblast significance are drawn on top.
    order = {pcode: i for i, pcode in enumerate(sorted(paths, key=lambda pcode: -areas[pcode]))}
    return MapGeometry(width=WIDTH, height=height, paths=paths, order=order)


def _cache_key() -> str:
    return f"municipalities:map-geometry:v{GEOMETRY_VERSION}:{TOLERANCE}:{GEOJSON_PATH.stat().st_size}"


@functools.lru_cache(maxsize=1)
def district_paths() -> MapGeometry:
    """The simplified geometry, built once per process (or taken from Django's cache)."""
    key = _cache_key()
    cached = cache.get(key)  # a plain dict: nothing to unpickle but built-in types
    if isinstance(cached, dict) and cached.keys() == {f.name for f in dataclasses.fields(MapGeometry)}:
        return MapGeometry(**cached)
    geometry = build_geometry()
    cache.set(key, dataclasses.asdict(geometry), timeout=None)
    return geometry


def warm_cache() -> MapGeometry:
    """Build the geometry now and share it through Django's cache (`manage.py build_map`)."""
    geometry = build_geometry()
    cache.set(_cache_key(), dataclasses.asdict(geometry), timeout=None)
    district_paths.cache_clear()
    return geometry


# --- Drawing --------------------------------------------------------------------------------


def rayon_map(
    *,
    counts: dict[int, int],
    link: Callable[[int], str],
    title: str,
    labels: dict[int, str] | None = None,
) -> SafeString:
    """The whole <svg>: each District with a boundary is a link shaded by its count.

    The links are for the mouse: hidden from assistive technologies and out of the keyboard's
    way (a picture may not hold links, WCAG 4.1.2), since templates/territory/map.html lists
    the same links for them. The map itself is a named group with its description.

    counts: District id → number of published plans (missing: none);
    link: District id → URL of its page;
    title: the map's accessible name (its <title>);
    labels: District id → name to show (missing: the District's name in the active language).
    Every text is escaped here. One query (the Districts' ids and P-codes). The words for the
    shades are `legend()`, which the template draws under the map.
    """
    geometry = district_paths()
    labels = labels or {}
    rows = District.objects.exclude(pcode="").only("pk", "pcode", "name_ky", "name_ru", "name_en")
    districts = sorted(
        (d for d in rows if d.pcode.strip() in geometry.paths),
        key=lambda d: (geometry.order[d.pcode.strip()], d.pk),
    )

    with_plans = sum(1 for d in districts if counts.get(d.pk, 0) > 0)
    description = " ".join(
        (
            _(
                "A map of the rayons and cities of oblast significance of Kyrgyzstan, shaded by their "
                "number of published development programs; each one links to its page."
            ),
            ngettext(
                "%(count)s rayon or city has published programs.",
                "%(count)s rayons and cities have published programs.",
                with_plans,
            )
            % {"count": with_plans},
        )
    )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rayon-map" viewBox="0 0 {geometry.width} {geometry.height}"'
        ' width="100%" role="group" aria-labelledby="rayon-map-title rayon-map-desc">',
        f'<title id="rayon-map-title">{escape(title)}</title>',
        f'<desc id="rayon-map-desc">{escape(description)}</desc>',
        f'<g class="map-districts" stroke="{STROKE}" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for district in districts:
        count = counts.get(district.pk, 0)
        level = level_of(count)
        name = labels.get(district.pk) or district.name
        text = ngettext(
            "%(name)s: %(count)s published plan", "%(name)s: %(count)s published plans", count
        ) % {"name": name, "count": count}
        out.append(
            f'<a href="{escape(link(district.pk))}" tabindex="-1" aria-hidden="true">'
            f'<path d="{geometry.paths[district.pcode.strip()]}" class="map-level-{level}" fill="{LEVEL_FILLS[level]}">'
            f"<title>{escape(text)}</title></path></a>"
        )
    out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text in it went through escape()


@dataclasses.dataclass(frozen=True)
class LegendEntry:
    level: int
    fill: str
    label: str


def legend() -> list[LegendEntry]:
    """The words for each shade, in the active language, for the legend under the map
    (templates/territory/map.html). The legend is HTML, not part of the SVG: text in the SVG
    shrinks with the map (7 px on a phone), the page's text keeps its size and wraps."""
    return [LegendEntry(level, fill, level_label(level)) for level, fill in enumerate(LEVEL_FILLS)]
