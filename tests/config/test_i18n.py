import os
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_root_goes_to_kyrgyz_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ky/"


def test_root_goes_to_the_visitors_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")["Location"] == "/ky/"


@pytest.mark.parametrize(
    ("language", "heading", "search_label"),
    [
        ("ky", "Муниципалитеттердин өнүгүү программалары", "Издөө"),
        ("ru", "Программы развития муниципалитетов", "Найти"),
        ("en", "Development programs of municipalities", "Search"),
    ],
)
def test_home_is_translated(client, language, heading, search_label):
    response = client.get(f"/{language}/")
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert search_label in body


def test_language_switcher_links_to_the_same_page_in_each_language(client, world):
    pk = world.municipality_a.pk
    response = client.get(f"/ru/municipalities/{pk}/?x=1")
    body = response.content.decode()
    # Through the switcher, which remembers the choice (tests/accounts/test_language.py).
    assert f'href="/language/ky/?next=/ru/municipalities/{pk}/%3Fx%3D1" rel="nofollow" hreflang="ky"' in body
    assert f'href="/language/en/?next=/ru/municipalities/{pk}/%3Fx%3D1" rel="nofollow" hreflang="en"' in body
    assert 'aria-current="true">Русский' in body


def test_dates_and_numbers_follow_the_language():
    from datetime import date

    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import formats, translation

    day = date(2019, 4, 9)
    with translation.override("ky"):
        assert formats.date_format(day) == "2019-жылдын 9-апрели"
        assert intcomma(12345) == "12\xa0345"
    with translation.override("ru"):
        assert formats.date_format(day) == "9 апреля 2019 г."
    with translation.override("en"):
        assert formats.date_format(day) == "April 9, 2019"
        assert intcomma(12345) == "12,345"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_no_message_is_untranslated_or_fuzzy(language):
    files = list((LOCALE / language / "LC_MESSAGES").glob("*.po"))
    assert files, f"no catalogue for {language}"
    for path in files:
        catalogue = polib.pofile(str(path))
        assert len(catalogue.translated_entries()) > 50
        assert [e.msgid for e in catalogue.untranslated_entries()] == []
        assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_messages_missing_from_djangos_kyrgyz_catalogue_are_added():
    from django.utils import translation

    with translation.override("ky"):
        assert translation.gettext("Conflicting form data submitted. Please try again.") != (
            "Conflicting form data submitted. Please try again."
        )
        assert translation.gettext("Skip to main content") != "Skip to main content"
        assert translation.gettext("Please correct the error below.") != "Please correct the error below."
        step = "Ensure this value is a multiple of step size %(limit_value)s."
        assert translation.gettext(step) != step


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    """Extract the strings again (makemessages, in a copy of the sources) and find each one
    translated: a string added or changed in the code without `make messages` would show in
    English."""
    import shutil
    import subprocess
    import sys

    from tests.services import require

    require(shutil.which("xgettext") is not None, "gettext is not installed (apt-get install gettext)")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    skipped = shutil.ignore_patterns(".*", "var", "bench", "node_modules", "__pycache__", "*.mo")
    shutil.copytree(base, copy, ignore=skipped)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ky",
            "--no-obsolete",
            "--ignore=tests",
            "-v",
            "0",
        ],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale" / "ky" / "LC_MESSAGES" / "django.po"))}
    for language in ("ky", "ru"):
        catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        translated = {e.msgid for e in catalogue.translated_entries()}
        assert sorted(extracted - translated) == [], f"run `make messages` and translate ({language})"
