"""A year's monitoring report as a workbook to fill in offline, and its all-or-nothing import.

`export_report` writes, in the active language, an instructions sheet and three sheets to fill
in: the activities (a row each: status, share done, reason, comment), the spending (a row per
activity × funding source of the year: the planned amount beside the actual one) and the
indicators (baseline and the year's target beside the actual value, women, men and the source of
the figure). Every cell goes through documents/cells.py, so a comment typed as "=HYPERLINK(…)"
stays text. The sheets are protected (without a password) except the cells to fill in; their
hidden columns A–B (A–C on the spending sheet) say where each row goes: the activity's or
indicator's id (and the source's), and a check of the row's values as exported. Cell A1 of each
sheet names the sheet's kind and B1 the report and its version.

`import_report` checks the file before openpyxl reads it (an .xlsx by its content, the budget
below), reads the three sheets, checks every row and collects every problem with its sheet, row,
column and reason in the user's language. If there is any, nothing is saved. Otherwise the rows
whose values differ from the report's are saved through monitoring/services.py in one
transaction; if a service refuses one of them, nothing is saved either. When the report changed
on the portal after the file was downloaded, a row the file leaves as it was keeps the portal's
newer values, and a row changed in both places is refused as a conflict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from documents.cells import value_cell
from documents.uploads import is_workbook
from documents.workbook_check import Budget, Refused, check_workbook
from monitoring import services
from monitoring.models import ActivityProgress, MonitoringReport
from monitoring.selectors import report_implementation
from monitoring.services import MAX_SOURCE, MAX_TEXT, MonitoringError
from planning.exchange.action_plan import _fold, _read_bytes, _sheet_title, _unreadable
from planning.exchange.action_plan import _Rejected as _Unread
from planning.models import FundingSource

MAX_ROWS = 5000  # per sheet; a program has a few hundred activities at most
P = ActivityProgress.Status

# What a filled-in report can need (three sheets of a few hundred rows, ten columns), with room.
BUDGET = Budget(
    cells=200_000,
    rows=20_000,
    shared_strings=60_000,
    cell_formats=10_000,
    elements=1_000_000,
    tree_elements=20_000,
    part_bytes=32 * 1024 * 1024,
    total_bytes=100 * 1024 * 1024,
    entries=1000,
    loose_bytes=1024 * 1024,
)

INSTRUCTIONS_SHEET = gettext_lazy("Instructions")
ACTIVITIES = "activities"
SPENDING = "spending"
INDICATORS = "indicators"
# Cell A1 of each sheet to fill in: which sheet it is, whatever its title in whichever language.
MARKERS = {
    ACTIVITIES: "sedp-monitoring-activities",
    SPENDING: "sedp-monitoring-spending",
    INDICATORS: "sedp-monitoring-indicators",
}
SHEET_TITLES = {
    ACTIVITIES: gettext_lazy("Activities"),
    SPENDING: gettext_lazy("Spending"),
    INDICATORS: gettext_lazy("Indicators"),
}


@dataclass(frozen=True)
class _Column:
    key: str
    label: object  # a lazy translation; "" for a hidden key column
    width: int = 12
    editable: bool = False
    wrap: bool = False

    @property
    def hidden(self) -> bool:
        return self.label == ""


COLUMNS = {
    ACTIVITIES: (
        _Column("activity", ""),
        _Column("check", ""),
        _Column("code", gettext_lazy("Code"), 10),
        _Column("title", gettext_lazy("Activity"), 45, wrap=True),
        _Column("status", gettext_lazy("Status"), 20, editable=True),
        _Column("share_done", gettext_lazy("share done, %"), 12, editable=True),
        _Column("reason", gettext_lazy("Reason (if delayed or cancelled)"), 40, editable=True, wrap=True),
        _Column("comment", gettext_lazy("Comment"), 40, editable=True, wrap=True),
    ),
    SPENDING: (
        _Column("activity", ""),
        _Column("source", ""),
        _Column("check", ""),
        _Column("code", gettext_lazy("Code"), 10),
        _Column("title", gettext_lazy("Activity"), 45, wrap=True),
        _Column("source_name", gettext_lazy("Funding source"), 28, wrap=True),
        _Column("planned", gettext_lazy("Planned, KGS"), 16),
        _Column("amount", gettext_lazy("Actually spent, KGS"), 16, editable=True),
    ),
    INDICATORS: (
        _Column("indicator", ""),
        _Column("check", ""),
        _Column("code", gettext_lazy("Code"), 10),
        _Column("name", gettext_lazy("Indicator"), 45, wrap=True),
        _Column("unit", gettext_lazy("unit"), 12),
        _Column("baseline", gettext_lazy("Baseline"), 14),
        _Column("target", gettext_lazy("Target of the year"), 14),
        _Column("value", gettext_lazy("actual value"), 14, editable=True),
        _Column("women", gettext_lazy("of which women"), 14, editable=True),
        _Column("men", gettext_lazy("of which men"), 14, editable=True),
        _Column("source", gettext_lazy("source of the figure"), 30, editable=True, wrap=True),
    ),
}
FIRST_ROW = 3  # row 1: the marker and the title, row 2: the header
AMOUNT_FORMAT = "#,##0.00"


def _index(kind: str, key: str) -> int:
    return next(i for i, column in enumerate(COLUMNS[kind]) if column.key == key)


def _label(kind: str, key: str) -> str:
    return capfirst(str(COLUMNS[kind][_index(kind, key)].label))


# --- The values of a row, as compared between the file and the report ----------------------------


def _check(values: tuple) -> str:
    """A short digest of a row's values: the file carries it to tell which rows the user changed."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def _amount_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _progress_values(progress) -> tuple:
    if progress is None:
        return (P.NOT_STARTED.value, 0, "", "")
    return (progress.status, progress.share_done, progress.reason, progress.comment)


def _actual_values(actual) -> tuple:
    if actual is None:
        return ("", "", "", "")
    return (
        _amount_text(actual.value),
        _amount_text(actual.women),
        _amount_text(actual.men),
        actual.source,
    )


# --- Export ----------------------------------------------------------------------------------


def export_report(report: MonitoringReport) -> bytes:
    """The report as a workbook to fill in, in the active language, with its current values."""
    implementation = report_implementation(report)
    book = Workbook()
    instructions = book.active
    instructions.title = _sheet_title(INSTRUCTIONS_SHEET)
    status_labels = [str(label) for _value, label in P.choices]
    _write_instructions(instructions, report, status_labels)

    sheets = {kind: book.create_sheet(_sheet_title(SHEET_TITLES[kind])) for kind in COLUMNS}
    for kind, sheet in sheets.items():
        _prepare(sheet, kind, report)

    rows = []
    for row in implementation.activities:
        progress = row.progress
        values = _progress_values(progress)
        rows.append(
            [
                row.activity.pk,
                _check(values),
                row.activity.code,
                row.activity.title,
                str(P(values[0]).label),
                # Empty until a share is recorded: then "completed" alone means done in full.
                values[1] if progress is not None else None,
                values[2],
                values[3],
            ]
        )
    _fill(sheets[ACTIVITIES], ACTIVITIES, rows)

    rows = []
    for row in implementation.activities:
        for spending in row.sources:
            rows.append(
                [
                    row.activity.pk,
                    spending.source.pk,
                    _check((_amount_text(spending.actual),)),
                    row.activity.code,
                    row.activity.title,
                    spending.source.name,
                    spending.planned,
                    spending.actual,
                ]
            )
    _fill(sheets[SPENDING], SPENDING, rows)

    rows = []
    for row in implementation.indicators:
        actual = row.actual
        rows.append(
            [
                row.indicator.pk,
                _check(_actual_values(actual)),
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit,
                row.baseline,
                row.target,
                actual.value if actual else None,
                actual.women if actual else None,
                actual.men if actual else None,
                actual.source if actual else None,
            ]
        )
    _fill(sheets[INDICATORS], INDICATORS, rows)

    _validations(sheets, status_labels)
    book.active = 1  # open on the activities
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_instructions(sheet, report: MonitoringReport, status_labels: list[str]) -> None:
    program = report.program
    sheet.column_dimensions["A"].width = 110
    lines = [
        (
            _("Monitoring report %(year)s: %(municipality)s — %(program)s")
            % {"year": report.year, "municipality": program.municipality.name, "program": program.title},
            True,
        ),
        (
            _("Downloaded on %(date)s; the report's version then: %(version)s.")
            % {"date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"), "version": report.version},
            False,
        ),
        ("", False),
        (_("How to fill in this workbook"), True),
        (
            _(
                "1. On the sheet '%(sheet)s', choose each activity's status from the list, enter the "
                "share done (a whole number from 0 to 100; empty: 100 for a completed activity, 0 for "
                "the others), the reason when it is delayed or cancelled (required then) and a comment."
            )
            % {"sheet": _sheet_title(SHEET_TITLES[ACTIVITIES])},
            False,
        ),
        (
            _(
                "2. On the sheet '%(sheet)s', enter what was actually spent on each activity from each "
                "funding source in %(year)s, in som (an empty cell: nothing recorded). Other funding "
                "sources are entered on the report's page."
            )
            % {"sheet": _sheet_title(SHEET_TITLES[SPENDING]), "year": report.year},
            False,
        ),
        (
            _(
                "3. On the sheet '%(sheet)s', enter the value each indicator reached in %(year)s, of "
                "which women and men if it counts people, and where the figure comes from."
            )
            % {"sheet": _sheet_title(SHEET_TITLES[INDICATORS]), "year": report.year},
            False,
        ),
        (
            _(
                "4. Save the file as an Excel workbook (.xlsx) and upload it on the report's import "
                "page. Every row is saved, or none: if a row is wrong, nothing is saved and every "
                "wrong row is listed with its reason."
            ),
            False,
        ),
        (
            _(
                "Only the white cells can be changed; do not add, delete or move rows or columns. "
                "A workbook downloaded from another report is refused. If the report was changed on "
                "the portal after this file was downloaded, rows you did not change keep the "
                "portal's values, and rows changed in both places are refused: download the file "
                "again."
            ),
            False,
        ),
        ("", False),
        (_("Statuses of an activity:"), True),
        *((f"• {label}", False) for label in status_labels),
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (text, bold) in enumerate(lines, start=1):
        cell = value_cell(sheet, text or None, row=number, column=1)
        cell.alignment = wrap
        if bold:
            cell.font = Font(bold=True, size=13 if number == 1 else 11)


def _prepare(sheet, kind: str, report: MonitoringReport) -> None:
    columns = COLUMNS[kind]
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    value_cell(sheet, MARKERS[kind], row=1, column=1)
    value_cell(sheet, f"{report.pk}/{report.version}", row=1, column=2)
    first_visible = next(i for i, c in enumerate(columns, start=1) if not c.hidden)
    title = value_cell(
        sheet,
        f"{report.program.municipality.name} — {_sheet_title(SHEET_TITLES[kind])}, {report.year}",
        row=1,
        column=first_visible,
    )
    title.font = Font(bold=True, size=13)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        if column.hidden:
            continue
        cell = value_cell(sheet, capfirst(str(column.label)), row=2, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=first_visible + 2)
    # Protected without a password: the key columns and the plan's values cannot be changed by
    # mistake; the columns may still be widened and the rows filtered.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False


def _fill(sheet, kind: str, rows: list[list]) -> None:
    columns = COLUMNS[kind]
    editable_fill = PatternFill("solid", fgColor="FFFFFF")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    for number, values in enumerate(rows, start=FIRST_ROW):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = value_cell(sheet, value, row=number, column=index)
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
            if isinstance(value, Decimal) or column.key in ("planned", "amount"):
                cell.number_format = AMOUNT_FORMAT
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = editable_fill
            elif not column.hidden:
                cell.fill = locked_fill


def _validations(sheets: dict, status_labels: list[str]) -> None:
    """Drop-downs and checks while typing; warnings only, the import decides (and says why)."""
    last = MAX_ROWS + FIRST_ROW

    def letter(kind: str, key: str) -> str:
        return get_column_letter(_index(kind, key) + 1)

    # A list typed in the formula: the labels hold no comma or quote (checked by a test).
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(status_labels) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorStyle="warning",
        error=_("Choose a status from the list."),
    )
    status.add(f"{letter(ACTIVITIES, 'status')}{FIRST_ROW}:{letter(ACTIVITIES, 'status')}{last}")
    sheets[ACTIVITIES].data_validations.append(status)
    share = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error=_("The share done is a whole number from 0 to 100."),
    )
    column = letter(ACTIVITIES, "share_done")
    share.add(f"{column}{FIRST_ROW}:{column}{last}")
    sheets[ACTIVITIES].data_validations.append(share)
    for kind, keys in ((SPENDING, ("amount",)), (INDICATORS, ("women", "men"))):
        amount = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            error=_("Enter a number that is not negative."),
        )
        for key in keys:
            amount.add(f"{letter(kind, key)}{FIRST_ROW}:{letter(kind, key)}{last}")
        sheets[kind].data_validations.append(amount)


# --- Import: results -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem of an uploaded file: its sheet and row (None: the whole file) and column."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    changed: int = 0  # rows saved (rows left as they were are not counted)
    kept: int = 0  # rows the file left as they were while the portal changed them: not overwritten
    stale: bool = False  # the report changed on the portal after the file was downloaded

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Import: reading the file ------------------------------------------------------------------


def _bytes(file) -> bytes:
    try:
        data = _read_bytes(file)
    except _Unread as unread:
        raise _Refused(unread.error.message) from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(
            _(
                "This is an old Excel 97–2003 file (.xls) or a file protected with a password. Open it "
                "in Excel, save it as an Excel workbook (.xlsx) without a password and upload it again."
            )
        )
    if not is_workbook(BytesIO(data)):
        raise _Refused(
            _(
                "The file is not an Excel workbook (.xlsx). Download the report's workbook, fill it in "
                "and upload it again."
            )
        )
    try:
        check_workbook(data, BUDGET)
    except Refused as refused:
        if refused.reason == "unreadable":
            raise _Refused(_unreadable()) from None
        raise _Refused(
            _(
                "The Excel file holds far more than a monitoring report, so it was not read: copy "
                "your values into the downloaded workbook and upload that file."
            )
        ) from None
    return data


@dataclass
class _Sheet:
    kind: str
    title: str
    key: str  # B1: "report/version"
    rows: list[tuple[int, tuple]]


def _read_sheets(data: bytes) -> dict[str, _Sheet]:
    try:
        # As typed: a formula is read as its text, never computed; links to other files are dropped.
        book = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds; a bad upload must not crash the page
        raise _Refused(_unreadable()) from None
    found: dict[str, _Sheet] = {}
    markers = {marker: kind for kind, marker in MARKERS.items()}
    try:
        for sheet in book.worksheets[:10]:
            sheet.reset_dimensions()  # other programs write wrong or no dimensions
            width = max(len(columns) for columns in COLUMNS.values())
            rows = sheet.iter_rows(values_only=True, max_col=width)
            first = next(rows, ())
            kind = markers.get(_text(first[0]) if first else "")
            if kind is None or kind in found:
                continue
            table = _Sheet(
                kind=kind, title=sheet.title, key=_text(first[1]) if len(first) > 1 else "", rows=[]
            )
            for number, values in enumerate(rows, start=2):
                if number < FIRST_ROW or all(_text(v) == "" for v in values):
                    continue
                if len(table.rows) == MAX_ROWS:
                    raise _Refused(
                        _("The sheet '%(sheet)s' has more than %(count)s rows.")
                        % {"sheet": sheet.title, "count": MAX_ROWS}
                    )
                table.rows.append((number, tuple(values) + (None,) * (width - len(values))))
            found[kind] = table
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - damaged sheet XML surfaces only while reading the rows
        raise _Refused(_unreadable()) from None
    finally:
        book.close()
    if not found:
        raise _Refused(
            _(
                "This is not the workbook of a monitoring report: download the workbook from the "
                "report's page, fill it in and upload that file."
            )
        )
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _status_words() -> dict[str, str]:
    """The status as typed: its label in any language of the portal, or its code → the code."""
    words = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in P.choices:
                words[_fold(label)] = value
    for value in P.values:
        words[_fold(value)] = value
        words[_fold(value.replace("_", " "))] = value
    return words


# --- Import: checking and saving -----------------------------------------------------------------


@dataclass
class _Change:
    """A row to save: which sheet and row it came from, and the call that saves it."""

    sheet: _Sheet
    row: int
    save: object  # a callable of no argument
    fields: dict  # the services' field names → the column's title


class _Checker:
    def __init__(self, report: MonitoringReport, user, sheets: dict[str, _Sheet]):
        self.report = report
        self.user = user
        self.sheets = sheets
        self.errors: list[RowError] = []
        self.changes: list[_Change] = []
        self.kept = 0
        self.implementation = report_implementation(report)
        self.statuses = _status_words()

    def error(self, sheet: _Sheet, row: int | None, key: str, message: str) -> None:
        self.errors.append(
            RowError(
                sheet=sheet.title, row=row, column=_label(sheet.kind, key) if key else "", message=message
            )
        )

    def decide(self, sheet: _Sheet, number: int, exported: str, current: tuple, typed: tuple, save, fields):
        """Save the row if the user changed it; keep the portal's values if only the portal did."""
        if typed == current:
            return
        if _check(current) != exported:  # the portal changed this row after the download
            if _check(typed) == exported:
                self.kept += 1
                return
            self.error(
                sheet,
                number,
                "",
                _(
                    "this row was changed on the portal after the file was downloaded, and in the "
                    "file too; download the workbook again and enter your values there."
                ),
            )
            return
        self.changes.append(_Change(sheet=sheet, row=number, save=save, fields=fields))

    def seen_twice(self, sheet: _Sheet, seen: dict, key, number: int) -> bool:
        if key in seen:
            self.error(
                sheet,
                number,
                "",
                _("the same row is on row %(other)s already; keep only one of them.") % {"other": seen[key]},
            )
            return True
        seen[key] = number
        return False

    def text(self, sheet: _Sheet, number: int, key: str, raw, limit: int) -> str | None:
        text = services.clean_text(_text(raw), limit=limit + 1)
        if len(text) > limit:
            self.error(
                sheet,
                number,
                key,
                _("the text has more than %(limit)s characters.") % {"limit": limit},
            )
            return None
        return text

    def number(
        self, sheet: _Sheet, number: int, key: str, raw, *, negative: bool
    ) -> tuple[bool, Decimal | None]:
        if isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, float):
            raw = repr(raw)
        try:
            return True, services._decimal(raw, field=key, allow_negative=negative, required=False)
        except MonitoringError as refused:
            self.error(sheet, number, key, refused.message)
            return False, None

    def check(self) -> None:
        if ACTIVITIES in self.sheets:
            self.check_activities(self.sheets[ACTIVITIES])
        if SPENDING in self.sheets:
            self.check_spending(self.sheets[SPENDING])
        if INDICATORS in self.sheets:
            self.check_indicators(self.sheets[INDICATORS])

    def key_of(self, sheet: _Sheet, number: int, values: tuple, key: str, known: dict):
        found = known.get(_id(values[_index(sheet.kind, key)]))
        if found is None:
            message = {
                "activity": _(
                    "this row's activity is not one of this report's program: rows cannot be added or "
                    "copied from another workbook."
                ),
                "indicator": _(
                    "this row's indicator is not one of this report's program: rows cannot be added or "
                    "copied from another workbook."
                ),
                "source": _("this row's funding source is not known: rows cannot be added or changed here."),
            }[key]
            self.error(sheet, number, "", message)
        return found

    def check_activities(self, sheet: _Sheet) -> None:
        rows = {row.activity.pk: row for row in self.implementation.activities}
        seen: dict = {}
        column = {
            key: _index(ACTIVITIES, key) for key in ("check", "status", "share_done", "reason", "comment")
        }
        for number, values in sheet.rows:
            row = self.key_of(sheet, number, values, "activity", rows)
            if row is None or self.seen_twice(sheet, seen, row.activity.pk, number):
                continue
            before = len(self.errors)
            raw_status = _text(values[column["status"]])
            status = self.statuses.get(_fold(raw_status)) if raw_status else None
            if status is None:
                self.error(
                    sheet,
                    number,
                    "status",
                    _("«%(value)s» is not a status; choose one of: %(choices)s.")
                    % {"value": raw_status, "choices": ", ".join(str(label) for _v, label in P.choices)}
                    if raw_status
                    else _("Choose the activity's status."),
                )
            reason = self.text(sheet, number, "reason", values[column["reason"]], MAX_TEXT)
            comment = self.text(sheet, number, "comment", values[column["comment"]], MAX_TEXT)
            share = self.share(sheet, number, values[column["share_done"]], status)
            if status in ActivityProgress.NEEDS_REASON and reason == "":
                self.error(
                    sheet,
                    number,
                    "reason",
                    _("Say why the activity is “%(status)s”: the reason is required.")
                    % {"status": P(status).label},
                )
            if len(self.errors) > before:
                continue
            typed = (status, share, reason, comment)
            activity = row.activity

            def save(activity=activity, typed=typed):
                services.progress_save(
                    report=self.report,
                    user=self.user,
                    activity=activity,
                    status=typed[0],
                    share_done=typed[1],
                    reason=typed[2],
                    comment=typed[3],
                )

            self.decide(
                sheet,
                number,
                _text(values[column["check"]]),
                _progress_values(row.progress),
                typed,
                save,
                {"status": "status", "share_done": "share_done", "reason": "reason"},
            )

    def share(self, sheet: _Sheet, number: int, raw, status: str | None) -> int | None:
        text = _text(raw).rstrip("%").strip()
        if text == "":
            return 100 if status == P.COMPLETED else 0
        try:
            share = int(text)
        except ValueError:
            share = None
        if isinstance(raw, bool) or share is None or not 0 <= share <= 100:
            self.error(sheet, number, "share_done", _("The share done is a whole number from 0 to 100."))
            return None
        if status == P.COMPLETED and share != 100:
            self.error(
                sheet,
                number,
                "share_done",
                _(
                    "A completed activity is done in full: enter 100 as the share done, or choose “in progress”."
                ),
            )
            return None
        return share

    def check_spending(self, sheet: _Sheet) -> None:
        rows = {row.activity.pk: row for row in self.implementation.activities}
        recorded = {
            (row.activity.pk, s.source.pk): s.actual
            for row in self.implementation.activities
            for s in row.sources
        }
        source_ids = {_id(values[_index(SPENDING, "source")]) for _number, values in sheet.rows} - {None}
        sources = {source.pk: source for source in FundingSource.objects.filter(pk__in=source_ids)}
        seen: dict = {}
        for number, values in sheet.rows:
            row = self.key_of(sheet, number, values, "activity", rows)
            source = self.key_of(sheet, number, values, "source", sources) if row else None
            if row is None or source is None:
                continue
            if self.seen_twice(sheet, seen, (row.activity.pk, source.pk), number):
                continue
            ok, amount = self.number(
                sheet, number, "amount", values[_index(SPENDING, "amount")], negative=False
            )
            if not ok:
                continue
            activity = row.activity

            def save(activity=activity, source=source, amount=amount):
                services.spending_save(
                    report=self.report, user=self.user, activity=activity, source=source, amount=amount
                )

            self.decide(
                sheet,
                number,
                _text(values[_index(SPENDING, "check")]),
                (_amount_text(recorded.get((activity.pk, source.pk))),),
                (_amount_text(amount),),
                save,
                {"amount": "amount"},
            )

    def check_indicators(self, sheet: _Sheet) -> None:
        rows = {row.indicator.pk: row for row in self.implementation.indicators}
        seen: dict = {}
        for number, values in sheet.rows:
            row = self.key_of(sheet, number, values, "indicator", rows)
            if row is None or self.seen_twice(sheet, seen, row.indicator.pk, number):
                continue
            before = len(self.errors)
            numbers = {}
            for key, negative in (("value", True), ("women", False), ("men", False)):
                _ok, numbers[key] = self.number(
                    sheet, number, key, values[_index(INDICATORS, key)], negative=negative
                )
            source = self.text(sheet, number, "source", values[_index(INDICATORS, "source")], MAX_SOURCE)
            split = numbers["women"] is not None or numbers["men"] is not None or source
            if numbers["value"] is None and split and len(self.errors) == before:
                self.error(
                    sheet,
                    number,
                    "value",
                    _("Enter the actual value, or leave women, men and the source empty."),
                )
            if len(self.errors) > before:
                continue
            if numbers["value"] is None:
                typed = ("", "", "", "")
            else:
                typed = (
                    _amount_text(numbers["value"]),
                    _amount_text(numbers["women"]),
                    _amount_text(numbers["men"]),
                    source,
                )
            indicator = row.indicator

            def save(indicator=indicator, numbers=numbers, source=source):
                services.actual_save(
                    report=self.report,
                    user=self.user,
                    indicator=indicator,
                    value=numbers["value"],
                    women=numbers["women"],
                    men=numbers["men"],
                    source=source,
                )

            self.decide(
                sheet,
                number,
                _text(values[_index(INDICATORS, "check")]),
                _actual_values(row.actual),
                typed,
                save,
                {"value": "value", "women": "women", "men": "men"},
            )


class _Rollback(Exception):
    pass


def import_report(report: MonitoringReport, file, *, user) -> ImportResult:
    """Read a filled-in workbook of `report` (see the module's docstring): every row, or none.

    `file` is an uploaded file or bytes. Problems come back in `errors`, never as an exception."""
    result = ImportResult()
    try:
        sheets = _read_sheets(_bytes(file))
        keys = {sheet.key for sheet in sheets.values()}
        report_ids = {key.partition("/")[0] for key in keys}
        if report_ids != {str(report.pk)}:
            raise _Refused(
                _(
                    "This workbook was downloaded from another monitoring report, not from the report "
                    "%(year)s of %(municipality)s: download this report's workbook and enter the values there."
                )
                % {"year": report.year, "municipality": report.program.municipality.name}
            )
    except _Refused as refused:
        result.errors.append(RowError(sheet="", row=None, column="", message=refused.message))
        return result
    result.stale = any(key.partition("/")[2] != str(report.version) for key in keys)

    checker = _Checker(report, user, sheets)
    checker.check()
    if checker.errors:
        result.errors = checker.errors
        return result
    try:
        with transaction.atomic():
            for change in checker.changes:
                try:
                    change.save()
                except MonitoringError as refused:
                    if refused.field is None:  # the report itself: its state, the person's right
                        result.errors = [RowError(sheet="", row=None, column="", message=refused.message)]
                        raise _Rollback from None
                    column = change.fields.get(refused.field, "")
                    result.errors.append(
                        RowError(
                            sheet=change.sheet.title,
                            row=change.row,
                            column=_label(change.sheet.kind, column) if column else "",
                            message=refused.message,
                        )
                    )
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.changed = 0
        return result
    result.changed = len(checker.changes)
    result.kept = checker.kept
    return result
