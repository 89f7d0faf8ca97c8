"""The verification page /<lang>/certificates/<code>/ (trainings/downloads.py): a certificate's
holder, training, dates and hours, and nothing else; any other code a plain "not found" in the
visitor's language, never a 500; not kept by shared caches, not indexed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.trainings.documents_data import EMAIL_DOMAIN, PHONE_PREFIX, TITLE, documented_training, person_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(db):
    return documented_training(participants=3)


def verify_url(code: str, language: str = "ky") -> str:
    with translation.override(language):
        return reverse("certificates:verify", args=[code])


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_known_code_confirms_name_training_dates_and_hours(client, training, language):
    response = client.get(verify_url("TESTCODE00000002", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert person_name(2) in html and TITLE in html and "2024-000002" in html
    assert ">12<" in html  # the hours
    assert "2024" in html and ("12" in html and "13" in html)  # the dates
    assert ("Сертификат текшерилди" if language == "ky" else "Сертификат проверен") in html


def test_it_shows_nothing_else_of_the_person_or_the_others(client, training):
    html = client.get(verify_url("TESTCODE00000002")).content.decode()
    assert PHONE_PREFIX not in html and EMAIL_DOMAIN not in html
    assert person_name(1) not in html and person_name(3) not in html  # the other participants
    assert "Кыштут" not in html and "Сумбула" not in html  # the holder's municipality, the target


def test_codes_are_compared_in_capitals(client, training):
    assert client.get(verify_url("testcode00000002")).status_code == 200
    assert client.get(verify_url("TestCode00000002")).status_code == 200


def test_it_is_private_and_not_indexed(client, training):
    response = client.get(verify_url("TESTCODE00000002"))
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert 'name="robots" content="noindex' in response.content.decode()


HOSTILE = [
    "NOSUCHCODE000000",
    "TESTCODE0000000",  # one character short
    "X" * 10_000,
    "TESTCODE00000002\x00",
    "\x00",
    "Ӊ" * 16,
    "ſ" * 16,  # upper-cases to ASCII "S": still not a code
    "TESTCODE00000002'--",
    "../../etc/passwd",
    "a/b/c",
    "%00",
    "<script>alert(1)</script>",
    "TESTCODE00000002 ",
]


@pytest.mark.parametrize("code", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("language", ["ky", "ru"])
def test_an_unknown_or_malformed_code_is_a_plain_not_found(client, training, code, language):
    response = client.get(verify_url(code, language))
    assert response.status_code == 404
    html = response.content.decode()
    assert ("Сертификат табылган жок" if language == "ky" else "Сертификат не найден") in html
    assert person_name(2) not in html and "<script>alert" not in html


def test_a_raw_path_with_a_nul_or_a_very_long_code_is_a_404(client, training):
    assert client.get("/ru/certificates/%00/").status_code == 404
    assert client.get("/ky/certificates/" + "Ж" * 10_000 + "/").status_code == 404


def test_a_lookup_reads_one_query(client, training, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the certificate with its holder and training
        assert client.get(verify_url("TESTCODE00000001")).status_code == 200
    with django_assert_max_num_queries(0):  # a malformed code never reaches the database
        assert client.get(verify_url("x" * 10_000)).status_code == 404
