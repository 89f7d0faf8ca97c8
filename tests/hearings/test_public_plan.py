"""What the public plan page shows of the hearings: on each part a proposal was traced to,
"proposed at the hearing of <date> (proposal No. N)" with a link to it; on each direction, the
residents' priority votes linked to it. Nothing of it for the other audiences."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format

from config import page_cache
from documents.services import document_html
from hearings.models import Hearing, Proposal
from planning.models import Goal, Objective
from planning.publication.document_kinds import PLAN
from tests.factories import ProposalFactory
from tests.hearings.public_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearings(world, reference):
    data = build(world)
    goal = Goal.objects.filter(priority__program=data.program).order_by("pk").first()
    objective = Objective.objects.filter(goal__priority__program=data.program).order_by("pk").first()
    ProposalFactory(
        hearing=data.closed, number=6, disposition="accepted", plan_part="goal", plan_part_id=goal.pk
    )
    ProposalFactory(
        hearing=data.closed,
        number=7,
        disposition="accepted",
        plan_part="objective",
        plan_part_id=objective.pk,
    )
    return data


def traces_of(body: str) -> list[str]:
    return re.findall(r'<div class="trace"><a href="([^"]+)">([^<]+)</a></div>', body)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ky", "Угууда сунушталган (угуунун күнү: {date}; № {n} сунуш)"),
        ("ru", "Предложено на слушаниях {date} (предложение № {n})"),
    ],
)
def test_each_traced_part_says_at_which_hearing_and_links_to_the_proposal(client, hearings, language, words):
    body = client.get(f"/{language}/plans/{hearings.program.pk}/").content.decode()
    traces = traces_of(body)
    links = {link for link, _text in traces}
    for number in (1, 5, 6, 7):  # an activity, an indicator, a goal, an objective
        assert f"/{language}/hearings/{hearings.closed.pk}/#proposal-{number}" in links, number
    with translation.override(language):
        date = date_format(timezone.localtime(hearings.closed.starts_at), "DATE_FORMAT")
    expected = words.format(n=1, date=date) if "{date}" in words else f"{date} " + words.format(n=1)
    assert expected in dict(traces)[f"/{language}/hearings/{hearings.closed.pk}/#proposal-1"]
    # the proposal's page has the anchor the link goes to
    hearing_page = client.get(f"/{language}/hearings/{hearings.closed.pk}/").content.decode()
    for number in (1, 5, 6, 7):
        assert f'id="proposal-{number}"' in hearing_page


def test_each_answered_proposal_links_into_the_public_plan_where_it_shows(client, hearings):
    body = client.get(f"/ky/hearings/{hearings.closed.pk}/").content.decode()
    links = re.findall(rf'href="/ky/plans/{hearings.program.pk}/#([^"]+)"', body)
    assert any(link.startswith("part-activity-") for link in links)
    assert any(link.startswith("part-indicator-") for link in links)
    assert any(link.startswith("part-priority-") for link in links)  # the vote's direction
    plan = client.get(f"/ky/plans/{hearings.program.pk}/").content.decode()
    for anchor in links:
        assert f'id="{anchor}"' in plan, anchor


def test_each_direction_shows_the_priority_votes_linked_to_it(client, hearings):
    body = client.get(f"/ru/plans/{hearings.program.pk}/").content.decode()
    assert "Голосование жителей за приоритеты на слушаниях" in body
    assert "«Мектепке чейинки билим берүү», голосов: 42 (женщин: 30, мужчин: 12)" in body
    assert f'href="/ru/hearings/{hearings.closed.pk}/#votes-heading"' in body
    assert "Сугат суусу" not in body  # the option not linked to a direction


def test_only_published_proposals_of_public_hearings_are_traced(client, hearings):
    activity_id = Proposal.objects.get(hearing=hearings.closed, number=1).plan_part_id
    ProposalFactory(
        hearing=hearings.closed,
        number=50,
        moderation="pending",
        plan_part="activity",
        plan_part_id=activity_id,
    )
    ProposalFactory(
        hearing=hearings.closed,
        number=51,
        moderation="hidden",
        plan_part="activity",
        plan_part_id=activity_id,
    )
    ProposalFactory(hearing=hearings.draft, number=52, plan_part="activity", plan_part_id=activity_id)
    Hearing.objects.filter(pk=hearings.draft.pk).update(program=hearings.program)
    body = client.get(f"/ky/plans/{hearings.program.pk}/").content.decode()
    assert not re.search(r"#proposal-5[0-2]\"", body)
    assert f"/hearings/{hearings.draft.pk}/" not in body


def test_other_audiences_show_no_traces(client, world, hearings):
    client.force_login(world.staff_a)
    for path in (
        f"/ky/workspace/programs/{hearings.program.pk}/action-plan/",
        f"/ky/workspace/programs/{hearings.program.pk}/review/",
    ):
        body = client.get(path).content.decode()
        assert 'class="traces' not in body and "priority-votes" not in body, path


def test_the_plan_pdf_names_the_hearing_without_links(hearings):
    html = document_html(obj=hearings.program, kind=PLAN, language="ru")
    assert "Предложено на слушаниях" in html
    assert not re.search(r'<a href="[^"]*/hearings/', html)


def test_the_plan_page_query_count_stays_pinned_with_traces(client, hearings, django_assert_num_queries):
    cache.clear()
    page_cache.clear()
    # As tests/planning/publication/test_plan_pages.py pins it (22): the traces come with the
    # three queries of hearings/plan_traces.py, whatever the number of proposals and votes.
    with django_assert_num_queries(22):
        response = client.get(f"/ky/plans/{hearings.program.pk}/")
    assert len(traces_of(response.content.decode())) == 4
