"""What a resident without an account sees of services, joint action plans and local initiatives:
the municipality page's blocks, a published JAP's page, the initiatives' list. Never a draft or an
agreed plan, never an initiative's initiators or contacts; the queries do not grow with the size."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hearings.models import Hearing, PriorityVote, VoteOption
from municipal_services.models import JointActionPlan, LocalInitiative, SatisfactionSurvey
from tests.factories import (
    FundingSourceFactory,
    HearingFactory,
    JapActionFactory,
    JointActionPlanFactory,
    LocalInitiativeFactory,
    MunicipalServiceFactory,
    TariffFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>{{ x }}=HYPERLINK("http://x")'
PRIVATE = ("Асанов Бакыт Жолдошевич", "+996 555 987 654", "secret.initiators@example.kg")


@pytest.fixture
def closed_hearing(world):
    return HearingFactory(
        municipality=world.municipality_a,
        kind=Hearing.Kind.OTHER,
        budget_year=None,
        title="Артыкчылыктарга добуш берүү",
        starts_at=timezone.now() - timedelta(days=40),
        status=Hearing.Status.CLOSED,
    )


def _published_plan(municipality, hearing, *, actions=3, status=JointActionPlan.Status.PUBLISHED, **fields):
    vote = PriorityVote.objects.create(
        hearing=hearing, tool=PriorityVote.Tool.PROBLEM_GALLERY, question="Эмнеден баштайбыз?"
    )
    option = VoteOption.objects.create(
        vote=vote, label="Мектепке чейинки билим берүү", votes_women=38, votes_men=17
    )
    plan = JointActionPlanFactory(
        municipality=municipality, status=status, hearing=hearing, vote_option=option,
        agreed_on=date(2023, 11, 20), published_at=timezone.now(), **fields,
    )  # fmt: skip
    local = FundingSourceFactory(code="local-budget", order=1, name_ky="Жергиликтүү бюджет")
    for n in range(actions):
        JapActionFactory(
            plan=plan, order=n + 1, funding_source=local, cost=Decimal("1000"), what=f"Аракет №{n + 1}"
        )
    return plan


def test_a_published_plan_shows_its_vote_hearing_actions_and_totals(client, world, closed_hearing):
    plan = _published_plan(world.municipality_a, closed_hearing, title="Бала бакча 2024")
    JapActionFactory(plan=plan, order=9, funding_source=None, cost=None, what=HOSTILE)
    response = client.get(reverse("services:jap", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Бала бакча 2024" in html and "Аракет №3" in html
    assert "Мектепке чейинки билим берүү" in html and "55" in html  # the winning option and its votes
    assert reverse("hearings:detail", args=[closed_hearing.pk]) in html
    assert "3\u00a0000" in html or "3 000" in html or "3,000" in html  # 3 × 1,000 from the local budget
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_a_draft_or_agreed_plan_is_nowhere_public(client, world, closed_hearing):
    from config import page_cache

    for status in (JointActionPlan.Status.DRAFT, JointActionPlan.Status.AGREED):
        plan = _published_plan(
            world.municipality_a, closed_hearing, status=status, title=f"Жашыруун {status}"
        )
        assert client.get(reverse("services:jap", args=[plan.pk])).status_code == 404
        page_cache.clear()  # the factories write without moving the generation on
        page = client.get(reverse("territory:municipality", args=[world.municipality_a.pk])).content.decode()
        assert f"Жашыруун {status}" not in page
    client.force_login(
        world.staff_a
    )  # even for the staff who write it, the public page is only for published ones
    assert client.get(reverse("services:jap", args=[plan.pk])).status_code == 404


def test_a_plan_of_a_hearing_being_prepared_does_not_link_it(client, world):
    draft_hearing = HearingFactory(municipality=world.municipality_a, title="Даярдалып жаткан угуу")
    plan = _published_plan(world.municipality_a, draft_hearing)
    html = client.get(reverse("services:jap", args=[plan.pk])).content.decode()
    assert reverse("hearings:detail", args=[draft_hearing.pk]) not in html


def test_the_municipality_page_lists_services_tariffs_plans_and_initiatives_without_contacts(
    client, world, closed_hearing
):
    service = MunicipalServiceFactory(municipality=world.municipality_a, base_service__name_ky="Ичүүчү суу")
    TariffFactory(
        service=service, hearing=closed_hearing, amount=Decimal("35"), council_decision_number="7-2"
    )
    SatisfactionSurvey.objects.create(
        service=service, surveyed_on=date(2024, 5, 1), sample_size=120, score=Decimal("3.4")
    )
    plan = _published_plan(world.municipality_a, closed_hearing, title="Бала бакча БАП")
    LocalInitiativeFactory(
        municipality=world.municipality_a, title="Көчө жарыгы", initiators=PRIVATE[0],
        contact_phone=PRIVATE[1], contact_email=PRIVATE[2], stage=LocalInitiative.Stage.FUNDED,
        funded_amount=Decimal("90000"),
    )  # fmt: skip
    html = client.get(reverse("territory:municipality", args=[world.municipality_a.pk])).content.decode()
    assert (
        "Ичүүчү суу" in html
        and "7-2" in html
        and reverse("hearings:detail", args=[closed_hearing.pk]) in html
    )
    assert "3.4" in html or "3,4" in html
    assert reverse("services:jap", args=[plan.pk]) in html
    assert "Көчө жарыгы" in html
    for private in PRIVATE:
        assert private not in html
    listing = client.get(reverse("services:initiative_list"), {"municipality": world.municipality_a.pk})
    assert "Көчө жарыгы" in listing.content.decode()
    for private in PRIVATE:
        assert private not in listing.content.decode()


def test_the_initiatives_list_filters_by_stage_and_survives_hostile_filters(client, world):
    LocalInitiativeFactory(municipality=world.municipality_a, title="Берилген демилге")
    LocalInitiativeFactory(municipality=world.municipality_b, title="Каржыланган демилге", stage="funded")
    url = reverse("services:initiative_list")
    html = client.get(url, {"stage": "funded"}).content.decode()
    assert "Каржыланган демилге" in html and "Берилген демилге" not in html
    for query in (
        {"municipality": "99999999999999999999999"},
        {"municipality": "-1"},
        {"municipality": "1\x00"},
        {"stage": HOSTILE},
        {"page": "9999"},
        {"page": "abc"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.content.decode()


def test_queries_do_not_grow_with_the_number_of_actions_or_initiatives(client, world, closed_hearing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config import page_cache

    def count(url):
        page_cache.clear()  # the factories write without moving the generation on
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = _published_plan(world.municipality_a, closed_hearing, actions=10)
    large = _published_plan(
        world.municipality_b,
        HearingFactory(
            municipality=world.municipality_b, status="closed", starts_at=timezone.now() - timedelta(days=3)
        ),
        actions=200,
    )
    assert count(reverse("services:jap", args=[small.pk])) == count(reverse("services:jap", args=[large.pk]))

    for _ in range(5):
        LocalInitiativeFactory(municipality=world.municipality_a)
        MunicipalServiceFactory(municipality=world.municipality_a)
    few = count(reverse("services:initiative_list"))
    few_page = count(reverse("territory:municipality", args=[world.municipality_a.pk]))
    for _ in range(45):
        LocalInitiativeFactory(municipality=world.municipality_a)
        MunicipalServiceFactory(municipality=world.municipality_a)
    assert count(reverse("services:initiative_list")) == few
    assert count(reverse("territory:municipality", args=[world.municipality_a.pk])) == few_page
