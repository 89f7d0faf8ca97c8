"""The sign-in lock-out cannot be turned against the people it protects.

Two attacks: failures made to count for somebody else's address (behind the TLS proxy every
client has the proxy's address; without a declared proxy a client can write X-Forwarded-For
itself), and failures for one user name from many addresses. The real user's sign-in and the
password reset go through the same pages as a person's would.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the TLS proxy's address, as the web process sees it
REAL_USER = "198.51.100.20"  # where staff_a really signs in from
NEW_PASSWORD = "Jangy-syrsoz-2026"


def attacker_address(n: int) -> str:
    return f"203.0.113.{n}"


def sign_in(client, username, password, *, via_proxy=None, remote=None, language="ru"):
    """POST the sign-in form; via_proxy: the client's address, as the proxy appends it to
    X-Forwarded-For (after anything the client wrote there itself)."""
    extra = {}
    if via_proxy is not None:
        extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": via_proxy}
    elif remote is not None:
        extra = {"REMOTE_ADDR": remote}
    return client.post(f"/{language}/accounts/login/", {"username": username, "password": password}, **extra)


def reset_password(client, email, **extra):
    """Ask for the reset e-mail and set NEW_PASSWORD through its link, in this browser."""
    mail.outbox.clear()
    assert client.post("/ru/accounts/password/reset/", {"email": email}, **extra).status_code == 302
    # The e-mail is in the user's own language (staff_a: Kyrgyz), whatever page asked for it.
    link = re.search(r"http://testserver(/ky/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True, **extra)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]


def shown_time(response) -> str:
    return re.search(r"\b(\d\d:\d\d)\b", response.content.decode()).group(1)


def local_times_between(start, end) -> set[str]:
    """HH:MM strings (Asia/Bishkek) of every minute from start to end."""
    times, moment = set(), start
    while moment <= end + timedelta(minutes=1):
        times.add(timezone.localtime(moment).strftime("%H:%M"))
        moment += timedelta(minutes=1)
    return times


# --- (a) behind the declared proxy ------------------------------------------------------------


def test_behind_the_proxy_attackers_do_not_lock_out_the_real_users_address(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    attacker = Client()
    for n in (1, 2, 3):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(attacker, "staff_a", "guess", via_proxy=attacker_address(n))
    # Each attacker address is locked out ...
    assert sign_in(attacker, "staff_a", PASSWORD, via_proxy=attacker_address(1)).status_code == 429
    # ... while the real user, through the same proxy, signs in.
    response = sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER)
    assert response.status_code == 302
    assert response["Location"] == "/ky/workspace/"  # staff_a's own language


def test_behind_the_proxy_a_forged_hop_does_not_count_for_the_address_it_names(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    attacker = Client()
    # The attacker writes the real user's address into X-Forwarded-For; the proxy appends the
    # attacker's own: only the hop the proxy added is believed.
    forged = f"{REAL_USER}, {attacker_address(9)}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "staff_a", "guess", via_proxy=forged)
    assert (
        sign_in(attacker, "staff_a", PASSWORD, via_proxy=f"{REAL_USER}, {attacker_address(9)}").status_code
        == 429
    )
    assert sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER).status_code == 302


# --- (b) no proxy declared ----------------------------------------------------------------------


def test_without_a_declared_proxy_x_forwarded_for_cannot_move_failures_to_another_address(
    client, world, settings
):
    settings.TRUSTED_PROXIES = 0
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(
            "/ru/accounts/login/",
            {"username": "staff_a", "password": "guess"},
            REMOTE_ADDR=attacker_address(5),
            HTTP_X_FORWARDED_FOR=REAL_USER,
        )
    # The failures counted for the attacker's own address: the real user gets in ...
    assert sign_in(client, "staff_a", PASSWORD, remote=REAL_USER).status_code == 302
    # ... and a new forged header does not get the attacker out of its lock-out either.
    response = attacker.post(
        "/ru/accounts/login/",
        {"username": "staff_a", "password": PASSWORD},
        REMOTE_ADDR=attacker_address(5),
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )
    assert response.status_code == 429


# --- (c) one user name from many addresses ------------------------------------------------------


def spray(settings, *, first_address=1, user="staff_a", failures=None):
    """Failures for one user name, each address staying under the per-address limit; by
    default as many as the limit per user name, the last of which meets the lock-out page."""
    limit = settings.SIGN_IN_USERNAME_FAILURE_LIMIT
    per_address = settings.AXES_FAILURE_LIMIT - 1
    attacker = Client()
    failures = limit if failures is None else failures
    for i in range(failures):
        response = sign_in(
            attacker, user, f"guess-{i}", via_proxy=attacker_address(first_address + i // per_address)
        )
        # The form again (each of these was a real check), until the limit is met.
        assert response.status_code == (429 if i == limit - 1 else 200), i
    return attacker


def test_many_addresses_meet_the_user_name_limit(world, settings):
    settings.TRUSTED_PROXIES = 1
    spray(settings)
    # A new address, even with the right password, waits: the attacker's guesses are capped.
    response = sign_in(Client(), "staff_a", PASSWORD, via_proxy="192.0.2.10")
    assert response.status_code == 429
    assert "с разных адресов" in response.content.decode()
    # Other user names are not concerned.
    assert sign_in(Client(), "staff_b", PASSWORD, via_proxy="192.0.2.10").status_code == 302


def test_below_the_user_name_limit_a_new_address_signs_in(world, settings):
    settings.TRUSTED_PROXIES = 1
    spray(settings, failures=settings.SIGN_IN_USERNAME_FAILURE_LIMIT - 1)
    assert sign_in(Client(), "staff_a", PASSWORD, via_proxy="192.0.2.10").status_code == 302


def test_the_real_user_gets_in_after_a_password_reset_while_the_attack_goes_on(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    spray(settings)
    assert sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER).status_code == 429

    reset_password(client, "staff_a@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)
    # The attacker goes on, from new addresses, and reaches the limit again ...
    spray(settings, first_address=100)
    assert sign_in(Client(), "staff_a", NEW_PASSWORD, via_proxy="192.0.2.10").status_code == 429
    # ... but the browser in which the new password was set signs in with it.
    response = sign_in(client, "staff_a", NEW_PASSWORD, via_proxy=REAL_USER)
    assert response.status_code == 302
    assert response["Location"] == "/ky/workspace/"  # staff_a's own language


def test_a_browser_that_signed_in_before_is_not_held_back_by_the_user_name_limit(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    assert sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER).status_code == 302
    client.post("/ru/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)
    spray(settings)
    # From another address too (a phone on the road), the same browser is known.
    assert sign_in(client, "staff_a", PASSWORD, via_proxy="192.0.2.44").status_code == 302


def test_a_browser_known_for_one_user_is_not_known_for_another(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    assert sign_in(client, "staff_b", PASSWORD, via_proxy=REAL_USER).status_code == 302
    client.post("/ru/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)
    spray(settings)
    assert sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER).status_code == 429


def test_a_browser_known_before_a_password_change_elsewhere_is_no_longer_known(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    assert sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER).status_code == 302
    client.post("/ru/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)
    # The password is reset in another browser (say, after the first one was stolen).
    reset_password(Client(), "staff_a@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50")
    spray(settings)
    assert sign_in(client, "staff_a", NEW_PASSWORD, via_proxy=REAL_USER).status_code == 429


def test_refused_attempts_do_not_push_back_the_time_shown(world, settings):
    from accounts.models import SignInFailure

    settings.TRUSTED_PROXIES = 1
    attacker = spray(settings)
    # The guesses were made half an hour ago: the pause has half an hour to go.
    SignInFailure.objects.update(attempted_at=timezone.now() - timedelta(minutes=30))
    first = sign_in(attacker, "staff_a", "more", via_proxy=attacker_address(90))
    assert first.status_code == 429
    assert "через 30 минут" in first.content.decode()
    # However often the attacker knocks meanwhile (its attempts are refused unchecked) ...
    for _ in range(settings.SIGN_IN_USERNAME_FAILURE_LIMIT):
        assert sign_in(attacker, "staff_a", "more", via_proxy=attacker_address(91)).status_code == 429
    # ... the pause ends when it said.
    later = sign_in(Client(), "staff_a", PASSWORD, via_proxy="192.0.2.10")
    assert shown_time(later) == shown_time(first)
    assert int(later["Retry-After"]) <= int(first["Retry-After"])


def test_the_user_name_limit_counts_the_last_hour_only(world, settings):
    from accounts.models import SignInFailure

    settings.TRUSTED_PROXIES = 1
    spray(settings)
    assert sign_in(Client(), "staff_a", PASSWORD, via_proxy="192.0.2.10").status_code == 429
    # An hour later those failures no longer count.
    SignInFailure.objects.update(attempted_at=timezone.now() - settings.SIGN_IN_USERNAME_WINDOW)
    assert sign_in(Client(), "staff_a", PASSWORD, via_proxy="192.0.2.10").status_code == 302


def test_a_password_reset_clears_the_lock_out_of_the_users_own_address(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "staff_a", "typo", remote=REAL_USER)
    assert sign_in(client, "staff_a", PASSWORD, remote=REAL_USER).status_code == 429
    reset_password(Client(), "staff_a@example.org", REMOTE_ADDR=REAL_USER)
    assert sign_in(client, "staff_a", NEW_PASSWORD, remote=REAL_USER).status_code == 302


# --- (d) the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "in_minutes", "reset"),
    [
        (
            "ky",
            "Кирүү убактылуу бөгөттөлдү",
            "15 мүнөттөн кийин",
            "Аны электрондук почта аркылуу калыбына келтириңиз.",
        ),
        ("ru", "Вход временно заблокирован", "через 15 минут", "Восстановите его по электронной почте."),
        ("en", "Signing in is blocked for a while", "in 15 minutes", "Reset it by e-mail."),
    ],
)
def test_the_lock_out_page_says_when_and_links_to_the_reset(
    client, world, settings, language, heading, in_minutes, reset
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "staff_a", "typo", remote=REAL_USER, language=language)
    before = timezone.now()
    response = sign_in(client, "staff_a", "typo", remote=REAL_USER, language=language)
    assert response.status_code == 429
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert in_minutes in body
    assert shown_time(response) in local_times_between(
        before + timedelta(minutes=15), timezone.now() + timedelta(minutes=15)
    )
    assert f'<a href="/{language}/accounts/password/reset/">{reset}</a>' in body
    assert 14 * 60 <= int(response["Retry-After"]) <= 15 * 60


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "ky",
            ["ар кайсы даректерден", "мүнөттөн кийин", "Аны электрондук почта аркылуу калыбына келтириңиз."],
        ),
        ("ru", ["с разных адресов", "через 60 минут", "Восстановите его по электронной почте."]),
    ],
)
def test_the_user_name_lock_out_page_in_kyrgyz_and_russian(world, settings, language, words):
    settings.TRUSTED_PROXIES = 1
    before = timezone.now()
    spray(settings)
    response = sign_in(Client(), "staff_a", PASSWORD, via_proxy="192.0.2.10", language=language)
    assert response.status_code == 429
    body = response.content.decode()
    for word in words:
        assert word in body
    assert f'href="/{language}/accounts/password/reset/"' in body
    window = settings.SIGN_IN_USERNAME_WINDOW
    assert shown_time(response) in local_times_between(before + window, timezone.now() + window)
