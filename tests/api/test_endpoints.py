"""Every endpoint of /api/v1/ answers with its documented shape; filters, search and pages."""

from decimal import Decimal

import pytest

from planning.finance import financial_model
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

NAMES = {"name_ky", "name_ru", "name_en"}


def get(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(page: dict) -> list[int]:
    return [item["id"] for item in page["results"]]


# --- Territory --------------------------------------------------------------------------------


def test_regions_list_and_detail(client, open_data):
    region = open_data.world.municipality_a.district.region
    page = get(client, "/api/v1/regions/")
    assert set(page) == {"count", "next", "previous", "results"}
    assert region.pk in ids(page)
    item = get(client, f"/api/v1/regions/{region.pk}/")
    assert set(item) == {"id", "soate", "kind", *NAMES}
    assert item["soate"] == region.soate
    assert item["kind"] == "oblast"


def test_districts_list_filtered_by_region_and_detail(client, open_data):
    district_a = open_data.world.municipality_a.district
    district_b = open_data.world.municipality_b.district
    assert {district_a.pk, district_b.pk} <= set(ids(get(client, "/api/v1/districts/")))
    assert ids(get(client, "/api/v1/districts/", region=district_a.region_id)) == [district_a.pk]
    item = get(client, f"/api/v1/districts/{district_a.pk}/")
    assert set(item) == {"id", "soate", "kind", *NAMES, "region", "population_2021"}
    assert item["region"] == district_a.region_id


def test_municipality_list_filters(client, open_data):
    a, b = open_data.world.municipality_a, open_data.world.municipality_b
    assert set(ids(get(client, "/api/v1/municipalities/"))) == {a.pk, b.pk}
    assert ids(get(client, "/api/v1/municipalities/", region=a.district.region_id)) == [a.pk]
    assert ids(get(client, "/api/v1/municipalities/", district=b.district_id)) == [b.pk]
    assert (
        ids(get(client, "/api/v1/municipalities/", district=b.district_id, region=a.district.region_id)) == []
    )
    item = get(client, "/api/v1/municipalities/")["results"][0]
    assert set(item) == {"id", "soate", "kind", *NAMES, "district", "region", "population", "merged_into"}
    assert set(item["district"]) == {"id", *NAMES}


@pytest.mark.parametrize("query", ["Kok-Jar", "Кок-Жар", "Көк-Жар", "kok jar", "KÖK-JAR"])
def test_municipality_search_finds_any_spelling(client, open_data, query):
    assert ids(get(client, "/api/v1/municipalities/", q=query)) == [open_data.world.municipality_a.pk]


def test_municipality_search_combines_with_filters_and_finds_nothing_without_letters(client, open_data):
    b = open_data.world.municipality_b
    assert ids(get(client, "/api/v1/municipalities/", q="Kok-Jar", region=b.district.region_id)) == []
    assert ids(get(client, "/api/v1/municipalities/", q="Ak-Tal", region=b.district.region_id)) == [b.pk]
    assert ids(get(client, "/api/v1/municipalities/", q="--")) == []


def test_municipality_detail_has_villages_office_contacts_and_public_programs_only(client, open_data):
    a = open_data.world.municipality_a
    item = get(client, f"/api/v1/municipalities/{a.pk}/")
    assert item["name_ky"] == "Көк-Жар айыл аймагы"
    assert item["region"]["id"] == a.district.region_id
    assert item["phone"] == a.phone and item["email"] == a.email
    assert item["address"] == a.address and item["website"] == "https://kok-jar.kg"
    assert [v["name_ky"] for v in item["villages"]] == ["Көк-Жар", "Ак-Суу"]
    assert item["villages"][0]["is_centre"] is True and item["villages"][0]["population"] == 4100
    assert [p["id"] for p in item["programs"]] == [open_data.published_a.pk]
    assert item["programs"][0]["status"] == "published"


def test_unknown_ids_are_404(client, open_data):
    for path in ["regions", "districts", "municipalities", "programs", "hearings"]:
        assert client.get(f"/api/v1/{path}/987654/").status_code == 404
    assert client.get(f"/api/v1/programs/{2**70}/").status_code == 404


# --- Programs ----------------------------------------------------------------------------------


def test_program_list_items(client, open_data):
    page = get(client, "/api/v1/programs/")
    # Newest first: A's plan was published in 2025, B's (superseded) one in 2020.
    assert ids(page) == [open_data.published_a.pk, open_data.superseded_b.pk]
    item = page["results"][0]
    assert set(item) == {
        "id",
        "url",
        "municipality",
        "title",
        "start_year",
        "end_year",
        "status",
        "published_at",
        "council_decision_number",
        "council_decision_date",
        "total_cost",
        "activity_count",
    }
    a = open_data.world.municipality_a
    assert item["municipality"] == {
        "id": a.pk,
        "name_ky": a.name_ky,
        "name_ru": a.name_ru,
        "name_en": a.name_en,
        "district": a.district_id,
        "region": a.district.region_id,
    }
    assert item["url"] == f"http://testserver/api/v1/programs/{open_data.published_a.pk}/"
    assert (item["start_year"], item["end_year"], item["status"]) == (2025, 2029, "published")
    assert item["council_decision_number"] == "25-7" and item["council_decision_date"] == "2025-02-20"
    assert item["published_at"].startswith("2025-03-01")
    assert item["activity_count"] == 12
    assert item["total_cost"] == f"{financial_model(open_data.published_a).total:.2f}"
    assert Decimal(item["total_cost"]) > 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"a", "b"}),
        ({"region": "A"}, {"a"}),
        ({"district": "B"}, {"b"}),
        ({"municipality": "A"}, {"a"}),
        ({"year": 2027}, {"a"}),
        ({"year": 2024}, {"b"}),
        ({"year": 2019}, set()),
        ({"sector": "roads"}, {"a"}),
        ({"sector": "agriculture"}, {"a", "b"}),
        ({"sector": "sector:roads"}, {"a"}),
        ({"sector": "local-finance"}, set()),
        ({"funding_source": "donors"}, {"a"}),
        ({"funding_source": "source:extra-budgetary"}, {"a", "b"}),
        ({"status": "published"}, {"a"}),
        ({"status": "superseded"}, {"b"}),
        ({"region": "A", "year": 2021}, set()),
        ({"sector": "economy", "funding_source": "local-budget", "year": 2021}, {"b"}),
        ({"municipality": "A", "status": "published", "sector": "roads", "funding_source": "donors"}, {"a"}),
        ({"district": "A", "status": "superseded"}, set()),
        ({"sector": "no-such-sector"}, set()),
        ({"municipality": 987654}, set()),
    ],
)
def test_program_filters(client, open_data, params, expected):
    from planning.models import FundingSource, Sector

    world = open_data.world
    place = {"A": world.municipality_a, "B": world.municipality_b}
    query = {}
    for key, value in params.items():
        if key == "region" and value in place:
            value = place[value].district.region_id
        elif key == "district" and value in place:
            value = place[value].district_id
        elif key == "municipality" and value in place:
            value = place[value].pk
        elif isinstance(value, str) and value.startswith("sector:"):
            value = Sector.objects.get(code=value.split(":")[1]).pk  # the id works as well as the code
        elif isinstance(value, str) and value.startswith("source:"):
            value = FundingSource.objects.get(code=value.split(":")[1]).pk
        query[key] = value
    found = set(ids(get(client, "/api/v1/programs/", **query)))
    programs = {"a": open_data.published_a.pk, "b": open_data.superseded_b.pk}
    assert found == {programs[name] for name in expected}


@pytest.mark.parametrize(
    "params",
    [
        {"year": "twenty"},
        {"year": "2025.5"},
        {"year": 1800},
        {"region": "x"},
        {"region": 0},
        {"municipality": 2**70},
        {"status": "draft"},
        {"status": "approved"},
        {"sector": "not a code"},
        {"q": "x" * 101},
    ],
)
def test_bad_filter_values_are_400_with_the_reason(client, open_data, params):
    path = "/api/v1/municipalities/" if "q" in params else "/api/v1/programs/"
    response = client.get(path, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_pages(client, db):
    RegionFactory.create_batch(210)
    first = get(client, "/api/v1/regions/")
    assert first["count"] == 210 and len(first["results"]) == 50
    assert first["previous"] is None and first["next"] == "http://testserver/api/v1/regions/?page=2"
    last = get(client, "/api/v1/regions/", page=5)
    assert len(last["results"]) == 10 and last["next"] is None
    assert len(get(client, "/api/v1/regions/", page_size=7)["results"]) == 7
    assert len(get(client, "/api/v1/regions/", page_size=1000)["results"]) == 200
    # Every region once, whatever the page size.
    seen = ids(get(client, "/api/v1/regions/", page_size=200)) + ids(
        get(client, "/api/v1/regions/", page_size=200, page=2)
    )
    assert len(set(seen)) == 210
    assert client.get("/api/v1/regions/", {"page": 99}).status_code == 404


def test_program_list_pages(client, open_data):
    first = get(client, "/api/v1/programs/", page_size=1)
    second = get(client, "/api/v1/programs/", page_size=1, page=2)
    assert first["count"] == 2
    assert ids(first) + ids(second) == [open_data.published_a.pk, open_data.superseded_b.pk]


# --- One program -------------------------------------------------------------------------------


def test_program_detail_has_the_whole_structure(client, open_data):
    program = open_data.published_a
    item = get(client, f"/api/v1/programs/{program.pk}/")
    assert item["vision"] == program.vision and item["strategic_goal"] == program.strategic_goal
    assert item["activity_count"] == 12
    assert item["supersedes"] is None

    priority = item["priorities"][0]
    assert set(priority) == {"id", "code", "title", "description", "goals"}
    goal = priority["goals"][0]
    objective = goal["objectives"][0]
    assert (priority["code"], goal["code"], objective["code"]) == ("1", "1.1", "1.1.1")
    activity = objective["activities"][0]
    assert set(activity) == {
        "id",
        "code",
        "title",
        "sector",
        "responsible",
        "village",
        "start_year",
        "end_year",
        "expected_result",
        "tags",
        "funding",
        "total",
    }
    assert activity["code"] == "1.1.1.1"
    assert activity["sector"]["code"] == "population" and set(activity["sector"]) == {"id", "code", *NAMES}
    assert activity["village"]["name_ky"] == "Көк-Жар"
    assert activity["tags"] == ["for_women", "climate_adaptation"]
    line = activity["funding"][0]
    assert set(line) == {"source", "year", "amount"}
    assert line["amount"] == "10000.00" and line["source"]["code"] == "local-budget"
    assert Decimal(activity["total"]) == sum(Decimal(x["amount"]) for x in activity["funding"])

    indicator = objective["indicators"][0]
    assert (
        indicator["unit"] == "%"
        and indicator["baseline_value"] == "10.00"
        and indicator["baseline_year"] == 2024
    )
    assert [t["year"] for t in indicator["targets"]] == [2025, 2026, 2027, 2028, 2029]
    assert indicator["targets"][0]["value"] == "15.00"

    activities = [
        a for p in item["priorities"] for g in p["goals"] for o in g["objectives"] for a in o["activities"]
    ]
    assert len(activities) == 12
    lines_total = sum(Decimal(x["amount"]) for a in activities for x in a["funding"])

    finance = item["finance"]
    assert Decimal(finance["total"]) == lines_total
    assert item["total_cost"] == finance["total"]
    assert [y["year"] for y in finance["by_year"]] == [2025, 2026, 2027, 2028, 2029]
    assert sum(Decimal(y["amount"]) for y in finance["by_year"]) == lines_total
    assert sum(Decimal(s["amount"]) for s in finance["by_source"]) == lines_total
    assert sum(Decimal(s["share"]) for s in finance["by_source"]) == Decimal("100.0")
    assert set(finance["by_source"][0]) == {"source", "amount", "share"}
    assert sum(Decimal(s["amount"]) for s in finance["by_sector"]) == lines_total
    assert finance["by_priority"][0]["code"] == "1"
    assert finance["by_goal"][0]["code"] == "1.1"

    group = item["working_group"]
    assert len(group["members"]) == 7
    assert set(group["members"][0]) == {
        "name",
        "gender",
        "category",
        "position",
        "village",
        "is_chair",
        "is_secretary",
    }
    assert group["members"][0]["is_chair"] is True and group["members"][1]["is_secretary"] is True
    assert group["gender_balance"] == {"women": 4, "men": 3}

    assert item["links"] == {
        "html": f"http://testserver/ky/plans/{program.pk}/",
        "pdf": f"http://testserver/ky/plans/{program.pk}/pdf/",
        "action_plan_csv": f"http://testserver/api/v1/programs/{program.pk}/action-plan.csv",
        "action_plan_xlsx": f"http://testserver/api/v1/programs/{program.pk}/action-plan.xlsx",
    }


def test_superseded_program_detail_is_public(client, open_data):
    item = get(client, f"/api/v1/programs/{open_data.superseded_b.pk}/")
    assert item["status"] == "superseded"
    assert item["activity_count"] == 3


def test_api_root_lists_the_endpoints(client, db):
    root = get(client, "/api/v1/")
    assert set(root) == {"regions", "districts", "municipalities", "programs", "hearings"}


def test_any_site_may_read_the_api(client, open_data):
    assert client.get("/api/v1/programs/")["Access-Control-Allow-Origin"] == "*"
