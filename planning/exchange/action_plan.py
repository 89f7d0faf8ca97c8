"""The action plan as an Excel workbook, both ways.

`export_action_plan` writes the plan in the active language: one row per activity and funding
source, the activity's columns repeated on each of its rows, one amount column per year.
`import_action_plan` reads the same template back. It checks every row first and changes
nothing if any row is wrong; otherwise it applies the whole file in one transaction, saving
model by model so that django-simple-history records each change.

Codes are positions: "1.2.1.3" is the third activity of objective 1.2.1 as `plan_tree` numbers
them. An import updates the activity at that position, or creates one when the code is one past
the last; activities the file does not mention are left alone.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from itertools import zip_longest

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from documents.cells import formula_cell, value_cell
from documents.workbook_check import MAX_WORKBOOK_BYTES, Budget, Refused, check_workbook
from municipalities.models import Village
from municipalities.names import clean_kyrgyz, search_key
from planning.authoring import rules
from planning.authoring.locking import touch_parts
from planning.authoring.services import activity_replace_funding
from planning.models import MAX_PERIOD_YEARS, Activity, FundingSource, Program, Sector
from planning.selectors import plan_tree

MAX_ROWS = 5000
MAX_FILE_BYTES = MAX_WORKBOOK_BYTES
# An honest workbook of 5000 rows unpacks to a few MB; anything far beyond is a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
# How far down the header row may be, and how many columns are read at most.
HEADER_SEARCH_ROWS = 30
MAX_COLUMNS = 80

AMOUNT_FORMAT = "#,##0.00"
AMOUNT_LIMIT = Decimal("1e12")  # FundingLine.amount has 14 digits, 2 of them decimals
TICK = "✓"
TRUE_WORDS = {TICK, "✔", "☑", "x", "х", "+", "1", "yes", "y", "true", "да", "ооба", "ия"}
FALSE_WORDS = {"", "-", "–", "—", "0", "no", "n", "false", "нет", "жок"}
CODE_RE = re.compile(r"^\s*(\d{1,4})\.(\d{1,4})\.(\d{1,4})\.(\d{1,4})\.?\s*$")

PLAN_SHEET = gettext_lazy("Action plan")
LISTS_SHEET = gettext_lazy("Lists")


@dataclass(frozen=True)
class _Column:
    key: str
    label: object  # a lazy translation
    width: int
    wrap: bool = False
    max_length: int | None = None


CODE = _Column("code", gettext_lazy("Code"), 10)
TITLE = _Column("title", gettext_lazy("Activity"), 45, wrap=True, max_length=500)
SECTOR = _Column("sector", gettext_lazy("Sector"), 24, wrap=True)
RESPONSIBLE = _Column("responsible", gettext_lazy("Responsible"), 24, wrap=True, max_length=300)
VILLAGE = _Column("village", gettext_lazy("Village"), 18, wrap=True)
START_YEAR = _Column("start_year", gettext_lazy("From year"), 9)
END_YEAR = _Column("end_year", gettext_lazy("To year"), 9)
RESULT = _Column("expected_result", gettext_lazy("Expected result"), 36, wrap=True, max_length=500)
TAGS = (
    _Column("for_women", gettext_lazy("Women"), 9),
    _Column("for_youth", gettext_lazy("Youth"), 9),
    _Column("for_elderly", gettext_lazy("Elderly people"), 10),
    _Column("for_disabled", gettext_lazy("People with disabilities"), 12),
    _Column("for_low_income", gettext_lazy("Low-income families"), 11),
    _Column("climate_adaptation", gettext_lazy("Climate change adaptation"), 12),
)
SOURCE = _Column("source", gettext_lazy("Funding source"), 28, wrap=True)
TOTAL = _Column("total", gettext_lazy("Total, KGS"), 16)
YEAR_WIDTH = 14

# The columns of the plan sheet before the year columns; the activity's own columns are all
# of them but the code and the funding source.
FIXED_COLUMNS = (CODE, TITLE, SECTOR, RESPONSIBLE, VILLAGE, START_YEAR, END_YEAR, RESULT, *TAGS, SOURCE)
ACTIVITY_COLUMNS = tuple(c for c in FIXED_COLUMNS if c not in (CODE, SOURCE))
REQUIRED = (TITLE, SECTOR, RESPONSIBLE, START_YEAR, END_YEAR)


# What 5000 rows of the template can need, so the most an uploaded workbook may hold; checked part
# by part before openpyxl reads anything (workbook_check.py). The template's 5000 rows of a 5-year
# program have 110,000 cells and about 20,000 different texts and unpack to 7 MB; openpyxl takes
# about 1.5 s to read them. At each budget below it takes 1-3 s, where a bomb of the same size
# zipped took a minute and close to a gigabyte.
_SHEET_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS
_TEMPLATE_WIDTH = len(FIXED_COLUMNS) + MAX_PERIOD_YEARS + 1  # the columns, a column a year, the total
WORKBOOK_BUDGET = Budget(
    # Every row as wide as the widest template (a 10-year program: 26 columns) and half again: 196,170.
    cells=_SHEET_ROWS * _TEMPLATE_WIDTH * 3 // 2,
    rows=4 * _SHEET_ROWS,  # the plan, the lists, a copy of the plan and blank rows
    shared_strings=MAX_ROWS * 8,  # code, activity, responsible and result of each row, twice over
    cell_formats=10_000,  # the template has 9; Excel files that copied sheets around, a few hundred
    tree_elements=20_000,  # styles, the workbook, relationships: parts openpyxl reads whole
    # <c> and <v> of each cell, <si> and <t> of each text, and the rest: bounds this check (0.5 s).
    elements=1_000_000,
    part_bytes=32 * 1024 * 1024,  # 5000 rows of 500-character Cyrillic texts in every text column
    total_bytes=MAX_UNPACKED_BYTES,
    entries=MAX_ZIP_ENTRIES,
    loose_bytes=1024 * 1024,
)


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportError:  # shadows the builtin inside this module only; it is a record, never raised
    """One problem of an uploaded file: its sheet row (None for the whole file) and column."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, '%(column)s': %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did: `ok` and the counts, or the problems (and then nothing changed).

    `updated` counts existing activities that really changed; `lines` the funding lines created
    or changed (an unchanged file gives 0, 0, 0).
    """

    ok: bool
    errors: list[ImportError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    lines: int = 0


# --- Export ----------------------------------------------------------------------------------


def export_action_plan(program: Program) -> bytes:
    """The action plan as an XLSX file, in the active language (names) and as written (content)."""
    tree = plan_tree(program)
    years = list(program.years)
    # Lines outside the period (left by an older period) get a column too, so the export never
    # silently loses money; importing them back reports them.
    line_years = {line.year for activity in tree.activities for line in activity.line_list}
    if line_years:
        years = list(range(min(years[0], *line_years), max(years[-1], *line_years) + 1))

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(PLAN_SHEET))
    lists = workbook.create_sheet(_sheet_title(LISTS_SHEET))

    columns = [*FIXED_COLUMNS, *([None] * len(years)), TOTAL]
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width if column else YEAR_WIDTH
    sheet.freeze_panes = "C3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    header_alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")

    title = value_cell(
        sheet, f"{program.municipality.name} — {program.title}, {program.start_year}–{program.end_year}"
    )
    title.font = Font(bold=True, size=13)
    sheet.append([title])

    header = []
    for label in [*(str(c.label) for c in FIXED_COLUMNS), *(str(y) for y in years), str(TOTAL.label)]:
        cell = value_cell(sheet, label)
        cell.font, cell.fill, cell.alignment = bold, header_fill, header_alignment
        header.append(cell)
    sheet.append(header)

    first_year_col = len(FIXED_COLUMNS) + 1
    first_year_letter = get_column_letter(first_year_col)
    last_year_letter = get_column_letter(first_year_col + len(years) - 1)
    row_number = 2
    for activity in tree.activities:
        own = [
            activity.code,
            activity.title,
            activity.sector.name,
            activity.responsible,
            activity.village.name if activity.village else None,
            activity.start_year,
            activity.end_year,
            activity.expected_result or None,
            *(TICK if getattr(activity, c.key) else None for c in TAGS),
        ]
        by_source: dict[int, tuple[FundingSource, dict[int, Decimal]]] = {}
        for line in activity.line_list:
            by_source.setdefault(line.source_id, (line.source, {}))[1][line.year] = line.amount
        for source, amounts in by_source.values() or [(None, {})]:
            row_number += 1
            cells = []
            for column, value in zip(FIXED_COLUMNS, [*own, source.name if source else None], strict=True):
                cell = value_cell(sheet, value)
                cell.alignment = wrap if column.wrap else top
                cells.append(cell)
            for year in years:
                cell = value_cell(sheet, amounts.get(year))
                cell.number_format = AMOUNT_FORMAT
                cells.append(cell)
            if source is not None:
                cell = formula_cell(
                    sheet, f"=SUM({first_year_letter}{row_number}:{last_year_letter}{row_number})"
                )
            else:
                cell = value_cell(sheet, None)
            cell.number_format, cell.font = AMOUNT_FORMAT, bold
            cells.append(cell)
            sheet.append(cells)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(row_number, 3)}"

    _write_lists(lists, program, tree, sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(label) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    return re.sub(r"[\[\]:*?/\\]", " ", str(label))[:31]


def _write_lists(lists, program: Program, tree, plan_sheet) -> None:
    """The second sheet: what may be typed in the plan; its columns also feed the drop-downs."""
    # (titles, widths, rows) of each block; the blocks stand side by side, one empty column apart.
    blocks = [
        ((_("Code"), _("Objective")), (10, 60), [(o.code, o.title) for o in tree.objectives]),
        (
            (_("Sector"), _("Code")),
            (40, 20),
            [(s.name, s.code) for s in Sector.objects.filter(is_active=True)],
        ),
        (
            (_("Funding source"), _("Code")),
            (44, 22),
            [(s.name, s.code) for s in FundingSource.objects.filter(is_active=True)],
        ),
        (
            (_("Village"),),
            (28,),
            [(v.name,) for v in Village.objects.filter(municipality_id=program.municipality_id)],
        ),
    ]
    first_letters = []
    index = 1
    for _titles, widths, _rows in blocks:
        first_letters.append(get_column_letter(index))
        for width in widths:
            lists.column_dimensions[get_column_letter(index)].width = width
            index += 1
        index += 1
    lists.freeze_panes = "A2"

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for titles, _widths, _rows in blocks:
        for title in titles:
            cell = value_cell(lists, title)
            cell.font = bold
            header.append(cell)
        header.append(None)
    lists.append(header)
    for items in zip_longest(*(rows for _titles, _widths, rows in blocks)):
        row = []
        for (titles, _widths, _rows), item in zip(blocks, items, strict=True):
            for value in item or [None] * len(titles):
                cell = value_cell(lists, value)
                cell.alignment = wrap
                row.append(cell)
            row.append(None)
        lists.append(row)

    # Drop-downs on the plan sheet, as warnings only: a name in another language is accepted too.
    last_row = MAX_ROWS + 2
    sheet_ref = quote_sheetname(lists.title)
    fixed = list(FIXED_COLUMNS)

    def letter_of(column: _Column) -> str:
        return get_column_letter(fixed.index(column) + 1)

    for column, block in ((SECTOR, 1), (SOURCE, 2), (VILLAGE, 3)):
        count = len(blocks[block][2])
        if not count:
            continue
        letter = first_letters[block]
        validation = DataValidation(
            type="list",
            formula1=f"{sheet_ref}!${letter}$2:${letter}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            error=_(
                "This is not on the list of the sheet '%(sheet)s'. A name in another language or a "
                "code is accepted too."
            )
            % {"sheet": lists.title},
        )
        validation.add(f"{letter_of(column)}3:{letter_of(column)}{last_row}")
        plan_sheet.data_validations.append(validation)
    ticks = DataValidation(type="list", formula1=f'"{TICK}"', allow_blank=True, errorStyle="warning")
    ticks.add(f"{letter_of(TAGS[0])}3:{letter_of(TAGS[-1])}{last_row}")
    plan_sheet.data_validations.append(ticks)
    period = DataValidation(
        type="whole",
        operator="between",
        formula1=str(program.start_year),
        formula2=str(program.end_year),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error=_("The program runs %(start)s–%(end)s.")
        % {"start": program.start_year, "end": program.end_year},
    )
    period.add(f"{letter_of(START_YEAR)}3:{letter_of(END_YEAR)}{last_row}")
    plan_sheet.data_validations.append(period)


# --- Import: reading the file ----------------------------------------------------------------


class _Rejected(Exception):
    """The file cannot be read at all; the message says why, for the user."""

    def __init__(self, message: str, *, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.error = ImportError(row=row, column=column, message=message)


@dataclass
class _Table:
    """The plan sheet as read: where each column is and the non-empty rows below the header."""

    header_row: int
    columns: dict[str, int]  # column key → index in a row tuple
    years: dict[int, int]  # year → index in a row tuple
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (sheet row, values)


def _read_bytes(file) -> bytes:
    too_large = _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    elif isinstance(file, str | os.PathLike):
        try:
            with open(file, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            raise _Rejected(_("The file could not be opened.")) from None
    else:  # an uploaded file, or any binary file object
        if (getattr(file, "size", None) or 0) > MAX_FILE_BYTES:
            raise _Rejected(too_large)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_FILE_BYTES + 1)
    if not data:
        raise _Rejected(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise _Rejected(too_large)
    return data


def _check_archive(data: bytes) -> None:
    """Refuse what is not an XLSX before openpyxl sees it: other formats, damaged or bomb zips."""
    # An OLE2 container: an .xls workbook, or an .xlsx that Excel encrypted with a password.
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Rejected(
            _(
                "This is an old Excel 97–2003 file (.xls) or a file protected with a password. Open it "
                "in Excel, save it as an Excel workbook (.xlsx) without a password and upload it again."
            )
        )
    not_xlsx = _(
        "The file is not an Excel workbook (.xlsx). Download the action plan template, fill it in "
        "and upload it again."
    )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _Rejected(not_xlsx) from None
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise _Rejected(not_xlsx)
    try:
        check_workbook(data, WORKBOOK_BUDGET)
    except Refused as refused:
        raise _Rejected(_refusal_message(refused)) from None


def _refusal_message(refused: Refused) -> str:
    if refused.reason == "unreadable":
        return _unreadable()
    first = {
        "elements": _(
            "The Excel file holds much more than an action plan: charts, pivot tables or other content."
        ),
        "cells": _(
            "The Excel file has more than %(limit)s cells, far more than %(rows)s rows of the plan need."
        ),
        "rows": _(
            "The Excel file has more than %(limit)s rows, far more than %(rows)s rows of the plan need."
        ),
        "shared_strings": _(
            "The Excel file holds more than %(limit)s different texts, far more than %(rows)s rows of the "
            "plan need."
        ),
        "cell_formats": _(
            "The Excel file has more than %(limit)s cell formats, far more than the template has."
        ),
    }.get(refused.reason)
    if first is None:  # unpacked size, number of parts
        return _("The Excel file is damaged or unpacks to an unreasonable size, so it was not read.")
    first %= {"limit": number_format(refused.limit, force_grouping=True), "rows": MAX_ROWS}
    return " ".join(
        [
            first,
            _(
                "It was not read: copy the rows of the plan into the downloaded template and upload that file."
            ),
        ]
    )


def _unreadable() -> str:
    return _(
        "The Excel file could not be read. Open it in Excel, save it again as an Excel workbook "
        "(.xlsx) and upload it again."
    )


def _labels(column: _Column) -> set[str]:
    """A column's title in every language of the portal, folded for comparison."""
    labels = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(_fold(str(column.label)))
    return labels


def _fold(value) -> str:
    return clean_kyrgyz(str(value)).casefold().replace("ё", "е")


def _header_year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    return None


def _read_table(data: bytes) -> _Table:
    _check_archive(data)
    unreadable = _unreadable()
    try:
        # keep_links=False: links to other workbooks carry cached copies of their sheets; the
        # import never needs them.
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds; a bad upload must not crash the page
        raise _Rejected(unreadable) from None
    try:
        return _find_table(workbook)
    except _Rejected:
        raise
    except Exception:  # noqa: BLE001 - damaged sheet XML surfaces only while reading the rows
        raise _Rejected(unreadable) from None
    finally:
        workbook.close()


def _find_table(workbook) -> _Table:
    labels = {column.key: _labels(column) for column in (*FIXED_COLUMNS, TOTAL)}
    plan_titles = {_fold(_sheet_title(PLAN_SHEET))}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            plan_titles.add(_fold(_sheet_title(PLAN_SHEET)))
    sheets = sorted(workbook.worksheets, key=lambda ws: _fold(ws.title) not in plan_titles)
    for sheet in sheets[:5]:
        sheet.reset_dimensions()  # other programs write wrong or no dimensions; read every row
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for number, values in enumerate(rows, start=1):
            if number > HEADER_SEARCH_ROWS:
                break
            folded = [_fold(v) if v is not None else "" for v in values]
            if folded.count("") == len(folded):
                continue
            if not (labels["code"] & set(folded) and labels["title"] & set(folded)):
                continue
            table = _header(number, values, folded, labels)
            _read_rows(table, rows, number)
            return table
    raise _Rejected(
        _(
            "The header row of the action plan was not found: no sheet has a row with the column "
            "titles '%(code)s', '%(activity)s', '%(sector)s' and so on, as in the downloaded template."
        )
        % {"code": CODE.label, "activity": TITLE.label, "sector": SECTOR.label}
    )


def _header(number: int, values: tuple, folded: list[str], labels: dict[str, set[str]]) -> _Table:
    table = _Table(header_row=number, columns={}, years={})
    for index, (value, text) in enumerate(zip(values, folded, strict=True)):
        if not text:
            continue
        year = _header_year(value)
        key = next((k for k, names in labels.items() if text in names), None)
        if year is not None:
            key, target = year, table.years
        elif key is not None:
            target = table.columns
        else:
            continue  # a column of the user's own (notes…) is ignored
        if key in target:
            raise _Rejected(
                _("the column '%(column)s' appears twice in the header row.") % {"column": value},
                row=number,
                column=str(value),
            )
        target[key] = index
    for column in FIXED_COLUMNS:
        if column.key not in table.columns:
            raise _Rejected(
                _("the column '%(column)s' is missing from the header row.") % {"column": column.label},
                row=number,
                column=str(column.label),
            )
    table.columns.pop(TOTAL.key, None)  # the total is computed, never read
    return table


def _read_rows(table: _Table, rows, header_row: int) -> None:
    used = [*table.columns.values(), *table.years.values()]
    for number, values in enumerate(rows, start=header_row + 1):
        if all(_blank(values[i]) for i in used):
            continue
        if len(table.rows) == MAX_ROWS:
            raise _Rejected(
                _(
                    "The file has more than %(limit)s rows. Split the plan into several files: "
                    "activities a file does not mention are left as they are."
                )
                % {"limit": MAX_ROWS}
            )
        table.rows.append((number, values))
    if not table.rows:
        raise _Rejected(_("The file has no activity rows below the header row."))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- Import: checking the rows ---------------------------------------------------------------


class _Lookup:
    """Find a sector, funding source or village by its name in any language, or by its code."""

    def __init__(self, items, *, with_code: bool):
        self.exact: dict[str, list] = defaultdict(list)
        self.loose: dict[str, list] = defaultdict(list)
        for item in items:
            names = [item.name_ky, item.name_ru, item.name_en, *([item.code] if with_code else [])]
            for name in {_fold(n) for n in names if n}:
                self.exact[name].append(item)
            for key in {search_key(n) for n in names if n}:
                self.loose[key].append(item)

    def find(self, value: str) -> list:
        """The matching items: one, none, or several (ambiguous)."""
        found = self.exact.get(_fold(value))
        if found:
            return list(dict.fromkeys(found))
        # Typed without a Kyrgyz keyboard ("Жергиликтуу бюджет"): compare the spelling skeletons.
        return list(dict.fromkeys(self.loose.get(search_key(value), [])))


@dataclass
class _Row:
    number: int
    values: dict[str, object] = field(default_factory=dict)  # activity column key → parsed value
    bad: set[str] = field(default_factory=set)  # activity columns that failed to parse
    blank: bool = False  # no activity column filled: a further source of the activity above
    source: FundingSource | None = None
    amounts: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class _Group:
    """The rows of one activity code."""

    code: str
    objective_code: str
    position: int
    rows: list[_Row] = field(default_factory=list)
    activity: Activity | None = None
    objective: object = None


class _Checker:
    def __init__(self, program: Program, table: _Table):
        self.program = program
        self.table = table
        self.errors: list[ImportError] = []
        self.tree = plan_tree(program)
        self.objectives = {o.code: o for o in self.tree.objectives}
        self.sectors = _Lookup(Sector.objects.all(), with_code=True)
        self.sources = _Lookup(FundingSource.objects.all(), with_code=True)
        self.villages = _Lookup(
            Village.objects.filter(municipality_id=program.municipality_id), with_code=False
        )
        self.lists_sheet = _sheet_title(LISTS_SHEET)

    def error(self, row: int | None, column, message: str) -> None:
        self.errors.append(ImportError(row=row, column=str(column), message=message))

    def check(self) -> list[_Group]:
        groups: dict[tuple[int, ...], _Group] = {}
        for number, values in self.table.rows:
            key = self.code(number, values[self.table.columns[CODE.key]])
            row = self.row(number, values)
            if key is None:
                continue
            group = groups.get(key)
            if group is None:
                code = ".".join(map(str, key))
                group = groups[key] = _Group(
                    code=code, objective_code=".".join(map(str, key[:3])), position=key[3]
                )
            row.blank = bool(group.rows) and row.blank
            group.rows.append(row)
        self.place(list(groups.values()))
        for group in groups.values():
            self.check_group(group)
        return list(groups.values())

    # One cell at a time.

    def code(self, number: int, value) -> tuple[int, ...] | None:
        if _blank(value):
            self.error(
                number,
                CODE.label,
                _("the code is empty; every row needs its activity's code, for example 1.2.1.3."),
            )
            return None
        match = CODE_RE.match(str(value))
        if not match or int(match.group(4)) == 0:
            self.error(
                number,
                CODE.label,
                _(
                    "«%(value)s» is not an activity code; an activity code has four numbers, for example 1.2.1.3."
                )
                % {"value": value},
            )
            return None
        return tuple(int(part) for part in match.groups())

    def row(self, number: int, values: tuple) -> _Row:
        row = _Row(number=number)
        columns = self.table.columns
        for column in ACTIVITY_COLUMNS:
            raw = values[columns[column.key]]
            if not _blank(raw):
                try:
                    row.values[column.key] = self.parse(column, raw)
                except ValueError as problem:
                    self.error(number, column.label, str(problem))
                    row.bad.add(column.key)
                    row.values[column.key] = None
            elif column in TAGS:
                row.values[column.key] = False
            else:
                row.values[column.key] = None
        row.blank = not row.bad and not any(row.values.values())
        raw_source = values[columns[SOURCE.key]]
        if not _blank(raw_source):
            try:
                row.source = self.reference(
                    self.sources,
                    raw_source,
                    _("«%(value)s» is not a known funding source (see the sheet '%(sheet)s')."),
                )
            except ValueError as problem:
                self.error(number, SOURCE.label, str(problem))
        amounts_bad = False
        for year, index in sorted(self.table.years.items()):
            raw = values[index]
            if _blank(raw):
                continue
            try:
                row.amounts[year] = _amount(raw)
            except ValueError as problem:
                self.error(number, year, str(problem))
                amounts_bad = True
                continue
            if message := rules.year_outside_period(self.program, year):
                self.error(number, year, message)
        if (row.amounts or amounts_bad) and _blank(raw_source):
            self.error(number, SOURCE.label, _("the row has amounts, so it needs a funding source."))
        return row

    def parse(self, column: _Column, raw):
        if column in TAGS:
            return _tick(raw)
        if column in (START_YEAR, END_YEAR):
            year = _year(raw)
            if message := rules.year_outside_period(self.program, year):
                raise ValueError(message)
            return year
        if column is SECTOR:
            return self.reference(
                self.sectors, raw, _("«%(value)s» is not a known sector (see the sheet '%(sheet)s').")
            )
        if column is VILLAGE:
            return self.reference(
                self.villages,
                raw,
                _("«%(value)s» is not a village of %(municipality)s (see the sheet '%(sheet)s')."),
                municipality=self.program.municipality.name,
            )
        text = _text(raw)
        if column.max_length and len(text) > column.max_length:
            raise ValueError(
                _("the text has %(length)s characters; at most %(limit)s are allowed.")
                % {"length": len(text), "limit": column.max_length}
            )
        return text

    def reference(self, lookup: _Lookup, raw, unknown: str, **details):
        value = _text(raw)
        found = lookup.find(value)
        if not found:
            raise ValueError(unknown % {"value": value, "sheet": self.lists_sheet, **details})
        if len(found) > 1:
            raise ValueError(
                _("«%(value)s» matches more than one entry: %(names)s.")
                % {"value": value, "names": "; ".join(f"«{item.name}»" for item in found)}
            )
        return found[0]

    # The rows of one activity together.

    def place(self, groups: list[_Group]) -> None:
        """Match each code to an existing activity, or accept it as a new one at the end."""
        new_positions: dict[str, set[int]] = defaultdict(set)
        for group in groups:
            objective = self.objectives.get(group.objective_code)
            if objective is None:
                self.error(
                    group.rows[0].number,
                    CODE.label,
                    _("objective %(objective)s does not exist in this program.")
                    % {"objective": group.objective_code},
                )
                continue
            group.objective = objective
            if group.position <= len(objective.activity_list):
                group.activity = objective.activity_list[group.position - 1]
            else:
                new_positions[objective.code].add(group.position)
        for group in groups:
            if group.objective is None or group.activity is not None:
                continue
            existing = len(group.objective.activity_list)
            expected = existing + 1
            while expected in new_positions[group.objective.code]:
                expected += 1
            if group.position >= expected:
                self.error(
                    group.rows[0].number,
                    CODE.label,
                    _(
                        "there is no activity %(code)s; a new activity of objective %(objective)s "
                        "must take the next free number, %(expected)s."
                    )
                    % {
                        "code": group.code,
                        "objective": group.objective.code,
                        "expected": f"{group.objective.code}.{expected}",
                    },
                )

    def check_group(self, group: _Group) -> None:
        full = [row for row in group.rows if not row.blank]
        first = full[0]  # the group's first row is never treated as blank
        for row in full:
            for column in REQUIRED:
                if column.key not in row.bad and row.values[column.key] in (None, ""):
                    self.error(row.number, column.label, _("this cell must be filled in."))
                    row.bad.add(column.key)
            if message := rules.end_before_start(row.values["start_year"], row.values["end_year"]):
                self.error(row.number, END_YEAR.label, message)
        for row in full[1:]:
            for column in ACTIVITY_COLUMNS:
                if column.key in row.bad or column.key in first.bad:
                    continue
                mine, theirs = row.values[column.key], first.values[column.key]
                if mine != theirs:
                    self.error(
                        row.number,
                        column.label,
                        _(
                            "%(value)s differs from %(other_value)s on row %(other)s of the same "
                            "activity %(code)s; an activity's columns must be the same on all its rows."
                        )
                        % {
                            "value": _shown(mine),
                            "other_value": _shown(theirs),
                            "other": first.number,
                            "code": group.code,
                        },
                    )
        seen: dict[int, int] = {}
        start, end = first.values["start_year"], first.values["end_year"]
        for row in group.rows:
            if row.source is not None:
                if row.source.pk in seen:
                    self.error(
                        row.number,
                        SOURCE.label,
                        _(
                            "«%(source)s» is already on row %(other)s for activity %(code)s; put all "
                            "its amounts on one row."
                        )
                        % {"source": row.source.name, "other": seen[row.source.pk], "code": group.code},
                    )
                seen.setdefault(row.source.pk, row.number)
            if "start_year" not in first.bad and "end_year" not in first.bad:
                for year, amount in row.amounts.items():
                    message = rules.funding_outside_activity(start, end, year, amount)
                    if message and not rules.year_outside_period(self.program, year):
                        self.error(row.number, year, message)
        self.check_in_use(group, first)

    def check_in_use(self, group: _Group, first: _Row) -> None:
        """A sector or source switched off by an administrator may stay where it is, not spread."""
        activity = group.activity
        sector = first.values.get("sector")
        if (
            sector is not None
            and not sector.is_active
            and (activity is None or activity.sector_id != sector.pk)
        ):
            self.error(first.number, SECTOR.label, self.not_in_use(sector))
        used = {line.source_id for line in activity.line_list} if activity else set()
        for row in group.rows:
            if row.source is not None and not row.source.is_active and row.source.pk not in used:
                self.error(row.number, SOURCE.label, self.not_in_use(row.source))

    def not_in_use(self, item) -> str:
        return _("«%(value)s» is no longer in use; choose another one from the sheet '%(sheet)s'.") % {
            "value": item.name,
            "sheet": self.lists_sheet,
        }


def _text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _shown(value) -> str:
    if value is None or value == "" or value is False:
        return _("(empty)")
    if value is True:
        return f"«{TICK}»"
    return f"«{getattr(value, 'name', None) or value}»"


def _tick(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(
        _("«%(value)s» is not understood; put %(tick)s for yes or leave the cell empty.")
        % {"value": raw, "tick": TICK}
    )


def _year(raw) -> int:
    if not isinstance(raw, bool):
        if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
            return int(raw)
        if isinstance(raw, str) and re.fullmatch(r"\s*\d{4}\s*", raw):
            return int(raw)
    raise ValueError(_("«%(value)s» is not a year.") % {"value": raw})


def _amount(raw) -> Decimal:
    """An amount in KGS: a number, not negative, with at most two decimals."""
    not_a_number = _("«%(value)s» is not a number; write the amount in som, for example 150000 or 1250.50.")
    if isinstance(raw, bool):
        raise ValueError(not_a_number % {"value": raw})
    if isinstance(raw, int | Decimal):
        amount = Decimal(raw)
    elif isinstance(raw, float):
        # The shortest decimal that is this float: 0.1, not 0.1000000000000000055…
        amount = Decimal(repr(raw))
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(raw))
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
            raise ValueError(not_a_number % {"value": raw})
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(not_a_number % {"value": raw}) from None
    if not amount.is_finite():
        raise ValueError(not_a_number % {"value": raw})
    shown = raw.strip() if isinstance(raw, str) else f"{amount:f}"
    if amount < 0:
        raise ValueError(_("%(value)s is negative; an amount cannot be less than zero.") % {"value": shown})
    # Judged on the digits as written: "1.000" is refused rather than read as one som.
    if amount.as_tuple().exponent < -2:
        raise ValueError(
            _("%(value)s has more than two decimals; amounts are in som and tyiyn.") % {"value": shown}
        )
    if amount >= AMOUNT_LIMIT:
        raise ValueError(_("%(value)s is too large for an amount.") % {"value": shown})
    return amount.quantize(Decimal("0.01"))


# --- Import: applying ------------------------------------------------------------------------


def import_action_plan(program: Program, file, *, user=None) -> ImportResult:
    """Read an action plan workbook into `program`: all rows, or nothing if any row is wrong.

    `file` is an uploaded file, a path or bytes. Problems come back in `errors` (translated,
    with the sheet row and column), never as an exception.
    """
    try:
        table = _read_table(_read_bytes(file))
    except _Rejected as rejected:
        return _failed(rejected.error)

    with transaction.atomic():
        # One import of a program at a time: codes are positions, read and written under the lock.
        program = (
            Program.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=program.pk)
        )
        if not program.is_editable:
            return _failed(
                ImportError(
                    row=None,
                    column="",
                    message=_("The program cannot be changed in its current status (%(status)s).")
                    % {"status": program.get_status_display()},
                )
            )
        checker = _Checker(program, table)
        groups = checker.check()
        if checker.errors:
            # By row; within a row, in the order of the columns.
            return ImportResult(ok=False, errors=sorted(checker.errors, key=lambda e: e.row or 0))
        result = _apply(groups, user)
        # Pages of the action plan opened before the import are stale now: moving their edit locks
        # in the same transaction means a save from one of them gets the conflict page.
        touch_parts(program, "action_plan:", user)
        return result


def _failed(error: ImportError) -> ImportResult:
    return ImportResult(ok=False, errors=[error])


def _apply(groups: list[_Group], user) -> ImportResult:
    result = ImportResult(ok=True)
    next_order: dict[int, int] = {}
    for group in groups:
        first = next(row for row in group.rows if not row.blank)
        values = first.values
        activity = group.activity
        if activity is None:
            objective = group.objective
            if objective.pk not in next_order:
                next_order[objective.pk] = max((a.order for a in objective.activity_list), default=0) + 1
            activity = Activity(objective_id=objective.pk, order=next_order[objective.pk])
            next_order[objective.pk] += 1
            for key, value in values.items():
                setattr(activity, key, value)
            activity.expected_result = activity.expected_result or ""
            activity._history_user = user
            activity.save()
            activity.line_list = []
            result.created += 1
            changed = False
        else:
            changed = _update_activity(activity, values, user)
        funding = activity_replace_funding(
            activity=activity,
            rows=[(row.source, row.amounts) for row in group.rows if row.source],
            user=user,
            existing=activity.line_list,
        )
        result.lines += funding.written
        if group.activity is not None and (changed or funding.written or funding.deleted):
            result.updated += 1
    return result


def _update_activity(activity: Activity, values: dict, user) -> bool:
    changed = []
    for key, value in values.items():
        if key in ("sector", "village"):
            if getattr(activity, f"{key}_id") != (value.pk if value else None):
                setattr(activity, key, value)
                changed.append(key)
        else:
            value = "" if value is None and key == "expected_result" else value
            if getattr(activity, key) != value:
                setattr(activity, key, value)
                changed.append(key)
    if changed:
        activity._history_user = user
        activity.save(update_fields=changed)
    return bool(changed)
