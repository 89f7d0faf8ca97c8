"""Every e-mail speaks its recipient's language, says so in its HTML (`<html lang>`), comes from
"СЭӨП порталы", and links to the address the portal is served at."""

import os
import re
import subprocess
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from hearings import notifications as hearing_notifications
from hearings.models import HearingNotification
from planning.models import Notification
from planning.review import notifications as plan_notifications
from tests.factories import HearingFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HELLO = {"ky": "Саламатсызбы", "ru": "Здравствуйте", "en": "Hello"}


def set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


def sender_name(message) -> str:
    return str(make_header(decode_header(message.message()["From"])))


def html_of(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


@pytest.mark.parametrize(("language", "asked_from"), [("ky", "ru"), ("ru", "ky"), ("en", "ky")])
def test_the_password_reset_email_is_in_the_recipients_language(client, world, language, asked_from):
    set_language(world.staff_a, language)
    response = client.post(f"/{asked_from}/accounts/password/reset/", {"email": "staff_a@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    html = html_of(message)
    assert f'<html lang="{language}">' in html
    assert HELLO[language] in html and HELLO[language] in message.body
    # The link opens the new-password page in that language, on the address that was asked.
    assert re.search(rf"http://testserver/{language}/accounts/password/reset/\S+/", message.body)
    assert f'href="http://testserver/{language}/accounts/password/reset/' in html
    # The page the visitor is on keeps its own language.
    assert f'<html lang="{asked_from}">' in client.get(response["Location"]).content.decode()


def test_emails_come_from_the_sedp_portal_in_kyrgyz(client, world):
    assert settings.DEFAULT_FROM_EMAIL == "СЭӨП порталы <noreply@localhost>"
    client.post("/ky/accounts/password/reset/", {"email": "staff_a@example.org"})
    [message] = mail.outbox
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    # Encoded in the header as mail programs expect, and read back as people will see it.
    assert message.message()["From"].isascii()
    assert sender_name(message) == "СЭӨП порталы <noreply@localhost>"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_plan_notification_is_in_the_recipients_language(world, settings, language):
    settings.SITE_URL = "http://127.0.0.1:8001"
    set_language(world.coordinator_a, language)
    program = ProgramFactory(municipality=world.municipality_a)
    notification = Notification.objects.create(
        recipient=world.coordinator_a, program=program, kind=Notification.Kind.SUBMITTED, actor=world.head_a
    )
    assert plan_notifications.notification_send_email(notification.pk)
    [message] = mail.outbox
    html = html_of(message)
    assert f'<html lang="{language}">' in html
    assert HELLO[language] in html
    link = f"http://127.0.0.1:8001/{language}/workspace/programs/{program.pk}/"
    assert f'href="{link}"' in html and link in message.body
    assert sender_name(message) == "СЭӨП порталы <noreply@localhost>"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_hearing_notification_is_in_the_recipients_language(world, settings, language):
    settings.SITE_URL = "http://127.0.0.1:8001"
    set_language(world.coordinator_a, language)
    hearing = HearingFactory(municipality=world.municipality_a)
    notification = HearingNotification.objects.create(
        recipient=world.coordinator_a,
        hearing=hearing,
        kind=HearingNotification.Kind.ANNOUNCED,
        actor=world.head_a,
    )
    assert hearing_notifications.notification_send_email(notification.pk)
    [message] = mail.outbox
    html = html_of(message)
    assert f'<html lang="{language}">' in html
    link = f"http://127.0.0.1:8001/{language}/workspace/hearings/{hearing.pk}/"
    assert f'href="{link}"' in html and link in message.body
    assert sender_name(message) == "СЭӨП порталы <noreply@localhost>"


@pytest.mark.parametrize(
    ("arguments", "site_url"),
    [
        ([], "http://127.0.0.1:8000"),
        (["PORT=8001"], "http://127.0.0.1:8001"),
        (["HOST=0.0.0.0", "PORT=9000", "SITE_URL=https://sedp.example.kg"], "https://sedp.example.kg"),
    ],
)
def test_make_run_gives_email_links_the_address_it_serves(arguments, site_url):
    # `make -n` prints the commands without running them.
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    [serve] = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert f"SITE_URL={site_url} " in serve


def test_production_is_warned_while_email_links_would_point_to_this_machine():
    from tests.config.test_settings import run_manage

    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50}
    result = run_manage("check", **production)
    assert result.returncode == 0, result.stderr
    assert "config.W001" in result.stderr and "SITE_URL" in result.stderr
    declared = run_manage("check", SITE_URL="https://sedp.example.kg", **production)
    assert declared.returncode == 0, declared.stderr
    assert "config.W001" not in declared.stderr + declared.stdout
