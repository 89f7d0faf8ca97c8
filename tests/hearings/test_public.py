"""The public hearing pages: the calendar of hearings, one hearing before and after it is held,
the home page's and the municipality page's blocks, in Kyrgyz and Russian."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hearings.models import Hearing
from tests.factories import (
    DistrictFactory,
    HearingFactory,
    MunicipalityFactory,
    ProgramFactory,
    RegionFactory,
)
from tests.hearings.public_data import DRAFT_GATHERING_TITLE, DRAFT_TITLE, announced_hearing, build

pytestmark = pytest.mark.django_db

S = Hearing.Status


@pytest.fixture
def hearings(world, reference):
    return build(world)


def text_of(response) -> str:
    """The page's main content as a reader sees it: tags out, spaces folded."""
    body = response.content.decode()
    body = body[body.index("<main") :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


# --- The calendar of hearings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "upcoming", "past"), [("ky", "Алдыдагы", "Өткөн"), ("ru", "Предстоящие", "Прошедшие")]
)
def test_the_list_shows_upcoming_hearings_first_then_past_ones_never_a_draft(
    client, hearings, language, upcoming, past
):
    response = client.get(f"/{language}/hearings/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    first, second = body.index(f">{upcoming}</h2>"), body.index(f">{past}</h2>")
    assert first < body.index(hearings.announced.title) < second < body.index(hearings.closed.title)
    assert DRAFT_TITLE not in body
    assert f"/{language}/hearings/calendar.ics" in response.content.decode()


def test_the_filters_combine(client, world):
    osh, naryn = RegionFactory(name_en="Osh oblast"), RegionFactory(name_en="Naryn oblast")
    nookat, at_bashy = DistrictFactory(region=osh), DistrictFactory(region=naryn)
    in_nookat = MunicipalityFactory(district=nookat)
    in_at_bashy = MunicipalityFactory(district=at_bashy)
    now = timezone.now()
    announced_hearing(in_nookat, title="Аа бюджет", kind="budget_draft")
    announced_hearing(in_nookat, title="Бб тариф", kind="drinking_water_tariff")
    announced_hearing(in_at_bashy, title="Вв бюджет", kind="budget_draft")
    HearingFactory(
        municipality=in_nookat,
        title="Гг 2018",
        kind="other",
        status=S.CLOSED,
        starts_at=now.replace(year=2018),
    )

    def titles(**params):
        text = text_of(client.get("/en/hearings/", params))
        return {t for t in ("Аа бюджет", "Бб тариф", "Вв бюджет", "Гг 2018") if t in text}

    assert titles() == {"Аа бюджет", "Бб тариф", "Вв бюджет", "Гг 2018"}
    assert titles(oblast=osh.pk) == {"Аа бюджет", "Бб тариф", "Гг 2018"}
    assert titles(oblast=osh.pk, kind="budget_draft") == {"Аа бюджет"}
    assert titles(rayon=at_bashy.pk) == {"Вв бюджет"}
    assert titles(year=2018) == {"Гг 2018"}
    assert titles(when="past") == {"Гг 2018"}
    assert titles(when="upcoming", kind="drinking_water_tariff") == {"Бб тариф"}


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "99999"}, {"oblast": "x"}, {"kind": "<script>"},
                                    {"when": "\x00"}, {"page": "-1"}, {"rayon": "9" * 30}])  # fmt: skip
def test_a_bad_filter_is_ignored_with_a_message_never_a_500(client, hearings, params):
    response = client.get("/ru/hearings/", params)
    assert response.status_code == 200
    assert hearings.announced.title in text_of(response)
    if "year" in params:
        assert "Введите" in text_of(response) or "Убедитесь" in text_of(response)


def test_the_list_is_paginated_without_script(client, world):
    for n in range(25):
        announced_hearing(
            world.municipality_a, title=f"Угуу {n:02d}", starts_at=timezone.now() + timedelta(days=20 + n)
        )
    first = client.get("/ky/hearings/")
    assert "Угуу 00" in text_of(first) and "Угуу 24" not in text_of(first)
    assert 'rel="next"' in first.content.decode() and b"<script" not in first.content
    second = client.get("/ky/hearings/", {"page": 2})
    assert "Угуу 24" in text_of(second)


# --- One hearing, before it is held --------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "in_days", "ends"),
    [("ky", "14 күндөн кийин", "10 күндөн кийин"), ("ru", "через 14 дней", "через 10 дней")],
)
def test_an_announced_hearing_says_when_where_and_how_long_to_send_proposals(
    client, hearings, language, in_days, ends
):
    hearing = hearings.announced
    response = client.get(f"/{language}/hearings/{hearing.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    assert hearing.title in text and hearing.place in text and hearing.summary in text
    assert "Бюджеттин долбоору" in text and "Суроолор жана сунуштар" in text  # the agenda, an item a line
    assert all(getattr(v, f"name_{language}") in text for v in hearings.villages)  # villages concerned
    assert in_days in text  # countdown to the hearing
    assert ends in text  # and to the end of the consultation
    assert 'name="text"' in response.content.decode()  # the proposal form


def test_the_notice_materials_and_proposal_form_are_linked_in_both_languages(client, hearings):
    body = client.get(f"/ru/hearings/{hearings.announced.pk}/").content.decode()
    for kind in ("hearing_notice", "hearing_materials", "hearing_proposal_form"):
        assert f'href="/ky/hearings/{hearings.announced.pk}/documents/{kind}/"' in body
        assert f'href="/ru/hearings/{hearings.announced.pk}/documents/{kind}/"' in body
    assert "hearing_sign_in_sheet" not in body  # a staff document
    assert "hearing_protocol" not in body  # not before the hearing is closed


def test_a_hearing_being_prepared_is_404_in_every_language(client, hearings):
    for language in ("ky", "ru", "en"):
        assert client.get(f"/{language}/hearings/{hearings.draft.pk}/").status_code == 404
    assert client.get("/ky/hearings/999999/").status_code == 404


def test_a_postponed_hearing_shows_the_new_date_and_why(client, world):
    hearing = announced_hearing(world.municipality_a, status=S.POSTPONED, status_reason="Жол жабылып калды")
    text = text_of(client.get(f"/ru/hearings/{hearing.pk}/"))
    assert "Слушание перенесено на" in text and "Жол жабылып калды" in text


def test_a_cancelled_hearing_says_so_with_the_reason_and_has_no_form(client, world):
    hearing = announced_hearing(
        world.municipality_a, status=S.CANCELLED, status_reason="Бюджет кайра каралат"
    )
    response = client.get(f"/ky/hearings/{hearing.pk}/")
    text = text_of(response)
    assert "Бюджет кайра каралат" in text and "жокко чыгарылды" in text.lower()
    assert 'name="text"' not in response.content.decode()


def test_a_hearing_shares_well_in_a_messenger(client, hearings):
    body = client.get(f"/ru/hearings/{hearings.announced.pk}/").content.decode()
    name = hearings.announced.municipality.name_ru
    assert f'<meta property="og:title" content="{name}: {hearings.announced.title}">' in body
    assert '<meta property="og:type" content="article">' in body
    assert re.search(r'<meta property="og:description" content="[^"]*Проект местного бюджета', body)
    assert f'property="og:url" content="http://testserver/ru/hearings/{hearings.announced.pk}/"' in body
    assert '<link rel="alternate" hreflang="ky"' in body


# --- One hearing, after it -------------------------------------------------------------------------


def test_a_closed_hearing_shows_who_came_with_the_gender_balance_and_the_villages(client, hearings):
    text = text_of(client.get(f"/ru/hearings/{hearings.closed.pk}/"))
    # 40 + 35 at the hearing, 10 + 8 and 11 + 8 at the two mini-gatherings, 7 + 5 at one entered
    # from paper (never announced: counted and listed, without a page or a title of its own).
    assert "Пришло жителей: 124, из них женщин: 68, мужчин: 56 (женщины — 55%)" in text
    assert "Включая жителей с 3 мини-сходов" in text
    assert "мини-сход · " in text and "женщин: 7, мужчин: 5" in text
    assert DRAFT_GATHERING_TITLE not in text
    assert "Кок-Жар 40 28 68" in text and "Ак-Суу 11 8 19" in text  # by village, mini-gatherings added
    assert "Молодёжь: 12" in text  # a group counted
    # each mini-gathering listed with its village
    assert "Кок-Жар · " in text and "Ак-Суу · " in text
    body = client.get(f"/ru/hearings/{hearings.closed.pk}/").content.decode()
    for gathering in hearings.gatherings:
        assert f"/ru/hearings/{gathering.pk}/" in body
    assert f"/ru/hearings/{hearings.draft_gathering.pk}/" not in body


def test_a_closed_hearing_shows_the_votes_the_minutes_and_every_answer(client, hearings):
    response = client.get(f"/ky/hearings/{hearings.closed.pk}/")
    text = text_of(response)
    assert "Мектепке чейинки билим берүү — жеңүүчү" in text  # the winner
    assert "30 12 42" in text  # votes of women, of men, in all
    assert "Талкууланды: суу, жолдор, мектептер." in text
    assert "Кабыл алынды" in text and "Иш-чаралар планына киргизилди." in text
    assert "Четке кагылды" in text and "Каражат жок" in text
    assert "Ноокат райондук администрациясы" in text
    assert 'href="#proposal-1"' in response.content.decode()  # merged with No. 1
    assert "hearing_protocol" in response.content.decode()  # the protocol, now that it is closed
    assert 'name="text"' not in response.content.decode()


def test_a_proposal_taken_into_a_draft_program_names_no_part_of_the_draft(client, world, reference):
    from planning.models import Activity
    from tests.factories import (
        ActivityFactory,
        GoalFactory,
        ObjectiveFactory,
        PriorityFactory,
        ProposalFactory,
    )

    program = ProgramFactory(municipality=world.municipality_a)
    objective = ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=program)))
    activity = ActivityFactory(objective=objective, title="ДРАФТТАГЫ-ИШ-ЧАРА")
    assert Activity.objects.filter(pk=activity.pk).exists()
    hearing = announced_hearing(world.municipality_a, kind="sedp_draft", program=program)
    ProposalFactory(hearing=hearing, number=1, plan_part="activity", plan_part_id=activity.pk)
    response = client.get(f"/ru/hearings/{hearing.pk}/")
    text = text_of(response)
    assert "Учтено в проекте программы (мероприятие)" in text
    assert "ДРАФТТАГЫ-ИШ-ЧАРА" not in text and f"/plans/{program.pk}/" not in response.content.decode()


# --- The home page and the municipality page --------------------------------------------------------


def test_the_home_page_lists_upcoming_hearings_only(client, hearings):
    text = text_of(client.get("/ru/"))
    assert "Предстоящие общественные слушания" in text
    assert hearings.announced.title in text
    assert hearings.closed.title not in text and DRAFT_TITLE not in text
    assert "/ru/hearings/calendar.ics" in client.get("/ru/").content.decode()


def test_the_municipality_page_shows_its_hearings(client, world, hearings):
    response = client.get(f"/ky/municipalities/{world.municipality_a.pk}/")
    text = text_of(response)
    assert "Коомдук угуулар" in text
    assert hearings.announced.title in text and hearings.closed.title in text
    assert DRAFT_TITLE not in text


def test_hearing_pages_need_no_script_and_stay_light(client, hearings):
    for path in (
        "/ky/hearings/",
        f"/ky/hearings/{hearings.announced.pk}/",
        f"/ky/hearings/{hearings.closed.pk}/",
    ):
        body = client.get(path).content
        assert b"<script" not in body, path
        assert len(body) < 60_000, path
