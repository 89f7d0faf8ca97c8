"""The sign-in lock-out cannot be turned against the people it protects.

Two attacks: failures made to count for somebody else's address (behind the TLS proxy every
client has the proxy's address; without a declared proxy a client can write X-Forwarded-For
itself), and failures for one user name from many addresses. The real user's sign-in and the
password reset go through the same pages as a person's would.
"""

import re
from datetime import timedelta

import pytest
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
    return client.post(
        f"/{language}/accounts/login/", {"username": username, "password": password}, **extra
    )


def _unused(client, email, **extra):
    """Ask for the reset e-mail and set NEW_PASSWORD through its link, in this browser."""
    mail.outbox.clear()
    assert client.post("/ru/accounts/password/reset/", {"email": email}, **extra).status_code == 302
    link = re.search(r"http://testserver(/ru/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True, **extra)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **extra
    )
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
    assert response["Location"] == "/ru/workspace/"


def test_behind_the_proxy_a_forged_hop_does_not_count_for_the_address_it_names(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    attacker = Client()
    # The attacker writes the real user's address into X-Forwarded-For; the proxy appends the
    # attacker's own: only the hop the proxy added is believed.
    forged = f"{REAL_USER}, {attacker_address(9)}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "staff_a", "guess", via_proxy=forged)
    assert sign_in(attacker, "staff_a", PASSWORD, via_proxy=f"{REAL_USER}, {attacker_address(9)}").status_code == 429
    assert sign_in(client, "staff_a", PASSWORD, via_proxy=REAL_USER).status_code == 302


# --- (b) no proxy declared ----------------------------------------------------------------------


def test_without_a_declared_proxy_x_forwarded_for_cannot_move_failures_to_another_address(client, world, settings):
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
