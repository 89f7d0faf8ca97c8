"""The financial model as an XLSX workbook, in the user's language (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from planning.exchange.action_plan import as_text
from planning.finance import FinancialModel, financial_model
from planning.models import Program

MONEY = "#,##0.00"
PERCENT = '0.0"%"'
BOLD = Font(bold=True)


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _title(sheet, program: Program, what: str) -> None:
    as_text(sheet.cell(row=1, column=1, value=f"{program.municipality.name}: {program.title}")).font = Font(
        bold=True, size=13
    )
    sheet.cell(row=2, column=1, value=f"{what}, {program.start_year}–{program.end_year}")


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
        sheet.cell(row=row, column=1, value=line.source.name)
        for offset, amount in enumerate(line.amounts, start=2):
            sheet.cell(row=row, column=offset, value=amount).number_format = MONEY
        sheet.cell(row=row, column=len(matrix.years) + 2, value=line.total).number_format = MONEY
        sheet.cell(row=row, column=len(matrix.years) + 3, value=line.share).number_format = PERCENT
        row += 1
    sheet.cell(row=row, column=1, value=_("Total")).font = BOLD
    for offset, amount in enumerate(matrix.column_totals, start=2):
        cell = sheet.cell(row=row, column=offset, value=amount)
        cell.number_format, cell.font = MONEY, BOLD
    cell = sheet.cell(row=row, column=len(matrix.years) + 2, value=model.total)
    cell.number_format, cell.font = MONEY, BOLD
    if model.outside_period:
        sheet.cell(row=row + 2, column=1, value=_("Outside the program period, som")).font = BOLD
        sheet.cell(row=row + 2, column=2, value=model.outside_period).number_format = MONEY
    _widths(sheet, [42, *[14] * len(matrix.years), 16, 10])
    sheet.freeze_panes = "B5"

    sheet = book.create_sheet(_("By direction and goal")[:31])
    _title(sheet, program, _("Financial model"))
    _header(sheet, 4, [_("Code"), _("Direction or goal"), _("Total, som"), _("Share, percent")])
    for row, item in enumerate(model.by_priority_and_goal, start=5):
        sheet.cell(row=row, column=1, value=item.code)
        title = as_text(sheet.cell(row=row, column=2, value=item.title))
        if item.level == 1:
            title.font = BOLD
        sheet.cell(row=row, column=3, value=item.amount).number_format = MONEY
        sheet.cell(row=row, column=4, value=item.share).number_format = PERCENT
    _widths(sheet, [8, 60, 16, 10])

    sheet = book.create_sheet(_("By sector")[:31])
    _title(sheet, program, _("Financial model"))
    _header(sheet, 4, [_("Sector"), _("Total, som"), _("Share, percent")])
    for row, item in enumerate(model.by_sector, start=5):
        sheet.cell(row=row, column=1, value=item.sector.name)
        sheet.cell(row=row, column=2, value=item.amount).number_format = MONEY
        sheet.cell(row=row, column=3, value=item.share).number_format = PERCENT
    _widths(sheet, [42, 16, 10])

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
