"""The one cell writer of every workbook the portal exports (and the CSV's rule of the same).

Text people wrote (a title, a name, a municipality's own words) must never become a formula in
the reader's spreadsheet: openpyxl makes any string that starts with "=" a live formula, and a
text that starts with +, -, @, a tab or a carriage return (or "=cmd|..." DDE) becomes one the
moment someone edits the cell or opens a CSV. Every value therefore goes through `value_cell`,
which stores text as text, marks formula-looking text with Excel's quote prefix (shown as text,
kept as text when edited) and drops the control characters XLSX cannot hold. The portal's own
formulas (the template's row sums) go through `formula_cell`, the only way to write one.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a spreadsheet may read as the start of a formula; the full-width forms are typed on
# East Asian keyboards and read as formulas by some versions of Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet take this text for a formula (or a DDE command)?"""
    return bool(text) and text.lstrip(" ").startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """Text for a CSV cell: formula-looking text gets a leading apostrophe, as spreadsheets show it."""
    return f"'{text}" if looks_like_formula(text) else text


def value_cell(sheet, value, *, row: int | None = None, column: int | None = None):
    """Put `value` in a cell as data, never as a formula.

    With `row` and `column`, the cell of a normal sheet; without, a cell for a write-only
    sheet's `append`. Numbers, dates and None are stored as they are.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if row is None:
        cell = WriteOnlyCell(sheet, value)
    else:
        cell = sheet.cell(row=row, column=column)
        cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made "=…" a formula ("f")
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def formula_cell(sheet, formula: str, *, row: int | None = None, column: int | None = None):
    """A formula the portal itself writes (e.g. "=SUM(P3:T3)"); never text from people."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    if row is None:
        cell = WriteOnlyCell(sheet, formula)
    else:
        cell = sheet.cell(row=row, column=column)
        cell.value = formula
    cell.data_type = "f"
    return cell
