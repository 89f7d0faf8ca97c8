"""Workbooks built to hurt: refused before openpyxl reads them, fast and in little memory.

(documents/workbook_check.py, called by planning/exchange/action_plan.py). Each file is
the real template of a program with one hostile part put in or swapped. The time and memory
bounds are upper bounds that only a missing check breaks: on main the first file took 50 s and
close to 900 MB; refused here it takes milliseconds.
"""

import time
import tracemalloc
import zipfile
from io import BytesIO

import pytest
from django.utils import translation

from planning.demo.sample import build_program
from planning.exchange.action_plan import WORKBOOK_BUDGET, export_action_plan, import_action_plan
from planning.models import Activity, FundingLine
from planning.reference import load_reference
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
TAIL = "It was not read: copy the rows of the plan into the downloaded template and upload that file."
UNREADABLE = (
    "The Excel file could not be read. Open it in Excel, save it again as an Excel workbook (.xlsx) "
    "and upload it again."
)
SECONDS = 2.0
MEMORY = 100 * 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def program():
    load_reference()
    return build_program(municipality=MunicipalityFactory(), activities=6, start_year=2025, years=3)


def rebuilt(template: bytes, part: str, pieces, *, content_type: bytes = b"") -> bytes:
    """The template with `part` written from `pieces` (bytes, streamed into the zip)."""
    buffer = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(template)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in source.namelist():
            if name == part:
                continue
            data = source.read(name)
            if name == "[Content_Types].xml" and content_type:
                data = data.replace(b"</Types>", content_type + b"</Types>")
            out.writestr(name, data)
        with out.open(part, "w") as entry:
            for piece in pieces:
                entry.write(piece)
    return buffer.getvalue()


def repeated(head: bytes, unit: bytes, count: int, tail: bytes):
    yield head
    block = unit * 10_000
    for _ in range(count // 10_000):
        yield block
    yield unit * (count % 10_000)
    yield tail


def shared_strings(template: bytes, count: int, unit: bytes = b"<si><t/></si>") -> bytes:
    return rebuilt(
        template,
        "xl/sharedStrings.xml",
        repeated(b"<sst " + MAIN + b">", unit, count, b"</sst>"),
        content_type=SHARED_STRINGS_TYPE,
    )


def refused_quickly(program, data: bytes) -> str:
    """Import `data`: it must fail, change nothing, and cost under 2 s and 100 MB."""
    before = (Activity.objects.count(), FundingLine.objects.count())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = import_action_plan(program, data)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.ok
    assert (Activity.objects.count(), FundingLine.objects.count()) == before
    assert elapsed < SECONDS, f"refused after {elapsed:.1f} s"
    assert peak < MEMORY, f"took {peak / 2**20:.0f} MiB"
    [error] = result.errors
    return error.message


def test_eight_million_empty_shared_strings_are_refused_in_a_moment(program):
    data = shared_strings(export_action_plan(program), 8_000_000)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    # The file of the report: small zipped, under the old 100 MiB check unpacked.
    assert len(data) < 300_000
    assert 100_000_000 < unpacked < 100 * 1024 * 1024

    message = refused_quickly(program, data)

    assert message == "The Excel file is damaged or unpacks to an unreasonable size, so it was not read."


def test_more_shared_strings_than_the_plan_can_need_are_counted_and_refused(program):
    # 5 bytes each: far under every size limit, so only counting them finds them.
    data = shared_strings(export_action_plan(program), WORKBOOK_BUDGET.shared_strings + 1, b"<si/>")

    message = refused_quickly(program, data)

    assert message == (
        "The Excel file holds more than 40,000 different texts, far more than 5000 rows of the plan "
        f"need. {TAIL}"
    )


def _sheet(unit: bytes, count: int, *, row: bytes = b"", end: bytes = b""):
    head = b"<worksheet " + MAIN + b"><sheetData>" + row
    return repeated(head, unit, count, end + b"</sheetData></worksheet>")


def _styles(unit: bytes, count: int, where: bytes):
    head = b"<styleSheet " + MAIN + b"><" + where + b">"
    return repeated(head, unit, count, b"</" + where + b"></styleSheet>")


@pytest.mark.parametrize(
    ("part", "pieces", "message"),
    [
        pytest.param(
            "xl/worksheets/sheet1.xml",
            _sheet(b"<c/>", WORKBOOK_BUDGET.cells + 1, row=b'<row r="3">', end=b"</row>"),
            f"The Excel file has more than 196,170 cells, far more than 5000 rows of the plan need. {TAIL}",
            id="cells",
        ),
        pytest.param(
            "xl/worksheets/sheet1.xml",
            _sheet(b"<row/>", WORKBOOK_BUDGET.rows + 1),
            f"The Excel file has more than 20,120 rows, far more than 5000 rows of the plan need. {TAIL}",
            id="rows",
        ),
        pytest.param(
            "xl/styles.xml",
            _styles(b"<xf/>", WORKBOOK_BUDGET.cell_formats + 1, b"cellXfs"),
            f"The Excel file has more than 10,000 cell formats, far more than the template has. {TAIL}",
            id="cell-formats",
        ),
        pytest.param(
            "xl/styles.xml",
            _styles(b"<numFmt/>", WORKBOOK_BUDGET.tree_elements + 1, b"numFmts"),
            "The Excel file holds much more than an action plan: charts, pivot tables or other content. "
            + TAIL,
            id="styles-read-whole",
        ),
        pytest.param(
            "xl/workbook.xml",
            repeated(
                b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]><workbook ' + MAIN + b">",
                b"<definedName>&a;</definedName>",
                10,
                b"</workbook>",
            ),
            UNREADABLE,
            id="entities",
        ),
        pytest.param(
            "xl/workbook.xml",
            ['<?xml version="1.0" encoding="UTF-32"?><workbook/>'.encode("utf-32")],
            UNREADABLE,
            id="encoding-expat-cannot-read",
        ),
    ],
)
def test_a_part_beyond_what_the_plan_can_need_is_refused(program, part, pieces, message):
    assert refused_quickly(program, rebuilt(export_action_plan(program), part, pieces)) == message


def test_a_loose_legacy_drawing_does_not_stop_an_honest_file(program):
    """Excel writes comment boxes as VML that is not always well-formed XML; openpyxl never reads it."""
    template = export_action_plan(program)
    data = rebuilt(template, "xl/drawings/vmlDrawing1.vml", [b"<xml><o:shapelayout><br></xml>"])

    result = import_action_plan(program, data)

    assert result.ok, result.errors
