"""Django's and django-axes' own messages that users meet, corrected in Kyrgyz
(locale_overrides/): their catalogues have garbled words ("эдарек", "обекттерин") or none."""

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_a_password_mismatch_is_said_in_proper_kyrgyz(world):
    with translation.override("ky"):
        form = SetPasswordForm(
            world.staff_a, {"new_password1": "Kok-Jar-2019!", "new_password2": "Kok-Jar-2020!"}
        )
        assert not form.is_valid()
        errors = " ".join(form.errors["new_password2"])
    assert errors == "Эки сырсөз бири-бирине дал келбейт."


def test_password_rules_and_field_messages_are_corrected():
    with translation.override("ky"):
        rules = " ".join(str(text) for text in password_validators_help_texts())
        email = translation.gettext("Enter a valid email address.")
        confirm = translation.gettext("Enter the same password as before, for verification.")
    assert "тер." not in rules
    assert "Сырсөз сандардан гана турбашы керек." in rules
    assert email == "Туура электрондук почта дарегин киргизиңиз."
    assert confirm == "Текшерүү үчүн ошол эле сырсөздү кайра териңиз."


def test_dates_use_the_possessive_month_only_in_their_context():
    with translation.override("ky"):
        assert translation.pgettext("alt. month", "April") == "апрели"
        # The month alone (a calendar, a select) keeps its name.
        assert translation.gettext("April") == "Апрель"


@pytest.mark.parametrize(
    ("language", "save_and_add", "wrong"),
    [
        ("ky", "Сактап, дагы бирин кошуу", "Сакта жана башкасын кош"),
        ("ru", "Сохранить и добавить другой объект", None),
    ],
)
def test_the_admins_buttons_read_right(client, world, language, save_and_add, wrong):
    client.force_login(world.admin)
    response = client.get("/admin/municipalities/region/add/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.content.decode()
    assert save_and_add in body
    if wrong:
        assert wrong not in body
        assert "обекттерин" not in body


@pytest.mark.parametrize(("language", "title"), [("ky", "Кирүү аракеттери"), ("ru", "Попытки доступа")])
def test_axes_admin_speaks_the_language(client, world, language, title):
    client.force_login(world.admin)
    response = client.get("/admin/axes/accessattempt/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.content.decode()
    assert title in body or title.lower() in body.lower()
    assert "Access attempts" not in body
