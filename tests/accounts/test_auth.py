import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout(client, world):
    response = client.post("/ky/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ky/workspace/"
    assert "Көк-Жар айыл аймагы" in client.get("/ky/workspace/").content.decode()
    response = client.post("/ky/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/ky/workspace/").status_code == 302


def test_login_goes_back_to_the_page_asked_for(client, world):
    response = client.post(
        "/ru/accounts/login/", {"username": "staff_a", "password": PASSWORD, "next": "/ru/plans/?q=1"}
    )
    # In staff_a's own language, Kyrgyz (tests/accounts/test_language.py).
    assert response["Location"] == "/ky/plans/?q=1"


def test_login_refuses_a_foreign_next_address(client, world):
    response = client.post(
        "/ru/accounts/login/", {"username": "staff_a", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/ky/workspace/"


def test_wrong_password_is_explained_in_kyrgyz_and_keeps_the_user_name(client, world):
    response = client.post("/ky/accounts/login/", {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Колдонуучунун аты же сырсөз туура эмес" in body
    assert 'value="staff_a"' in body


def test_lock_out_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/ru/accounts/login/", {"username": "staff_a", "password": "x"}).status_code == 200
    response = client.post("/ru/accounts/login/", {"username": "staff_a", "password": "x"})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post("/ru/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/ru/workspace/").status_code == 302


def test_lock_out_of_one_user_does_not_block_another(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/ru/accounts/login/", {"username": "staff_a", "password": "x"})
    response = client.post("/ru/accounts/login/", {"username": "staff_b", "password": PASSWORD})
    assert response.status_code == 302


def test_password_change(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Jangy-syrsoz-2026",
            "new_password2": "Jangy-syrsoz-2026",
        },
    )
    assert response.status_code == 302
    world.staff_a.refresh_from_db()
    assert world.staff_a.check_password("Jangy-syrsoz-2026")


def test_password_change_errors_are_translated(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        "/ky/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abd"},
    )
    assert response.status_code == 200
    assert "Эки сырсөз бири-бирине дал келбейт." in response.content.decode()


def test_password_reset_by_email_in_the_users_language(client, world):
    world.staff_a.language = "ru"
    world.staff_a.save(update_fields=["language"])
    # Asked from the English page: the e-mail speaks the recipient's language (Russian).
    response = client.post("/en/accounts/password/reset/", {"email": "staff_a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff_a@example.org"]
    assert "Новый пароль" in message.subject
    assert "staff_a" in message.body
    link = re.search(r"http://testserver(/ru/accounts/password/reset/\S+/)", message.body).group(1)
    html = message.alternatives[0][0]
    assert link in html
    assert '<html lang="ru">' in html
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"new_password1": "Jangy-syrsoz-2026", "new_password2": "Jangy-syrsoz-2026"}
    )
    assert response.status_code == 302
    world.staff_a.refresh_from_db()
    assert world.staff_a.check_password("Jangy-syrsoz-2026")


def test_password_reset_for_unknown_address_reveals_nothing(client, world):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_logout_needs_post(client, world):
    client.force_login(world.staff_a)
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_workspace_shows_a_user_without_roles_what_to_do(client, db):
    client.force_login(UserFactory())
    response = client.get("/en/workspace/")
    assert "not yet linked to a municipality" in response.content.decode()
