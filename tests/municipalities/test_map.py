"""The rayon map drawn on the server as SVG (municipalities/map.py, templates/territory/map.html)."""

import csv
import re
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from municipalities import map as rayon_map
from municipalities.models import District
from municipalities.territory import DATA_DIR, load_territory
from planning.demo.sample import build_program
from planning.models import Program
from planning.selectors import published_counts_by_district
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _link(pk: int) -> str:
    return reverse("territory:district", args=[pk])


def _draw(counts=None, labels=None) -> str:
    return rayon_map.rayon_map(
        counts=counts or {}, link=_link, title="Published development programs by rayon", labels=labels or {}
    )


def _program(district: District, status: str) -> Program:
    program = build_program(municipality=MunicipalityFactory(district=district), activities=1)
    Program.objects.filter(pk=program.pk).update(status=status)
    return program


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check that it is XML


def _district_link(svg: str, district: District) -> ET.Element:
    root = _parse(svg)
    (anchor,) = [a for a in root.iter(f"{SVG}a") if a.get("href") == _link(district.pk)]
    return anchor


@pytest.fixture
def territory():
    load_territory()


@pytest.fixture
def in_english():
    from django.utils import translation

    with translation.override("en"):  # the texts below are the English ones; links follow it
        yield


def test_the_svg_is_xml_with_a_linked_path_for_each_of_the_53_districts(territory, in_english):
    svg = _draw()
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group" and root.get("width") == "100%"
    assert re.fullmatch(r"0 0 1000 \d{3}", root.get("viewBox"))
    labelled_by = root.get("aria-labelledby").split()
    ids = {element.get("id"): element.tag for element in root.iter() if element.get("id")}
    assert [ids[i] for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert root.find(f"{SVG}title").text == "Published development programs by rayon"

    paths = list(root.iter(f"{SVG}path"))
    anchors = list(root.iter(f"{SVG}a"))
    assert len(paths) == 53 and len(anchors) == 53
    assert all([child.tag for child in a] == [f"{SVG}path"] for a in anchors)
    expected = {_link(pk) for pk in District.objects.values_list("pk", flat=True)}
    assert {a.get("href") for a in anchors} == expected
    # For the mouse only: the page lists the same links for the keyboard and screen readers.
    assert all(a.get("tabindex") == "-1" and a.get("aria-hidden") == "true" for a in anchors)
    for path in paths:
        assert path.get("class") == "map-level-0"
        assert path.get("fill") == rayon_map.LEVEL_FILLS[0]  # readable without the stylesheet
        assert path.find(f"{SVG}title").text.endswith(": 0 published plans")


def test_no_inline_style_for_the_content_security_policy(territory):
    svg = _draw()
    assert "<style" not in svg and "style=" not in svg and "<script" not in svg


def test_the_whole_svg_is_light(territory):
    svg = _draw(counts=dict.fromkeys(District.objects.values_list("pk", flat=True), 3))
    assert len(svg.encode()) < 60 * 1024


def test_every_boundary_of_the_source_is_drawn_with_one_decimal_inside_the_viewbox():
    geometry = rayon_map.district_paths()
    with open(DATA_DIR / "cod_ab_adm2_attributes.csv", encoding="utf-8-sig", newline="") as handle:
        pcodes = {row["ADM2_PCODE"].strip() for row in csv.DictReader(handle)}
    assert set(geometry.paths) == pcodes
    assert 450 <= geometry.height <= 550
    for d in geometry.paths.values():
        assert re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", d)
        assert not re.search(r"\.\d\d", d)
        # Absolute moves start each ring inside the map.
        for x, y in re.findall(r"M(-?[\d.]+) (-?[\d.]+)", d):
            assert 0 <= float(x) <= geometry.width and 0 <= float(y) <= geometry.height


def test_a_district_with_two_published_plans_has_the_second_shade(territory):
    district = District.objects.get(pcode="KG04220000000")  # At-Bashy
    _program(district, "published")
    _program(district, "published")
    counts = published_counts_by_district()
    assert counts == {district.pk: 2}

    with translation.override("en"):
        svg = _draw(counts=counts, labels={district.pk: "At-Bashy rayon"})
        path = _district_link(svg, district).find(f"{SVG}path")
    assert path.get("class") == "map-level-2"
    assert path.get("fill") == rayon_map.LEVEL_FILLS[2]
    assert path.find(f"{SVG}title").text == "At-Bashy rayon: 2 published plans"


def test_only_published_programs_are_counted(territory):
    district, other = District.objects.order_by("pk")[:2]
    _program(district, "published")
    for status in ("draft", "submitted", "changes_requested", "endorsed", "approved", "superseded"):
        _program(district, status)
        _program(other, status)
    assert published_counts_by_district() == {district.pk: 1}


def test_counting_is_one_query(territory, django_assert_num_queries):
    for district in District.objects.order_by("pk")[:3]:
        _program(district, "published")
    with django_assert_num_queries(1):
        counts = published_counts_by_district()
    assert sorted(counts.values()) == [1, 1, 1]


def test_levels_and_their_words():
    assert [rayon_map.level_of(n) for n in (0, 1, 2, 4, 5, 9, 10, 250)] == [0, 1, 2, 2, 3, 3, 4, 4]
    with translation.override("en"):
        assert [rayon_map.level_label(level) for level in range(5)] == [
            "none",
            "1",
            "2–4",
            "5–9",
            "10 or more",
        ]


def test_the_legend_under_the_map_explains_every_shade_in_words_of_the_page(territory):
    with translation.override("en"):
        svg = _draw()
        html = render_to_string("territory/map.html", {"map_svg": svg, "map_legend": rayon_map.legend()})
    # The legend is the page's text, not text in the SVG that shrinks with the map on a phone.
    assert not list(_parse(svg).iter(f"{SVG}text"))
    legend = html[html.index('<div class="map-legend">') : html.index("<figcaption")]
    assert "Published plans:" in legend
    labels = re.findall(r"</svg> ([^<]+)</li>", legend)
    assert labels == ["none", "1", "2–4", "5–9", "10 or more"]
    swatches = re.findall(r'<rect [^>]*class="(map-level-\d)" fill="(#[0-9a-f]{6})"', legend)
    assert swatches == [(f"map-level-{level}", fill) for level, fill in enumerate(rayon_map.LEVEL_FILLS)]
    assert html.index("<svg") < html.index('<div class="map-legend">') < html.index("<figcaption")


def test_names_are_escaped(territory):
    district = District.objects.get(pcode="KG04220000000")
    evil = '<script>alert("x")</script> & co'
    District.objects.filter(pk=district.pk).update(name_ky=evil, name_ru=evil, name_en=evil)
    district.refresh_from_db()

    for labels in ({}, {district.pk: district.name}):  # the District's own name, or the caller's
        svg = _draw(labels=labels)
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        title = _district_link(svg, district).find(f"{SVG}path").find(f"{SVG}title").text
        assert title.startswith(evil + ": 0")

    html = render_to_string(
        "territory/map.html", {"map_svg": _draw(), "map_rows": [(district, 1, _link(district.pk))]}
    )
    assert "<script" not in html and "&lt;script&gt;" in html


def test_the_partial_shows_the_map_in_a_figure_and_lists_the_rayons_for_screen_readers(territory):
    district = District.objects.get(pcode="KG04220000000")
    with translation.override("en"):
        html = render_to_string(
            "territory/map.html",
            {
                "map_svg": _draw(counts={district.pk: 2}),
                "map_rows": [(district, 2, _link(district.pk))],
            },
        )
        assert f'<a href="{_link(district.pk)}">At-Bashy rayon: 2 published plans</a>' in html
    assert html.index("<figure") < html.index("<svg") < html.index("<figcaption") < html.index("</figure>")
    assert "css/map.css" in html
    assert re.search(r'<ul class="visually-hidden-focusable[^"]*"', html)

    with translation.override("en"):
        empty = render_to_string("territory/map.html", {"map_svg": _draw(), "map_rows": []})
    assert "<ul" not in empty and "No rayon or city has a published program yet." in empty


def test_the_geometry_is_built_once_then_served_from_the_caches():
    rayon_map.district_paths.cache_clear()
    cache.clear()
    with mock.patch.object(rayon_map, "build_geometry", wraps=rayon_map.build_geometry) as build:
        first = rayon_map.district_paths()
        second = rayon_map.district_paths()
        assert build.call_count == 1
        assert second is first  # the process's own cache

        rayon_map.district_paths.cache_clear()  # another worker: Django's cache has it
        third = rayon_map.district_paths()
        assert build.call_count == 1
        assert third == first
    rayon_map.district_paths.cache_clear()


def test_drawing_does_not_rebuild_the_geometry(territory, django_assert_num_queries):
    rayon_map.district_paths()
    with mock.patch.object(rayon_map, "build_geometry") as build, django_assert_num_queries(1):
        _draw()
    build.assert_not_called()
