"""Open data of a published year's report: CSV and XLSX (served by the API, api/monitoring_exports.py).

The CSV is one table, as the action plan's (api/exports.py): `part=activities` (the default), a
row per activity × funding source of the year (an activity without money: one row with an empty
source), with the activity's status, share done and reason on each of its rows and the planned,
actual and difference amounts of that source; `part=indicators`, a row per indicator with its
baseline, the year's target, the actual value (women, men) and whether the target was met. UTF-8
with a byte order mark, comma separated, amounts with a dot and two decimals, fixed English
column names; a text a spreadsheet would take for a formula gets a leading apostrophe
(documents.cells.csv_text, as the action plan's CSV). The XLSX has both tables, one sheet each,
with translated headings; every cell through documents/cells.py.

Only what the public JSON of the report gives (api:program-monitoring): no comment of the staff
or of a coordinator, nothing of a report that is not published.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal

from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from documents.cells import csv_text, value_cell
from monitoring.models import MonitoringReport
from monitoring.selectors import Implementation

PARTS = ("activities", "indicators")
ACTIVITY_COLUMNS = [
    "program_id",
    "municipality",
    "year",
    "code",
    "activity",
    "status",
    "share_done",
    "reason",
    "funding_source_code",
    "funding_source",
    "planned",
    "actual",
    "difference",
]
INDICATOR_COLUMNS = [
    "program_id",
    "municipality",
    "year",
    "code",
    "indicator",
    "unit",
    "direction",
    "baseline",
    "target",
    "actual",
    "women",
    "men",
    "target_met",
]


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _met(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _activity_rows(implementation: Implementation) -> list[list]:
    """The rows of the activities' table, as values (amounts as Decimals, None when missing)."""
    report = implementation.report
    program = report.program
    rows = []
    for row in implementation.activities:
        progress = row.progress
        own = [
            program.pk,
            program.municipality.name,
            report.year,
            row.activity.code,
            row.activity.title,
            row.status,
            progress.share_done if progress else 0,
            progress.reason if progress else "",
        ]
        if not row.sources:
            rows.append([*own, "", "", None, None, None])
        for spending in row.sources:
            rows.append(
                [
                    *own,
                    spending.source.code,
                    spending.source.name,
                    spending.planned,
                    spending.actual,
                    spending.difference,
                ]
            )
    return rows


def _indicator_rows(implementation: Implementation) -> list[list]:
    report = implementation.report
    program = report.program
    rows = []
    for row in implementation.indicators:
        actual = row.actual
        rows.append(
            [
                program.pk,
                program.municipality.name,
                report.year,
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit,
                row.indicator.direction,
                row.baseline,
                row.target,
                actual.value if actual else None,
                actual.women if actual else None,
                actual.men if actual else None,
                row.met,
            ]
        )
    return rows


def report_csv(implementation: Implementation, part: str = "activities") -> bytes:
    """One table of the report as CSV bytes (UTF-8 with a BOM), names in the active language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if part == "indicators":
        writer.writerow(INDICATOR_COLUMNS)
        rows = _indicator_rows(implementation)
    else:
        writer.writerow(ACTIVITY_COLUMNS)
        rows = _activity_rows(implementation)
    for values in rows:
        writer.writerow([_csv_value(value) for value in values])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _met(value)
    if isinstance(value, Decimal):
        return _amount(value)
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def report_xlsx(implementation: Implementation) -> bytes:
    """Both tables of the report, a sheet each, headings and labels in the active language."""
    from monitoring.models import ActivityProgress

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet_of(title: str, headings: list[str], widths: list[int]):
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        header = []
        for heading in headings:
            cell = value_cell(sheet, capfirst(heading))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheet.freeze_panes = "A2"
        return sheet

    activities = sheet_of(
        _("Activities"),
        [
            _("Code"),
            _("Activity"),
            _("Status"),
            _("share done, %"),
            _("reason"),
            _("Funding source"),
            _("Planned, KGS"),
            _("Actually spent, KGS"),
            _("Difference, KGS"),
        ],
        [10, 45, 18, 10, 40, 28, 16, 16, 16],
    )
    for values in _activity_rows(implementation):
        (_pid, _m, _y, code, title, status, share, reason, _scode, source, planned, actual, difference) = (
            values
        )
        shown = [code, title, str(ActivityProgress.Status(status).label), share, reason, source or None]
        cells = [value_cell(activities, value) for value in [*shown, planned, actual, difference]]
        for cell in cells[-3:]:
            cell.number_format = "#,##0.00"
        activities.append(cells)

    indicators = sheet_of(
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("unit"),
            _("Baseline"),
            _("Target of the year"),
            _("actual value"),
            _("of which women"),
            _("of which men"),
            _("Target met"),
        ],
        [10, 45, 12, 14, 14, 14, 14, 14, 12],
    )
    for values in _indicator_rows(implementation):
        (_pid, _m, _y, code, name, unit, _direction, baseline, target, actual, women, men, met) = values
        met_text = "" if met is None else (_("yes") if met else _("no"))
        indicators.append(
            [
                value_cell(indicators, v)
                for v in [code, name, unit, baseline, target, actual, women, men, met_text]
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_filename(report: MonitoringReport, extension: str) -> str:
    """A Latin file name: "kok-jar-aiyl-aimak-monitoring-2021.csv"."""
    municipality = report.program.municipality
    stem = (
        slugify(municipality.name_en)
        or slugify(_latin(municipality.name_ky))
        or f"program-{report.program_id}"
    )
    return f"{stem}-monitoring-{report.year}.{extension}"


# Kyrgyz Cyrillic to Latin, for a file name when the municipality has no English name.
_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdeziyklmnoprstufhcye", strict=True)),
        **{"ё": "yo", "ж": "j", "ч": "ch", "ш": "sh", "щ": "sch", "ю": "yu", "я": "ya"},
        **{"ң": "ng", "ө": "o", "ү": "u", "ъ": "", "ь": ""},
    }
)


def _latin(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").lower()).translate(_LATIN)
