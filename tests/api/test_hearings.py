"""/api/v1/hearings/: public hearings with their attendance, votes and published proposals, and
what became of each, in a fixed number of queries; never a draft, a pending or hidden proposal,
a contact or a resident's name."""

from datetime import timedelta

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import page_cache
from hearings.models import Hearing
from tests.factories import (
    DistrictFactory,
    HearingFactory,
    MunicipalityFactory,
    ProgramFactory,
    RegionFactory,
)
from tests.hearings.public_data import announced_hearing
from tests.hearings.test_public_queries import closed_hearing_with

pytestmark = pytest.mark.django_db


def get(client, path, params=None):
    response = client.get(path, params or {})
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_list_has_public_hearings_only_the_latest_first(client, open_data):
    data = open_data.hearings
    items = get(client, "/api/v1/hearings/")["results"]
    ids = [item["id"] for item in items]
    assert set(ids) == {data.announced.pk, data.closed.pk, *(g.pk for g in data.gatherings)}
    assert data.draft.pk not in ids and data.draft_gathering.pk not in ids
    starts = [item["starts_at"] for item in items]
    assert starts == sorted(starts, reverse=True)
    closed = next(item for item in items if item["id"] == data.closed.pk)
    assert closed["status"] == "closed" and closed["kind"] == "sedp_draft" and closed["format"] == "hearing"
    assert closed["program"] == open_data.published_a.pk
    assert closed["proposal_count"] == 7  # published only: not the pending one nor the hidden one
    assert closed["url"] == f"http://testserver/api/v1/hearings/{data.closed.pk}/"
    gathering = next(item for item in items if item["id"] == data.gatherings[0].pk)
    assert gathering["final_hearing"] == data.closed.pk and gathering["format"] == "mini_gathering"


def test_the_detail_has_the_attendance_by_gender_village_and_group(client, open_data):
    data = open_data.hearings
    item = get(client, f"/api/v1/hearings/{data.closed.pk}/")
    attendance = item["attendance"]
    # The hearing's own count and its three mini-gatherings (one entered from paper, never announced).
    assert (attendance["women"], attendance["men"], attendance["total"]) == (68, 56, 124)
    assert attendance["women_share"] == 55 and attendance["invited"] == 120
    assert attendance["groups"] == {"youth": 12, "deputies": 5}
    assert attendance["mini_gatherings"] == 3
    by_village = {row["village"]["name_ky"]: (row["women"], row["men"]) for row in attendance["by_village"]}
    assert by_village == {"Көк-Жар": (40, 28), "Ак-Суу": (11, 8)}
    gatherings = {g["id"]: g for g in item["mini_gatherings"]}
    assert set(gatherings) == {*(g.pk for g in data.gatherings), None}
    assert gatherings[None]["status"] is None and (gatherings[None]["women"], gatherings[None]["men"]) == (
        7,
        5,
    )
    assert gatherings[data.gatherings[0].pk]["villages"][0]["name_ky"] == "Көк-Жар"
    assert (gatherings[data.gatherings[1].pk]["women"], gatherings[data.gatherings[1].pk]["men"]) == (11, 8)
    assert item["minutes"] == data.closed.minutes
    assert item["links"]["html"] == f"http://testserver/ky/hearings/{data.closed.pk}/"


def test_the_detail_has_the_votes_and_every_published_proposal_with_what_became_of_it(client, open_data):
    data = open_data.hearings
    item = get(client, f"/api/v1/hearings/{data.closed.pk}/")
    vote = item["votes"][0]
    assert vote["winner"] == "Мектепке чейинки билим берүү" and vote["tool"] == "problem_gallery"
    first = vote["options"][0]
    assert (first["votes_women"], first["votes_men"], first["total"]) == (30, 12, 42)
    assert first["direction"]["part"] == "priority" and first["direction"]["code"] == "1"
    assert first["direction"]["html"].endswith(f"/ky/plans/{open_data.published_a.pk}/#part-priority-1")
    assert vote["options"][1]["direction"] is None
    proposals = {p["number"]: p for p in item["proposals"]}
    assert set(proposals) == {1, 2, 3, 4, 5, 102, 103}  # not 100 (pending) nor 101 (hidden)
    assert (
        proposals[1]["disposition"] == "accepted"
        and proposals[1]["answer"] == "Иш-чаралар планына киргизилди."
    )
    link = proposals[1]["plan_link"]
    assert (
        link["part"] == "activity"
        and link["program"] == open_data.published_a.pk
        and link["code"] == "1.1.1.1"
    )
    assert (
        link["html"] == f"http://testserver/ky/plans/{open_data.published_a.pk}/#part-activity-{link['id']}"
    )
    assert proposals[2]["disposition"] == "rejected" and "Каражат жок" in proposals[2]["answer"]
    assert proposals[3]["merged_into"] == 1
    assert proposals[4]["referred_to"] == "Ноокат райондук администрациясы"
    assert proposals[5]["plan_link"]["part"] == "indicator"
    for proposal in item["proposals"]:
        assert set(proposal) == {"number", "source", "text", "village", "from_gathering", "disposition", "answer",
                                 "merged_into", "referred_to", "plan_link"}  # fmt: skip


def test_before_the_hearing_no_results_are_given(client, open_data):
    item = get(client, f"/api/v1/hearings/{open_data.hearings.announced.pk}/")
    assert item["attendance"] is None and item["votes"] == [] and item["minutes"] == ""
    assert item["channels"] == ["poster", "messengers"]
    assert item["agenda"] == ["Бюджеттин долбоору", "- Суроолор жана сунуштар"]
    assert [p["number"] for p in item["proposals"]] == [1, 102, 103]


def test_a_hearing_on_a_draft_program_names_neither_the_program_nor_the_part(client, world, reference):
    from tests.factories import (
        ActivityFactory,
        GoalFactory,
        ObjectiveFactory,
        PriorityFactory,
        ProposalFactory,
    )

    program = ProgramFactory(municipality=world.municipality_a)
    activity = ActivityFactory(
        objective=ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=program)))
    )
    hearing = announced_hearing(world.municipality_a, kind="sedp_draft", program=program)
    ProposalFactory(hearing=hearing, number=1, plan_part="activity", plan_part_id=activity.pk)
    item = get(client, f"/api/v1/hearings/{hearing.pk}/")
    assert item["program"] is None
    assert item["proposals"][0]["plan_link"] == {
        "part": "activity", "program": None, "id": None, "code": "", "title": "", "html": None
    }  # fmt: skip
    assert [h["id"] for h in get(client, "/api/v1/hearings/", {"program": program.pk})["results"]] == []


def test_the_filters(client, world):
    osh, naryn = RegionFactory(), RegionFactory()
    nookat, at_bashy = DistrictFactory(region=osh), DistrictFactory(region=naryn)
    a, b = MunicipalityFactory(district=nookat), MunicipalityFactory(district=at_bashy)
    now = timezone.now()
    budget = announced_hearing(a, kind="budget_draft")
    tariff = announced_hearing(a, kind="drinking_water_tariff")
    old = HearingFactory(municipality=b, status=Hearing.Status.CLOSED, starts_at=now.replace(year=2018))
    gathering = HearingFactory(municipality=b, status=Hearing.Status.HELD, format="village_gathering",
                               starts_at=now - timedelta(days=3))  # fmt: skip
    HearingFactory(municipality=a)  # a draft

    def ids(**params):
        return {item["id"] for item in get(client, "/api/v1/hearings/", params)["results"]}

    assert ids() == {budget.pk, tariff.pk, old.pk, gathering.pk}
    assert ids(region=osh.pk) == {budget.pk, tariff.pk}
    assert ids(district=at_bashy.pk) == {old.pk, gathering.pk}
    assert ids(municipality=a.pk, kind="drinking_water_tariff") == {tariff.pk}
    assert ids(status="closed") == {old.pk}
    assert ids(year=2018) == {old.pk}
    assert ids(hearing_format="village_gathering") == {gathering.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "draft"},
        {"kind": "nope"},
        {"year": "1800"},
        {"region": "abc"},
        {"hearing_format": ""},
        {"municipality": "0"},
    ],
)
def test_bad_filter_values_are_400_with_the_reason(client, db, params):
    response = client.get("/api/v1/hearings/", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_the_detail_queries_do_not_grow_with_the_proposals(client, reference):
    def count(hearing) -> int:
        page_cache.clear()
        with CaptureQueriesContext(connection) as captured:
            item = get(client, f"/api/v1/hearings/{hearing.pk}/")
        assert len(item["proposals"]) == hearing.proposals.count()
        return len(captured)

    few, many = closed_hearing_with(10), closed_hearing_with(500)
    count(few)  # what is read once per process
    assert count(few) == count(many)


def test_the_detail_query_budget(client, reference, django_assert_num_queries):
    hearing = closed_hearing_with(500)
    # The hearing with its municipality, rayon, oblast, program and final hearing (1); its
    # villages, materials, mini-gatherings (3); the mini-gatherings' ids, the attendance, by
    # village (3); the votes and their options (2); the proposals (1); the program's structure
    # for the links into the plan (8), the directions' codes for the vote (1) and the public
    # generation, read by the kept-answers middleware (1), and until when the answer may be kept
    # (1, hearings/public/freshness.py).
    with django_assert_num_queries(21):
        client.get(f"/api/v1/hearings/{hearing.pk}/")


def test_the_list_queries_do_not_grow_with_the_hearings(client, world):
    def count() -> int:
        page_cache.clear()
        with CaptureQueriesContext(connection) as captured:
            get(client, "/api/v1/hearings/")
        return len(captured)

    announced_hearing(world.municipality_a)
    few = count()
    for _ in range(5):
        announced_hearing(MunicipalityFactory())
    assert count() == few


def test_hearing_fields_match_the_schema(client, open_data):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    item = get(client, f"/api/v1/hearings/{open_data.hearings.closed.pk}/")

    def check(value, component: str) -> None:
        properties = components[component]["properties"]
        assert set(value) <= set(properties), component
        for key, sub in value.items():
            spec = properties[key]
            ref = (
                spec.get("$ref")
                or (spec.get("allOf") or [{}])[0].get("$ref")
                or spec.get("items", {}).get("$ref")
            )
            if ref and "Enum" not in ref and sub is not None:
                for element in sub if isinstance(sub, list) else [sub]:
                    check(element, ref.rsplit("/", 1)[1])

    check(item, "HearingDetail")
    description = schema["paths"]["/api/v1/hearings/{id}/"]["get"]["description"]
    assert "No personal data" in description and "no names of residents" in description
