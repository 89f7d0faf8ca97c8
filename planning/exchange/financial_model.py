"""The financial model as an XLSX workbook, in the user's language (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from documents.cells import value_cell
from planning.finance import FinancialModel, financial_model
from planning.models import Program

MONEY = "#,##0.00"
PERCENT = '0.0"%"'
BOLD = Font(bold=True)


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = value_cell(sheet, title, row=row, column=column)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _title(sheet, program: Program, what: str) -> None:
    title = value_cell(sheet, f"{program.municipality.name}: {program.title}", row=1, column=1)
    title.font = Font(bold=True, size=13)
    value_cell(sheet, f"{what}, {program.start_year}–{program.end_year}", row=2, column=1)


def export_financial_model(program: Program, model: FinancialModel | None = None) -> bytes:
    """Sheets: sources × years (with shares), by direction and goal, by sector. Numbers stay numbers."""
    model = model or financial_model(program)
    book = Workbook()

    sheet = book.active
    sheet.title = _("By source and year")[:31]
    _title(sheet, program, _("Financial model"))
    matrix = model.by_source_and_year
    _header(sheet, 4, [_("Funding source"), *map(str, matrix.years), _("Total, som"), _("Share, percent")])
    row = 5
    for line in matrix.rows:
        value_cell(sheet, line.source.name, row=row, column=1)
        for offset, amount in enumerate(line.amounts, start=2):
            value_cell(sheet, amount, row=row, column=offset).number_format = MONEY
        value_cell(sheet, line.total, row=row, column=len(matrix.years) + 2).number_format = MONEY
        value_cell(sheet, line.share, row=row, column=len(matrix.years) + 3).number_format = PERCENT
        row += 1
    value_cell(sheet, _("Total"), row=row, column=1).font = BOLD
    for offset, amount in enumerate(matrix.column_totals, start=2):
        cell = value_cell(sheet, amount, row=row, column=offset)
        cell.number_format, cell.font = MONEY, BOLD
    cell = value_cell(sheet, model.total, row=row, column=len(matrix.years) + 2)
    cell.number_format, cell.font = MONEY, BOLD
    if model.outside_period:
        value_cell(sheet, _("Outside the program period, som"), row=row + 2, column=1).font = BOLD
        value_cell(sheet, model.outside_period, row=row + 2, column=2).number_format = MONEY
    _widths(sheet, [42, *[14] * len(matrix.years), 16, 10])
    sheet.freeze_panes = "B5"

    sheet = book.create_sheet(_("By direction and goal")[:31])
    _title(sheet, program, _("Financial model"))
    _header(sheet, 4, [_("Code"), _("Direction or goal"), _("Total, som"), _("Share, percent")])
    for row, item in enumerate(model.by_priority_and_goal, start=5):
        value_cell(sheet, item.code, row=row, column=1)
        title = value_cell(sheet, item.title, row=row, column=2)
        if item.level == 1:
            title.font = BOLD
        value_cell(sheet, item.amount, row=row, column=3).number_format = MONEY
        value_cell(sheet, item.share, row=row, column=4).number_format = PERCENT
    _widths(sheet, [8, 60, 16, 10])

    sheet = book.create_sheet(_("By sector")[:31])
    _title(sheet, program, _("Financial model"))
    _header(sheet, 4, [_("Sector"), _("Total, som"), _("Share, percent")])
    for row, item in enumerate(model.by_sector, start=5):
        value_cell(sheet, item.sector.name, row=row, column=1)
        value_cell(sheet, item.amount, row=row, column=2).number_format = MONEY
        value_cell(sheet, item.share, row=row, column=3).number_format = PERCENT
    _widths(sheet, [42, 16, 10])

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
