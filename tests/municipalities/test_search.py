import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import DistrictFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kok_jar():
    nookat = DistrictFactory(name_ky="Ноокат району", name_ru="Ноокатский район", name_en="Nookat rayon")
    return MunicipalityFactory(
        district=nookat,
        name_ky="Көк-Жар айыл аймагы",
        name_ru="Кок-Жарский айылный аймак",
        name_en="Kök-Jar aiyl aimak",
    )


@pytest.mark.parametrize("query", ["Көк-Жар", "Кок-Жар", "Kok-Jar", "Kök-Jar", "kok jar"])
@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_citizen_finds_municipality_by_any_spelling(client, kok_jar, query, language):
    with translation.override(language):
        url = reverse("home")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    assert f'href="/{language}/municipalities/{kok_jar.pk}/"' in response.content.decode()


def test_search_shows_the_name_in_the_page_language(client, kok_jar):
    response = client.get("/ru/", {"q": "Kok-Jar"})
    assert "Кок-Жарский айылный аймак" in response.content.decode()
    response = client.get("/ky/", {"q": "Kok-Jar"})
    assert "Көк-Жар айыл аймагы" in response.content.decode()


def test_search_finds_rayons_too(client, kok_jar):
    response = client.get("/en/", {"q": "nookat"})
    assert "Nookat rayon" in response.content.decode()


def test_nothing_found_says_so(client, kok_jar):
    response = client.get("/en/", {"q": "Zzyzx"})
    assert "Nothing found for “Zzyzx”" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"; DROP TABLE municipalities_municipality; --',
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "%' AND '%'='",
        "\\x00\\n",
        "ж" * 10_000,
        "a" * 10_000,
        "   ",
        "!!!",
    ],
)
def test_any_search_text_answers_200_with_escaped_output(client, kok_jar, query):
    response = client.get("/ky/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    if "<" in query:
        assert "&lt;" in body  # shown back to the user, escaped


def test_search_with_a_nul_byte_answers_200(client, kok_jar):
    response = client.get("/ky/?q=%00kok")
    assert response.status_code == 200
