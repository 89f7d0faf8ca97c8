"""Nothing private about hearings reaches a public page, the feed, the sitemap or the API, and
hostile proposal texts are escaped everywhere and never give a server error."""

import json
import re

import pytest
from django.core.cache import cache

from config import page_cache
from hearings import services
from hearings.models import Proposal
from tests.hearings.public_data import CONSENTED_NAME, SECRET_NAME, build

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('сунуш')</script> суу керек",
    '"><img src=x onerror=alert(1)> жол керек',
    "Жол \u202eкереккеле\u202c оңдолсун \u2066ыйса\u2069",  # right-to-left override and isolates
    "Бала бакча 🏫👶🏽 керек! \U0001f1f0\U0001f1ec",
    "{{ secret }} {% debug %} ${7*7} %(name)s",
    "ж" * 2999 + "!",
]


@pytest.fixture
def hearings(world, reference):
    return build(world)


def public_answers(client, data) -> dict[str, str]:
    """Every public page, the feed, the sitemap and the API, in each language."""
    cache.clear()
    page_cache.clear()
    a = data.announced.municipality
    paths = [
        "/ky/", "/ru/", "/en/", "/ky/hearings/", "/ru/hearings/?when=past", "/ky/hearings/calendar.ics",
        "/ru/hearings/calendar.ics", "/sitemap.xml", f"/ky/municipalities/{a.pk}/", f"/ru/plans/{data.program.pk}/",
        "/api/v1/hearings/", "/api/v1/hearings/?status=closed", f"/api/v1/municipalities/{a.pk}/",
    ]  # fmt: skip
    for hearing in (data.announced, data.closed, *data.gatherings):
        paths += [f"/ky/hearings/{hearing.pk}/", f"/ru/hearings/{hearing.pk}/", f"/en/hearings/{hearing.pk}/",
                  f"/api/v1/hearings/{hearing.pk}/"]  # fmt: skip
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        answers[path] = response.content.decode()
    for path in (f"/ky/hearings/{data.draft.pk}/", f"/api/v1/hearings/{data.draft.pk}/",
                 f"/ky/hearings/{data.draft_gathering.pk}/", f"/api/v1/hearings/{data.draft_gathering.pk}/"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    return answers


def test_nothing_private_on_any_public_page_feed_sitemap_or_api(client, hearings):
    for path, body in public_answers(client, hearings).items():
        for secret in hearings.secrets:
            assert secret not in body, f"{secret!r} in {path}"
        assert "sign-in" not in body, path  # the scanned sign-in sheet, nor a link to it
        assert "hearing_sign_in_sheet" not in body, path


def test_a_name_shows_on_the_page_only_with_consent_and_never_in_the_api(client, hearings):
    answers = public_answers(client, hearings)
    page = answers[f"/ky/hearings/{hearings.closed.pk}/"]
    assert CONSENTED_NAME in page and SECRET_NAME not in page
    for path, body in answers.items():
        if path.startswith("/api/"):
            assert CONSENTED_NAME not in body, path
            assert "author" not in body and "gender" not in body and "age_group" not in body, path


def test_unmoderated_and_hidden_proposals_are_not_counted_either(client, hearings):
    item = json.loads(public_answers(client, hearings)[f"/api/v1/hearings/{hearings.closed.pk}/"])
    published = Proposal.objects.filter(hearing=hearings.closed, moderation="published").count()
    assert item["proposal_count"] == published == len(item["proposals"])
    assert {p["number"] for p in item["proposals"]} == set(
        Proposal.objects.filter(hearing=hearings.closed, moderation="published").values_list(
            "number", flat=True
        )
    )


def test_hostile_texts_sent_through_the_form_are_escaped_everywhere(client, world, hearings):
    hearing = hearings.announced
    for index, text in enumerate(HOSTILE):
        response = client.post(
            f"/ky/hearings/{hearing.pk}/propose/",
            {"text": text, "author_name": f"<b>Аты {index}</b>\u202e", "name_may_be_published": "on"},
            REMOTE_ADDR=f"10.1.0.{index}",
        )
        assert response.status_code == 302, (text[:40], response.status_code)
    # 10,000 characters, NUL characters: refused or cleaned, never a server error.
    long = client.post(
        f"/ru/hearings/{hearing.pk}/propose/", {"text": "<i>" + "ы" * 10_000}, REMOTE_ADDR="10.2.0.1"
    )
    assert (
        long.status_code == 400
        and "&lt;i&gt;ыыы" in long.content.decode()
        and "<i>ыыы" not in long.content.decode()
    )
    nul = client.post(
        f"/ru/hearings/{hearing.pk}/propose/", {"text": "\x00<script>\x00ok</script>"}, REMOTE_ADDR="10.2.0.2"
    )
    assert nul.status_code == 302
    for proposal in Proposal.objects.filter(hearing=hearing, moderation="pending", source="online"):
        assert "\x00" not in proposal.text
        services.proposal_moderate(proposal=proposal, user=world.staff_a, publish=True)

    answers = public_answers(client, hearings)
    page = answers[f"/ky/hearings/{hearing.pk}/"]
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;сунуш&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>Аты" not in page and "&lt;b&gt;Аты 0&lt;/b&gt;" in page
    assert "{{ secret }} {% debug %} ${7*7} %(name)s" in page  # shown as typed, never evaluated
    assert "🏫👶🏽" in page and "ж" * 2999 + "!" in page
    # Right-to-left overrides stay inside the proposal: its text is a block of its own, its
    # author's name an isolated run, so they cannot turn the page's own words around.
    assert re.search(r'<div class="proposal-text" dir="auto"><p>Жол \u202e', page)
    assert re.search(r"<bdi>&lt;b&gt;Аты 2&lt;/b&gt;\u202e</bdi>", page)
    for path, body in answers.items():
        if not path.startswith("/api/"):
            assert "<script>alert" not in body and "<img src=x" not in body, path
    # The API gives the data as written, as JSON a browser never runs as a page.
    response = client.get(f"/api/v1/hearings/{hearing.pk}/")
    assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
    api = json.loads(answers[f"/api/v1/hearings/{hearing.pk}/"])
    texts = {p["text"] for p in api["proposals"]}
    assert set(HOSTILE) <= texts and "<script>ok</script>" in texts  # the data as written, NUL dropped


def test_hostile_filters_of_the_api_are_refused_never_a_500(client, hearings):
    for query in ("kind=<script>", "status=draft", "year=abc", "region=-1", "municipality=" + "9" * 40,
                  "status=\x00", "page=0", "page_size=nope", "year=2025&year=2026"):  # fmt: skip
        response = client.get(f"/api/v1/hearings/?{query}")
        assert response.status_code in (400, 404), (query, response.status_code)
        assert response["Content-Type"] == "application/json"
