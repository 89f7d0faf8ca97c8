"""The standard set of indicators: loaded from the data file, kept in the admin, chosen in the editor."""

import csv
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from municipalities.ordering import alphabetical
from planning.demo.sample import build_program
from planning.models import Indicator, Sector, StandardIndicator
from planning.reference import STANDARD_INDICATORS_FILE, load_reference, load_standard_indicators
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db


def _rows() -> list[dict[str, str]]:
    with STANDARD_INDICATORS_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# --- The list and its loader ------------------------------------------------------------------


def test_the_first_list_covers_the_main_sectors_and_says_where_each_comes_from():
    rows = _rows()
    assert 20 <= len(rows) <= 40
    assert len({row["code"] for row in rows}) == len(rows)
    sectors = {row["sector"] for row in rows}
    assert {
        "drinking-water",
        "irrigation",
        "roads",
        "education",
        "health",
        "waste",
        "local-finance",
    } <= sectors
    assert {"economy", "social-protection"} <= sectors  # employment, gender
    for row in rows:
        assert row["name_ky"] and row["name_ru"] and row["name_en"] and row["unit_ky"], row["code"]
        assert row["source"].startswith(("demo ", "proposed")), row["code"]


def test_load_reference_loads_every_standard_indicator_in_three_languages(reference):
    assert StandardIndicator.objects.count() == len(_rows())
    water = StandardIndicator.objects.get(code="DW-01")
    assert water.sector == Sector.objects.get(code="drinking-water")
    assert water.direction == Indicator.Direction.INCREASE
    assert StandardIndicator.objects.get(code="DW-04").direction == Indicator.Direction.DECREASE
    places = StandardIndicator.objects.get(code="ED-02")
    with translation.override("ru"):
        assert places.name == "Число мест в детских садах" and places.unit == "место"
    with translation.override("ky"):
        assert places.name == "Балдар бакчаларындагы орундардын саны" and places.unit == "орун"
    with translation.override("en"):
        assert str(places) == "ED-02 — Places in kindergartens"


def test_a_second_run_changes_nothing(reference):
    before = list(StandardIndicator.objects.order_by("code").values())
    with CaptureQueriesContext(connection) as captured:
        assert load_standard_indicators() == (0, 0)
    assert not [q for q in captured if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert list(StandardIndicator.objects.order_by("code").values()) == before


def test_a_name_changed_in_the_file_is_updated_and_the_admins_switch_is_kept(reference, tmp_path):
    StandardIndicator.objects.filter(code="WS-02").update(is_active=False)
    changed = tmp_path / "standard_indicators.csv"
    shutil.copy(STANDARD_INDICATORS_FILE, changed)
    text = changed.read_text(encoding="utf-8").replace("Несанкционированные свалки", "Стихийные свалки")
    text += "XX-01,roads,decrease,даана,штука,item,Жол кырсыктары,ДТП,Road accidents,proposed\n"
    changed.write_text(text, encoding="utf-8")

    assert load_standard_indicators(changed) == (1, 1)
    dumps = StandardIndicator.objects.get(code="WS-02")
    assert dumps.name_ru == "Стихийные свалки" and "stihiniesvalki" in dumps.search_key  # the admin finds it
    assert dumps.is_active is False
    assert StandardIndicator.objects.get(code="XX-01").sector.code == "roads"
    load_reference()  # the repository's file again: the name goes back, the new row stays
    assert StandardIndicator.objects.get(code="WS-02").name_ru == "Несанкционированные свалки"
    assert StandardIndicator.objects.filter(code="XX-01").exists()


def test_a_row_with_an_unknown_direction_is_refused_with_its_line(reference, tmp_path):
    bad = tmp_path / "standard_indicators.csv"
    bad.write_text(
        "code,sector,direction,unit_ky,unit_ru,unit_en,name_ky,name_ru,name_en,source\n"
        "XX-02,roads,sideways,км,км,km,Жолдор,Дороги,Roads,proposed\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="line 2"):
        load_standard_indicators(bad)
    assert not StandardIndicator.objects.filter(code="XX-02").exists()


def test_the_command_reports_the_standard_indicators(reference):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_reference", stdout=out)
    assert f"{len(_rows())} standard indicators" in out.getvalue()


# --- The admin ---------------------------------------------------------------------------------


def test_the_administrator_searches_and_filters_the_standard_indicators(client, world, reference):
    client.force_login(world.admin)
    page = client.get("/admin/planning/standardindicator/?q=свалки")
    assert page.status_code == 200
    html = page.content.decode()
    assert "WS-02" in html and "DW-01" not in html
    water = Sector.objects.get(code="drinking-water")
    html = client.get(
        f"/admin/planning/standardindicator/?sector__id__exact={water.pk}&direction=decrease"
    ).content
    assert b"DW-04" in html and b"DW-01" not in html
    indicator = StandardIndicator.objects.get(code="DW-01")
    html = client.get(f"/admin/planning/standardindicator/{indicator.pk}/change/").content.decode()
    for field in ("name_ky", "name_ru", "name_en", "unit_ky", "unit_ru", "unit_en", "sector", "direction"):
        assert f'name="{field}"' in html
    assert 'name="code"' not in html  # the loader and the plans find it by its code


def test_staff_cannot_open_the_standard_indicators_admin(client, world, reference):
    client.force_login(world.staff_a)
    response = client.get("/admin/planning/standardindicator/")
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- The indicator editor ----------------------------------------------------------------------


@pytest.fixture
def program(world, reference):
    return build_program(municipality=world.municipality_a, activities=4)


def _first_indicator(program) -> Indicator:
    return Indicator.objects.filter(objective__goal__priority__program=program).order_by("pk").first()


def _row_index(data: dict, indicator: Indicator) -> int:
    return next(int(k.split("-")[1]) for k, v in data.items() if k.endswith("-id") and v == str(indicator.pk))


def test_staff_choose_a_standard_indicator_and_the_direction(client, world, program):
    client.force_login(world.staff_a)
    indicator = _first_indicator(program)
    address = url("indicators", program.pk)
    data = form_data(client.get(address))
    row = _row_index(data, indicator)
    lost = StandardIndicator.objects.get(code="DW-05")
    data[f"indicators-{row}-standard"] = str(lost.pk)
    data[f"indicators-{row}-direction"] = "decrease"
    data[f"indicators-{row}-unit"] = "пайыз"
    assert client.post(address, data).status_code == 302

    indicator.refresh_from_db()
    assert indicator.standard == lost
    assert indicator.direction == Indicator.Direction.DECREASE
    assert indicator.unit == "пайыз"  # a unit typed in is kept


def test_an_empty_unit_takes_the_standard_indicators_unit_in_the_pages_language(client, world, program):
    client.force_login(world.staff_a)
    indicator = _first_indicator(program)
    address = url("indicators", program.pk, language="ru")
    data = form_data(client.get(address))
    row = _row_index(data, indicator)
    data[f"indicators-{row}-standard"] = str(StandardIndicator.objects.get(code="ED-02").pk)
    data[f"indicators-{row}-unit"] = ""
    assert client.post(address, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.unit == "место"


def test_an_empty_unit_without_a_standard_indicator_is_refused(client, world, program):
    client.force_login(world.staff_a)
    indicator = _first_indicator(program)
    address = url("indicators", program.pk, language="en")
    data = form_data(client.get(address))
    row = _row_index(data, indicator)
    data[f"indicators-{row}-standard"] = ""
    data[f"indicators-{row}-unit"] = ""
    response = client.post(address, data)
    assert response.status_code == 200
    assert "Enter the unit, or choose a standard indicator." in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.unit


def test_a_made_up_standard_indicator_is_refused_without_an_error_page(client, world, program):
    client.force_login(world.staff_a)
    address = url("indicators", program.pk)
    data = form_data(client.get(address))
    data["indicators-0-standard"] = "999999"
    data["indicators-0-direction"] = "sideways"
    assert client.post(address, data).status_code == 200


def test_the_select_lists_active_standard_indicators_in_kyrgyz_alphabetical_order(client, world, program):
    StandardIndicator.objects.filter(code="WS-02").update(is_active=False)
    client.force_login(world.staff_a)
    for language, field in (("ky", "name_ky"), ("ru", "name_ru")):
        response = client.get(url("indicators", program.pk, language=language))
        choices = list(response.context["indicators"].forms[0].fields["standard"].choices)[1:]
        labels = [str(label) for _value, label in choices]
        active = StandardIndicator.objects.filter(is_active=True)
        assert len(labels) == active.count()
        names = [label.split(" — ", 1)[1] for label in labels]
        assert names == sorted(names, key=alphabetical)
        expected = active.get(code="ED-02")
        assert f"ED-02 — {getattr(expected, field)}" in labels
        assert f"ED-02 — {getattr(expected, field)}" in response.content.decode()


def test_a_retired_standard_indicator_stays_on_the_rows_that_use_it(client, world, program):
    indicator = _first_indicator(program)
    retired = StandardIndicator.objects.get(code="WS-02")
    Indicator.objects.filter(pk=indicator.pk).update(standard=retired)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    client.force_login(world.staff_a)
    address = url("indicators", program.pk)
    data = form_data(client.get(address))
    assert data[f"indicators-{_row_index(data, indicator)}-standard"] == str(retired.pk)
    assert client.post(address, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.standard == retired


def _indicator_page_queries(client, user, program) -> int:
    address = url("indicators", program.pk)
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def test_the_standard_select_is_read_once_per_page(client, world, reference):
    """The options are one query for the page, whatever the number of rows (SharedChoicesMixin)."""
    client.force_login(world.staff_a)
    small = build_program(municipality=world.municipality_a, activities=4, title="small")
    large = build_program(municipality=world.municipality_a, activities=120, title="large")
    assert Indicator.objects.filter(objective__goal__priority__program=large).count() > 10
    with CaptureQueriesContext(connection) as captured:
        _indicator_page_queries(client, world.staff_a, large)
    standard_reads = [q for q in captured if 'FROM "planning_standardindicator"' in q["sql"]]
    assert len(standard_reads) == 2  # one per request (warm-up and measured), not one per row
    assert _indicator_page_queries(client, world.staff_a, small) == _indicator_page_queries(
        client, world.staff_a, large
    )


def test_a_row_sent_without_a_direction_keeps_its_own(client, world, program):
    indicator = _first_indicator(program)
    Indicator.objects.filter(pk=indicator.pk).update(direction=Indicator.Direction.DECREASE)
    client.force_login(world.staff_a)
    address = url("indicators", program.pk)
    data = form_data(client.get(address))
    del data[f"indicators-{_row_index(data, indicator)}-direction"]
    assert client.post(address, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.direction == Indicator.Direction.DECREASE


def test_a_new_version_of_the_program_keeps_each_indicators_standard_and_direction(world, program):
    from planning.authoring.copying import program_copy
    from planning.models import Program

    indicator = _first_indicator(program)
    Indicator.objects.filter(pk=indicator.pk).update(
        standard=StandardIndicator.objects.get(code="DW-05"), direction=Indicator.Direction.DECREASE
    )
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED)
    program.refresh_from_db()
    copy = program_copy(program)
    copied = Indicator.objects.filter(objective__goal__priority__program=copy).order_by("pk").first()
    assert copied.pk != indicator.pk
    assert copied.standard.code == "DW-05" and copied.direction == Indicator.Direction.DECREASE


def test_the_history_names_the_standard_indicator_chosen(client, world, program):
    from tests.planning.helpers import as_typed_in

    as_typed_in(program)  # the history rows typing the plan in would have left
    client.force_login(world.staff_a)
    indicator = _first_indicator(program)
    address = url("indicators", program.pk)
    data = form_data(client.get(address))
    data[f"indicators-{_row_index(data, indicator)}-standard"] = str(
        StandardIndicator.objects.get(code="DW-05").pk
    )
    assert client.post(address, data).status_code == 302
    html = client.get(url("history", program.pk)).content.decode()
    assert "DW-05 — Суу түтүгүндө жоголгон суунун үлүшү" in html
