"""A resident's proposal from the hearing's page: no account, a form token, a honeypot, a limit
per address, lengths; every problem said in the visitor's language with the text kept."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from config import page_cache
from hearings import services
from hearings.models import Hearing, Proposal
from tests.factories import VillageFactory
from tests.hearings.public_data import announced_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(world):
    VillageFactory(municipality=world.municipality_a, name_ky="Көк-Жар")
    return announced_hearing(world.municipality_a)


def propose(client, hearing, language="ky", *, address="127.0.0.1", **data):
    data = {"text": "Көчөгө жарык орнотуу керек.", **data}
    return client.post(f"/{language}/hearings/{hearing.pk}/propose/", data, REMOTE_ADDR=address)


def problem_of(response) -> str:
    match = re.search(r'id="propose-problem">([^<]*)<', response.content.decode())
    return match.group(1) if match else ""


def textarea_of(response) -> str:
    match = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", response.content.decode(), re.S)
    return match.group(1) if match else ""


def test_a_resident_sends_a_proposal_and_reads_its_number(client, world, hearing):
    village = hearing.municipality.villages.get()
    response = propose(
        client,
        hearing,
        "ru",
        text="Отремонтировать мост через арык.",
        author_name="Айгүл",
        name_may_be_published="on",
        village=village.pk,
        gender="f",
        age_group="29_59",
        contact="+996 700 00 00 01",
    )
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    proposal = Proposal.objects.get(hearing=hearing)
    assert f"№ {proposal.number}" in thanks.content.decode()
    assert "будет опубликовано на странице слушаний после модерации" in thanks.content.decode()
    assert proposal.source == "online" and proposal.moderation == "pending"
    assert proposal.village == village and proposal.contact == "+996 700 00 00 01"
    assert proposal.author_name == "Айгүл" and proposal.name_may_be_published
    # Not public until moderated.
    assert "Отремонтировать мост" not in client.get(f"/ru/hearings/{hearing.pk}/").content.decode()


def test_the_thank_you_page_cannot_be_forged(client, hearing):
    for receipt in ("", "forged", "eyJoIjoxLCJuIjo5OTl9:abc:def"):
        response = client.get(f"/ky/hearings/{hearing.pk}/thanks/", {"r": receipt})
        assert response.status_code == 302 and response["Location"].endswith(f"/hearings/{hearing.pk}/")


def test_a_receipt_of_another_hearing_is_not_shown(client, world, hearing):
    other = announced_hearing(world.municipality_a)
    response = propose(client, other)
    token = response["Location"].split("?r=")[1]
    assert client.get(f"/ky/hearings/{hearing.pk}/thanks/", {"r": token}).status_code == 302


def test_the_form_needs_its_token_and_a_stale_page_keeps_the_text(world, hearing):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/ky/hearings/{hearing.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    refused = browser.post(
        f"/ky/hearings/{hearing.pk}/propose/",
        {"text": "Бала бакча керек, сураныч.", "csrfmiddlewaretoken": "stale"},
    )
    assert refused.status_code == 403
    assert "кайра жөнөтүңүз" in problem_of(refused)
    assert "Бала бакча керек, сураныч." in textarea_of(refused)
    assert not Proposal.objects.filter(hearing=hearing).exists()
    accepted = browser.post(
        f"/ky/hearings/{hearing.pk}/propose/",
        {"text": "Бала бакча керек, сураныч.", "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302
    assert Proposal.objects.filter(hearing=hearing).count() == 1


def test_two_visitors_get_their_own_form_token_and_the_page_is_not_kept(world, hearing):
    first, second = Client(), Client()
    one = first.get(f"/ky/hearings/{hearing.pk}/")
    two = second.get(f"/ky/hearings/{hearing.pk}/")
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    assert "private" in one["Cache-Control"]
    assert not page_cache._store.entries  # no answer with a form token (or a countdown) is kept


def test_a_script_filling_the_hidden_field_sends_nothing(client, hearing):
    response = propose(client, hearing, website="http://spam.example")
    assert response.status_code == 400
    assert "бош калтырып" in problem_of(response)
    assert "Көчөгө жарык орнотуу керек." in textarea_of(response)
    assert not Proposal.objects.exists()


def test_the_hidden_field_is_hidden_from_people_and_screen_readers(client, hearing):
    body = client.get(f"/ky/hearings/{hearing.pk}/").content.decode()
    assert re.search(
        r'<div class="d-none" aria-hidden="true">[^<]*<label[^>]*>[^<]*</label>\s*<input[^>]*name="website"[^>]*tabindex="-1"',
        body,
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ky", "Сунуш өтө узун: эң көп дегенде 3000 белги (азыр 10000)"),
        ("ru", "не больше 3000 знаков (сейчас 10000)"),
    ],
)
def test_a_text_too_long_is_refused_with_its_length_and_kept(client, hearing, language, message):
    text = "ж" * 10_000
    response = propose(client, hearing, language, text=text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert textarea_of(response).strip() == text
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "аб", "\x00\x00\x00"])
def test_an_empty_or_too_short_text_is_refused_in_the_visitors_language(client, hearing, text):
    response = propose(client, hearing, "ru", text=text)
    assert response.status_code == 400
    assert "Напишите ваше предложение" in response.content.decode()
    assert not Proposal.objects.exists()


def test_nul_characters_are_dropped_not_refused(client, hearing):
    response = propose(
        client, hearing, text="Көпүрө\x00 куруу\x00 керек.", author_name="Аты\x00", contact="07\x0000"
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (
        proposal.text == "Көпүрө куруу керек."
        and proposal.author_name == "Аты"
        and proposal.contact == "0700"
    )


def test_a_village_of_another_municipality_is_refused(client, world, hearing):
    elsewhere = VillageFactory(municipality=world.municipality_b)
    response = propose(client, hearing, "ru", village=elsewhere.pk)
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Proposal.objects.exists()


def test_one_address_may_send_ten_proposals_an_hour(client, hearing):
    for n in range(services.ONLINE_PROPOSALS_PER_WINDOW):
        assert propose(client, hearing, text=f"Сунуш номер {n}").status_code == 302
    refused = propose(client, hearing, "ru", text="Одиннадцатое предложение")
    assert refused.status_code == 400
    assert "За последний час с вашего подключения отправлено много предложений" in problem_of(refused)
    assert "Одиннадцатое предложение" in textarea_of(refused)
    assert Proposal.objects.count() == services.ONLINE_PROPOSALS_PER_WINDOW
    # Another address is not held back.
    assert propose(client, hearing, text="Башка даректен", address="10.0.0.9").status_code == 302


@pytest.mark.parametrize(
    "window",
    [
        {"proposals_open_from": timedelta(days=2), "proposals_open_until": timedelta(days=5)},  # not yet open
        {"proposals_open_from": timedelta(days=-5), "proposals_open_until": timedelta(days=-1)},  # closed
    ],
)
def test_outside_the_window_there_is_no_form_and_a_late_proposal_is_given_back(client, world, window):
    now = timezone.now()
    hearing = announced_hearing(world.municipality_a, **{name: now + delta for name, delta in window.items()})
    page = client.get(f"/ru/hearings/{hearing.pk}/").content.decode()
    assert 'name="text"' not in page
    assert ("принимаются онлайн с" in page) or ("онлайн больше не принимаются" in page)
    response = propose(client, hearing, "ru", text="Поздно, но важно.")
    assert response.status_code == 409
    assert "не принимаются онлайн" in problem_of(response)
    assert "Поздно, но важно." in response.content.decode()  # their text, to keep
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("status", [Hearing.Status.HELD, Hearing.Status.CLOSED, Hearing.Status.CANCELLED])
def test_after_the_hearing_or_once_cancelled_nothing_is_accepted_online(client, world, status):
    hearing = announced_hearing(world.municipality_a, status=status)
    assert 'name="text"' not in client.get(f"/ky/hearings/{hearing.pk}/").content.decode()
    assert propose(client, hearing).status_code == 409
    assert not Proposal.objects.exists()


def test_a_proposal_to_a_hearing_being_prepared_is_404(client, world):
    draft = announced_hearing(world.municipality_a, status=Hearing.Status.DRAFT)
    assert propose(client, draft).status_code == 404
    assert client.get(f"/ky/hearings/{draft.pk}/propose/").status_code == 405
    assert not Proposal.objects.exists()
