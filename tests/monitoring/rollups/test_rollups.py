"""Roll-ups per rayon and oblast: they equal the sums of their programs' own figures (computed
here by monitoring.selectors.report_implementation, program by program), percentages are never
summed, nothing unpublished counts, a fixed number of queries, the pages and the API agree."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from config import page_cache
from monitoring.models import MonitoringReport
from monitoring.rollups.selectors import district_rollup, is_additive, region_rollup, region_totals
from monitoring.selectors import public_reports, report_implementation
from planning.models import StandardIndicator
from tests.factories import SectorFactory
from tests.monitoring.rollups.conftest import monitored_program, programs

pytestmark = pytest.mark.django_db

ZERO = Decimal("0")


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    page_cache.clear()
    yield
    page_cache.clear()


def expected(program_list):
    """The sums, program by program, from each program's latest published report."""
    totals = {"planned": ZERO, "actual": ZERO, "completed": 0, "activities": 0, "delayed": 0}
    by_source: dict[str, list] = {}
    households = {"baseline": ZERO, "target": ZERO, "actual": ZERO, "programs": 0}
    reporting = 0
    for program in program_list:
        report = public_reports().filter(program=program).order_by("-year").first()
        if report is None:
            continue
        reporting += 1
        implementation = report_implementation(report)
        totals["planned"] += implementation.total.planned
        totals["actual"] += implementation.total.actual
        totals["completed"] += implementation.total.completed
        totals["delayed"] += implementation.total.delayed
        totals["activities"] += implementation.total.activities
        for activity in implementation.activities:
            for spending in activity.sources:
                pair = by_source.setdefault(spending.source.code, [ZERO, ZERO])
                pair[0] += spending.planned
                pair[1] += spending.actual or ZERO
        for row in implementation.indicators:
            if row.indicator.standard and row.indicator.standard.code == "T-01":
                households["programs"] += 1
                households["baseline"] += row.baseline
                households["target"] += row.target
                households["actual"] += row.actual_value
    return totals, by_source, households, reporting


def test_a_rayon_equals_the_sum_of_its_programs(area):
    made = programs(area, 7)
    rollup = district_rollup(area.district)
    totals, by_source, households, reporting = expected(made)
    assert rollup.programs == 7 and rollup.reporting == reporting == 7
    assert rollup.total.planned == totals["planned"]
    assert rollup.total.actual == totals["actual"]
    assert rollup.total.completed == totals["completed"] == 2  # n = 0 and 5
    assert rollup.total.delayed == totals["delayed"]
    assert rollup.total.activities == totals["activities"] == 14
    assert {s.source.code: [s.planned, s.actual] for s in rollup.sources} == by_source
    summed = {s.standard.code: s for s in rollup.standards}
    assert summed["T-01"].programs == households["programs"] == 7
    assert summed["T-01"].baseline == households["baseline"] == sum(Decimal(100 + n) for n in range(7))
    assert summed["T-01"].target == households["target"]
    assert summed["T-01"].actual == households["actual"]
    # The 2026 lines (99,999 a program) and the 2026 drafts' figures are nowhere.
    assert rollup.total.planned == sum(Decimal(1000 + n + 5000 + 300) for n in range(7))
    assert rollup.total.actual == sum(Decimal(900 + n + 4000 + 7) for n in range(7))


def test_percentages_are_never_summed(area):
    programs(area, 3)
    share = {s.standard.code: s for s in district_rollup(area.district).standards}["T-02"]
    assert share.additive is False
    assert share.programs == 3 and share.reported == 3
    assert share.baseline is None and share.target is None and share.actual is None


@pytest.mark.parametrize(
    "units, additive",
    [
        (("%", "%", "%"), False),
        (("үй чарбасы", "домохозяйство", "household"), True),
        (("км", "км", "km"), True),
        (("миллион сом", "млн сом", "million som"), True),
        (("күн", "день", "day"), False),
        (("балл", "балл", "score"), False),
        (("", "", ""), False),
        (("адам", "человек", "person"), True),
    ],
)
def test_which_units_add_up(units, additive):
    standard = StandardIndicator(code="X", unit_ky=units[0], unit_ru=units[1], unit_en=units[2])
    assert is_additive(standard) is additive


def test_the_standard_list_percentages_are_not_additive(reference):
    for standard in StandardIndicator.objects.all():
        if "%" in standard.unit_en or standard.unit_en == "day":
            assert not is_additive(standard), standard.code
        else:
            assert is_additive(standard), standard.code


def test_unpublished_reports_and_programs_are_left_out(area):
    counted = programs(area, 2)
    monitored_program(area, 50, report_status="accepted")  # a program whose only report is not public
    monitored_program(area, 51, status="approved")  # a program not published
    monitored_program(area, 52, status="superseded")  # replaced
    rollup = district_rollup(area.district)
    assert rollup.programs == 3  # the two, and the one without a public report
    assert rollup.reporting == 2
    totals, *_ = expected(counted)
    assert rollup.total.actual == totals["actual"]
    assert [row.municipality.name_ky for row in rollup.rows] == ["Айыл 000", "Айыл 001", "Айыл 050"]
    assert rollup.rows[2].implementation is None
    assert MonitoringReport.objects.filter(status="draft").count() == 5  # still there, never counted


def test_the_latest_published_report_is_the_one_counted_and_each_year_has_its_own(area):
    program = monitored_program(area, 1)
    MonitoringReport.objects.filter(program=program, year=2026).update(status="published")
    rollup = district_rollup(area.district)
    assert rollup.rows[0].report.year == 2026
    assert rollup.total.completed == 1  # the 2026 report: the second activity completed
    assert rollup.total.actual == Decimal("123456")
    assert [(y.year, y.reports) for y in rollup.years] == [(2025, 1), (2026, 1)]
    assert rollup.years[0].total.actual == Decimal(900 + 1 + 4000 + 7)


def test_an_oblast_adds_up_its_rayons(area):
    programs(area, 2)
    programs(area, 3, start=10, district=area.other_district)
    monitored_program(area, 99, district=None)
    region = region_rollup(area.region)
    rayon, other = district_rollup(area.district), district_rollup(area.other_district)
    assert region.programs == rayon.programs + other.programs == 6
    assert region.total.actual == rayon.total.actual + other.total.actual
    assert region.total.planned == rayon.total.planned + other.total.planned


def test_the_index_says_what_each_oblast_says(area):
    programs(area, 3)
    programs(area, 2, start=10, district=area.other_district)
    monitored_program(area, 20, report_status="submitted")  # a program without a public report
    later = monitored_program(area, 21)
    MonitoringReport.objects.filter(program=later, year=2026).update(status="published")  # its latest
    region = region_rollup(area.region)
    line = {total.area.pk: total for total in region_totals()}[area.region.pk]
    assert (line.programs, line.reporting) == (region.programs, region.reporting) == (7, 6)
    assert line.activities == region.total.activities
    assert line.completed == region.total.completed
    assert line.planned == region.total.planned
    assert line.actual == region.total.actual
    assert line.completed_share == region.completed_share


def test_the_index_queries_do_not_grow(area, django_assert_num_queries):
    programs(area, 3)
    with django_assert_num_queries(7):
        region_totals()
    programs(area, 27, start=3)
    with django_assert_num_queries(7):
        totals = region_totals()
    assert {t.area.pk: t.programs for t in totals}[area.region.pk] == 30


def rollup_queries(area, count: int) -> int:
    programs(area, count, start=len(area.programs))
    with CaptureQueriesContext(connection) as captured:
        rollup = region_rollup(area.region)
    assert rollup.programs == len(area.programs)
    return len(captured)


def test_the_queries_do_not_grow_with_the_programs(area):
    small = rollup_queries(area, 3)
    large = rollup_queries(area, 27)  # 30 in all
    assert small == large == 12


def page(name: str, pk=None, language="ky") -> str:
    with translation.override(language):
        return reverse(f"monitoring:{name}", args=[pk] if pk else [])


def test_the_pages_answer(area, client):
    programs(area, 3)
    response = client.get(page("district", area.district.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "Айыл 000" in text
        and reverse("territory:municipality", args=[area.programs[0].municipality_id]) in text
    )
    assert "<svg" in text and "table-responsive" in text
    assert "Суу эсептегичи бар үй чарбалары" in text
    assert "<script" not in text.split("</header>")[-1].split("<footer")[0]
    response = client.get(page("region", area.region.pk))
    assert response.status_code == 200
    assert reverse("monitoring:district", args=[area.district.pk]) in response.content.decode()
    assert client.get(page("index")).status_code == 200
    assert area.region.name in client.get(page("index")).content.decode()


def test_unknown_areas_are_404(area, client):
    assert client.get(page("region", 999999)).status_code == 404
    assert client.get(page("district", 999999)).status_code == 404
    assert client.get("/api/v1/regions/999999/monitoring/").status_code == 404


def test_a_draft_never_shows(area, client):
    monitored_program(area, 1, report_status="submitted")
    text = client.get(page("district", area.district.pk)).content.decode()
    assert "4 907" not in text and "4907" not in text  # what the submitted report spent
    assert "123" + "456" not in text.replace("\xa0", "").replace(" ", "")


def page_queries(client, area, count: int, path) -> int:
    programs(area, count, start=len(area.programs))
    page_cache.clear()
    client.get(path)
    page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_page_and_api_queries_do_not_grow(area, client):
    path = page("region", area.region.pk)
    api = f"/api/v1/regions/{area.region.pk}/monitoring/"
    small, small_api = page_queries(client, area, 3, path), page_queries(client, area, 0, api)
    large, large_api = page_queries(client, area, 27, path), page_queries(client, area, 0, api)
    assert small == large
    assert small_api == large_api


def test_the_territory_pages_link_to_the_rollups(area, client):
    with translation.override("ky"):
        region_page = reverse("territory:region", args=[area.region.pk])
        district_page = reverse("territory:district", args=[area.district.pk])
    assert page("region", area.region.pk) in client.get(region_page).content.decode()
    assert page("district", area.district.pk) in client.get(district_page).content.decode()


def test_the_api_says_what_the_page_says(area, client):
    programs(area, 4)
    monitored_program(area, 40, report_status="draft")
    api = client.get(f"/api/v1/districts/{area.district.pk}/monitoring/").json()
    response = client.get(page("district", area.district.pk))
    rollup = response.context["rollup"]
    assert api["area"]["id"] == area.district.pk
    assert api["programs"] == rollup.programs == 5
    assert api["programs_reporting"] == rollup.reporting == 4
    assert Decimal(api["planned"]) == rollup.total.planned
    assert Decimal(api["actual"]) == rollup.total.actual
    assert Decimal(api["difference"]) == rollup.total.difference
    assert api["status_counts"]["completed"] == rollup.total.completed
    assert [Decimal(s["actual"]) for s in api["by_source"]] == [s.actual for s in rollup.sources]
    standards = {s["code"]: s for s in api["standard_indicators"]}
    assert standards["T-02"]["additive"] is False and standards["T-02"]["actual"] is None
    assert Decimal(standards["T-01"]["actual"]) == sum(Decimal(140 + n) for n in range(4))
    rows = {row["municipality"]["name_ky"]: row for row in api["municipalities"]}
    assert rows["Айыл 040"]["report"] is None and rows["Айыл 040"]["planned"] is None
    assert rows["Айыл 001"]["report"]["year"] == 2025
    assert Decimal(rows["Айыл 001"]["actual"]) == Decimal(900 + 1 + 4000 + 7)
    assert [y["year"] for y in api["by_year"]] == [2025]


def test_the_api_answer_is_kept_and_has_an_etag(area, client):
    programs(area, 1)
    api = f"/api/v1/regions/{area.region.pk}/monitoring/"
    first = client.get(api)
    assert first["ETag"]
    assert client.get(api, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_sector_without_indicators_changes_nothing(area):
    SectorFactory()
    programs(area, 1)
    assert len(district_rollup(area.district).standards) == 2
