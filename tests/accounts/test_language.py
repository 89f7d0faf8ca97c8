"""The language is remembered: the switcher and signing in set it, "/" and the admin follow it,
and the page asked for opens in it (the sign-in page's `next` too)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
YEAR = 60 * 60 * 24 * 365


def switch(client, code, next_url, **extra):
    return client.get(f"/language/{code}/", {"next": next_url}, **extra)


# --- The switcher -------------------------------------------------------------------------------


def test_the_switcher_links_go_through_the_language_view(client, world):
    pk = world.municipality_a.pk
    body = client.get(f"/ru/municipalities/{pk}/?x=1").content.decode()
    assert f'href="/language/ky/?next=/ru/municipalities/{pk}/%3Fx%3D1" rel="nofollow" hreflang="ky"' in body
    assert f'href="/language/en/?next=/ru/municipalities/{pk}/%3Fx%3D1" rel="nofollow" hreflang="en"' in body
    assert 'aria-current="true">Русский' in body


def test_switching_opens_the_same_page_in_the_new_language_and_sets_the_cookie(client, world):
    pk = world.municipality_a.pk
    response = switch(client, "ru", f"/ky/municipalities/{pk}/?x=1")
    assert response.status_code == 302
    assert response["Location"] == f"/ru/municipalities/{pk}/?x=1"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "ru"
    assert cookie["max-age"] == YEAR
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["secure"]  # SECURE_HTTPS is off here; see the production test below
    assert "no-cache" in response["Cache-Control"]
    assert '<html lang="ru">' in client.get(response["Location"]).content.decode()


def test_following_the_switchers_link_from_a_page_works_end_to_end(client, world):
    pk = world.municipality_a.pk
    body = client.get(f"/ky/municipalities/{pk}/").content.decode()
    link = f"/language/en/?next=/ky/municipalities/{pk}/"
    assert f'href="{link}"' in body
    response = client.get(link, follow=True)
    assert response.redirect_chain == [(f"/en/municipalities/{pk}/", 302)]
    assert '<html lang="en">' in response.content.decode()
    assert client.cookies[COOKIE].value == "en"


@pytest.mark.parametrize(
    "hostile",
    [
        "//evil.com",
        "https://evil.com",
        "https://evil.com/ky/",
        "javascript:alert(1)",
        "/\\evil.com",
        "http:/evil.com",
    ],
)
def test_a_next_address_elsewhere_is_refused_for_the_home_page(client, hostile):
    response = switch(client, "ru", hostile)
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    assert response.cookies[COOKIE].value == "ru"


def test_without_next_the_switcher_opens_the_home_page(client):
    response = client.get("/language/en/")
    assert response["Location"] == "/en/"
    assert response.cookies[COOKIE].value == "en"


def test_a_language_the_portal_does_not_speak_is_not_found_and_sets_nothing(client):
    response = switch(client, "de", "/ky/")
    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_the_switcher_takes_no_post(client):
    assert client.post("/language/ru/", {"next": "/ky/"}).status_code == 405


def test_a_page_django_does_not_know_keeps_its_path_in_the_new_language(client):
    assert switch(client, "ru", "/ky/no-such-page/")["Location"] == "/ru/no-such-page/"


def test_an_address_without_a_language_stays_as_it_is(client):
    assert switch(client, "ru", "/admin/")["Location"] == "/admin/"


def test_switching_stores_the_signed_in_persons_language(client, world):
    assert world.staff_a.language == "ky"
    client.force_login(world.staff_a)
    switch(client, "ru", "/ky/workspace/")
    world.staff_a.refresh_from_db()
    assert world.staff_a.language == "ru"


# --- "/" and the admin follow the cookie ------------------------------------------------------------


def test_root_follows_the_language_chosen_rather_than_the_browsers(client):
    switch(client, "en", "/ky/")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")["Location"] == "/en/"
    switch(client, "ru", "/en/")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/ru/"


def test_the_admin_follows_the_language_chosen(client):
    switch(client, "ru", "/ky/")
    body = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru"' in body
    switch(client, "en", "/ru/")
    body = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="en"' in body


# --- Signing in -----------------------------------------------------------------------------------


def test_signing_in_opens_the_page_asked_for_in_the_users_language(client, world):
    world.staff_a.language = "ru"
    world.staff_a.save(update_fields=["language"])
    response = client.post(
        "/ky/accounts/login/", {"username": "staff_a", "password": PASSWORD, "next": "/ky/workspace/?tab=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ru/workspace/?tab=2"
    assert response.cookies[COOKIE].value == "ru"
    assert response.cookies[COOKIE]["max-age"] == YEAR
    # "/" then opens in it too, whatever the browser says.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ru/"


def test_signing_in_without_next_opens_the_workspace_in_the_users_language(client, world):
    world.staff_a.language = "en"
    world.staff_a.save(update_fields=["language"])
    response = client.post("/ru/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    assert response["Location"] == "/en/workspace/"
    assert response.cookies[COOKIE].value == "en"


def test_a_failed_sign_in_sets_no_language(client, world):
    response = client.post("/ru/accounts/login/", {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    assert COOKIE not in response.cookies


def test_a_foreign_next_after_sign_in_goes_to_the_workspace_in_the_users_language(client, world):
    response = client.post(
        "/ru/accounts/login/", {"username": "staff_a", "password": PASSWORD, "next": "//evil.com/ru/"}
    )
    assert response["Location"] == "/ky/workspace/"


def test_the_sign_in_pages_next_follows_the_switcher(client, world):
    login_page = "/ky/accounts/login/?next=/ky/workspace/programs/7/"
    body = client.get(login_page).content.decode()
    link = "/language/ru/?next=/ky/accounts/login/%3Fnext%3D/ky/workspace/programs/7/"
    assert f'href="{link}"' in body
    response = client.get(link)
    target = urlsplit(response["Location"])
    assert target.path == "/ru/accounts/login/"
    assert parse_qs(target.query) == {"next": ["/ru/workspace/programs/7/"]}
    body = client.get(response["Location"]).content.decode()
    assert '<input type="hidden" name="next" value="/ru/workspace/programs/7/">' in body


def test_a_signed_in_person_sent_to_the_sign_in_page_goes_on_in_their_language(client, world):
    world.staff_a.language = "ru"
    world.staff_a.save(update_fields=["language"])
    client.force_login(world.staff_a)
    response = client.get("/en/accounts/login/?next=/en/workspace/")
    assert response["Location"] == "/ru/workspace/"


# --- Production ------------------------------------------------------------------------------------


def test_the_language_cookie_is_secure_behind_https():
    from tests.config.test_settings import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_AGE)",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        SECURE_HTTPS="1",
        TRUSTED_PROXIES="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True", str(YEAR)]
