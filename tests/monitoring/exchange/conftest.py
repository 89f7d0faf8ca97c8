"""Helpers of the exchange tests: the report's workbook exported, filled in as a user would, and
uploaded."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from documents.cells import value_cell
from monitoring.exchange.workbook import COLUMNS, FIRST_ROW, MARKERS, export_report


def sheet_of(book, kind):
    return next(sheet for sheet in book.worksheets if sheet["A1"].value == MARKERS[kind])


def column(kind, key) -> int:
    return next(i for i, c in enumerate(COLUMNS[kind], start=1) if c.key == key)


def row_of(sheet, kind, key_value, key="activity", source=None) -> int:
    for number in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(number, 1).value == key_value and (
            source is None or sheet.cell(number, column(kind, "source")).value == source
        ):
            return number
    raise AssertionError(f"no row for {key_value}")


class Filled:
    """The exported workbook of a report, opened for filling in (as text, as a user types it)."""

    def __init__(self, report):
        self.book = load_workbook(BytesIO(export_report(report)))

    def set(self, kind, key_value, key, value, *, source=None):
        sheet = sheet_of(self.book, kind)
        number = row_of(sheet, kind, key_value, source=source)
        value_cell(sheet, value, row=number, column=column(kind, key))
        return number

    def bytes(self) -> bytes:
        out = BytesIO()
        self.book.save(out)
        return out.getvalue()

    def upload(self, name="report.xlsx"):
        return SimpleUploadedFile(name, self.bytes())


@pytest.fixture
def filled():
    return Filled
