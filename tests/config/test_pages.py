from pathlib import Path

import pytest

from municipalities.territory import load_territory
from tests.conftest import PERSONAS
from tests.factories import MunicipalityFactory, VillageFactory

pytestmark = pytest.mark.django_db


def test_home_in_kyrgyz_lists_the_oblasts(client):
    load_territory()
    body = client.get("/ky/").content.decode()
    for name in ["Баткен облусу", "Жалал-Абад облусу", "Ысык-Көл облусу", "Нарын облусу", "Ош облусу",
                 "Талас облусу", "Чүй облусу", "Бишкек шаары", "Ош шаары", "Ноокат району"]:  # fmt: skip
        assert name in body


def test_home_has_the_landmarks_and_skip_link(client):
    body = client.get("/en/").content.decode()
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body and 'role="search"' in body
    assert '<label for="id_q"' in body


def test_home_query_count_does_not_grow_with_the_territory(client, django_assert_max_num_queries):
    load_territory()
    client.get("/ky/")
    # From the cache: 1: the public generation (planning/publication/cache.py, one aggregate),
    # 2: oblasts, 3: their rayons and cities (the figures, the latest plans and the map are
    # cached until the next publication).
    with django_assert_max_num_queries(3):
        response = client.get("/ky/")
    assert response.status_code == 200
    assert "Ысык-Көл" in response.content.decode()  # the territory is on the page


def test_home_query_count_does_not_grow_with_the_published_plans(client, reference):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.planning.publication.conftest import make_published

    load_territory()

    def cold() -> int:
        from config import page_cache

        cache.clear()
        page_cache.clear()  # make_published does not move the generation: the page itself is measured
        with CaptureQueriesContext(connection) as captured:
            client.get("/ky/")
        return len(captured)

    make_published(activities=2)
    one = cold()
    for _ in range(10):
        make_published(activities=2)
    assert cold() == one


def test_browse_oblast_rayon_municipality(client):
    load_territory()
    from municipalities.models import District

    nookat = District.objects.get(soate="41706242000000")
    kok_jar = MunicipalityFactory(district=nookat, name_ky="Көк-Жар айыл аймагы", population=23456)
    VillageFactory(municipality=kok_jar, name_ky="Көк-Жар", is_centre=True)
    body = client.get(f"/ky/oblasts/{nookat.region_id}/").content.decode()
    assert f'href="/ky/rayons/{nookat.pk}/"' in body and "1 муниципалитет" in body
    body = client.get(f"/ky/rayons/{nookat.pk}/").content.decode()
    assert f'href="/ky/municipalities/{kok_jar.pk}/"' in body
    body = client.get(f"/ru/municipalities/{kok_jar.pk}/").content.decode()
    assert "Ноокатский район" in body and "23\xa0456" in body and "Көк-Жар (центр)" in body


def test_unknown_addresses_are_404(client):
    for url in ["/ky/oblasts/999999/", "/ky/rayons/999999/", "/ky/municipalities/999999/"]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_workspace_home_per_persona(client, world, persona):
    user = world.persona(persona)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get("/en/workspace/")
    if persona == "citizen":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
        return
    body = response.content.decode()
    shows_a = "Kök-Jar aiyl aimak" in body
    shows_b = "Ak-Tal aiyl aimak" in body
    expected = {
        "staff_a": (True, False),
        "staff_b": (False, True),
        "head_a": (True, False),
        "coordinator_a": (True, False),
        "coordinator_other": (False, True),
        "admin": (False, False),
    }[persona]
    assert (shows_a, shows_b) == expected
    if persona == "head_a":
        assert "head of the aiyl okmotu" in body


def test_admin_pages_for_reference_data(client, world):
    client.force_login(world.admin)
    for url in ["/admin/municipalities/region/", "/admin/municipalities/district/",
                "/admin/municipalities/municipality/", "/admin/municipalities/donorproject/",
                "/admin/accounts/user/", f"/admin/accounts/user/{world.staff_a.pk}/change/",
                f"/admin/municipalities/municipality/{world.municipality_a.pk}/change/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_admin_is_closed_to_municipal_staff(client, world):
    client.force_login(world.staff_a)
    assert client.get("/admin/municipalities/region/").status_code == 302


def test_administrators_manage_sectors_and_funding_sources_in_the_admin(client, world, reference):
    from planning.models import FundingSource, Sector

    client.force_login(world.admin)
    for url in ["/admin/planning/sector/", "/admin/planning/fundingsource/", "/admin/planning/sector/add/"]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/planning/sector/add/",
        {"code": "climate", "name_ky": "Климат", "name_ru": "Климат", "name_en": "Climate", "order": 30,
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Sector.objects.get(code="climate").name_ky == "Климат"
    source = FundingSource.objects.first()
    page = client.get(f"/admin/planning/fundingsource/{source.pk}/change/").content.decode()
    assert 'name="code"' not in page  # a code is fixed once created (the loader finds rows by it)
    assert source.code in page


def test_every_page_names_the_icon_and_favicon_ico_leads_to_it(client):
    from django.contrib.staticfiles import finders

    body = client.get("/ky/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in body
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
    icon = finders.find("img/favicon.svg")
    assert icon and Path(icon).read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize(
    ("language", "city", "words"),
    [
        ("ky", "Бишкек шаары", "Республикалык маанидеги шаар"),
        ("ru", "г. Ош", "Город республиканского значения"),
        ("en", "Bishkek city", "A city of republican significance"),
    ],
)
def test_the_cards_of_bishkek_and_osh_say_why_they_list_no_aiyl_aimak(client, language, city, words):
    import re

    from municipalities.models import Region

    load_territory()
    body = client.get(f"/{language}/").content.decode()
    cards = re.findall(r'<section class="card h-100".*?</section>', body, re.S)
    [card] = [c for c in cards if city in c]
    assert words in card and "<li>" not in card
    assert sum(words in c for c in cards) == 2  # Bishkek and Osh, not the oblasts
    bishkek = Region.objects.get(soate="41711000000000")
    assert words in client.get(f"/{language}/oblasts/{bishkek.pk}/").content.decode()
