"""With DEBUG off, a missing page, a refused one, a server error and a refused form show the
site's layout in the visitor's language, not Django's English pages."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.config.error_urls")]

LAYOUT = "SEDP portal"  # the site name in the header, translated


def _site_name(language):
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(LAYOUT)


def _assert_in_layout(body: str, language: str):
    assert f'<html lang="{language}">' in body
    assert 'class="site-header' in body
    assert _site_name(language) in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ky", "Бет табылган жок"), ("ru", "Страница не найдена"), ("en", "Page not found")],
)
def test_a_missing_page_is_in_the_layout_and_the_addresss_language(client, settings, language, heading):
    settings.DEBUG = False
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    _assert_in_layout(body, language)
    assert f"<h1>{heading}</h1>" in body
    assert "Not Found" not in body


def test_a_missing_page_under_ru_is_russian_whatever_the_browser_asks(client, settings):
    settings.DEBUG = False
    body = client.get("/ru/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="ru">' in body
    assert "Страница не найдена" in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ky", "Кирүүгө тыюу салынган"), ("ru", "Доступ запрещён"), ("en", "Access denied")],
)
def test_a_refused_page_is_in_the_layout(client, settings, language, heading):
    settings.DEBUG = False
    response = client.get(f"/{language}/test-forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    _assert_in_layout(body, language)
    assert f"<h1>{heading}</h1>" in body
    assert f'href="/{language}/accounts/login/?next=/{language}/test-forbidden/"' in body


@pytest.mark.parametrize(
    ("language", "heading"), [("ky", "Сервердеги ката"), ("ru", "Ошибка сервера"), ("en", "Server error")]
)
def test_a_server_error_is_in_the_layout_without_the_exception(settings, language, heading):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    _assert_in_layout(body, language)
    assert f"<h1>{heading}</h1>" in body
    assert "a bug in a view" not in body
    assert "RuntimeError" not in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ky", "Форма жөнөтүлгөн жок"), ("ru", "Форма не отправлена"), ("en", "The form could not be sent")],
)
def test_a_form_without_its_token_is_refused_with_a_way_back(settings, language, heading):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/{language}/accounts/login/?next=/{language}/", {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    _assert_in_layout(body, language)
    assert f"<h1>{heading}</h1>" in body
    assert f'href="/{language}/accounts/login/?next=/{language}/"' in body
    assert "CSRF" not in body
