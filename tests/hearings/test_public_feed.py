"""The iCalendar feed of upcoming hearings and the sitemap's hearings."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from hearings.models import Hearing
from tests.factories import HearingFactory
from tests.hearings.public_data import DRAFT_TITLE, announced_hearing, build

pytestmark = pytest.mark.django_db


def events(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_parses_and_lists_only_upcoming_public_hearings(client, world, reference, settings):
    settings.SITE_URL = "https://sedp.example.kg"
    data = build(world)
    postponed = announced_hearing(world.municipality_a, status=Hearing.Status.POSTPONED, status_reason="Жаан")
    cancelled = announced_hearing(world.municipality_a, status=Hearing.Status.CANCELLED)
    past = announced_hearing(world.municipality_a, starts_at=timezone.now() - timedelta(hours=3))
    HearingFactory(municipality=world.municipality_a, title="ДАЯРДАЛУУДАГЫ-2")  # a draft, three weeks ahead
    found = events(client.get("/ru/hearings/calendar.ics"))
    assert set(found) == {
        f"hearing-{data.announced.pk}@sedp.example.kg",
        f"hearing-{postponed.pk}@sedp.example.kg",
    }
    assert cancelled.pk not in [int(uid.split("-")[1].split("@")[0]) for uid in found]
    assert past.pk not in [int(uid.split("-")[1].split("@")[0]) for uid in found]
    event = found[f"hearing-{data.announced.pk}@sedp.example.kg"]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)  # in UTC
    assert start == data.announced.starts_at.astimezone(UTC).replace(microsecond=0)
    assert str(event["URL"]) == f"https://sedp.example.kg/ru/hearings/{data.announced.pk}/"
    assert data.announced.title in str(event["SUMMARY"]) and data.announced.place in str(event["LOCATION"])
    assert "Проект местного бюджета" in str(event["DESCRIPTION"])
    assert "Жаан" in str(found[f"hearing-{postponed.pk}@sedp.example.kg"]["DESCRIPTION"])


def test_a_postponed_hearing_keeps_its_uid_and_tells_calendars_it_changed(client, world):
    hearing = announced_hearing(world.municipality_a)
    before = events(client.get("/ky/hearings/calendar.ics"))
    Hearing.objects.filter(pk=hearing.pk).update(
        status=Hearing.Status.POSTPONED,
        starts_at=hearing.starts_at + timedelta(days=7),
        version=hearing.version + 1,
    )
    from config import page_cache
    from planning.publication.cache import bump_public_generation

    bump_public_generation()
    page_cache.clear()
    after = events(client.get("/ky/hearings/calendar.ics"))
    assert set(before) == set(after)
    uid = next(iter(after))
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert after[uid].decoded("DTSTART") > before[uid].decoded("DTSTART")


def test_the_list_links_to_the_feed(client):
    body = client.get("/ky/hearings/").content.decode()
    assert 'href="/ky/hearings/calendar.ics"' in body
    assert '<link rel="alternate" type="text/calendar"' in body


def test_the_sitemap_has_public_hearings_in_three_languages_never_a_draft(client, world, reference):
    data = build(world)
    body = client.get("/sitemap.xml").content.decode()
    for hearing in (data.announced, data.closed, *data.gatherings):
        for language in ("ky", "ru", "en"):
            assert f"/{language}/hearings/{hearing.pk}/</loc>" in body
    for language in ("ky", "ru", "en"):
        assert f"/{language}/hearings/</loc>" in body
    assert f"/hearings/{data.draft.pk}/" not in body
    assert f"/hearings/{data.draft_gathering.pk}/" not in body
    assert DRAFT_TITLE not in body
