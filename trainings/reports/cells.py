"""The trainings' workbooks through the portal's one cell writer (documents/cells.py) and the
budget an uploaded list of participants is held to before openpyxl reads it
(documents/workbook_check.py): text people wrote (a name typed as "=HYPERLINK(…)") stays text,
and a zip that unpacks to millions of rows is refused while it is read."""

from __future__ import annotations

from openpyxl.styles import Font

from documents.cells import value_cell as _value_cell
from documents.workbook_check import MAX_WORKBOOK_BYTES, Budget, Refused
from documents.workbook_check import check_workbook as _check_workbook

__all__ = ["BUDGET", "MAX_WORKBOOK_BYTES", "Refused", "append", "check_workbook", "value_cell"]

# Counts sized for a list of participants (a few thousand rows of seven columns), with room.
BUDGET = Budget(
    cells=200_000,
    rows=20_000,
    shared_strings=100_000,
    cell_formats=10_000,
    elements=1_000_000,
    tree_elements=20_000,
    part_bytes=32 * 1024 * 1024,
    total_bytes=100 * 1024 * 1024,
    entries=1000,
    loose_bytes=1024 * 1024,
)


def value_cell(sheet, value, *, bold: bool = False):
    """A cell of a write-only sheet holding `value` as data, never as a formula."""
    cell = _value_cell(sheet, value)
    if bold:
        cell.font = Font(bold=True)
    return cell


def append(sheet, values, *, bold: bool = False) -> None:
    sheet.append([value_cell(sheet, value, bold=bold) for value in values])


def check_workbook(data: bytes) -> None:
    """Raise Refused when the zip `data` holds more than BUDGET, before anything builds it."""
    _check_workbook(data, BUDGET)
