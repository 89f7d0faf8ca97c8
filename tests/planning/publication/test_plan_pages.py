"""The public plan pages: browse, search, read, share; light and cached."""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import page_cache
from planning.models import Activity, FundingLine, FundingSource, Program, Sector
from tests.factories import DistrictFactory, MunicipalityFactory, RegionFactory
from tests.planning.publication.conftest import make_published

pytestmark = pytest.mark.django_db

LANGUAGES = ["ky", "ru", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_page_in_each_language(client, published, language):
    response = client.get(f"/{language}/plans/{published.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert published.title in body and published.vision in body
    heading = {"ky": "Иш-чаралар планы", "ru": "План мероприятий", "en": "Action plan"}[language]
    assert heading in body
    for activity in Activity.objects.filter(objective__goal__priority__program=published):
        assert activity.title in body
    assert "<svg" in body  # the financial model's charts
    assert f"/{'ky'}/plans/{published.pk}/pdf/" in body and f"/ru/plans/{published.pk}/pdf/" in body


def test_plan_page_shares_well(client, published):
    body = client.get(f"/ru/plans/{published.pk}/").content.decode()
    assert f'<meta property="og:title" content="{published.municipality.name_ru}: {published.title}">' in body
    assert '<meta property="og:type" content="article">' in body
    assert 'property="og:url" content="http://testserver/ru/plans/' in body
    assert '<link rel="alternate" hreflang="ky"' in body
    assert 'media="print"' in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_list_in_each_language(client, published, language):
    body = client.get(f"/{language}/plans/").content.decode()
    assert published.title in body


def test_filters_combine_and_keep_each_other(client, reference):
    osh, naryn = RegionFactory(name_en="Osh oblast"), RegionFactory(name_en="Naryn oblast")
    nookat, at_bashy = DistrictFactory(region=osh), DistrictFactory(region=naryn)
    a = make_published(
        municipality=MunicipalityFactory(district=nookat), start_year=2020, years=5, title="Аа план"
    )
    b = make_published(
        municipality=MunicipalityFactory(district=at_bashy), start_year=2025, years=3, title="Бб план"
    )
    c = make_published(
        municipality=MunicipalityFactory(district=nookat), start_year=2025, years=3, title="Вв план"
    )
    water = Sector.objects.get(code="drinking-water")
    Activity.objects.filter(objective__goal__priority__program__in=[a, b, c]).exclude(
        objective__goal__priority__program=b
    ).update(sector=Sector.objects.get(code="roads"))
    Activity.objects.filter(objective__goal__priority__program=b).update(sector=water)
    donors = FundingSource.objects.get(code="donors")
    FundingLine.objects.filter(activity__objective__goal__priority__program=c).exclude(source=donors).delete()
    for activity in Activity.objects.filter(objective__goal__priority__program=c):
        FundingLine.objects.get_or_create(
            activity=activity, source=donors, year=2025, defaults={"amount": 100}
        )
    FundingLine.objects.filter(
        activity__objective__goal__priority__program__in=[a, b], source=donors
    ).delete()

    def titles(**params):
        body = client.get("/en/plans/", params).content.decode()
        return {t for t in ("Аа план", "Бб план", "Вв план") if t in body}

    assert titles() == {"Аа план", "Бб план", "Вв план"}
    assert titles(oblast=osh.pk) == {"Аа план", "Вв план"}
    assert titles(oblast=osh.pk, year=2022) == {"Аа план"}
    assert titles(year=2026) == {"Бб план", "Вв план"}
    assert titles(sector=water.pk) == {"Бб план"}
    assert titles(source=donors.pk) == {"Вв план"}
    assert titles(oblast=osh.pk, source=donors.pk, year=2026) == {"Вв план"}
    assert titles(rayon=at_bashy.pk) == {"Бб план"}
    # A bad value in one filter is ignored, the others still apply.
    assert titles(oblast=osh.pk, year="abc", sector="999999") == {"Аа план", "Вв план"}


def test_search_in_titles_vision_goals_and_activities(client, reference):
    plan = make_published(title="Өнүгүү программасы")
    Program.objects.filter(pk=plan.pk).update(vision="Жашыл жана таза айыл")
    Activity.objects.filter(objective__goal__priority__program=plan).filter(order=1).update(
        title="Күн панелдерин орнотуу"
    )
    other = make_published(title="Башка программа")
    for query, expected in [("жашыл", True), ("панелдерин", True), ("Максат 1", True), ("жок сөз", False)]:
        body = client.get("/ky/plans/", {"q": query}).content.decode()
        assert (plan.title in body) is expected, query
    assert other.title not in client.get("/ky/plans/", {"q": "жашыл"}).content.decode()


@pytest.mark.parametrize("spelling", ["Kok-Jar", "Кок-Жар", "Көк-Жар", "Kök-Jar"])
def test_search_plans_by_the_municipalitys_name_in_any_spelling(client, world, published, spelling):
    body = client.get("/ru/plans/", {"q": spelling}).content.decode()
    assert published.title in body


def test_pagination_keeps_the_filters(client, reference):
    region = RegionFactory()
    district = DistrictFactory(region=region)
    for _ in range(22):
        make_published(municipality=MunicipalityFactory(district=district), activities=1)
    make_published(activities=1)  # elsewhere
    first = client.get("/en/plans/", {"oblast": region.pk}).content.decode()
    assert "22 programs found." in first
    assert f"oblast={region.pk}&amp;page=2" in first
    second = client.get("/en/plans/", {"oblast": region.pk, "page": 2}).content.decode()
    assert second.count('class="border-bottom py-2"') == 2
    assert client.get("/en/plans/", {"page": "9999"}).status_code == 200
    assert client.get("/en/plans/", {"page": "x'; --"}).status_code == 200


def test_anonymous_visitors_revalidate_with_etag(client, published):
    response = client.get(f"/ky/plans/{published.pk}/")
    etag = response["ETag"]
    assert "public" in response["Cache-Control"]
    assert client.get(f"/ky/plans/{published.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert (
        client.get(f"/ru/plans/{published.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    )  # other language


def test_signed_in_people_get_no_shared_cache(client, world, published):
    client.force_login(world.staff_b)
    response = client.get(f"/ky/plans/{published.pk}/")
    assert "private" in response["Cache-Control"] and not response.has_header("ETag")


def test_publishing_clears_the_public_cache(client, world, reference):
    from planning.demo.sample import build_program
    from planning.review import workflow

    client.get("/ky/")  # warm the cache
    first = client.get("/ky/plans/")
    program = build_program(
        municipality=world.municipality_a, activities=2, years=3, title="Жаңы жарыяланган"
    )
    Program.objects.filter(pk=program.pk).update(status=Program.Status.APPROVED)
    program.refresh_from_db()

    workflow.program_publish(program=program, user=world.head_a, expected_version=program.version)
    # The generation is read from the public programs themselves: nothing to bump after the commit.
    assert "Жаңы жарыяланган" in client.get("/ky/").content.decode()
    assert first.status_code == 200


def _plan_queries(client, activities: int) -> int:
    plan = make_published(activities=activities)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/ky/plans/{plan.pk}/").status_code == 200
    return len(captured)


def test_plan_page_queries_do_not_grow_with_the_plan(client, reference):
    assert _plan_queries(client, 10) == _plan_queries(client, 300)


def test_plan_page_query_budget(client, reference, django_assert_num_queries):
    plan = make_published(activities=300)
    cache.clear()
    # The program with its municipality, rayon and oblast; its successor (versions). On a cache
    # miss, planning.presentation.plan_context: priorities, goals, objectives, activities, funding
    # lines, indicators, targets (7); the financial model on that tree: sums by source and year,
    # the sources, sums by goal, sums by sector, the sectors (5); the working group, its members,
    # the general characteristics (3); the hearings held on it, the proposals traced into it, the
    # priority votes on its directions (3, hearings/plan_traces.py); its published monitoring
    # reports (1, monitoring/plan_implementation.py: none here, so not their records, 3 more
    # when there are, see tests/monitoring/test_public_pages.py); the public generation, read
    # once a request, by the kept-answers middleware, and used again for the page's ETag (1).
    with django_assert_num_queries(22):
        assert client.get(f"/ky/plans/{plan.pk}/").status_code == 200
    # The whole answer is kept (config/page_cache.py): only the public generation is read.
    with django_assert_num_queries(1):
        assert client.get(f"/ky/plans/{plan.pk}/").status_code == 200
    # Without the kept answer, the fragment cache: the generation, the program and its successor.
    page_cache.clear()
    with django_assert_num_queries(3):
        assert client.get(f"/ky/plans/{plan.pk}/").status_code == 200


def test_a_plan_of_300_activities_weighs_under_150_kb_compressed_and_needs_no_script(client, reference):
    plan = make_published(activities=300)
    body = client.get(f"/ky/plans/{plan.pk}/").content
    compressed = len(gzip.compress(body))
    assert compressed <= 150 * 1024, compressed
    assert b"<script" not in body
    assert b"@font-face" not in body and b"fonts.googleapis" not in body


def test_municipality_page_lists_its_plans_current_and_superseded(client, world, published):
    older = make_published(
        municipality=world.municipality_a, start_year=2020, years=5, title="Эски программа"
    )
    Program.objects.filter(pk=older.pk).update(status=Program.Status.SUPERSEDED)
    Program.objects.filter(pk=published.pk).update(supersedes=older)
    body = client.get(f"/ru/municipalities/{world.municipality_a.pk}/").content.decode()
    assert published.title in body and "Эски программа" in body
    assert "заменена более новой версией" in body or "replaced" in body
    old_page = client.get(f"/ru/plans/{older.pk}/").content.decode()
    assert f"/ru/plans/{published.pk}/" in old_page  # linked to its successor


def test_sitemap_lists_public_pages_in_every_language(client, published):
    body = client.get("/sitemap.xml").content.decode()
    for language in LANGUAGES:
        assert f"http://testserver/{language}/plans/{published.pk}/" in body
    assert 'hreflang="ru"' in body


def test_pages_travel_compressed(client, published):
    response = client.get(f"/ky/plans/{published.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode().count(published.title) >= 1


@pytest.mark.parametrize(
    ("language", "note"),
    [("ru", "Программа написана на кыргызском языке"), ("en", "This program is written in Kyrgyz")],
)
def test_the_plan_page_in_russian_or_english_says_the_program_is_written_in_kyrgyz(
    client, published, language, note
):
    body = client.get(f"/{language}/plans/{published.pk}/").content.decode()
    assert note in body
    assert f'<h1 class="h2" lang="ky">{published.title}</h1>' in body  # read aloud as Kyrgyz


def test_the_plan_page_in_kyrgyz_needs_no_note_on_its_language(client, published):
    body = client.get(f"/ky/plans/{published.pk}/").content.decode()
    assert "plan-language-note" not in body


def test_the_english_address_of_the_pdf_says_it_serves_the_kyrgyz_one(client, published):
    response = client.get(f"/en/plans/{published.pk}/pdf/")
    assert response.status_code == 503  # being prepared here: no worker in the tests
    assert "This PDF is in Kyrgyz" in response.content.decode()
    response = client.get(f"/ru/plans/{published.pk}/pdf/")
    assert "текст самой программы — на кыргызском" in response.content.decode()
    assert "plan-language-note" not in client.get(f"/ky/plans/{published.pk}/pdf/").content.decode()
