"""Whole public answers kept per publication generation (config/page_cache.py)."""

import gzip

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from config import page_cache
from planning.models import Program
from planning.publication.cache import bump_public_generation
from tests.planning.publication.conftest import make_published

pytestmark = pytest.mark.django_db


def _queries(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, len(captured)


def test_a_second_visitor_gets_the_same_page_without_a_query(client, reference):
    program = make_published(activities=5, title="Ак-Талдын программасы")
    first, cold = _queries(client, f"/ky/plans/{program.pk}/")
    again, warm = _queries(client, f"/ky/plans/{program.pk}/")
    assert cold > 5 and warm == 1  # the public generation, one primary-key read
    assert again.status_code == 200
    assert again.content == first.content
    assert "Ак-Талдын программасы" in again.content.decode()


def test_the_kept_page_goes_out_compressed_once_and_answers_304(client, reference):
    program = make_published(activities=5)
    plain = client.get(f"/ky/plans/{program.pk}/")
    packed = client.get(f"/ky/plans/{program.pk}/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert "Accept-Encoding" in packed["Vary"]
    not_modified, queries = _queries(client, f"/ky/plans/{program.pk}/", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert not_modified.status_code == 304 and queries == 1


def test_a_publication_is_seen_at_once(client, reference, django_capture_on_commit_callbacks):
    make_published(activities=2, title="Биринчи программа")
    assert "Биринчи программа" in client.get("/ky/plans/").content.decode()
    make_published(activities=2, title="Экинчи программа")
    assert "Экинчи программа" not in client.get("/ky/plans/").content.decode()  # kept answer
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_generation()  # what every publication does after its commit
    assert "Экинчи программа" in client.get("/ky/plans/").content.decode()


def test_signed_in_people_neither_get_nor_leave_kept_answers(client, world, reference):
    program = make_published(municipality=world.municipality_a, activities=2)
    anonymous = client.get(f"/ky/plans/{program.pk}/").content.decode()
    client.force_login(world.staff_a)
    theirs = client.get(f"/ky/plans/{program.pk}/").content.decode()
    assert world.staff_a.display_name in theirs and world.staff_a.display_name not in anonymous
    client.logout()
    page_cache.clear()
    client.force_login(world.staff_a)
    client.get(f"/ky/plans/{program.pk}/")  # a signed-in visit first: nothing is kept from it
    client.logout()
    assert world.staff_a.display_name not in client.get(f"/ky/plans/{program.pk}/").content.decode()


def test_what_is_not_public_is_never_kept(client, world, reference):
    draft = make_published(municipality=world.municipality_a, activities=2)
    Program.objects.filter(pk=draft.pk).update(status=Program.Status.DRAFT)
    assert client.get(f"/ky/plans/{draft.pk}/").status_code == 404
    Program.objects.filter(pk=draft.pk).update(status=Program.Status.PUBLISHED)
    # The 404 was not kept: the published plan is there (its page was never rendered before).
    assert client.get(f"/ky/plans/{draft.pk}/").status_code == 200


def test_a_page_with_a_form_token_is_not_kept_even_if_listed(client, monkeypatch, db):
    monkeypatch.setattr(page_cache, "PUBLIC_ROUTES", page_cache.PUBLIC_ROUTES | {"accounts:login"})
    first = client.get("/ky/accounts/login/")
    assert first.status_code == 200 and first.cookies.get("csrftoken")
    token = client.get("/ky/accounts/login/").content  # a visitor who has a token already
    assert b"csrfmiddlewaretoken" in token
    client.cookies.clear()
    second = client.get("/ky/accounts/login/")
    assert second.cookies.get("csrftoken"), "a new visitor gets a token of their own, not a kept one"


def test_the_api_answer_is_kept_per_language(client, reference):
    make_published(activities=2)
    kyrgyz = client.get("/api/v1/programs/", HTTP_ACCEPT_LANGUAGE="ky")
    russian = client.get("/api/v1/programs/", HTTP_ACCEPT_LANGUAGE="ru")
    again, queries = _queries(client, "/api/v1/programs/", HTTP_ACCEPT_LANGUAGE="ru")
    assert queries == 1 and again.content == russian.content
    assert kyrgyz["Content-Language"] != russian["Content-Language"]
    assert again["Access-Control-Allow-Origin"] == "*"


def test_the_store_keeps_within_its_bytes():
    store = page_cache._Store(max_bytes=40_000)
    for number in range(20):
        store.put(str(number), page_cache.Entry(200, (), b"x" * 4000, None, f'"{number}"'))
    assert store.bytes <= 40_000
    assert store.get("19") is not None and store.get("0") is None


class Clock:
    """The portal's clock, moved on by the test (timezone.now and the kept answers' time.time)."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        monkeypatch.setattr(page_cache.time, "time", lambda: self.now.timestamp())

    def move(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)


def _hearings_to_come(html: str) -> str:
    """The block of hearings still to come (home and municipality pages: before "Past")."""
    section = html.split('id="hearings-heading"')[1].split("</section>")[0]
    return section.split(">Past<")[0]


def test_a_kept_page_with_hearings_to_come_expires_when_the_hearing_starts(client, world, monkeypatch):
    from datetime import timedelta

    from hearings.models import Hearing
    from tests.factories import HearingFactory

    clock = Clock(monkeypatch)
    hearing = HearingFactory(
        municipality=world.municipality_a,
        status=Hearing.Status.ANNOUNCED,
        title="Угуу: суу тарифи",
        starts_at=clock.now + timedelta(days=2, hours=3),
    )
    municipality = f"/en/municipalities/{world.municipality_a.pk}/"
    first = client.get("/en/").content.decode()
    assert hearing.title in _hearings_to_come(first)
    assert hearing.title in _hearings_to_come(client.get(municipality).content.decode())
    assert hearing.title in client.get("/en/hearings/?when=upcoming").content.decode()
    # Kept: the same answer, nothing read but the generation.
    response, queries = _queries(client, "/en/")
    assert queries == 1 and response.content.decode() == first
    # Once the hearing has started it is no longer among those to come, on any page showing them,
    # though nothing was published in between.
    clock.move(days=2, hours=4)
    assert hearing.title not in _hearings_to_come(client.get("/en/").content.decode())
    assert hearing.title not in _hearings_to_come(client.get(municipality).content.decode())
    assert hearing.title not in client.get("/en/hearings/?when=upcoming").content.decode()


def test_a_kept_answer_goes_out_before_the_rest_of_the_stack_with_the_first_answers_headers(
    client, reference, monkeypatch
):
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.locale import LocaleMiddleware

    program = make_published(activities=2)
    first = client.get(f"/ky/plans/{program.pk}/")
    ran = []
    for middleware in (SessionMiddleware, LocaleMiddleware):
        original = middleware.process_request

        def recorded(self, request, original=original, middleware=middleware):
            ran.append(middleware)
            return original(self, request)

        monkeypatch.setattr(middleware, "process_request", recorded)
    again = client.get(f"/ky/plans/{program.pk}/")
    assert ran == []  # neither sessions nor the language ran for the kept answer
    assert again.content == first.content
    for header in (
        "Content-Language",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert again.get(header) == first.get(header), header
    assert first["Content-Language"] == "ky"
    client.get("/ky/plans/")  # not kept yet: the whole stack runs
    assert ran


def test_each_language_prefix_has_its_own_kept_answer_whatever_the_browser_asks(client, reference):
    program = make_published(activities=2)
    russian = client.get(f"/ru/plans/{program.pk}/", HTTP_ACCEPT_LANGUAGE="ky")
    kyrgyz = client.get(f"/ky/plans/{program.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    for _ in range(2):
        again_ru, queries = _queries(client, f"/ru/plans/{program.pk}/", HTTP_ACCEPT_LANGUAGE="ky")
        assert queries == 1 and again_ru.content == russian.content
        assert client.get(f"/ky/plans/{program.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content == kyrgyz.content
    assert russian["Content-Language"] == "ru" and kyrgyz["Content-Language"] == "ky"
    assert b'lang="ru"' in russian.content and b'lang="ky"' in kyrgyz.content


def test_a_first_answer_compressed_on_its_way_out_is_kept_plain_and_compressed(client, reference):
    program = make_published(activities=5)
    packed = client.get(f"/ky/plans/{program.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    plain, queries = _queries(client, f"/ky/plans/{program.pk}/")
    assert queries == 1 and not plain.has_header("Content-Encoding")
    assert gzip.decompress(packed.content) == plain.content
    assert plain["ETag"] == packed["ETag"] and not plain["ETag"].startswith("W/")
    again = client.get(f"/ky/plans/{program.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(again.content) == plain.content


def test_signed_in_people_and_other_pages_go_the_whole_way(client, world, reference):
    program = make_published(municipality=world.municipality_a, activities=2)
    client.get(f"/ky/plans/{program.pk}/")  # kept for visitors
    client.force_login(world.staff_a)
    theirs, queries = _queries(client, f"/ky/plans/{program.pk}/")
    assert queries > 1 and world.staff_a.display_name in theirs.content.decode()
    assert "private" in theirs["Cache-Control"]
    client.logout()
    client.cookies.clear()
    login = client.get("/ky/accounts/login/")
    assert login.status_code == 200 and login.cookies.get("csrftoken")  # not a kept page


def test_the_generation_read_replaces_the_health_check_and_reconnects_once(monkeypatch):
    from planning.publication import cache

    class Connection:
        connection = object()
        health_check_done = False
        in_atomic_block = False
        closed = 0

        def close(self):
            self.closed += 1

    fake = Connection()
    answers = iter([DatabaseError("server closed the connection"), 7])

    def read(request=None):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(page_cache, "connection", fake)
    monkeypatch.setattr(cache, "public_generation", read)
    assert page_cache._generation(None) == 7
    assert fake.closed == 1 and fake.health_check_done
